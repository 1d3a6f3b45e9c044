package io.kubecanvas.emulator.backend;

import io.kubecanvas.emulator.plan.Ipv4;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.emulator.state.ClusterState.ContainerPort;
import io.kubecanvas.emulator.state.ClusterState.NodeState;
import io.kubecanvas.emulator.state.ClusterState.PodState;
import io.kubecanvas.emulator.state.ClusterState.ServicePort;
import io.kubecanvas.emulator.state.ClusterState.ServiceState;

import java.net.URI;
import java.util.Locale;

/**
 * A probe target as written, checked against the cluster: {@code NS/POD}, a Service name ({@code name},
 * {@code name.ns} or its DNS name), an IP address, {@code node/NAME} (with a NodePort), or a URL
 * ({@code http://example.local/path}) that goes to the Ingress controller.
 *
 * @param dnsName the name a Pod resolves through the cluster DNS before connecting (Service targets), or null
 * @param ip      the address to connect to when no DNS lookup is needed, else the expected answer
 * @param host    the HTTP Host header (URL targets), or null
 * @param path    the HTTP path (URL targets), or null
 * @param tls     https
 */
public record ProbeTarget(Kind kind, String text, String dnsName, String ip, int port, String host, String path,
                          boolean tls, String description) {

    public enum Kind { POD, SERVICE, IP, NODE, URL }

    /**
     * Reads {@code text} for a probe from {@code fromNamespace} (null for external and node sources).
     *
     * @throws IllegalArgumentException with a message saying what is wrong and what exists
     */
    public static ProbeTarget resolve(String text, int port, Protocol protocol, ClusterState state, NetworkPlan plan,
                                      String fromNamespace) {
        String t = text.trim();
        String proto = protocol == Protocol.UDP ? "UDP" : protocol == Protocol.SCTP ? "SCTP" : "TCP";
        if (t.contains("://")) {
            URI uri;
            try {
                uri = URI.create(t);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a URL: " + t);
            }
            boolean https = "https".equalsIgnoreCase(uri.getScheme());
            if (!https && !"http".equalsIgnoreCase(uri.getScheme())) {
                throw new IllegalArgumentException("only http:// and https:// URLs can be probed: " + t);
            }
            String host = uri.getHost();
            if (host == null) {
                throw new IllegalArgumentException("the URL has no host: " + t);
            }
            int p = uri.getPort() > 0 ? uri.getPort() : port > 0 ? port : https ? 443 : 80;
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            // An IP in the URL is used as it is; a name means the Ingress controller's address (hosts file).
            String ip = Ipv4.isAddress(host) ? host : plan.ingress().address();
            if (ip == null) {
                throw new IllegalArgumentException("the cluster has no node to host the Ingress controller");
            }
            return new ProbeTarget(Kind.URL, t, null, ip, p, host, path, https, "Ingress " + host + path);
        }
        if (t.startsWith("node/")) {
            String name = t.substring(5);
            NodeState n = state.node(name);
            if (n == null) {
                throw new IllegalArgumentException("no node named " + name + " (nodes: "
                        + String.join(", ", state.nodes().stream().map(NodeState::name).toList()) + ")");
            }
            int p = port > 0 ? port : firstNodePort(state);
            if (p <= 0) {
                throw new IllegalArgumentException("a node target needs --port (a NodePort)");
            }
            return new ProbeTarget(Kind.NODE, t, null, n.underlayIp(), p, null, null, false, "node " + name);
        }
        if (Ipv4.isAddress(t)) {
            return new ProbeTarget(Kind.IP, t, null, t, port > 0 ? port : 80, null, null, false, t);
        }
        if (t.contains("/")) {
            String[] parts = t.split("/", 2);
            PodState pod = state.pod(parts[0], parts[1]);
            if (pod == null) {
                throw new IllegalArgumentException("no Pod " + t + " (write NS/POD, for example default/web-0)");
            }
            if (pod.ip() == null) {
                throw new IllegalArgumentException("Pod " + t + " has no IP yet (phase " + pod.phase() + ")");
            }
            int p = port;
            if (p <= 0) {
                p = pod.ports().stream().filter(cp -> proto.equalsIgnoreCase(cp.protocol() == null ? "TCP" : cp.protocol()))
                        .mapToInt(ContainerPort::port).findFirst().orElse(80);
            }
            return new ProbeTarget(Kind.POD, t, null, pod.ip(), p, null, null, false, "Pod " + t);
        }
        ServiceState svc = service(t, state, fromNamespace == null ? "default" : fromNamespace, state.network().clusterDomain());
        if (svc == null) {
            throw new IllegalArgumentException("no Service, Pod, node or address matches '" + t
                    + "' (write NS/POD, a Service name, name.namespace, an IP, node/NAME or a URL)");
        }
        int p = port;
        if (p <= 0) {
            p = svc.ports().stream().filter(sp -> proto.equalsIgnoreCase(sp.protocol() == null ? "TCP" : sp.protocol()))
                    .mapToInt(ServicePort::port).findFirst().orElse(svc.ports().isEmpty() ? 80 : svc.ports().get(0).port());
        }
        String ip = svc.headless() ? null : svc.clusterIp();
        return new ProbeTarget(Kind.SERVICE, t, t, ip, p, null, null, false, "Service " + svc.key());
    }

    static ServiceState service(String name, ClusterState state, String fromNamespace, String domain) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        String suffix = ".svc." + domain;
        if (n.endsWith(suffix)) {
            n = n.substring(0, n.length() - suffix.length());
        } else if (n.endsWith(".svc")) {
            n = n.substring(0, n.length() - 4);
        }
        String[] parts = n.split("\\.");
        if (parts.length == 1) {
            return state.service(fromNamespace, parts[0]);
        }
        if (parts.length == 2) {
            return state.service(parts[1], parts[0]);
        }
        return null;
    }

    private static int firstNodePort(ClusterState state) {
        return state.services().stream().flatMap(s -> s.ports().stream()).mapToInt(ServicePort::nodePort).filter(p -> p > 0)
                .findFirst().orElse(0);
    }
}
