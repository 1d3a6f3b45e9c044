package io.kubecanvas.emulator.backend;

import java.util.List;

/**
 * One readiness probe of a running Pod as a backend with real containers runs it (the kubelet's prober): the
 * control plane decides when; the backend only checks.
 *
 * @param podKey    {@code ns/name}
 * @param container the container an exec probe runs in
 * @param action    {@code httpGet}, {@code tcpSocket}, {@code grpc} or {@code exec}
 * @param port      the port, named ports already resolved on the Pod (0 for exec)
 */
public record ReadinessCheck(String podKey, String container, String action, int port, String path, boolean https,
                             List<String> command, int timeoutSeconds) {
    public ReadinessCheck {
        command = command == null ? List.of() : List.copyOf(command);
    }

    /** @param message the kubelet's words for a failure ("connection refused"), or what succeeded */
    public record Outcome(boolean success, String message) {
    }
}
