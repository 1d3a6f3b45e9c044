package io.kubecanvas.model.validate;

import io.kubecanvas.model.KubeKinds;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.Trees;
import io.kubecanvas.model.yaml.YamlPath;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        if (t != null && t.isBuiltInWorkload()) {
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
        Map<?, ?> podContext = Tree.at(o, spec + ".securityContext") instanceof Map<?, ?> m ? m : Map.of();
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
            for (String probe : new String[]{"livenessProbe", "readinessProbe", "startupProbe"}) {
                probePort(o, c, cp, name, probe, out);
            }
        }
        String initPath = spec + ".initContainers";
        List<?> init = t.initContainers();
        for (int pass = 0; pass < 2; pass++) {
            List<?> list = pass == 0 ? init : containers;
            String base = pass == 0 ? initPath : t.containersPath();
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof Map<?, ?> c) {
                    String cp = YamlPath.index(base, i);
                    String name = c.get("name") == null ? String.valueOf(i) : String.valueOf(c.get("name"));
                    duplicateEnv(o, c, cp, name, out);
                    security(o, podContext, c, cp, name, out);
                }
            }
        }
    }

    /**
     * A probe's port must be one the container declares (TCP), by number or by name: a named port that is not
     * declared cannot be resolved by the kubelet, and an undeclared number is at best undocumented.
     */
    private static void probePort(KubeObject o, Map<?, ?> c, String cp, String name, String probe, Findings out) {
        if (!(c.get(probe) instanceof Map<?, ?> p)) {
            return;
        }
        String handler = p.get("httpGet") instanceof Map<?, ?> ? "httpGet" : p.get("tcpSocket") instanceof Map<?, ?> ? "tcpSocket"
                : p.get("grpc") instanceof Map<?, ?> ? "grpc" : null;
        if (handler == null) {
            return;
        }
        Object port = ((Map<?, ?>) p.get(handler)).get("port");
        if (!(port instanceof String) && !(port instanceof Number)) {
            return;
        }
        Object only = null;
        int tcpPorts = 0;
        if (c.get("ports") instanceof List<?> ports) {
            for (Object x : ports) {
                if (x instanceof Map<?, ?> pm && (pm.get("protocol") == null || "TCP".equals(pm.get("protocol")))) {
                    Object declared = port instanceof String ? pm.get("name") : pm.get("containerPort");
                    if (declared != null && String.valueOf(declared).equals(String.valueOf(port))) {
                        return;
                    }
                    if (pm.get("containerPort") instanceof Number n) {
                        only = n;
                        tcpPorts++;
                    }
                }
            }
        }
        String path = cp + "." + probe + "." + handler + ".port";
        QuickFix fix;
        String why;
        if (port instanceof String) {
            why = "the kubelet cannot resolve the name, so the probe fails";
            fix = tcpPorts == 1 ? QuickFixes.set("Probe port " + only, o, path, only) : null;
        } else {
            why = "declare it so the probe's port is documented";
            Map<String, Object> declare = new LinkedHashMap<>();
            declare.put("containerPort", port);
            declare.put("protocol", "TCP");
            List<Object> ports = new ArrayList<>(c.get("ports") instanceof List<?> l ? l : List.of());
            ports.add(declare);
            fix = QuickFixes.set("Declare containerPort " + port, o, cp + ".ports", ports);
        }
        out.add(Rule.PROBE_PORT, o, path, "container " + name + " has a " + probe + " on port " + port + " that it does not "
                + "declare as a TCP port; " + why, fix);
    }

    /** The same variable twice: the last one wins, which hides the first (the API server only warns). */
    private static void duplicateEnv(KubeObject o, Map<?, ?> c, String cp, String name, Findings out) {
        if (!(c.get("env") instanceof List<?> env) || env.size() < 2) {
            return;
        }
        Map<String, Integer> first = new java.util.HashMap<>();
        for (int j = 0; j < env.size(); j++) {
            if (env.get(j) instanceof Map<?, ?> e && e.get("name") instanceof String var) {
                Integer earlier = first.putIfAbsent(var, j);
                if (earlier != null) {
                    String ep = YamlPath.index(cp + ".env", j);
                    out.add(Rule.DUPLICATE_ENV_VAR, o, ep + ".name", "container " + name + " sets " + var + " twice (first at "
                                    + o.position(YamlPath.index(cp + ".env", earlier)) + "); the last value wins and hides the first",
                            QuickFixes.set("Remove the first " + var, o, YamlPath.index(cp + ".env", earlier), null));
                }
            }
        }
    }

    /** Privileged, privilege escalation, running as root and a writable root filesystem, as kube-linter checks them. */
    private static void security(KubeObject o, Map<?, ?> podContext, Map<?, ?> c, String cp, String name, Findings out) {
        Map<?, ?> sc = c.get("securityContext") instanceof Map<?, ?> m ? m : Map.of();
        String scp = cp + ".securityContext";
        boolean privileged = Boolean.TRUE.equals(sc.get("privileged"));
        if (privileged) {
            out.add(Rule.PRIVILEGED_CONTAINER, o, scp + ".privileged", "container " + name + " is privileged: it has every "
                    + "capability and the host's devices; remove privileged unless it is required",
                    QuickFixes.set("Remove privileged", o, scp + ".privileged", null));
        }
        boolean sysAdmin = sc.get("capabilities") instanceof Map<?, ?> caps && caps.get("add") instanceof List<?> add
                && add.stream().anyMatch(x -> "SYS_ADMIN".equals(x) || "CAP_SYS_ADMIN".equals(x));
        if (Boolean.TRUE.equals(sc.get("allowPrivilegeEscalation")) || privileged || sysAdmin) {
            String why = Boolean.TRUE.equals(sc.get("allowPrivilegeEscalation")) ? "sets allowPrivilegeEscalation: true"
                    : privileged ? "is privileged" : "adds CAP_SYS_ADMIN";
            out.add(Rule.PRIVILEGE_ESCALATION, o, Boolean.TRUE.equals(sc.get("allowPrivilegeEscalation"))
                            ? scp + ".allowPrivilegeEscalation" : scp, "container " + name + " " + why + ", so a process in it can "
                            + "gain more privileges than its parent; set allowPrivilegeEscalation: false",
                    privileged || sysAdmin ? null : QuickFixes.set("Set allowPrivilegeEscalation: false", o,
                            scp + ".allowPrivilegeEscalation", false));
        }
        Object user = sc.get("runAsUser") != null ? sc.get("runAsUser") : podContext.get("runAsUser");
        Object nonRoot = sc.get("runAsNonRoot") != null ? sc.get("runAsNonRoot") : podContext.get("runAsNonRoot");
        Object group = sc.get("runAsGroup") != null ? sc.get("runAsGroup") : podContext.get("runAsGroup");
        if (group instanceof Number g && g.longValue() == 0) {
            out.add(Rule.RUN_AS_NON_ROOT, o, sc.get("runAsGroup") != null ? scp + ".runAsGroup" : cp, "container " + name
                    + " runs as group 0 (root); use a non-zero runAsGroup");
        }
        boolean userNonZero = user instanceof Number u && u.longValue() > 0;
        if (!userNonZero) {
            if (Boolean.TRUE.equals(nonRoot)) {
                if (user instanceof Number) {
                    out.add(Rule.RUN_AS_NON_ROOT, o, cp, "container " + name + " sets runAsNonRoot but runAsUser 0, so it "
                            + "fails to start; use a non-zero runAsUser");
                }
            } else {
                out.add(Rule.RUN_AS_NON_ROOT, o, sc.isEmpty() ? cp : scp, "container " + name + " may run as root: neither "
                                + "runAsNonRoot: true nor a non-zero runAsUser is set for it or its Pod; set runAsNonRoot: true",
                        QuickFixes.set("Set runAsNonRoot: true", o, scp + ".runAsNonRoot", true));
            }
        }
        if (!Boolean.TRUE.equals(sc.get("readOnlyRootFilesystem"))) {
            out.add(Rule.READ_ONLY_ROOT_FS, o, sc.isEmpty() ? cp : scp, "container " + name + " can write to its root "
                            + "filesystem; set readOnlyRootFilesystem: true (and mount an emptyDir where it must write)",
                    QuickFixes.set("Set readOnlyRootFilesystem: true", o, scp + ".readOnlyRootFilesystem", true));
        }
    }

    /**
     * kube-score's pod-probes: a Pod a Service targets needs a readiness probe in one of its containers (init
     * containers count, as sidecars); Pods no Service targets, and Jobs, need none.
     */
    static void readinessProbe(PodTemplate t, boolean targetedByService, Findings out) {
        String kind = t.owner().kind();
        if (!targetedByService || "Job".equals(kind) || "CronJob".equals(kind)) {
            return;
        }
        for (List<?> list : List.of(t.containers(), t.initContainers())) {
            for (Object c : list) {
                if (c instanceof Map<?, ?> cm && cm.get("readinessProbe") != null) {
                    return;
                }
            }
        }
        List<?> containers = t.containers();
        if (containers.isEmpty()) {
            return;
        }
        QuickFix fix = null;
        for (int i = 0; i < containers.size() && fix == null; i++) {
            if (containers.get(i) instanceof Map<?, ?> c && firstPort(c) != null) {
                Object port = firstPort(c);
                Map<String, Object> probe = new LinkedHashMap<>();
                probe.put("tcpSocket", new LinkedHashMap<>(Map.of("port", port)));
                probe.put("periodSeconds", 5L);
                fix = QuickFixes.set("Add a TCP readiness probe on port " + port, t.owner(),
                        YamlPath.index(t.containersPath(), i) + ".readinessProbe", probe);
            }
        }
        out.add(Rule.NO_READINESS_PROBE, t.owner(), YamlPath.index(t.containersPath(), 0), t.describe()
                + " is targeted by a Service but no container has a readinessProbe, so the Service sends it traffic "
                + "before it is ready; add one", fix);
    }

    /**
     * kube-score's pod-networkpolicy: a Pod is isolated for ingress (egress) only by a NetworkPolicy of its
     * namespace that selects it and has that policy type (policyTypes left out: Ingress, plus Egress when the
     * policy has egress rules).
     */
    static void isolation(PodTemplate t, List<KubeObject> policies, Findings out) {
        boolean ingress = false;
        boolean egress = false;
        for (KubeObject np : policies) {
            LabelSelector s = LabelSelector.of(Tree.at(np, "spec.podSelector"));
            if (!s.matches(t.labelsSeenBy(s))) {
                continue;
            }
            List<Object> types = Tree.list(np, "spec.policyTypes");
            if (types.isEmpty()) {
                ingress = true;
                egress |= !Tree.list(np, "spec.egress").isEmpty();
            } else {
                ingress |= types.contains("Ingress");
                egress |= types.contains("Egress");
            }
        }
        if (ingress && egress) {
            return;
        }
        String missing = !ingress && !egress ? "ingress or egress" : !ingress ? "ingress" : "egress";
        String ns = t.namespace();
        String meta = YamlPath.parent(t.labelsPath());
        out.add(Rule.NO_NETWORKPOLICY, t.owner(), meta, t.describe() + " is not isolated for " + missing + ": no "
                        + "NetworkPolicy of namespace " + ns + " selects it with policyTypes " + (!ingress && !egress ? "Ingress and Egress"
                        : !ingress ? "Ingress" : "Egress") + ", so it " + (!ingress ? "accepts traffic from anywhere" : "may connect anywhere")
                        + "; add a default-deny policy and allow what is needed",
                defaultDeny(ns, !ingress, !egress));
    }

    /** A namespace-wide default-deny policy for the missing directions; egress keeps DNS. */
    private static QuickFix defaultDeny(String ns, boolean ingress, boolean egress) {
        List<Object> types = new ArrayList<>();
        if (ingress) {
            types.add("Ingress");
        }
        if (egress) {
            types.add("Egress");
        }
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("apiVersion", "networking.k8s.io/v1");
        policy.put("kind", KubeKinds.NETWORK_POLICY);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", ingress && egress ? "default-deny" : ingress ? "default-deny-ingress" : "default-deny-egress");
        meta.put("namespace", ns);
        policy.put("metadata", meta);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("podSelector", new LinkedHashMap<>());
        spec.put("policyTypes", types);
        if (egress) {
            Map<String, Object> dns = new LinkedHashMap<>();
            dns.put("ports", new ArrayList<>(List.of(new LinkedHashMap<>(Map.of("protocol", "UDP", "port", 53L)),
                    new LinkedHashMap<>(Map.of("protocol", "TCP", "port", 53L)))));
            spec.put("egress", new ArrayList<>(List.of(dns)));
        }
        policy.put("spec", spec);
        return new QuickFix("Add a default-deny " + String.join(" and ", types.stream().map(String::valueOf).toList())
                + " NetworkPolicy to " + ns, d -> d.add(KubeObject.of(policy)));
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
}
