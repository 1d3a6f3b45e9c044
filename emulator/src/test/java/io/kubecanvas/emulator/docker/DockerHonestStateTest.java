package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.docker.DockerEngine.ContainerInfo;
import io.kubecanvas.emulator.run.ClusterRun;
import io.kubecanvas.model.DesignIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A locally present image runs what the YAML says (command, args, env), its output is readable as
 * {@code kubecanvas logs} reads it, and {@code ls} counts only what really runs, saying why the rest does not.
 * The one image present on a machine without a registry is the node image, so the Pods use it.
 */
@Tag("docker")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerHonestStateTest {
    static final String NAME = "kc-test-honest";
    static TestCluster test;
    static DockerJavaEngine engine;
    static ClusterRun run;

    @BeforeAll
    static void up() throws Exception {
        engine = TestCluster.engineFor(NAME);
        String image = new NodeImage(engine).ensure(s -> { });
        test = TestCluster.up(engine, NAME, DesignIO.parse("honest.yaml", """
                apiVersion: kubecanvas.io/v1alpha1
                kind: Cluster
                metadata: {name: honest}
                spec:
                  nodes:
                    - {name: control-plane, role: control-plane}
                    - {name: worker-1, role: worker}
                    - {name: worker-2, role: worker}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: talker}
                spec:
                  nodeName: worker-1
                  containers:
                    - name: main
                      image: IMAGE
                      command: [/bin/sh, -c]
                      args: ['echo "started $GREETING in $MY_POD"; exec sleep infinity']
                      env:
                        - {name: GREETING, value: hello}
                        - {name: MY_POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: quitter}
                spec:
                  nodeName: worker-1
                  containers:
                    - {name: main, image: IMAGE, command: [/bin/sh, -c, 'echo leaving now; exit 3']}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: agent}
                spec:
                  nodeName: worker-1
                  hostNetwork: true
                  containers: [{name: agent, image: example.invalid/agent:1, ports: [{containerPort: 9100, name: metrics}]}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: far}
                spec:
                  nodeName: worker-2
                  containers:
                    - {name: main, image: IMAGE, command: [sleep, infinity]}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: lone}
                spec:
                  nodeName: worker-2
                  containers: [{name: db, image: example.invalid/db:1, ports: [{containerPort: 5432}]}]
                """.replace("IMAGE", image)), s -> { });
        run = test.run;
    }

    @AfterAll
    static void down() {
        if (test != null) {
            test.close();
        }
    }

    static RunningClusters.Summary summary() {
        return RunningClusters.list(engine).stream().filter(s -> s.name().equals(NAME)).findFirst().orElseThrow();
    }

    @Test
    @Order(0)
    void aHostNetworkPodRunsInItsNodesNetworkNamespace() {
        String nodeIp = run.plan().node("worker-1").underlay().address().addressText();
        assertEquals(nodeIp, run.state().pod("default", "agent").ip(), "a hostNetwork Pod has its node's address");
        ProbeResult p = run.probe(ProbeRequest.tcp("default/far", nodeIp, 9100));
        assertEquals(ProbeResult.Outcome.DELIVERED, p.outcome(), p.toString());
        assertEquals("default/agent", p.answeredBy(), p.toString());
        assertTrue(summary().standIns().stream().anyMatch(x -> x.startsWith("default/agent agent: stand-in")),
                summary().standIns().toString());
    }

    @Test
    @Order(1)
    void aPresentImageRunsTheYamlsCommandArgsAndEnvAndItsOutputIsReadable() throws Exception {
        String logs = "";
        for (int i = 0; i < 50 && !logs.contains("started"); i++) {
            Thread.sleep(100);
            logs = RunningClusters.logs(engine, NAME, "default/talker", "main", 0);
        }
        assertEquals("started hello in talker", logs.strip());
        assertTrue(RunningClusters.logs(engine, NAME, "default/quitter", null, 0).contains("leaving now"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunningClusters.logs(engine, NAME, "default/talker", "nope", 0));
        assertTrue(e.getMessage().contains("its containers: main"), e.getMessage());
    }

    @Test
    @Order(2)
    void lsCountsWhatReallyRunsAndSaysWhyTheRestDoesNot() throws Exception {
        RunningClusters.Summary s = summary();
        for (int i = 0; i < 50 && s.problems().stream().noneMatch(p -> p.contains("quitter")); i++) {
            Thread.sleep(100);
            s = summary();
        }
        assertEquals(3, s.nodesRunning());
        assertTrue(s.problems().stream().anyMatch(p -> p.startsWith("Pod default/quitter container main is exited")),
                s.problems().toString());
        // a Pod of one stand-in (which its node runs) is said once, as a stand-in, not also as not running
        assertTrue(s.standIns().stream().anyMatch(x -> x.startsWith("default/lone db: stand-in")), s.standIns().toString());
        assertTrue(s.problems().stream().noneMatch(p -> p.contains("default/lone")), s.problems().toString());
        int before = s.containersRunning();
        int podsBefore = s.podsRunning();
        int pods = s.pods();
        ContainerInfo worker2 = engine.containers(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + NAME,
                Labels.ROLE + "=" + Labels.ROLE_NODE, Labels.NODE + "=worker-2")).get(0);
        engine.stop(worker2.id(), 1);
        s = summary();
        assertEquals(2, s.nodesRunning(), "a node stopped from outside is seen");
        assertEquals(before - 2, s.containersRunning(), "the stopped node's Pods do not run: " + s);
        assertEquals(podsBefore - 2, s.podsRunning(), "the stopped node's Pods do not run: " + s);
        assertEquals(pods, s.pods(), "the Pods of a stopped node are still counted, the one its node ran too: " + s);
        assertTrue(s.problems().stream().anyMatch(p -> p.startsWith("node worker-2 is stopped")), s.problems().toString());
    }

    @Test
    @Order(3)
    void aClusterOfWhichOnlyANetworkIsLeftIsListedNotCrashedOn() {
        String partial = NAME + "-partial";
        ClusterContainers specs = new ClusterContainers(partial, "unused", "1:1@gone");
        try {
            engine.createNetwork(specs.underlayNetworkName(), null, null, true, java.util.Map.of(),
                    specs.labels(Labels.ROLE_UNDERLAY));
            RunningClusters.Summary s = RunningClusters.list(engine).stream().filter(x -> x.name().equals(partial))
                    .findFirst().orElseThrow();
            assertEquals(0, s.nodes());
            assertTrue(s.problems().get(0).contains("only its networks are left"), s.problems().toString());
        } finally {
            RunningClusters.remove(engine, partial);
        }
    }
}
