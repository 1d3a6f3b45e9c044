package io.kubecanvas.emulator.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Ingress controller's routing table: host and path to a Service port and that port's ready endpoints (the
 * controller proxies to the endpoints, as ingress-nginx does, not to the ClusterIP), the default backend, and
 * the TLS hosts with their Secrets. The controller runs in the host network of
 * {@code node} at {@code address}, ports 80 and 443 (what outside clients connect to).
 *
 * <p>Matching follows the Ingress specification: an exact host beats a wildcard ({@code *.example.com}
 * matches one label), the longest matching path wins, Exact beats Prefix at equal length; Prefix matches
 * whole path elements ({@code /foo} matches {@code /foo/bar}, not {@code /foobar}); ImplementationSpecific
 * is a plain string prefix, as nginx's {@code location /foo} is.
 */
public record IngressTable(String node, String address, int httpPort, int httpsPort, List<Route> routes,
                           Route defaultBackend, Map<String, Certificate> tls, int upstreamTimeoutMillis,
                           List<NotRouted> notRouted) {

    /** How long the controller waits to connect to a backend before it answers 504 (nginx proxy_connect_timeout). */
    public static final int UPSTREAM_TIMEOUT_MILLIS = 1000;
    /** How many endpoints one request may try when a connection fails or times out (ingress-nginx's proxy-next-upstream-tries). */
    public static final int UPSTREAM_TRIES = 3;
    /**
     * No further endpoint is tried once this long has passed since the first attempt (nginx
     * proxy_next_upstream_timeout), so a request whose every endpoint is blocked answers 504 before the
     * client's own 3 s time-out.
     */
    public static final int UPSTREAM_RETRY_WINDOW_MILLIS = 2000;

    public IngressTable {
        routes = List.copyOf(routes);
        tls = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tls));
        notRouted = List.copyOf(notRouted);
    }

    /** A table in which every Ingress is routed. */
    public IngressTable(String node, String address, int httpPort, int httpsPort, List<Route> routes,
                        Route defaultBackend, Map<String, Certificate> tls, int upstreamTimeoutMillis) {
        this(node, address, httpPort, httpsPort, routes, defaultBackend, tls, upstreamTimeoutMillis, List.of());
    }

    /** An Ingress the cluster's controller does not serve (its class is another controller's), and why. */
    public record NotRouted(String ingress, List<String> hosts, String reason) {
        public NotRouted {
            hosts = List.copyOf(hosts);
        }
    }

    /** Why a request for {@code host} finds no route although an Ingress names it, or null. */
    public String whyNotRouted(String host) {
        String h = host == null ? "" : host.toLowerCase(Locale.ROOT).replaceFirst(":.*$", "");
        for (NotRouted n : notRouted) {
            if (n.hosts().isEmpty() || n.hosts().stream().anyMatch(x -> x.equalsIgnoreCase(h)
                    || x.startsWith("*.") && wildcard(x, h))) {
                return "Ingress " + n.ingress() + " is not routed: " + n.reason();
            }
        }
        return null;
    }

    /**
     * The certificate of a TLS host: the Secret ({@code ns/name}) its Ingress names and the PEM text, or null
     * PEM when that Secret does not exist (the controller then serves its own self-signed certificate).
     */
    public record Certificate(String secret, String certPem, String keyPem) {
        public boolean fromSecret() {
            return certPem != null && keyPem != null;
        }
    }

    /**
     * One path of one Ingress rule.
     *
     * @param host        null for any host
     * @param serviceIp   the backend Service's ClusterIP, null when the Service does not exist or is headless
     * @param port        the Service port, 0 when it does not resolve
     * @param endpoints   the ready endpoints of that Service port, in the order the controller tries them
     * @param unavailable why the route has no endpoint (the controller answers 503), null when it has some
     */
    public record Route(String ingress, String host, String path, String pathType, String serviceNamespace,
                        String serviceName, String servicePort, String serviceIp, int port, List<Endpoint> endpoints,
                        String unavailable) {
        public Route {
            endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        }

        public String backend() {
            return serviceNamespace + "/" + serviceName + ":" + servicePort;
        }

        /** The nginx upstream's name, as ingress-nginx names it: {@code namespace-service-port}. */
        public String upstream() {
            return serviceNamespace + "-" + serviceName + "-" + (servicePort.isEmpty() ? "0" : servicePort);
        }

        /** Whether the controller proxies this route (else it answers 503). */
        public boolean proxied() {
            return !endpoints.isEmpty();
        }
    }

    /** An endpoint the controller proxies to: the Pod ({@code ns/name}), its address and target port. */
    public record Endpoint(String pod, String ip, int port) {
        public String address() {
            return ip + ":" + port;
        }
    }

    /** The route for a request, or the default backend, or empty (the controller answers 404). */
    public Optional<Route> match(String host, String path) {
        String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
        int colon = h.indexOf(':');
        if (colon >= 0) {
            h = h.substring(0, colon);
        }
        String p = path == null || path.isEmpty() ? "/" : path;
        int q = p.indexOf('?');
        if (q >= 0) {
            p = p.substring(0, q);
        }
        for (int pass = 0; pass < 3; pass++) {
            final String hh = h;
            final int ps = pass;
            List<Route> candidates = new ArrayList<>();
            for (Route r : routes) {
                boolean hostOk = switch (ps) {
                    case 0 -> r.host() != null && !r.host().startsWith("*.") && r.host().equalsIgnoreCase(hh);
                    case 1 -> r.host() != null && r.host().startsWith("*.") && wildcard(r.host(), hh);
                    default -> r.host() == null;
                };
                if (hostOk && pathMatches(r.pathType(), r.path(), p)) {
                    candidates.add(r);
                }
            }
            if (!candidates.isEmpty()) {
                return candidates.stream().max(Comparator.<Route>comparingInt(r -> r.path().length())
                        .thenComparing(r -> "Exact".equals(r.pathType()) ? 1 : 0));
            }
            if (ps == 0 && routes.stream().anyMatch(r -> r.host() != null && r.host().equalsIgnoreCase(hh))) {
                break; // the host is known but no path matches: the default backend answers
            }
        }
        return Optional.ofNullable(defaultBackend);
    }

    static boolean wildcard(String pattern, String host) {
        String suffix = pattern.substring(1).toLowerCase(Locale.ROOT);
        if (!host.endsWith(suffix)) {
            return false;
        }
        String label = host.substring(0, host.length() - suffix.length());
        return !label.isEmpty() && !label.contains(".");
    }

    /** Kubernetes path matching for one path type. */
    public static boolean pathMatches(String pathType, String rulePath, String requestPath) {
        String rp = rulePath == null || rulePath.isEmpty() ? "/" : rulePath;
        if ("Exact".equals(pathType)) {
            return rp.equals(requestPath);
        }
        if ("ImplementationSpecific".equals(pathType)) {
            return requestPath.startsWith(rp);
        }
        // Prefix: element-wise, a trailing slash ignored on both sides.
        List<String> want = elements(rp);
        List<String> got = elements(requestPath);
        if (want.size() > got.size()) {
            return false;
        }
        for (int i = 0; i < want.size(); i++) {
            if (!want.get(i).equals(got.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static List<String> elements(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** The certificate for a TLS host (exact, then wildcard), or null when the host is not a TLS host. */
    public Certificate certificateFor(String host) {
        String key = tlsKeyFor(host);
        return key == null ? null : tls.get(key);
    }

    /** The TLS entry ({@code spec.tls[].hosts} item, lower case) covering a host, exact before wildcard, or null. */
    public String tlsKeyFor(String host) {
        if (host == null) {
            return null;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (tls.containsKey(h)) {
            return h;
        }
        for (String k : tls.keySet()) {
            if (k.startsWith("*.") && wildcard(k, h)) {
                return k;
            }
        }
        return null;
    }
}
