package io.kubecanvas.app.ui.edit;

import io.kubecanvas.model.KubeKinds;
import io.kubecanvas.model.KubeObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Label selection as the API server evaluates it: which workloads a selector picks. */
public final class Selectors {
    private Selectors() {
    }

    /** The labels a workload's Pods carry: a Pod's own, a Deployment's (or ReplicaSet's) template labels. */
    public static Map<String, String> podLabels(KubeObject o) {
        if (KubeKinds.POD.equals(o.kind())) {
            return o.labels();
        }
        if (isController(o)) {
            return stringMap(o.get("spec.template.metadata.labels"));
        }
        return Map.of();
    }

    public static boolean isWorkload(KubeObject o) {
        return KubeKinds.POD.equals(o.kind()) || isController(o);
    }

    public static boolean isController(KubeObject o) {
        String k = o.kind();
        return KubeKinds.DEPLOYMENT.equals(k) || KubeKinds.REPLICA_SET.equals(k) || "StatefulSet".equals(k)
                || "DaemonSet".equals(k);
    }

    /** A Service's equality selector picks a workload: same namespace, every pair present. Empty picks none. */
    public static boolean serviceSelects(KubeObject service, KubeObject workload) {
        Map<String, String> sel = stringMap(service.get("spec.selector"));
        return !sel.isEmpty() && service.namespace().equals(workload.namespace()) && matches(sel, podLabels(workload));
    }

    /**
     * A LabelSelector ({@code matchLabels}, {@code matchExpressions}) picks a workload's Pods. An empty
     * selector picks every Pod, as NetworkPolicy's podSelector does.
     */
    public static boolean labelSelectorMatches(Object selector, Map<String, String> labels) {
        if (!(selector instanceof Map<?, ?> sel)) {
            return selector == null;
        }
        if (!matches(stringMap(sel.get("matchLabels")), labels)) {
            return false;
        }
        if (sel.get("matchExpressions") instanceof List<?> exprs) {
            for (Object e : exprs) {
                if (e instanceof Map<?, ?> m && !expressionMatches(m, labels)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean expressionMatches(Map<?, ?> e, Map<String, String> labels) {
        String key = String.valueOf(e.get("key"));
        String op = String.valueOf(e.get("operator"));
        List<?> values = e.get("values") instanceof List<?> l ? l : List.of();
        String v = labels.get(key);
        return switch (op) {
            case "In" -> v != null && values.stream().map(String::valueOf).anyMatch(v::equals);
            case "NotIn" -> v == null || values.stream().map(String::valueOf).noneMatch(v::equals);
            case "Exists" -> labels.containsKey(key);
            case "DoesNotExist" -> !labels.containsKey(key);
            default -> false;
        };
    }

    public static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        for (Map.Entry<String, String> e : selector.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    public static Map<String, String> stringMap(Object o) {
        Map<String, String> out = new LinkedHashMap<>();
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        }
        return out;
    }
}
