package io.kubecanvas.model.validate;

import java.util.List;
import java.util.Map;

/**
 * A label selector read from a tree: either a Service's plain map, or a {@code matchLabels} /
 * {@code matchExpressions} selector (Deployments, NetworkPolicies). Malformed parts are ignored here;
 * the schema rules report them.
 */
record LabelSelector(Map<?, ?> matchLabels, List<?> matchExpressions) {

    static LabelSelector plain(Object map) {
        return new LabelSelector(map instanceof Map<?, ?> m ? m : Map.of(), List.of());
    }

    static LabelSelector of(Object selector) {
        if (!(selector instanceof Map<?, ?> m)) {
            return new LabelSelector(Map.of(), List.of());
        }
        return new LabelSelector(m.get("matchLabels") instanceof Map<?, ?> ml ? ml : Map.of(),
                m.get("matchExpressions") instanceof List<?> me ? me : List.of());
    }

    boolean isEmpty() {
        return matchLabels.isEmpty() && matchExpressions.isEmpty();
    }

    /** Does the selector select an object with these labels? An empty selector selects everything. */
    boolean matches(Map<?, ?> labels) {
        for (Map.Entry<?, ?> e : matchLabels.entrySet()) {
            Object v = labels.get(String.valueOf(e.getKey()));
            if (v == null || !String.valueOf(v).equals(String.valueOf(e.getValue()))) {
                return false;
            }
        }
        for (Object o : matchExpressions) {
            if (!(o instanceof Map<?, ?> expr)) {
                continue;
            }
            String key = String.valueOf(expr.get("key"));
            Object has = labels.get(key);
            List<?> values = expr.get("values") instanceof List<?> l ? l : List.of();
            boolean in = has != null && values.stream().anyMatch(x -> String.valueOf(x).equals(String.valueOf(has)));
            boolean ok = switch (String.valueOf(expr.get("operator"))) {
                case "In" -> in;
                case "NotIn" -> !in;
                case "Exists" -> has != null;
                case "DoesNotExist" -> has == null;
                default -> true;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
