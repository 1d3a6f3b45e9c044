package io.kubecanvas.emulator.backend;

/** Whether a backend could inject a fault, and a sentence for the user either way. */
public record FaultResult(boolean applied, String message) {
    public static FaultResult done(String message) {
        return new FaultResult(true, message);
    }

    public static FaultResult unsupported(String why) {
        return new FaultResult(false, why);
    }
}
