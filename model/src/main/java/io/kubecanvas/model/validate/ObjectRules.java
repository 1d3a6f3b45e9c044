package io.kubecanvas.model.validate;

import io.kubecanvas.model.KubeKinds;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.yaml.YamlPath;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Rules about one object on its own: identity (apiVersion, kind, names), required fields, label syntax,
 * port ranges and the selector of a workload against its own template.
 */
final class ObjectRules {
    private static final Set<String> SERVICE_TYPES = Set.of("ClusterIP", "NodePort", "LoadBalancer", "ExternalName");
    private static final Set<String> PATH_TYPES = Set.of("Prefix", "Exact", "ImplementationSpecific");

    private ObjectRules() {
    }

    /**
     * Checks identity (apiVersion, kind, name); returns the built-in kind whose rules apply, or null for a kind
     * validation has no schema for (only its metadata is checked then). A removed apiVersion is reported and the
     * object still checked by that version's schema, so the rest of it is worth reading.
     */
    static ServedKinds.Kind checkIdentity(KubeObject o, Findings out) {
        ServedKinds.Kind kind = ServedKinds.of(o.kind());
        if (o.apiVersion() == null) {
            String expected = kind == null ? null : kind.current();
            out.add(Rule.MISSING_FIELD, o, "", "apiVersion is missing" + (expected == null ? "; add the API group/version"
                            : "; add 'apiVersion: " + expected + "'"),
                    expected == null ? null : QuickFixes.set("Add apiVersion " + expected, o, "apiVersion", expected));
            // still checked below as the kind's served version: the rest of the object is worth reporting
        }
        if (o.kind() == null) {
            out.add(Rule.MISSING_FIELD, o, "", "kind is missing; add the kind of the object, e.g. 'kind: Pod'");
            return null;
        }
        if (!(Tree.at(o, "metadata") instanceof Map<?, ?>) || Tree.at(o, "metadata.name") == null && Tree.at(o, "metadata.generateName") == null) {
            out.add(Rule.MISSING_FIELD, o, "metadata", "metadata.name is missing; every object needs a name",
                    QuickFixes.set("Name it", o, "metadata.name", KubeNames.toDns1123Label(o.kind())));
        }
        if (kind == null) {
            return null; // reported once per kind by the reference rules (unknown-kind)
        }
        String version = o.apiVersion();
        if (version != null && !kind.serves(version)) {
            ServedKinds.Removed removed = kind.removed().get(version);
            out.add(Rule.UNKNOWN_API_VERSION, o, "apiVersion", o.kind() + " is not served as " + version
                            + (removed != null ? " (removed in Kubernetes " + removed.release() + ")" : "")
                            + "; use 'apiVersion: " + kind.current() + "'" + (removed != null ? " and its field names" : ""),
                    QuickFixes.set("Use apiVersion " + kind.current(), o, "apiVersion", kind.current()));
        }
        return kind;
    }

    /** Names and labels, which every object has, whatever its kind. */
    static void checkMetadata(KubeObject o, ServedKinds.Kind kind, Findings out) {
        checkName(o, kind == null ? ServedKinds.Names.PATH_SEGMENT : kind.names(), out);
        checkLabels(o, out, "metadata.labels");
    }

    /** The kind's required fields and ranges; {@code removedVersion}: written for a version no longer served. */
    static void check(KubeObject o, boolean removedVersion, Findings out) {
        switch (o.kind()) {
            case KubeKinds.POD -> checkPodSpec(o, out, "spec");
            case KubeKinds.DEPLOYMENT, KubeKinds.REPLICA_SET, "DaemonSet", "StatefulSet" ->
                    checkWorkload(o, out, "spec", !removedVersion, o.kind().equals("DaemonSet"));
            case "ReplicationController" -> checkWorkload(o, out, "spec", false, false);
            case "Job" -> checkJob(o, out, "spec");
            case "CronJob" -> {
                if (Tree.at(o, "spec.schedule") == null && Tree.at(o, "spec") instanceof Map<?, ?>) {
                    out.add(Rule.MISSING_FIELD, o, "spec", "CronJob has no spec.schedule; add a cron schedule such as \"0 * * * *\"");
                }
                if (Tree.at(o, "spec.jobTemplate") == null) {
                    out.add(Rule.MISSING_FIELD, o, "spec", "CronJob has no spec.jobTemplate; add the Job it runs");
                } else {
                    checkJob(o, out, "spec.jobTemplate.spec");
                }
            }
            case KubeKinds.SERVICE -> checkService(o, out);
            case KubeKinds.INGRESS -> checkIngress(o, out, removedVersion);
            case KubeKinds.NETWORK_POLICY -> checkNetworkPolicy(o, out);
            default -> {
            }
        }
    }

    private static void checkName(KubeObject o, ServedKinds.Names names, Findings out) {
        if (Tree.at(o, "metadata.name") instanceof String name) {
            String error = names.check.apply(name);
            if (error != null) {
                String fixed = names.repair.apply(name);
                out.add(Rule.INVALID_NAME, o, "metadata.name", o.kind() + " name '" + name + "' is not " + names.what + ": it "
                        + error + "; for example '" + fixed + "'", QuickFixes.set("Rename to " + fixed, o, "metadata.name", fixed));
            }
        }
        if (Tree.at(o, "metadata.namespace") instanceof String ns && !ns.isEmpty()) {
            String error = KubeNames.dns1123Label(ns);
            if (error != null) {
                String fixed = KubeNames.toDns1123Label(ns);
                out.add(Rule.INVALID_NAME, o, "metadata.namespace", "namespace '" + ns + "' is not a DNS-1123 label: it "
                        + error, QuickFixes.set("Use namespace " + fixed, o, "metadata.namespace", fixed));
            }
        }
    }

    static void checkLabels(KubeObject o, Findings out, String path) {
        if (!(Tree.at(o, path) instanceof Map<?, ?> labels)) {
            return;
        }
        for (Map.Entry<?, ?> e : labels.entrySet()) {
            String key = String.valueOf(e.getKey());
            String p = YamlPath.key(path, key);
            String keyError = KubeNames.labelKey(key);
            if (keyError != null) {
                out.add(Rule.INVALID_LABEL, o, p, "label key '" + key + "' is invalid: " + keyError);
            }
            Object v = e.getValue();
            if (v != null && !(v instanceof Map<?, ?>) && !(v instanceof List<?>)) {
                String valueError = KubeNames.labelValue(String.valueOf(v));
                if (valueError != null) {
                    out.add(Rule.INVALID_LABEL, o, p, "label value '" + v + "' of '" + key + "' is invalid: it " + valueError);
                }
            }
        }
    }

    // ---- Pods and workloads -------------------------------------------------------------------

    static void checkPodSpec(KubeObject o, Findings out, String specPath) {
        Object spec = Tree.at(o, specPath);
        if (!(spec instanceof Map<?, ?>)) {
            if (spec == null) {
                out.add(Rule.MISSING_FIELD, o, specPath, specPath + " is missing; a Pod needs a spec with containers");
            }
            return; // otherwise a wrong type, reported by the schema rules
        }
        String containersPath = specPath + ".containers";
        Object containers = Tree.at(o, containersPath);
        if (containers == null || containers instanceof List<?> l && l.isEmpty()) {
            out.add(Rule.MISSING_FIELD, o, containersPath, containersPath + " is missing or empty; add at least one container "
                    + "with a name and an image");
        }
        checkContainers(o, out, containersPath);
        checkContainers(o, out, specPath + ".initContainers");
    }

    private static void checkContainers(KubeObject o, Findings out, String containersPath) {
        List<Object> containers = Tree.list(o, containersPath);
        for (int i = 0; i < containers.size(); i++) {
            if (!(containers.get(i) instanceof Map<?, ?> c)) {
                continue; // wrong type, reported by the schema rules
            }
            String cp = YamlPath.index(containersPath, i);
            Object name = c.get("name");
            if (name == null) {
                out.add(Rule.MISSING_FIELD, o, cp, "container " + i + " has no name; add 'name:' (a DNS-1123 label)",
                        QuickFixes.set("Name it", o, cp + ".name", c.get("image") instanceof String img
                                ? KubeNames.toDns1123Label(imageName(img)) : "container-" + i));
            } else if (name instanceof String n) {
                String e = KubeNames.dns1123Label(n);
                if (e != null) {
                    String fixed = KubeNames.toDns1123Label(n);
                    out.add(Rule.INVALID_NAME, o, cp + ".name", "container name '" + n + "' is not a DNS-1123 label: it " + e,
                            QuickFixes.set("Rename to " + fixed, o, cp + ".name", fixed));
                }
            }
            if (c.get("image") == null) {
                out.add(Rule.MISSING_FIELD, o, cp, "container " + (name == null ? i : "'" + name + "'")
                        + " has no image; add 'image:' such as nginx:1.27");
            }
            if (c.get("ports") instanceof List<?> ports) {
                Set<String> portNames = new HashSet<>();
                for (int j = 0; j < ports.size(); j++) {
                    if (!(ports.get(j) instanceof Map<?, ?> p)) {
                        continue;
                    }
                    String pp = YamlPath.index(cp + ".ports", j);
                    if (p.get("containerPort") == null) {
                        out.add(Rule.MISSING_FIELD, o, pp, "port " + j + " has no containerPort; add the port the container listens on");
                    }
                    checkPort(o, out, p.get("containerPort"), pp + ".containerPort");
                    checkPort(o, out, p.get("hostPort"), pp + ".hostPort");
                    checkPortName(o, out, p.get("name"), pp + ".name");
                    if (p.get("name") instanceof String pn && !portNames.add(pn)) {
                        // The API server refuses a container whose ports share a name (Duplicate value).
                        out.add(Rule.INVALID_VALUE, o, pp + ".name", "port name '" + pn + "' is used by another port of "
                                + "this container; give each port its own name");
                    }
                }
            }
        }
    }

    private static String imageName(String image) {
        String s = image;
        int at = s.indexOf('@');
        if (at >= 0) {
            s = s.substring(0, at);
        }
        int slash = s.lastIndexOf('/');
        s = s.substring(slash + 1);
        int colon = s.indexOf(':');
        return colon >= 0 ? s.substring(0, colon) : s;
    }

    /**
     * A workload with a Pod template at {@code spec.template}: replicas, the selector (required for the apps/v1
     * kinds, optional and a plain map for ReplicationControllers and Jobs) against the template's labels, and
     * the template's Pod spec.
     */
    private static void checkWorkload(KubeObject o, Findings out, String spec, boolean selectorRequired, boolean daemon) {
        if (!daemon && Tree.at(o, spec + ".replicas") instanceof Number n && n.longValue() < 0) {
            out.add(Rule.INVALID_VALUE, o, spec + ".replicas", "replicas must be 0 or more, not " + n);
        }
        String template = spec + ".template";
        String labelsPath = template + ".metadata.labels";
        Object selector = Tree.at(o, spec + ".selector");
        if (selector == null && selectorRequired) {
            Map<?, ?> labels = Tree.at(o, labelsPath) instanceof Map<?, ?> m ? m : Map.of();
            out.add(Rule.MISSING_FIELD, o, spec, o.kind() + " has no " + spec + ".selector; it must select the labels of its Pod template",
                    labels.isEmpty() ? null : QuickFixes.set("Select the template labels", o, spec + ".selector",
                            Map.of("matchLabels", new LinkedHashMap<>(labels))));
        }
        if (Tree.at(o, template) == null) {
            out.add(Rule.MISSING_FIELD, o, spec, o.kind() + " has no " + template + "; add the Pod template (metadata.labels and spec.containers)");
            return;
        }
        checkLabels(o, out, labelsPath);
        boolean plainSelector = "ReplicationController".equals(o.kind());
        checkLabels(o, out, plainSelector ? spec + ".selector" : spec + ".selector.matchLabels");
        checkPodSpec(o, out, template + ".spec");
        if (selector instanceof Map<?, ?>) {
            LabelSelector s = plainSelector ? LabelSelector.plain(selector) : LabelSelector.of(selector);
            Map<?, ?> labels = Tree.at(o, labelsPath) instanceof Map<?, ?> m ? m : Map.of();
            if (s.isEmpty()) {
                if (!plainSelector) {
                    out.add(Rule.MISSING_FIELD, o, spec + ".selector", spec + ".selector is empty; add matchLabels that the Pod template carries",
                            labels.isEmpty() ? null : QuickFixes.set("Select the template labels", o, spec + ".selector.matchLabels",
                                    new LinkedHashMap<>(labels)));
                }
            } else if (!s.matches(labels)) {
                Map<Object, Object> missing = new LinkedHashMap<>();
                s.matchLabels().forEach((k, v) -> {
                    if (!String.valueOf(v).equals(String.valueOf(labels.get(String.valueOf(k))))) {
                        missing.put(k, v);
                    }
                });
                out.add(Rule.SELECTOR_TEMPLATE_MISMATCH, o, spec + ".selector", spec + ".selector does not match the labels of "
                                + labelsPath + (missing.isEmpty() ? "" : " (missing " + missing + ")")
                                + "; the API server rejects this: make the template carry the selected labels",
                        missing.isEmpty() ? null : QuickFixes.addLabels("Add " + missing + " to the Pod template", o,
                                labelsPath, missing));
            }
        }
    }

    /**
     * A Job (or a CronJob's job template): the Pod template, whose restartPolicy must be OnFailure or Never
     * (batch validation: "spec.template.spec.restartPolicy: Required value: valid values: OnFailure, Never";
     * left out, it defaults to Always, which a Job refuses).
     */
    private static void checkJob(KubeObject o, Findings out, String spec) {
        checkWorkload(o, out, spec, false, true);
        String podSpec = spec + ".template.spec";
        if (!(Tree.at(o, podSpec) instanceof Map<?, ?>)) {
            return;
        }
        Object policy = Tree.at(o, podSpec + ".restartPolicy");
        if (policy == null) {
            out.add(Rule.MISSING_FIELD, o, podSpec, "a Job's Pod template needs restartPolicy OnFailure or Never (the default, "
                    + "Always, is refused for Jobs); add 'restartPolicy: OnFailure'",
                    QuickFixes.set("Add restartPolicy: OnFailure", o, podSpec + ".restartPolicy", "OnFailure"));
        } else if (policy instanceof String p && !p.equals("OnFailure") && !p.equals("Never")) {
            out.add(Rule.INVALID_VALUE, o, podSpec + ".restartPolicy", "restartPolicy '" + p + "' is not allowed in a Job; "
                    + "use OnFailure or Never", QuickFixes.set("Use restartPolicy: OnFailure", o, podSpec + ".restartPolicy", "OnFailure"));
        }
    }

    // ---- Services -----------------------------------------------------------------------------

    private static void checkService(KubeObject o, Findings out) {
        Object type = Tree.at(o, "spec.type");
        String t = type instanceof String s ? s : "ClusterIP";
        if (type instanceof String s && !SERVICE_TYPES.contains(s)) {
            String close = QuickFixes.closest(s, SERVICE_TYPES);
            out.add(Rule.INVALID_VALUE, o, "spec.type", "Service type '" + s + "' is not one of ClusterIP, NodePort, "
                            + "LoadBalancer, ExternalName", close == null ? null : QuickFixes.set("Use " + close, o, "spec.type", close));
        }
        List<Object> ports = Tree.list(o, "spec.ports");
        boolean headless = "None".equals(Tree.at(o, "spec.clusterIP"));
        if (ports.isEmpty() && !"ExternalName".equals(t) && !headless) {
            out.add(Rule.MISSING_FIELD, o, "spec", "Service has no spec.ports; add at least one port (port and targetPort)");
        }
        if ("ExternalName".equals(t) && Tree.at(o, "spec.externalName") == null) {
            out.add(Rule.MISSING_FIELD, o, "spec", "an ExternalName Service needs spec.externalName (a DNS name)");
        }
        for (int i = 0; i < ports.size(); i++) {
            if (!(ports.get(i) instanceof Map<?, ?> p)) {
                continue;
            }
            String pp = YamlPath.index("spec.ports", i);
            if (p.get("port") == null) {
                out.add(Rule.MISSING_FIELD, o, pp, "Service port " + i + " has no 'port'; add the port clients connect to",
                        p.get("targetPort") instanceof Number n ? QuickFixes.set("Use port " + n, o, pp + ".port", n) : null);
            }
            if (ports.size() > 1 && p.get("name") == null) {
                // At the missing name (shown at the port), so that it is not taken for the missing 'port' above.
                out.add(Rule.MISSING_FIELD, o, pp + ".name", "Service port " + i + " needs a name: a Service with several ports must name each",
                        QuickFixes.set("Name it", o, pp + ".name", "port-" + (p.get("port") == null ? i : p.get("port"))));
            }
            checkPort(o, out, p.get("port"), pp + ".port");
            Object target = p.get("targetPort");
            if (target instanceof Number) {
                checkPort(o, out, target, pp + ".targetPort");
            } else {
                checkPortName(o, out, target, pp + ".targetPort");
            }
            // A Service port's name is a DNS-1123 label (ValidateServicePort: IsDNS1123Label), up to 63 characters;
            // the 15-character IANA_SVC_NAME limit applies to container ports and to targetPort names.
            if (p.get("name") instanceof String name && KubeNames.dns1123Label(name) != null) {
                out.add(Rule.INVALID_NAME, o, pp + ".name", "Service port name '" + name + "' is not a DNS-1123 label: it "
                        + KubeNames.dns1123Label(name));
            }
            Object nodePort = p.get("nodePort");
            if (nodePort instanceof Number n) {
                long v = n.longValue();
                if (!"NodePort".equals(t) && !"LoadBalancer".equals(t)) {
                    out.add(Rule.INVALID_VALUE, o, pp + ".nodePort", "nodePort is only allowed on NodePort and LoadBalancer "
                            + "Services; remove it or set spec.type: NodePort", QuickFixes.set("Remove nodePort", o, pp + ".nodePort", null));
                } else if (v < 30000 || v > 32767) {
                    out.add(Rule.NODEPORT_RANGE, o, pp + ".nodePort", "nodePort " + v + " is outside the NodePort range "
                                    + "30000-32767; pick a port in that range or leave it out to get one assigned",
                            QuickFixes.set("Leave nodePort to the cluster", o, pp + ".nodePort", null));
                }
            }
        }
        checkLabels(o, out, "spec.selector");
    }

    // ---- Ingresses ----------------------------------------------------------------------------

    /** Rules, paths and backends; written for a removed version, pathType is optional and backends use serviceName. */
    private static void checkIngress(KubeObject o, Findings out, boolean removedVersion) {
        IngressBackends backends = IngressBackends.of(o);
        if (Tree.at(o, backends.defaultBackendPath()) instanceof Map<?, ?>) {
            checkBackend(o, out, backends.read(backends.defaultBackendPath()), backends.legacy());
        }
        List<Object> rules = Tree.list(o, "spec.rules");
        if (rules.isEmpty() && Tree.at(o, backends.defaultBackendPath()) == null) {
            out.add(Rule.MISSING_FIELD, o, "spec", "Ingress has neither spec.rules nor " + backends.defaultBackendPath()
                    + "; add a rule routing to a Service");
        }
        for (int i = 0; i < rules.size(); i++) {
            String rp = YamlPath.index("spec.rules", i);
            List<Object> paths = Tree.list(o, rp + ".http.paths");
            for (int j = 0; j < paths.size(); j++) {
                if (!(paths.get(j) instanceof Map<?, ?> p)) {
                    continue;
                }
                String pp = YamlPath.index(rp + ".http.paths", j);
                if (p.get("pathType") == null) {
                    if (!removedVersion) {
                        out.add(Rule.MISSING_FIELD, o, pp, "path " + j + " has no pathType; add 'pathType: Prefix' (or Exact)",
                                QuickFixes.set("Add pathType: Prefix", o, pp + ".pathType", "Prefix"));
                    }
                } else if (p.get("pathType") instanceof String pt && !PATH_TYPES.contains(pt)) {
                    out.add(Rule.INVALID_VALUE, o, pp + ".pathType", "pathType '" + pt + "' is not one of Prefix, Exact, ImplementationSpecific");
                }
                if (p.get("path") instanceof String path && !path.startsWith("/")) {
                    out.add(Rule.INVALID_VALUE, o, pp + ".path", "path '" + path + "' must start with '/'",
                            QuickFixes.set("Use /" + path, o, pp + ".path", "/" + path));
                }
                if (p.get("backend") == null) {
                    out.add(Rule.MISSING_FIELD, o, pp, "path " + j + " has no backend; add backend."
                            + (backends.legacy() ? "serviceName and servicePort" : "service.name and port"));
                } else if (p.get("backend") instanceof Map<?, ?>) {
                    checkBackend(o, out, backends.read(pp + ".backend"), backends.legacy());
                }
            }
        }
    }

    private static void checkBackend(KubeObject o, Findings out, IngressBackends.Backend b, boolean legacy) {
        if (b.resource() || legacy && Tree.at(o, b.path() + ".service") instanceof Map<?, ?>) {
            return; // a v1 backend under a removed version: unknown-api-version and unknown-field say it already
        }
        if (!legacy && !(Tree.at(o, b.path() + ".service") instanceof Map<?, ?>)) {
            out.add(Rule.MISSING_FIELD, o, b.path(), "backend has no service; add service.name and service.port.number");
            return;
        }
        if (b.serviceName() == null) {
            out.add(Rule.MISSING_FIELD, o, legacy ? b.path() : b.path() + ".service", "backend has no Service name; "
                    + (legacy ? "add serviceName" : "name the Service to route to"));
        }
        if (b.portNumber() == null && b.portName() == null) {
            out.add(Rule.MISSING_FIELD, o, legacy ? b.path() : b.path() + ".service", "backend has no Service port; "
                    + (legacy ? "add servicePort" : "add port.number or port.name"));
        }
        checkPort(o, out, b.portNumber(), b.portPath());
    }

    // ---- NetworkPolicies ----------------------------------------------------------------------

    private static void checkNetworkPolicy(KubeObject o, Findings out) {
        if (Tree.at(o, "spec.podSelector") == null) {
            out.add(Rule.MISSING_FIELD, o, "spec", "NetworkPolicy has no spec.podSelector; use 'podSelector: {}' to select every Pod of the namespace",
                    QuickFixes.set("Select every Pod", o, "spec.podSelector", new LinkedHashMap<>()));
        }
        checkLabels(o, out, "spec.podSelector.matchLabels");
        for (String dir : new String[]{"ingress", "egress"}) {
            List<Object> rules = Tree.list(o, "spec." + dir);
            for (int i = 0; i < rules.size(); i++) {
                String rp = YamlPath.index("spec." + dir, i);
                List<Object> ports = Tree.list(o, rp + ".ports");
                for (int j = 0; j < ports.size(); j++) {
                    if (ports.get(j) instanceof Map<?, ?> p && p.get("port") instanceof Number) {
                        checkPort(o, out, p.get("port"), YamlPath.index(rp + ".ports", j) + ".port");
                    }
                }
            }
        }
    }

    // ---- ports --------------------------------------------------------------------------------

    static void checkPort(KubeObject o, Findings out, Object value, String path) {
        if (value instanceof Number n && !(value instanceof Double)) {
            long v = n.longValue();
            if (v < 1 || v > 65535) {
                out.add(Rule.PORT_RANGE, o, path, "port " + v + " is outside 1-65535");
            }
        }
    }

    private static void checkPortName(KubeObject o, Findings out, Object value, String path) {
        if (value instanceof String s) {
            String e = KubeNames.portName(s);
            if (e != null) {
                out.add(Rule.INVALID_NAME, o, path, "port name '" + s + "' is invalid: it " + e);
            }
        }
    }
}
