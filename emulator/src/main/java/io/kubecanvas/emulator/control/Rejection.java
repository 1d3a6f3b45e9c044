package io.kubecanvas.emulator.control;

import io.kubecanvas.model.ObjectKey;
import io.kubecanvas.model.SourcePosition;

/**
 * An object of the design that the emulated API server refused, with the API server's message and where
 * the object was written.
 */
public record Rejection(ObjectKey key, String message, SourcePosition position) {

    @Override
    public String toString() {
        return (position == null || position == SourcePosition.UNKNOWN ? "" : position + ": ") + key + ": " + message;
    }
}
