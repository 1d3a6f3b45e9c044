package io.kubecanvas.netviz;

import io.kubecanvas.emulator.backend.EmulatorBackend;
import io.kubecanvas.emulator.backend.FaultResult;
import io.kubecanvas.emulator.backend.LinkFault;
import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.control.ControlPlane;
import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.netviz.view.LayerMode;
import io.kubecanvas.netviz.view.Topology;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The session over the real control plane running the seed complete.yaml, with a backend that records. */
class ControlPlaneSessionTest {

    static Path seed(String file) {
        return Path.of(System.getProperty("kubecanvas.shared", "../../shared")).resolve("examples/seed").resolve(file);
    }

    /** Records the plans it is given; probes answer with one hop leaving the source Pod's plan-named veth. */
    static final class RecordingBackend implements EmulatorBackend {
        final List<NetworkPlan> applied = new ArrayList<>();
        final List<ProbeRequest> probes = new ArrayList<>();
        NetworkPlan plan;

        @Override
        public String name() {
            return "sim";
        }

        @Override
        public void apply(NetworkPlan plan) {
            applied.add(plan);
            this.plan = plan;
        }

        @Override
        public NetworkPlan plan() {
            return plan;
        }

        @Override
        public ProbeResult probe(ProbeRequest request) {
            probes.add(request);
            var pod = plan.pod(request.from());
            var veth = plan.node(pod.node()).veth(pod.key());
            PacketEvent e = new PacketEvent(1, 1, pod.node(), veth.hostName(), PacketEvent.Direction.IN,
                    List.of(new PacketEvent.Header("ip", Map.of("src", pod.ip(), "dst", request.target()))), null, null,
                    PacketEvent.Verdict.FORWARDED, null, "leaves " + pod.name());
            return new ProbeResult(request, ProbeResult.Outcome.TIMEOUT, null, "recorded", request.target(), List.of(e));
        }

        @Override
        public Subscription subscribe(Consumer<PacketEvent> listener) {
            return () -> { };
        }

        @Override
        public void stopNode(String node) {
        }

        @Override
        public void startNode(String node) {
        }

        @Override
        public void killPod(String podKey) {
        }

        @Override
        public FaultResult impairLink(String node, LinkFault fault) {
            return FaultResult.unsupported("recording only");
        }

        @Override
        public java.util.Set<String> stoppedNodes() {
            return java.util.Set.of();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void theSessionFollowsTheControlPlaneAndTheViewPlacesHopsOnPlanNamedVeths() throws Exception {
        var loaded = DesignIO.load(seed("complete.yaml"));
        assertTrue(loaded.ok(), loaded.errors().toString());
        ControlPlane cp = ControlPlane.start(loaded.design(), 1);
        RecordingBackend backend = new RecordingBackend();
        EmulatorRunSession session = new EmulatorRunSession(cp, Map.of("sim", () -> backend));
        List<ClusterState> seen = new ArrayList<>();
        session.addStateListener(seen::add);
        session.start();
        assertTrue(session.running());
        ClusterState s = session.state();
        List<ClusterState.PodState> web = s.pods().stream().filter(p -> "web-app".equals(p.labels().get("app"))).toList();
        assertEquals(2, web.size(), "complete.yaml runs 2 nginx Pods");
        assertNotNull(s.service("default", "web-service").clusterIp());
        assertEquals(1, backend.applied.size(), "start applies the state once");

        // A hop on the plan's veth name lands on that Pod in the picture.
        var pod = web.get(0);
        List<PacketEvent> hops = session.send(new TrafficRequest(pod.key(), "web-service", "http", 0));
        Topology t = Topology.layout(s, LayerMode.PHYSICAL);
        assertEquals(t.anchor("veth|" + pod.key()), t.anchor(hops.get(0), null));
        assertEquals(new ProbeRequest(pod.key(), "web-service", 0, io.kubecanvas.emulator.backend.Protocol.TCP), backend.probes.get(0));
        session.send(new TrafficRequest(pod.key(), "default/web-service", "http", 0));
        assertEquals("web-service.default", backend.probes.get(1).target(), "a Service written ns/name is probed by its DNS name");

        // Killing a Pod: the control plane replaces it, the backend gets the new state, listeners hear of it.
        session.deletePod(pod.namespace(), pod.name());
        ClusterState after = session.state();
        assertTrue(after.pods().stream().noneMatch(p -> p.key().equals(pod.key())), "the Pod is gone");
        assertEquals(2, after.pods().stream().filter(p -> "web-app".equals(p.labels().get("app")) && p.ip() != null).count(),
                "its ReplicaSet made a new one");
        assertTrue(backend.applied.size() > 1);
        assertFalse(seen.isEmpty());
        assertEquals(after, seen.get(seen.size() - 1));
    }

    @Test
    void trafficPanelWordsBecomeProbeRequests() {
        assertEquals(new ProbeRequest("external", "172.30.0.11", 30080, io.kubecanvas.emulator.backend.Protocol.TCP),
                EmulatorRunSession.toProbe(new TrafficRequest("outside", "172.30.0.11:30080", "http", 0), null));
        assertEquals(new ProbeRequest("default/a", "http://example.local/", 0, io.kubecanvas.emulator.backend.Protocol.TCP),
                EmulatorRunSession.toProbe(new TrafficRequest("default/a", "http://example.local/", "http", 0), null));
        assertEquals(io.kubecanvas.emulator.backend.Protocol.UDP,
                EmulatorRunSession.toProbe(new TrafficRequest("default/a", "kube-dns.kube-system", "udp", 53), null).protocol());
        assertEquals(io.kubecanvas.emulator.backend.Protocol.SCTP,
                EmulatorRunSession.toProbe(new TrafficRequest("default/a", "default/b", "sctp", 5060), null).protocol());
    }

    @Test
    void dockerIsListedButRefusedWithAMessageWhenAbsent() throws Exception {
        ControlPlane cp = ControlPlane.start(DesignIO.load(seed("complete.yaml")).design(), 1);
        java.util.Map<String, java.util.function.Supplier<EmulatorBackend>> backends = new java.util.LinkedHashMap<>();
        backends.put("docker", null);
        backends.put("sim", RecordingBackend::new);
        EmulatorRunSession session = new EmulatorRunSession(cp, backends);
        assertEquals(List.of("sim", "docker"), session.backends());
        var e = assertThrows(RunSession.BackendUnavailableException.class, () -> session.useBackend("docker"));
        assertTrue(e.getMessage().contains("docker"), e.getMessage());
        assertEquals("sim", session.backend());
    }

    @Test
    void onTheSimBackendARequestToTheServiceIsDelivered() throws Exception {
        ControlPlane cp = ControlPlane.start(DesignIO.load(seed("complete.yaml")).design(), 1);
        EmulatorRunSession session = new EmulatorRunSession(cp, Map.of("sim", io.kubecanvas.emulator.sim.SimBackend::new));
        session.start();
        var web = session.state().pods().stream().filter(p -> "web-app".equals(p.labels().get("app"))).toList();
        List<PacketEvent> hops = session.send(new TrafficRequest(web.get(0).key(), "default/web-service", "http", 0));
        assertTrue(hops.stream().anyMatch(e -> e.verdict() == PacketEvent.Verdict.DELIVERED), hops.toString());
    }

    @Test
    void aNetworkPolicyDropIsShownWithItsPolicy() throws Exception {
        String yaml = java.nio.file.Files.readString(seed("complete.yaml")) + """
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: deny-web
                  namespace: default
                spec:
                  podSelector:
                    matchLabels:
                      app: web-app
                  policyTypes: [Ingress]
                """;
        ControlPlane cp = ControlPlane.start(DesignIO.parse("policy.yaml", yaml), 1);
        EmulatorRunSession session = new EmulatorRunSession(cp, Map.of("sim", io.kubecanvas.emulator.sim.SimBackend::new));
        session.start();
        var web = session.state().pods().stream().filter(p -> "web-app".equals(p.labels().get("app"))).toList();
        List<PacketEvent> hops = session.send(new TrafficRequest(web.get(0).key(), web.get(1).key(), "http", 80));
        var timeline = new io.kubecanvas.netviz.simulation.EventTimeline();
        timeline.append(hops);
        int drop = -1;
        for (int i = 0; i < timeline.size(); i++) {
            if (timeline.get(i).verdict() == PacketEvent.Verdict.DROPPED) {
                drop = i;
            }
        }
        assertTrue(drop >= 0, "the policy drops the request: " + hops);
        var d = io.kubecanvas.netviz.simulation.HopDetails.of(timeline, drop, session.state());
        assertEquals("DROPPED", d.verdict());
        assertEquals(new io.kubecanvas.model.ObjectKey("NetworkPolicy", "default", "deny-web"), d.cause(), d.rule());
        // It is drawn where it happened: on the receiving node.
        var t = Topology.layout(session.state(), LayerMode.PHYSICAL);
        PacketEvent dropped = timeline.get(drop);
        var where = t.anchor(dropped, null);
        var nodeBox = t.boxes().stream().filter(b -> b.id().equals("Node/" + dropped.node())).findFirst().orElseThrow();
        assertTrue(nodeBox.rect().contains(where), where + " in " + nodeBox);
    }

    @Test
    void stoppingANodeMovesItsPodsAndTheViewFollows() throws Exception {
        ControlPlane cp = ControlPlane.start(DesignIO.load(seed("complete.yaml")).design(), 1);
        EmulatorRunSession session = new EmulatorRunSession(cp, Map.of("sim", io.kubecanvas.emulator.sim.SimBackend::new));
        session.start();
        session.stopNode("worker-2");
        ClusterState s = session.state();
        assertFalse(s.node("worker-2").ready());
        var web = s.pods().stream().filter(p -> "web-app".equals(p.labels().get("app")) && "Running".equals(p.phase())).toList();
        assertEquals(2, web.size(), "the Deployment keeps 2 replicas running: " + s.pods());
        assertTrue(web.stream().noneMatch(p -> "worker-2".equals(p.node())), "none on the stopped node: " + web);
        Topology t = Topology.layout(s, LayerMode.PHYSICAL);
        assertTrue(t.boxes().stream().anyMatch(b -> b.id().equals("Node/worker-2") && !b.active()));
        // Traffic still reaches the Service through the Pods that moved.
        var hops = session.send(new TrafficRequest(web.get(0).key(), "default/web-service", "http", 0));
        assertTrue(hops.stream().anyMatch(e -> e.verdict() == PacketEvent.Verdict.DELIVERED));
    }
}
