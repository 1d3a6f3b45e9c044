package io.kubecanvas.emulator.plan;

/**
 * A way into the cluster from the machine the emulator runs on: the Ingress controller (HTTP and HTTPS),
 * each NodePort and each LoadBalancer port. A backend decides how the host reaches it (the docker backend
 * publishes it on 127.0.0.1 through its edge container; the sim's outside world connects to the target).
 *
 * @param key      what it is: {@code ingress-http}, {@code ingress-https}, {@code nodeport/NS/SVC/PORT},
 *                 {@code lb/NS/SVC/PORT}
 * @param protocol TCP or UDP
 */
public record HostExposure(String key, String protocol, String targetIp, int targetPort) {
}
