package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.run.ClusterRun;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.DesignIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pods run what the YAML says on real containers: environment from a ConfigMap and a Secret, the working
 * directory, init containers to completion first (a failing one stops the Pod with {@code Init:Error}, its exit
 * code and output), {@code imagePullPolicy} (Never: {@code ErrImageNeverPull}; otherwise a real pull through
 * the engine, which fails fast here, as no registry is reachable: {@code ErrImagePull}, then the stand-in),
 * and every Pod that does not run says why in the control plane's state and in {@code ls}. The one image
 * present on a machine without a registry is the node image, so the Pods use it.
 */
@Tag("docker")
class DockerPodSpecTest {
    static final String NAME = "kc-test-podspec";
    static TestCluster test;
    static DockerJavaEngine engine;
    static ClusterRun run;
    static final List<String> log = Collections.synchronizedList(new ArrayList<>());
    static long upMillis;

    @BeforeAll
    static void up() throws Exception {
        engine = TestCluster.engineFor(NAME);
        String image = new NodeImage(engine).ensure(s -> { });
        long t0 = System.nanoTime();
        test = TestCluster.up(engine, NAME, DesignIO.parse("podspec.yaml", """
                apiVersion: kubecanvas.io/v1alpha1
                kind: Cluster
                metadata: {name: podspec}
                spec:
                  nodes:
                    - {name: control-plane, role: control-plane}
                    - {name: worker-1, role: worker}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: cfg}
                data: {MODE: fast}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: db}
                data: {password: czNjcjN0}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: configured}
                spec:
                  nodeName: worker-1
                  initContainers:
                    - {name: first, image: IMAGE, command: [/bin/sh, -c, 'echo first done']}
                  containers:
                    - name: main
                      image: IMAGE
                      imagePullPolicy: IfNotPresent
                      workingDir: /tmp
                      command: [/bin/sh, -c]
                      args: ['echo "mode=$MODE pw=$password dir=$(pwd)"; exec sleep infinity']
                      envFrom: [{secretRef: {name: db}}]
                      env: [{name: MODE, valueFrom: {configMapKeyRef: {name: cfg, key: MODE}}}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: broken-init}
                spec:
                  nodeName: worker-1
                  initContainers:
                    - {name: migrate, image: IMAGE, command: [/bin/sh, -c, 'echo migrating; sleep 0.3; echo boom >&2; exit 7']}
                  containers:
                    - {name: main, image: IMAGE, command: [sleep, infinity]}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: never}
                spec:
                  nodeName: worker-1
                  containers:
                    - {name: main, image: registry.invalid/never:1, imagePullPolicy: Never}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: unpullable}
                spec:
                  nodeName: worker-1
                  containers:
                    - {name: main, image: registry.invalid/x:1, ports: [{containerPort: 80}]}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: no-config}
                spec:
                  nodeName: worker-1
                  containers:
                    - {name: main, image: IMAGE, envFrom: [{configMapRef: {name: absent}}]}
                """.replace("IMAGE", image)), log::add);
        run = test.run;
        upMillis = (System.nanoTime() - t0) / 1_000_000;
    }

    @AfterAll
    static void down() {
        if (test != null) {
            test.close();
        }
    }

    static ClusterState.PodState pod(String name) {
        return run.state().pod("default", name);
    }

    static String logsOf(String pod, String container, String expect) throws InterruptedException {
        String logs = "";
        for (int i = 0; i < 50 && !logs.contains(expect); i++) {
            Thread.sleep(100);
            logs = RunningClusters.logs(engine, NAME, "default/" + pod, container, 0);
        }
        return logs.strip();
    }

    @Test
    void environmentFromConfigMapAndSecretAndTheWorkingDirReachTheContainerAfterItsInitContainer() throws Exception {
        assertEquals("mode=fast pw=s3cr3t dir=/tmp", logsOf("configured", "main", "mode="));
        assertNull(pod("configured").reason(), pod("configured").toString());
        assertTrue(pod("configured").ready());
        // the init container that completed is gone; the Pod's only container is its app container
        List<DockerEngine.ContainerInfo> inits = engine.containers(List.of(Labels.CLUSTER + "=" + NAME,
                Labels.ROLE + "=" + Labels.ROLE_INIT, Labels.POD + "=default/configured"));
        assertTrue(inits.isEmpty(), inits.toString());
    }

    @Test
    void aFailingInitContainerStopsThePodWithItsExitCodeAndOutput() throws Exception {
        ClusterState.PodState p = pod("broken-init");
        assertEquals("Init:Error: init container migrate exited with code 7: migrating | boom", p.reason());
        assertFalse(p.ready(), "a Pod whose init container failed takes no traffic");
        assertEquals("Pending", p.phase());
        assertTrue(engine.containers(List.of(Labels.CLUSTER + "=" + NAME, Labels.POD + "=default/broken-init")).stream()
                .noneMatch(c -> Labels.runsContainer(c.labels())), "its app containers are not started");
        assertTrue(logsOf("broken-init", "migrate", "boom").contains("migrating"), "the failed init container keeps its output");
        RunningClusters.Summary s = RunningClusters.list(engine).stream().filter(x -> x.name().equals(NAME)).findFirst()
                .orElseThrow();
        assertTrue(s.problems().contains("Pod default/broken-init: init container migrate exited with code 7: migrating | boom;"
                + " its containers are not started (see: kubecanvas logs " + NAME + " default/broken-init -c migrate)"),
                s.problems().toString());
    }

    @Test
    void pullPolicyNeverWithoutTheImageIsErrImageNeverPull() {
        ClusterState.PodState p = pod("never");
        assertEquals("ErrImageNeverPull: container main: Container image \"registry.invalid/never:1\" is not present with"
                + " pull policy of Never", p.reason());
        assertFalse(p.ready());
        assertTrue(engine.containers(List.of(Labels.CLUSTER + "=" + NAME, Labels.POD + "=default/never")).stream()
                .noneMatch(c -> Labels.runsContainer(c.labels())), "nothing stands in for an image that may not be pulled");
    }

    @Test
    void aFailedPullSaysSoWithTheEnginesWordsThenTheStandInRuns() {
        ClusterState.PodState p = pod("unpullable");
        assertTrue(p.reason().startsWith("ErrImagePull: container main: failed to pull image \"registry.invalid/x:1\": "),
                p.reason());
        assertTrue(p.reason().contains("registry.invalid"), "the engine's own words: " + p.reason());
        assertTrue(p.reason().endsWith("; runs the labelled stand-in instead"), p.reason());
        assertTrue(p.ready(), "the stand-in serves its ports");
        assertTrue(log.stream().anyMatch(l -> l.startsWith("pulling registry.invalid/x:1 (imagePullPolicy IfNotPresent)")),
                log.toString());
        // one container, its image unpullable: the Pod's sandbox runs the stand-in itself
        List<DockerEngine.ContainerInfo> app = engine.containers(List.of(Labels.CLUSTER + "=" + NAME,
                Labels.POD + "=default/unpullable")).stream().filter(c -> Labels.runsContainer(c.labels())).toList();
        assertEquals(1, app.size());
        assertTrue(app.get(0).label(Labels.STANDIN) != null && app.get(0).running(), app.toString());
        assertTrue(upMillis < 60_000, "the failed pull is fast: up took " + upMillis + " ms");
    }

    @Test
    void aMissingConfigMapKeepsThePodFromStartingAnywhere() {
        ClusterState.PodState p = pod("no-config");
        assertEquals("CreateContainerConfigError: configmap \"absent\" not found", p.reason());
        assertNull(p.ip());
        assertTrue(engine.containers(List.of(Labels.CLUSTER + "=" + NAME, Labels.POD + "=default/no-config")).isEmpty(),
                "no sandbox, no container");
    }

    @Test
    void lsNamesThePodsDockerNeverSawWithTheReasonsOfThePlanTheClusterKeeps() {
        run.sync();
        RunningClusters.Summary s = RunningClusters.list(engine).stream().filter(x -> x.name().equals(NAME)).findFirst()
                .orElseThrow();
        assertTrue(s.problems().contains("Pod default/no-config is Pending: CreateContainerConfigError: configmap \"absent\""
                + " not found"), s.problems().toString());
        assertTrue(s.problems().contains("Pod default/never is Pending: ErrImageNeverPull: container main: Container image"
                + " \"registry.invalid/never:1\" is not present with pull policy of Never"), s.problems().toString());
        assertEquals(1, s.problems().stream().filter(x -> x.contains("default/broken-init")).count(),
                "the failed init container is said once: " + s.problems());
    }
}
