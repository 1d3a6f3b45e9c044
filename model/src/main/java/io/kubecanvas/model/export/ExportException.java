package io.kubecanvas.model.export;

/**
 * An export that cannot be written as asked (the target is not empty and not an earlier export, or is a
 * file where a folder is needed). The message says what to do; it carries no stack trace for the user.
 */
public final class ExportException extends Exception {
    public ExportException(String message) {
        super(message, null, false, false);
    }
}
