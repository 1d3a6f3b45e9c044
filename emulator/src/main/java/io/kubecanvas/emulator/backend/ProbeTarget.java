package io.kubecanvas.emulator.backend;

import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.plan.NodePlan;
import io.kubecanvas.emulator.plan.PodPlan;
import io.kubecanvas.emulator.plan.ServicePlan;
import io.kubecanvas.model.net.Ipv4;

import java.net.URI;
import java.util.Locale;

/**
 * A probe target as written, checked against the plan: {@code NS/POD}, a Service name ({@code name},
 * {@code name.ns} or its DNS name), an IP address, {@code node/NAME} (with a NodePort), or a URL
 * ({@code http://example.local/path}) that goes to the Ingress controller. A UDP probe to port 53 is a DNS
 * query (for {@code dnsQuery}, the cluster DNS Service's own name), on every backend; {@code dns:NAME} (RFC 4501's
 * form) is a DNS query for NAME to the cluster DNS, the name asked as written, without search domains (as
 * {@code dig +nosearch NAME}).
 *
 * @param dnsName the name a Pod resolves through the cluster DNS before connecting (Service targets), or null
 * @param ip      the address to connect to when no DNS lookup is needed, else the expected answer
 * @param host    the HTTP Host header (URL targets), or null
 * @param path    the HTTP path (URL targets), or null
 * @param tls      https
 * @param dnsQuery the name a DNS probe asks for (UDP to port 53), or null
 */
public record ProbeTarget(Kind kind, String text, String dnsName, String ip, int port, String host, String path,
                          boolean tls, String description, String dnsQuery) {

    public static final int DNS_PORT = 53;

    public enum Kind { POD, SERVICE, IP, NODE, URL }

    /**
     * Reads {@code text} for a probe from {@code fromNamespace} (null for external and node sources).
     *
     * @throws IllegalArgumentException with a message saying what is wrong and what exists
     */
    public static ProbeTarget resolve(String text, int port, Protocol protocol, NetworkPlan plan, String fromNamespace) {
        ProbeTarget t = read(text, port, protocol, plan, fromNamespace);
        if (protocol == Protocol.UDP && t.port() == DNS_PORT && t.dnsQuery() == null) {
            return new ProbeTarget(t.kind(), t.text(), t.dnsName(), t.ip(), t.port(), t.host(), t.path(), t.tls(),
                    t.description(), "kube-dns.kube-system.svc." + plan.dns().clusterDomain());
        }
        return t;
    }

    private static ProbeTarget read(String text, int port, Protocol protocol, NetworkPlan plan, String fromNamespace) {
        String t = text.trim();
        String proto = protocol == Protocol.UDP ? "UDP" : protocol == Protocol.SCTP ? "SCTP" : "TCP";
        if (t.regionMatches(true, 0, "dns:", 0, 4)) {
            String name = t.substring(4);
            if (name.isEmpty() || name.startsWith("/") || !name.matches("[A-Za-z0-9_.-]+")) {
                throw new IllegalArgumentException("dns: takes a name to look up, as in dns:web.default.svc."
                        + plan.dns().clusterDomain() + ", not '" + t + "'");
            }
            if (protocol != Protocol.UDP) {
                throw new IllegalArgumentException(t + " is a DNS query, which goes over UDP: probe it over UDP (--protocol udp)");
            }
            if (port > 0 && port != DNS_PORT) {
                throw new IllegalArgumentException(t + " is a DNS query to the cluster DNS on port 53, not " + port);
            }
            return new ProbeTarget(Kind.IP, t, null, plan.dns().serviceIp(), DNS_PORT, null, null, false,
                    "DNS query for " + name, name.endsWith(".") ? name.substring(0, name.length() - 1) : name);
        }
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
            return new ProbeTarget(Kind.URL, t, null, ip, p, host, path, https, "Ingress " + host + path, null);
        }
        if (t.startsWith("node/")) {
            String name = t.substring(5);
            NodePlan n = plan.node(name);
            if (n == null) {
                throw new IllegalArgumentException("no node named " + name + " (nodes: "
                        + String.join(", ", plan.nodes().stream().map(NodePlan::name).toList()) + ")");
            }
            int p = port > 0 ? port : firstNodePort(plan);
            if (p <= 0) {
                throw new IllegalArgumentException("a node target needs --port (a NodePort)");
            }
            return new ProbeTarget(Kind.NODE, t, null, n.underlay().address().addressText(), p, null, null, false, "node " + name, null);
        }
        if (Ipv4.isAddress(t)) {
            return new ProbeTarget(Kind.IP, t, null, t, port > 0 ? port : 80, null, null, false, t, null);
        }
        if (t.contains("/")) {
            String[] parts = t.split("/", 2);
            PodPlan pod = plan.pod(parts[0], parts[1]);
            if (pod == null) {
                throw new IllegalArgumentException("no Pod " + t + " (write NS/POD, for example default/web-0)");
            }
            if (pod.ip() == null) {
                throw new IllegalArgumentException("Pod " + t + " has no IP yet (phase " + pod.phase() + ")");
            }
            int p = port;
            if (p <= 0) {
                p = pod.listeners().stream().filter(l -> proto.equalsIgnoreCase(l.protocol()))
                        .mapToInt(PodPlan.Listener::port).findFirst().orElse(80);
            }
            return new ProbeTarget(Kind.POD, t, null, pod.ip(), p, null, null, false, "Pod " + t, null);
        }
        ServicePlan svc = service(t, plan, fromNamespace == null ? "default" : fromNamespace);
        if (svc == null) {
            throw new IllegalArgumentException("no Service, Pod, node or address matches '" + t
                    + "' (write NS/POD, a Service name, name.namespace, an IP, node/NAME or a URL)");
        }
        int p = port;
        if (p <= 0) {
            p = svc.ports().stream().filter(sp -> proto.equalsIgnoreCase(sp.protocol()))
                    .mapToInt(ServicePlan.Port::port).findFirst().orElse(svc.ports().isEmpty() ? 80 : svc.ports().get(0).port());
        }
        return new ProbeTarget(Kind.SERVICE, t, t, svc.clusterIp(), p, null, null, false, "Service " + svc.key(), null);
    }

    /** The Service a name means from a namespace: {@code name}, {@code name.ns}, {@code name.ns.svc[.domain][.]}. */
    public static ServicePlan service(String name, NetworkPlan plan, String fromNamespace) {
        String domain = plan.dns().clusterDomain();
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
            return plan.service(fromNamespace, parts[0]);
        }
        if (parts.length == 2) {
            return plan.service(parts[1], parts[0]);
        }
        return null;
    }

    private static int firstNodePort(NetworkPlan plan) {
        return plan.services().stream().flatMap(s -> s.ports().stream()).mapToInt(ServicePlan.Port::nodePort).filter(p -> p > 0)
                .findFirst().orElse(0);
    }
}
