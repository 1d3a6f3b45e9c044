package io.kubecanvas.model.validate;

import io.kubecanvas.model.Design;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.ObjectKey;
import io.kubecanvas.model.Trees;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Quick fixes as edits of the model: each finds its object again in the design it is applied to. */
final class QuickFixes {
    private QuickFixes() {
    }

    /** Edits one object; the object is found by identity, else by kind/namespace/name. */
    static QuickFix edit(String title, KubeObject target, UnaryOperator<KubeObject> change) {
        return new QuickFix(title, design -> {
            KubeObject current = locate(design, target);
            return current == null ? design : design.replace(current, change.apply(current));
        });
    }

    static QuickFix set(String title, KubeObject target, String path, Object value) {
        return edit(title, target, o -> o.with(path, value));
    }

    /** Renames a key in place, keeping its value and the position of the key among its siblings. */
    static QuickFix renameKey(String title, KubeObject target, String parentPath, String from, String to) {
        return edit(title, target, o -> o.edit(tree -> {
            Object parent = parentPath.isEmpty() ? tree : Trees.get(tree, parentPath);
            if (parent instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) m;
                List<Map.Entry<String, Object>> entries = new ArrayList<>(map.entrySet());
                map.clear();
                for (Map.Entry<String, Object> e : entries) {
                    map.put(e.getKey().equals(from) ? to : e.getKey(), e.getValue());
                }
            }
        }));
    }

    /** Adds labels to a map at {@code path}, creating it when missing. */
    static QuickFix addLabels(String title, KubeObject target, String path, Map<?, ?> labels) {
        return edit(title, target, o -> o.edit(tree -> {
            Object cur = Trees.get(tree, path);
            Map<String, Object> m = new LinkedHashMap<>();
            if (cur instanceof Map<?, ?> existing) {
                existing.forEach((k, v) -> m.put(String.valueOf(k), v));
            }
            labels.forEach((k, v) -> m.put(String.valueOf(k), String.valueOf(v)));
            Trees.set(tree, path, m);
        }));
    }

    static KubeObject locate(Design design, KubeObject target) {
        for (KubeObject o : design.objects()) {
            if (o == target) {
                return o;
            }
        }
        ObjectKey key = Findings.keyOf(target);
        for (KubeObject o : design.objects()) {
            if (Findings.keyOf(o).equals(key)) {
                return o;
            }
        }
        return null;
    }

    /** Edit distance, for "did you mean" suggestions. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = Character.toLowerCase(a.charAt(i - 1)) == Character.toLowerCase(b.charAt(j - 1)) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** The closest of {@code candidates} to {@code word}, or null when none is close enough to be a typo. */
    static String closest(String word, Iterable<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(word, c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        int allowed = Math.max(1, Math.min(3, word.length() / 3));
        return bestDistance <= allowed ? best : null;
    }
}
