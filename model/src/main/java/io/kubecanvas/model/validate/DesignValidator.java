package io.kubecanvas.model.validate;

import io.kubecanvas.model.ClusterDocument;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignDocument;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.OpaqueDocument;
import io.kubecanvas.model.SourcePosition;
import io.kubecanvas.model.yaml.YamlException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Validation and lint of a design: schema (from the fabric8 classes), the rules of each kind, references
 * across objects, good practice and the Cluster document. Stateless and thread-safe; the designer calls
 * it on every edit, the CLI once per run.
 *
 * <p>Works on the plain trees, never on the typed view, so a broken object is reported with positions
 * instead of failing to convert, and a run costs a tree walk per object.
 */
public final class DesignValidator {

    /** Findings in file, line, column order. */
    public static final Comparator<Finding> ORDER = Comparator
            .comparing((Finding f) -> f.position().file())
            .thenComparingInt(f -> f.position().line())
            .thenComparingInt(f -> f.position().column())
            .thenComparing(Finding::rule);

    /** Designs at least this large check their objects on all cores; smaller ones are not worth the hand-off. */
    static final int PARALLEL_THRESHOLD = 2_000;
    private static final int CHUNK = 500;

    private final int parallelThreshold;

    public DesignValidator() {
        this(PARALLEL_THRESHOLD);
    }

    /** For tests: the design size from which objects are checked in parallel. */
    DesignValidator(int parallelThreshold) {
        this.parallelThreshold = parallelThreshold;
    }

    /**
     * Starts paying, on a daemon thread, what the first validation in a process pays once (the rules' classes, the
     * schemas of the common kinds found by introspection, about 0.1 to 0.2 s), so that a command line run does it
     * while its files are read. Returns at once; a validation that needs a schema still being built waits for it.
     */
    public static void prepareInBackground() {
        Thread t = new Thread(() -> {
            try {
                // The fewest generated objects that hold each of its kinds (Namespace, NetworkPolicy, Deployment,
                // Service, Ingress, Pod): writing the text is part of the head start's cost too.
                new DesignValidator().validate(DesignIO.parse("warm-up.yaml", GeneratedManifests.yaml(17, 1)));
            } catch (YamlException | RuntimeException e) {
                // Only a head start: the real validation does (and reports) everything itself.
            }
        }, "validator-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** Every finding for the design, sorted by position. */
    public List<Finding> validate(Design design) {
        List<DesignDocument> documents = design.documents();
        ListItems items = new ListItems();
        List<KubeObject> objects = items.objects(design);
        DocumentLocator locator = new DocumentLocator(design);
        Findings out = new Findings(items);
        if (documents.size() < parallelThreshold) {
            checkDocuments(documents, 0, documents.size(), locator, items, out);
        } else {
            // Per-object rules read only their own object, so chunks run side by side, each with its own list.
            int chunks = (documents.size() + CHUNK - 1) / CHUNK;
            List<Findings> parts = IntStream.range(0, chunks).parallel().mapToObj(c -> {
                Findings part = new Findings(items);
                checkDocuments(documents, c * CHUNK, Math.min(documents.size(), (c + 1) * CHUNK), locator, items, part);
                return part;
            }).toList();
            parts.forEach(p -> out.list.addAll(p.list));
        }
        try {
            new ReferenceRules(objects, out).check(design);
            NetworkPluginRules.check(design, locator, out);
        } catch (RuntimeException e) {
            out.add(Rule.VALIDATOR_ERROR, SourcePosition.UNKNOWN, "the validator failed checking references across objects ("
                    + e + "); please report this");
        }
        List<Finding> list = out.list;
        list.sort(ORDER);
        return list;
    }

    private static void checkDocuments(List<DesignDocument> documents, int from, int to, DocumentLocator locator,
                                       ListItems items, Findings out) {
        for (int i = from; i < to; i++) {
            DesignDocument d = documents.get(i);
            if (d instanceof KubeObject o) {
                if (ListItems.isList(o)) {
                    checkList(o, items, out);
                } else {
                    checkGuarded(o, out);
                }
            } else if (d instanceof ClusterDocument c) {
                ClusterRules.check(c, locator, out);
            } else if (d instanceof OpaqueDocument od && od.tree() != null) {
                out.add(Rule.NOT_AN_OBJECT, locator.locate(od, null), "this document is "
                        + SchemaRules.describe(od.tree()) + ", not a Kubernetes object; each document needs apiVersion, "
                        + "kind and metadata");
            }
        }
    }

    /** A List's items are checked as objects of their own; items that are not maps are reported. */
    private static void checkList(KubeObject list, ListItems items, Findings out) {
        List<?> raw = (List<?>) list.tree().get("items");
        for (int i = 0; i < raw.size(); i++) {
            if (!(raw.get(i) instanceof java.util.Map<?, ?>) && raw.get(i) != null) {
                out.add(Rule.NOT_AN_OBJECT, list, "items[" + i + "]", "item " + i + " of this " + list.kind() + " is "
                        + SchemaRules.describe(raw.get(i)) + ", not a Kubernetes object; each item needs apiVersion, kind and metadata");
            }
        }
        for (KubeObject item : items.objectsOf(list)) {
            checkGuarded(item, out);
        }
    }

    private static void checkGuarded(KubeObject o, Findings out) {
        try {
            checkObject(o, out);
        } catch (RuntimeException e) {
            // One object the rules cannot handle must not hide the findings of all the others.
            out.add(Rule.VALIDATOR_ERROR, o, "", "the validator failed on this object (" + e
                    + "); the other objects were checked; please report this");
        }
    }

    /** What a load produced: unreadable files as {@code yaml-syntax} errors, then the design's findings. */
    public List<Finding> validate(DesignIO.LoadResult loaded) {
        List<Finding> all = new ArrayList<>(validate(loaded.design()));
        for (YamlException e : loaded.errors()) {
            all.add(syntaxError(e));
        }
        for (io.kubecanvas.model.yaml.YamlWarning w : loaded.warnings()) {
            all.add(new Finding(Rule.YAML_IGNORED_TAG.id(), Severity.WARNING, w.position(), w.message(), null, "", null));
        }
        all.sort(ORDER);
        return all;
    }

    /** Loads files and folders together (so references across files resolve) and validates them. */
    public List<Finding> validateFiles(List<Path> paths) {
        return validate(DesignIO.load(paths));
    }

    /** A YAML error as a finding, with its position. */
    public static Finding syntaxError(YamlException e) {
        SourcePosition p = e.position() == null ? SourcePosition.UNKNOWN : e.position();
        return new Finding(Rule.YAML_SYNTAX.id(), Severity.ERROR, p, e.getMessage(), null, "", null);
    }

    private static void checkObject(KubeObject o, Findings out) {
        ServedKinds.Kind kind = ObjectRules.checkIdentity(o, out);
        if (o.kind() == null) {
            return;
        }
        ObjectRules.checkMetadata(o, kind, out);
        if (kind != null) {
            SchemaRules.check(o, kind.schema(o.apiVersion()), out);
            boolean removedVersion = o.apiVersion() != null && !kind.serves(o.apiVersion());
            ObjectRules.check(o, removedVersion, out);
            PracticeRules.check(o, out);
        }
    }

    /** True when any finding is an error (what makes {@code kubecanvas validate} exit 1). */
    public static boolean hasErrors(List<Finding> findings) {
        return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }
}
