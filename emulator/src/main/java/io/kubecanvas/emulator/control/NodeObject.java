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

    /** A new, Ready node with the labels its kubelet adds (hostname, os, arch, role) under the design's. */
    static NodeObject register(Cluster.NodeSpec spec, String underlayIp, String podCidr) {
        return new NodeObject(spec.name(), spec.role(), kubeletLabels(spec), spec.taints(),
                Resources.capacity(spec.capacity()), underlayIp, podCidr, true, -1);
    }

    static Map<String, String> kubeletLabels(Cluster.NodeSpec spec) {
        Map<String, String> l = new java.util.LinkedHashMap<>();
        l.put("kubernetes.io/hostname", spec.name());
        l.put("kubernetes.io/os", "linux");
        l.put("kubernetes.io/arch", "amd64");
        if (spec.isControlPlane()) {
            l.put("node-role.kubernetes.io/control-plane", "");
        }
        l.putAll(spec.labels());
        return l;
    }

    public boolean isControlPlane() {
        return Cluster.NodeSpec.CONTROL_PLANE.equals(role);
    }

    NodeObject withReady(boolean nowReady, long at) {
        return new NodeObject(name, role, labels, taints, capacity, underlayIp, podCidr, nowReady, nowReady ? -1 : at);
    }

    NodeObject withSpec(Cluster.NodeSpec spec) {
        return new NodeObject(name, spec.role(), kubeletLabels(spec), spec.taints(), Resources.capacity(spec.capacity()),
                underlayIp, podCidr, ready, notReadySince);
    }
}
