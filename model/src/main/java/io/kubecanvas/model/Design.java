package io.kubecanvas.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The design document: Kubernetes objects plus the cluster they run on, immutable. Every edit returns a
 * new design, which is what makes undo a matter of keeping the old one.
 *
 * <p>Documents keep file order. A design read from plain manifests has no Cluster document and uses
 * {@link Cluster#defaults()}; one is added when the cluster is changed or the design is saved.
 */
public final class Design {
    private static final Pattern SEPARATOR = Pattern.compile("^---([ \\t].*)?$", Pattern.MULTILINE);

    private final List<DesignDocument> documents;
    private final Cluster cluster;
    /** The first object of each key, made on the first {@link #find} (the documents never change). */
    private volatile Map<ObjectKey, KubeObject> byKey;

    private Design(List<DesignDocument> documents, Cluster cluster) {
        this.documents = List.copyOf(documents);
        this.cluster = cluster;
    }

    public static Design empty() {
        return new Design(List.of(), Cluster.defaults());
    }

    /** A design from documents in file order; the first Cluster document (if any) gives the cluster. */
    public static Design of(List<DesignDocument> documents) {
        Cluster c = documents.stream().filter(d -> d instanceof ClusterDocument).map(d -> ((ClusterDocument) d).cluster())
                .findFirst().orElse(Cluster.defaults());
        return new Design(documents, c);
    }

    public static Design of(Cluster cluster, List<KubeObject> objects) {
        List<DesignDocument> docs = new ArrayList<>(objects);
        docs.add(new ClusterDocument(cluster, null, null));
        return new Design(docs, cluster);
    }

    // ---- reading ------------------------------------------------------------------------------

    public List<DesignDocument> documents() {
        return documents;
    }

    /** The Kubernetes objects, in file order. */
    public List<KubeObject> objects() {
        List<KubeObject> out = new ArrayList<>(documents.size());
        for (DesignDocument d : documents) {
            if (d instanceof KubeObject o) {
                out.add(o);
            }
        }
        return Collections.unmodifiableList(out);
    }

    public List<KubeObject> objects(String kind) {
        return objects().stream().filter(o -> kind.equals(o.kind())).toList();
    }

    public KubeObject find(ObjectKey key) {
        Map<ObjectKey, KubeObject> index = byKey;
        if (index == null) {
            index = new java.util.HashMap<>(documents.size() * 2);
            for (DesignDocument d : documents) {
                if (d instanceof KubeObject o) {
                    index.putIfAbsent(o.key(), o);
                }
            }
            byKey = index;
        }
        return index.get(key);
    }

    public Cluster cluster() {
        return cluster;
    }

    /** True when the design has its own Cluster document (a design file rather than plain manifests). */
    public boolean hasClusterDocument() {
        return documents.stream().anyMatch(d -> d instanceof ClusterDocument);
    }

    // ---- edits --------------------------------------------------------------------------------

    public Design add(KubeObject object) {
        List<DesignDocument> docs = new ArrayList<>(documents);
        // New objects go before the Cluster document when it is last, so objects stay together.
        int at = docs.size();
        if (at > 0 && docs.get(at - 1) instanceof ClusterDocument) {
            at--;
        }
        docs.add(at, object);
        return new Design(docs, cluster);
    }

    /** Replaces {@code old} (the same instance, else the same key) by {@code updated}. */
    public Design replace(KubeObject old, KubeObject updated) {
        List<DesignDocument> docs = new ArrayList<>(documents);
        int i = indexOf(old);
        if (i < 0) {
            throw new IllegalArgumentException("not in this design: " + old);
        }
        docs.set(i, updated);
        return new Design(docs, cluster);
    }

    public Design remove(KubeObject object) {
        List<DesignDocument> docs = new ArrayList<>(documents);
        int i = indexOf(object);
        if (i >= 0) {
            docs.remove(i);
        }
        return new Design(docs, cluster);
    }

    public Design withCluster(Cluster changed) {
        if (changed.equals(cluster) && hasClusterDocument()) {
            return this;
        }
        List<DesignDocument> docs = new ArrayList<>(documents);
        boolean found = false;
        for (int i = 0; i < docs.size(); i++) {
            if (docs.get(i) instanceof ClusterDocument cd) {
                docs.set(i, cd.with(changed));
                found = true;
                break;
            }
        }
        if (!found) {
            docs.add(new ClusterDocument(changed, null, null));
        }
        return new Design(docs, changed);
    }

    private int indexOf(KubeObject object) {
        for (int i = 0; i < documents.size(); i++) {
            if (documents.get(i) == object) {
                return i;
            }
        }
        for (int i = 0; i < documents.size(); i++) {
            if (documents.get(i) instanceof KubeObject o && Objects.equals(o.key(), object.key())) {
                return i;
            }
        }
        return -1;
    }

    // ---- writing ------------------------------------------------------------------------------

    /** The encoding the design's files were read in (BOM included), when they agree; else UTF-8. */
    public io.kubecanvas.model.yaml.TextEncoding encoding() {
        return io.kubecanvas.model.yaml.TextEncoding.common(documents.stream().map(DesignDocument::encoding).toList());
    }

    /** The design file: every document, the Cluster document included (added if the design had none). */
    public String toDesignYaml() {
        List<DesignDocument> docs = new ArrayList<>(documents);
        if (!hasClusterDocument()) {
            docs.add(new ClusterDocument(cluster, null, null));
        }
        return join(docs);
    }

    /** Plain manifests that kubectl accepts as they are: the Cluster document left out. */
    public String toManifestYaml() {
        return join(documents.stream().filter(d -> !(d instanceof ClusterDocument)).toList());
    }

    /**
     * Joins documents into one stream. Unedited documents carry their own separator lines and comments,
     * so a design nobody edited is written back byte for byte.
     */
    public static String join(List<? extends DesignDocument> docs) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < docs.size(); i++) {
            String t = docs.get(i).text();
            if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
                out.append('\n');
            }
            if (i > 0 && !startsWithSeparator(t)) {
                out.append("---\n");
            }
            out.append(t);
        }
        return out.toString();
    }

    /** True when the text's first non-comment, non-blank line is a {@code ---} separator. */
    static boolean startsWithSeparator(String text) {
        for (String line : text.split("\n", -1)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            return SEPARATOR.matcher(line.stripTrailing()).matches();
        }
        return false;
    }

    @Override
    public String toString() {
        return "Design" + objects() + " on " + cluster.nodes().size() + " nodes";
    }

}
