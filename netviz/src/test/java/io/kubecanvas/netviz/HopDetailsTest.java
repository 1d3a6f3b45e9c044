package io.kubecanvas.netviz;

import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.model.ObjectKey;
import io.kubecanvas.netviz.simulation.EventTimeline;
import io.kubecanvas.netviz.simulation.HopDetails;
import io.kubecanvas.netviz.stats.TrafficFigures;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HopDetailsTest {
    private final Fixture pods = new Fixture();

    /** Holder to keep the fixture readable. */
    private static final class Fixture {
        final List<io.kubecanvas.emulator.state.ClusterState.PodState> all = SeedFixture.pods();
    }

    @Test
    void theDnatHopShowsClusterIpToPodAndTheConntrackEntry() {
        EventTimeline t = new EventTimeline();
        t.append(SeedFixture.request(1, 0, pods.all.get(0), pods.all.get(2), true));
        int dnat = indexOf(t, "PREROUTING");
        HopDetails d = HopDetails.of(t, dnat, SeedFixture.state(1, pods.all, true));
        assertEquals("DNAT 10.96.45.10:80 -> 10.244.2.2:80", d.nat());
        assertEquals("tcp  src=10.244.1.2 dst=10.96.45.10 sport=40000 dport=80  src=10.244.2.2 dst=10.244.1.2 sport=80 dport=40000  [ASSURED]",
                d.conntrack());
        assertEquals(new ObjectKey("Service", "default", "web-service"), d.cause());
        assertTrue(d.outer().isEmpty(), "not encapsulated at iptables");
    }

    @Test
    void aVxlanHopSplitsOuterAndInnerAndDeliveryPointsAtTheDeployment() {
        EventTimeline t = new EventTimeline();
        t.append(SeedFixture.request(1, 0, pods.all.get(0), pods.all.get(2), false));
        int encap = indexOf(t, "flannel.1");
        HopDetails d = HopDetails.of(t, encap, SeedFixture.state(1, pods.all, true));
        assertTrue(d.outer().stream().anyMatch(r -> r.layer().equals("udp") && r.field().equals("dport") && r.changed()
                && r.before() == null && "8472".equals(r.after())), "the outer UDP header appears at encapsulation: " + d.outer());
        assertTrue(d.inner().stream().noneMatch(HopDetails.FieldRow::changed), "the inner packet is untouched");
        assertNull(d.nat());
        assertTrue(d.conntrack().endsWith("(no NAT)"), d.conntrack());
        int delivered = -1;
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i).verdict() == PacketEvent.Verdict.DELIVERED) {
                delivered = i;
                break;
            }
        }
        assertEquals(new ObjectKey("Deployment", "default", "web-deployment"),
                HopDetails.of(t, delivered, SeedFixture.state(1, pods.all, true)).cause());
    }

    @Test
    void loadBalancingIsCountedPerEndpointAtTheDnat() {
        var state = SeedFixture.state(1, pods.all, true);
        TrafficFigures f = new TrafficFigures();
        for (int i = 0; i < 4; i++) {
            for (PacketEvent e : SeedFixture.request(i, 0, pods.all.get(0), pods.all.get(1 + i % 2), true)) {
                f.record(e, state, 1_000L);
            }
        }
        var eps = f.requestsPerEndpoint().get("default/web-service");
        assertEquals(2, eps.get("web-deployment-7c9f-abcde 10.244.1.3"));
        assertEquals(2, eps.get("web-deployment-7c9f-fghij 10.244.2.2"));
        var rates = f.linkRates(1_000L);
        assertEquals(2 * 2, rates.get("worker-2 eth0")[0], "two requests reached worker-2: each seen on its eth0 coming in and its reply going out");
        assertFalse(f.linkRates(5_000_000_000L).containsKey("worker-2 eth0"), "rates are over the last second");
    }

    private static int indexOf(EventTimeline t, String iface) {
        for (int i = 0; i < t.size(); i++) {
            if (iface.equals(t.get(i).iface())) {
                return i;
            }
        }
        throw new AssertionError("no hop at " + iface);
    }
}
