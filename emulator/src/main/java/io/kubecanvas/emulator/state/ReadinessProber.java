package io.kubecanvas.emulator.state;

/**
 * Runs one readiness probe of a running Pod, as the kubelet's prober does, and says how it went. The
 * control plane decides when to probe (initialDelaySeconds, periodSeconds, thresholds, on its virtual clock);
 * an implementation only checks. The control plane's own implementation answers from the Pod's declared
 * ports, which are exactly the sim's listeners; a backend that runs real containers plugs in one that
 * probes them for real ({@code ControlPlane.setReadinessProber}).
 */
@FunctionalInterface
public interface ReadinessProber {

    /** @param message why it failed in the kubelet's words ("connection refused"), or what succeeded */
    record Result(boolean success, String message) {
    }

    Result probe(ClusterState.PodState pod, ClusterState.ReadinessProbe probe);
}
