package io.kubecanvas.model;

import io.kubecanvas.model.yaml.YamlDocument;
import io.kubecanvas.model.yaml.YamlException;
import io.kubecanvas.model.yaml.YamlReader;
import io.kubecanvas.model.yaml.YamlWarning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Opens designs from files, folders of manifests and text, and saves them. A file that cannot be read
 * does not stop the others: its error is returned beside what could be read.
 */
public final class DesignIO {
    private DesignIO() {
    }

    /**
     * What a load produced: the design from everything readable, one error per unreadable file, and the
     * warnings of readable ones (ignored tags).
     */
    public record LoadResult(Design design, List<YamlException> errors, List<YamlWarning> warnings) {
        public LoadResult(Design design, List<YamlException> errors) {
            this(design, errors, List.of());
        }

        public boolean ok() {
            return errors.isEmpty();
        }
    }

    /** Reads files and folders (folders: every .yaml, .yml and .json below, in path order). */
    public static LoadResult load(List<Path> paths) {
        List<DesignDocument> docs = new ArrayList<>();
        List<YamlException> errors = new ArrayList<>();
        List<YamlWarning> warnings = new ArrayList<>();
        for (Path file : expand(paths, errors)) {
            try {
                List<YamlDocument> read = YamlReader.read(file);
                read.forEach(d -> warnings.addAll(d.warnings()));
                docs.addAll(documents(read));
            } catch (YamlException e) {
                errors.add(e);
            }
        }
        return new LoadResult(Design.of(docs), errors, warnings);
    }

    public static LoadResult load(Path path) {
        return load(List.of(path));
    }

    /** Parses text (for example the YAML editor's content); throws on the first error. */
    public static Design parse(String name, String text) throws YamlException {
        return Design.of(documents(YamlReader.read(name, text)));
    }

    /** The manifest files a list of paths stands for; folders are walked, hidden entries skipped. */
    public static List<Path> expand(List<Path> paths, List<YamlException> errors) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(Files::isRegularFile).filter(DesignIO::isManifestName)
                            .filter(f -> !p.relativize(f).toString().startsWith("."))
                            .sorted().forEach(out::add);
                } catch (IOException e) {
                    errors.add(new YamlException(new SourcePosition(p.toString(), 1, 1), "cannot read the folder: " + e.getMessage()));
                }
            } else if (Files.exists(p)) {
                out.add(p);
            } else {
                errors.add(new YamlException(new SourcePosition(p.toString(), 1, 1), "no such file or folder; check the path"));
            }
        }
        return out;
    }

    public static boolean isManifestName(Path p) {
        String n = p.getFileName().toString().toLowerCase();
        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
    }

    /** Classifies read documents: Cluster, Kubernetes object, or text carried through. */
    public static List<DesignDocument> documents(List<YamlDocument> docs) {
        List<DesignDocument> out = new ArrayList<>(docs.size());
        for (YamlDocument d : docs) {
            String file = d.start().file();
            if (ClusterDocument.isClusterDocument(d.tree())) {
                @SuppressWarnings("unchecked")
                Map<String, Object> tree = (Map<String, Object>) d.tree();
                out.add(new ClusterDocument(Cluster.fromTree(tree), d.text(), file));
            } else if (d.tree() instanceof Map<?, ?>) {
                out.add(KubeObject.read(d));
            } else {
                out.add(new OpaqueDocument(d.text(), file, d.tree()));
            }
        }
        return out;
    }

    /** Saves the design file (objects plus the Cluster document). */
    public static void save(Design design, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        // Write beside, then move: a crash mid-write never leaves half a design.
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, design.encoding().encode(design.toDesignYaml()));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
