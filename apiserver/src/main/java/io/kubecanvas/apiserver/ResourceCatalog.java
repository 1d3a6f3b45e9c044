package io.kubecanvas.apiserver;

import io.kubecanvas.model.KubeObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resources the server serves: the built-in API of Kubernetes 1.32 that tutorials use (the kinds the
 * emulator models, and the others, stored and returned as given), plus the resources of every
 * CustomResourceDefinition in the design. Immutable; {@link #withCustomResources} makes the next one.
 */
public final class ResourceCatalog {
    private static final List<String> RW = ResourceType.ALL_VERBS;
    private static final List<String> CREATE_ONLY = List.of("create");
    private static final List<String> ALL = List.of("all");

    /** The built-in resources, in the order discovery lists them. */
    static final List<ResourceType> BUILT_IN = List.of(
            core("bindings", "binding", "Binding", true, List.of(), List.of(), CREATE_ONLY, List.of()),
            core("configmaps", "configmap", "ConfigMap", true, List.of("cm"), List.of(), RW, List.of()),
            core("endpoints", "endpoints", "Endpoints", true, List.of("ep"), List.of(), RW, List.of()),
            core("events", "event", "Event", true, List.of("ev"), List.of(), RW, List.of()),
            core("limitranges", "limitrange", "LimitRange", true, List.of("limits"), List.of(), RW, List.of()),
            core("namespaces", "namespace", "Namespace", false, List.of("ns"), List.of(),
                    List.of("create", "delete", "get", "list", "patch", "update", "watch"), List.of("status", "finalize")),
            core("nodes", "node", "Node", false, List.of("no"), List.of(), RW, List.of("status", "proxy")),
            core("persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", true, List.of("pvc"), List.of(), RW, List.of("status")),
            core("persistentvolumes", "persistentvolume", "PersistentVolume", false, List.of("pv"), List.of(), RW, List.of("status")),
            core("pods", "pod", "Pod", true, List.of("po"), ALL, RW,
                    List.of("attach", "binding", "ephemeralcontainers", "eviction", "exec", "log", "portforward", "proxy", "resize", "status")),
            core("podtemplates", "podtemplate", "PodTemplate", true, List.of(), List.of(), RW, List.of()),
            core("replicationcontrollers", "replicationcontroller", "ReplicationController", true, List.of("rc"), ALL, RW, List.of("scale", "status")),
            core("resourcequotas", "resourcequota", "ResourceQuota", true, List.of("quota"), List.of(), RW, List.of("status")),
            core("secrets", "secret", "Secret", true, List.of(), List.of(), RW, List.of()),
            core("serviceaccounts", "serviceaccount", "ServiceAccount", true, List.of("sa"), List.of(), RW, List.of("token")),
            core("services", "service", "Service", true, List.of("svc"), ALL, RW, List.of("proxy", "status")),
            of("apps", "v1", "controllerrevisions", "controllerrevision", "ControllerRevision", true, List.of(), List.of(), RW, List.of()),
            of("apps", "v1", "daemonsets", "daemonset", "DaemonSet", true, List.of("ds"), ALL, RW, List.of("status")),
            of("apps", "v1", "deployments", "deployment", "Deployment", true, List.of("deploy"), ALL, RW, List.of("scale", "status")),
            of("apps", "v1", "replicasets", "replicaset", "ReplicaSet", true, List.of("rs"), ALL, RW, List.of("scale", "status")),
            of("apps", "v1", "statefulsets", "statefulset", "StatefulSet", true, List.of("sts"), ALL, RW, List.of("scale", "status")),
            of("authentication.k8s.io", "v1", "selfsubjectreviews", "selfsubjectreview", "SelfSubjectReview", false, List.of(), List.of(), CREATE_ONLY, List.of()),
            of("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "selfsubjectaccessreview", "SelfSubjectAccessReview", false, List.of(), List.of(), CREATE_ONLY, List.of()),
            of("autoscaling", "v2", "horizontalpodautoscalers", "horizontalpodautoscaler", "HorizontalPodAutoscaler", true, List.of("hpa"), ALL, RW, List.of("status")),
            of("batch", "v1", "cronjobs", "cronjob", "CronJob", true, List.of("cj"), ALL, RW, List.of("status")),
            of("batch", "v1", "jobs", "job", "Job", true, List.of(), ALL, RW, List.of("status")),
            of("coordination.k8s.io", "v1", "leases", "lease", "Lease", true, List.of(), List.of(), RW, List.of()),
            of("discovery.k8s.io", "v1", "endpointslices", "endpointslice", "EndpointSlice", true, List.of(), List.of(), RW, List.of()),
            of("networking.k8s.io", "v1", "ingressclasses", "ingressclass", "IngressClass", false, List.of(), List.of(), RW, List.of()),
            of("networking.k8s.io", "v1", "ingresses", "ingress", "Ingress", true, List.of("ing"), List.of(), RW, List.of("status")),
            of("networking.k8s.io", "v1", "networkpolicies", "networkpolicy", "NetworkPolicy", true, List.of("netpol"), List.of(), RW, List.of()),
            of("policy", "v1", "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", true, List.of("pdb"), List.of(), RW, List.of("status")),
            of("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", false, List.of(), List.of(), RW, List.of()),
            of("rbac.authorization.k8s.io", "v1", "clusterroles", "clusterrole", "ClusterRole", false, List.of(), List.of(), RW, List.of()),
            of("rbac.authorization.k8s.io", "v1", "rolebindings", "rolebinding", "RoleBinding", true, List.of(), List.of(), RW, List.of()),
            of("rbac.authorization.k8s.io", "v1", "roles", "role", "Role", true, List.of(), List.of(), RW, List.of()),
            of("scheduling.k8s.io", "v1", "priorityclasses", "priorityclass", "PriorityClass", false, List.of("pc"), List.of(), RW, List.of()),
            of("storage.k8s.io", "v1", "storageclasses", "storageclass", "StorageClass", false, List.of("sc"), List.of(), RW, List.of()),
            of("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition", "CustomResourceDefinition", false,
                    List.of("crd", "crds"), List.of("api-extensions"), RW, List.of("status")));

    private static final ResourceCatalog BUILT_IN_CATALOG = new ResourceCatalog(BUILT_IN);

    private final List<ResourceType> types;
    private final Map<String, ResourceType> byPath = new LinkedHashMap<>();
    private final Map<String, ResourceType> byKind = new LinkedHashMap<>();

    private ResourceCatalog(List<ResourceType> types) {
        this.types = List.copyOf(types);
        for (ResourceType t : types) {
            byPath.put(t.group() + "/" + t.version() + "/" + t.plural(), t);
            byKind.putIfAbsent(t.apiVersion() + "/" + t.kind(), t);
        }
    }

    public static ResourceCatalog builtIn() {
        return BUILT_IN_CATALOG;
    }

    /** The built-in resources plus those the design's CustomResourceDefinitions declare (served versions). */
    @SuppressWarnings("unchecked")
    public ResourceCatalog withCustomResources(List<KubeObject> crds) {
        if (crds.isEmpty()) {
            return BUILT_IN_CATALOG;
        }
        List<ResourceType> out = new ArrayList<>(BUILT_IN);
        for (KubeObject crd : crds) {
            Object group = crd.get("spec.group");
            Object plural = crd.get("spec.names.plural");
            Object kind = crd.get("spec.names.kind");
            if (!(group instanceof String g) || !(plural instanceof String p) || !(kind instanceof String k)) {
                continue;
            }
            Object singular = crd.get("spec.names.singular");
            boolean namespaced = !"Cluster".equals(crd.get("spec.scope"));
            List<String> shortNames = crd.list("spec.names.shortNames").stream().map(String::valueOf).toList();
            List<String> categories = crd.list("spec.names.categories").stream().map(String::valueOf).toList();
            for (Object v : crd.list("spec.versions")) {
                if (v instanceof Map<?, ?> m && m.get("name") instanceof String version && !Boolean.FALSE.equals(m.get("served"))) {
                    List<String> subs = new ArrayList<>();
                    if (m.get("subresources") instanceof Map<?, ?> sr) {
                        if (sr.containsKey("status")) {
                            subs.add("status");
                        }
                        if (sr.containsKey("scale")) {
                            subs.add("scale");
                        }
                    }
                    ResourceType t = of(g, version, p, singular instanceof String s ? s : k.toLowerCase(), k, namespaced,
                            shortNames, categories, RW, subs);
                    if (out.stream().noneMatch(x -> x.group().equals(g) && x.version().equals(version) && x.plural().equals(p))) {
                        out.add(t);
                    }
                }
            }
        }
        return new ResourceCatalog(out);
    }

    public List<ResourceType> all() {
        return types;
    }

    /** The resource at {@code /apis/GROUP/VERSION/PLURAL} (group "" for {@code /api/v1}), or null. */
    public ResourceType byPath(String group, String version, String plural) {
        return byPath.get(group + "/" + version + "/" + plural);
    }

    /** The resource of a kind under an apiVersion ({@code apps/v1}, {@code Deployment}), or null. */
    public ResourceType byKind(String apiVersion, String kind) {
        return byKind.get(apiVersion + "/" + kind);
    }

    /** The resource of a kind in whatever version is served (the design does not pin versions), or null. */
    public ResourceType byKind(String kind) {
        for (ResourceType t : types) {
            if (t.kind().equals(kind)) {
                return t;
            }
        }
        return null;
    }

    /** The groups in discovery order ("" first), each with its versions in preference order. */
    public Map<String, List<String>> groups() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (ResourceType t : types) {
            List<String> versions = out.computeIfAbsent(t.group(), g -> new ArrayList<>());
            if (!versions.contains(t.version())) {
                versions.add(t.version());
            }
        }
        return out;
    }

    public List<ResourceType> inGroupVersion(String group, String version) {
        return types.stream().filter(t -> t.group().equals(group) && t.version().equals(version)).toList();
    }

    private static ResourceType core(String plural, String singular, String kind, boolean namespaced, List<String> shortNames,
                                     List<String> categories, List<String> verbs, List<String> subresources) {
        return of("", "v1", plural, singular, kind, namespaced, shortNames, categories, verbs, subresources);
    }

    private static ResourceType of(String group, String version, String plural, String singular, String kind, boolean namespaced,
                                   List<String> shortNames, List<String> categories, List<String> verbs, List<String> subresources) {
        return new ResourceType(group, version, plural, singular, kind, namespaced, shortNames, categories, verbs, subresources);
    }
}
