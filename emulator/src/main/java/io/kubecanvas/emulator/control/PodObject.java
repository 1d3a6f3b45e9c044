package io.kubecanvas.emulator.control;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.kubecanvas.emulator.state.ClusterState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Pod as the API server holds it: spec (never mutated), the owner that made it, and status written by
 * the scheduler (node) and the kubelet (IP, phase, readiness).
 *
 * @param ownerKind        ReplicaSet for controller-made Pods, null for bare Pods
 * @param ownerHead        the head of the owner chain, "Deployment/web" or "ReplicaSet/rs", or null
 * @param readinessFailing true while the readiness probe is made to fail by hand ({@link ControlPlane#setPodReady})
 * @param pendingReason    why the scheduler could not place the Pod, or null
 * @param createdAt        virtual time (ms) of creation
 * @param probes           the containers' readiness probes, ports resolved
 * @param readiness        why a Running Pod is not ready (the prober's words), or null
 */
public record PodObject(String namespace, String name, Map<String, String> labels, PodSpec spec,
                        Resources requests, List<ClusterState.ContainerPort> ports, List<String> images,
                        String ownerKind, String ownerName, String ownerHead,
                        String nodeName, String ip, String phase, boolean ready, boolean readinessFailing,
                        String pendingReason, long createdAt, List<ClusterState.ReadinessProbe> probes,
                        String readiness) {

    public static final String PENDING = "Pending";
    public static final String RUNNING = "Running";

    public PodObject {
        labels = Map.copyOf(labels);
        ports = List.copyOf(ports);
        images = List.copyOf(images);
        probes = probes == null ? List.of() : List.copyOf(probes);
    }

    /** A new Pod: pending, unscheduled unless its spec names a node. */
    static PodObject create(String namespace, String name, Map<String, String> labels, PodSpec spec,
                            String ownerKind, String ownerName, String ownerHead, long now) {
        PodSpec s = spec == null ? new PodSpec() : spec;
        List<ClusterState.ContainerPort> ports = new ArrayList<>();
        List<String> images = new ArrayList<>();
        if (s.getContainers() != null) {
            for (Container c : s.getContainers()) {
                images.add(c.getImage() == null ? "" : c.getImage());
                if (c.getPorts() != null) {
                    for (var p : c.getPorts()) {
                        if (p.getContainerPort() != null) {
                            ports.add(new ClusterState.ContainerPort(p.getName(), p.getContainerPort(),
                                    p.getProtocol() == null ? "TCP" : p.getProtocol()));
                        }
                    }
                }
            }
        }
        String pinned = s.getNodeName() == null || s.getNodeName().isBlank() ? null : s.getNodeName();
        return new PodObject(namespace, name, labels, s, Resources.requests(s), ports, images, ownerKind, ownerName,
                ownerHead, pinned, null, PENDING, false, false, null, now, Prober.probes(s), null);
    }

    public boolean hostNetwork() {
        return Boolean.TRUE.equals(spec.getHostNetwork());
    }

    public String hostname() {
        return spec.getHostname();
    }

    public String subdomain() {
        return spec.getSubdomain();
    }

    public boolean running() {
        return RUNNING.equals(phase);
    }

    public String key() {
        return namespace + "/" + name;
    }

    PodObject bound(String node) {
        return new PodObject(namespace, name, labels, spec, requests, ports, images, ownerKind, ownerName, ownerHead,
                node, ip, phase, ready, readinessFailing, null, createdAt, probes, readiness);
    }

    PodObject pending(String reason) {
        return new PodObject(namespace, name, labels, spec, requests, ports, images, ownerKind, ownerName, ownerHead,
                nodeName, ip, phase, ready, readinessFailing, reason, createdAt, probes, readiness);
    }

    /**
     * Running with its sandbox's IP. A Pod with readiness probes starts unready, until the prober has a
     * result; one without is ready at once.
     */
    PodObject started(String podIp) {
        boolean r = !readinessFailing && probes.isEmpty();
        return new PodObject(namespace, name, labels, spec, requests, ports, images, ownerKind, ownerName, ownerHead,
                nodeName, podIp, RUNNING, r, readinessFailing, null, createdAt, probes,
                readinessFailing ? Prober.FAILING_BY_HAND : probes.isEmpty() ? null : Prober.notYetProbed(probes));
    }

    /** Makes the readiness probe fail by hand, or stop failing (the prober then sets readiness from its results). */
    PodObject withReadinessFailing(boolean failing) {
        boolean r = running() && !failing && probes.isEmpty();
        return new PodObject(namespace, name, labels, spec, requests, ports, images, ownerKind, ownerName, ownerHead,
                nodeName, ip, phase, r, failing, pendingReason, createdAt, probes,
                failing ? Prober.FAILING_BY_HAND : probes.isEmpty() ? null : Prober.notYetProbed(probes));
    }

    /** The prober's verdict: ready, or not with why. */
    PodObject withReadiness(boolean isReady, String why) {
        return new PodObject(namespace, name, labels, spec, requests, ports, images, ownerKind, ownerName, ownerHead,
                nodeName, ip, phase, running() && isReady && !readinessFailing, readinessFailing, pendingReason, createdAt,
                probes, readinessFailing ? Prober.FAILING_BY_HAND : isReady ? null : why);
    }

    PodObject withLabels(Map<String, String> newLabels) {
        return new PodObject(namespace, name, newLabels, spec, requests, ports, images, ownerKind, ownerName, ownerHead,
                nodeName, ip, phase, ready, readinessFailing, pendingReason, createdAt, probes, readiness);
    }
}
