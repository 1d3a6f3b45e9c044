package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.plan.ClusterFixture;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Nothing survives: a failed up removes what it made, orphans of a dead owner are swept, down is total. */
@Tag("docker")
class DockerCleanupTest {
    static DockerJavaEngine engine;

    @BeforeAll
    static void connect() {
        engine = DockerJavaEngine.connect();
        new NodeImage(engine).ensure(s -> { });
    }

    @AfterAll
    static void close() {
        for (String n : List.of("kc-test-fail", "kc-test-orphan", "kc-test-live")) {
            RunningClusters.remove(engine, n);
        }
        engine.close();
    }

    @Test
    void aFailedUpRemovesEverythingItMade() {
        ClusterState ok = ClusterFixture.threeNodes().pod("default", "web", "worker-1", java.util.Map.of()).build();
        Cluster.NetworkSettings n = ok.network();
        // nodes on 172.30.0.x, but an underlay of 172.31.0.0/24: Docker refuses the first node's address
        ClusterState bad = new ClusterState(ok.resourceVersion(), new Cluster.NetworkSettings(n.cni(), n.clusterCidr(),
                n.nodeCidrMaskSize(), n.serviceCidr(), n.clusterDomain(), "172.31.0.200/29", "172.31.0.0/24"), ok.nodes(),
                ok.namespaces(), ok.pods(), ok.services(), ok.policies(), ok.ingresses(), ok.dns(), ok.tlsSecrets());
        List<String> log = new ArrayList<>();
        assertThrows(RuntimeException.class, () -> DockerCluster.up(engine, "kc-test-fail", NetworkPlan.compute(bad), false, log::add));
        assertTrue(log.stream().anyMatch(l -> l.contains("removing what was made")), String.valueOf(log));
        assertTrue(engine.containers(Labels.clusterFilter("kc-test-fail")).isEmpty());
        assertTrue(engine.networks(Labels.clusterFilter("kc-test-fail")).isEmpty());
    }

    @Test
    void aClusterWhoseOwnerProcessIsGoneIsSweptByTheNextStart() {
        String dead = "999999999:1@" + OwnerId.bootId();
        ClusterContainers specs = new ClusterContainers("kc-test-orphan", new NodeImage(engine).ref(), dead);
        engine.createNetwork(specs.underlayNetworkName(), "172.29.250.0/24", "172.29.250.1", true, Map.of(),
                specs.labels(Labels.ROLE_UNDERLAY));
        Cluster.NetworkSettings d = Cluster.NetworkSettings.defaults();
        ClusterState one = new ClusterState(1, new Cluster.NetworkSettings(d.cni(), d.clusterCidr(), d.nodeCidrMaskSize(),
                d.serviceCidr(), d.clusterDomain(), "172.29.250.200/29", "172.29.250.0/24"),
                List.of(new ClusterState.NodeState("n1", "worker", "172.29.250.2", "10.250.0.0/24", true, java.util.Map.of())),
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), java.util.Map.of());
        engine.run(specs.node(NetworkPlan.compute(one).node("n1")));
        RunningClusters.Summary s = RunningClusters.list(engine).stream().filter(x -> x.name().equals("kc-test-orphan"))
                .findFirst().orElseThrow();
        assertFalse(s.ownerAlive());
        List<String> removed = RunningClusters.removeOrphans(engine, m -> { });
        assertTrue(removed.contains("kc-test-orphan"));
        assertTrue(engine.containers(Labels.clusterFilter("kc-test-orphan")).isEmpty());
        assertTrue(engine.networks(Labels.clusterFilter("kc-test-orphan")).isEmpty());
    }

    @Test
    void aLiveClusterOfThisProcessIsNotAnOrphanAndDownRemovesAll() {
        ClusterState st = ClusterFixture.threeNodes().pod("default", "web", "worker-1", java.util.Map.of(),
                ClusterFixture.tcp(80)).build();
        NetworkPlan plan = NetworkPlan.compute(st);
        DockerCluster c = DockerCluster.up(engine, "kc-test-live", plan, false, m -> { });
        assertFalse(RunningClusters.removeOrphans(engine, m -> { }).contains("kc-test-live"));
        assertTrue(RunningClusters.exists(engine, "kc-test-live"));
        assertThrows(IllegalStateException.class, () -> DockerCluster.up(engine, "kc-test-live", plan, false, m -> { }),
                "a second cluster of the same name is refused");
        c.down();
        c.close();
        assertEquals(0, engine.containers(Labels.clusterFilter("kc-test-live")).size());
        assertEquals(0, engine.networks(Labels.clusterFilter("kc-test-live")).size());
    }
}
