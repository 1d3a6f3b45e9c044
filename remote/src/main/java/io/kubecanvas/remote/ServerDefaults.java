package io.kubecanvas.remote;

import io.kubecanvas.model.KubeKinds;
import io.kubecanvas.model.Trees;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The values an API server fills in that a user did not write: defaulting ({@code pkg/apis/<group>/v1/defaults.go}
 * of kubernetes/kubernetes), admission plugins and allocation. {@link #strip} removes them from a live object,
 * except where an Apply manager owns the field (the user wrote it, default or not).
 *
 * <p>Each row: where (a path; {@code [*]} is every list item, {@code POD} the object's Pod spec), when the value
 * is the server's and not the user's, and where upstream sets it.
 */
final class ServerDefaults {
    private static final String CORE = "pkg/apis/core/v1/defaults.go";
    private static final String APPS = "pkg/apis/apps/v1/defaults.go";
    private static final String NETWORKING = "pkg/apis/networking/v1/defaults.go";

    /** Where the Pod spec is in each kind that has one. */
    static final Map<String, String> POD_SPEC_AT = Map.of(
            KubeKinds.POD, "spec", KubeKinds.DEPLOYMENT, "spec.template.spec", KubeKinds.REPLICA_SET, "spec.template.spec",
            "DaemonSet", "spec.template.spec", "StatefulSet", "spec.template.spec");

    /** When a value at a path is the server's: the value and the map that holds it. */
    @FunctionalInterface
    interface ServerValue {
        boolean test(Object value, Map<String, Object> holder);
    }

    record Default(String path, ServerValue serverValue, String source) {
    }

    private static Default is(String path, Object value, String source) {
        return new Default(path, (v, holder) -> Trees.equal(v, value), source);
    }

    private static Default any(String path, String source) {
        return new Default(path, (v, holder) -> true, source);
    }

    private static final Map<String, Object> DEFAULT_TOLERATION_NOT_READY = Map.of("key", "node.kubernetes.io/not-ready",
            "operator", "Exists", "effect", "NoExecute", "tolerationSeconds", 300);
    private static final Map<String, Object> DEFAULT_TOLERATION_UNREACHABLE = Map.of("key", "node.kubernetes.io/unreachable",
            "operator", "Exists", "effect", "NoExecute", "tolerationSeconds", 300);

    /** Every Pod spec, in a Pod or a template. */
    static final List<Default> POD_SPEC = List.of(
            is("POD.dnsPolicy", "ClusterFirst", CORE + " SetDefaults_PodSpec"),
            is("POD.restartPolicy", "Always", CORE + " SetDefaults_PodSpec"),
            is("POD.terminationGracePeriodSeconds", 30, CORE + " SetDefaults_PodSpec"),
            is("POD.schedulerName", "default-scheduler", CORE + " SetDefaults_PodSpec"),
            is("POD.securityContext", Map.of(), CORE + " SetDefaults_PodSpec (an empty PodSecurityContext)"),
            is("POD.volumes[*].configMap.defaultMode", 420, CORE + " SetDefaults_ConfigMapVolumeSource"),
            is("POD.volumes[*].secret.defaultMode", 420, CORE + " SetDefaults_SecretVolumeSource"),
            is("POD.volumes[*].projected.defaultMode", 420, CORE + " SetDefaults_ProjectedVolumeSource"),
            is("POD.volumes[*].downwardAPI.defaultMode", 420, CORE + " SetDefaults_DownwardAPIVolumeSource"),
            is("POD.volumes[*].hostPath.type", "", CORE + " SetDefaults_HostPathVolumeSource"),
            is("POD.containers[*].terminationMessagePath", "/dev/termination-log", CORE + " SetDefaults_Container"),
            is("POD.containers[*].terminationMessagePolicy", "File", CORE + " SetDefaults_Container"),
            new Default("POD.containers[*].imagePullPolicy", ServerDefaults::defaultPullPolicy, CORE + " SetDefaults_Container (Always for :latest or no tag, else IfNotPresent)"),
            is("POD.containers[*].resources", Map.of(), "an empty ResourceRequirements, written by the API server's encoder"),
            is("POD.containers[*].ports[*].protocol", "TCP", CORE + " SetDefaults_ContainerPort"),
            is("POD.containers[*].env[*].valueFrom.fieldRef.apiVersion", "v1", CORE + " SetDefaults_ObjectFieldSelector"),
            is("POD.initContainers[*].terminationMessagePath", "/dev/termination-log", CORE + " SetDefaults_Container"),
            is("POD.initContainers[*].terminationMessagePolicy", "File", CORE + " SetDefaults_Container"),
            new Default("POD.initContainers[*].imagePullPolicy", ServerDefaults::defaultPullPolicy, CORE + " SetDefaults_Container"),
            is("POD.initContainers[*].resources", Map.of(), "an empty ResourceRequirements, written by the API server's encoder"),
            is("POD.initContainers[*].ports[*].protocol", "TCP", CORE + " SetDefaults_ContainerPort"),
            is("POD.containers[*].livenessProbe.timeoutSeconds", 1, CORE + " SetDefaults_Probe"),
            is("POD.containers[*].livenessProbe.periodSeconds", 10, CORE + " SetDefaults_Probe"),
            is("POD.containers[*].livenessProbe.successThreshold", 1, CORE + " SetDefaults_Probe"),
            is("POD.containers[*].livenessProbe.failureThreshold", 3, CORE + " SetDefaults_Probe"),
            is("POD.containers[*].livenessProbe.httpGet.scheme", "HTTP", CORE + " SetDefaults_HTTPGetAction"),
            is("POD.containers[*].readinessProbe.timeoutSeconds", 1, CORE + " SetDefaults_Probe"),
            is("POD.containers[*].readinessProbe.periodSeconds", 10, CORE + " SetDefaults_Probe"),
            is("POD.containers[*].readinessProbe.successThreshold", 1, CORE + " SetDefaults_Probe"),
            is("POD.containers[*].readinessProbe.failureThreshold", 3, CORE + " SetDefaults_Probe"),
            is("POD.containers[*].readinessProbe.httpGet.scheme", "HTTP", CORE + " SetDefaults_HTTPGetAction"),
            is("POD.containers[*].startupProbe.timeoutSeconds", 1, CORE + " SetDefaults_Probe"),
            is("POD.containers[*].startupProbe.periodSeconds", 10, CORE + " SetDefaults_Probe"),
            is("POD.containers[*].startupProbe.successThreshold", 1, CORE + " SetDefaults_Probe"),
            is("POD.containers[*].startupProbe.failureThreshold", 3, CORE + " SetDefaults_Probe"),
            is("POD.containers[*].startupProbe.httpGet.scheme", "HTTP", CORE + " SetDefaults_HTTPGetAction"));

    /** A template's metadata: the encoder writes {@code creationTimestamp: null}. */
    private static final List<Default> TEMPLATE = List.of(is("spec.template.metadata.creationTimestamp", null,
            "a zero Time in ObjectMeta, written as null by the API server's encoder"));

    /** Per kind, besides the Pod spec. */
    static final Map<String, List<Default>> BY_KIND = new LinkedHashMap<>();

    static {
        BY_KIND.put(KubeKinds.POD, List.of(
                is("spec.enableServiceLinks", true, CORE + " SetDefaults_Pod"),
                is("spec.serviceAccountName", "default", "plugin/pkg/admission/serviceaccount"),
                is("spec.serviceAccount", "default", "plugin/pkg/admission/serviceaccount (the deprecated mirror)"),
                new Default("spec.volumes[*]", (v, h) -> v instanceof Map<?, ?> m && String.valueOf(m.get("name")).startsWith("kube-api-access-")
                        && m.containsKey("projected"), "plugin/pkg/admission/serviceaccount (the token volume)"),
                new Default("spec.containers[*].volumeMounts[*]", (v, h) -> v instanceof Map<?, ?> m
                        && String.valueOf(m.get("name")).startsWith("kube-api-access-"), "plugin/pkg/admission/serviceaccount (its mount)"),
                is("spec.tolerations[*]", DEFAULT_TOLERATION_NOT_READY, "plugin/pkg/admission/defaulttolerationseconds"),
                is("spec.tolerations[*]", DEFAULT_TOLERATION_UNREACHABLE, "plugin/pkg/admission/defaulttolerationseconds"),
                is("spec.priority", 0, "plugin/pkg/admission/priority"),
                is("spec.preemptionPolicy", "PreemptLowerPriority", "plugin/pkg/admission/priority"),
                any("spec.nodeName", "the scheduler's Binding (pkg/scheduler)")));
        BY_KIND.put(KubeKinds.DEPLOYMENT, concat(TEMPLATE, List.of(
                is("spec.replicas", 1, APPS + " SetDefaults_Deployment"),
                is("spec.revisionHistoryLimit", 10, APPS + " SetDefaults_Deployment"),
                is("spec.progressDeadlineSeconds", 600, APPS + " SetDefaults_Deployment"),
                is("spec.strategy.type", "RollingUpdate", APPS + " SetDefaults_Deployment"),
                is("spec.strategy.rollingUpdate.maxSurge", "25%", APPS + " SetDefaults_Deployment"),
                is("spec.strategy.rollingUpdate.maxUnavailable", "25%", APPS + " SetDefaults_Deployment"))));
        BY_KIND.put(KubeKinds.REPLICA_SET, concat(TEMPLATE, List.of(is("spec.replicas", 1, APPS + " SetDefaults_ReplicaSet"))));
        BY_KIND.put("DaemonSet", concat(TEMPLATE, List.of(
                is("spec.revisionHistoryLimit", 10, APPS + " SetDefaults_DaemonSet"),
                is("spec.updateStrategy.type", "RollingUpdate", APPS + " SetDefaults_DaemonSet"),
                is("spec.updateStrategy.rollingUpdate.maxUnavailable", 1, APPS + " SetDefaults_DaemonSet"),
                is("spec.updateStrategy.rollingUpdate.maxSurge", 0, APPS + " SetDefaults_DaemonSet"))));
        BY_KIND.put("StatefulSet", concat(TEMPLATE, List.of(
                is("spec.replicas", 1, APPS + " SetDefaults_StatefulSet"),
                is("spec.revisionHistoryLimit", 10, APPS + " SetDefaults_StatefulSet"),
                is("spec.podManagementPolicy", "OrderedReady", APPS + " SetDefaults_StatefulSet"),
                is("spec.updateStrategy.type", "RollingUpdate", APPS + " SetDefaults_StatefulSet"),
                is("spec.updateStrategy.rollingUpdate.partition", 0, APPS + " SetDefaults_StatefulSet"),
                is("spec.persistentVolumeClaimRetentionPolicy.whenDeleted", "Retain", APPS + " SetDefaults_StatefulSet"),
                is("spec.persistentVolumeClaimRetentionPolicy.whenScaled", "Retain", APPS + " SetDefaults_StatefulSet"))));
        BY_KIND.put(KubeKinds.SERVICE, List.of(
                is("spec.type", "ClusterIP", CORE + " SetDefaults_Service"),
                is("spec.sessionAffinity", "None", CORE + " SetDefaults_Service"),
                is("spec.internalTrafficPolicy", "Cluster", CORE + " SetDefaults_Service"),
                is("spec.externalTrafficPolicy", "Cluster", CORE + " SetDefaults_Service (NodePort and LoadBalancer)"),
                is("spec.allocateLoadBalancerNodePorts", true, CORE + " SetDefaults_Service (LoadBalancer)"),
                is("spec.ports[*].protocol", "TCP", CORE + " SetDefaults_Service"),
                new Default("spec.ports[*].targetPort", (v, h) -> Trees.equal(v, h.get("port")), CORE + " SetDefaults_Service (targetPort = port)"),
                any("spec.ports[*].nodePort", "pkg/registry/core/service/portallocator"),
                any("spec.healthCheckNodePort", "pkg/registry/core/service/portallocator"),
                new Default("spec.clusterIP", (v, h) -> !"None".equals(v), "pkg/registry/core/service/ipallocator"),
                new Default("spec.clusterIPs", (v, h) -> !Trees.equal(v, List.of("None")), "pkg/registry/core/service/ipallocator"),
                any("spec.ipFamilies", "pkg/registry/core/service/storage (IP families of the allocated addresses)"),
                is("spec.ipFamilyPolicy", "SingleStack", "pkg/registry/core/service/storage")));
        BY_KIND.put(KubeKinds.NAMESPACE, List.of(
                is("spec.finalizers", List.of("kubernetes"), "pkg/registry/core/namespace/strategy.go PrepareForCreate"),
                new Default("metadata.labels[\"kubernetes.io/metadata.name\"]", (v, h) -> true, CORE + " SetDefaults_Namespace")));
        BY_KIND.put(KubeKinds.SECRET, List.of(is("type", "Opaque", CORE + " SetDefaults_Secret")));
        BY_KIND.put(KubeKinds.NETWORK_POLICY, List.of(
                new Default("spec.policyTypes", ServerDefaults::defaultPolicyTypes, NETWORKING + " SetDefaults_NetworkPolicy"),
                is("spec.ingress[*].ports[*].protocol", "TCP", NETWORKING + " SetDefaults_NetworkPolicyPort"),
                is("spec.egress[*].ports[*].protocol", "TCP", NETWORKING + " SetDefaults_NetworkPolicyPort")));
    }

    private ServerDefaults() {
    }

    private static List<Default> concat(List<Default> a, List<Default> b) {
        List<Default> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** The rows that apply to a kind, with {@code POD} replaced by where its Pod spec is. */
    static List<Default> forKind(String kind) {
        List<Default> out = new ArrayList<>(BY_KIND.getOrDefault(kind, List.of()));
        String podSpec = POD_SPEC_AT.get(kind);
        if (podSpec != null) {
            for (Default d : POD_SPEC) {
                out.add(new Default(d.path().replaceFirst("^POD", podSpec), d.serverValue(), d.source()));
            }
        }
        return out;
    }

    /**
     * Removes the server's values from a tree in place, keeping what an Apply manager owns. Maps and lists left
     * empty by a removal go too; ones that were empty before (a {@code podSelector: {}}) stay.
     */
    static void strip(String kind, Map<String, Object> tree, FieldOwnership owned) {
        Set<Object> emptyBefore = Collections.newSetFromMap(new IdentityHashMap<>());
        collectEmpty(tree, emptyBefore);
        for (Default d : forKind(kind)) {
            remove(tree, tree, Trees.steps(d.path().replace("[*]", "[-1]")), 0, new ArrayList<>(), d, owned);
        }
        pruneEmptied(tree, emptyBefore);
    }

    @SuppressWarnings("unchecked")
    private static void remove(Map<String, Object> root, Object cur, List<Object> steps, int i, List<Object> at, Default d,
                               FieldOwnership owned) {
        Object step = steps.get(i);
        boolean last = i == steps.size() - 1;
        if (step instanceof Integer) { // [*]: every item
            if (!(cur instanceof List<?> list)) {
                return;
            }
            List<Object> items = (List<Object>) list;
            for (int k = items.size() - 1; k >= 0; k--) {
                at.add(k);
                if (last) {
                    if (d.serverValue().test(items.get(k), Map.of()) && !owned.owns(root, at)) {
                        items.remove(k);
                    }
                } else {
                    remove(root, items.get(k), steps, i + 1, at, d, owned);
                }
                at.remove(at.size() - 1);
            }
            return;
        }
        if (!(cur instanceof Map<?, ?> m) || !m.containsKey(step)) {
            return;
        }
        Map<String, Object> holder = (Map<String, Object>) m;
        at.add(step);
        if (last) {
            if (d.serverValue().test(holder.get(step), holder) && !owned.owns(root, at)) {
                holder.remove(step);
            }
        } else {
            remove(root, holder.get(step), steps, i + 1, at, d, owned);
        }
        at.remove(at.size() - 1);
    }

    private static void collectEmpty(Object node, Set<Object> out) {
        if (node instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                out.add(m);
            }
            m.values().forEach(v -> collectEmpty(v, out));
        } else if (node instanceof List<?> l) {
            if (l.isEmpty()) {
                out.add(l);
            }
            l.forEach(v -> collectEmpty(v, out));
        }
    }

    /** Removes maps and lists that a removal left empty, bottom up. */
    private static boolean pruneEmptied(Object node, Set<Object> emptyBefore) {
        if (node instanceof Map<?, ?> m) {
            m.values().removeIf(v -> pruneEmptied(v, emptyBefore));
            return m.isEmpty() && !emptyBefore.contains(m);
        }
        if (node instanceof List<?> l) {
            l.removeIf(v -> (v instanceof Map<?, ?> || v instanceof List<?>) && pruneEmptied(v, emptyBefore));
            return l.isEmpty() && !emptyBefore.contains(l);
        }
        return false;
    }

    /** Always for {@code :latest} or an image without a tag (and no digest), else IfNotPresent. */
    private static boolean defaultPullPolicy(Object value, Map<String, Object> container) {
        Object image = container.get("image");
        if (image == null) {
            return false;
        }
        String s = String.valueOf(image);
        String last = s.substring(s.lastIndexOf('/') + 1);
        boolean latest = !s.contains("@") && (!last.contains(":") || last.endsWith(":latest"));
        return Trees.equal(value, latest ? "Always" : "IfNotPresent");
    }

    /** Ingress, plus Egress when the policy has egress rules. */
    private static boolean defaultPolicyTypes(Object value, Map<String, Object> spec) {
        Object egress = spec.get("egress");
        boolean hasEgress = egress instanceof List<?> l && !l.isEmpty();
        return Trees.equal(value, hasEgress ? List.of("Ingress", "Egress") : List.of("Ingress"));
    }
}
