package io.kubecanvas.model.validate;

import io.kubecanvas.model.KubeKinds;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.Trees;
import io.kubecanvas.model.yaml.YamlPath;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Good practice, from the product's reference article and the defaults of kube-score and kube-linter:
 * warnings a design may knowingly keep, never errors.
 */
final class PracticeRules {
    private PracticeRules() {
    }

    static void check(KubeObject o, Findings out) {
        switch (o.kind()) {
            case KubeKinds.SERVICE -> checkService(o, out);
            case KubeKinds.DEPLOYMENT -> {
                Object replicas = Tree.at(o, "spec.replicas");
                if (replicas == null || replicas instanceof Number n && n.longValue() == 1) {
                    out.add(Rule.SINGLE_REPLICA, o, replicas == null ? "spec" : "spec.replicas", "Deployment " + Tree.name(o)
                                    + " runs a single replica, so any restart is an outage; run at least 2",
                            QuickFixes.set("Run 2 replicas", o, "spec.replicas", 2L));
                }
            }
            default -> {
            }
        }
        PodTemplate t = PodTemplate.of(o);
        if (t != null && KubeKinds.isFirstClass(o.kind())) {
            checkPod(t, out);
        }
    }

    private static void checkService(KubeObject o, Findings out) {
        if ("NodePort".equals(Tree.at(o, "spec.type"))) {
            out.add(Rule.NODEPORT_SERVICE, o, "spec.type", "Service " + Tree.name(o) + " is a NodePort Service: it opens a port "
                    + "on every node; avoid it in production and expose through an Ingress or a LoadBalancer", QuickFixes.edit(
                    "Make it a ClusterIP Service", o, s -> s.edit(tree -> {
                        Trees.set(tree, "spec.type", "ClusterIP");
                        if (Trees.get(tree, "spec.ports") instanceof List<?> ports) {
                            for (Object p : ports) {
                                if (p instanceof Map<?, ?> pm) {
                                    pm.remove("nodePort");
                                }
                            }
                        }
                    })));
        }
    }

    private static void checkPod(PodTemplate t, Findings out) {
        KubeObject o = t.owner();
        String spec = t.specPath();
        if (Boolean.TRUE.equals(Tree.at(o, spec + ".hostNetwork"))) {
            out.add(Rule.HOST_NETWORK, o, spec + ".hostNetwork", t.describe() + " uses the host network: it shares the node's "
                            + "addresses and ports and bypasses NetworkPolicies; remove hostNetwork unless it is required",
                    QuickFixes.set("Remove hostNetwork", o, spec + ".hostNetwork", null));
        }
        List<?> containers = t.containers();
        for (int i = 0; i < containers.size(); i++) {
            if (!(containers.get(i) instanceof Map<?, ?> c)) {
                continue;
            }
            String cp = YamlPath.index(t.containersPath(), i);
            String name = c.get("name") == null ? String.valueOf(i) : String.valueOf(c.get("name"));
            if (c.get("image") instanceof String image) {
                String tag = tag(image);
                if (tag == null || tag.equals("latest")) {
                    out.add(Rule.LATEST_TAG, o, cp + ".image", "container " + name + " uses image '" + image + "' with "
                            + (tag == null ? "no tag" : "the :latest tag") + ", so what runs changes without a change in the "
                            + "design; pin a version such as " + repository(image) + ":1.27");
                }
            }
            Object resources = c.get("resources");
            boolean requests = resources instanceof Map<?, ?> r && r.get("requests") instanceof Map<?, ?> rq && !rq.isEmpty();
            boolean limits = resources instanceof Map<?, ?> r2 && r2.get("limits") instanceof Map<?, ?> lm && !lm.isEmpty();
            if (!requests || !limits) {
                String missing = !requests && !limits ? "CPU/memory requests and limits" : !requests ? "requests" : "limits";
                out.add(Rule.NO_RESOURCES, o, resources == null ? cp : cp + ".resources", "container " + name + " sets no "
                        + missing + "; the scheduler cannot place it well and it may starve its neighbours", defaultResources(o, cp, resources));
            }
            if (c.get("readinessProbe") == null) {
                QuickFix fix = null;
                Object port = firstPort(c);
                if (port != null) {
                    Map<String, Object> probe = new LinkedHashMap<>();
                    probe.put("tcpSocket", new LinkedHashMap<>(Map.of("port", port)));
                    probe.put("periodSeconds", 5L);
                    fix = QuickFixes.set("Add a TCP readiness probe on port " + port, o, cp + ".readinessProbe", probe);
                }
                out.add(Rule.NO_READINESS_PROBE, o, cp, "container " + name + " has no readinessProbe, so Services send it "
                        + "traffic before it is ready; add one", fix);
            }
        }
    }

    private static Object firstPort(Map<?, ?> c) {
        if (c.get("ports") instanceof List<?> ports && !ports.isEmpty() && ports.get(0) instanceof Map<?, ?> p) {
            return p.get("containerPort");
        }
        return null;
    }

    private static QuickFix defaultResources(KubeObject o, String cp, Object existing) {
        Map<String, Object> r = new LinkedHashMap<>();
        if (existing instanceof Map<?, ?> m) {
            m.forEach((k, v) -> r.put(String.valueOf(k), v));
        }
        r.putIfAbsent("requests", new LinkedHashMap<>(Map.of("cpu", "100m", "memory", "128Mi")));
        r.putIfAbsent("limits", new LinkedHashMap<>(Map.of("memory", "256Mi")));
        return QuickFixes.set("Add requests (100m CPU, 128Mi) and a 256Mi memory limit", o, cp + ".resources", r);
    }

    /** The tag of an image reference, or null when it has none; a digest counts as pinned. */
    static String tag(String image) {
        if (image.contains("@")) {
            return "digest";
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        return colon > slash ? image.substring(colon + 1) : null;
    }

    private static String repository(String image) {
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        return colon > slash ? image.substring(0, colon) : image;
    }

    /** One finding per namespace that runs workloads and has no NetworkPolicy, at its first workload. */
    static void namespacesWithoutPolicy(Map<String, List<PodTemplate>> pods, Set<String> withPolicy, Findings out) {
        List<String> namespaces = new ArrayList<>(pods.keySet());
        namespaces.sort(null);
        for (String ns : namespaces) {
            if (withPolicy.contains(ns)) {
                continue;
            }
            PodTemplate first = pods.get(ns).get(0);
            KubeObject o = first.owner();
            Map<String, Object> policy = new LinkedHashMap<>();
            policy.put("apiVersion", KubeKinds.API_VERSIONS.get(KubeKinds.NETWORK_POLICY));
            policy.put("kind", KubeKinds.NETWORK_POLICY);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("name", "default-deny-ingress");
            meta.put("namespace", ns);
            policy.put("metadata", meta);
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("podSelector", new LinkedHashMap<>());
            spec.put("policyTypes", new ArrayList<>(List.of("Ingress")));
            policy.put("spec", spec);
            out.add(Rule.NO_NETWORKPOLICY, o, "metadata", "namespace " + ns + " runs " + pods.get(ns).size()
                            + " workload(s) but no NetworkPolicy isolates it: every Pod accepts traffic from anywhere; "
                            + "add a default-deny policy and allow what is needed",
                    new QuickFix("Add a default-deny ingress NetworkPolicy to " + ns, d -> d.add(KubeObject.of(policy))));
        }
    }
}
