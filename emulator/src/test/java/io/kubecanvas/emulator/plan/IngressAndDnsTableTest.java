package io.kubecanvas.emulator.plan;

import io.kubecanvas.emulator.state.ClusterState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.kubecanvas.emulator.plan.ClusterFixture.port;
import static io.kubecanvas.emulator.plan.ClusterFixture.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IngressAndDnsTableTest {

    @Test
    void prefixMatchesWholePathElementsExactMatchesOnlyItself() {
        assertTrue(IngressTable.pathMatches("Prefix", "/foo", "/foo"));
        assertTrue(IngressTable.pathMatches("Prefix", "/foo", "/foo/"));
        assertTrue(IngressTable.pathMatches("Prefix", "/foo", "/foo/bar"));
        assertFalse(IngressTable.pathMatches("Prefix", "/foo", "/foobar"));
        assertTrue(IngressTable.pathMatches("Prefix", "/foo/", "/foo"), "a trailing slash is ignored");
        assertTrue(IngressTable.pathMatches("Prefix", "/", "/anything/at/all"));
        assertTrue(IngressTable.pathMatches("Exact", "/foo", "/foo"));
        assertFalse(IngressTable.pathMatches("Exact", "/foo", "/foo/"));
        assertTrue(IngressTable.pathMatches("ImplementationSpecific", "/foo", "/foobar"), "nginx location prefix");
    }

    static ClusterState cluster() {
        return ClusterFixture.threeNodes()
                .pod("default", "a", "worker-1", Map.of("app", "a"), tcp(80))
                .service("default", "svc-a", "ClusterIP", Map.of("app", "a"), ClusterFixture.port("http", "TCP", 80, "80"))
                .service("default", "svc-b", "ClusterIP", Map.of("app", "a"), port(80, "80"))
                .service("default", "svc-c", "ClusterIP", Map.of("app", "a"), port(80, "80"))
                .ingress("""
                        apiVersion: networking.k8s.io/v1
                        kind: Ingress
                        metadata: {name: i, namespace: default}
                        spec:
                          defaultBackend: {service: {name: svc-c, port: {number: 80}}}
                          tls: [{hosts: ["*.shop.local"], secretName: wild}]
                          rules:
                          - host: shop.local
                            http:
                              paths:
                              - {path: /, pathType: Prefix, backend: {service: {name: svc-a, port: {name: http}}}}
                              - {path: /api, pathType: Prefix, backend: {service: {name: svc-b, port: {number: 80}}}}
                              - {path: /api/v1, pathType: Exact, backend: {service: {name: svc-c, port: {number: 80}}}}
                          - host: "*.shop.local"
                            http:
                              paths:
                              - {path: /, pathType: Prefix, backend: {service: {name: svc-b, port: {number: 80}}}}
                        """).build();
    }

    @Test
    void longestPathWinsExactHostBeatsWildcardDefaultBackendOtherwise() {
        ClusterState s = cluster();
        IngressTable t = NetworkPlan.compute(s).ingress();
        assertEquals("control-plane", t.node());
        assertEquals("svc-a", t.match("shop.local", "/").orElseThrow().serviceName());
        assertEquals(80, t.match("shop.local", "/").orElseThrow().port(), "named Service port resolved");
        assertEquals("svc-b", t.match("shop.local", "/api/users").orElseThrow().serviceName());
        assertEquals("svc-c", t.match("shop.local", "/api/v1").orElseThrow().serviceName());
        assertEquals("svc-b", t.match("shop.local", "/api/v1/x").orElseThrow().serviceName());
        assertEquals("svc-b", t.match("eu.shop.local", "/x").orElseThrow().serviceName(), "wildcard: one label");
        assertEquals("svc-c", t.match("a.b.shop.local", "/x").orElseThrow().serviceName(), "not two labels: default backend");
        assertEquals("svc-a", t.match("SHOP.LOCAL:80", "/").orElseThrow().serviceName(), "host case and port ignored");
        assertEquals(s.service("default", "svc-a").clusterIp(), t.match("shop.local", "/").orElseThrow().serviceIp());
        assertEquals("default/wild", t.certificateFor("eu.shop.local").secret());
        assertEquals(null, t.certificateFor("shop.local"));
    }

    @Test
    void dnsSearchPathAndNdots() {
        DnsTable dns = NetworkPlan.compute(cluster()).dns();
        assertEquals("10.96.0.10", dns.serviceIp());
        assertEquals(List.of("svc-a.x.svc.cluster.local", "svc-a.svc.cluster.local", "svc-a.cluster.local", "svc-a"),
                dns.candidates("svc-a", "x"));
        assertEquals(List.of("svc-a.default.svc.cluster.local"), dns.candidates("svc-a.default.svc.cluster.local.", "x"));
        assertEquals(List.of("10.96.0.20"), dns.lookupA("SVC-A.default.svc.cluster.local."));
        assertTrue(dns.lookupA("svc-a.x.svc.cluster.local").isEmpty());
        assertTrue(dns.dnsmasqConfig().contains("host-record=svc-a.default.svc.cluster.local,10.96.0.20\n"));
        assertEquals("control-plane", dns.hostedNode(), "no DNS Pods in this state: the plan hosts the server");
    }
}
