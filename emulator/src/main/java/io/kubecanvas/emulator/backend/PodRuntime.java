package io.kubecanvas.emulator.backend;

/**
 * What a backend that runs containers reports of one Pod that runs other than its spec says.
 *
 * @param reason  reason first, then what happened, in the kubelet's words where it has them:
 *                {@code Init:Error: init container migrate exited with code 1: last lines},
 *                {@code ErrImageNeverPull: container app: Container image "x" is not present with pull policy of Never},
 *                {@code ErrImagePull: container app: failed to pull image "x": ...; runs the labelled stand-in instead}
 * @param started whether its app containers run (perhaps as stand-ins); false: the Pod takes no traffic
 */
public record PodRuntime(String reason, boolean started) {
}
