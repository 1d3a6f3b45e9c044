package io.kubecanvas.emulator.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Ingress controller's nginx configuration, rendered from the {@link IngressTable} so nginx routes every
 * request where {@link IngressTable#match} does (the sim's Ingress hop asks the same table).
 *
 * <p>Design notes. Each route becomes the nginx locations that match exactly its requests: Exact {@code /p} is
 * {@code location = /p}; Prefix {@code /p} (element-wise) is {@code location = /p} plus {@code location /p/}; a
 * Prefix of {@code /} and ImplementationSpecific {@code /p} (a plain string prefix) are {@code location /p}. nginx
 * takes an exact location first, else the longest prefix location; every request nginx sends to one location
 * has the same candidate routes in the table, so the backend of each location is the table's answer for one
 * representative request (the location's path, plus a byte no real path holds for prefix locations). Hosts:
 * one server per exact host, a regex server per wildcard host (the table's {@code *.a.b} matches one label,
 * nginx's own wildcards match several), and the default server for the rest; a wildcard server also holds the
 * host-less routes, which the table falls back to for wildcard hosts (for a known exact host it answers with
 * the default backend instead). Every server listens on 443 too, with the host's Secret or the controller's
 * fake certificate, so HTTPS routes as HTTP does.
 *
 * <p>As ingress-nginx does, the controller proxies to a Service port's ready endpoints, not to its ClusterIP: one
 * {@code upstream} per Service port ({@code namespace-service-port}) lists them in the table's order, balanced
 * round robin; {@code max_fails=0} keeps nginx from setting an endpoint aside after a failure, so each request
 * tries them in turn as the sim's controller does. A failed or timed-out connection moves on to the next endpoint
 * ({@link IngressTable#UPSTREAM_TRIES} tries within {@link IngressTable#UPSTREAM_RETRY_WINDOW_MILLIS}). The
 * client's address travels in {@code X-Forwarded-For} and {@code X-Real-IP}.
 */
public final class NginxConfig {
    /** Where the node script writes the configuration and certificates. */
    public static final String DIR = NodeScript.DIR + "/nginx";
    /** The controller's own certificate for hosts without a Secret, as ingress-nginx names it. */
    public static final String FAKE_CERTIFICATE = "Kubernetes Ingress Controller Fake Certificate";
    /** A byte no request path holds: appended to a prefix location's path to ask the table for its requests. */
    private static final String BEYOND = "\u0001";

    private NginxConfig() {
    }

    /** Certificate files of the hosts whose Secret exists: file name (under {@link #DIR}) to PEM text. */
    public static Map<String, String> certificateFiles(IngressTable t) {
        Map<String, String> out = new LinkedHashMap<>();
        t.tls().forEach((host, c) -> {
            if (c.fromSecret()) {
                out.put("tls-" + fileSafe(host) + ".crt", c.certPem());
                out.put("tls-" + fileSafe(host) + ".key", c.keyPem());
            }
        });
        return out;
    }

    public static String render(IngressTable t) {
        StringBuilder b = new StringBuilder();
        b.append("# the Ingress controller of node ").append(t.node()).append(", rendered from the plan's Ingress table\n");
        b.append("worker_processes 1;\npid /run/kubecanvas/nginx.pid;\nerror_log /run/kubecanvas/nginx-error.log;\n");
        b.append("events { worker_connections 512; }\nhttp {\n");
        b.append("  access_log /run/kubecanvas/nginx-access.log;\n");
        b.append("  proxy_connect_timeout ").append(t.upstreamTimeoutMillis()).append("ms;\n  proxy_read_timeout 10s;\n");
        b.append("  proxy_next_upstream error timeout;\n  proxy_next_upstream_tries ").append(IngressTable.UPSTREAM_TRIES)
                .append(";\n  proxy_next_upstream_timeout ").append(IngressTable.UPSTREAM_RETRY_WINDOW_MILLIS).append("ms;\n");
        b.append("  proxy_set_header Host $host;\n  proxy_set_header X-Real-IP $remote_addr;\n")
                .append("  proxy_set_header X-Forwarded-For $remote_addr;\n  proxy_set_header X-Forwarded-Host $host;\n")
                .append("  proxy_set_header X-Forwarded-Proto $scheme;\n");
        upstreams(b, t);
        b.append("  ssl_certificate ").append(DIR).append("/fake.crt;\n  ssl_certificate_key ").append(DIR).append("/fake.key;\n");
        server(b, t, null, "_", "\u0001", routesFor(t, r -> r.host() == null));
        Set<String> exact = new LinkedHashSet<>();
        Set<String> wild = new LinkedHashSet<>();
        for (IngressTable.Route r : t.routes()) {
            if (r.host() != null) {
                (r.host().startsWith("*.") ? wild : exact).add(r.host().toLowerCase(Locale.ROOT));
            }
        }
        for (String h : exact) {
            server(b, t, h, h, h, routesFor(t, r -> r.host() != null && r.host().equalsIgnoreCase(h)));
        }
        for (String w : wild) {
            String regex = "\"~^[^.]+" + w.substring(1).replace(".", "\\.") + "$\"";
            server(b, t, w, regex, BEYOND + w.substring(1),
                    routesFor(t, r -> r.host() == null || r.host().equalsIgnoreCase(w)));
        }
        return b.append("}\n").toString();
    }

    /** One upstream per proxied Service port: its ready endpoints. */
    private static void upstreams(StringBuilder b, IngressTable t) {
        Map<String, IngressTable.Route> byName = new LinkedHashMap<>();
        List<IngressTable.Route> all = new ArrayList<>(t.routes());
        if (t.defaultBackend() != null) {
            all.add(t.defaultBackend());
        }
        for (IngressTable.Route r : all) {
            if (r.proxied()) {
                byName.putIfAbsent(r.upstream(), r);
            }
        }
        byName.forEach((name, r) -> {
            b.append("  upstream ").append(name).append(" {");
            for (IngressTable.Endpoint e : r.endpoints()) {
                b.append(" server ").append(e.address()).append(" max_fails=0;");
            }
            b.append(" }\n");
        });
    }

    private static List<IngressTable.Route> routesFor(IngressTable t, java.util.function.Predicate<IngressTable.Route> p) {
        return t.routes().stream().filter(p).toList();
    }

    /**
     * @param host     the host as the table knows it (for its certificate), null for the default server
     * @param asked    the host a request to this server carries, as the table is asked
     */
    private static void server(StringBuilder b, IngressTable t, String host, String serverName, String asked,
                               List<IngressTable.Route> routes) {
        b.append("  server {\n");
        boolean def = host == null;
        b.append("    listen ").append(t.httpPort()).append(def ? " default_server" : "").append(";\n");
        b.append("    listen ").append(t.httpsPort()).append(" ssl").append(def ? " default_server" : "").append(";\n");
        b.append("    server_name ").append(serverName).append(";\n");
        String tlsKey = host == null ? null : t.tlsKeyFor(host.startsWith("*.") ? BEYOND + host.substring(1) : host);
        if (tlsKey != null && t.tls().get(tlsKey).fromSecret()) {
            String f = DIR + "/tls-" + fileSafe(tlsKey);
            b.append("    ssl_certificate ").append(f).append(".crt;\n    ssl_certificate_key ").append(f).append(".key;\n");
        }
        Map<String, String> locations = new LinkedHashMap<>();
        for (IngressTable.Route r : routes) {
            for (String loc : locations(r)) {
                locations.putIfAbsent(loc, body(t, t.match(asked, representative(loc)), t.node()));
            }
        }
        locations.putIfAbsent("/", body(t, t.match(asked, representative("/")), t.node()));
        locations.forEach((loc, body) -> b.append("    location ").append(loc).append(" { ").append(body).append(" }\n"));
        b.append("  }\n");
    }

    /** The nginx locations that match exactly the requests a route matches. */
    static List<String> locations(IngressTable.Route r) {
        String p = r.path() == null || r.path().isEmpty() ? "/" : r.path();
        List<String> out = new ArrayList<>();
        switch (r.pathType()) {
            case "Exact" -> out.add("= " + p);
            case "ImplementationSpecific" -> out.add(p);
            default -> {
                String trimmed = p.replaceAll("/+$", "");
                if (trimmed.isEmpty()) {
                    out.add("/");
                } else {
                    out.add("= " + trimmed);
                    out.add(trimmed + "/");
                }
            }
        }
        return out;
    }

    private static String representative(String location) {
        return location.startsWith("= ") ? location.substring(2) : location + BEYOND;
    }

    private static String body(IngressTable t, Optional<IngressTable.Route> route, String node) {
        String headers = "add_header X-Ingress-Node " + node + " always;";
        if (route.isEmpty()) {
            return headers + " return 404 \"default backend - 404\\n\";";
        }
        IngressTable.Route r = route.get();
        headers += " add_header X-Ingress-Route " + r.ingress() + " always;";
        if (!r.proxied()) {
            return headers + " return 503;";
        }
        return headers + " proxy_pass http://" + r.upstream() + ";";
    }

    static String fileSafe(String host) {
        return host.replaceAll("[^A-Za-z0-9.-]", "_");
    }
}
