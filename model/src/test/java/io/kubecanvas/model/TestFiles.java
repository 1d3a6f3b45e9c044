package io.kubecanvas.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the test manifests live: the real-world corpus collected into the repository (corpus/, see its SOURCE.md
 * files), the shared corpus and seed examples in ../shared (set by Surefire; falls back to ../shared from the
 * repository root). The repository's corpus must be there: a test that walks it fails when it is missing.
 */
public final class TestFiles {
    private TestFiles() {
    }

    /**
     * Peers' fixtures that are not valid YAML (a file below a corpus folder, and why); kubectl refuses them too,
     * so reading them must fail with a positioned message.
     */
    public static final Map<String, String> UNREADABLE = Map.of(
            "peers/kube-linter/tests/checks/cel.yml",
            "two documents with no '---' between them, so the keys repeat (kubectl: mapping key already defined)");

    /** The repository's root (set by Surefire; a module's tests run in the module's folder). */
    public static Path root() {
        String p = System.getProperty("kubecanvas.root");
        return (p != null ? Path.of(p) : Path.of("..")).toAbsolutePath().normalize();
    }

    public static Path shared() {
        String p = System.getProperty("kubecanvas.shared");
        Path path = p != null ? Path.of(p) : root().resolve("../shared");
        return path.toAbsolutePath().normalize();
    }

    public static Path seed() {
        return shared().resolve("examples/seed");
    }

    /** The corpus collected into the repository (corpus/ at its root); an AssertionError when it is missing. */
    public static Path corpus() {
        Path c = root().resolve("corpus");
        if (!Files.isDirectory(c)) {
            throw new AssertionError("the repository's corpus is missing: " + c + " (corpus/collect.sh re-collects it)");
        }
        return c;
    }

    /** Both corpus folders: the repository's and the shared one (when present). */
    public static List<Path> corpusRoots() {
        List<Path> roots = new ArrayList<>(List.of(corpus()));
        if (Files.isDirectory(shared().resolve("corpus"))) {
            roots.add(shared().resolve("corpus"));
        }
        return roots;
    }

    /** A corpus file's path below its corpus folder ("argo-cd/manifests/install.yaml"), for lists keyed by file. */
    public static String inCorpus(Path file) {
        for (Path r : corpusRoots()) {
            if (file.startsWith(r)) {
                return r.relativize(file).toString();
            }
        }
        throw new IllegalArgumentException(file + " is in no corpus folder");
    }

    /** A short name for a test file: "corpus/…" for the repository's, "shared/…" for ../shared. */
    public static String name(Path file) {
        if (file.startsWith(root())) {
            return root().relativize(file).toString();
        }
        return file.startsWith(shared()) ? "shared/" + shared().relativize(file) : file.toString();
    }

    /**
     * The seed examples and the corpora without the peers' fixtures (which are wrong on purpose): manifests the
     * Kubernetes API and its tools accept.
     */
    public static List<Path> realWorldManifests() throws IOException {
        return allManifests().stream().filter(f -> !isPeerFixture(f)).toList();
    }

    /** The real-world corpus files only (no seed examples, no peers' fixtures). */
    public static List<Path> corpusManifests() throws IOException {
        return walk(corpusRoots()).stream().filter(f -> !isPeerFixture(f)).toList();
    }

    public static boolean isPeerFixture(Path f) {
        return corpusRoots().stream().anyMatch(r -> f.startsWith(r.resolve("peers")));
    }

    /** Every manifest file of the seed examples and the corpora. */
    public static List<Path> allManifests() throws IOException {
        List<Path> roots = new ArrayList<>(corpusRoots());
        roots.add(0, seed());
        return walk(roots);
    }

    private static List<Path> walk(List<Path> roots) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path r : roots) {
            try (Stream<Path> s = Files.walk(r)) {
                s.filter(Files::isRegularFile).filter(DesignIO::isManifestName).sorted().forEach(out::add);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return out;
    }
}
