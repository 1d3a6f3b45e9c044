package io.kubecanvas.emulator.control;

/**
 * One line of {@code kubectl get events}: what a component did to an object, at a virtual time.
 *
 * @param at     virtual time in milliseconds since the cluster started
 * @param type   Normal or Warning
 * @param object "pod/web-7d4b9c8f6-x2k9q" style (lower-case kind / name), with {@code namespace} apart
 * @param source the component: default-scheduler, kubelet, replicaset-controller, deployment-controller,
 *               node-controller, service-controller, endpoint-controller
 */
public record ClusterEvent(long at, String type, String reason, String namespace, String object, String message,
                           String source) {

    public static final String NORMAL = "Normal";
    public static final String WARNING = "Warning";

    /** {@code kubectl get events} style: age, type, reason, object, message. */
    @Override
    public String toString() {
        return String.format("%7.1fs  %-7s  %-20s  %-40s  %s", at / 1000.0, type, reason,
                (namespace == null || namespace.isEmpty() ? "" : namespace + "/") + object, message);
    }
}
