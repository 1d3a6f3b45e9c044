package io.kubecanvas.remote;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kubecanvas.model.Cluster;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.KubeKinds;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.Trees;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Live objects of a cluster as a design: what the users of the cluster wrote, without status, managed fields,
 * the metadata the server keeps, and the values the server filled in ({@link ServerDefaults}). Where an object
 * carries kubectl's {@code last-applied-configuration}, that is what its user wrote and it wins over the live
 * values; fields set later by other means (a {@code kubectl scale}) are kept beside it. The cluster's nodes
 * become the design's nodes.
 *
 * <p>Left out, each counted in a note: objects a controller made (ReplicaSets of Deployments, Pods of
 * ReplicaSets...), the system namespaces, what every cluster has ({@code default/kubernetes},
 * {@code kube-root-ca.crt}), service-account tokens, and Secrets unless asked for.
 */
public final class ClusterImport {
    /** What is imported, in this order (apiVersion, kind). */
    static final List<List<String>> KINDS = List.of(
            List.of("v1", KubeKinds.NAMESPACE), List.of("v1", KubeKinds.CONFIG_MAP), List.of("v1", KubeKinds.SECRET),
            List.of("apps/v1", KubeKinds.DEPLOYMENT), List.of("apps/v1", "StatefulSet"), List.of("apps/v1", "DaemonSet"),
            List.of("apps/v1", KubeKinds.REPLICA_SET), List.of("v1", KubeKinds.POD), List.of("v1", KubeKinds.SERVICE),
            List.of("networking.k8s.io/v1", KubeKinds.INGRESS_CLASS), List.of("networking.k8s.io/v1", KubeKinds.INGRESS),
            List.of("networking.k8s.io/v1", KubeKinds.NETWORK_POLICY));
    static final Set<String> SYSTEM_NAMESPACES = Set.of("kube-system", "kube-public", "kube-node-lease");
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    /** Metadata the server keeps for itself. */
    private static final List<String> SERVER_METADATA = List.of("uid", "resourceVersion", "generation", "creationTimestamp",
            "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds");
    /** Annotations the server or a controller writes. */
    private static final List<String> SERVER_ANNOTATIONS = List.of(LAST_APPLIED, "deployment.kubernetes.io/revision");

    public record Result(Design design, List<String> notes) {
    }

    private final ClusterContext context;
    private final KubernetesClient client;

    public ClusterImport(ClusterContext context, KubernetesClient client) {
        this.context = context;
        this.client = client;
    }

    /**
     * Imports one namespace, or all but the system ones.
     *
     * @param namespace the namespace, or null for all
     * @param secrets   also import Secrets (their data ends up in the design file)
     */
    public Result importDesign(String namespace, boolean secrets) throws RemoteException {
        List<String> notes = new ArrayList<>();
        List<KubeObject> objects = new ArrayList<>();
        Map<String, Integer> madeByControllers = new TreeMap<>();
        int secretsLeftOut = 0;
        ApiKinds kinds = new ApiKinds(client);
        for (List<String> kind : KINDS) {
            String k = kind.get(1);
            if (namespace != null && k.equals(KubeKinds.INGRESS_CLASS)) {
                continue; // cluster-wide: part of a whole-cluster import only
            }
            List<GenericKubernetesResource> items;
            try {
                ResourceDefinitionContext rdc = kinds.resolve(kind.get(0), k);
                items = list(rdc, namespace, k);
            } catch (KubernetesClientException e) {
                RemoteException r = context.failure("list " + k + " objects" + (namespace == null ? "" : " in namespace " + namespace), e);
                if (ClusterContext.unreachable(e)) {
                    throw r;
                }
                notes.add(k + " left out: " + r.getMessage());
                continue;
            }
            for (GenericKubernetesResource r : items) {
                Map<String, Object> live = ClusterSync.tree(r);
                String ns = r.getMetadata().getNamespace();
                String name = r.getMetadata().getName();
                if (ns != null && namespace == null && SYSTEM_NAMESPACES.contains(ns)) {
                    continue;
                }
                if (isControlled(live)) {
                    madeByControllers.merge(k, 1, Integer::sum);
                    continue;
                }
                if (everyClusterHasIt(k, ns, name, live)) {
                    continue;
                }
                if (k.equals(KubeKinds.SECRET) && !secrets) {
                    secretsLeftOut++;
                    continue;
                }
                objects.add(KubeObject.of(designTree(k, live)));
            }
        }
        if (!madeByControllers.isEmpty()) {
            List<String> parts = new ArrayList<>();
            madeByControllers.forEach((k, n) -> parts.add(n + " " + k + (n == 1 ? "" : "s")));
            notes.add("left out " + String.join(", ", parts) + " made by controllers (their owners are imported and make them again)");
        }
        if (secretsLeftOut > 0) {
            notes.add("left out " + secretsLeftOut + " Secret" + (secretsLeftOut == 1 ? "" : "s")
                    + " (their data would be written into the design file); --include-secrets imports them");
        }
        if (namespace == null) {
            notes.add("namespaces " + String.join(", ", new java.util.TreeSet<>(SYSTEM_NAMESPACES)) + " left out (the cluster's own)");
        }
        Cluster cluster = cluster(notes);
        return new Result(Design.of(cluster, objects), notes);
    }

    private List<GenericKubernetesResource> list(ResourceDefinitionContext rdc, String namespace, String kind) {
        if (rdc == null) {
            return List.of();
        }
        if (!rdc.isNamespaceScoped()) {
            List<GenericKubernetesResource> all = client.genericKubernetesResources(rdc).list().getItems();
            if (namespace != null && kind.equals(KubeKinds.NAMESPACE)) {
                return all.stream().filter(r -> namespace.equals(r.getMetadata().getName())).toList();
            }
            return all;
        }
        return namespace == null ? client.genericKubernetesResources(rdc).inAnyNamespace().list().getItems()
                : client.genericKubernetesResources(rdc).inNamespace(namespace).list().getItems();
    }

    private static boolean isControlled(Map<String, Object> live) {
        Object refs = Trees.get(live, "metadata.ownerReferences");
        return refs instanceof List<?> l && l.stream().anyMatch(o -> o instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("controller")));
    }

    private static boolean everyClusterHasIt(String kind, String ns, String name, Map<String, Object> live) {
        return switch (kind) {
            case KubeKinds.NAMESPACE -> "default".equals(name) || SYSTEM_NAMESPACES.contains(name);
            case KubeKinds.SERVICE -> "default".equals(ns) && "kubernetes".equals(name);
            case KubeKinds.CONFIG_MAP -> "kube-root-ca.crt".equals(name);
            case KubeKinds.SECRET -> "kubernetes.io/service-account-token".equals(live.get("type"));
            default -> false;
        };
    }

    /**
     * One live object as its user wrote it. Pure: the same live object always gives the same tree.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> designTree(String kind, Map<String, Object> live) {
        Map<String, Object> t = Trees.deepCopy(live);
        FieldOwnership owned = FieldOwnership.of(t);
        Map<String, Object> lastApplied = lastApplied(t);
        t.remove("status");
        if (t.get("metadata") instanceof Map<?, ?> m) {
            Map<String, Object> meta = (Map<String, Object>) m;
            SERVER_METADATA.forEach(meta::remove);
            removeKeys(meta, "annotations", SERVER_ANNOTATIONS);
            removeKeys(meta, "labels", List.of(ClusterSync.DESIGN_LABEL));
        }
        ServerDefaults.strip(kind, t, owned);
        if (lastApplied != null) {
            if (Trees.get(lastApplied, "metadata.annotations") instanceof Map<?, ?> a && a.isEmpty()) {
                ((Map<String, Object>) lastApplied.get("metadata")).remove("annotations"); // kubectl writes "annotations":{}
            }
            t = (Map<String, Object>) overlay(t, lastApplied);
        }
        if (t.get("metadata") instanceof Map<?, ?> m && "default".equals(m.get("namespace"))) {
            ((Map<String, Object>) m).remove("namespace"); // as a manifest without a namespace: the context's
        }
        return ordered(t);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> lastApplied(Map<String, Object> live) {
        Object text = Trees.get(live, "metadata.annotations[\"" + LAST_APPLIED + "\"]");
        if (!(text instanceof String s) || s.isBlank()) {
            return null;
        }
        try {
            return KubeKinds.MAPPER.readValue(s, LinkedHashMap.class);
        } catch (IOException e) {
            return null; // not JSON: the live object is all there is
        }
    }

    @SuppressWarnings("unchecked")
    private static void removeKeys(Map<String, Object> meta, String field, List<String> keys) {
        if (meta.get(field) instanceof Map<?, ?> m) {
            Map<String, Object> values = (Map<String, Object>) m;
            boolean had = !values.isEmpty();
            keys.forEach(values::remove);
            if (had && values.isEmpty()) {
                meta.remove(field);
            }
        }
    }

    /** {@code over}'s values on top of {@code base}: maps key by key, lists of the same length item by item. */
    @SuppressWarnings("unchecked")
    static Object overlay(Object base, Object over) {
        if (base instanceof Map<?, ?> b && over instanceof Map<?, ?> o) {
            Map<String, Object> out = new LinkedHashMap<>((Map<String, Object>) b);
            o.forEach((k, v) -> out.put(String.valueOf(k), out.containsKey(k) ? overlay(out.get(k), v) : Trees.deepCopy(v)));
            return out;
        }
        if (base instanceof List<?> b && over instanceof List<?> o && b.size() == o.size()) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < o.size(); i++) {
                out.add(overlay(b.get(i), o.get(i)));
            }
            return out;
        }
        return Trees.deepCopy(over);
    }

    /** apiVersion, kind, metadata (name, namespace, labels, annotations first), then the rest as the server had it. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> ordered(Map<String, Object> t) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : List.of("apiVersion", "kind", "metadata")) {
            if (t.containsKey(k)) {
                out.put(k, t.get(k));
            }
        }
        t.forEach(out::putIfAbsent);
        if (out.get("metadata") instanceof Map<?, ?> m) {
            Map<String, Object> meta = new LinkedHashMap<>();
            for (String k : List.of("name", "namespace", "labels", "annotations")) {
                if (m.containsKey(k)) {
                    meta.put(k, m.get(k));
                }
            }
            ((Map<String, Object>) m).forEach(meta::putIfAbsent);
            out.put("metadata", meta);
        }
        return out;
    }

    /** The cluster's nodes as the design's; the default cluster when they cannot be listed. */
    private Cluster cluster(List<String> notes) throws RemoteException {
        Cluster defaults = Cluster.defaults();
        List<Node> nodes;
        try {
            nodes = client.nodes().list().getItems();
        } catch (KubernetesClientException e) {
            RemoteException r = context.failure("list nodes", e);
            if (ClusterContext.unreachable(e)) {
                throw r;
            }
            notes.add("nodes left out, the design uses " + defaults.nodes().size() + " emulated ones: " + r.getMessage());
            nodes = List.of();
        }
        String name = ClusterSync.labelValue(context.name());
        if (nodes.isEmpty()) {
            return new Cluster(name, defaults.nodes(), defaults.network(), defaults.layout());
        }
        List<Cluster.NodeSpec> specs = new ArrayList<>();
        for (Node n : nodes) {
            Map<String, String> labels = new TreeMap<>(n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels());
            labels.keySet().removeIf(k -> k.startsWith("beta.kubernetes.io/"));
            boolean controlPlane = labels.containsKey("node-role.kubernetes.io/control-plane") || labels.containsKey("node-role.kubernetes.io/master");
            List<Cluster.Taint> taints = n.getSpec() == null || n.getSpec().getTaints() == null ? List.of()
                    : n.getSpec().getTaints().stream().map(x -> new Cluster.Taint(x.getKey(), x.getValue() == null ? "" : x.getValue(), x.getEffect())).toList();
            Map<String, String> capacity = new TreeMap<>();
            if (n.getStatus() != null && n.getStatus().getCapacity() != null) {
                for (String r : List.of("cpu", "memory", "pods")) {
                    Quantity q = n.getStatus().getCapacity().get(r);
                    if (q != null) {
                        capacity.put(r, q.toString());
                    }
                }
            }
            specs.add(new Cluster.NodeSpec(n.getMetadata().getName(), controlPlane ? Cluster.NodeSpec.CONTROL_PLANE : Cluster.NodeSpec.WORKER,
                    labels, taints, capacity));
        }
        if (specs.stream().noneMatch(Cluster.NodeSpec::isControlPlane)) {
            // Managed clusters hide their control plane; the emulator needs one (CoreDNS and the Ingress run there).
            specs.add(0, defaults.nodes().get(0));
            notes.add("the cluster shows no control-plane node (a managed cluster hides it); the design adds one named "
                    + defaults.nodes().get(0).name() + " for the emulator");
        }
        return new Cluster(name, specs, defaults.network(), defaults.layout());
    }
}
