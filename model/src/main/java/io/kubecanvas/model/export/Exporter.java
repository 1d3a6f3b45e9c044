package io.kubecanvas.model.export;

import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignDocument;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.OpaqueDocument;
import io.kubecanvas.model.yaml.TextEncoding;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Exports a design: {@link #plan} says what would be written, {@link #export} writes it.
 *
 * <pre>
 * yaml       OUT is a file: every document of the design except the Cluster one, as read (comments kept)
 * split      OUT/&lt;namespace&gt;/&lt;kind&gt;-&lt;name&gt;.yaml, _cluster/ for cluster-scoped kinds
 * helm       OUT/Chart.yaml, values.yaml, templates/&lt;namespace&gt;/&lt;kind&gt;-&lt;name&gt;.yaml, templates/NOTES.txt
 * kustomize  OUT/kustomization.yaml and the split layout
 * cni        OUT/10-&lt;cluster&gt;.conf (cluster CIDR) and OUT/nodes/&lt;node&gt;/10-&lt;cluster&gt;.conf (the node's subnet)
 * </pre>
 *
 * Folder exports carry a {@value #MARKER} file, which is how a later export knows it may replace them.
 */
public final class Exporter {
    /** Marks a folder written by an export; such a folder is replaced by the next export to it. */
    public static final String MARKER = ".kubecanvas-export";
    /** The note of an export with no Kubernetes object in it (an empty folder, a file of comments). */
    public static final String NOTHING_TO_EXPORT = "the input holds no Kubernetes objects, so the export has none;"
            + " check the paths (folders are read for .yaml, .yml and .json files)";

    private Exporter() {
    }

    /** Writes the export; refuses to replace a non-empty folder or a file it did not write. */
    public static ExportPlan export(Design design, ExportFormat format, Path out) throws ExportException, IOException {
        return export(design, format, out, false);
    }

    /**
     * Writes the export. With {@code force}, a non-empty folder that is not an earlier export is written
     * into (files of the same name replaced, others left alone) and an existing file is replaced.
     *
     * @return the plan that was written
     */
    public static ExportPlan export(Design design, ExportFormat format, Path out, boolean force)
            throws ExportException, IOException {
        Path target = out.toAbsolutePath().normalize();
        String name = target.getFileName() == null ? "kubecanvas" : target.getFileName().toString();
        ExportPlan plan = plan(design, format, name);
        if (format.writesFolder()) {
            ExportFolder.write(target, plan, force);
        } else {
            ExportFolder.writeFile(target, plan.bytes(ExportPlan.SINGLE_FILE), force);
        }
        return plan;
    }

    /**
     * What an export writes, nothing touched on disk.
     *
     * @param name the output's file name; the Helm chart takes its name from it (Helm wants the folder and
     *             the chart to be named alike)
     */
    public static ExportPlan plan(Design design, ExportFormat format, String name) throws ExportException {
        List<String> notes = new ArrayList<>();
        List<KubeObject> objects = objects(design, format, notes);
        Map<KubeObject, String> paths = ObjectFileNames.assign(objects);
        Map<String, String> files = new LinkedHashMap<>();
        Map<String, TextEncoding> encodings = new LinkedHashMap<>();
        if (objects.isEmpty() && format != ExportFormat.CNI) {
            notes.add(NOTHING_TO_EXPORT);
        }
        switch (format) {
            case YAML -> {
                files.put(ExportPlan.SINGLE_FILE, design.toManifestYaml());
                TextEncoding e = design.encoding();
                encodings.put(ExportPlan.SINGLE_FILE, e);
                if (e == TextEncoding.UTF_8 && design.documents().stream().anyMatch(d -> d.encoding() != null
                        && d.encoding() != TextEncoding.UTF_8)) {
                    notes.add("the inputs were in different encodings, so the file is written as UTF-8");
                }
            }
            case SPLIT -> paths.forEach((o, p) -> {
                files.put(p, objectText(o));
                encodings.put(p, o.encoding() == null ? TextEncoding.UTF_8 : o.encoding());
            });
            case KUSTOMIZE -> {
                files.put("kustomization.yaml", kustomization(paths.values()));
                // kubectl kustomize reads UTF-8 and UTF-16 with a BOM, not UTF-32 (checked with the real tool).
                paths.forEach((o, p) -> {
                    files.put(p, objectText(o));
                    encodings.put(p, o.encoding() == null || isUtf32(o.encoding()) ? TextEncoding.UTF_8 : o.encoding());
                });
                if (objects.stream().anyMatch(o -> isUtf32(o.encoding()))) {
                    notes.add("kustomize cannot read UTF-32, so the objects read from UTF-32 files are written as UTF-8");
                }
            }
            case HELM -> {
                files.putAll(HelmChart.files(chartName(name), objects, paths));
                // Helm's template engine reads bytes as UTF-8 (a UTF-16 template comes out garbled), so the chart is UTF-8.
                if (objects.stream().anyMatch(o -> o.encoding() != null && o.encoding().charset() != java.nio.charset.StandardCharsets.UTF_8)) {
                    notes.add("Helm reads templates as UTF-8 only, so the chart's templates are written as UTF-8");
                }
            }
            case CNI -> {
                try {
                    files.putAll(CniConfig.files(design.cluster()));
                } catch (IllegalArgumentException e) {
                    throw new ExportException("cannot write the CNI config: " + e.getMessage()
                            + "; fix the network settings of the Cluster document");
                }
            }
            default -> throw new IllegalStateException(format.id());
        }
        if ((format == ExportFormat.YAML || format == ExportFormat.SPLIT) && objects.stream().anyMatch(o -> isUtf32(o.encoding()))) {
            notes.add("UTF-32 files are written as read; kubectl reads UTF-8 and UTF-16 only, so convert them before applying");
        }
        if (format.writesFolder()) {
            files.put(MARKER, "# Written by kubecanvas export --format " + format.id()
                    + ". The next export to this folder replaces it.\nformat: " + format.id() + "\n");
        }
        return new ExportPlan(format, files, notes, encodings);
    }

    /** The objects a folder format writes; documents that are not objects are noted and left out. */
    private static List<KubeObject> objects(Design design, ExportFormat format, List<String> notes) {
        List<KubeObject> out = new ArrayList<>();
        for (DesignDocument d : design.documents()) {
            if (d instanceof KubeObject o) {
                out.add(o);
            } else if (d instanceof OpaqueDocument od && od.tree() != null && format != ExportFormat.YAML
                    && format != ExportFormat.CNI) {
                notes.add("left out a document of " + (od.sourceFile() == null ? "the design" : od.sourceFile())
                        + " that is not a Kubernetes object (a " + (od.tree() instanceof List ? "list" : "plain value")
                        + ")");
            }
        }
        return out;
    }

    private static boolean isUtf32(TextEncoding e) {
        return e == TextEncoding.UTF_32BE || e == TextEncoding.UTF_32LE;
    }

    /** An object's own text: unedited, as read with its comments; edited, freshly written. */
    private static String objectText(KubeObject o) {
        String t = o.text();
        return t.endsWith("\n") ? t : t + "\n";
    }

    private static String kustomization(Iterable<String> resources) {
        StringBuilder b = new StringBuilder("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n");
        List<String> list = new ArrayList<>();
        resources.forEach(list::add);
        if (list.isEmpty()) {
            return b.append("resources: []\n").toString();
        }
        b.append("resources:\n");
        for (String r : list) {
            b.append("- ").append(r).append('\n');
        }
        return b.toString();
    }

    /** Helm chart names: lower case letters, digits and dashes, starting with a letter. */
    static String chartName(String name) {
        String base = name.toLowerCase(Locale.ROOT).replaceAll("\\.(ya?ml|tgz)$", "").replaceAll("[^a-z0-9-]+", "-")
                .replaceAll("^[^a-z]+", "").replaceAll("-+$", "");
        return base.isEmpty() ? "kubecanvas" : base.length() > 53 ? base.substring(0, 53).replaceAll("-+$", "") : base;
    }
}
