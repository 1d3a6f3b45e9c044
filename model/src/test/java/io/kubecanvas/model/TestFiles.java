package io.kubecanvas.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the shared examples and corpus live (set by Surefire; falls back to ../shared from the repo root). */
public final class TestFiles {
    private TestFiles() {
    }

    public static Path shared() {
        String p = System.getProperty("kubecanvas.shared");
        Path path = p != null ? Path.of(p) : Path.of("..", "..", "shared");
        if (!Files.isDirectory(path)) {
            path = Path.of("../../shared");
        }
        return path.toAbsolutePath().normalize();
    }

    public static Path seed() {
        return shared().resolve("examples/seed");
    }

    public static Path corpus() {
        return shared().resolve("corpus");
    }

    /**
     * The seed examples and the corpus without the peers' fixtures (which are wrong on purpose): manifests the
     * Kubernetes API and its tools accept.
     */
    public static List<Path> realWorldManifests() throws IOException {
        return allManifests().stream().filter(f -> !f.startsWith(corpus().resolve("peers"))).toList();
    }

    /** Every manifest file of the seed examples and the corpus. */
    public static List<Path> allManifests() throws IOException {
        try (Stream<Path> a = Files.walk(seed()); Stream<Path> b = Files.walk(corpus())) {
            return Stream.concat(a, b).filter(Files::isRegularFile).filter(DesignIO::isManifestName).sorted().toList();
        }
    }
}
