package io.kubecanvas.model.validate;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.kubecanvas.model.KubeKinds;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The built-in kinds validation knows: the apiVersions a current API server serves them under, the
 * versions that were removed (and in which release), the fabric8 class that gives each version's schema,
 * and the name syntax the API server checks for the kind. Everything else (custom resources, built-in
 * kinds of groups not listed here) is carried through with its metadata checked only.
 */
final class ServedKinds {
    /** The name syntax of a kind (k8s.io/apimachinery validation, as each kind's ValidateXName uses it). */
    enum Names {
        DNS1123_SUBDOMAIN("a DNS-1123 subdomain", KubeNames::dns1123Subdomain, KubeNames::toDns1123Subdomain),
        DNS1123_LABEL("a DNS-1123 label", KubeNames::dns1123Label, KubeNames::toDns1123Label),
        /** Services: ValidateServiceName is NameIsDNS1035Label. */
        DNS1035_LABEL("a DNS-1035 label", KubeNames::dns1035Label, s -> {
            String r = KubeNames.toDns1123Label(s);
            return Character.isLetter(r.charAt(0)) ? r : "svc-" + r;
        }),
        /** RBAC objects and custom resources: any path segment (ValidatePathSegmentName), so "system:auth" is fine. */
        PATH_SEGMENT("a valid path segment", KubeNames::pathSegment, s -> s.replace('/', '-').replace('%', '-'));

        final String what;
        final UnaryOperator<String> check;
        final UnaryOperator<String> repair;

        Names(String what, UnaryOperator<String> check, UnaryOperator<String> repair) {
            this.what = what;
            this.check = check;
            this.repair = repair;
        }
    }

    /**
     * One built-in kind.
     *
     * @param current the version to suggest when another is used
     * @param served  every version a current API server serves, with its schema
     * @param removed versions that were served once, with the release that removed them and their schema
     */
    record Kind(String name, String current, Map<String, Class<?>> served, Map<String, Removed> removed, Names names) {
        boolean serves(String apiVersion) {
            return served.containsKey(apiVersion);
        }

        /** The schema of this version: a served one, a removed one, or (no apiVersion written) the current one. */
        Class<?> schema(String apiVersion) {
            if (apiVersion == null) {
                return served.get(current);
            }
            Class<?> c = served.get(apiVersion);
            if (c == null && removed.get(apiVersion) != null) {
                c = removed.get(apiVersion).schema();
            }
            return c;
        }

        boolean isWorkload() {
            return WORKLOADS.containsKey(name);
        }
    }

    record Removed(String release, Class<?> schema) {
    }

    /** Workload kinds and where their Pod template sits. */
    static final Map<String, String> WORKLOADS = Map.of(
            KubeKinds.POD, "", KubeKinds.DEPLOYMENT, "spec.template", KubeKinds.REPLICA_SET, "spec.template",
            "StatefulSet", "spec.template", "DaemonSet", "spec.template", "Job", "spec.template",
            "CronJob", "spec.jobTemplate.spec.template", "ReplicationController", "spec.template");

    private static final Map<String, Kind> KINDS = new HashMap<>();

    static {
        core(KubeKinds.NAMESPACE, Namespace.class, Names.DNS1123_LABEL);
        core(KubeKinds.POD, Pod.class, Names.DNS1123_SUBDOMAIN);
        core(KubeKinds.SERVICE, Service.class, Names.DNS1035_LABEL);
        core(KubeKinds.CONFIG_MAP, ConfigMap.class, Names.DNS1123_SUBDOMAIN);
        core(KubeKinds.SECRET, Secret.class, Names.DNS1123_SUBDOMAIN);
        core("ServiceAccount", ServiceAccount.class, Names.DNS1123_SUBDOMAIN);
        core("PersistentVolumeClaim", PersistentVolumeClaim.class, Names.DNS1123_SUBDOMAIN);
        core("PersistentVolume", PersistentVolume.class, Names.DNS1123_SUBDOMAIN);
        core("ReplicationController", ReplicationController.class, Names.DNS1123_SUBDOMAIN);
        core("Endpoints", Endpoints.class, Names.DNS1123_SUBDOMAIN);
        core("LimitRange", LimitRange.class, Names.DNS1123_SUBDOMAIN);
        core("ResourceQuota", ResourceQuota.class, Names.DNS1123_SUBDOMAIN);
        // apps/v1 since 1.9; extensions/v1beta1, apps/v1beta1 and apps/v1beta2 were removed in 1.16.
        Removed oldDeployment = new Removed("1.16", io.fabric8.kubernetes.api.model.extensions.Deployment.class);
        kind(KubeKinds.DEPLOYMENT, "apps/v1", Deployment.class, Names.DNS1123_SUBDOMAIN,
                "extensions/v1beta1", oldDeployment, "apps/v1beta1", oldDeployment, "apps/v1beta2", oldDeployment);
        Removed oldDaemonSet = new Removed("1.16", io.fabric8.kubernetes.api.model.extensions.DaemonSet.class);
        kind("DaemonSet", "apps/v1", DaemonSet.class, Names.DNS1123_SUBDOMAIN,
                "extensions/v1beta1", oldDaemonSet, "apps/v1beta2", oldDaemonSet);
        Removed oldReplicaSet = new Removed("1.16", io.fabric8.kubernetes.api.model.extensions.ReplicaSet.class);
        kind(KubeKinds.REPLICA_SET, "apps/v1", ReplicaSet.class, Names.DNS1123_SUBDOMAIN,
                "extensions/v1beta1", oldReplicaSet, "apps/v1beta2", oldReplicaSet);
        Removed oldStatefulSet = new Removed("1.16", StatefulSet.class);
        kind("StatefulSet", "apps/v1", StatefulSet.class, Names.DNS1123_SUBDOMAIN,
                "apps/v1beta1", oldStatefulSet, "apps/v1beta2", oldStatefulSet);
        kind("Job", "batch/v1", Job.class, Names.DNS1123_SUBDOMAIN);
        kind("CronJob", "batch/v1", CronJob.class, Names.DNS1123_SUBDOMAIN,
                "batch/v1beta1", new Removed("1.25", io.fabric8.kubernetes.api.model.batch.v1beta1.CronJob.class));
        kind(KubeKinds.INGRESS, "networking.k8s.io/v1", Ingress.class, Names.DNS1123_SUBDOMAIN,
                "extensions/v1beta1", new Removed("1.22", io.fabric8.kubernetes.api.model.extensions.Ingress.class),
                "networking.k8s.io/v1beta1", new Removed("1.22", io.fabric8.kubernetes.api.model.networking.v1beta1.Ingress.class));
        kind(KubeKinds.INGRESS_CLASS, "networking.k8s.io/v1", IngressClass.class, Names.DNS1123_SUBDOMAIN,
                "networking.k8s.io/v1beta1", new Removed("1.22", io.fabric8.kubernetes.api.model.networking.v1beta1.IngressClass.class));
        kind(KubeKinds.NETWORK_POLICY, "networking.k8s.io/v1", NetworkPolicy.class, Names.DNS1123_SUBDOMAIN,
                "extensions/v1beta1", new Removed("1.16", io.fabric8.kubernetes.api.model.extensions.NetworkPolicy.class));
        kind("PodDisruptionBudget", "policy/v1", PodDisruptionBudget.class, Names.DNS1123_SUBDOMAIN,
                "policy/v1beta1", new Removed("1.25", io.fabric8.kubernetes.api.model.policy.v1beta1.PodDisruptionBudget.class));
        Kind hpa = kind("HorizontalPodAutoscaler", "autoscaling/v2",
                io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class, Names.DNS1123_SUBDOMAIN,
                "autoscaling/v2beta1", new Removed("1.25", io.fabric8.kubernetes.api.model.autoscaling.v2beta1.HorizontalPodAutoscaler.class),
                "autoscaling/v2beta2", new Removed("1.26", io.fabric8.kubernetes.api.model.autoscaling.v2beta2.HorizontalPodAutoscaler.class));
        hpa.served().put("autoscaling/v1", io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscaler.class);
        String rbac = "rbac.authorization.k8s.io/";
        kind("Role", rbac + "v1", Role.class, Names.PATH_SEGMENT, rbac + "v1beta1", new Removed("1.22", Role.class));
        kind("ClusterRole", rbac + "v1", ClusterRole.class, Names.PATH_SEGMENT, rbac + "v1beta1", new Removed("1.22", ClusterRole.class));
        kind("RoleBinding", rbac + "v1", RoleBinding.class, Names.PATH_SEGMENT, rbac + "v1beta1", new Removed("1.22", RoleBinding.class));
        kind("ClusterRoleBinding", rbac + "v1", ClusterRoleBinding.class, Names.PATH_SEGMENT,
                rbac + "v1beta1", new Removed("1.22", ClusterRoleBinding.class));
    }

    private ServedKinds() {
    }

    private static void core(String kind, Class<?> schema, Names names) {
        kind(kind, "v1", schema, names);
    }

    private static Kind kind(String kind, String current, Class<?> schema, Names names, Object... removed) {
        Map<String, Class<?>> served = new LinkedHashMap<>();
        served.put(current, schema);
        Map<String, Removed> gone = new LinkedHashMap<>();
        for (int i = 0; i < removed.length; i += 2) {
            gone.put((String) removed[i], (Removed) removed[i + 1]);
        }
        Kind k = new Kind(kind, current, served, gone, names);
        KINDS.put(kind, k);
        return k;
    }

    /** The built-in kind, or null for a kind validation has no schema for. */
    static Kind of(String kind) {
        return kind == null ? null : KINDS.get(kind);
    }

    /** Is this kind served under this apiVersion (a kind the validator knows, under a version still served)? */
    static boolean isServed(String kind, String apiVersion) {
        Kind k = of(kind);
        return k != null && (apiVersion == null || k.serves(apiVersion));
    }
}
