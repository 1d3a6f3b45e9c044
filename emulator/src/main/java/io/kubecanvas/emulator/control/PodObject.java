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
 * @param waiting          why the kubelet does not start the Pod's containers, as reason and message
 *                         ({@code CreateContainerConfigError: configmap "cfg" not found}), or null
 * @param runtime          what the backend that runs the Pod reports of it ({@code Init:Error: ...},
 *                         {@code ErrImageNeverPull: ...}), or null when it runs as its spec says
 * @param runtimeBlocks    the backend could not start the Pod's app containers: the Pod is not ready
 */
public record PodObject(String namespace, String name, Map<String, String> labels, PodSpec spec,
                        Resources requests, List<ClusterState.ContainerPort> ports, List<String> images,
                        String ownerKind, String ownerName, String ownerHead,
                        String nodeName, String ip, String phase, boolean ready, boolean readinessFailing,
                        String pendingReason, long createdAt, List<ClusterState.ReadinessProbe> probes,
                        String readiness, String waiting, String runtime, boolean runtimeBlocks) {

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
                ownerHead, pinned, null, PENDING, false, false, null, now, Prober.probes(s), null, null, null, false);
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
                node, ip, phase, ready, readinessFailing, null, createdAt, probes, readiness, waiting, runtime, runtimeBlocks);
    }

    PodObject pending(String reason) {
        return new PodObject(namespace, name, labels, spec, requests, ports, images, ownerKind, ownerName, ownerHead,
                nodeName, ip, phase, ready, readinessFailing, reason, createdAt, probes, readiness, waiting, runtime, runtimeBlocks);
    }

    /**
     * Running with its sandbox's IP. A Pod with readiness probes starts unready, until the prober has a
     * result; one without is ready at once.
     */
    PodObject started(String podIp) {
        boolean r = !readinessFailing && probes.isEmpty() && !runtimeBlocks;
        return new PodObject(namespace, name, labels, spec, requests, ports, images, ownerKind, ownerName, ownerHead,
                nodeName, podIp, RUNNING, r, readinessFailing, null, createdAt, probes,
                readinessFailing ? Prober.FAILING_BY_HAND : probes.isEmpty() ? null : Prober.notYetProbed(probes), null,
                runtime, runtimeBlocks);
    }

    /** Makes the readiness probe fail by hand, or stop failing (the prober then sets readiness from its results). */
    PodObject withReadinessFailing(boolean failing) {
        boolean r = running() && !failing && probes.isEmpty() && !runtimeBlocks;
        return new PodObject(namespace, name, labels, spec, requests, ports, images, ownerKind, ownerName, ownerHead,
                nodeName, ip, phase, r, failing, pendingReason, createdAt, probes,
                failing ? Prober.FAILING_BY_HAND : probes.isEmpty() ? null : Prober.notYetProbed(probes), waiting, runtime, runtimeBlocks);
    }

    /** The prober's verdict: ready, or not with why. */
    PodObject withReadiness(boolean isReady, String why) {
        return new PodObject(namespace, name, labels, spec, requests, ports, images, ownerKind, ownerName, ownerHead,
                nodeName, ip, phase, running() && isReady && !readinessFailing && !runtimeBlocks, readinessFailing, pendingReason, createdAt,
                probes, readinessFailing ? Prober.FAILING_BY_HAND : isReady ? null : why, waiting, runtime, runtimeBlocks);
    }

    /** The kubelet cannot start the Pod's containers (or can again: null). */
    PodObject waiting(String why) {
        return new PodObject(namespace, name, labels, spec, requests, ports, images, ownerKind, ownerName, ownerHead,
                nodeName, ip, phase, ready, readinessFailing, pendingReason, createdAt, probes, readiness, why, runtime, runtimeBlocks);
    }

    /**
     * What the backend reports (null: the Pod runs as its spec says). A Pod whose containers the backend could
     * not start ({@code notStarted}) is not ready, so no Service sends it traffic.
     */
    PodObject withRuntime(String why, boolean notStarted) {
        boolean r = !notStarted && ip != null && !readinessFailing && (probes.isEmpty() || ready && !runtimeBlocks);
        // containers that never started (an init container failed, an image that may not be pulled) leave the
        // Pod Pending, as the kubelet reports it; one whose container exited stays Running, not ready
        String ph = ip == null ? phase : notStarted && why != null && !why.startsWith("Error:") ? PENDING : RUNNING;
        return new PodObject(namespace, name, labels, spec, requests, ports, images, ownerKind, ownerName, ownerHead,
                nodeName, ip, ph, r, readinessFailing, pendingReason, createdAt, probes,
                notStarted || !runtimeBlocks || probes.isEmpty() ? readiness : Prober.notYetProbed(probes), waiting, why,
                notStarted);
    }

    PodObject withLabels(Map<String, String> newLabels) {
        return new PodObject(namespace, name, newLabels, spec, requests, ports, images, ownerKind, ownerName, ownerHead,
                nodeName, ip, phase, ready, readinessFailing, pendingReason, createdAt, probes, readiness, waiting, runtime, runtimeBlocks);
    }
}
