package io.kubecanvas.apiserver;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A SPDY/3.1 session of a Pod stream (a port-forward, an exec), whatever carries its bytes: WebSocket binary
 * messages, or the connection itself after a plain SPDY upgrade ({@link PlainSpdyConnection}).
 */
interface SpdySession {
    /** Where the session's bytes go. */
    interface Link {
        boolean isOpen();

        /** Sends in order; returns once sent. */
        void send(ByteBuffer bytes) throws IOException;

        void close();
    }

    void attach(Link link);

    /** Bytes of SPDY frames from kubectl (a frame may span calls). */
    void received(ByteBuffer bytes);

    /** The connection ended. */
    void ended();
}
