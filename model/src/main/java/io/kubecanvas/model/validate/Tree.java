package io.kubecanvas.model.validate;

import io.kubecanvas.model.KubeKinds;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.Trees;

import java.util.List;
import java.util.Map;

/**
 * Reads values from an object's tree by path ({@link Trees#get}, which parses each path once).
 */
final class Tree {
    private Tree() {
    }

    static Object at(KubeObject o, String path) {
        return at(o.tree(), path);
    }

    static Object at(Map<String, Object> tree, String path) {
        return Trees.get(tree, path);
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(KubeObject o, String path) {
        return at(o, path) instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /** The namespace the object lives in, as {@link KubeObject#namespace()}, without re-parsing paths. */
    static String namespace(KubeObject o) {
        Object kind = o.tree().get("kind");
        if (kind == null || !KubeKinds.isNamespaced(String.valueOf(kind))) {
            return "";
        }
        Object ns = o.tree().get("metadata") instanceof Map<?, ?> m ? m.get("namespace") : null;
        return ns == null || String.valueOf(ns).isEmpty() ? "default" : String.valueOf(ns);
    }

    /** The name when it is a plain value (a map or list there is a wrong type, reported elsewhere), else null. */
    static String name(KubeObject o) {
        Object n = o.tree().get("metadata") instanceof Map<?, ?> m ? m.get("name") : null;
        return n == null || n instanceof Map<?, ?> || n instanceof List<?> ? null : String.valueOf(n);
    }
}
