package io.kubecanvas.model.validate;

import io.kubecanvas.model.net.LabelSelectors;

import java.util.List;
import java.util.Map;

/**
 * A label selector read from a tree: either a Service's plain map, or a {@code matchLabels} /
 * {@code matchExpressions} selector (Deployments, NetworkPolicies). Malformed parts are ignored here;
 * the schema rules report them. Matching is {@link LabelSelectors}'s, the one meaning of the whole project.
 *
 * @param selector the well-formed parts as an API selector
 */
record LabelSelector(Map<?, ?> matchLabels, List<?> matchExpressions,
                     io.fabric8.kubernetes.api.model.LabelSelector selector) {

    static LabelSelector plain(Object map) {
        return of(Map.of("matchLabels", map instanceof Map<?, ?> m ? m : Map.of()));
    }

    static LabelSelector of(Object selector) {
        if (!(selector instanceof Map<?, ?> m)) {
            return of(Map.of());
        }
        Map<?, ?> labels = m.get("matchLabels") instanceof Map<?, ?> ml ? ml : Map.of();
        List<?> exprs = m.get("matchExpressions") instanceof List<?> me ? me : List.of();
        return new LabelSelector(labels, exprs, LabelSelectors.fromTree(Map.of("matchLabels", labels, "matchExpressions", exprs)));
    }

    boolean isEmpty() {
        return matchLabels.isEmpty() && matchExpressions.isEmpty();
    }

    /** Does the selector select an object with these labels? An empty selector selects everything. */
    boolean matches(Map<?, ?> labels) {
        return LabelSelectors.matches(selector, LabelSelectors.stringMap(labels));
    }
}
