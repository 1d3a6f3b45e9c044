package io.kubecanvas.emulator.control;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

import java.util.Map;

/**
 * A ReplicaSet: written in the design, or made by a Deployment for one version of its Pod template.
 *
 * @param deployment   the owning Deployment's name, or null for a ReplicaSet of the design
 * @param templateHash the {@code pod-template-hash} label value (Deployment-made ReplicaSets), or null
 */
public record ReplicaSetObject(String namespace, String name, Map<String, String> labels, LabelSelector selector,
                               PodTemplateSpec template, int replicas, String deployment, String templateHash) {

    public ReplicaSetObject {
        labels = Map.copyOf(labels);
    }

    ReplicaSetObject withReplicas(int n) {
        return new ReplicaSetObject(namespace, name, labels, selector, template, n, deployment, templateHash);
    }

    /** "Deployment/web" for Deployment-made ReplicaSets, else "ReplicaSet/name". */
    String ownerHead() {
        return deployment != null ? "Deployment/" + deployment : "ReplicaSet/" + name;
    }
}
