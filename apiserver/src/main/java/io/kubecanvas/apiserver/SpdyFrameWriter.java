package io.kubecanvas.apiserver;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * The sending half of a {@link SpdySession}: encodes frames with Netty's SPDY/3.1 codec and sends each as one
 * message on the session's {@link SpdySession.Link}, in order, whatever carries them (a WebSocket, a plain upgrade).
 */
final class SpdyFrameWriter {
    /** Data frames carry at most this much, so a large reply does not become one huge message. */
    private static final int CHUNK = 32 * 1024;

    private final EmbeddedChannel encoder = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
    private final String what;
    private volatile SpdySession.Link link;

    /** @param what the session, for the error when kubectl has gone ("the exec", "the port-forward") */
    SpdyFrameWriter(String what) {
        this.what = what;
    }

    void attach(SpdySession.Link l) {
        this.link = l;
    }

    /** Encodes one frame and sends it as one message, in order (callers wait for the send). */
    void write(SpdyFrame f) throws IOException {
        synchronized (encoder) {
            SpdySession.Link l = link;
            if (l == null || !l.isOpen()) {
                ReferenceCountUtil.release(f);
                throw new IOException("kubectl closed " + what);
            }
            encoder.writeOutbound(f);
            for (ByteBuf b = encoder.readOutbound(); b != null; b = encoder.readOutbound()) {
                ByteBuffer msg = ByteBuffer.allocate(b.readableBytes());
                b.readBytes(msg);
                b.release();
                msg.flip();
                l.send(msg);
            }
        }
    }

    /** Bytes written here go out as data frames of {@code streamId}. */
    OutputStream data(int streamId) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                for (int at = off; at < off + len; at += CHUNK) {
                    int n = Math.min(CHUNK, off + len - at);
                    SpdyFrameWriter.this.write(new DefaultSpdyDataFrame(streamId, Unpooled.copiedBuffer(b, at, n)));
                }
            }
        };
    }

    /** Closes the link, if there is one. */
    void close() {
        SpdySession.Link l = link;
        if (l != null) {
            l.close();
        }
    }
}
