package io.kubecanvas.model;

/**
 * Identifies an object as the API server does: kind, namespace (empty for cluster-scoped kinds) and name.
 * Also the key of an element's position in the canvas layout ({@link #toString()}).
 */
public record ObjectKey(String kind, String namespace, String name) implements Comparable<ObjectKey> {

    /** {@code Kind/namespace/name}, or {@code Kind/name} for cluster-scoped objects. */
    @Override
    public String toString() {
        return namespace == null || namespace.isEmpty() ? kind + "/" + name : kind + "/" + namespace + "/" + name;
    }

    public static ObjectKey parse(String text) {
        String[] parts = text.split("/", 3);
        return parts.length == 3 ? new ObjectKey(parts[0], parts[1], parts[2])
                : new ObjectKey(parts[0], "", parts.length > 1 ? parts[1] : "");
    }

    @Override
    public int compareTo(ObjectKey o) {
        return toString().compareTo(o.toString());
    }
}
