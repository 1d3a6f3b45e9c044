package io.kubecanvas.netviz.launch;

import javafx.application.Platform;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a piece of work on the JavaFX thread from another thread and waits for its result (benches, exports, pictures). */
public final class FxThread {
    private FxThread() {
    }

    /**
     * @throws IllegalStateException when the JavaFX thread does not answer within {@code seconds}
     * @throws Exception             what the work threw
     */
    public static <T> T call(Callable<T> work, long seconds) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(work.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the JavaFX thread did not answer within " + seconds + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }
}
