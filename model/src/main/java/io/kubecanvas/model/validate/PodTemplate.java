package io.kubecanvas.model.validate;

import io.kubecanvas.model.KubeKinds;
import io.kubecanvas.model.KubeObject;

import java.util.List;
import java.util.Map;

/**
 * The Pods an object stands for: a Pod itself, or the Pod template of a workload (Deployment,
 * ReplicaSet, StatefulSet, DaemonSet, Job, ReplicationController, CronJob), with where its labels and
 * Pod spec sit in the tree.
 */
record PodTemplate(KubeObject owner, String labelsPath, String specPath) {

    /** The Pod template of an object, or null when it has none. */
    static PodTemplate of(KubeObject o) {
        String kind = o.kind();
        if (KubeKinds.POD.equals(kind)) {
            return new PodTemplate(o, "metadata.labels", "spec");
        }
        if ("CronJob".equals(kind)) {
            return Tree.at(o, "spec.jobTemplate.spec.template") instanceof Map<?, ?>
                    ? new PodTemplate(o, "spec.jobTemplate.spec.template.metadata.labels",
                    "spec.jobTemplate.spec.template.spec") : null;
        }
        return Tree.at(o, "spec.template") instanceof Map<?, ?>
                ? new PodTemplate(o, "spec.template.metadata.labels", "spec.template.spec") : null;
    }

    Map<?, ?> labels() {
        return Tree.at(owner, labelsPath) instanceof Map<?, ?> m ? m : Map.of();
    }

    String namespace() {
        return Tree.namespace(owner);
    }

    /** The containers (not init containers) as trees; malformed items are skipped. */
    List<?> containers() {
        return Tree.at(owner, specPath + ".containers") instanceof List<?> l ? l : List.of();
    }

    String containersPath() {
        return specPath + ".containers";
    }

    /** Does a container of this Pod declare the port, by number or by name? */
    boolean exposes(Object targetPort) {
        for (Object c : containers()) {
            if (c instanceof Map<?, ?> cm && cm.get("ports") instanceof List<?> ports) {
                for (Object p : ports) {
                    if (p instanceof Map<?, ?> pm) {
                        Object v = targetPort instanceof String ? pm.get("name") : pm.get("containerPort");
                        if (v != null && String.valueOf(v).equals(String.valueOf(targetPort))) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    boolean declaresPorts() {
        for (Object c : containers()) {
            if (c instanceof Map<?, ?> cm && cm.get("ports") instanceof List<?> ports && !ports.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    String describe() {
        return owner.kind() + " " + Tree.name(owner);
    }
}
