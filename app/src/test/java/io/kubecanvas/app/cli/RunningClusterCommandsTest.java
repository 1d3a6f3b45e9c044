package io.kubecanvas.app.cli;

import io.kubecanvas.emulator.docker.DockerJavaEngine;
import io.kubecanvas.emulator.docker.Labels;
import io.kubecanvas.emulator.docker.RunningClusters;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.plan.PodPlan;
import io.kubecanvas.emulator.run.ClusterRun;
import io.kubecanvas.model.DesignIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A running docker cluster from the command line: a node stopped with {@code kubecanvas fault} stays stopped,
 * {@code probe --cluster} reports its Pods unreachable without changing anything (and, given the design, says
 * how the cluster differs), and {@code fault start-node} brings it back.
 */
@Tag("docker")
class RunningClusterCommandsTest {
    static final String NAME = "hp-cli-running";

    @AfterAll
    static void remove() {
        CliRun.of("down", NAME); // ends the detached process (and its API server), which removes its containers
        try (DockerJavaEngine engine = DockerJavaEngine.connect()) {
            RunningClusters.remove(engine, NAME);
            assertTrue(engine.containers(Labels.clusterFilter(NAME)).isEmpty());
        }
    }

    static long runningContainers() {
        try (DockerJavaEngine engine = DockerJavaEngine.connect()) {
            return engine.containers(Labels.clusterFilter(NAME)).stream().filter(c -> c.running()).count();
        }
    }

    @Test
    void aStoppedNodeStaysStoppedAndProbesOfTheRunningClusterReportItsPodsUnreachable() throws Exception {
        String design = CliRun.seed("complete.yaml").toString();
        NetworkPlan plan = ClusterRun.plan(DesignIO.load(java.util.List.of(java.nio.file.Path.of(design))).design());
        PodPlan onWorker2 = plan.pods().stream().filter(p -> "worker-2".equals(p.node()) && p.running()
                && "default".equals(p.namespace())).findFirst().orElseThrow();
        // a Pod on another node probes it: the CoreDNS Pod, pinned to the control plane
        String from = plan.pods().stream().filter(p -> "control-plane".equals(p.node()) && p.running() && !p.hostNetwork())
                .findFirst().orElseThrow().key();

        // the served process reconciles only every 10 minutes: what changes during the test is what the test does
        CliRun up = CliRun.of("up", design, "--backend", "docker", "--name", NAME, "--detach", "--no-kubeconfig", "--interval", "600");
        assertEquals(0, up.exit(), up.err() + up.out());
        CliRun ok = CliRun.of("probe", "--cluster", NAME, "--from", from, "--to", onWorker2.ip(), "--port", "80");
        assertEquals(0, ok.exit(), ok.err() + ok.out());
        assertTrue(ok.out().contains("answered by " + onWorker2.key()), ok.out());
        CliRun outside = CliRun.of("probe", "--cluster", NAME, "--from", "external", "--to", onWorker2.ip(), "--port", "80");
        assertEquals(1, outside.exit(), "the outside world has no route to Pod addresses, as in the sim: " + outside.out());
        assertTrue(outside.out().trim().endsWith("dropped: no route to host " + onWorker2.ip() + " from external"), outside.out());

        CliRun stop = CliRun.of("fault", "--cluster", NAME, "stop-node", "worker-2");
        assertEquals(0, stop.exit(), stop.err());
        long before = runningContainers();
        CliRun dead = CliRun.of("probe", design, "--cluster", NAME, "--from", from, "--to", onWorker2.ip(), "--port", "80");
        assertEquals(1, dead.exit(), dead.err() + dead.out());
        assertTrue(dead.out().trim().endsWith("dropped: node down on worker-2"), dead.out());
        assertTrue(dead.err().contains("differs from the design") && dead.err().contains("node worker-2 is stopped"), dead.err());
        CliRun matrix = CliRun.of("matrix", "--cluster", NAME, "-o", "json");
        assertEquals(0, matrix.exit(), matrix.err());
        assertTrue(matrix.out().contains("\"outcome\":\"dropped\",\"reason\":\"node down on worker-2\""), matrix.out());
        assertEquals(before, runningContainers(), "probes change nothing: the node stays stopped, nothing is recreated");
        CliRun ls = CliRun.of("ls");
        assertTrue(ls.out().lines().anyMatch(l -> l.startsWith(NAME) && l.contains("2/3")), ls.out());

        CliRun start = CliRun.of("fault", "--cluster", NAME, "start-node", "worker-2");
        assertEquals(0, start.exit(), start.err());
        CliRun back = CliRun.of("probe", "--cluster", NAME, "--from", from, "--to", onWorker2.ip(), "--port", "80");
        assertEquals(0, back.exit(), back.err() + back.out());
        assertTrue(back.out().contains("answered by " + onWorker2.key()), back.out());

        CliRun link = CliRun.of("fault", "--cluster", NAME, "link", "worker-1", "--delay", "50");
        assertTrue(link.exit() == 0 || link.err().contains("sch_netem"), "netem applied, or its absence named: " + link.err());
        assertEquals(0, CliRun.of("down", NAME).exit());
    }
}
