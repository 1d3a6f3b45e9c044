package io.kubecanvas.emulator.control;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

/** A DaemonSet: one Pod of its template on every node that admits it. */
public record DaemonSetObject(String namespace, String name, LabelSelector selector, PodTemplateSpec template,
                              String templateHash) {
}
