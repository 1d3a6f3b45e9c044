package io.kubecanvas.emulator.plan;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    /** What the table answers, in the words of an nginx location body. */
    static String expected(Optional<IngressTable.Route> r) {
        if (r.isEmpty()) {
            return "404";
        }
        return r.get().serviceIp() == null || r.get().port() == 0 ? "503" : r.get().serviceIp() + ":" + r.get().port();
    }

    static String got(String body) {
        Matcher proxy = Pattern.compile("proxy_pass http://(\\S+);").matcher(body);
        if (proxy.find()) {
            return proxy.group(1);
        }
        Matcher ret = Pattern.compile("return (\\d{3})").matcher(body);
        assertTrue(ret.find(), body);
        return ret.group(1);
    }

    @Test
    void nginxRoutesEveryCaseWhereTheIngressTableDoes() {
        NetworkPlan plan = NetworkPlan.compute(IngressCases.state());
        IngressTable t = plan.ingress();
        List<Server> servers = read(NginxConfig.render(t));
        for (String[] req : IngressCases.REQUESTS) {
            String body = location(server(servers, req[0]), req[1]);
            assertEquals(expected(t.match(req[0], req[1])), got(body), req[0] + req[1]);
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
        List<Server> servers = read(NginxConfig.render(t));
        assertEquals(plan.service("default", "svc-impl").clusterIp() + ":80", got(location(server(servers, "shop.local"), "/foobar")));
        assertEquals(plan.service("default", "svc-default").clusterIp() + ":80",
                got(location(server(servers, "exact.local"), "/only/x")));
        assertEquals("503", got(location(server(servers, "shop.local"), "/gone/x")), "a backend without a Service");
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
}
