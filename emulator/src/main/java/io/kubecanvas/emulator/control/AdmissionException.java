package io.kubecanvas.emulator.control;

/** The API server refused an object; the message is in the API server's words. */
public final class AdmissionException extends Exception {
    public AdmissionException(String message) {
        super(message);
    }
}
