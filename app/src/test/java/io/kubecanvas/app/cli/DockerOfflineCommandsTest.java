package io.kubecanvas.app.cli;

import io.kubecanvas.emulator.docker.DockerJavaEngine;
import io.kubecanvas.emulator.docker.Labels;
import io.kubecanvas.emulator.docker.NodeImage;
import io.kubecanvas.emulator.docker.RunningClusters;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An offline classroom: an image comes as a {@code docker save} archive, {@code kubecanvas image load} brings
 * it into the engine, a Pod runs it as the YAML says, {@code kubecanvas logs} shows its output and {@code ls}
 * counts it running.
 */
@Tag("docker")
class DockerOfflineCommandsTest {
    static final String NAME = "kc-test-offline";
    static final String REPO = "kc-test-offline/tool";

    static void docker(String... args) throws Exception {
        Process p = new ProcessBuilder(java.util.stream.Stream.concat(java.util.stream.Stream.of("docker"),
                java.util.Arrays.stream(args)).toList()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "docker " + String.join(" ", args) + ": " + out);
    }

    @Test
    void aSavedImageIsLoadedRunsWhatTheYamlSaysAndItsLogsAreShown(@TempDir Path dir) throws Exception {
        String ref = REPO + ":saved";
        try (DockerJavaEngine engine = DockerJavaEngine.connect()) {
            String node = new NodeImage(engine).ensure(s -> { });
            Path tar = dir.resolve("tool.tar");
            docker("tag", node, ref);
            docker("save", "-o", tar.toString(), ref);
            docker("rmi", ref);
            assertFalse(engine.imageExists(ref));

            CliRun load = CliRun.of("image", "load", tar.toString());
            assertEquals(0, load.exit(), load.err());
            assertEquals("loaded " + ref, load.out().strip());
            assertTrue(engine.imageExists(ref));

            Path junk = Files.writeString(dir.resolve("junk.tar"), "not an archive");
            CliRun bad = CliRun.of("image", "load", junk.toString());
            assertEquals(1, bad.exit());
            assertTrue(bad.err().contains("junk.tar is not a docker save archive"), bad.err());

            Path design = Files.writeString(dir.resolve("offline.yaml"), """
                    apiVersion: kubecanvas.io/v1alpha1
                    kind: Cluster
                    metadata: {name: offline}
                    spec:
                      nodes: [{name: control-plane, role: control-plane}, {name: worker-1, role: worker}]
                    ---
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: tool}
                    spec:
                      containers:
                        - name: main
                          image: IMAGE
                          command: [/bin/sh, -c, 'echo "tool says $WORD"; exec sleep infinity']
                          env: [{name: WORD, value: hi}]
                    """.replace("IMAGE", ref));
            RunningClusters.remove(engine, NAME);
            CliRun up = CliRun.of("up", design.toString(), "--backend", "docker", "--name", NAME, "--detach", "--no-kubeconfig");
            assertEquals(0, up.exit(), up.err() + up.out());
            CliRun logs = CliRun.of("logs", NAME, "default/tool");
            for (int i = 0; i < 30 && !logs.out().contains("tool says"); i++) {
                Thread.sleep(100);
                logs = CliRun.of("logs", NAME, "tool", "-c", "main");
            }
            assertEquals(0, logs.exit(), logs.err());
            assertEquals("tool says hi", logs.out().strip());
            CliRun none = CliRun.of("logs", NAME, "default/nope");
            assertEquals(1, none.exit());
            assertTrue(none.err().contains("runs no Pod default/nope; its Pods: "), none.err());
            CliRun ls = CliRun.of("ls");
            assertTrue(ls.out().lines().anyMatch(l -> l.startsWith(NAME)), ls.out());
            assertFalse(ls.out().contains("Pod default/tool"), "the Pod runs: nothing to say about it: " + ls.out());
            assertFalse(ls.out().contains("default/tool main: stand-in"), "the loaded image runs, not a stand-in: " + ls.out());
        } finally {
            try (DockerJavaEngine engine = DockerJavaEngine.connect()) {
                CliRun.of("down", NAME); // ends the detached process, which removes its containers
                RunningClusters.remove(engine, NAME);
                assertTrue(engine.containers(Labels.clusterFilter(NAME)).isEmpty());
            }
            new ProcessBuilder("docker", "rmi", ref).start().waitFor(60, TimeUnit.SECONDS);
        }
    }
}
