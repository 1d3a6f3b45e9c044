package io.kubecanvas.emulator.control;

import io.kubecanvas.model.Cluster;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.KubeObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generated designs for benchmarks: a control plane and {@code workers} workers, {@code pods} Pods spread
 * over Deployments of 5 replicas, and {@code services} ClusterIP Services each selecting one Deployment
 * (round robin), with a named target port.
 */
public final class ScaleDesigns {
    private ScaleDesigns() {
    }

    public static Design design(int workers, int pods, int services) {
        List<Cluster.NodeSpec> nodes = new ArrayList<>();
        nodes.add(Cluster.NodeSpec.controlPlane("control-plane"));
        for (int i = 1; i <= workers; i++) {
            nodes.add(Cluster.NodeSpec.worker("worker-" + i));
        }
        Cluster cluster = Cluster.defaults().withNodes(nodes);
        List<KubeObject> objects = new ArrayList<>();
        int deployments = Math.max(1, (pods + 4) / 5);
        int left = pods;
        for (int d = 0; d < deployments; d++) {
            int replicas = Math.min(5, left);
            left -= replicas;
            objects.add(KubeObject.of(deployment("app-" + d, replicas)));
        }
        for (int s = 0; s < services; s++) {
            objects.add(KubeObject.of(service("svc-" + s, "app-" + (s % deployments))));
        }
        return Design.of(cluster, objects);
    }

    private static Map<String, Object> deployment(String name, int replicas) {
        Map<String, Object> port = new LinkedHashMap<>(Map.of("name", "http", "containerPort", 8080));
        Map<String, Object> container = new LinkedHashMap<>(Map.of("name", "main", "image", "nginx", "ports", List.of(port)));
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("metadata", Map.of("labels", Map.of("app", name)));
        template.put("spec", Map.of("containers", List.of(container)));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("replicas", replicas);
        spec.put("selector", Map.of("matchLabels", Map.of("app", name)));
        spec.put("template", template);
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("apiVersion", "apps/v1");
        tree.put("kind", "Deployment");
        tree.put("metadata", Map.of("name", name));
        tree.put("spec", spec);
        return tree;
    }

    private static Map<String, Object> service(String name, String app) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("selector", Map.of("app", app));
        spec.put("ports", List.of(Map.of("name", "web", "port", 80, "targetPort", "http")));
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("apiVersion", "v1");
        tree.put("kind", "Service");
        tree.put("metadata", Map.of("name", name));
        tree.put("spec", spec);
        return tree;
    }
}
