package io.kubecanvas.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The defaults the API server fills in, so served objects read as a real cluster's do ({@code Port: 80/TCP}
 * in {@code kubectl describe}): a Pod spec's restart and DNS policy, scheduler, grace period and each
 * container's pull policy, termination message and port protocols; a Deployment's replicas, strategy,
 * revision history and progress deadline. They are never written into the design: {@link Writes} takes
 * out any field the server added that a client sent back unchanged.
 */
final class Defaults {
    private Defaults() {
    }

    static void podSpec(JsonNode node) {
        if (!(node instanceof ObjectNode spec)) {
            return;
        }
        putIfAbsent(spec, "restartPolicy", "Always");
        putIfAbsent(spec, "dnsPolicy", "ClusterFirst");
        putIfAbsent(spec, "schedulerName", "default-scheduler");
        if (!spec.has("terminationGracePeriodSeconds")) {
            spec.put("terminationGracePeriodSeconds", 30);
        }
        if (!spec.has("securityContext")) {
            spec.putObject("securityContext");
        }
        for (String list : new String[]{"containers", "initContainers"}) {
            for (JsonNode c : spec.path(list)) {
                if (c instanceof ObjectNode container) {
                    container(container);
                }
            }
        }
    }

    private static void container(ObjectNode c) {
        String image = c.path("image").asText("");
        String tag = image.contains("@") ? "digest" : image.lastIndexOf(':') > image.lastIndexOf('/') ? image.substring(image.lastIndexOf(':') + 1) : "";
        putIfAbsent(c, "imagePullPolicy", tag.isEmpty() || tag.equals("latest") ? "Always" : "IfNotPresent");
        putIfAbsent(c, "terminationMessagePath", "/dev/termination-log");
        putIfAbsent(c, "terminationMessagePolicy", "File");
        if (!c.has("resources")) {
            c.putObject("resources");
        }
        for (JsonNode p : c.path("ports")) {
            if (p instanceof ObjectNode port) {
                putIfAbsent(port, "protocol", "TCP");
            }
        }
    }

    /** A workload's Pod template: its spec gets the Pod defaults. */
    static void template(JsonNode workload) {
        podSpec(workload.path("spec").path("template").path("spec"));
    }

    static void deployment(ObjectNode d) {
        ObjectNode spec = d.with("spec");
        if (!spec.has("replicas")) {
            spec.put("replicas", 1);
        }
        if (!spec.has("revisionHistoryLimit")) {
            spec.put("revisionHistoryLimit", 10);
        }
        if (!spec.has("progressDeadlineSeconds")) {
            spec.put("progressDeadlineSeconds", 600);
        }
        ObjectNode strategy = spec.with("strategy");
        putIfAbsent(strategy, "type", "RollingUpdate");
        if ("RollingUpdate".equals(strategy.path("type").asText())) {
            ObjectNode ru = strategy.with("rollingUpdate");
            putIfAbsent(ru, "maxSurge", "25%");
            putIfAbsent(ru, "maxUnavailable", "25%");
        }
        template(d);
    }

    private static void putIfAbsent(ObjectNode n, String field, String value) {
        if (!n.has(field)) {
            n.put(field, value);
        }
    }
}
