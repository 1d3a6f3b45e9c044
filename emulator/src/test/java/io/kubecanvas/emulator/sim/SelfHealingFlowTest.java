package io.kubecanvas.emulator.sim;

import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.backend.ProbeResult.Outcome;
import io.kubecanvas.emulator.control.ControlPlane;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The control plane heals and scales; the network follows, and the Service address never changes. */
class SelfHealingFlowTest {

    static Set<String> answering(SimBackend sim, String target, int probes) {
        Set<String> out = new HashSet<>();
        for (int i = 0; i < probes; i++) {
            ProbeResult r = sim.probe(ProbeRequest.tcp("external", target, 0), false);
            assertEquals(Outcome.DELIVERED, r.outcome(), r.reason());
            out.add(r.answeredBy());
        }
        return out;
    }

    static Set<String> webPods(ClusterState s) {
        Set<String> out = new HashSet<>();
        s.pods().stream().filter(p -> p.name().startsWith("web-deployment-") && p.ip() != null && p.ready())
                .forEach(p -> out.add(p.key()));
        return out;
    }

    @Test
    void servingContinuesThroughPodDeletionNodeFailureAndScaling() {
        Design design = DesignIO.load(Path.of(System.getProperty("kubecanvas.shared", "../../shared"),
                "examples/seed/complete.yaml")).design();
        ControlPlane cp = ControlPlane.start(design, 3, Duration.ofSeconds(40));
        SimBackend sim = Sims.running(4, cp.state());
        String clusterIp = cp.state().service("default", "web-service").clusterIp();
        String url = "http://example.local/";
        Set<String> before = webPods(cp.state());
        assertEquals(2, before.size());
        assertEquals(before, answering(sim, url, 40));

        // Delete a Pod: its ReplicaSet replaces it; the Service's endpoints follow.
        String victim = before.iterator().next();
        assertTrue(cp.deletePod("default", victim.substring("default/".length())));
        Sims.apply(sim, cp.state());
        Set<String> healed = webPods(cp.state());
        assertEquals(2, healed.size());
        assertFalse(healed.contains(victim));
        assertEquals(healed, answering(sim, url, 40));
        assertEquals(clusterIp, cp.state().service("default", "web-service").clusterIp());

        // Stop a node: its Pods stop answering at once; after the grace period they are replaced elsewhere.
        String node = cp.state().pod("default", healed.iterator().next().substring(8)).node();
        cp.stopNode(node);
        Sims.apply(sim, cp.state());
        ProbeResult toDead = sim.probe(ProbeRequest.tcp("external", "node/" + node, 80));
        assertFalse(toDead.delivered(), "a stopped node answers nothing");
        cp.advance(Duration.ofSeconds(120));
        Sims.apply(sim, cp.state());
        Set<String> moved = webPods(cp.state());
        assertEquals(2, moved.size());
        assertTrue(cp.state().pods().stream().filter(p -> moved.contains(p.key())).noneMatch(p -> node.equals(p.node())),
                "replacements run on the nodes that are up");
        assertEquals(moved, answering(sim, url, 40));

        // Scale: new replicas become endpoints and get traffic.
        cp.scale("default", "web-deployment", 4);
        Sims.apply(sim, cp.state());
        Set<String> scaled = webPods(cp.state());
        assertEquals(4, scaled.size());
        assertEquals(scaled, answering(sim, url, 120));
        List<String> all = List.copyOf(scaled);
        ProbeResult byName = sim.probe(ProbeRequest.tcp(all.get(0), "web-service.default.svc.cluster.local", 80));
        assertEquals(Outcome.DELIVERED, byName.outcome(), byName.reason());
        assertEquals(clusterIp + ":80", byName.address());
    }
}
