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

    /** Every finding for the design, sorted by position. */
    public List<Finding> validate(Design design) {
        Findings out = new Findings();
        List<KubeObject> objects = design.objects();
        DocumentLocator locator = new DocumentLocator(design);
        for (DesignDocument d : design.documents()) {
            if (d instanceof KubeObject o) {
                checkObject(o, out);
            } else if (d instanceof ClusterDocument c) {
                ClusterRules.check(c, locator, out);
            } else if (d instanceof OpaqueDocument od && od.tree() != null) {
                out.add(Rule.NOT_AN_OBJECT, locator.locate(od, null), "this document is "
                        + SchemaRules.describe(od.tree()) + ", not a Kubernetes object; each document needs apiVersion, "
                        + "kind and metadata");
            }
        }
        new ReferenceRules(objects, out).check(design);
        List<Finding> list = out.list;
        list.sort(ORDER);
        return list;
    }

    /** What a load produced: unreadable files as {@code yaml-syntax} errors, then the design's findings. */
    public List<Finding> validate(DesignIO.LoadResult loaded) {
        List<Finding> all = new ArrayList<>(validate(loaded.design()));
        for (YamlException e : loaded.errors()) {
            all.add(syntaxError(e));
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
        if (ObjectRules.checkIdentity(o, out)) {
            SchemaRules.check(o, out);
            ObjectRules.check(o, out);
            PracticeRules.check(o, out);
        }
    }

    /** True when any finding is an error (what makes {@code kubecanvas validate} exit 1). */
    public static boolean hasErrors(List<Finding> findings) {
        return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }
}
