package io.kubecanvas.emulator.control;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deployment to ReplicaSets: one ReplicaSet per version of the Pod template, named after the template's
 * hash. A template change rolls out as Kubernetes does it: with RollingUpdate, the new ReplicaSet grows
 * while the total stays within replicas + maxSurge and the old ones shrink while at least
 * replicas - maxUnavailable Pods stay ready (so a new version that cannot be scheduled leaves the old
 * Pods serving); with Recreate, the old Pods go first. Old ReplicaSets are kept at zero, as the revision
 * history is. Each step is one event ("Scaled up replica set web-7d4b9c8f6 to 1 from 0").
 */
final class DeploymentController {
    static final String SOURCE = "deployment-controller";
    static final String HASH_LABEL = "pod-template-hash";

    private final ControlContext ctx;

    DeploymentController(ControlContext ctx) {
        this.ctx = ctx;
    }

    void reconcile() {
        ObjectStore store = ctx.store;
        Map<String, Integer> ready = new HashMap<>();
        Map<String, Integer> pods = new HashMap<>();
        for (PodObject p : store.bodies(Kinds.POD, PodObject.class)) {
            if (Kinds.REPLICA_SET.equals(p.ownerKind())) {
                String rs = p.namespace() + "/" + p.ownerName();
                pods.merge(rs, 1, Integer::sum);
                if (p.ready()) {
                    ready.merge(rs, 1, Integer::sum);
                }
            }
        }
        Map<String, List<ReplicaSetObject>> owned = new HashMap<>();
        for (ObjectStore.Stored st : sortedByCreation(store.list(Kinds.REPLICA_SET))) {
            ReplicaSetObject rs = st.as(ReplicaSetObject.class);
            if (rs.deployment() != null) {
                owned.computeIfAbsent(rs.namespace() + "/" + rs.deployment(), k -> new ArrayList<>()).add(rs);
            }
        }
        Set<String> live = new HashSet<>();
        for (DeploymentObject d : store.bodies(Kinds.DEPLOYMENT, DeploymentObject.class)) {
            String dk = d.namespace() + "/" + d.name();
            live.add(dk);
            ReplicaSetObject current = null;
            List<ReplicaSetObject> old = new ArrayList<>();
            for (ReplicaSetObject rs : owned.getOrDefault(dk, List.of())) {
                if (rs.name().equals(d.replicaSetName())) {
                    current = rs;
                } else if (rs.replicas() > 0 || pods.getOrDefault(key(rs), 0) > 0) {
                    old.add(rs);
                }
            }
            int oldReplicas = old.stream().mapToInt(ReplicaSetObject::replicas).sum();
            boolean recreate = DeploymentObject.RECREATE.equals(d.strategy());
            if (current == null) {
                int initial = old.isEmpty() ? d.replicas() : recreate ? 0
                        : Math.max(0, Math.min(d.replicas(), d.replicas() + d.surge() - oldReplicas));
                current = newReplicaSet(d).withReplicas(initial);
                store.put(Kinds.key(Kinds.REPLICA_SET, d.namespace(), current.name()), current);
                if (initial > 0) {
                    scaled(d, current.name(), 0, initial);
                }
            }
            if (old.isEmpty()) {
                scale(d, current, d.replicas());
                continue;
            }
            if (recreate) {
                old.forEach(rs -> scale(d, rs, 0));
                if (old.stream().allMatch(rs -> pods.getOrDefault(key(rs), 0) == 0)) {
                    scale(d, current, d.replicas());
                }
                continue;
            }
            int total = current.replicas() + oldReplicas;
            if (current.replicas() < d.replicas() && total < d.replicas() + d.surge()) {
                scale(d, current, current.replicas() + Math.min(d.replicas() - current.replicas(),
                        d.replicas() + d.surge() - total));
            } else if (current.replicas() > d.replicas()) {
                scale(d, current, d.replicas());
            }
            int available = ready.getOrDefault(key(current), 0);
            for (ReplicaSetObject rs : old) {
                available += ready.getOrDefault(key(rs), 0);
            }
            int removable = Math.max(0, available - (d.replicas() - d.unavailable()));
            for (ReplicaSetObject rs : old) {
                // Pods that are not ready can go at once; ready ones only within maxUnavailable.
                int unhealthy = Math.max(0, rs.replicas() - ready.getOrDefault(key(rs), 0));
                int healthy = rs.replicas() - unhealthy;
                int drop = unhealthy + Math.min(healthy, removable);
                removable -= Math.min(healthy, removable);
                if (drop > 0) {
                    scale(d, rs, rs.replicas() - drop);
                }
            }
        }
        // The garbage collector: ReplicaSets whose Deployment is gone go with it (cascading delete).
        for (ReplicaSetObject rs : store.bodies(Kinds.REPLICA_SET, ReplicaSetObject.class)) {
            if (rs.deployment() != null && !live.contains(rs.namespace() + "/" + rs.deployment())) {
                store.delete(Kinds.key(Kinds.REPLICA_SET, rs.namespace(), rs.name()));
            }
        }
    }

    private void scale(DeploymentObject d, ReplicaSetObject rs, int replicas) {
        if (rs.replicas() == replicas) {
            return;
        }
        ctx.store.put(Kinds.key(Kinds.REPLICA_SET, rs.namespace(), rs.name()), rs.withReplicas(replicas));
        scaled(d, rs.name(), rs.replicas(), replicas);
    }

    private void scaled(DeploymentObject d, String rs, int from, int to) {
        ctx.normal("ScalingReplicaSet", d.namespace(), "deployment/" + d.name(), "Scaled " + (to > from ? "up" : "down")
                + " replica set " + rs + " to " + to + (from > 0 ? " from " + from : ""), SOURCE);
    }

    private static String key(ReplicaSetObject rs) {
        return rs.namespace() + "/" + rs.name();
    }

    private static List<ObjectStore.Stored> sortedByCreation(java.util.Collection<ObjectStore.Stored> all) {
        List<ObjectStore.Stored> out = new ArrayList<>(all);
        out.sort(java.util.Comparator.comparingLong(ObjectStore.Stored::creationVersion));
        return out;
    }

    private static ReplicaSetObject newReplicaSet(DeploymentObject d) {
        PodTemplateSpec t = d.template() == null ? new PodTemplateSpec() : d.template();
        Map<String, String> labels = new LinkedHashMap<>();
        if (t.getMetadata() != null && t.getMetadata().getLabels() != null) {
            labels.putAll(t.getMetadata().getLabels());
        }
        labels.put(HASH_LABEL, d.templateHash());
        ObjectMeta meta = t.getMetadata() == null ? new ObjectMeta() : t.getMetadata();
        PodTemplateSpec template = new PodTemplateSpecBuilder().withNewMetadataLike(meta).withLabels(labels).endMetadata()
                .withSpec(t.getSpec()).build();
        LabelSelector base = d.selector() == null ? new LabelSelector() : d.selector();
        Map<String, String> match = new LinkedHashMap<>();
        if (base.getMatchLabels() != null) {
            match.putAll(base.getMatchLabels());
        }
        match.put(HASH_LABEL, d.templateHash());
        LabelSelector selector = new LabelSelectorBuilder().withMatchLabels(match)
                .withMatchExpressions(base.getMatchExpressions()).build();
        return new ReplicaSetObject(d.namespace(), d.replicaSetName(), labels, selector, template, d.replicas(),
                d.name(), d.templateHash());
    }
}
