package io.kubecanvas.apiserver;

import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;

/**
 * The stdin of an exec, whatever carries it (WebSocket channel 0, a SPDY stream): what kubectl sends is written
 * here and the command reads it from {@link #reader()}. Without stdin ({@code stdin=false}) nothing is kept.
 */
final class ExecStdin {
    private final PipedOutputStream writer;
    private final PipedInputStream reader;

    private ExecStdin(PipedOutputStream writer, PipedInputStream reader) {
        this.writer = writer;
        this.reader = reader;
    }

    /** A pipe of 64 KB when the exec asked for stdin, else one that holds nothing. */
    static ExecStdin open(boolean wanted) {
        if (!wanted) {
            return new ExecStdin(null, null);
        }
        try {
            PipedInputStream in = new PipedInputStream(64 * 1024);
            return new ExecStdin(new PipedOutputStream(in), in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the exec has a stdin to write to. */
    boolean open() {
        return writer != null;
    }

    /** What the command reads, or null without stdin. */
    InputStream reader() {
        return reader;
    }

    /** Hands bytes from kubectl to the command. */
    void write(byte[] data) throws IOException {
        writer.write(data);
        writer.flush();
    }

    /** kubectl's stdin ended (or the connection did): the command reads its end. */
    void close() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
