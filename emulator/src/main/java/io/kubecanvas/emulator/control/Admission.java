package io.kubecanvas.emulator.control;

import io.kubecanvas.model.net.LabelSelectors;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.kubecanvas.model.KubeKinds;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.ObjectKey;
import io.kubecanvas.model.Trees;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The API server's write path for the design's objects: each object is validated (the checks that
 * matter to the emulator, in the API server's words), converted to what the store holds, and created,
 * updated or deleted. Kinds the emulator has no use for (RBAC, ...) are accepted and ignored.
 * Namespaces that objects use are implied, as if created first.
 */
final class Admission {
    private final ControlContext ctx;
    private final ServiceAllocator services;

    Admission(ControlContext ctx, ServiceAllocator services) {
        this.ctx = ctx;
        this.services = services;
    }

    /** Creates or updates the store's version of {@code object}; {@code previous} is the design's last version. */
    void write(KubeObject object, KubeObject previous) throws AdmissionException {
        String kind = object.kind();
        String ns = object.namespace();
        String name = object.name();
        if (name == null || name.isBlank()) {
            throw new AdmissionException(kind + " is invalid: metadata.name: Required value: name or generateName is required");
        }
        if (Kinds.ENDPOINTS.equals(kind) || Kinds.ENDPOINT_SLICE.equals(kind)) {
            checkName(kind, name, ns);
            ctx.store.put(storeKey(object.key()), Kinds.ENDPOINTS.equals(kind) ? ManualEndpoints.endpoints(ns, object)
                    : ManualEndpoints.endpointSlice(ns, object));
            return;
        }
        if (!KubeKinds.isFirstClass(kind) && !Kinds.DAEMON_SET.equals(kind) && !Kinds.STATEFUL_SET.equals(kind)) {
            return;
        }
        checkName(kind, name, ns);
        Object typed = TypedView.of(object);
        if (typed == null) {
            return; // a first-class kind without a typed view: nothing in the emulator reads it
        }
        ObjectKey key = Kinds.key(kind, ns, name);
        switch (kind) {
            case KubeKinds.NAMESPACE -> ctx.store.put(Kinds.key(Kinds.NAMESPACE, "", name),
                    new NamespaceObject(name, object.labels()));
            case KubeKinds.DEPLOYMENT -> ctx.store.put(key, deployment(ns, (Deployment) typed, object));
            case KubeKinds.REPLICA_SET -> ctx.store.put(key, replicaSet(ns, (ReplicaSet) typed));
            case Kinds.DAEMON_SET -> ctx.store.put(key, daemonSet(ns, (DaemonSet) typed, object));
            case Kinds.STATEFUL_SET -> ctx.store.put(key, statefulSet(ns, (StatefulSet) typed, object));
            case KubeKinds.POD -> writePod(ns, (Pod) typed, object, previous);
            case KubeKinds.SERVICE -> ctx.store.put(key, services.admit(ns, (Service) typed,
                    ctx.store.body(key, ServiceObject.class)));
            case KubeKinds.NETWORK_POLICY -> ctx.store.put(key, numericPorts(withNamespace((NetworkPolicy) typed, ns)));
            case KubeKinds.INGRESS -> ctx.store.put(key, defaultClass(withNamespace((Ingress) typed, ns),
                    ctx.store.body(key, Ingress.class)));
            case KubeKinds.INGRESS_CLASS -> {
                var ic = (io.fabric8.kubernetes.api.model.networking.v1.IngressClass) typed;
                String controller = ic.getSpec() == null ? null : ic.getSpec().getController();
                if (controller == null || controller.isBlank()) {
                    throw new AdmissionException("IngressClass.networking.k8s.io \"" + name
                            + "\" is invalid: spec.controller: Required value");
                }
                ctx.store.put(Kinds.key(Kinds.INGRESS_CLASS, "", name), new IngressClassObject(name, controller,
                        ic.getMetadata().getAnnotations() != null
                                && "true".equals(ic.getMetadata().getAnnotations().get(IngressClassObject.DEFAULT_ANNOTATION)),
                        false));
            }
            case KubeKinds.SECRET -> ctx.store.put(key, withNamespace((Secret) typed, ns));
            case KubeKinds.CONFIG_MAP -> ctx.store.put(key, withNamespace((io.fabric8.kubernetes.api.model.ConfigMap) typed, ns));
            default -> {
                // nothing in the emulator reads it
            }
        }
    }

    /**
     * The DefaultIngressClass admission plugin: an Ingress created without a class (and without the legacy
     * annotation) gets the default IngressClass; with more than one default it is refused. An update keeps
     * the class the stored Ingress has.
     */
    private Ingress defaultClass(Ingress ing, Ingress stored) throws AdmissionException {
        if (ing.getSpec() == null || ing.getSpec().getIngressClassName() != null && !ing.getSpec().getIngressClassName().isBlank()
                || ing.getMetadata().getAnnotations() != null
                && ing.getMetadata().getAnnotations().containsKey(IngressClassObject.LEGACY_ANNOTATION)) {
            return ing;
        }
        if (stored != null && stored.getSpec() != null && stored.getSpec().getIngressClassName() != null) {
            ing.getSpec().setIngressClassName(stored.getSpec().getIngressClassName());
            return ing;
        }
        java.util.List<IngressClassObject> defaults = defaultClasses(ctx.store);
        if (defaults.size() > 1) {
            throw new AdmissionException("Ingress.networking.k8s.io \"" + ing.getMetadata().getName() + "\" is forbidden: "
                    + defaults.size() + " default IngressClasses were found, only 1 allowed");
        }
        if (defaults.size() == 1) {
            ing.getSpec().setIngressClassName(defaults.get(0).name());
        }
        return ing;
    }

    /** The default IngressClasses: the design's, else the emulator's own. */
    static java.util.List<IngressClassObject> defaultClasses(ObjectStore store) {
        java.util.List<IngressClassObject> all = store.bodies(Kinds.INGRESS_CLASS, IngressClassObject.class).stream()
                .filter(IngressClassObject::isDefault).toList();
        java.util.List<IngressClassObject> design = all.stream().filter(c -> !c.system()).toList();
        return design.isEmpty() ? all : design;
    }

    /**
     * The checks of {@link #write} that need no cluster state (names, field types, selectors against
     * template labels, replicas, strategy), so an API request can be refused before it changes anything.
     */
    static void check(KubeObject object) throws AdmissionException {
        String kind = object.kind();
        String name = object.name();
        if (name == null || name.isBlank()) {
            throw new AdmissionException(kind + " is invalid: metadata.name: Required value: name or generateName is required");
        }
        if (!KubeKinds.isFirstClass(kind) && !Kinds.DAEMON_SET.equals(kind) && !Kinds.STATEFUL_SET.equals(kind)) {
            return;
        }
        checkName(kind, name, object.namespace());
        Object typed = TypedView.of(object);
        String ns = object.namespace();
        switch (String.valueOf(kind)) {
            case KubeKinds.DEPLOYMENT -> deployment(ns, (Deployment) typed, object);
            case KubeKinds.REPLICA_SET -> replicaSet(ns, (ReplicaSet) typed);
            case Kinds.DAEMON_SET -> daemonSet(ns, (DaemonSet) typed, object);
            case Kinds.STATEFUL_SET -> statefulSet(ns, (StatefulSet) typed, object);
            default -> {
            }
        }
    }

    /** Deletes the store's version of a design object that left the design. */
    void delete(ObjectKey designKey) {
        String kind = designKey.kind();
        if (KubeKinds.POD.equals(kind)) {
            PodObject p = ctx.store.body(Kinds.pod(designKey.namespace(), designKey.name()), PodObject.class);
            if (p != null && p.ownerKind() == null) {
                ctx.deletePod(p);
            }
            return;
        }
        if (KubeKinds.NAMESPACE.equals(kind)) {
            ctx.store.delete(Kinds.key(Kinds.NAMESPACE, "", designKey.name()));
            return;
        }
        // Dependents (ReplicaSets, Pods, EndpointSlices) follow through the controllers' garbage collection.
        ctx.store.delete(storeKey(designKey));
        if (KubeKinds.INGRESS_CLASS.equals(kind) && io.kubecanvas.emulator.state.ClusterState.NGINX.name().equals(designKey.name())) {
            ctx.store.put(storeKey(designKey), IngressClassObject.emulators()); // the emulator's own again
        }
    }

    /** Where the store keeps a design object: design EndpointSlices apart from the controller's. */
    private static ObjectKey storeKey(ObjectKey designKey) {
        String kind = Kinds.ENDPOINT_SLICE.equals(designKey.kind()) ? Kinds.CUSTOM_ENDPOINT_SLICE : designKey.kind();
        return Kinds.key(kind, KubeKinds.INGRESS_CLASS.equals(kind) ? "" : designKey.namespace(), designKey.name());
    }

    private static final java.util.regex.Pattern DNS_1123_SUBDOMAIN =
            java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final java.util.regex.Pattern DNS_1123_LABEL = java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final java.util.regex.Pattern DNS_1035_LABEL = java.util.regex.Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

    /** Object names as the API server validates them (Services and Namespaces are DNS labels). */
    static void checkName(String kind, String name, String ns) throws AdmissionException {
        String what = kind + (kind.equals(KubeKinds.DEPLOYMENT) || kind.equals(KubeKinds.REPLICA_SET)
                || kind.equals(Kinds.DAEMON_SET) || kind.equals(Kinds.STATEFUL_SET) ? ".apps" : "")
                + " \"" + name + "\" is invalid: metadata.name: Invalid value: \"" + name + "\": ";
        if (kind.equals(KubeKinds.SERVICE)) {
            if (name.length() > 63 || !DNS_1035_LABEL.matcher(name).matches()) {
                throw new AdmissionException(what + "a DNS-1035 label must consist of lower case alphanumeric characters"
                        + " or '-', start with an alphabetic character, and end with an alphanumeric character"
                        + " (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
            }
        } else if (kind.equals(KubeKinds.NAMESPACE)) {
            if (name.length() > 63 || !DNS_1123_LABEL.matcher(name).matches()) {
                throw new AdmissionException(what + "a lowercase RFC 1123 label must consist of lower case alphanumeric"
                        + " characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',"
                        + "  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
            }
        } else if (name.length() > 253 || !DNS_1123_SUBDOMAIN.matcher(name).matches()) {
            throw new AdmissionException(what + "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric"
                    + " characters, '-' or '.', and must start and end with an alphanumeric character (e.g."
                    + " 'example.com', regex used for validation is"
                    + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
        }
        if (!ns.isEmpty() && (ns.length() > 63 || !DNS_1123_LABEL.matcher(ns).matches())) {
            throw new AdmissionException(kind + " \"" + name + "\" is invalid: metadata.namespace: Invalid value: \""
                    + ns + "\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'");
        }
    }

    private void writePod(String ns, Pod pod, KubeObject object, KubeObject previous) {
        ObjectKey key = Kinds.pod(ns, object.name());
        PodObject current = ctx.store.body(key, PodObject.class);
        if (current != null && current.ownerKind() == null && previous != null
                && Trees.equal(previous.get("spec"), object.get("spec"))) {
            // Labels (and annotations) are the mutable part of a Pod: the Pod keeps its node and IP.
            ctx.store.put(key, current.withLabels(object.labels()));
            return;
        }
        if (current != null) {
            ctx.deletePod(current);
        }
        ctx.store.put(key, PodObject.create(ns, object.name(), object.labels(), pod.getSpec(), null, null, null, ctx.now));
    }

    static DeploymentObject deployment(String ns, Deployment d, KubeObject object) throws AdmissionException {
        String name = d.getMetadata().getName();
        String what = "Deployment.apps \"" + name + "\" is invalid: ";
        var spec = d.getSpec();
        if (spec == null || spec.getSelector() == null) {
            throw new AdmissionException(what + "spec.selector: Required value");
        }
        PodTemplateSpec template = spec.getTemplate();
        Map<String, String> labels = template == null || template.getMetadata() == null
                || template.getMetadata().getLabels() == null ? Map.of() : template.getMetadata().getLabels();
        checkSelector(what, spec.getSelector(), labels);
        int replicas = spec.getReplicas() == null ? 1 : spec.getReplicas();
        if (replicas < 0) {
            throw new AdmissionException(what + "spec.replicas: Invalid value: " + replicas
                    + ": must be greater than or equal to 0");
        }
        Object templateTree = object == null ? template : object.get("spec.template");
        var strategy = spec.getStrategy();
        String type = strategy == null || strategy.getType() == null ? DeploymentObject.ROLLING_UPDATE : strategy.getType();
        if (!type.equals(DeploymentObject.ROLLING_UPDATE) && !type.equals(DeploymentObject.RECREATE)) {
            throw new AdmissionException(what + "spec.strategy.type: Unsupported value: \"" + type
                    + "\": supported values: \"Recreate\", \"RollingUpdate\"");
        }
        var rolling = strategy == null ? null : strategy.getRollingUpdate();
        return new DeploymentObject(ns, name, spec.getSelector(), template, PodTemplateHash.of(templateTree), replicas,
                type, rolling == null ? null : intOrString(rolling.getMaxSurge()),
                rolling == null ? null : intOrString(rolling.getMaxUnavailable()));
    }

    private static String intOrString(io.fabric8.kubernetes.api.model.IntOrString v) {
        if (v == null) {
            return null;
        }
        return v.getIntVal() != null ? String.valueOf(v.getIntVal()) : v.getStrVal();
    }

    private static DaemonSetObject daemonSet(String ns, DaemonSet ds, KubeObject object) throws AdmissionException {
        String name = ds.getMetadata().getName();
        String what = "DaemonSet.apps \"" + name + "\" is invalid: ";
        var spec = ds.getSpec();
        if (spec == null || spec.getSelector() == null) {
            throw new AdmissionException(what + "spec.selector: Required value");
        }
        PodTemplateSpec template = spec.getTemplate() == null ? new PodTemplateSpec() : spec.getTemplate();
        checkSelector(what, spec.getSelector(), templateLabels(template));
        return new DaemonSetObject(ns, name, spec.getSelector(), template, PodTemplateHash.of(object.get("spec.template")));
    }

    private static StatefulSetObject statefulSet(String ns, StatefulSet ss, KubeObject object) throws AdmissionException {
        String name = ss.getMetadata().getName();
        String what = "StatefulSet.apps \"" + name + "\" is invalid: ";
        var spec = ss.getSpec();
        if (spec == null || spec.getSelector() == null) {
            throw new AdmissionException(what + "spec.selector: Required value");
        }
        PodTemplateSpec template = spec.getTemplate() == null ? new PodTemplateSpec() : spec.getTemplate();
        checkSelector(what, spec.getSelector(), templateLabels(template));
        int replicas = spec.getReplicas() == null ? 1 : spec.getReplicas();
        return new StatefulSetObject(ns, name, spec.getServiceName(), spec.getSelector(), template,
                PodTemplateHash.of(object.get("spec.template")), replicas);
    }

    private static Map<String, String> templateLabels(PodTemplateSpec template) {
        return template.getMetadata() == null || template.getMetadata().getLabels() == null ? Map.of()
                : template.getMetadata().getLabels();
    }

    private static ReplicaSetObject replicaSet(String ns, ReplicaSet rs) throws AdmissionException {
        String name = rs.getMetadata().getName();
        String what = "ReplicaSet.apps \"" + name + "\" is invalid: ";
        var spec = rs.getSpec();
        if (spec == null || spec.getSelector() == null) {
            throw new AdmissionException(what + "spec.selector: Required value");
        }
        PodTemplateSpec template = spec.getTemplate() == null ? new PodTemplateSpec() : spec.getTemplate();
        Map<String, String> labels = template.getMetadata() == null || template.getMetadata().getLabels() == null
                ? Map.of() : template.getMetadata().getLabels();
        checkSelector(what, spec.getSelector(), labels);
        Map<String, String> rsLabels = rs.getMetadata().getLabels() == null ? Map.of() : rs.getMetadata().getLabels();
        return new ReplicaSetObject(ns, name, rsLabels, spec.getSelector(), template,
                spec.getReplicas() == null ? 1 : spec.getReplicas(), null, null);
    }

    private static void checkSelector(String what, LabelSelector selector, Map<String, String> labels)
            throws AdmissionException {
        boolean empty = (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
        if (empty) {
            throw new AdmissionException(what + "spec.selector: Invalid value: \"null\": empty selector is invalid for deployment");
        }
        if (!LabelSelectors.matches(selector, labels)) {
            throw new AdmissionException(what + "spec.template.metadata.labels: Invalid value: " + new LinkedHashMap<>(labels)
                    + ": `selector` does not match template `labels`");
        }
    }

    private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> T withNamespace(T typed, String ns) {
        // TypedView reads a fresh object each time, so setting the effective namespace touches nothing shared.
        typed.getMetadata().setNamespace(ns);
        return typed;
    }

    /**
     * A policy port written as digits is a port number, not a port name, whatever type the YAML reader
     * gave it (IntOrString keeps "80" as a string).
     */
    static NetworkPolicy numericPorts(NetworkPolicy policy) {
        if (policy.getSpec() == null) {
            return policy;
        }
        java.util.function.Consumer<java.util.List<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort>> fix = ports -> {
            if (ports != null) {
                for (var p : ports) {
                    String text = p.getPort() == null ? null : p.getPort().getStrVal();
                    if (text != null && !text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
                        p.setPort(new io.fabric8.kubernetes.api.model.IntOrString(Integer.parseInt(text)));
                    }
                }
            }
        };
        if (policy.getSpec().getIngress() != null) {
            policy.getSpec().getIngress().forEach(r -> fix.accept(r.getPorts()));
        }
        if (policy.getSpec().getEgress() != null) {
            policy.getSpec().getEgress().forEach(r -> fix.accept(r.getPorts()));
        }
        return policy;
    }
}
