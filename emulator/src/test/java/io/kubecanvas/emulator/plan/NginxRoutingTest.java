package io.kubecanvas.emulator.plan;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * nginx's configuration is rendered from the Ingress table, and must route every request where the table (and
 * so the sim's Ingress hop) does. The rendered text is read back and requests are routed by nginx's own rules
 * (server: exact name, then regular expressions in order, then the default server; location: an exact match,
 * else the longest prefix), then compared with {@link IngressTable#match} for every case.
 */
class NginxRoutingTest {

    /** One nginx server block as the rendered text gives it. */
    record Server(List<String> names, boolean defaultServer, List<String[]> locations) {
    }

    static List<Server> read(String conf) {
        List<Server> out = new ArrayList<>();
        Server cur = null;
        Pattern loc = Pattern.compile("^\\s*location (= )?(\\S+) \\{ (.*) }$");
        for (String line : conf.split("\n")) {
            String l = line.strip();
            if (l.equals("server {")) {
                cur = new Server(new ArrayList<>(), false, new ArrayList<>());
                out.add(cur);
            } else if (cur != null && l.startsWith("listen ") && l.contains("default_server") && !cur.defaultServer()) {
                Server d = new Server(cur.names(), true, cur.locations());
                out.set(out.size() - 1, d);
                cur = d;
            } else if (cur != null && l.startsWith("server_name ")) {
                for (String n : l.substring(12, l.length() - 1).split(" ")) {
                    cur.names().add(n.replaceAll("^\"|\"$", ""));
                }
            } else if (cur != null) {
                Matcher m = loc.matcher(l);
                if (m.matches()) {
                    cur.locations().add(new String[]{m.group(1) == null ? "prefix" : "exact", m.group(2), m.group(3)});
                }
            }
        }
        return out;
    }

    /** nginx's server selection for a Host header. */
    static Server server(List<Server> servers, String host) {
        String h = host.toLowerCase(Locale.ROOT);
        for (Server s : servers) {
            if (s.names().contains(h)) {
                return s;
            }
        }
        for (Server s : servers) {
            for (String n : s.names()) {
                if (n.startsWith("~") && Pattern.compile(n.substring(1)).matcher(h).find()) {
                    return s;
                }
            }
        }
        return servers.stream().filter(Server::defaultServer).findFirst().orElseThrow();
    }

    /** nginx's location selection: exact first, else the longest matching prefix. The location's body. */
    static String location(Server s, String path) {
        for (String[] l : s.locations()) {
            if (l[0].equals("exact") && l[1].equals(path)) {
                return l[2];
            }
        }
        String best = null;
        int len = -1;
        for (String[] l : s.locations()) {
            if (l[0].equals("prefix") && path.startsWith(l[1]) && l[1].length() > len) {
                best = l[2];
                len = l[1].length();
            }
        }
        return best;
    }

    /**
     * What the table answers, in the words of an nginx location body: 404, 503, or the ready endpoints of the
     * route's Service port as the plan's Service lists them (ingress-nginx proxies to endpoints, not the ClusterIP).
     */
    static String expected(NetworkPlan plan, Optional<IngressTable.Route> r) {
        if (r.isEmpty()) {
            return "404";
        }
        ServicePlan svc = plan.service(r.get().serviceNamespace(), r.get().serviceName());
        if (svc == null) {
            return "503";
        }
        List<String> eps = svc.ports().stream().filter(p -> String.valueOf(p.port()).equals(r.get().servicePort())
                        || r.get().servicePort().equals(p.name()))
                .flatMap(p -> p.ready().stream()).map(b -> b.ip() + ":" + b.port()).toList();
        return eps.isEmpty() ? "503" : String.join(" ", eps);
    }

    /** nginx's upstream blocks: name to the servers it lists. */
    static Map<String, String> upstreams(String conf) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^\\s*upstream (\\S+) \\{(.*)}$").matcher(conf);
        while (m.find()) {
            List<String> servers = new ArrayList<>();
            Matcher s = Pattern.compile("server (\\S+?)( [^;]*)?;").matcher(m.group(2));
            while (s.find()) {
                servers.add(s.group(1));
            }
            out.put(m.group(1), String.join(" ", servers));
        }
        return out;
    }

    /** Where a location body sends a request: its upstream's servers, or the status it returns. */
    static String got(String conf, String body) {
        Matcher proxy = Pattern.compile("proxy_pass http://(\\S+);").matcher(body);
        if (proxy.find()) {
            String servers = upstreams(conf).get(proxy.group(1));
            assertTrue(servers != null, "no upstream " + proxy.group(1) + " in\n" + conf);
            return servers;
        }
        Matcher ret = Pattern.compile("return (\\d{3})").matcher(body);
        assertTrue(ret.find(), body);
        return ret.group(1);
    }

    @Test
    void nginxRoutesEveryCaseWhereTheIngressTableDoes() {
        NetworkPlan plan = NetworkPlan.compute(IngressCases.state());
        IngressTable t = plan.ingress();
        String conf = NginxConfig.render(t);
        List<Server> servers = read(conf);
        for (String[] req : IngressCases.REQUESTS) {
            String body = location(server(servers, req[0]), req[1]);
            assertEquals(expected(plan, t.match(req[0], req[1])), got(conf, body), req[0] + req[1]);
        }
    }

    @Test
    void theCasesTheIssueFoundDifferentAreRoutedAsTheTableSays() {
        NetworkPlan plan = NetworkPlan.compute(IngressCases.state());
        IngressTable t = plan.ingress();
        assertEquals("svc-impl", t.match("shop.local", "/foobar").orElseThrow().serviceName(),
                "ImplementationSpecific /foo is a plain prefix, as nginx's location /foo");
        assertEquals("svc-default", t.match("exact.local", "/only/x").orElseThrow().serviceName(),
                "a known host with no matching path gets the default backend");
        String conf = NginxConfig.render(t);
        List<Server> servers = read(conf);
        assertEquals(plan.pod("default", "be-impl").ip() + ":80", got(conf, location(server(servers, "shop.local"), "/foobar")));
        assertEquals(plan.pod("default", "be-default").ip() + ":80",
                got(conf, location(server(servers, "exact.local"), "/only/x")));
        assertEquals("503", got(conf, location(server(servers, "shop.local"), "/gone/x")), "a backend without a Service");
    }

    @Test
    void everyServerListensForHttpsWithTheSecretOrTheFakeCertificate() {
        String conf = NginxConfig.render(NetworkPlan.compute(IngressCases.state()).ingress());
        for (Server s : read(conf)) {
            assertTrue(s.locations().stream().anyMatch(l -> l[1].equals("/")), "a catch-all location in " + s.names());
        }
        assertEquals(read(conf).size(), conf.split("listen 443 ssl", -1).length - 1);
        assertTrue(conf.contains("ssl_certificate " + NginxConfig.DIR + "/fake.crt;"));
        assertTrue(conf.contains("proxy_connect_timeout " + IngressTable.UPSTREAM_TIMEOUT_MILLIS + "ms;"),
                "the same upstream time-out as the sim's controller, so a blocked backend is a 504 on both");
    }

    @Test
    void anUpstreamListsEveryReadyEndpointAndTheClientTravelsInForwardedHeaders() {
        ClusterFixture f = ClusterFixture.threeNodes();
        for (String n : List.of("w1", "w2", "w3")) {
            f.pod("default", n, n.equals("w2") ? "worker-2" : "worker-1", Map.of("app", "web"), ClusterFixture.tcp(8080));
        }
        f.pod("default", "other", "worker-2", Map.of("app", "other"), ClusterFixture.tcp(8080));
        f.labels("default", "w3", Map.of("app", "web"));
        NetworkPlan plan = NetworkPlan.compute(f.service("default", "web", "ClusterIP", Map.of("app", "web"),
                        ClusterFixture.port(80, "8080"))
                .ingress("""
                        apiVersion: networking.k8s.io/v1
                        kind: Ingress
                        metadata: {name: web, namespace: default}
                        spec:
                          rules:
                          - host: web.local
                            http:
                              paths:
                              - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
                        """).build());
        String conf = NginxConfig.render(plan.ingress());
        String body = location(server(read(conf), "web.local"), "/");
        List<String> pods = List.of("w1", "w2", "w3").stream().map(n -> plan.pod("default", n).ip() + ":8080").toList();
        assertEquals(String.join(" ", pods), got(conf, body), "the Pods' addresses and target port, never the ClusterIP");
        assertTrue(!got(conf, body).contains(plan.service("default", "web").clusterIp()));
        assertTrue(conf.contains("proxy_set_header X-Forwarded-For $remote_addr;"), conf);
        assertTrue(conf.contains("proxy_set_header X-Real-IP $remote_addr;"), conf);
        assertTrue(conf.contains("proxy_next_upstream_tries " + IngressTable.UPSTREAM_TRIES + ";"), conf);
    }
}
