package io.kubecanvas.emulator.control;

import io.kubecanvas.model.Cluster;

import java.util.Random;

/**
 * What every controller shares: the store, the virtual clock, the event log, the cluster's network
 * settings and the seeded random sources (one per purpose, so that unrelated changes do not shift each
 * other's choices).
 */
final class ControlContext {
    final ObjectStore store;
    final Cluster.NetworkSettings network;
    final long nodeGraceMillis;
    final Random podNames;
    final Random clusterIps;
    final Random nodePorts;
    private final EventLog events;
    long now;

    ControlContext(long seed, Cluster.NetworkSettings network, long nodeGraceMillis, EventLog events) {
        this.events = events;
        this.store = new ObjectStore(seed);
        this.network = network;
        this.nodeGraceMillis = nodeGraceMillis;
        this.podNames = new Random(seed * 31 + 1);
        this.clusterIps = new Random(seed * 31 + 2);
        this.nodePorts = new Random(seed * 31 + 3);
    }

    void event(String type, String reason, String namespace, String object, String message, String source) {
        events.add(new ClusterEvent(now, type, reason, namespace, object, message, source));
    }

    void normal(String reason, String namespace, String object, String message, String source) {
        event(ClusterEvent.NORMAL, reason, namespace, object, message, source);
    }

    void warning(String reason, String namespace, String object, String message, String source) {
        event(ClusterEvent.WARNING, reason, namespace, object, message, source);
    }

    /** Deletes a Pod; the kubelet's "Killing" event when it had started containers. */
    void deletePod(PodObject pod) {
        if (store.delete(Kinds.pod(pod.namespace(), pod.name())) != null && pod.running()) {
            normal("Killing", pod.namespace(), "pod/" + pod.name(), "Stopping container "
                    + containerNames(pod), "kubelet");
        }
    }

    private static String containerNames(PodObject pod) {
        if (pod.spec().getContainers() == null || pod.spec().getContainers().isEmpty()) {
            return "";
        }
        return pod.spec().getContainers().stream().map(c -> c.getName() == null ? "" : c.getName())
                .collect(java.util.stream.Collectors.joining(", "));
    }

}
