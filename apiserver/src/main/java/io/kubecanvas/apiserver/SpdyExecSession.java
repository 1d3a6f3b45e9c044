package io.kubecanvas.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrame;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One {@code kubectl exec} over plain SPDY/3.1 (the remote command protocol {@code v4.channel.k8s.io}, as the
 * kubelet serves it): kubectl opens one stream per part ({@code streamtype} error, stdin, stdout, stderr,
 * resize), each is accepted; once those the request asked for are open the command runs, its output goes out
 * on the stdout and stderr streams, and its end as a {@code Status} on the error stream (the same as
 * {@link ExecStream} sends on channel 3), then the streams and the connection close.
 */
final class SpdyExecSession implements SpdySession {
    private static final Logger LOG = Logger.getLogger(SpdyExecSession.class.getName());
    static final String PROTOCOL = "v4.channel.k8s.io";

    private final PodRuntime runtime;
    private final ExecutorService workers;
    private final PodRuntime.Pod pod;
    private final String containerName;
    private final List<String> command;
    private final boolean tty;
    private final List<String> expected;
    private final SpdyFrameReader reader = new SpdyFrameReader();
    private final SpdyFrameWriter frames = new SpdyFrameWriter("the exec");
    /** Stream ids by stream type, as kubectl opened them. */
    private final Map<String, Integer> streams = new HashMap<>();
    private final ExecStdin stdin;
    private boolean started;

    SpdyExecSession(PodRuntime runtime, ExecutorService workers, PodRuntime.Pod pod, String containerName, List<String> command,
                    boolean stdin, boolean stdout, boolean stderr, boolean tty) {
        this.runtime = runtime;
        this.workers = workers;
        this.pod = pod;
        this.containerName = containerName;
        this.command = command;
        this.tty = tty;
        List<String> want = new java.util.ArrayList<>(List.of("error"));
        if (stdin) {
            want.add("stdin");
        }
        if (stdout) {
            want.add("stdout");
        }
        if (stderr && !tty) {
            want.add("stderr");
        }
        this.expected = List.copyOf(want);
        this.stdin = ExecStdin.open(stdin);
    }

    @Override
    public void attach(SpdySession.Link l) {
        frames.attach(l);
    }

    @Override
    public void received(ByteBuffer bytes) {
        try {
            reader.received(bytes, this::frame);
        } catch (RuntimeException | IOException e) {
            LOG.log(Level.WARNING, "exec over SPDY: bad frame", e);
            close();
        }
    }

    private void frame(SpdyFrame f) throws IOException {
        if (f instanceof SpdySynStreamFrame syn) {
            String type = syn.headers().getAsString("streamtype");
            // A reply with a header: Go's SPDY framer cannot read an empty header block (see PortForwardStream).
            DefaultSpdySynReplyFrame reply = new DefaultSpdySynReplyFrame(syn.streamId());
            reply.headers().set("streamtype", type == null ? "unknown" : type);
            frames.write(reply);
            boolean start;
            synchronized (streams) {
                if (type != null) {
                    streams.put(type, syn.streamId());
                }
                start = !started && streams.keySet().containsAll(expected);
                started |= start;
            }
            if (start) {
                workers.execute(this::run);
            }
        } else if (f instanceof SpdyDataFrame d) {
            Integer stdinId = streams.get("stdin");
            if (stdinId != null && d.streamId() == stdinId && stdin.open()) {
                if (d.content().isReadable()) {
                    byte[] data = new byte[d.content().readableBytes()];
                    d.content().readBytes(data);
                    stdin.write(data);
                }
                if (d.isLast()) {
                    stdin.close();
                }
            }
            // resize: nothing to resize here.
        } else if (f instanceof SpdyRstStreamFrame r) {
            Integer stdinId = streams.get("stdin");
            if (stdinId != null && r.streamId() == stdinId) {
                stdin.close();
            }
        } else if (f instanceof SpdyPingFrame p) {
            frames.write(new DefaultSpdyPingFrame(p.id()));
        } else if (f instanceof SpdyGoAwayFrame) {
            close();
        }
    }

    private void run() {
        ObjectNode status;
        Integer out = streams.get("stdout");
        Integer err = streams.get("stderr");
        try (OutputStream o = out == null ? OutputStream.nullOutputStream() : frames.data(out);
             OutputStream e = err == null ? OutputStream.nullOutputStream() : frames.data(err)) {
            int code = runtime.exec(pod, containerName, command, stdin.reader(), o, e, tty);
            status = code == 0 ? ExecStream.success() : ExecStream.exitStatus(command, code);
        } catch (ApiException x) {
            status = ExecStream.failure(x.getMessage());
        } catch (IOException | RuntimeException x) {
            LOG.log(Level.FINE, "exec over SPDY failed", x);
            status = ExecStream.failure("exec failed: " + x.getMessage());
        }
        try {
            for (Integer id : new Integer[]{out, err}) {
                if (id != null) {
                    last(id);
                }
            }
            int errorStream = streams.get("error");
            frames.write(new DefaultSpdyDataFrame(errorStream, Unpooled.wrappedBuffer(ObjectRenderer.MAPPER.writeValueAsBytes(status))));
            last(errorStream);
        } catch (IOException ignored) {
            // the client is gone
        }
        close();
    }

    private void last(int streamId) throws IOException {
        DefaultSpdyDataFrame fin = new DefaultSpdyDataFrame(streamId);
        fin.setLast(true);
        frames.write(fin);
    }

    private void close() {
        frames.close();
        stdin.close();
    }

    @Override
    public void ended() {
        stdin.close();
    }
}
