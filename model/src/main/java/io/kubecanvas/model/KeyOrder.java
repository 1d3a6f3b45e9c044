package io.kubecanvas.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The key order kubectl users expect, as the Kubernetes documentation writes objects: {@code apiVersion},
 * {@code kind}, {@code metadata}, {@code spec}; a name before its namespace and labels; a container's
 * {@code name} and {@code image} before its ports; an Ingress rule's {@code host} before {@code http}.
 *
 * <p>Only keys an edit adds are placed by this order: a key already there keeps its place, so an object
 * as read keeps the order its author chose, and a key the order does not know goes last.
 */
public final class KeyOrder {
    private static final List<String> CONTAINER_PORT = List.of("name", "containerPort", "hostPort", "protocol");

    /** Per map, named by the path to it with list items as {@code []}; the longest matching suffix wins. */
    private static final Map<String, List<String>> ORDER = Map.ofEntries(
            Map.entry("", List.of("apiVersion", "kind", "metadata", "spec", "data", "stringData", "type", "status")),
            Map.entry("metadata", List.of("name", "generateName", "namespace", "labels", "annotations")),
            Map.entry("spec", List.of("type", "replicas", "serviceName", "ingressClassName", "defaultBackend", "selector",
                    "podSelector", "policyTypes", "strategy", "template", "nodeName", "nodeSelector", "serviceAccountName",
                    "hostNetwork", "initContainers", "containers", "volumes", "ports", "clusterIP", "tls", "rules",
                    "ingress", "egress")),
            Map.entry("template", List.of("metadata", "spec")),
            Map.entry("selector", List.of("matchLabels", "matchExpressions")),
            Map.entry("podSelector", List.of("matchLabels", "matchExpressions")),
            Map.entry("namespaceSelector", List.of("matchLabels", "matchExpressions")),
            Map.entry("containers[]", List.of("name", "image", "imagePullPolicy", "command", "args", "ports", "env",
                    "resources", "readinessProbe", "livenessProbe", "volumeMounts")),
            Map.entry("initContainers[]", List.of("name", "image", "command", "args")),
            Map.entry("containers[].ports[]", CONTAINER_PORT),
            Map.entry("initContainers[].ports[]", CONTAINER_PORT),
            Map.entry("env[]", List.of("name", "value", "valueFrom")),
            Map.entry("resources", List.of("requests", "limits")),
            Map.entry("httpGet", List.of("path", "port")),
            Map.entry("spec.ports[]", List.of("name", "protocol", "appProtocol", "port", "targetPort", "nodePort")),
            Map.entry("rules[]", List.of("host", "http")),
            Map.entry("paths[]", List.of("path", "pathType", "backend")),
            Map.entry("backend", List.of("service", "resource")),
            Map.entry("backend.service", List.of("name", "port")),
            Map.entry("defaultBackend.service", List.of("name", "port")),
            Map.entry("tls[]", List.of("hosts", "secretName")),
            Map.entry("ingress[]", List.of("from", "ports")),
            Map.entry("egress[]", List.of("to", "ports")),
            Map.entry("from[]", List.of("ipBlock", "namespaceSelector", "podSelector")),
            Map.entry("to[]", List.of("ipBlock", "namespaceSelector", "podSelector")),
            Map.entry("ingress[].ports[]", List.of("protocol", "port", "endPort")),
            Map.entry("egress[].ports[]", List.of("protocol", "port", "endPort")));

    private KeyOrder() {
    }

    /**
     * {@code after} with every map key that {@code before} lacks at the place the order gives it; keys
     * {@code before} has keep their order. {@code before} may be null (a new object: every key is placed).
     * {@code after} is changed in place (an immutable map or list in it is copied), and only a map that
     * gains a key is rebuilt, so an edit costs one walk of the tree.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> placeNewKeys(Map<String, Object> before, Map<String, Object> after) {
        return (Map<String, Object>) place(before, after, "");
    }

    @SuppressWarnings("unchecked")
    private static Object place(Object before, Object after, String context) {
        if (after instanceof Map<?, ?> raw) {
            // An edit may have put an immutable map (Map.of) into the copy: such a one is copied first.
            Map<String, Object> m = raw instanceof LinkedHashMap<?, ?> || raw instanceof java.util.HashMap<?, ?>
                    ? (Map<String, Object>) raw : new LinkedHashMap<>((Map<String, Object>) raw);
            Map<?, ?> old = before instanceof Map<?, ?> b ? b : Map.of();
            for (Map.Entry<String, Object> e : m.entrySet()) {
                Object v = e.getValue();
                if (v instanceof Map<?, ?> || v instanceof List<?>) {
                    Object placed = place(old.get(e.getKey()), v, child(context, e.getKey()));
                    if (placed != v) {
                        e.setValue(placed);
                    }
                }
            }
            boolean gained = false;
            for (String k : m.keySet()) {
                if (!old.containsKey(k)) {
                    gained = true;
                    break;
                }
            }
            if (!gained) {
                return m;
            }
            List<String> order = orderOf(context);
            List<String> keys = new ArrayList<>();
            for (String k : m.keySet()) {
                if (old.containsKey(k)) {
                    keys.add(k);
                }
            }
            for (String k : m.keySet()) {
                if (!old.containsKey(k)) {
                    insert(keys, k, order);
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (String k : keys) {
                out.put(k, m.get(k));
            }
            return out;
        }
        if (after instanceof List<?> raw) {
            List<Object> l = raw instanceof ArrayList<?> ? (List<Object>) raw : new ArrayList<>(raw);
            List<?> old = before instanceof List<?> b ? b : List.of();
            // The items of a list of lists share one context: nothing in the order looks deeper.
            String items = context.endsWith("[]") ? context : context + "[]";
            for (int i = 0; i < l.size(); i++) {
                Object v = l.get(i);
                if (v instanceof Map<?, ?> || v instanceof List<?>) {
                    Object placed = place(i < old.size() ? old.get(i) : null, v, items);
                    if (placed != v) {
                        l.set(i, placed);
                    }
                }
            }
            return l;
        }
        return after;
    }

    /**
     * After the last key ranked before it, else before the first key ranked after it (so it lands beside
     * its neighbours even in a map its author ordered otherwise); a key the order does not know goes last.
     */
    private static void insert(List<String> keys, String key, List<String> order) {
        int rank = order.indexOf(key);
        if (rank >= 0) {
            for (int i = keys.size() - 1; i >= 0; i--) {
                int r = order.indexOf(keys.get(i));
                if (r >= 0 && r < rank) {
                    keys.add(i + 1, key);
                    return;
                }
            }
            for (int i = 0; i < keys.size(); i++) {
                if (order.indexOf(keys.get(i)) > rank) {
                    keys.add(i, key);
                    return;
                }
            }
        }
        keys.add(key);
    }

    /**
     * The context of a key's value: the last two steps of its path (every entry of {@link #ORDER} names at
     * most two), so a deep tree costs no more per level than a shallow one.
     */
    private static String child(String context, String key) {
        if (context.isEmpty()) {
            return key;
        }
        int dot = context.lastIndexOf('.');
        return (dot < 0 ? context : context.substring(dot + 1)) + "." + key;
    }

    private static List<String> orderOf(String context) {
        if (context.isEmpty()) {
            return ORDER.get("");
        }
        String c = context;
        while (true) {
            List<String> o = ORDER.get(c);
            if (o != null) {
                return o;
            }
            int dot = c.indexOf('.');
            if (dot < 0) {
                return List.of();
            }
            c = c.substring(dot + 1);
        }
    }
}
