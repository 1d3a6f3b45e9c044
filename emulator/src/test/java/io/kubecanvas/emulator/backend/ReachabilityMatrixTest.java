package io.kubecanvas.emulator.backend;

import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.plan.ClusterFixture;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.sim.SimBackend;
import io.kubecanvas.emulator.sim.Sims;
import io.kubecanvas.emulator.state.ClusterState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.kubecanvas.emulator.plan.ClusterFixture.port;
import static io.kubecanvas.emulator.plan.ClusterFixture.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReachabilityMatrixTest {

    static ClusterState twoNamespacesWithServices() {
        ClusterFixture f = ClusterFixture.threeNodes();
        for (String ns : List.of("x", "y")) {
            f.namespace(ns, Map.of("ns", ns));
            for (String p : List.of("a", "b")) {
                f.pod(ns, p, p.equals("a") ? "worker-1" : "worker-2", Map.of("pod", p, "ns", ns), tcp(80));
                f.service(ns, "s-" + ns + "-" + p, "ClusterIP", Map.of("pod", p), port(80, "80"));
            }
        }
        return f.policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: only-y, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  ingress:
                  - from:
                    - namespaceSelector: {matchLabels: {ns: y}}
                """).build();
    }

    @Test
    void viaServiceGivesTheSameTableAsViaPodIp() {
        ClusterState s = twoNamespacesWithServices();
        SimBackend sim = Sims.running(s);
        ReachabilityMatrix byIp = ReachabilityMatrix.probe(sim, List.of(80), List.of(Protocol.TCP), ReachabilityMatrix.Via.POD_IP);
        ReachabilityMatrix bySvc = ReachabilityMatrix.probe(sim, List.of(80), List.of(Protocol.TCP), ReachabilityMatrix.Via.SERVICE);
        assertEquals(List.of("x/a", "x/b", "y/a", "y/b"), byIp.pods());
        assertFalse(byIp.allowed("x/b", "x/a", 80, Protocol.TCP));
        assertTrue(byIp.allowed("y/b", "x/a", 80, Protocol.TCP));
        for (String from : byIp.pods()) {
            for (String to : byIp.pods()) {
                if (!from.equals(to)) {
                    assertEquals(byIp.allowed(from, to, 80, Protocol.TCP), bySvc.allowed(from, to, 80, Protocol.TCP), from + " -> " + to);
                }
            }
        }
        assertTrue(bySvc.allowed("x/b", "x/b", 80, Protocol.TCP), "through its own Service by hairpin");
        // The FORWARD chain sees the hairpin packet before KUBE-POSTROUTING masquerades it, so x/a's own
        // ingress policy (only namespace y) applies to x/a reaching itself through its Service.
        assertFalse(bySvc.allowed("x/a", "x/a", 80, Protocol.TCP));
        assertTrue(byIp.allowed("x/a", "x/a", 80, Protocol.TCP), "its own IP is loopback, never policed");
        assertTrue(byIp.toText().contains("-\tx/a\tx/b\ty/a\ty/b\nx/a\t.\t.\t.\t.\nx/b\tX\t.\t.\t.\n"), byIp.toText());
    }

    @Test
    void probeTargetsAreReadAndCheckedAgainstTheCluster() {
        ClusterState s = twoNamespacesWithServices();
        NetworkPlan plan = NetworkPlan.compute(s);
        ProbeTarget svc = ProbeTarget.resolve("s-y-b.y.svc.cluster.local", 0, Protocol.TCP, plan, "x");
        assertEquals(ProbeTarget.Kind.SERVICE, svc.kind());
        assertEquals(s.service("y", "s-y-b").clusterIp(), svc.ip());
        assertEquals(80, svc.port());
        assertEquals(s.service("x", "s-x-a").clusterIp(), ProbeTarget.resolve("s-x-a", 0, Protocol.TCP, plan, "x").ip());
        ProbeTarget url = ProbeTarget.resolve("https://shop.local:8443/cart?id=1", 0, Protocol.TCP, plan, null);
        assertEquals("172.30.0.2", url.ip(), "URLs go to the Ingress controller on the control-plane node");
        assertEquals(8443, url.port());
        assertEquals("/cart", url.path());
        assertTrue(url.tls());
        assertEquals("172.30.0.3", ProbeTarget.resolve("node/worker-1", 30001, Protocol.TCP, plan, null).ip());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProbeTarget.resolve("x/zz", 80, Protocol.TCP, plan, null));
        assertTrue(e.getMessage().contains("no Pod x/zz"));
        e = assertThrows(IllegalArgumentException.class, () -> ProbeTarget.resolve("node/nope", 80, Protocol.TCP, plan, null));
        assertTrue(e.getMessage().contains("control-plane, worker-1, worker-2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProbeTarget.resolve("ftp://x/", 0, Protocol.TCP, plan, null));
    }

    @Test
    void subscribersSeeEveryEventOfEveryProbe() {
        ClusterState s = twoNamespacesWithServices();
        SimBackend sim = Sims.running(s);
        List<PacketEvent> seen = new ArrayList<>();
        EmulatorBackend.Subscription sub = sim.subscribe(seen::add);
        ProbeResult r = sim.probe(ProbeRequest.tcp("y/b", "x/a", 80));
        assertEquals(r.hops(), seen);
        sim.probe(ProbeRequest.tcp("y/b", "x/a", 80), false);
        assertEquals(2 * r.hops().size(), seen.size(), "events flow to subscribers even when the result keeps none");
        sub.close();
        sim.probe(ProbeRequest.tcp("y/b", "x/a", 80));
        assertEquals(2 * r.hops().size(), seen.size());
        assertTrue(seen.stream().map(PacketEvent::flowId).distinct().count() == 2);
        for (int i = 1; i < r.hops().size(); i++) {
            assertTrue(r.hops().get(i).timeNanos() >= r.hops().get(i - 1).timeNanos(), "time moves forward");
        }
    }

    @Test
    void hostNetworkPodsAnswerOnTheNodeAddress() {
        ClusterState base = ClusterFixture.threeNodes().pod("default", "client", "worker-1", Map.of(), tcp(80)).build();
        List<ClusterState.PodState> pods = new ArrayList<>(base.pods());
        pods.add(new ClusterState.PodState("default", "agent", "u", "worker-2", "172.30.0.4", "Running", true, Map.of(),
                List.of(new ClusterState.ContainerPort(null, 9100, "TCP")), List.of("node-exporter"), true, null));
        ClusterState s = new ClusterState(2, base.network(), base.nodes(), base.namespaces(), pods, base.services(),
                base.policies(), base.ingresses(), base.dns(), base.tlsSecrets());
        SimBackend sim = Sims.running(s);
        ProbeResult r = sim.probe(ProbeRequest.tcp("default/client", "default/agent", 9100));
        assertEquals(ProbeResult.Outcome.DELIVERED, r.outcome(), r.reason());
        assertEquals("default/agent", r.answeredBy());
        assertTrue(r.hops().stream().anyMatch(e -> e.info().startsWith("nat POSTROUTING: MASQUERADE")),
                "flannel masquerades Pod traffic leaving the cluster CIDR, to a node address too");
    }
}
