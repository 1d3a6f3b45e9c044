package io.kubecanvas.apiserver;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * The discovery documents: {@code /version}, the legacy {@code /api} and {@code /apis} lists and
 * {@code APIResourceList}s, and the aggregated {@code APIGroupDiscoveryList} (apidiscovery.k8s.io/v2)
 * that kubectl 1.32 asks for first, so that one request tells it every resource.
 */
final class Discovery {
    static final String AGGREGATED_V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
    static final String AGGREGATED_V2BETA1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";

    private Discovery() {
    }

    static ObjectNode version() {
        ObjectNode v = ObjectRenderer.JSON.objectNode();
        String[] parts = ObjectRenderer.KUBE_VERSION.substring(1).split("\\.");
        v.put("major", parts[0]);
        v.put("minor", parts[1]);
        v.put("emulationMajor", parts[0]);
        v.put("emulationMinor", parts[1]);
        v.put("gitVersion", ObjectRenderer.KUBE_VERSION + "+kubecanvas");
        v.put("gitCommit", "0000000000000000000000000000000000000000");
        v.put("gitTreeState", "clean");
        v.put("buildDate", "2026-01-01T00:00:00Z");
        v.put("goVersion", "go1.23.0");
        v.put("compiler", "gc");
        v.put("platform", "linux/amd64");
        return v;
    }

    /** {@code /api}: the core group's versions. */
    static ObjectNode apiVersions(String serverAddress) {
        ObjectNode o = ObjectRenderer.JSON.objectNode();
        o.put("kind", "APIVersions");
        o.putArray("versions").add("v1");
        ObjectNode a = o.putArray("serverAddressByClientCIDRs").addObject();
        a.put("clientCIDR", "0.0.0.0/0");
        a.put("serverAddress", serverAddress);
        return o;
    }

    /** {@code /apis}: the named groups. */
    static ObjectNode groupList(ResourceCatalog catalog) {
        ObjectNode o = ObjectRenderer.JSON.objectNode();
        o.put("kind", "APIGroupList");
        o.put("apiVersion", "v1");
        ArrayNode groups = o.putArray("groups");
        for (Map.Entry<String, List<String>> g : catalog.groups().entrySet()) {
            if (!g.getKey().isEmpty()) {
                groups.add(group(g.getKey(), g.getValue()));
            }
        }
        return o;
    }

    static ObjectNode group(String name, List<String> versions) {
        ObjectNode g = ObjectRenderer.JSON.objectNode();
        g.put("kind", "APIGroup");
        g.put("apiVersion", "v1");
        g.put("name", name);
        ArrayNode vs = g.putArray("versions");
        for (String v : versions) {
            vs.addObject().put("groupVersion", name + "/" + v).put("version", v);
        }
        g.putObject("preferredVersion").put("groupVersion", name + "/" + versions.get(0)).put("version", versions.get(0));
        return g;
    }

    /** {@code /api/v1} or {@code /apis/GROUP/VERSION}. */
    static ObjectNode resourceList(ResourceCatalog catalog, String group, String version) {
        ObjectNode o = ObjectRenderer.JSON.objectNode();
        o.put("kind", "APIResourceList");
        o.put("apiVersion", "v1");
        o.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        ArrayNode rs = o.putArray("resources");
        for (ResourceType t : catalog.inGroupVersion(group, version)) {
            ObjectNode r = rs.addObject();
            r.put("name", t.plural());
            r.put("singularName", t.singular());
            r.put("namespaced", t.namespaced());
            r.put("kind", t.kind());
            strings(r.putArray("verbs"), t.verbs());
            if (!t.shortNames().isEmpty()) {
                strings(r.putArray("shortNames"), t.shortNames());
            }
            if (!t.categories().isEmpty()) {
                strings(r.putArray("categories"), t.categories());
            }
            for (String sub : t.subresources()) {
                Sub s = sub(t, sub);
                ObjectNode sr = rs.addObject();
                sr.put("name", t.plural() + "/" + sub);
                sr.put("singularName", "");
                sr.put("namespaced", t.namespaced());
                if (!s.group().equals(t.group())) {
                    sr.put("group", s.group());
                }
                if (!s.version().equals(t.version())) {
                    sr.put("version", s.version());
                }
                sr.put("kind", s.kind());
                strings(sr.putArray("verbs"), s.verbs());
            }
        }
        return o;
    }

    /** The aggregated discovery document of {@code /api} (core only) or {@code /apis} (all other groups). */
    static ObjectNode aggregated(ResourceCatalog catalog, boolean core, String apiVersion) {
        ObjectNode o = ObjectRenderer.JSON.objectNode();
        o.put("kind", "APIGroupDiscoveryList");
        o.put("apiVersion", apiVersion);
        o.putObject("metadata");
        ArrayNode items = o.putArray("items");
        for (Map.Entry<String, List<String>> g : catalog.groups().entrySet()) {
            if (g.getKey().isEmpty() != core) {
                continue;
            }
            ObjectNode item = items.addObject();
            item.putObject("metadata").put("name", g.getKey());
            ArrayNode versions = item.putArray("versions");
            for (String v : g.getValue()) {
                ObjectNode vn = versions.addObject();
                vn.put("version", v);
                ArrayNode resources = vn.putArray("resources");
                for (ResourceType t : catalog.inGroupVersion(g.getKey(), v)) {
                    ObjectNode r = resources.addObject();
                    r.put("resource", t.plural());
                    gvk(r.putObject("responseKind"), t.group(), t.version(), t.kind());
                    r.put("scope", t.namespaced() ? "Namespaced" : "Cluster");
                    r.put("singularResource", t.singular());
                    strings(r.putArray("verbs"), t.verbs());
                    if (!t.shortNames().isEmpty()) {
                        strings(r.putArray("shortNames"), t.shortNames());
                    }
                    if (!t.categories().isEmpty()) {
                        strings(r.putArray("categories"), t.categories());
                    }
                    if (!t.subresources().isEmpty()) {
                        ArrayNode subs = r.putArray("subresources");
                        for (String sub : t.subresources()) {
                            Sub s = sub(t, sub);
                            ObjectNode sn = subs.addObject();
                            sn.put("subresource", sub);
                            gvk(sn.putObject("responseKind"), s.group(), s.version(), s.kind());
                            strings(sn.putArray("verbs"), s.verbs());
                        }
                    }
                }
                vn.put("freshness", "Current");
            }
        }
        return o;
    }

    private record Sub(String group, String version, String kind, List<String> verbs) {
    }

    private static Sub sub(ResourceType t, String sub) {
        List<String> gpu = List.of("get", "patch", "update");
        return switch (sub) {
            case "status", "ephemeralcontainers", "resize" -> new Sub(t.group(), t.version(), t.kind(), gpu);
            case "scale" -> new Sub("autoscaling", "v1", "Scale", gpu);
            case "log" -> new Sub("", "v1", "Pod", List.of("get"));
            case "exec" -> new Sub("", "v1", "PodExecOptions", List.of("create", "get"));
            case "attach" -> new Sub("", "v1", "PodAttachOptions", List.of("create", "get"));
            case "portforward" -> new Sub("", "v1", "PodPortForwardOptions", List.of("create", "get"));
            case "proxy" -> new Sub("", "v1", t.kind() + "ProxyOptions", List.of("create", "delete", "get", "patch", "update"));
            case "eviction" -> new Sub("policy", "v1", "Eviction", List.of("create"));
            case "binding" -> new Sub("", "v1", "Binding", List.of("create"));
            case "token" -> new Sub("authentication.k8s.io", "v1", "TokenRequest", List.of("create"));
            case "finalize" -> new Sub("", "v1", "Namespace", List.of("update"));
            default -> new Sub(t.group(), t.version(), t.kind(), gpu);
        };
    }

    private static void gvk(ObjectNode n, String group, String version, String kind) {
        n.put("group", group);
        n.put("version", version);
        n.put("kind", kind);
    }

    private static void strings(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }
}
