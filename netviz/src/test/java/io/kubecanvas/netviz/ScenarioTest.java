package io.kubecanvas.netviz;

import io.kubecanvas.emulator.control.ControlPlane;
import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.sim.SimBackend;
import io.kubecanvas.model.DesignIO;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reference article's flows on the seed complete.yaml, run on the sim backend. */
class ScenarioTest {

    @Test
    void everyFlowTheSeedCanShowIsDeliveredAndTheOthersSayWhy() throws Exception {
        ControlPlane cp = ControlPlane.start(DesignIO.load(ControlPlaneSessionTest.seed("complete.yaml")).design(), 1);
        EmulatorRunSession session = new EmulatorRunSession(cp, Map.of("sim", SimBackend::new));
        session.start();
        for (Scenario sc : List.of(Scenario.POD_TO_POD_ACROSS_NODES, Scenario.POD_TO_SERVICE, Scenario.OUTSIDE_TO_INGRESS)) {
            Scenario.Result r = sc.request(session.state());
            assertNotNull(r.request(), sc + ": " + r.missing());
            List<PacketEvent> hops = session.send(r.request());
            assertTrue(hops.stream().anyMatch(e -> e.verdict() == PacketEvent.Verdict.DELIVERED), sc + " " + r.request());
        }
        assertEquals("outside", Scenario.OUTSIDE_TO_INGRESS.request(session.state()).request().source());
        // complete.yaml has one nginx Pod per worker and a ClusterIP Service only.
        Scenario.Result sameNode = Scenario.POD_TO_POD_SAME_NODE.request(session.state());
        assertNull(sameNode.request());
        assertTrue(sameNode.missing().contains("two running Pods on one node"), sameNode.missing());
        assertTrue(Scenario.OUTSIDE_TO_LOAD_BALANCER.request(session.state()).missing().contains("LoadBalancer"));
    }

    @Test
    void aNodePortFromOutsideReachesThePods() throws Exception {
        String yaml = java.nio.file.Files.readString(ControlPlaneSessionTest.seed("complete.yaml"))
                .replace("type: ClusterIP", "type: NodePort");
        ControlPlane cp = ControlPlane.start(DesignIO.parse("np.yaml", yaml), 1);
        EmulatorRunSession session = new EmulatorRunSession(cp, Map.of("sim", SimBackend::new));
        session.start();
        Scenario.Result r = Scenario.OUTSIDE_TO_LOAD_BALANCER.request(session.state());
        assertNotNull(r.request(), r.missing());
        List<PacketEvent> hops = session.send(r.request());
        assertTrue(hops.stream().anyMatch(e -> e.verdict() == PacketEvent.Verdict.DELIVERED), r.request() + " " + hops.size());
    }
}
