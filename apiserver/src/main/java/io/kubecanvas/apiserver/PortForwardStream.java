package io.kubecanvas.apiserver;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdyRstStreamFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrame;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdyStreamStatus;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One {@code kubectl port-forward} session: SPDY/3.1 tunnelled in WebSocket binary messages (the
 * {@code SPDY/3.1+portforward.k8s.io} subprotocol kubectl 1.31 and newer ask for first), or SPDY/3.1 on the
 * connection itself after a plain upgrade ({@link PlainSpdyConnection}; older kubectl). Per connection to
 * its local port, kubectl opens two SPDY streams with the same {@code requestID}: an {@code error} stream
 * (where the server writes why a connection failed) and a {@code data} stream (the bytes both ways). Once
 * both are open, the Pod's runtime connects to the port and the bytes flow until either side ends; then the
 * server half-closes both streams, as the kubelet does. Netty's SPDY codec does the framing and header
 * compression; one codec decodes what kubectl sends, another encodes what goes back (each direction has its
 * own compression context). Public because Jetty calls its methods.
 */
public final class PortForwardStream implements Session.Listener.AutoDemanding, SpdySession {
    private static final Logger LOG = Logger.getLogger(PortForwardStream.class.getName());
    static final String PROTOCOL = "SPDY/3.1+portforward.k8s.io";

    private final PodRuntime runtime;
    private final ExecutorService workers;
    private final PodRuntime.Pod pod;
    private final SpdyFrameReader reader = new SpdyFrameReader();
    private final SpdyFrameWriter frames = new SpdyFrameWriter("the port-forward");
    /** The streams of each request id, until both are there and the forward starts. */
    private final Map<String, Pair> pairs = new HashMap<>();
    /** Bytes from kubectl per open data stream. */
    private final Map<Integer, Inbound> inbound = new HashMap<>();

    private record WebSocketLink(Session session) implements SpdySession.Link {
        @Override
        public boolean isOpen() {
            return session.isOpen();
        }

        @Override
        public void send(ByteBuffer bytes) throws IOException {
            Callback.Completable done = new Callback.Completable();
            session.sendBinary(bytes, done);
            WatchSocket.await(done);
        }

        @Override
        public void close() {
            if (session.isOpen()) {
                session.close(1000, "", Callback.NOOP);
            }
        }
    }

    private static final class Pair {
        int port;
        int errorStream;
        int dataStream;
    }

    PortForwardStream(PodRuntime runtime, ExecutorService workers, PodRuntime.Pod pod) {
        this.runtime = runtime;
        this.workers = workers;
        this.pod = pod;
    }

    @Override
    public void onWebSocketOpen(Session s) {
        frames.attach(new WebSocketLink(s));
    }

    /** The plain SPDY connection this session runs on (instead of a WebSocket). */
    @Override
    public void attach(SpdySession.Link l) {
        frames.attach(l);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        try {
            received(payload);
        } finally {
            callback.succeed();
        }
    }

    /** Bytes of SPDY frames from kubectl (a frame may span calls). */
    @Override
    public void received(ByteBuffer payload) {
        try {
            reader.received(payload, this::frame);
        } catch (RuntimeException | IOException e) {
            LOG.log(Level.WARNING, "port-forward: bad SPDY frame", e);
            close();
        }
    }

    /** The connection under the session ended. */
    @Override
    public void ended() {
        endAll();
    }

    private void frame(SpdyFrame f) throws IOException {
        if (f instanceof SpdySynStreamFrame syn) {
            opened(syn);
        } else if (f instanceof SpdyDataFrame d) {
            Inbound in;
            synchronized (inbound) {
                in = inbound.get(d.streamId());
            }
            if (in != null) {
                if (d.content().isReadable()) {
                    byte[] bytes = new byte[d.content().readableBytes()];
                    d.content().readBytes(bytes);
                    in.add(bytes);
                }
                if (d.isLast()) {
                    in.end();
                }
            }
        } else if (f instanceof SpdyRstStreamFrame r) {
            Inbound in;
            synchronized (inbound) {
                in = inbound.remove(r.streamId());
            }
            if (in != null) {
                in.end();
            }
        } else if (f instanceof SpdyPingFrame p) {
            frames.write(new DefaultSpdyPingFrame(p.id())); // kubectl pings every 10 s; a ping is answered by echoing it
        } else if (f instanceof SpdyGoAwayFrame) {
            close();
        }
        // SETTINGS, WINDOW_UPDATE and HEADERS need no answer here.
    }

    /** A new stream: accept it, and when both streams of a request are open, connect to the port. */
    private void opened(SpdySynStreamFrame syn) throws IOException {
        String type = syn.headers().getAsString("streamtype");
        String id = syn.headers().getAsString("requestid");
        String port = syn.headers().getAsString("port");
        int streamId = syn.streamId();
        // Netty writes no header block at all for empty headers, which Go's SPDY framer cannot read (it expects a
        // compressed block, even of zero pairs): the reply echoes the stream's type, which kubectl ignores.
        DefaultSpdySynReplyFrame reply = new DefaultSpdySynReplyFrame(streamId);
        reply.headers().set("streamtype", type == null ? "unknown" : type);
        frames.write(reply);
        if (type == null || port == null) {
            frames.write(new DefaultSpdyRstStreamFrame(streamId, SpdyStreamStatus.PROTOCOL_ERROR));
            return;
        }
        if (id == null) {
            id = "port-" + port; // very old clients sent no request id: one connection per port
        }
        Pair p;
        synchronized (pairs) {
            p = pairs.computeIfAbsent(id, k -> new Pair());
            try {
                p.port = Integer.parseInt(port.strip());
            } catch (NumberFormatException e) {
                p.port = -1;
            }
            if (type.equals("error")) {
                p.errorStream = streamId;
            } else if (type.equals("data")) {
                p.dataStream = streamId;
                synchronized (inbound) {
                    inbound.put(streamId, new Inbound());
                }
            }
            if (p.errorStream == 0 || p.dataStream == 0) {
                return;
            }
            pairs.remove(id);
        }
        Inbound in;
        synchronized (inbound) {
            in = inbound.get(p.dataStream);
        }
        workers.execute(() -> forward(p, in));
    }

    private void forward(Pair p, Inbound in) {
        String error;
        try (OutputStream out = frames.data(p.dataStream)) {
            error = p.port <= 0 || p.port > 65535 ? "invalid port " + p.port
                    : runtime.portForward(pod, p.port, in, out);
        } catch (ApiException e) {
            error = e.getMessage();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "port-forward failed", e);
            error = "error forwarding port " + p.port + " to pod " + pod.name() + ": " + e.getMessage();
        }
        synchronized (inbound) {
            inbound.remove(p.dataStream);
        }
        try {
            DefaultSpdyDataFrame end = new DefaultSpdyDataFrame(p.dataStream);
            end.setLast(true);
            frames.write(end);
            DefaultSpdyDataFrame err = error == null ? new DefaultSpdyDataFrame(p.errorStream)
                    : new DefaultSpdyDataFrame(p.errorStream, Unpooled.wrappedBuffer(error.getBytes(StandardCharsets.UTF_8)));
            err.setLast(true);
            frames.write(err);
        } catch (IOException gone) {
            // kubectl went away first
        }
    }

    /** What the Pod's port sends, as DATA frames on the data stream. */
    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        endAll();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        endAll();
    }

    private void close() {
        frames.close();
        endAll();
    }

    private void endAll() {
        synchronized (inbound) {
            inbound.values().forEach(Inbound::end);
            inbound.clear();
        }
    }

    /** The bytes kubectl sent on one data stream, read by the runtime's connection; ends at FIN or reset. */
    static final class Inbound extends InputStream {
        private static final byte[] END = new byte[0];
        private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
        private byte[] current;
        private int at;
        private boolean ended;

        void add(byte[] b) {
            chunks.add(b);
        }

        void end() {
            chunks.add(END);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (current == null || at >= current.length) {
                if (ended) {
                    return -1;
                }
                try {
                    current = chunks.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("port-forward ended");
                }
                at = 0;
                if (current == END) {
                    ended = true;
                    current = null;
                    return -1;
                }
            }
            int n = Math.min(len, current.length - at);
            System.arraycopy(current, at, b, off, n);
            at += n;
            return n;
        }

        @Override
        public int available() {
            return current == null ? 0 : current.length - at;
        }
    }
}
