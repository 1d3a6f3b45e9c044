package io.kubecanvas.model.validate;

import io.kubecanvas.model.Design;
import io.kubecanvas.model.KubeKinds;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.ObjectKey;
import io.kubecanvas.model.yaml.YamlPath;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rules across objects: what Services, Ingresses and NetworkPolicies point at, duplicates, NodePort
 * claims and undeclared namespaces. Pods are indexed once by namespace and by label, so a run stays
 * linear in the size of the design.
 */
final class ReferenceRules {
    /** Namespaces every cluster has. */
    private static final Set<String> BUILT_IN_NAMESPACES = Set.of("default", "kube-system", "kube-public", "kube-node-lease");

    private final List<KubeObject> objects;
    private final Findings out;
    /** Pod templates by namespace. */
    private final Map<String, List<PodTemplate>> pods = new HashMap<>();
    /** Pod templates by namespace, then by "key=value" of each label. */
    private final Map<String, Map<String, List<PodTemplate>>> byLabel = new HashMap<>();
    /** Services by namespace and name. */
    private final Map<String, KubeObject> services = new HashMap<>();
    /** "namespace/name" of every Secret, and of every Secret a cert-manager Certificate writes. */
    private final Set<String> secrets = new HashSet<>();
    /** NetworkPolicies by namespace. */
    private final Map<String, List<KubeObject>> policies = new HashMap<>();
    /** Templates a Service selects (identity). */
    private final Set<PodTemplate> targeted = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    ReferenceRules(List<KubeObject> objects, Findings out) {
        this.objects = objects;
        this.out = out;
        for (KubeObject o : objects) {
            if (o.kind() == null) {
                continue;
            }
            PodTemplate t = PodTemplate.of(o);
            if (t != null) {
                String ns = Tree.namespace(o);
                pods.computeIfAbsent(ns, k -> new ArrayList<>()).add(t);
                Map<String, List<PodTemplate>> idx = byLabel.computeIfAbsent(ns, k -> new HashMap<>());
                t.labels().forEach((k, v) -> idx.computeIfAbsent(k + "=" + v, x -> new ArrayList<>()).add(t));
            }
            if (KubeKinds.SERVICE.equals(o.kind()) && Tree.name(o) != null) {
                services.putIfAbsent(Tree.namespace(o) + "/" + Tree.name(o), o);
            }
            if (KubeKinds.SECRET.equals(o.kind()) && Tree.name(o) != null) {
                secrets.add(Tree.namespace(o) + "/" + Tree.name(o));
            }
            if ("Certificate".equals(o.kind()) && Tree.at(o, "spec.secretName") instanceof String secret) {
                secrets.add(Tree.namespace(o) + "/" + secret);
            }
            if (KubeKinds.NETWORK_POLICY.equals(o.kind())) {
                policies.computeIfAbsent(Tree.namespace(o), k -> new ArrayList<>()).add(o);
            }
        }
    }

    void check(Design design) {
        Map<ObjectKey, KubeObject> seen = new HashMap<>();
        Map<Long, KubeObject> nodePorts = new HashMap<>();
        Set<String> declared = new HashSet<>();
        for (KubeObject o : objects) {
            if (KubeKinds.NAMESPACE.equals(o.kind()) && Tree.name(o) != null) {
                declared.add(Tree.name(o));
            }
        }
        Map<String, List<KubeObject>> unknownKinds = new java.util.LinkedHashMap<>();
        Set<String> reportedNamespaces = new HashSet<>();
        for (KubeObject o : objects) {
            if (o.kind() == null || Tree.name(o) == null) {
                continue;
            }
            KubeObject first = seen.putIfAbsent(new ObjectKey(o.kind(), Tree.namespace(o), Tree.name(o)), o);
            if (first != null) {
                out.add(Rule.DUPLICATE_OBJECT, o, "metadata.name", o.kind() + " '" + Tree.name(o) + "' is defined twice (first at "
                        + first.position("metadata.name") + "); rename or remove one");
            }
            String ns = Tree.namespace(o);
            if (!ns.isEmpty() && !BUILT_IN_NAMESPACES.contains(ns) && !declared.contains(ns) && reportedNamespaces.add(ns)) {
                out.add(Rule.NAMESPACE_NOT_DECLARED, o, "metadata.namespace", "namespace '" + ns + "' is not declared in the "
                        + "design; add a Namespace object (or create it in the cluster first)", addNamespace(ns));
            }
            if (ServedKinds.of(o.kind()) == null) {
                unknownKinds.computeIfAbsent(o.kind() + " (" + o.apiVersion() + ")", k -> new ArrayList<>()).add(o);
            }
            switch (o.kind()) {
                case KubeKinds.SERVICE -> checkService(o, nodePorts);
                case KubeKinds.INGRESS -> checkIngress(o);
                case KubeKinds.NETWORK_POLICY -> checkNetworkPolicy(o);
                case "PodDisruptionBudget" -> checkDisruptionBudget(o);
                default -> {
                }
            }
        }
        for (List<PodTemplate> inNamespace : pods.values()) {
            for (PodTemplate t : inNamespace) {
                if (t.isBuiltInWorkload()) {
                    PracticeRules.readinessProbe(t, targeted.contains(t), out);
                    PracticeRules.isolation(t, policies.getOrDefault(t.namespace(), List.of()), out);
                }
            }
        }
        reportUnknownKinds(unknownKinds);
    }

    /** One finding per kind the validator has no schema for, at its first object. */
    private void reportUnknownKinds(Map<String, List<KubeObject>> unknownKinds) {
        Map<String, KubeObject> definitions = new HashMap<>();
        for (KubeObject o : objects) {
            if ("CustomResourceDefinition".equals(o.kind()) && Tree.at(o, "spec.names.kind") instanceof String k) {
                definitions.putIfAbsent(k + "/" + Tree.at(o, "spec.group"), o);
            }
        }
        for (List<KubeObject> same : unknownKinds.values()) {
            KubeObject first = same.get(0);
            String api = first.apiVersion() == null ? "" : first.apiVersion();
            String group = api.contains("/") ? api.substring(0, api.indexOf('/')) : "";
            KubeObject crd = definitions.get(first.kind() + "/" + group);
            out.add(Rule.UNKNOWN_KIND, first, "kind", "kind " + first.kind() + (first.apiVersion() == null ? "" : " (" + api + ")")
                    + (same.size() > 1 ? ", " + same.size() + " objects," : "") + " is carried through with only its metadata checked"
                    + (crd != null ? "; its CustomResourceDefinition " + Tree.name(crd) + " is in the design, its schema is not checked"
                    : "; KubeCanvas has no schema for it"));
        }
    }

    private static QuickFix addNamespace(String ns) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("apiVersion", "v1");
        tree.put("kind", KubeKinds.NAMESPACE);
        tree.put("metadata", new LinkedHashMap<>(Map.of("name", ns)));
        return new QuickFix("Add Namespace " + ns, d -> d.add(KubeObject.of(tree)));
    }

    /** The Pods of a namespace a selector selects. */
    List<PodTemplate> selected(String ns, LabelSelector s) {
        List<PodTemplate> candidates = pods.getOrDefault(ns, List.of());
        for (Map.Entry<?, ?> e : s.matchLabels().entrySet()) {
            // Index on a label the template writes; the labels controllers add are in no template.
            if (!PodTemplate.CONTROLLER_LABELS.contains(String.valueOf(e.getKey()))) {
                candidates = byLabel.getOrDefault(ns, Map.of()).getOrDefault(e.getKey() + "=" + e.getValue(), List.of());
                break;
            }
        }
        List<PodTemplate> out = new ArrayList<>(2);
        for (PodTemplate t : candidates) {
            if (s.matches(t.labelsSeenBy(s))) {
                out.add(t);
            }
        }
        return out;
    }

    private void checkService(KubeObject svc, Map<Long, KubeObject> nodePorts) {
        List<Object> ports = Tree.list(svc, "spec.ports");
        for (int i = 0; i < ports.size(); i++) {
            if (ports.get(i) instanceof Map<?, ?> p && p.get("nodePort") instanceof Number n) {
                KubeObject other = nodePorts.putIfAbsent(n.longValue(), svc);
                if (other != null && other != svc) {
                    out.add(Rule.NODEPORT_CONFLICT, svc, YamlPath.index("spec.ports", i) + ".nodePort", "nodePort " + n
                                    + " is already claimed by Service " + Tree.name(other) + " (" + other.position("spec") + "); "
                                    + "pick another port or leave it out",
                            QuickFixes.set("Leave nodePort to the cluster", svc, YamlPath.index("spec.ports", i) + ".nodePort", null));
                }
            }
        }
        if (!(Tree.at(svc, "spec.selector") instanceof Map<?, ?> sel) || sel.isEmpty()
                || "ExternalName".equals(Tree.at(svc, "spec.type"))) {
            return; // no selector (endpoints managed by hand), or a DNS alias that ignores it
        }
        LabelSelector s = LabelSelector.plain(sel);
        List<PodTemplate> selected = selected(Tree.namespace(svc), s);
        targeted.addAll(selected);
        if (selected.isEmpty()) {
            out.add(Rule.SERVICE_SELECTOR_MATCHES_NOTHING, svc, "spec.selector", "Service " + Tree.name(svc) + " selects "
                    + sel + " but no Pod or Pod template in namespace " + Tree.namespace(svc) + " carries these labels, "
                    + "so it has no endpoints; label the Pods or change the selector", labelClosestPod(svc, sel));
            return;
        }
        for (int i = 0; i < ports.size(); i++) {
            if (!(ports.get(i) instanceof Map<?, ?> p)) {
                continue;
            }
            Object target = p.get("targetPort") != null ? p.get("targetPort") : p.get("port");
            if (!(target instanceof Number) && !(target instanceof String)) {
                continue;
            }
            boolean byName = target instanceof String;
            boolean exposed = false;
            boolean unknown = false;
            for (PodTemplate t : selected) {
                exposed |= t.exposes(target);
                unknown |= !byName && !t.declaresPorts();
            }
            if (!exposed && !unknown) {
                String pp = YamlPath.index("spec.ports", i) + (p.get("targetPort") != null ? ".targetPort" : ".port");
                String whose = " of the selected " + selected.get(0).describe() + (selected.size() > 1 ? " (and "
                        + (selected.size() - 1) + " more)" : "");
                if (byName) {
                    // A named targetPort is looked up among the containers' port names: without one the Service
                    // gets no endpoint port for it (Service docs, "Defining a Service").
                    out.add(Rule.SERVICE_TARGET_PORT, svc, pp, "targetPort " + target + " is not a named port" + whose
                            + "; the Service gets no endpoint for it: name a containerPort '" + target + "' or use its number",
                            retarget(svc, pp, selected.get(0)));
                } else {
                    // Declaring a containerPort is informational (Pod API: "not specifying a port here DOES NOT prevent
                    // that port from being exposed"): traffic reaches the port if the container listens on it.
                    out.add(Rule.SERVICE_TARGET_PORT, Severity.INFO, svc, pp, "targetPort " + target + " is not a declared "
                            + "containerPort" + whose + "; traffic still reaches it if the container listens there, but "
                            + "declaring the port documents it", retarget(svc, pp, selected.get(0)));
                }
            }
        }
    }

    /** Labels the Pod (or template) of the namespace that already shares most of the selector. */
    private QuickFix labelClosestPod(KubeObject svc, Map<?, ?> selector) {
        List<PodTemplate> candidates = pods.getOrDefault(Tree.namespace(svc), List.of());
        PodTemplate best = null;
        int bestScore = -1;
        for (PodTemplate t : candidates) {
            int score = 0;
            for (Map.Entry<?, ?> e : selector.entrySet()) {
                if (String.valueOf(e.getValue()).equals(String.valueOf(t.labels().get(String.valueOf(e.getKey()))))) {
                    score += 2;
                }
                if (String.valueOf(e.getValue()).equals(Tree.name(t.owner()))) {
                    score += 1;
                }
            }
            if (score > bestScore) {
                best = t;
                bestScore = score;
            }
        }
        if (best == null) {
            return null;
        }
        return QuickFixes.addLabels("Add " + selector + " to " + best.describe(), best.owner(), best.labelsPath(), selector);
    }

    /** Points the Service at the first port the Pod declares, when it declares exactly one. */
    private static QuickFix retarget(KubeObject svc, String path, PodTemplate t) {
        Object only = null;
        int count = 0;
        for (Object c : t.containers()) {
            if (c instanceof Map<?, ?> cm && cm.get("ports") instanceof List<?> ports) {
                for (Object p : ports) {
                    if (p instanceof Map<?, ?> pm && pm.get("containerPort") instanceof Number n) {
                        only = n;
                        count++;
                    }
                }
            }
        }
        return count == 1 ? QuickFixes.set("Target port " + only, svc, path, only) : null;
    }

    private void checkIngress(KubeObject ing) {
        for (IngressBackends.Backend b : IngressBackends.of(ing).all()) {
            checkBackend(ing, b);
        }
        List<Object> tls = Tree.list(ing, "spec.tls");
        boolean certManager = Tree.at(ing, "metadata.annotations") instanceof Map<?, ?> a
                && (a.containsKey("cert-manager.io/cluster-issuer") || a.containsKey("cert-manager.io/issuer")
                || "true".equals(String.valueOf(a.get("kubernetes.io/tls-acme"))));
        for (int i = 0; i < tls.size(); i++) {
            String sp = YamlPath.index("spec.tls", i) + ".secretName";
            if (Tree.at(ing, sp) instanceof String secret && !certManager
                    && !secrets.contains(Tree.namespace(ing) + "/" + secret)) {
                out.add(Rule.INGRESS_TLS_SECRET_MISSING, ing, sp, "TLS Secret '" + secret + "' is not in namespace "
                        + Tree.namespace(ing) + " of the design; the Ingress controller serves its default certificate "
                        + "instead: add a kubernetes.io/tls Secret of that name, or let cert-manager issue it");
            }
        }
    }

    private void checkBackend(KubeObject ing, IngressBackends.Backend b) {
        if (!(b.serviceName() instanceof String name)) {
            return;
        }
        KubeObject svc = services.get(Tree.namespace(ing) + "/" + name);
        if (svc == null) {
            String close = QuickFixes.closest(name, services.values().stream()
                    .filter(s -> Tree.namespace(s).equals(Tree.namespace(ing))).map(KubeObject::name).toList());
            out.add(Rule.INGRESS_BACKEND_SERVICE_MISSING, ing, b.namePath(), "backend Service '" + name
                            + "' is not in namespace " + Tree.namespace(ing) + " of the design" + (close != null ? "; did you mean '"
                            + close + "'?" : "; add the Service or fix the name"),
                    close == null ? null : QuickFixes.set("Use Service " + close, ing, b.namePath(), close));
            return;
        }
        Object number = b.portNumber();
        Object portName = b.portName();
        List<Object> ports = Tree.list(svc, "spec.ports");
        boolean found = false;
        for (Object p : ports) {
            if (p instanceof Map<?, ?> pm) {
                found |= number != null && String.valueOf(number).equals(String.valueOf(pm.get("port")));
                found |= portName != null && String.valueOf(portName).equals(String.valueOf(pm.get("name")));
            }
        }
        if (!found && (number != null || portName != null)) {
            QuickFix fix = null;
            if (ports.size() == 1 && ports.get(0) instanceof Map<?, ?> pm && pm.get("port") instanceof Number n) {
                fix = IngressBackends.of(ing).legacy() ? QuickFixes.set("Use port " + n, ing, b.portPath(), n)
                        : QuickFixes.edit("Use port " + n, ing, o -> o.with(b.path() + ".service.port",
                        new LinkedHashMap<>(Map.of("number", n))));
            }
            out.add(Rule.INGRESS_BACKEND_PORT_MISSING, ing, b.portPath(), "Service " + name + " has no port "
                    + (number != null ? number : "named '" + portName + "'") + "; use one of its ports" + portList(ports), fix);
        }
    }

    private static String portList(List<Object> ports) {
        List<String> names = new ArrayList<>();
        for (Object p : ports) {
            if (p instanceof Map<?, ?> pm && pm.get("port") != null) {
                names.add(pm.get("name") != null ? pm.get("port") + " (" + pm.get("name") + ")" : String.valueOf(pm.get("port")));
            }
        }
        return names.isEmpty() ? "" : " (" + String.join(", ", names) + ")";
    }

    private void checkNetworkPolicy(KubeObject np) {
        Object selector = Tree.at(np, "spec.podSelector");
        if (!(selector instanceof Map<?, ?>)) {
            return;
        }
        LabelSelector s = LabelSelector.of(selector);
        if (s.isEmpty()) {
            return; // selects every Pod of the namespace, by design
        }
        if (selected(Tree.namespace(np), s).isEmpty()) {
            out.add(Rule.NETWORKPOLICY_SELECTS_NOTHING, np, "spec.podSelector", "NetworkPolicy " + Tree.name(np)
                    + " selects no Pod or Pod template in namespace " + Tree.namespace(np) + ", so it isolates nothing; "
                    + "fix the podSelector labels or use 'podSelector: {}' for the whole namespace");
        }
    }

    /**
     * A PodDisruptionBudget protects the Pods its selector selects (policy/v1: an empty selector selects the
     * whole namespace, a missing one nothing; policy/v1beta1: an empty one nothing either).
     */
    private void checkDisruptionBudget(KubeObject pdb) {
        Object selector = Tree.at(pdb, "spec.selector");
        boolean v1beta1 = "policy/v1beta1".equals(pdb.apiVersion());
        String ns = Tree.namespace(pdb);
        String why;
        if (!(selector instanceof Map<?, ?>)) {
            why = "has no spec.selector, so it selects no Pod";
        } else {
            LabelSelector s = LabelSelector.of(selector);
            if (s.isEmpty()) {
                if (!v1beta1) {
                    return;
                }
                why = "has an empty selector, which selects no Pod in policy/v1beta1";
            } else if (selected(ns, s).isEmpty()) {
                why = "selects no Pod or Pod template in namespace " + ns;
            } else {
                return;
            }
        }
        out.add(Rule.PDB_SELECTS_NOTHING, pdb, selector == null ? "spec" : "spec.selector", "PodDisruptionBudget "
                + Tree.name(pdb) + " " + why + ", so it protects nothing during node drains; select the labels of the "
                + "workload's Pod template");
    }
}
