package io.kubecanvas.emulator.sim;

import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.backend.ProbeResult.Outcome;
import io.kubecanvas.emulator.backend.Protocol;
import io.kubecanvas.emulator.control.ControlPlane;
import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.plan.ClusterFixture;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.emulator.state.ClusterState.ContainerPort;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.kubecanvas.emulator.plan.ClusterFixture.port;
import static io.kubecanvas.emulator.plan.ClusterFixture.tcp;
import static io.kubecanvas.emulator.plan.ClusterFixture.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Packet flows through the sim backend: the four networking rules, Services, external access, Ingress, DNS. */
class SimFlowTest {

    static ClusterFixture base(String cni) {
        return ClusterFixture.threeNodes().cni(cni)
                .pod("default", "client", "worker-1", Map.of("app", "client"), tcp(80))
                .pod("default", "web-1", "worker-1", Map.of("app", "web"), tcp(80), udp(5353))
                .pod("default", "web-2", "worker-2", Map.of("app", "web"), tcp(80), udp(5353))
                .pod("default", "web-3", "worker-2", Map.of("app", "web"), tcp(80), udp(5353))
                .service("default", "web", "ClusterIP", Map.of("app", "web"), port(80, "80"));
    }

    static ProbeResult probe(SimBackend sim, String from, String to, int port) {
        return sim.probe(ProbeRequest.tcp(from, to, port));
    }

    /** The event where the server's socket got the first packet (the SYN). */
    static PacketEvent arrivalAt(ProbeResult r, String pod) {
        return r.hops().stream().filter(e -> e.verdict() == PacketEvent.Verdict.DELIVERED && e.iface().equals("eth0@" + pod))
                .filter(e -> e.headers().stream().anyMatch(h -> h.layer().equals("tcp") && "S".equals(h.get("flags"))))
                .findFirst().orElseThrow(() -> new AssertionError("never reached " + pod + ": " + r));
    }

    /** SYN, SYN-ACK, ACK, request, response, then FIN both ways and the last ACK; no reset anywhere. */
    static void assertCleanTcp(ProbeResult r) {
        List<String> flags = r.hops().stream().filter(e -> e.verdict() == PacketEvent.Verdict.DELIVERED)
                .flatMap(e -> e.headers().stream()).filter(h -> h.layer().equals("tcp")).map(h -> h.get("flags")).toList();
        assertEquals(List.of("S", "S.", ".", "P.", "P.", "F.", "F.", "."), flags, "segments delivered to sockets");
        assertTrue(r.hops().stream().noneMatch(e -> e.verdict() == PacketEvent.Verdict.REJECTED), "no reset");
    }

    @Test
    void everyPodHasItsOwnAddressAndAnswersOnIt() {
        ClusterState s = base("flannel-vxlan").build();
        SimBackend sim = Sims.running(s);
        Set<String> ips = new HashSet<>();
        for (String pod : List.of("default/web-1", "default/web-2", "default/web-3")) {
            String ip = s.pod("default", pod.substring(8)).ip();
            assertTrue(ips.add(ip), "duplicate IP " + ip);
            ProbeResult r = probe(sim, "default/client", ip, 80);
            assertEquals(Outcome.DELIVERED, r.outcome(), r.reason());
            assertEquals(pod, r.answeredBy());
        }
    }

    @Test
    void podsTalkWithoutNatOnOneNodeAndAcrossNodes() {
        ClusterState s = base("flannel-vxlan").build();
        SimBackend sim = Sims.running(s);
        String clientIp = s.pod("default", "client").ip();
        for (String target : List.of("default/web-1", "default/web-2")) {
            ProbeResult r = probe(sim, "default/client", target, 80);
            assertEquals(Outcome.DELIVERED, r.outcome());
            assertEquals(clientIp, arrivalAt(r, target).innerIp().get("src"), "the receiver sees the sender's Pod IP");
            assertCleanTcp(r);
            assertTrue(r.hops().stream().noneMatch(e -> e.natAfter() != null), "no NAT on a Pod-to-Pod path: " + r.hops());
        }
    }

    @Test
    void containersOfOnePodShareLocalhost() {
        ClusterState s = ClusterFixture.threeNodes()
                .pod("default", "sidecars", "worker-1", Map.of("app", "s"), tcp(80), new ContainerPort("metrics", 9090, "TCP"))
                .build();
        SimBackend sim = Sims.running(s);
        ProbeResult r = probe(sim, "default/sidecars", "127.0.0.1", 9090);
        assertEquals(Outcome.DELIVERED, r.outcome());
        assertEquals("default/sidecars", r.answeredBy());
        assertTrue(r.hops().stream().allMatch(e -> e.iface().startsWith("lo@")), "never leaves the Pod: " + r.hops());
        assertEquals(Outcome.REFUSED, probe(sim, "default/sidecars", "127.0.0.1", 9999).outcome());
    }

    @Test
    void aServiceKeepsItsAddressWhilePodsComeAndGo() {
        ClusterFixture f = base("flannel-vxlan");
        ClusterState before = f.build();
        SimBackend sim = Sims.running(before);
        String clusterIp = before.service("default", "web").clusterIp();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            seen.add(probe(sim, "default/client", clusterIp, 80).answeredBy());
        }
        assertEquals(Set.of("default/web-1", "default/web-2", "default/web-3"), seen);
        f.removePod("default", "web-1").removePod("default", "web-2")
                .pod("default", "web-4", "worker-1", Map.of("app", "web"), tcp(80));
        ClusterState after = f.build();
        assertEquals(clusterIp, after.service("default", "web").clusterIp());
        Sims.apply(sim, after);
        seen.clear();
        for (int i = 0; i < 30; i++) {
            ProbeResult r = probe(sim, "default/client", clusterIp, 80);
            assertEquals(Outcome.DELIVERED, r.outcome());
            seen.add(r.answeredBy());
        }
        assertEquals(Set.of("default/web-3", "default/web-4"), seen);
    }

    @Test
    void serviceLoadBalancesEvenlyOverThreeEndpoints() {
        ClusterState s = base("flannel-vxlan").build();
        SimBackend sim = Sims.running(42, s);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            ProbeResult r = sim.probe(ProbeRequest.tcp("default/client", "10.96.0.20", 80), false);
            assertEquals(Outcome.DELIVERED, r.outcome());
            counts.merge(r.answeredBy(), 1, Integer::sum);
        }
        assertEquals(3, counts.size(), counts.toString());
        counts.values().forEach(c -> assertTrue(Math.abs(c - 333) <= 60, "each endpoint gets about a third: " + counts));
        ProbeResult one = probe(sim, "default/client", "10.96.0.20", 80);
        assertTrue(one.hops().stream().anyMatch(e -> e.rule() != null && e.rule().startsWith("KUBE-SEP-")
                && "10.96.0.20:80".equals(e.natBefore())), "DNAT by a KUBE-SEP chain");
    }

    @Test
    void sessionAffinityClientIpSendsAClientBackToItsEndpoint() {
        ClusterState s = base("flannel-vxlan").clientIpAffinity("default", "web").build();
        SimBackend sim = Sims.running(11, s);
        Set<String> answered = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            answered.add(sim.probe(ProbeRequest.tcp("default/client", "10.96.0.20", 80), false).answeredBy());
        }
        assertEquals(1, answered.size(), "one client, one endpoint: " + answered);
        String restore = sim.plan().node("worker-1").iptablesRestore();
        assertTrue(restore.contains("-m recent --name KUBE-SEP-"), restore);
        assertTrue(restore.contains("--mask 255.255.255.255 --rsource --rcheck --seconds 10800 --reap -j KUBE-SEP-"), restore);
        assertTrue(restore.contains("--rsource --set -j DNAT --to-destination"), restore);
    }

    @Test
    void aPodReachesItselfThroughItsServiceByHairpin() {
        ClusterState s = ClusterFixture.threeNodes()
                .pod("default", "solo", "worker-1", Map.of("app", "solo"), tcp(80))
                .service("default", "solo", "ClusterIP", Map.of("app", "solo"), port(80, "80")).build();
        SimBackend sim = Sims.running(s);
        ProbeResult r = probe(sim, "default/solo", "solo", 80);
        assertEquals(Outcome.DELIVERED, r.outcome(), r.reason());
        assertEquals("default/solo", r.answeredBy());
        assertTrue(r.hops().stream().anyMatch(e -> e.info().contains("hairpin")), "bridged back out of its own port");
        assertEquals("10.244.1.1", arrivalAt(r, "default/solo").innerIp().get("src"),
                "hairpin traffic is masqueraded to the bridge address");
        assertTrue(r.hops().stream().anyMatch(e -> e.info().startsWith("nat POSTROUTING: MASQUERADE")));
    }

    @Test
    void nodePortFromOutsideOnEveryNode() {
        ClusterState s = base("flannel-vxlan").service("default", "np", "NodePort", Map.of("app", "web"), port(80, "80")).build();
        int nodePort = s.service("default", "np").ports().get(0).nodePort();
        assertTrue(nodePort >= 30000 && nodePort <= 32767);
        SimBackend sim = Sims.running(s);
        for (String node : List.of("control-plane", "worker-1", "worker-2")) {
            ProbeResult r = sim.probe(ProbeRequest.tcp("external", "node/" + node, nodePort));
            assertEquals(Outcome.DELIVERED, r.outcome(), node + ": " + r.reason());
            assertTrue(r.answeredBy().startsWith("default/web-"));
            assertTrue(r.hops().stream().anyMatch(e -> e.rule() != null && e.rule().startsWith("KUBE-POSTROUTING")),
                    "NodePort traffic is masqueraded");
        }
        assertEquals(Outcome.REFUSED, sim.probe(ProbeRequest.tcp("external", "node/worker-1", nodePort + 1)).outcome(),
                "no Service on that port: the node resets");
    }

    @Test
    void externalTrafficPolicyLocalKeepsTheClientAddressAndServesOnlyFromNodesWithEndpoints() {
        ClusterState s = base("flannel-vxlan").service("default", "np", "NodePort", Map.of("app", "web"), port(80, "80"))
                .externalTrafficLocal("default", "np").build();
        int nodePort = s.service("default", "np").ports().get(0).nodePort();
        SimBackend sim = Sims.running(s);
        for (int i = 0; i < 5; i++) {
            ProbeResult r = sim.probe(ProbeRequest.tcp("external", "node/worker-1", nodePort));
            assertEquals(Outcome.DELIVERED, r.outcome(), r.reason());
            assertEquals("default/web-1", r.answeredBy(), "worker-1's only local endpoint");
            assertEquals(NetworkPlan.compute(s).externalAddress(), arrivalAt(r, "default/web-1").innerIp().get("src"),
                    "the client address is kept");
        }
        ProbeResult none = sim.probe(ProbeRequest.tcp("external", "node/control-plane", nodePort));
        assertEquals(Outcome.DROPPED, none.outcome());
        assertTrue(none.reason().contains("has no local endpoints"), none.reason());
        assertTrue(NetworkPlanRender.text(sim).contains("-j KUBE-SVL-"));
        Set<String> fromPods = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            fromPods.add(probe(sim, "default/client", "np", 80).answeredBy());
        }
        assertEquals(3, fromPods.size(), "inside the cluster the ClusterIP still uses every endpoint");
    }

    /** The plan the backend runs, as text. */
    static final class NetworkPlanRender {
        static String text(SimBackend sim) {
            return sim.plan().renderAll();
        }
    }

    @Test
    void loadBalancerAddressFromOutside() {
        ClusterState s = base("flannel-vxlan").service("default", "lb", "LoadBalancer", Map.of("app", "web"), port(8080, "80")).build();
        String lb = s.service("default", "lb").loadBalancerIp();
        assertNotNull(lb);
        SimBackend sim = Sims.running(s);
        ProbeResult r = sim.probe(ProbeRequest.tcp("external", lb, 8080));
        assertEquals(Outcome.DELIVERED, r.outcome(), r.reason());
        assertTrue(r.hops().stream().anyMatch(e -> lb.equals(e.innerIp().get("dst")) && e.node().equals("worker-1")),
                "worker-1 announces the address");
        assertFalse(sim.probe(ProbeRequest.tcp("external", s.pod("default", "web-1").ip(), 80)).delivered(),
                "Pod addresses are not reachable from outside");
    }

    static ClusterFixture withIngress() {
        return ClusterFixture.threeNodes()
                .pod("default", "foo", "worker-1", Map.of("app", "foo"), tcp(8080))
                .pod("default", "bar", "worker-2", Map.of("app", "bar"), tcp(8080))
                .pod("default", "other", "worker-2", Map.of("app", "other"), tcp(8080))
                .service("default", "foo", "ClusterIP", Map.of("app", "foo"), port(80, "8080"))
                .service("default", "bar", "ClusterIP", Map.of("app", "bar"), port(80, "8080"))
                .service("default", "other", "ClusterIP", Map.of("app", "other"), port(80, "8080"))
                .tlsSecret("default/secure-tls")
                .ingress("""
                        apiVersion: networking.k8s.io/v1
                        kind: Ingress
                        metadata: {name: routes, namespace: default}
                        spec:
                          tls:
                          - hosts: [secure.local]
                            secretName: secure-tls
                          rules:
                          - host: example.local
                            http:
                              paths:
                              - {path: /foo, pathType: Prefix, backend: {service: {name: foo, port: {number: 80}}}}
                              - {path: /bar, pathType: Exact, backend: {service: {name: bar, port: {number: 80}}}}
                          - host: other.local
                            http:
                              paths:
                              - {path: /, pathType: Prefix, backend: {service: {name: other, port: {number: 80}}}}
                          - host: secure.local
                            http:
                              paths:
                              - {path: /, pathType: Prefix, backend: {service: {name: foo, port: {number: 80}}}}
                        """);
    }

    @Test
    void ingressRoutesByHostAndPathWithPrefixAndExactSemantics() {
        SimBackend sim = Sims.running(withIngress().build());
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("http://example.local/foo", "default/foo");
        expected.put("http://example.local/foo/bar", "default/foo");
        expected.put("http://example.local/foo/", "default/foo");
        expected.put("http://example.local/foobar", null);
        expected.put("http://example.local/bar", "default/bar");
        expected.put("http://example.local/bar/baz", null);
        expected.put("http://other.local/anything", "default/other");
        expected.put("http://unknown.local/foo", null);
        expected.forEach((url, pod) -> {
            ProbeResult r = sim.probe(ProbeRequest.tcp("external", url, 0));
            assertEquals(Outcome.DELIVERED, r.outcome(), url);
            if (pod == null) {
                assertTrue(r.answeredBy().startsWith("ingress-controller@control-plane"), url + " -> " + r.answeredBy());
                assertTrue(r.reason().startsWith("HTTP 404"), url + ": " + r.reason());
            } else {
                assertEquals(pod, r.answeredBy(), url);
                assertTrue(r.hops().stream().noneMatch(e -> e.verdict() == PacketEvent.Verdict.REJECTED), url + ": no reset");
                assertTrue(r.hops().stream().anyMatch(e -> "Ingress default/routes".equals(e.rule())), url);
            }
        });
    }

    @Test
    void tlsIsTerminatedAtTheIngressControllerAsAVisibleHop() {
        SimBackend sim = Sims.running(withIngress().build());
        ProbeResult r = sim.probe(ProbeRequest.tcp("external", "https://secure.local/", 0));
        assertEquals(Outcome.DELIVERED, r.outcome(), r.reason());
        assertEquals("default/foo", r.answeredBy());
        PacketEvent tls = r.hops().stream().filter(e -> e.headers().stream().anyMatch(h -> h.layer().equals("tls")
                && "true".equals(h.get("terminated")))).findFirst().orElseThrow();
        assertEquals("control-plane", tls.node());
        assertEquals("Ingress TLS default/secure-tls", tls.rule());
        assertTrue(tls.info().contains("SNI secure.local"));
    }

    @Test
    void dnsNamesResolveThroughTheClusterDnsService() {
        ClusterState s = base("flannel-vxlan").build();
        SimBackend sim = Sims.running(s);
        for (String name : List.of("web", "web.default", "web.default.svc", "web.default.svc.cluster.local")) {
            ProbeResult r = probe(sim, "default/client", name, 80);
            assertEquals(Outcome.DELIVERED, r.outcome(), name + ": " + r.reason());
            assertEquals("10.96.0.20:80", r.address(), name);
            assertTrue(r.hops().stream().anyMatch(e -> e.info().contains("> 10.96.0.10.53: UDP")),
                    "the query goes to the kube-dns Service like resolv.conf says");
            assertTrue(r.hops().stream().anyMatch(e -> e.info().contains("A 10.96.0.20")), "and is answered");
        }
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> probe(sim, "default/client", "nosuch.default", 80));
        assertTrue(e.getMessage().contains("nosuch.default"));
    }

    @Test
    void refusedIsDifferentFromTimeout() {
        ClusterState s = base("flannel-vxlan")
                .service("default", "empty", "ClusterIP", Map.of("app", "nobody"), port(80, "80"))
                .policy("""
                        apiVersion: networking.k8s.io/v1
                        kind: NetworkPolicy
                        metadata: {name: deny, namespace: default}
                        spec:
                          podSelector: {matchLabels: {app: web}}
                          ingress:
                          - ports: [{port: 80}]
                        """).build();
        SimBackend sim = Sims.running(s);
        ProbeResult closed = probe(sim, "default/web-2", "default/client", 81);
        assertEquals(Outcome.REFUSED, closed.outcome(), "nothing listens on 81: reset");
        ProbeResult policed = probe(sim, "default/client", "default/web-2", 81);
        assertEquals(Outcome.POLICY_DROPPED, policed.outcome(), "the policy allows only 80: dropped, the client times out");
        assertTrue(closed.hops().stream().anyMatch(e -> e.verdict() == PacketEvent.Verdict.REJECTED));
        ProbeResult udpClosed = sim.probe(new ProbeRequest("default/client", "default/web-2", 80, Protocol.UDP));
        assertEquals(Outcome.POLICY_DROPPED, udpClosed.outcome(), "UDP 80 is not allowed by the policy: dropped, not refused");
        ProbeResult udpOpen = sim.probe(new ProbeRequest("default/client", "default/client", 9, Protocol.UDP));
        assertEquals(Outcome.REFUSED, udpOpen.outcome(), "nothing on udp/9: ICMP port unreachable");
        ProbeResult noEndpoints = probe(sim, "default/client", "empty", 80);
        assertEquals(Outcome.REFUSED, noEndpoints.outcome());
        assertTrue(noEndpoints.hops().stream().anyMatch(e -> e.rule() != null && e.rule().contains("has no endpoints")));
        ProbeResult ping = sim.probe(new ProbeRequest("default/web-3", "default/client", 0, Protocol.ICMP));
        assertEquals(Outcome.DELIVERED, ping.outcome());
        assertEquals("default/client", ping.answeredBy());
        assertEquals(Outcome.POLICY_DROPPED, sim.probe(new ProbeRequest("default/client", "default/web-3", 0, Protocol.ICMP)).outcome(),
                "the policy allows TCP 80 only, so ICMP is dropped");
    }

    @Test
    void crossNodeTrafficIsVxlanEncapsulatedInFlannelVxlanMode() {
        ClusterState s = base("flannel-vxlan").build();
        ProbeResult r = probe(Sims.running(s), "default/client", "default/web-2", 80);
        PacketEvent outer = r.hops().stream().filter(PacketEvent::encapsulated).findFirst().orElseThrow();
        assertEquals("eth0", outer.iface());
        assertEquals("172.30.0.3", outer.headers().get(1).get("src"));
        assertEquals("172.30.0.4", outer.headers().get(1).get("dst"));
        assertEquals("8472", outer.headers().get(2).get("dport"));
        assertEquals("1", outer.headers().get(3).get("vni"));
        assertEquals(s.pod("default", "web-2").ip(), outer.innerIp().get("dst"));
        assertTrue(r.hops().stream().anyMatch(e -> e.iface().equals("flannel.1")));
    }

    @Test
    void crossNodeTrafficIsPlainlyRoutedInHostGwMode() {
        ClusterState s = base("host-gw").build();
        ProbeResult r = probe(Sims.running(s), "default/client", "default/web-2", 80);
        assertEquals(Outcome.DELIVERED, r.outcome());
        assertTrue(r.hops().stream().noneMatch(PacketEvent::encapsulated));
        assertTrue(r.hops().stream().anyMatch(e -> e.node().equals("worker-1") && e.iface().equals("eth0")
                && e.direction() == PacketEvent.Direction.OUT
                && s.pod("default", "web-2").ip().equals(e.innerIp().get("dst"))), "Pod IPs on the underlay");
    }

    @Test
    void aStoppedNodeSwallowsPackets() {
        ClusterState s = base("flannel-vxlan").nodeDown("worker-2").build();
        ProbeResult r = probe(Sims.running(s), "default/client", "default/web-2", 80);
        assertEquals(Outcome.DROPPED, r.outcome());
        assertTrue(r.reason().contains("node down"), r.reason());
    }

    @Test
    void seedDesignRunsThroughTheControlPlaneAndServesItsIngress() {
        Path complete = Path.of(System.getProperty("kubecanvas.shared", "../../shared"), "examples/seed/complete.yaml");
        Design design = DesignIO.load(complete).design();
        ClusterState s = ControlPlane.start(design, 1).state();
        SimBackend sim = Sims.running(s);
        ProbeResult r = sim.probe(ProbeRequest.tcp("external", "http://example.local/", 0));
        assertEquals(Outcome.DELIVERED, r.outcome(), r.reason());
        assertTrue(r.answeredBy().startsWith("default/web-deployment-"), r.answeredBy());
        List<String> pods = new ArrayList<>(s.pods().stream().filter(p -> p.name().startsWith("web-deployment")).map(p -> p.key()).toList());
        assertEquals(2, pods.size());
        ProbeResult byName = sim.probe(ProbeRequest.tcp(pods.get(0), "web-service", 80));
        assertEquals(Outcome.DELIVERED, byName.outcome(), byName.reason());
        assertNotEquals(null, byName.answeredBy());
    }
}
