package io.kubecanvas.emulator.control;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

/**
 * A Deployment: its selector, Pod template (with the template's hash, the suffix of its ReplicaSet's
 * name) and desired replicas (the design's, or as last scaled).
 */
public record DeploymentObject(String namespace, String name, LabelSelector selector, PodTemplateSpec template,
                               String templateHash, int replicas) {

    DeploymentObject withReplicas(int n) {
        return new DeploymentObject(namespace, name, selector, template, templateHash, n);
    }

    String replicaSetName() {
        return name + "-" + templateHash;
    }
}
