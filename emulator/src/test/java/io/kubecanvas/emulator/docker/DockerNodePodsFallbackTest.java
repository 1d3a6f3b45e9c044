package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.docker.DockerEngine.ContainerInfo;
import io.kubecanvas.emulator.run.ClusterRun;
import io.kubecanvas.model.DesignIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where a node cannot mount in a Pod's namespace (the host's AppArmor: docker-default denies mount), the Pods of
 * one stand-in that nodes would run get a sandbox container each, and everything works as it does with them.
 * The node's mount check is made to fail as AppArmor makes it fail: exit 18 before anything starts.
 */
@Tag("docker")
class DockerNodePodsFallbackTest {
    static final String NAME = "kc-test-nomount";
    static TestCluster test;
    static DockerJavaEngine engine;
    static ClusterRun run;

    @BeforeAll
    static void up() throws Exception {
        engine = TestCluster.engineFor(NAME);
        engine.nodePods().canMount = "echo 'mount: permission denied (as under AppArmor)' >&2; exit " + NodePods.NO_MOUNT + "\n";
        test = TestCluster.up(engine, NAME, DesignIO.parse("nomount.yaml", """
                apiVersion: kubecanvas.io/v1alpha1
                kind: Cluster
                metadata: {name: nomount}
                spec:
                  nodes:
                    - {name: control-plane, role: control-plane}
                    - {name: worker-1, role: worker}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: a}
                spec:
                  nodeName: worker-1
                  containers: [{name: web, image: example.invalid/web:1, ports: [{containerPort: 80}]}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: b}
                spec:
                  nodeName: control-plane
                  tolerations: [{operator: Exists}]
                  containers: [{name: web, image: example.invalid/web:1, ports: [{containerPort: 80}]}]
                """), s -> { });
        run = test.run;
    }

    @AfterAll
    static void down() {
        if (test != null) {
            test.close();
        }
    }

    @Test
    void eachStandInPodGetsASandboxContainerAndAnswers() {
        List<ContainerInfo> sandboxes = engine.containers(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + NAME,
                Labels.ROLE + "=" + Labels.ROLE_SANDBOX));
        List<ContainerInfo> web = sandboxes.stream().filter(c -> c.label(Labels.POD).startsWith("default/")).toList();
        assertEquals(2, web.size(), sandboxes.toString());
        for (ContainerInfo c : web) {
            assertFalse(NodePods.isId(c.id()), "a container of its own: " + c.id());
            assertTrue(c.running(), c.name());
            assertTrue(Labels.runsContainer(c.labels()), "the sandbox runs the stand-in: " + c.labels());
        }
        ProbeResult r = run.probe(ProbeRequest.tcp("default/a", "default/b", 80));
        assertTrue(r.delivered(), r.toString());
        RunningClusters.Summary s = RunningClusters.list(engine).stream().filter(x -> x.name().equals(NAME)).findFirst().orElseThrow();
        assertEquals(s.pods(), s.podsRunning(), s.toString());
    }
}
