package io.kubecanvas.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kubecanvas up --detach}, {@code ls}, {@code kubeconfig} and {@code down} on the sim backend, each run
 * as the user runs it (its own process, with its own environment: $HOME, $KUBECONFIG), and real kubectl
 * reaching the detached cluster. A detached server killed with SIGKILL leaves nothing that matters: the
 * next {@code ls} clears its folder and its kubeconfig context, and {@code up} of the same name works again.
 */
class ServedClusterLifecycleTest {
    private static final Pattern DETACHED = Pattern.compile("detached \\(pid (\\d+),");

    /** One CLI process with {@code env}; waits for it (a detached server outlives it). */
    private static CliRun kubecanvas(Path home, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Dkubecanvas.home=" + home.resolve("kubecanvas"), "-cp", System.getProperty("java.class.path"),
                "io.kubecanvas.app.Main"));
        cmd.addAll(List.of(args));
        return run(home, env, cmd);
    }

    private static CliRun kubectl(Path home, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("kubectl"));
        cmd.addAll(List.of(args));
        return run(home, env, cmd);
    }

    private static CliRun run(Path home, Map<String, String> env, List<String> cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("HOME", home.toString());
        pb.environment().remove("KUBECONFIG");
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish in 180 s");
        }
        return new CliRun(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static long detachedPid(CliRun up) {
        Matcher m = DETACHED.matcher(up.out());
        assertTrue(m.find(), "up --detach says which process serves: " + up.out() + up.err());
        return Long.parseLong(m.group(1));
    }

    @Test
    void aKilledDetachedServerLeavesNothingAndUpWorksAgain(@TempDir Path home) throws Exception {
        Path design = CliRun.seed("complete.yaml").toAbsolutePath();
        Map<String, String> env = Map.of();
        CliRun up = kubecanvas(home, env, "up", design.toString(), "--name", "ha-life", "--detach");
        assertEquals(0, up.exit(), up.out() + up.err());
        long pid = detachedPid(up);
        try {
            assertTrue(up.out().contains("try: kubectl get pods -A -o wide"), "up prints the kubectl line: " + up.out());
            List<String> jvm = List.of(Files.readString(Path.of("/proc/" + pid + "/cmdline")).split("\0"));
            assertTrue(jvm.contains("-XX:TieredStopAtLevel=1"), "the detached API server runs with the client compiler only: " + jvm);
            CliRun ls = kubecanvas(home, env, "ls");
            assertTrue(ls.out().matches("(?s).*ha-life\\s+sim\\s+https://127\\.0\\.0\\.1:\\d+\\s+pid " + pid + ".*"), ls.out());
            // the context was merged into ~/.kube/config (no $KUBECONFIG): kubectl reaches the cluster
            assertTrue(Files.readString(home.resolve(".kube/config")).contains("kubecanvas-ha-life"));
            CliRun nodes = kubectl(home, env, "--context", "kubecanvas-ha-life", "get", "nodes");
            assertEquals(0, nodes.exit(), nodes.err());
            assertEquals(4, nodes.out().lines().count(), "three nodes and a header: " + nodes.out());

            // kill -9: no shutdown hook runs
            ProcessHandle server = ProcessHandle.of(pid).orElseThrow();
            server.destroyForcibly();
            server.onExit().get(30, TimeUnit.SECONDS);
            CliRun after = kubecanvas(home, env, "ls");
            assertTrue(after.out().contains("gone (its process ended; cleared now)"), after.out());
            assertFalse(Files.exists(home.resolve("kubecanvas/clusters/ha-life")), "its folder is cleared");
            assertFalse(Files.readString(home.resolve(".kube/config")).contains("kubecanvas-ha-life"), "its context is removed");
            CliRun empty = kubecanvas(home, env, "ls");
            assertFalse(empty.out().contains("ha-life"), empty.out());

            CliRun again = kubecanvas(home, env, "up", design.toString(), "--name", "ha-life", "--detach");
            assertEquals(0, again.exit(), again.out() + again.err());
            pid = detachedPid(again);
            assertEquals(0, kubectl(home, env, "--context", "kubecanvas-ha-life", "get", "pods").exit());
            CliRun twice = kubecanvas(home, env, "up", design.toString(), "--name", "ha-life", "--detach");
            assertEquals(1, twice.exit(), "a second cluster of the same name is refused");
            assertTrue(twice.err().contains("already running (pid " + pid + ")"), twice.err());

            CliRun down = kubecanvas(home, env, "down", "ha-life");
            assertEquals(0, down.exit(), down.out() + down.err());
            assertTrue(down.out().contains("removed cluster ha-life (sim"), down.out());
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "down ends the process");
            assertFalse(Files.exists(home.resolve("kubecanvas/clusters/ha-life")));
            assertFalse(Files.readString(home.resolve(".kube/config")).contains("kubecanvas-ha-life"));
            // ls also lists the docker engine's clusters, which are not this test's: only this cluster must be gone
            CliRun gone = kubecanvas(home, env, "ls");
            assertEquals(0, gone.exit(), gone.err());
            assertFalse(gone.out().contains("ha-life"), gone.out());
        } finally {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void theContextGoesWhereKubectlWouldWriteIt(@TempDir Path home) throws Exception {
        Path design = CliRun.seed("complete.yaml").toAbsolutePath();
        Path missing = home.resolve("first-missing");
        Path existing = home.resolve("second");
        Files.writeString(existing, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: work
                  cluster: {server: 'https://work.example:6443'}
                users:
                - name: me
                  user: {token: abc}
                contexts:
                - name: work
                  context: {cluster: work, user: me}
                current-context: work
                """);
        Path last = home.resolve("third");
        Map<String, String> env = Map.of("KUBECONFIG", missing + ":" + existing + ":" + last);
        CliRun up = kubecanvas(home, env, "up", design.toString(), "--name", "ha-kcfg", "--detach");
        assertEquals(0, up.exit(), up.out() + up.err());
        long pid = detachedPid(up);
        try {
            // as kubectl config set-context: the first file of $KUBECONFIG that exists
            assertFalse(Files.exists(missing));
            assertFalse(Files.exists(last));
            String merged = Files.readString(existing);
            assertTrue(merged.contains("kubecanvas-ha-kcfg") && merged.contains("https://work.example:6443"), merged);
            CliRun current = kubectl(home, env, "config", "current-context");
            assertEquals("kubecanvas-ha-kcfg", current.out().strip(), "up makes its context current");
            CliRun pods = kubectl(home, env, "get", "pods", "-o", "name");
            assertEquals(0, pods.exit(), pods.err());
            assertTrue(pods.out().contains("pod/web-deployment-"), pods.out());
            // kubeconfig NAME prints a self-contained one, for a file of its own
            CliRun printed = kubecanvas(home, Map.of(), "kubeconfig", "ha-kcfg");
            assertEquals(0, printed.exit(), printed.err());
            Path own = home.resolve("own-kubeconfig");
            Files.writeString(own, printed.out());
            assertEquals(0, kubectl(home, Map.of("KUBECONFIG", own.toString()), "get", "nodes").exit());

            CliRun down = kubecanvas(home, env, "down", "ha-kcfg");
            assertEquals(0, down.exit(), down.out() + down.err());
            String after = Files.readString(existing);
            assertFalse(after.contains("kubecanvas-ha-kcfg"), after);
            assertTrue(after.contains("name: work"), "the user's own entries stay");
        } finally {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
