package io.kubecanvas.model.validate;

import io.kubecanvas.model.KubeKinds;
import io.kubecanvas.model.KubeObject;

import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /** Labels the controllers add to the Pods they make, not written in any template (Kubernetes' well-known labels). */
    static final Set<String> CONTROLLER_LABELS = Set.of("statefulset.kubernetes.io/pod-name", "apps.kubernetes.io/pod-index",
            "controller-revision-hash", "pod-template-hash", "pod-template-generation", "job-name",
            "batch.kubernetes.io/job-name", "controller-uid", "batch.kubernetes.io/controller-uid",
            "batch.kubernetes.io/job-completion-index");

    /**
     * The labels a selector sees on this template's Pods: the template's own, plus those its controller adds
     * where they could take the value the selector asks for (a StatefulSet's {@code web-0} Pod carries
     * {@code statefulset.kubernetes.io/pod-name: web-0}; a Job's Pods carry {@code job-name}).
     */
    Map<?, ?> labelsSeenBy(LabelSelector selector) {
        Map<?, ?> own = labels();
        Map<String, Object> seen = null;
        for (Map.Entry<?, ?> e : selector.matchLabels().entrySet()) {
            seen = addedLabel(own, seen, String.valueOf(e.getKey()), String.valueOf(e.getValue()));
        }
        for (Object x : selector.matchExpressions()) {
            if (x instanceof Map<?, ?> expr && expr.get("key") != null) {
                Object values = expr.get("values");
                String wanted = values instanceof List<?> l && !l.isEmpty() ? String.valueOf(l.get(0)) : null;
                String op = String.valueOf(expr.get("operator"));
                if (op.equals("In") || op.equals("Exists")) {
                    seen = addedLabel(own, seen, String.valueOf(expr.get("key")), wanted);
                }
            }
        }
        return seen == null ? own : seen;
    }

    private Map<String, Object> addedLabel(Map<?, ?> own, Map<String, Object> seen, String key, String wanted) {
        if (!CONTROLLER_LABELS.contains(key) || own.containsKey(key)) {
            return seen;
        }
        String value = controllerValue(key, wanted);
        if (value == null) {
            return seen;
        }
        Map<String, Object> out = seen;
        if (out == null) {
            out = new java.util.LinkedHashMap<>();
            for (Map.Entry<?, ?> e : own.entrySet()) {
                out.put(String.valueOf(e.getKey()), e.getValue());
            }
        }
        out.put(key, value);
        return out;
    }

    /** The value the owner's controller gives {@code key} that equals {@code wanted} (any, when null), or null. */
    private String controllerValue(String key, String wanted) {
        String kind = owner.kind();
        String name = Tree.name(owner);
        boolean statefulSet = "StatefulSet".equals(kind);
        boolean job = "Job".equals(kind) || "CronJob".equals(kind);
        switch (key) {
            case "statefulset.kubernetes.io/pod-name", "apps.kubernetes.io/pod-index" -> {
                if (!statefulSet || name == null) {
                    return null;
                }
                String ordinal = key.startsWith("apps") ? wanted : wanted == null ? null
                        : wanted.startsWith(name + "-") ? wanted.substring(name.length() + 1) : "-";
                if (ordinal == null) {
                    return key.startsWith("apps") ? "0" : name + "-0";
                }
                long replicas = Tree.at(owner, "spec.replicas") instanceof Number n ? n.longValue() : 1;
                return ordinal.matches("\\d{1,9}") && Long.parseLong(ordinal) < Math.max(replicas, 1) ? wanted : null;
            }
            case "controller-revision-hash" -> {
                return statefulSet || "DaemonSet".equals(kind) ? any(wanted) : null;
            }
            case "pod-template-generation" -> {
                return "DaemonSet".equals(kind) ? any(wanted) : null;
            }
            case "pod-template-hash" -> {
                return KubeKinds.DEPLOYMENT.equals(kind) || KubeKinds.REPLICA_SET.equals(kind) ? any(wanted) : null;
            }
            case "job-name", "batch.kubernetes.io/job-name" -> {
                if (!job || name == null) {
                    return null;
                }
                // A CronJob's Jobs are named <cronjob>-<scheduled time>.
                return wanted == null ? name : wanted.equals(name) || "CronJob".equals(kind) && wanted.startsWith(name + "-")
                        ? wanted : null;
            }
            default -> {
                return job ? any(wanted) : null; // controller-uid, completion index
            }
        }
    }

    private static String any(String wanted) {
        return wanted == null ? "any" : wanted;
    }

    String namespace() {
        return Tree.namespace(owner);
    }

    /** A built-in workload (not a custom resource that happens to have a spec.template). */
    boolean isBuiltInWorkload() {
        return ServedKinds.WORKLOADS.containsKey(owner.kind());
    }

    /** The init containers as trees. */
    List<?> initContainers() {
        return Tree.at(owner, specPath + ".initContainers") instanceof List<?> l ? l : List.of();
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
