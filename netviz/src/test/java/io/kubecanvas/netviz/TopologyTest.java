package io.kubecanvas.netviz;

import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.netviz.view.LayerMode;
import io.kubecanvas.netviz.view.Topology;
import javafx.geometry.Point2D;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopologyTest {
    private final List<io.kubecanvas.emulator.state.ClusterState.PodState> pods = SeedFixture.pods();
    private final List<PacketEvent> hops = SeedFixture.request(1, 0, pods.get(0), pods.get(2), true);

    @Test
    void physicalLayerPlacesEachHopOnItsDevice() {
        Topology t = Topology.layout(SeedFixture.state(1, pods, true), LayerMode.PHYSICAL);
        assertEquals(t.anchor("veth|default/client"), t.anchor(hops.get(0), null), "leaving the client's veth");
        assertEquals(t.anchor("worker-1|netfilter"), t.anchor(hops.get(2), hops.get(1)), "the DNAT in iptables");
        PacketEvent tunnelOut = hops.stream().filter(e -> "flannel.1".equals(e.iface())).findFirst().orElseThrow();
        assertEquals(t.anchor("worker-1|flannel.1"), t.anchor(tunnelOut, null));
        assertTrue(t.boxes().stream().noneMatch(b -> b.kind() == Topology.Kind.SERVICE), "no Services in the physical layer");
        // Between nodes a packet goes down to the underlay and across, never through the air.
        List<Point2D> way = t.route(t.anchor("worker-1|eth0"), t.anchor("worker-2|eth0"));
        assertEquals(4, way.size(), way.toString());
        assertEquals(way.get(1).getY(), way.get(2).getY(), "along the underlay");
    }

    @Test
    void logicalLayerShowsServicesAndPutsTheDnatOnTheService() {
        Topology t = Topology.layout(SeedFixture.state(1, pods, true), LayerMode.LOGICAL);
        assertTrue(t.boxes().stream().anyMatch(b -> b.id().equals("Service/default/web-service")));
        assertTrue(t.boxes().stream().anyMatch(b -> b.id().equals("Ingress/default/web-ingress")));
        assertTrue(t.boxes().stream().noneMatch(b -> b.kind() == Topology.Kind.NODE), "no nodes in the logical layer");
        assertEquals(t.anchor("Service/default/web-service"), t.anchor(hops.get(2), hops.get(1)));
        PacketEvent bridge = hops.get(1);
        assertNull(t.anchor(bridge, hops.get(0)), "the bridge is not drawn in the logical layer: the packet stays put");
        PacketEvent routed = new PacketEvent(1, 9, "worker-1", "eth0", PacketEvent.Direction.LOCAL, List.of(), null, null,
                PacketEvent.Verdict.FORWARDED, "Ingress default/web-ingress", "host example.local path / -> web-service:80");
        assertEquals(t.anchor("Ingress/default/web-ingress"), t.anchor(routed, null), "the Ingress decision is shown on the Ingress");
        assertEquals(2, t.links().stream().filter(l -> l.kind() == Topology.Kind.ENDPOINT && l.id().startsWith("ep/")).count(),
                "web-service has lines to its 2 endpoints");
    }

    @Test
    void aStoppedNodeAndAPendingPodAreDrawnAsSuch() {
        var withPending = new java.util.ArrayList<>(pods);
        withPending.add(new io.kubecanvas.emulator.state.ClusterState.PodState("default", "web-new", "u", null, null, "Pending",
                false, java.util.Map.of("app", "web-app"), List.of(), List.of(), false, "Deployment/web-deployment"));
        Topology t = Topology.layout(SeedFixture.state(2, withPending, false), LayerMode.BOTH);
        var node2 = t.boxes().stream().filter(b -> b.id().equals("Node/worker-2")).findFirst().orElseThrow();
        assertFalse(node2.active());
        assertTrue(node2.label().contains("stopped"));
        var pending = t.boxes().stream().filter(b -> b.id().equals("Pod/default/web-new")).findFirst().orElseThrow();
        assertEquals("Pending", pending.sublabel());
        assertNotNull(t.anchor("pod|default/web-new"));
    }

    @Test
    void aPodThatDoesNotStartShowsItsReasonInItsBox() {
        var more = new java.util.ArrayList<>(pods);
        more.add(new io.kubecanvas.emulator.state.ClusterState.PodState("default", "configured", "u2", "worker-1", null,
                "Pending", false, java.util.Map.of(), List.of(), List.of("nginx"), false, null, List.of(), List.of(), null,
                List.of(), "CreateContainerConfigError: configmap \"cfg\" not found"));
        Topology t = Topology.layout(SeedFixture.state(2, more, true), LayerMode.BOTH);
        var box = t.boxes().stream().filter(b -> b.id().equals("Pod/default/configured")).findFirst().orElseThrow();
        assertEquals("CreateContainerConfigError", box.sublabel());
        assertFalse(box.active());
    }
}
