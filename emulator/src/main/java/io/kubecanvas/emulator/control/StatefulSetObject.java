package io.kubecanvas.emulator.control;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

/**
 * A StatefulSet: Pods {@code <name>-0 .. <name>-(replicas-1)}, each with a stable name and the DNS name
 * {@code <pod>.<serviceName>.<ns>.svc.<domain>} through its headless Service.
 */
public record StatefulSetObject(String namespace, String name, String serviceName, LabelSelector selector,
                                PodTemplateSpec template, String templateHash, int replicas) {

    StatefulSetObject withReplicas(int n) {
        return new StatefulSetObject(namespace, name, serviceName, selector, template, templateHash, n);
    }
}
