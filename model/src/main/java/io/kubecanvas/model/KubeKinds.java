package io.kubecanvas.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

import java.util.Map;
import java.util.Set;

/** The first-class kinds, their typed classes (fabric8 kubernetes-model) and which kinds are namespaced. */
public final class KubeKinds {

    public static final String NAMESPACE = "Namespace";
    public static final String POD = "Pod";
    public static final String DEPLOYMENT = "Deployment";
    public static final String REPLICA_SET = "ReplicaSet";
    public static final String SERVICE = "Service";
    public static final String INGRESS = "Ingress";
    public static final String INGRESS_CLASS = "IngressClass";
    public static final String NETWORK_POLICY = "NetworkPolicy";
    public static final String CONFIG_MAP = "ConfigMap";
    public static final String SECRET = "Secret";

    /** apiVersion of each first-class kind, as kubectl expects it. */
    public static final Map<String, String> API_VERSIONS = Map.of(
            NAMESPACE, "v1", POD, "v1", SERVICE, "v1", CONFIG_MAP, "v1", SECRET, "v1",
            DEPLOYMENT, "apps/v1", REPLICA_SET, "apps/v1",
            INGRESS, "networking.k8s.io/v1", INGRESS_CLASS, "networking.k8s.io/v1",
            NETWORK_POLICY, "networking.k8s.io/v1");

    private static final Map<String, Class<? extends HasMetadata>> TYPES = Map.of(
            NAMESPACE, Namespace.class, POD, Pod.class, SERVICE, Service.class, CONFIG_MAP, ConfigMap.class,
            SECRET, Secret.class, DEPLOYMENT, Deployment.class, REPLICA_SET, ReplicaSet.class,
            INGRESS, Ingress.class, INGRESS_CLASS, IngressClass.class, NETWORK_POLICY, NetworkPolicy.class);

    /** Well-known cluster-scoped kinds; anything else is taken to be namespaced. */
    private static final Set<String> CLUSTER_SCOPED = Set.of(NAMESPACE, INGRESS_CLASS, "Node", "PersistentVolume",
            "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "StorageClass", "PriorityClass",
            "GatewayClass", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding",
            "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "APIService", "RuntimeClass",
            "CSIDriver", "CSINode", "VolumeAttachment", "IPAddress", "ServiceCIDR");

    /** One mapper for typed views: lenient on input (unknown fields go to additionalProperties). */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);

    private KubeKinds() {
    }

    public static boolean isFirstClass(String kind) {
        return TYPES.containsKey(kind);
    }

    public static Class<? extends HasMetadata> typeOf(String kind) {
        return TYPES.get(kind);
    }

    public static boolean isNamespaced(String kind) {
        return !CLUSTER_SCOPED.contains(kind);
    }
}
