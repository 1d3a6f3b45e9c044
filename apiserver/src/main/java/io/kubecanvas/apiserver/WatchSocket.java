package io.kubecanvas.apiserver;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;

/** A watch over a WebSocket (as fabric8 and other clients watch): one text message per event. Public for Jetty. */
public final class WatchSocket implements Session.Listener.AutoDemanding {
    private final WatchStream stream;
    private final ExecutorService workers;
    private volatile Session session;
    private volatile boolean closed;

    WatchSocket(WatchStream stream, ExecutorService workers) {
        this.stream = stream;
        this.workers = workers;
    }

    @Override
    public void onWebSocketOpen(Session s) {
        session = s;
        workers.execute(() -> {
            try {
                stream.run(new WatchStream.Sink() {
                    @Override
                    public void send(byte[] event) throws IOException {
                        Callback.Completable done = new Callback.Completable();
                        s.sendText(new String(event, StandardCharsets.UTF_8), done);
                        await(done);
                    }

                    @Override
                    public void flush() {
                    }

                    @Override
                    public boolean gone() {
                        return closed || !s.isOpen();
                    }
                });
            } catch (IOException e) {
                // the client went away
            } finally {
                if (s.isOpen()) {
                    s.close(1000, "watch ended", Callback.NOOP);
                }
            }
        });
    }

    /** Waits until a message went out; a failure is the client gone. */
    static void await(Callback.Completable done) throws IOException {
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause());
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        closed = true;
        stream.close();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        closed = true;
        stream.close();
    }
}
