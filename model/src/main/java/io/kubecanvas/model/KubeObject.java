package io.kubecanvas.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubecanvas.model.yaml.TextEncoding;
import io.kubecanvas.model.yaml.YamlDocument;
import io.kubecanvas.model.yaml.YamlPath;
import io.kubecanvas.model.yaml.YamlWriter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One Kubernetes object of a design, immutable.
 *
 * <p>The source of truth is the plain tree exactly as read (every field, unknown ones too, in source
 * order). The typed fabric8 view ({@link #typed()}) is derived from it on demand. An edit returns a new
 * object marked edited; an unedited object writes back its original text byte for byte, comments
 * included.
 */
public final class KubeObject implements DesignDocument {
    private final Map<String, Object> tree;
    private final Map<String, SourcePosition> positions;
    private final String originalText;
    private final String sourceFile;
    private final TextEncoding encoding;
    /** Read once: validation asks every object its kind many times, and the tree never changes. */
    private final String kind;
    private volatile HasMetadata typed;
    private String writtenText;
    /** Made on first use (an immutable record, so a racy first use is harmless): designs look objects up by key. */
    private ObjectKey key;

    private KubeObject(Map<String, Object> tree, Map<String, SourcePosition> positions, String originalText,
                       String sourceFile, TextEncoding encoding) {
        this.tree = tree;
        this.positions = positions;
        this.originalText = originalText;
        this.sourceFile = sourceFile;
        this.encoding = encoding;
        this.kind = string(tree.get("kind"));
    }

    /** An object as read from a file; the tree is owned from now on and must not be changed by the caller. */
    @SuppressWarnings("unchecked")
    public static KubeObject read(YamlDocument doc) {
        return new KubeObject((Map<String, Object>) doc.tree(), doc.positions(), doc.text(), doc.start().file(), doc.encoding());
    }

    /** A new object made in the app (no source text). The tree is copied. */
    public static KubeObject of(Map<String, Object> tree) {
        return new KubeObject(Trees.deepCopy(tree), Map.of(), null, null, null);
    }

    /** A new object from a typed fabric8 object. */
    @SuppressWarnings("unchecked")
    public static KubeObject of(HasMetadata typed) {
        return new KubeObject(KubeKinds.MAPPER.convertValue(typed, LinkedHashMap.class), Map.of(), null, null, null);
    }

    // ---- identity -------------------------------------------------------------------------------

    public String apiVersion() {
        return string(tree.get("apiVersion"));
    }

    public String kind() {
        return kind;
    }

    public String name() {
        return string(Trees.get(tree, "metadata.name"));
    }

    /** The namespace as written, or null. */
    public String declaredNamespace() {
        return string(Trees.get(tree, "metadata.namespace"));
    }

    /** The namespace the object lives in: as written, else {@code default}; empty for cluster-scoped kinds. */
    public String namespace() {
        if (!KubeKinds.isNamespaced(kind())) {
            return "";
        }
        String ns = declaredNamespace();
        return ns == null || ns.isEmpty() ? "default" : ns;
    }

    public ObjectKey key() {
        ObjectKey k = key;
        if (k == null) {
            k = new ObjectKey(kind(), namespace(), name());
            key = k;
        }
        return k;
    }

    @SuppressWarnings("unchecked")
    public Map<String, String> labels() {
        Object l = Trees.get(tree, "metadata.labels");
        if (!(l instanceof Map<?, ?> m)) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        ((Map<String, Object>) m).forEach((k, v) -> out.put(k, v == null ? "" : String.valueOf(v)));
        return out;
    }

    // ---- content ------------------------------------------------------------------------------

    /** The tree, read-only. Do not cast and modify: use {@link #edit}. */
    public Map<String, Object> tree() {
        return Collections.unmodifiableMap(tree);
    }

    /** The value at a dotted path such as {@code spec.ports[0].port}, or null. */
    public Object get(String path) {
        return Trees.get(tree, path);
    }

    /** The typed view (fabric8) for first-class kinds, or null for other kinds. Cached. */
    public HasMetadata typed() {
        HasMetadata t = typed;
        if (t == null) {
            Class<? extends HasMetadata> type = KubeKinds.typeOf(kind());
            if (type == null) {
                return null;
            }
            try {
                // Through JSON text, not convertValue: fabric8's IntOrString deserializer misreads the
                // buffered long tokens convertValue produces (a numeric targetPort came back null).
                t = KubeKinds.MAPPER.readValue(KubeKinds.MAPPER.writeValueAsBytes(tree), type);
            } catch (java.io.IOException | IllegalArgumentException e) {
                return null; // wrong types: validation reports them with positions
            }
            typed = t;
        }
        return t;
    }

    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> T typed(Class<T> type) {
        HasMetadata t = typed();
        return type.isInstance(t) ? (T) t : null;
    }

    // ---- positions ----------------------------------------------------------------------------

    public Map<String, SourcePosition> positions() {
        return Collections.unmodifiableMap(positions);
    }

    /**
     * The position of a path, or of its nearest ancestor that has one (a missing field is reported
     * where its parent is). Unknown when the object was made or edited in the app.
     */
    public SourcePosition position(String path) {
        String p = path;
        while (true) {
            SourcePosition pos = positions.get(p);
            if (pos != null) {
                return pos;
            }
            if (p.isEmpty()) {
                return sourceFile == null ? SourcePosition.UNKNOWN : new SourcePosition(sourceFile, 0, 0);
            }
            p = YamlPath.parent(p);
        }
    }

    // ---- edits --------------------------------------------------------------------------------

    public boolean isEdited() {
        return originalText == null;
    }

    /**
     * A copy with the tree changed by {@code change} (applied to a private deep copy). Keys the change adds
     * go where kubectl users expect them ({@link KeyOrder}); keys already there stay where they are.
     */
    public KubeObject edit(Consumer<Map<String, Object>> change) {
        Map<String, Object> copy = Trees.deepCopy(tree);
        change.accept(copy);
        return new KubeObject(KeyOrder.placeNewKeys(tree, copy), positions, null, sourceFile, encoding);
    }

    /** A copy with one value set (null removes it). */
    public KubeObject with(String path, Object value) {
        return edit(t -> Trees.set(t, path, Trees.deepCopy(value)));
    }

    /** A copy with the whole tree replaced; positions are kept for paths that survive. */
    public KubeObject withTree(Map<String, Object> newTree) {
        return new KubeObject(Trees.deepCopy(newTree), positions, null, sourceFile, encoding);
    }

    /**
     * A copy changed through the typed view: the typed object is written back and merged into the
     * tree so that keys keep their order and fields the typed model does not know survive.
     */
    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> KubeObject editTyped(Class<T> type, UnaryOperator<T> change) {
        T current;
        try {
            current = KubeKinds.MAPPER.readValue(KubeKinds.MAPPER.writeValueAsBytes(tree), type);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read " + key() + " as " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
        T changed = change.apply(current);
        Map<String, Object> written = KubeKinds.MAPPER.convertValue(changed, LinkedHashMap.class);
        Map<String, Object> merged = (Map<String, Object>) Trees.mergeOrdered(tree, written);
        return new KubeObject(KeyOrder.placeNewKeys(tree, merged), positions, null, sourceFile, encoding);
    }

    // ---- writing ------------------------------------------------------------------------------

    @Override
    public String text() {
        if (originalText != null) {
            return originalText;
        }
        String t = writtenText;
        if (t == null) {
            t = YamlWriter.write(tree);
            writtenText = t;
        }
        return t;
    }

    /** The original source text, or null when edited or made in the app. */
    public String originalText() {
        return originalText;
    }

    @Override
    public String sourceFile() {
        return sourceFile;
    }

    @Override
    public TextEncoding encoding() {
        return encoding;
    }

    /** Same content (as JSON sees it), whatever the text or positions. */
    public boolean sameContent(KubeObject other) {
        return Trees.equal(tree, other.tree);
    }

    @Override
    public String toString() {
        return key().toString();
    }

    static String string(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    /** Convenience for callers that need a list value. */
    @SuppressWarnings("unchecked")
    public List<Object> list(String path) {
        Object v = get(path);
        return v instanceof List<?> l ? (List<Object>) l : List.of();
    }
}
