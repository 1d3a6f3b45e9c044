package io.kubecanvas.netviz;

/**
 * One request the traffic panel sends.
 *
 * @param source   "namespace/pod" or {@link #OUTSIDE}
 * @param target   a Pod ("namespace/pod"), a Service name ("web-service" or "ns/web-service"), an IP,
 *                 "IP:port", a NodePort ("node:30080") or an Ingress URL ("http://example.local/")
 * @param protocol "tcp", "udp", "sctp", "icmp" or "http"
 * @param port     destination port, 0 for the target's default
 */
public record TrafficRequest(String source, String target, String protocol, int port) {
    public static final String OUTSIDE = "outside";

    public TrafficRequest {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("a request needs a source Pod or 'outside'");
        }
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("a request needs a target");
        }
        protocol = protocol == null || protocol.isBlank() ? "http" : protocol.toLowerCase(java.util.Locale.ROOT);
    }

    public boolean fromOutside() {
        return OUTSIDE.equals(source);
    }

    @Override
    public String toString() {
        return source + " -> " + target + " (" + protocol + (port > 0 ? " " + port : "") + ")";
    }
}
