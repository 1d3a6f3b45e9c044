package io.kubecanvas.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs the command line in-process and keeps what it printed. */
record CliRun(int exit, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = KubecanvasCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    static Path seed(String name) {
        return Path.of(System.getProperty("kubecanvas.shared", "../../shared"), "examples/seed", name);
    }

    /** complete.yaml plus extra documents, in a temporary file. */
    static Path completeWith(Path dir, String extra) throws IOException {
        Path f = dir.resolve("design.yaml");
        Files.writeString(f, Files.readString(seed("complete.yaml")) + "\n---\n" + extra);
        return f;
    }
}
