package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.run.ClusterRun;
import io.kubecanvas.model.DesignIO;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The node containers a docker up begins before the plan: used by the plan, removed when the design does not start. */
class BeginBeforeThePlanTest {
    static final String NODES = """
            apiVersion: kubecanvas.io/v1alpha1
            kind: Cluster
            metadata: {name: begin}
            spec:
              nodes: [{name: worker-1, role: worker}, {name: control-plane, role: control-plane}]
            %s
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              nodeName: worker-1
              containers: [{name: c, image: example.local/app:1}]
            """;

    @Test
    void theNodesBegunBeforeThePlanAreTheClustersNodes() throws Exception {
        FakeEngine engine = new FakeEngine();
        try (ClusterRun run = ClusterRun.start(DesignIO.parse("begin.yaml", NODES.formatted("")),
                DockerBackend.create(engine, "begin", m -> { }))) {
            List<String> nodeRuns = engine.calls.stream().filter(c -> c.matches("run kc-begin-(control-plane|worker-1)")).toList();
            assertEquals(2, nodeRuns.size(), "each node made once, before the plan and kept: " + engine.calls);
            assertEquals(List.of(), engine.calls.stream().filter(c -> c.startsWith("remove kc-begin-")).toList());
            for (var n : engine.containers(List.of(Labels.ROLE + "=" + Labels.ROLE_NODE))) {
                assertEquals(run.plan().node(n.label(Labels.NODE)).underlay().address().addressText(),
                        n.addresses().values().iterator().next(), n.name());
            }
            assertTrue(((DockerBackend) run.backend()).upPhases().phases().stream()
                    .anyMatch(p -> p.name().equals("node containers, before the plan") && p.items() == 2));
        }
    }

    @Test
    void whatWasBegunIsRemovedWhenTheControlPlaneRefusesTheDesign() throws Exception {
        FakeEngine engine = new FakeEngine();
        DockerBackend backend = DockerBackend.create(engine, "begin", m -> { });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterRun.start(
                DesignIO.parse("begin.yaml", NODES.formatted("  network: {loadBalancerPool: bogus}")), backend));
        assertTrue(e.getMessage().contains("loadBalancerPool"), e.getMessage());
        assertTrue(engine.calls.stream().anyMatch(c -> c.startsWith("run kc-begin-")), "the nodes were begun: " + engine.calls);
        assertEquals(List.of(), engine.containers(Labels.clusterFilter("begin")), "no container is left");
        assertEquals(List.of(), engine.networks(Labels.clusterFilter("begin")), "no network is left");
        backend.close();
    }
}
