package io.kubecanvas.emulator.control;

import io.kubecanvas.model.Cluster;

import java.util.List;
import java.util.Map;

/**
 * A Node as the API server holds it: the design's spec plus what the node IPAM and the node lifecycle
 * decided.
 *
 * @param notReadySince virtual time (ms) the node stopped, or -1 while ready
 */
public record NodeObject(String name, String role, Map<String, String> labels, List<Cluster.Taint> taints,
                         Resources capacity, String underlayIp, String podCidr, boolean ready, long notReadySince) {

    public NodeObject {
        labels = Map.copyOf(labels);
        taints = List.copyOf(taints);
    }

    public boolean isControlPlane() {
        return Cluster.NodeSpec.CONTROL_PLANE.equals(role);
    }

    NodeObject withReady(boolean nowReady, long at) {
        return new NodeObject(name, role, labels, taints, capacity, underlayIp, podCidr, nowReady, nowReady ? -1 : at);
    }

    NodeObject withSpec(Cluster.NodeSpec spec) {
        return new NodeObject(name, spec.role(), spec.labels(), spec.taints(), Resources.capacity(spec.capacity()),
                underlayIp, podCidr, ready, notReadySince);
    }
}
