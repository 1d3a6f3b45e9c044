package io.kubecanvas.apiserver;

import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.FutureCallback;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The connection after a plain {@code Upgrade: SPDY/3.1} of {@code pods/portforward} (kubectl 1.30 and older,
 * or 1.31+ with KUBECTL_PORT_FORWARD_WEBSOCKETS=false) or {@code pods/exec} (kubectl 1.29 and older, or
 * KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false): Jetty hands the TLS connection over once the 101 is sent, and the
 * SPDY frames run on it directly, read into the same {@link PortForwardStream} that serves the WebSocket tunnel,
 * or into a {@link SpdyExecSession}.
 */
final class PlainSpdyConnection extends AbstractConnection implements SpdySession.Link {
    private static final Logger LOG = Logger.getLogger(PlainSpdyConnection.class.getName());
    private final SpdySession stream;
    private final ByteBuffer buffer = BufferUtil.allocate(32 * 1024);

    PlainSpdyConnection(EndPoint endPoint, Executor executor, SpdySession stream) {
        super(endPoint, executor);
        this.stream = stream;
        stream.attach(this);
    }

    @Override
    public void onOpen() {
        super.onOpen();
        fillInterested();
    }

    @Override
    public void onFillable() {
        try {
            while (true) {
                BufferUtil.clear(buffer);
                int n = getEndPoint().fill(buffer);
                if (n > 0) {
                    stream.received(buffer);
                } else if (n == 0) {
                    fillInterested();
                    return;
                } else {
                    close();
                    return;
                }
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "port-forward over SPDY: the connection failed", e);
            close();
        }
    }

    @Override
    public void onClose(Throwable cause) {
        super.onClose(cause);
        stream.ended();
    }

    @Override
    public boolean isOpen() {
        return getEndPoint().isOpen();
    }

    @Override
    public void send(ByteBuffer bytes) throws IOException {
        FutureCallback done = new FutureCallback();
        getEndPoint().write(done, bytes);
        try {
            done.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("port-forward ended");
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("kubectl closed the port-forward: " + e.getMessage(), e);
        }
    }
}
