package io.kubecanvas.model.yaml;

import io.kubecanvas.model.SourcePosition;

/**
 * A YAML text that cannot be read. The message is written for the user: it says what is wrong and what
 * to do, and {@link #position()} says where. It never carries a parser stack trace to the user.
 */
public final class YamlException extends Exception {
    private final SourcePosition position;

    public YamlException(SourcePosition position, String message) {
        super(message, null, false, false);
        this.position = position;
    }

    public SourcePosition position() {
        return position;
    }

    /** {@code file:line:col: error: message}. */
    public String describe() {
        return position + ": error: " + getMessage();
    }
}
