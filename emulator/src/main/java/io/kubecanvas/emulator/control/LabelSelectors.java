package io.kubecanvas.emulator.control;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

import java.util.List;
import java.util.Map;

/** Label selector matching as the API machinery does it (matchLabels AND matchExpressions). */
public final class LabelSelectors {
    private LabelSelectors() {
    }

    /** A null selector matches nothing; an empty one matches everything. */
    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        if (selector.getMatchLabels() != null && !matches(selector.getMatchLabels(), labels)) {
            return false;
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                if (!matches(r.getKey(), r.getOperator(), r.getValues(), labels)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Equality-based: every pair present (a Service's selector). */
    static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        for (Map.Entry<String, String> e : selector.entrySet()) {
            String v = labels.get(e.getKey());
            if (v == null || !v.equals(e.getValue() == null ? "" : e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** One requirement; operators In, NotIn, Exists, DoesNotExist (and Gt, Lt for node affinity). */
    static boolean matches(String key, String operator, List<String> values, Map<String, String> labels) {
        String v = labels.get(key);
        List<String> vals = values == null ? List.of() : values;
        return switch (operator == null ? "" : operator) {
            case "In" -> v != null && vals.contains(v);
            case "NotIn" -> v == null || !vals.contains(v);
            case "Exists" -> v != null;
            case "DoesNotExist" -> v == null;
            case "Gt" -> v != null && !vals.isEmpty() && compare(v, vals.get(0)) > 0;
            case "Lt" -> v != null && !vals.isEmpty() && compare(v, vals.get(0)) < 0;
            default -> false;
        };
    }

    private static int compare(String a, String b) {
        try {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
