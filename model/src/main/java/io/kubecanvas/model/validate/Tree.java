package io.kubecanvas.model.validate;

import io.kubecanvas.model.KubeKinds;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.Trees;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads values from an object's tree by path, with the path's steps parsed once and cached: the rules
 * ask for the same few dozen paths of every object, and parsing them each time was most of a run.
 */
final class Tree {
    private static final Map<String, Object[]> STEPS = new ConcurrentHashMap<>();
    /** Beyond this many distinct paths the cache stops growing (paths with many indexes). */
    private static final int MAX_CACHED = 50_000;

    private Tree() {
    }

    static Object at(KubeObject o, String path) {
        return at(o.tree(), path);
    }

    static Object at(Map<String, Object> tree, String path) {
        Object[] steps = STEPS.get(path);
        if (steps == null) {
            steps = Trees.steps(path).toArray();
            if (STEPS.size() < MAX_CACHED) {
                STEPS.put(path, steps);
            }
        }
        Object cur = tree;
        for (Object step : steps) {
            if (step instanceof Integer i) {
                if (!(cur instanceof List<?> l) || i >= l.size()) {
                    return null;
                }
                cur = l.get(i);
            } else {
                if (!(cur instanceof Map<?, ?> m)) {
                    return null;
                }
                cur = m.get(step);
            }
        }
        return cur;
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
