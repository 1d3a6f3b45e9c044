package io.kubecanvas.apiserver;

import io.kubecanvas.emulator.docker.DockerJavaEngine;
import io.kubecanvas.emulator.docker.RunningClusters;
import io.kubecanvas.model.DesignIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real kubectl against the docker backend (run with mvn -Pdocker verify, under the shared Docker lock): the
 * Pods are real containers, so exec runs the command in the Pod's container and logs are its output; the
 * cluster is removed by its label afterwards.
 */
@Tag("docker")
class KubectlDockerEndToEndTest {

    @Test
    void execAndLogsAreTheContainersOwn(@TempDir Path dir) throws Exception {
        Path complete = Path.of(System.getProperty("kubecanvas.shared", "../../shared"), "examples/seed/complete.yaml");
        try (DockerJavaEngine engine = DockerJavaEngine.connect()) {
            EmulatedCluster cluster = EmulatedCluster.docker("ha-kubectl", DesignIO.load(complete).design(), engine, false, s -> { });
            try {
                Credentials creds = Credentials.generate("ha-kubectl");
                try (ApiServer api = ApiServer.start(cluster, creds, 0)) {
                    Kubectl kubectl = new Kubectl(dir, Kubeconfig.render("ha-kubectl", api.url(), creds, false));
                    String pods = kubectl.ok("get", "pods", "-o", "wide");
                    assertTrue(pods.matches("(?s).*web-deployment-\\S+\\s+1/1\\s+Running.*"), pods);
                    assertTrue(kubectl.ok("get", "nodes", "-o", "wide").contains("Debian GNU/Linux 12 (bookworm)"));
                    String pod = kubectl.ok("get", "pods", "-l", "app=web-app", "-o", "name").lines().findFirst().orElseThrow();
                    String name = pod.substring("pod/".length());
                    String ip = cluster.controlPlane().state().pod("default", name).ip();
                    // A real shell in the real container: its own network namespace has the Pod's address.
                    String shell = kubectl.ok("exec", name, "--", "sh", "-c", "echo hello from $(hostname); ip -4 addr show eth0");
                    assertTrue(shell.contains("hello from "), shell);
                    assertTrue(shell.contains(ip), "the container sees its Pod IP " + ip + ":\n" + shell);
                    Kubectl.Result failed = kubectl.run("exec", name, "--", "sh", "-c", "exit 3");
                    assertEquals(3, failed.code(), failed.all());
                    // The same over plain SPDY (kubectl 1.29 and older, or told not to use WebSocket): stdout, stderr, exit code.
                    java.util.Map<String, String> spdy = java.util.Map.of("KUBECTL_REMOTE_COMMAND_WEBSOCKETS", "false",
                            "KUBECTL_PORT_FORWARD_WEBSOCKETS", "false");
                    Kubectl.Result overSpdy = kubectl.withEnv(spdy, null, "exec", name, "--", "sh", "-c",
                            "ip -4 addr show eth0; echo to stderr >&2; exit 4");
                    assertEquals(4, overSpdy.code(), overSpdy.all());
                    assertTrue(overSpdy.out().contains(ip) && overSpdy.err().contains("to stderr"), overSpdy.all());
                    Kubectl.Result logs = kubectl.run("logs", name);
                    assertEquals(0, logs.code(), logs.all());
                    // port-forward for real: the bytes reach the Pod's port 80 (its container's server) and come back.
                    Path out = dir.resolve("pf.txt");
                    Process pf = kubectl.start(out, "port-forward", pod, ":80");
                    try {
                        int local = KubectlPortForwardTest.localPort(out, pf);
                        String answer = KubectlPortForwardTest.get(local, "/");
                        assertTrue(answer.matches("(?s)HTTP/1\\.[01] 200 .*"), answer);
                        // the Pod's own server answered, reached on localhost inside the Pod, as the kubelet does it
                        assertTrue(answer.contains("X-Pod: default/" + name), answer);
                        assertTrue(answer.contains("client=127.0.0.1 "), answer);
                        assertTrue(KubectlPortForwardTest.get(local, "/second").contains("path=/second"), "a second connection too");
                    } finally {
                        pf.destroy();
                        pf.waitFor();
                    }
                    Path outSpdy = dir.resolve("pf-spdy.txt");
                    Kubectl spdyKubectl = new Kubectl(java.nio.file.Files.createDirectories(dir.resolve("spdy")), Kubeconfig.render("ha-kubectl", api.url(), creds, false),
                            Kubectl.binary(), spdy);
                    Process pfSpdy = spdyKubectl.start(outSpdy, "port-forward", pod, ":80");
                    try {
                        int local = KubectlPortForwardTest.localPort(outSpdy, pfSpdy);
                        assertTrue(KubectlPortForwardTest.get(local, "/spdy").contains("path=/spdy"), "port-forward over plain SPDY");
                    } finally {
                        pfSpdy.destroy();
                        pfSpdy.waitFor();
                    }
                    Path out2 = dir.resolve("pf2.txt");
                    Process refused = kubectl.start(out2, "port-forward", pod, ":9999");
                    try {
                        int local = KubectlPortForwardTest.localPort(out2, refused);
                        try {
                            assertEquals("", KubectlPortForwardTest.get(local, "/"));
                        } catch (java.net.SocketException reset) {
                            // kubectl resets the local connection
                        }
                        KubectlPortForwardTest.waitForText(kubectl.backgroundErr(),
                                "failed to connect to localhost:9999 inside the Pod: connection refused");
                    } finally {
                        refused.destroy();
                        refused.waitFor();
                    }
                }
            } finally {
                cluster.dockerBackend().cluster().down();
                cluster.close();
            }
            assertFalse(RunningClusters.exists(engine, "ha-kubectl"), "nothing of the cluster is left");
        }
    }
}
