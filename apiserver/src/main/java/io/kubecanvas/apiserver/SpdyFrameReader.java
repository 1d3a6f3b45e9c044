package io.kubecanvas.apiserver;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.spdy.SpdyFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The receiving half of a {@link SpdySession} ({@link SpdyFrameWriter} is the other): Netty's SPDY/3.1 codec
 * with its own header compression, fed the bytes as they come; a frame may span calls.
 */
final class SpdyFrameReader {
    /** What a session does with one frame; the frame is released after it. */
    interface Handler {
        void frame(SpdyFrame f) throws IOException;
    }

    private final EmbeddedChannel decoder = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));

    /** Decodes what {@code bytes} completes, in order, handing each frame to {@code handler}. */
    void received(ByteBuffer bytes, Handler handler) throws IOException {
        synchronized (decoder) {
            decoder.writeInbound(Unpooled.copiedBuffer(bytes)); // a copy: Jetty reuses its buffer, the decoder keeps partial frames
            for (Object f = decoder.readInbound(); f != null; f = decoder.readInbound()) {
                try {
                    handler.frame((SpdyFrame) f);
                } finally {
                    ReferenceCountUtil.release(f);
                }
            }
        }
    }
}
