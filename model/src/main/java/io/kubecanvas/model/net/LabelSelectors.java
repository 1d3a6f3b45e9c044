package io.kubecanvas.model.net;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Label selection with one meaning everywhere, the Kubernetes API's (apimachinery's
 * {@code metav1.LabelSelectorAsSelector} and {@code labels.SelectorFromSet}):
 * <ul>
 * <li>A {@link LabelSelector} that is {@code null} selects <b>nothing</b>; an empty one ({@code {}}) selects
 *     <b>everything</b>; otherwise every matchLabels pair AND every matchExpression must hold.</li>
 * <li>Where the API declares the field as a value, not a pointer, a missing selector is the empty one: a
 *     NetworkPolicy's {@code spec.podSelector}. Callers say so with {@link #orEverything}. Where the API gives
 *     absence its own meaning (a NetworkPolicyPeer without {@code podSelector} means all Pods of the selected
 *     namespaces), the caller decides before calling.</li>
 * <li>A Service's selector is a plain map; a Service without one, or with an empty one (the API drops an empty
 *     map on write, so it reads back as none), selects <b>nothing</b>: its endpoints are managed by hand
 *     ({@link #serviceSelects}).</li>
 * <li>A plain map elsewhere (a Pod's nodeSelector) requires every pair; the empty map requires nothing
 *     ({@link #hasEveryPair}).</li>
 * </ul>
 */
public final class LabelSelectors {
    /** The empty selector: selects everything. */
    public static final LabelSelector EVERYTHING = new LabelSelector(List.of(), Map.of());

    private static final Set<String> OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist");

    private LabelSelectors() {
    }

    /** Does {@code selector} select an object with these labels? null selects nothing, {@code {}} everything. */
    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> l = labels == null ? Map.of() : labels;
        if (selector.getMatchLabels() != null && !hasEveryPair(selector.getMatchLabels(), l)) {
            return false;
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                if (r == null || !requirement(r.getKey(), r.getOperator(), r.getValues(), l)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The selector, or the empty one (everything) when the field is absent and the API reads absence as empty. */
    public static LabelSelector orEverything(LabelSelector selector) {
        return selector == null ? EVERYTHING : selector;
    }

    /** True when the selector is present and has neither matchLabels nor matchExpressions. */
    public static boolean isEmpty(LabelSelector selector) {
        return selector != null && (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
    }

    /** A Service's selector: null or empty selects nothing, otherwise every pair must be present. */
    public static boolean serviceSelects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty() && hasEveryPair(selector, labels);
    }

    /** Every pair of {@code required} is among {@code labels} (an empty map requires nothing). */
    public static boolean hasEveryPair(Map<String, String> required, Map<String, String> labels) {
        Map<String, String> l = labels == null ? Map.of() : labels;
        for (Map.Entry<String, String> e : required.entrySet()) {
            String v = l.get(e.getKey());
            if (v == null || !v.equals(e.getValue() == null ? "" : e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /**
     * One requirement: In, NotIn, Exists, DoesNotExist (label selectors) and Gt, Lt (node affinity, integer
     * values). An unknown operator matches nothing.
     */
    public static boolean requirement(String key, String operator, List<String> values, Map<String, String> labels) {
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
            return Long.compare(Long.parseLong(a.strip()), Long.parseLong(b.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * A selector read from a plain YAML tree ({@code {matchLabels: {...}, matchExpressions: [...]}}); null when the
     * tree is not a map. Malformed parts (an expression that is not a map, an unknown operator) are left out, so
     * the selector means what its well-formed parts say; validation reports the rest.
     */
    public static LabelSelector fromTree(Object tree) {
        if (!(tree instanceof Map<?, ?> m)) {
            return null;
        }
        Map<String, String> matchLabels = stringMap(m.get("matchLabels"));
        List<LabelSelectorRequirement> exprs = new ArrayList<>();
        if (m.get("matchExpressions") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> e && OPERATORS.contains(String.valueOf(e.get("operator")))) {
                    List<String> values = new ArrayList<>();
                    if (e.get("values") instanceof List<?> vs) {
                        vs.forEach(v -> values.add(String.valueOf(v)));
                    }
                    exprs.add(new LabelSelectorRequirement(String.valueOf(e.get("key")), String.valueOf(e.get("operator")),
                            values));
                }
            }
        }
        return new LabelSelector(exprs, matchLabels);
    }

    /** A YAML tree's map as labels: keys and values as text (YAML may hold numbers or booleans there). */
    public static Map<String, String> stringMap(Object tree) {
        Map<String, String> out = new LinkedHashMap<>();
        if (tree instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        }
        return out;
    }
}
