package io.kubecanvas.remote;

import io.kubecanvas.model.KubeKinds;
import io.kubecanvas.model.Trees;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fields some manager set by server-side apply, read from an object's {@code metadata.managedFields}
 * (FieldsV1: {@code f:name} for a field, {@code k:{...}} for a list item by its keys, {@code v:...} for a
 * set item, {@code i:N} by position; an empty set owns the whole value). An Apply entry lists exactly what
 * its manager wrote, so a field it owns is the user's even when it holds the server's default value.
 * Update entries (kubectl create, client-side apply, controllers) also record defaults, so they say nothing
 * about what a user wrote and are ignored.
 */
final class FieldOwnership {
    private final List<Map<?, ?>> applied;

    private FieldOwnership(List<Map<?, ?>> applied) {
        this.applied = applied;
    }

    static FieldOwnership of(Map<String, Object> liveTree) {
        List<Map<?, ?>> sets = new ArrayList<>();
        Object mf = Trees.get(liveTree, "metadata.managedFields");
        if (mf instanceof List<?> entries) {
            for (Object e : entries) {
                if (e instanceof Map<?, ?> m && "Apply".equals(m.get("operation")) && m.get("fieldsV1") instanceof Map<?, ?> f
                        && m.get("subresource") == null) {
                    sets.add(f);
                }
            }
        }
        return new FieldOwnership(sets);
    }

    boolean any() {
        return !applied.isEmpty();
    }

    /**
     * True when an Apply manager owns the value at {@code steps} (field names and list indexes) of {@code tree}.
     */
    boolean owns(Object tree, List<Object> steps) {
        for (Map<?, ?> set : applied) {
            if (owns(set, tree, steps)) {
                return true;
            }
        }
        return false;
    }

    private static boolean owns(Map<?, ?> set, Object tree, List<Object> steps) {
        Map<?, ?> node = set;
        Object cur = tree;
        for (int i = 0; i < steps.size(); i++) {
            Object step = steps.get(i);
            Object next;
            if (step instanceof Integer index) {
                if (!(cur instanceof List<?> list) || index >= list.size()) {
                    return false;
                }
                cur = list.get(index);
                next = itemSet(node, cur, index);
            } else {
                next = node.get("f:" + step);
                cur = cur instanceof Map<?, ?> m ? m.get(step) : null;
            }
            if (!(next instanceof Map<?, ?> nextMap)) {
                return false;
            }
            if (nextMap.isEmpty()) {
                return true; // a leaf, or an atomic value owned as a whole
            }
            node = nextMap;
        }
        return true;
    }

    /** The set of a list item: by its keys, as a set value, or by position. */
    private static Object itemSet(Map<?, ?> node, Object item, int index) {
        for (Map.Entry<?, ?> e : node.entrySet()) {
            String k = String.valueOf(e.getKey());
            try {
                if (k.startsWith("k:")) {
                    Map<?, ?> keys = KubeKinds.MAPPER.readValue(k.substring(2), Map.class);
                    if (item instanceof Map<?, ?> m && keys.entrySet().stream().allMatch(kv -> Trees.equal(kv.getValue(), m.get(kv.getKey())))) {
                        return e.getValue();
                    }
                } else if (k.startsWith("v:")) {
                    if (Trees.equal(KubeKinds.MAPPER.readValue(k.substring(2), Object.class), item)) {
                        return e.getValue();
                    }
                } else if (k.equals("i:" + index)) {
                    return e.getValue();
                }
            } catch (IOException ignored) {
                // not JSON: not this item
            }
        }
        return null;
    }
}
