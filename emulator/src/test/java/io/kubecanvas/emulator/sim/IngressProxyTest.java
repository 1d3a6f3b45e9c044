package io.kubecanvas.emulator.sim;

import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.backend.ProbeResult.Outcome;
import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.plan.ClusterFixture;
import io.kubecanvas.emulator.plan.NetworkPlan;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.kubecanvas.emulator.plan.ClusterFixture.port;
import static io.kubecanvas.emulator.plan.ClusterFixture.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Ingress controller as a proxy, as ingress-nginx is one (its docs: "ingress-nginx ... sends traffic directly to
 * the endpoints", proxy-next-upstream, use-forwarded-headers; Kubernetes "Ingress controllers" page): the client's
 * connection ends at the controller, which opens a second TCP connection of its own, from its node's address, to
 * one of the Service's ready endpoints (never the ClusterIP), carrying the client's address in X-Forwarded-For and
 * X-Real-IP; endpoints take turns; a failed endpoint passes the request to the next; all blocked gives 504.
 */
class IngressProxyTest {

    static ClusterFixture cluster() {
        ClusterFixture f = ClusterFixture.threeNodes();
        for (String n : List.of("web-1", "web-2", "web-3")) {
            f.pod("default", n, n.equals("web-2") ? "worker-2" : "worker-1", Map.of("app", "web", "pod", n), tcp(8080));
        }
        return f.service("default", "web", "ClusterIP", Map.of("app", "web"), port(80, "8080"))
                .tlsSecret("default/web-tls")
                .ingress("""
                        apiVersion: networking.k8s.io/v1
                        kind: Ingress
                        metadata: {name: web, namespace: default}
                        spec:
                          tls:
                          - hosts: [web.local]
                            secretName: web-tls
                          rules:
                          - host: web.local
                            http:
                              paths:
                              - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
                        """);
    }

    /** The SYNs of a probe: "src > dst.port" per connection opened. */
    static List<String> syns(ProbeResult r) {
        return r.hops().stream().map(PacketEvent::info).filter(i -> i.contains("Flags [S]")).map(i -> i.replaceFirst(
                "^.*?(\\d+\\.\\d+\\.\\d+\\.\\d+)\\.\\d+ > (\\d+\\.\\d+\\.\\d+\\.\\d+\\.\\d+):.*$", "$1 > $2")).filter(s -> !s.endsWith(".8472")).distinct().toList(); // not VXLAN's outer header
    }

    @Test
    void theControllerOpensASecondConnectionFromItsNodeToAnEndpointWithTheClientInForwardedFor() {
        NetworkPlan plan = NetworkPlan.compute(cluster().build());
        SimBackend sim = new SimBackend(3);
        sim.apply(plan);
        for (String url : List.of("http://web.local/", "https://web.local/")) {
            ProbeResult r = sim.probe(ProbeRequest.tcp("external", url, 0));
            assertEquals(Outcome.DELIVERED, r.outcome(), url + ": " + r.reason());
            List<String> syns = syns(r);
            assertEquals(2, syns.size(), url + ": two TCP connections, client to controller and controller to endpoint: " + syns);
            int port = url.startsWith("https") ? 443 : 80;
            assertEquals(plan.externalAddress() + " > " + plan.ingress().address() + "." + port, syns.get(0), url);
            String endpoint = plan.pod(r.answeredBy()).ip();
            assertTrue(syns.get(1).endsWith(" > " + endpoint + ".8080"), url + ": straight to the endpoint: " + syns);
            String from = syns.get(1).split(" > ")[0];
            assertEquals(from, r.peer(), "the endpoint sees the controller's connection");
            assertNotEquals(plan.externalAddress(), r.peer());
            assertEquals(plan.externalAddress(), r.forwardedFor(), "and the client in X-Forwarded-For");
            assertTrue(r.hops().stream().noneMatch(e -> e.info().contains(plan.service("default", "web").clusterIp())),
                    "the ClusterIP is not on the way");
            assertTrue(r.hops().stream().anyMatch(e -> e.info().startsWith("proxy: a second TCP connection from " + from)
                    && e.info().contains("X-Forwarded-For " + plan.externalAddress())), url);
        }
    }

    @Test
    void endpointsTakeTurnsAsNginxRoundRobinDoes() {
        SimBackend sim = Sims.running(cluster().build());
        Map<String, Integer> spread = new TreeMap<>();
        for (int i = 0; i < 9; i++) {
            spread.merge(sim.probe(ProbeRequest.tcp("external", "http://web.local/", 0)).answeredBy(), 1, Integer::sum);
        }
        assertEquals(Map.of("default/web-1", 3, "default/web-2", 3, "default/web-3", 3), spread);
    }

    static String denyWeb(String podSelector) {
        return """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny, namespace: default}
                spec:
                  podSelector: %s
                  policyTypes: [Ingress]
                """.formatted(podSelector);
    }

    @Test
    void aBlockedEndpointPassesTheRequestToTheNextAndAllBlockedIs504() {
        SimBackend one = Sims.running(cluster().policy(denyWeb("{matchLabels: {pod: web-1}}")).build());
        for (int i = 0; i < 3; i++) {
            ProbeResult r = one.probe(ProbeRequest.tcp("external", "http://web.local/", 0));
            assertEquals(Outcome.DELIVERED, r.outcome(), r.reason());
            assertTrue(List.of("default/web-2", "default/web-3").contains(r.answeredBy()), r.answeredBy());
        }
        SimBackend all = Sims.running(cluster().policy(denyWeb("{}")).build());
        ProbeResult r = all.probe(ProbeRequest.tcp("external", "http://web.local/", 0));
        assertEquals(Outcome.DELIVERED, r.outcome());
        assertTrue(r.answeredBy().startsWith("ingress-controller@"), r.answeredBy());
        assertTrue(r.reason().startsWith("HTTP 504"), r.reason());
        assertEquals(2, syns(r).size() - 1, "two tries fit the retry window before the 504: " + syns(r));
    }
}
