package io.kubecanvas.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.websocket.api.Session;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One {@code kubectl exec} over the channel protocol: stdin from stream 0 (closed by a v5 close message),
 * stdout and stderr out on 1 and 2 as they come, and the exit as a {@code Status} on 3 ({@code NonZeroExitCode}
 * with the code as its cause), then a normal close. Public because Jetty calls its methods.
 */
public final class ExecStream implements Session.Listener.AutoDemanding {
    private static final Logger LOG = Logger.getLogger(ExecStream.class.getName());
    private static final byte STDIN = 0;
    private static final byte STDOUT = 1;
    private static final byte STDERR = 2;
    private static final byte ERROR = 3;
    private static final byte CLOSE = (byte) 255;

    private final PodRuntime runtime;
    private final ExecutorService workers;
    private final PodRuntime.Pod pod;
    private final String containerName;
    private final List<String> command;
    private final boolean tty;
    private final boolean v5;
    private final ExecStdin stdin;
    private volatile Session session;

    ExecStream(PodRuntime runtime, ExecutorService workers, PodRuntime.Pod pod, String containerName, List<String> command,
               boolean stdin, boolean tty, boolean v5) {
        this.runtime = runtime;
        this.workers = workers;
        this.pod = pod;
        this.containerName = containerName;
        this.command = command;
        this.tty = tty;
        this.v5 = v5;
        this.stdin = ExecStdin.open(stdin);
    }

    @Override
    public void onWebSocketOpen(Session s) {
        this.session = s;
        workers.execute(this::run);
    }

    private void run() {
        ObjectNode status;
        try (OutputStream out = channel(STDOUT); OutputStream err = channel(STDERR)) {
            int code = runtime.exec(pod, containerName, command, stdin.reader(), out, err, tty);
            out.flush();
            err.flush();
            status = code == 0 ? success() : exitStatus(command, code);
        } catch (ApiException e) {
            status = failure(e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "exec failed", e);
            status = failure("exec failed: " + e.getMessage());
        }
        try {
            send(ERROR, ObjectRenderer.MAPPER.writeValueAsBytes(status));
        } catch (IOException ignored) {
            // the client is gone
        }
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close(1000, "", org.eclipse.jetty.websocket.api.Callback.NOOP);
        }
    }

    /** The Status of a command that ran and exited 0. */
    static ObjectNode success() {
        ObjectNode s = ObjectRenderer.JSON.objectNode();
        s.putObject("metadata");
        s.put("status", "Success");
        return s;
    }

    /** The Status of a command that could not run. */
    static ObjectNode failure(String message) {
        ObjectNode status = ObjectRenderer.JSON.objectNode();
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", message);
        status.put("reason", "InternalError");
        return status;
    }

    /** The Status of a command that exited {@code code} (not 0): kubectl exits with that code. */
    static ObjectNode exitStatus(List<String> command, int code) {
        ObjectNode s = ObjectRenderer.JSON.objectNode();
        s.putObject("metadata");
        s.put("status", "Failure");
        s.put("message", "command terminated with non-zero exit code: error executing command " + command
                + ", exit code " + code);
        s.put("reason", "NonZeroExitCode");
        s.putObject("details").putArray("causes").addObject().put("reason", "ExitCode").put("message", String.valueOf(code));
        return s;
    }

    private OutputStream channel(byte id) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (len > 0) {
                    byte[] msg = new byte[len];
                    System.arraycopy(b, off, msg, 0, len);
                    send(id, msg);
                }
            }
        };
    }

    private void send(byte id, byte[] data) throws IOException {
        Session s = session;
        if (s == null || !s.isOpen()) {
            throw new IOException("the client closed the stream");
        }
        ByteBuffer buf = ByteBuffer.allocate(data.length + 1);
        buf.put(id).put(data).flip();
        org.eclipse.jetty.websocket.api.Callback.Completable done = new org.eclipse.jetty.websocket.api.Callback.Completable();
        s.sendBinary(buf, done);
        WatchSocket.await(done);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, org.eclipse.jetty.websocket.api.Callback callback) {
        try {
            if (payload.remaining() == 0) {
                return;
            }
            byte id = payload.get();
            if (id == STDIN && stdin.open()) {
                byte[] data = new byte[payload.remaining()];
                payload.get(data);
                stdin.write(data);
            } else if (id == CLOSE && v5 && payload.remaining() > 0 && payload.get() == STDIN) {
                stdin.close();
            }
            // Channel 4 (terminal size) has nothing to resize here.
        } catch (IOException e) {
            stdin.close();
        } finally {
            callback.succeed();
        }
    }

    @Override
    public void onWebSocketText(String message) {
        // v4 clients may send base64 text frames; kubectl sends binary. Treat text as stdin bytes.
        if (message.length() > 1 && message.charAt(0) == '0' && stdin.open()) {
            try {
                stdin.write(java.util.Base64.getDecoder().decode(message.substring(1)));
            } catch (IOException | IllegalArgumentException e) {
                stdin.close();
            }
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        stdin.close();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        stdin.close();
    }
}
