package io.kubecanvas.app.ui.edit;

import io.kubecanvas.model.KubeKinds;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.net.LabelSelectors;

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
        return service.namespace().equals(workload.namespace())
                && LabelSelectors.serviceSelects(stringMap(service.get("spec.selector")), podLabels(workload));
    }

    /**
     * A LabelSelector ({@code matchLabels}, {@code matchExpressions}) picks a workload's Pods. An absent or empty
     * selector picks every Pod, as NetworkPolicy's podSelector does.
     */
    public static boolean labelSelectorMatches(Object selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        return LabelSelectors.matches(LabelSelectors.fromTree(selector), labels);
    }

    public static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        return LabelSelectors.hasEveryPair(selector, labels);
    }

    public static Map<String, String> stringMap(Object o) {
        return LabelSelectors.stringMap(o);
    }
}
