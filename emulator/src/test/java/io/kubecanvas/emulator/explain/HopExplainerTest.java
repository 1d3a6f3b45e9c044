package io.kubecanvas.emulator.explain;

import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.backend.Protocol;
import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.plan.ClusterFixture;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.sim.SimBackend;
import io.kubecanvas.emulator.state.ClusterState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static io.kubecanvas.emulator.plan.ClusterFixture.port;
import static io.kubecanvas.emulator.plan.ClusterFixture.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every hop of real sim probes in words, with the facts taken from the plan. */
class HopExplainerTest {

    private static ClusterFixture cluster(String cni) {
        return ClusterFixture.threeNodes().cni(cni)
                .pod("default", "client", "worker-1", Map.of("app", "client"), tcp(80))
                .pod("default", "web-1", "worker-1", Map.of("app", "web"), tcp(8080))
                .pod("default", "web-2", "worker-2", Map.of("app", "web"), tcp(8080))
                .service("default", "web-service", "ClusterIP", Map.of("app", "web"), port(80, "8080"));
    }

    private record Run(ClusterState state, NetworkPlan plan, ProbeResult result, HopExplainer explainer) {
        String explain(Predicate<PacketEvent> which) {
            PacketEvent e = result.hops().stream().filter(which).findFirst()
                    .orElseThrow(() -> new AssertionError("no such hop in " + result.hops()));
            return explainer.explain(e);
        }
    }

    private static Run probe(ClusterState s, String from, String to, int port, Protocol proto) {
        NetworkPlan plan = NetworkPlan.compute(s);
        SimBackend sim = new SimBackend(7);
        sim.apply(plan);
        ProbeResult r = sim.probe(new ProbeRequest(from, to, port, proto));
        return new Run(s, plan, r, new HopExplainer(plan));
    }

    private static boolean dnat(PacketEvent e) {
        return e.natAfter() != null && e.info().startsWith("nat");
    }

    @Test
    void theDnatHopSaysWhichEndpointOfHowManyWasPickedAndWithWhatProbability() {
        ClusterState s = cluster("flannel-vxlan").build();
        Run run = probe(s, "default/client", s.service("default", "web-service").clusterIp(), 80, Protocol.TCP);
        assertTrue(run.result().delivered(), run.result().toString());
        PacketEvent hop = run.result().hops().stream().filter(HopExplainerTest::dnat).findFirst().orElseThrow();
        String text = run.explainer().explain(hop);
        String clusterIp = s.service("default", "web-service").clusterIp();
        assertTrue(text.startsWith("kube-proxy on worker-1 rewrote the destination " + clusterIp + ":80 to " + hop.natAfter()),
                text);
        assertTrue(text.contains("web-service has 2 ready endpoints and this one was picked at random (probability 1/2)"), text);
        String pod = run.result().answeredBy();
        assertTrue(text.contains(pod), "names the endpoint Pod " + pod + ": " + text);
    }

    @Test
    void oneEndpointMeansEveryConnectionGoesToIt() {
        ClusterState s = cluster("flannel-vxlan").removePod("default", "web-2").build();
        Run run = probe(s, "default/client", s.service("default", "web-service").clusterIp(), 80, Protocol.TCP);
        assertTrue(run.explain(HopExplainerTest::dnat).contains("web-service has 1 ready endpoint, so every connection goes to it"));
    }

    @Test
    void vxlanHopsSayWhoseCidrAndWhichUnderlayAddress() {
        ClusterState s = cluster("flannel-vxlan").build();
        String web2 = s.pod("default", "web-2").ip();
        Run run = probe(s, "default/client", web2, 8080, Protocol.TCP);
        String wrap = run.explain(e -> e.node().equals("worker-1") && e.iface().equals("eth0") && e.encapsulated()
                && e.direction() == PacketEvent.Direction.OUT);
        String worker2 = s.node("worker-2").underlayIp();
        assertTrue(wrap.startsWith("flannel.1 wrapped the packet in UDP to " + worker2 + ":8472"), wrap);
        assertTrue(wrap.contains("because " + s.node("worker-2").podCidr() + " lives on worker-2"), wrap);
        String route = run.explain(e -> e.node().equals("worker-1") && e.iface().equals("flannel.1")
                && e.direction() == PacketEvent.Direction.OUT);
        assertTrue(route.contains("worker-2's Pod CIDR") && route.contains("dev flannel.1 onlink"), route);
        String unwrap = run.explain(e -> e.node().equals("worker-2") && e.iface().equals("flannel.1")
                && e.direction() == PacketEvent.Direction.IN);
        assertTrue(unwrap.contains("unwrapped"), unwrap);
    }

    @Test
    void hostGwSendsThePacketUnwrappedByTheRouteToThePeer() {
        ClusterState s = cluster("host-gw").build();
        Run run = probe(s, "default/client", s.pod("default", "web-2").ip(), 8080, Protocol.TCP);
        String text = run.explain(e -> e.node().equals("worker-1") && e.iface().equals("eth0")
                && e.direction() == PacketEvent.Direction.OUT);
        assertTrue(text.startsWith("host-gw: worker-1's route \"" + s.node("worker-2").podCidr() + " via "
                + s.node("worker-2").underlayIp()), text);
        assertTrue(text.contains("no encapsulation"), text);
    }

    @Test
    void aPolicyDropNamesThePoliciesThatSelectThePodAndThePeer() {
        ClusterState s = cluster("flannel-vxlan").policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: web-only-from-ingress, namespace: default}
                spec:
                  podSelector: {matchLabels: {app: web}}
                  policyTypes: [Ingress]
                  ingress:
                  - from: [{podSelector: {matchLabels: {app: ingress}}}]
                """).build();
        Run run = probe(s, "default/client", s.pod("default", "web-2").ip(), 8080, Protocol.TCP);
        assertEquals(ProbeResult.Outcome.POLICY_DROPPED, run.result().outcome());
        String text = run.explain(e -> e.verdict() == PacketEvent.Verdict.DROPPED);
        assertTrue(text.contains("select default/web-2 for ingress (default/web-only-from-ingress)"), text);
        assertTrue(text.contains("from default/client on worker-1 (" + s.pod("default", "client").ip() + ") on TCP 8080"), text);
        assertTrue(text.contains("filter table of worker-2 dropped it"), text);
    }

    @Test
    void aServiceWithoutEndpointsIsRefusedByKubeProxy() {
        ClusterState s = cluster("flannel-vxlan").service("default", "empty", "ClusterIP", Map.of("app", "none"),
                port(80, "80")).build();
        Run run = probe(s, "default/client", s.service("default", "empty").clusterIp(), 80, Protocol.TCP);
        String text = run.explain(e -> e.verdict() == PacketEvent.Verdict.REJECTED);
        assertTrue(text.contains("empty has no ready endpoints"), text);
    }

    @Test
    void podsOnOneNodeAreSwitchedByTheBridge() {
        ClusterState s = cluster("flannel-vxlan").build();
        Run run = probe(s, "default/client", s.pod("default", "web-1").ip(), 8080, Protocol.TCP);
        String sent = run.explain(e -> e.iface().equals("eth0@default/client") && e.direction() == PacketEvent.Direction.OUT);
        assertTrue(sent.contains("same Pod CIDR"), sent);
        String text = run.explain(e -> e.rule() != null && e.rule().startsWith("bridge"));
        assertTrue(text.contains("from default/client's port to default/web-1's port"), text);
        assertTrue(text.contains("never leaves the node"), text);
    }

    @Test
    void fromOutsideThroughTheIngressTheRouteAndTheMasqueradeAreExplained() {
        ClusterState s = cluster("flannel-vxlan").ingress("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: shop, namespace: default}
                spec:
                  rules:
                  - host: shop.local
                    http:
                      paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: web-service, port: {number: 80}}}}
                """).build();
        Run run = probe(s, ProbeRequest.EXTERNAL, "http://shop.local/", 0, Protocol.TCP);
        assertTrue(run.result().delivered(), run.result().toString());
        String route = run.explain(e -> e.rule() != null && e.rule().startsWith("Ingress "));
        assertTrue(route.contains("Host shop.local and path / match default/shop (Prefix /)"), route);
        assertTrue(route.contains("default/web-service:80 at " + s.service("default", "web-service").clusterIp() + ":80"), route);
        String arrival = run.explain(e -> e.node().equals("control-plane") && e.iface().equals("eth0")
                && e.direction() == PacketEvent.Direction.IN && !e.encapsulated());
        assertTrue(arrival.contains("port 80 is the Ingress controller"), arrival);
    }

    @Test
    void aNodePortDnatSaysItIsANodePort() {
        ClusterState s = cluster("flannel-vxlan").service("default", "web-np", "NodePort", Map.of("app", "web"),
                port(80, "8080")).build();
        int nodePort = s.service("default", "web-np").ports().get(0).nodePort();
        Run run = probe(s, ProbeRequest.EXTERNAL, "node/worker-1", nodePort, Protocol.TCP);
        assertTrue(run.result().delivered(), run.result().toString());
        String text = run.explain(HopExplainerTest::dnat);
        assertTrue(text.contains("(NodePort " + nodePort + ")") && text.contains("web-np has 2 ready endpoints"), text);
        String snat = run.explain(e -> e.natAfter() != null && e.info().contains("MASQUERADE"));
        assertTrue(snat.contains("masqueraded the source"), snat);
    }

    @Test
    void everyHopOfThesePathsGetsItsOwnWordsNotTheCaptureLine() {
        ClusterState s = cluster("flannel-vxlan").build();
        for (String target : List.of("web-service", s.pod("default", "web-2").ip(), s.pod("default", "web-1").ip())) {
            Run run = probe(s, "default/client", target, target.equals("web-service") ? 80 : 8080, Protocol.TCP);
            for (PacketEvent e : run.result().hops()) {
                String text = run.explainer().explain(e);
                assertFalse(text.startsWith("On "), "a generic explanation for " + e + ": " + text);
                assertFalse(text.isBlank());
            }
        }
    }
}
