package io.kubecanvas.model.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Finds and runs helm and kubectl for the export checks; a test skips (with the reason) when one is absent. */
final class RealTools {
    private RealTools() {
    }

    record Run(int exit, String out, String err) {
        boolean ok() {
            return exit == 0;
        }
    }

    /** helm on PATH, else {@code <repo root>/tools/helm/helm} (what .ci/run installs), else null. */
    static Path helm() {
        String root = System.getProperty("kubecanvas.root");
        List<Path> candidates = new ArrayList<>(onPath("helm"));
        if (root != null) {
            candidates.add(Path.of(root, "tools", "helm", "helm"));
        }
        return candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
    }

    static Path kubectl() {
        return onPath("kubectl").stream().filter(Files::isExecutable).findFirst().orElse(null);
    }

    private static List<Path> onPath(String program) {
        List<Path> out = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    out.add(Path.of(dir, program));
                }
            }
        }
        return out;
    }

    static Run run(Path dir, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("kc-tool", ".out");
        Path err = Files.createTempFile("kc-tool", ".err");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + command);
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
