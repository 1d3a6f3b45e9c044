package io.kubecanvas.model.yaml;

import io.kubecanvas.model.SourcePosition;

/**
 * Something odd in a YAML text that is still read: for example a tag ({@code !Ref}, {@code !!python/object})
 * that Kubernetes would ignore, so the value is kept as plain data.
 */
public record YamlWarning(SourcePosition position, String message) {

    /** {@code file:line:col: warning: message}. */
    public String describe() {
        return position + ": warning: " + message;
    }
}
