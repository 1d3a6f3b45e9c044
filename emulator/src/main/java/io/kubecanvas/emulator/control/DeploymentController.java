package io.kubecanvas.emulator.control;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Deployment to ReplicaSet: one ReplicaSet per version of the Pod template, named after the template's
 * hash. The current one gets the desired replicas, older ones are scaled to zero (kept, as the revision
 * history is). A template change therefore replaces all Pods at once (the Recreate strategy's effect;
 * rolling surge is not modelled).
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
        Set<String> live = new HashSet<>();
        for (DeploymentObject d : store.bodies(Kinds.DEPLOYMENT, DeploymentObject.class)) {
            live.add(d.namespace() + "/" + d.name());
            String rsName = d.replicaSetName();
            ReplicaSetObject current = store.body(Kinds.key(Kinds.REPLICA_SET, d.namespace(), rsName), ReplicaSetObject.class);
            if (current == null) {
                store.put(Kinds.key(Kinds.REPLICA_SET, d.namespace(), rsName), newReplicaSet(d));
                ctx.normal("ScalingReplicaSet", d.namespace(), "deployment/" + d.name(),
                        "Scaled up replica set " + rsName + " to " + d.replicas(), SOURCE);
            } else if (current.replicas() != d.replicas()) {
                store.put(Kinds.key(Kinds.REPLICA_SET, d.namespace(), rsName), current.withReplicas(d.replicas()));
                ctx.normal("ScalingReplicaSet", d.namespace(), "deployment/" + d.name(),
                        "Scaled " + (d.replicas() > current.replicas() ? "up" : "down") + " replica set " + rsName
                                + " to " + d.replicas() + " from " + current.replicas(), SOURCE);
            }
            for (ReplicaSetObject old : store.bodies(Kinds.REPLICA_SET, ReplicaSetObject.class)) {
                if (d.name().equals(old.deployment()) && d.namespace().equals(old.namespace())
                        && !old.name().equals(rsName) && old.replicas() > 0) {
                    store.put(Kinds.key(Kinds.REPLICA_SET, old.namespace(), old.name()), old.withReplicas(0));
                    ctx.normal("ScalingReplicaSet", d.namespace(), "deployment/" + d.name(),
                            "Scaled down replica set " + old.name() + " to 0 from " + old.replicas(), SOURCE);
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
