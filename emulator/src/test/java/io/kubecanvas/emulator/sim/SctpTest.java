package io.kubecanvas.emulator.sim;

import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.backend.ProbeResult.Outcome;
import io.kubecanvas.emulator.backend.Protocol;
import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.plan.ClusterFixture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.kubecanvas.emulator.plan.ClusterFixture.named;
import static io.kubecanvas.emulator.plan.ClusterFixture.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SCTP probes. Upstream: test/e2e/network/service.go "should allow creating a basic SCTP service with pod and
 * endpoints" and test/e2e/network/netpol/network_policy.go "should not allow access by TCP when a policy
 * specifies only SCTP"; the association is RFC 9260's (INIT, INIT ACK, COOKIE ECHO, COOKIE ACK; ABORT for a
 * port without a socket).
 */
class SctpTest {

    static ClusterFixture cluster(String plugin) {
        return ClusterFixture.threeNodes().networkPlugin(plugin)
                .pod("x", "server", "worker-1", Map.of("app", "server"), named("sctp", 80, "SCTP"), tcp(80))
                .pod("x", "client", "worker-2", Map.of("app", "client"))
                .service("x", "sctp-svc", "ClusterIP", Map.of("app", "server"), ClusterFixture.port("sctp", "SCTP", 5060, "80"));
    }

    static ProbeRequest sctp(String from, String to, int port) {
        return new ProbeRequest(from, to, port, Protocol.SCTP);
    }

    @Test
    void anAssociationToAPodAndThroughItsService() {
        SimBackend sim = AppliedSim.of(1, cluster("canal").build());
        ProbeResult direct = sim.probe(sctp("x/client", "x/server", 80));
        assertEquals(Outcome.DELIVERED, direct.outcome(), direct.reason());
        assertEquals("x/server", direct.answeredBy());
        List<String> chunks = direct.hops().stream().filter(e -> e.verdict() == PacketEvent.Verdict.DELIVERED)
                .map(PacketEvent::info).filter(i -> i.contains(": sctp")).map(i -> i.substring(i.indexOf('[') + 1, i.indexOf(']')))
                .toList();
        assertEquals(List.of("INIT", "INIT ACK", "COOKIE ECHO", "COOKIE ACK", "DATA", "SACK, DATA", "SACK, SHUTDOWN",
                "SHUTDOWN ACK", "SHUTDOWN COMPLETE"), chunks);

        ProbeResult viaService = sim.probe(sctp("x/client", "sctp-svc", 5060));
        assertEquals("x/server", viaService.answeredBy(), viaService.reason());
        assertTrue(viaService.hops().stream().anyMatch(e -> e.natAfter() != null && e.natAfter().endsWith(":80")),
                "kube-proxy DNAT for -p sctp");

        ProbeResult closed = sim.probe(sctp("x/client", "x/server", 81));
        assertEquals(Outcome.REFUSED, closed.outcome());
        assertTrue(closed.reason().contains("association aborted"), closed.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"canal", "kube-router"})
    void aPolicyForSctpOnlyDoesNotAllowTcp(String plugin) {
        ClusterFixture f = cluster(plugin).policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-only-sctp, namespace: x}
                spec:
                  podSelector: {matchLabels: {app: server}}
                  ingress:
                  - ports: [{port: 80, protocol: SCTP}]
                """);
        SimBackend sim = AppliedSim.of(1, f.build());
        assertTrue(sim.probe(sctp("x/client", "x/server", 80)).delivered());
        ProbeResult tcp = sim.probe(ProbeRequest.tcp("x/client", "x/server", 80));
        assertEquals(Outcome.POLICY_DROPPED, tcp.outcome(), tcp.reason());
    }
}
