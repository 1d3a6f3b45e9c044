package io.kubecanvas.remote;

import io.kubecanvas.model.DesignIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterContextTest {
    @TempDir
    Path dir;

    private Path kubeconfig(String server, String token) throws Exception {
        Path f = dir.resolve("config");
        Files.writeString(f, """
                apiVersion: v1
                kind: Config
                current-context: one
                clusters:
                - {name: c, cluster: {server: "%s", insecure-skip-tls-verify: true}}
                users:
                - {name: u, user: {token: %s}}
                contexts:
                - {name: one, context: {cluster: c, user: u, namespace: shop}}
                - {name: two, context: {cluster: c, user: u}}
                """.formatted(server, token));
        return f;
    }

    @Test
    void theCurrentContextIsUsedWhenNoneIsNamedAndItsNamespaceIsTheDefault() throws Exception {
        ClusterContext c = ClusterContext.resolve(kubeconfig("https://127.0.0.1:1", "t0ken-abc"), null, null);
        assertEquals("one", c.name());
        assertEquals("shop", c.namespace());
        assertEquals("default", ClusterContext.resolve(dir.resolve("config"), "two", null).namespace());
        assertEquals("other", ClusterContext.resolve(dir.resolve("config"), "two", "other").namespace());
        assertEquals(java.util.List.of("one", "two"), ClusterContext.contextNames(dir.resolve("config")));
    }

    @Test
    void anUnknownContextNamesTheOnesThereAre() throws Exception {
        Path f = kubeconfig("https://127.0.0.1:1", "t0ken-abc");
        RemoteException e = assertThrows(RemoteException.class, () -> ClusterContext.resolve(f, "prod", null));
        assertEquals("no context 'prod' in the kubeconfig " + f + "; its contexts: one, two", e.getMessage());
    }

    @Test
    void aMissingOrBrokenKubeconfigSaysWhatToDo() throws Exception {
        RemoteException missing = assertThrows(RemoteException.class, () -> ClusterContext.resolve(dir.resolve("nope"), "x", null));
        assertEquals("no kubeconfig file at " + dir.resolve("nope") + "; give --kubeconfig the path of one", missing.getMessage());
        Path broken = dir.resolve("broken");
        Files.writeString(broken, "clusters: [\n");
        RemoteException bad = assertThrows(RemoteException.class, () -> ClusterContext.resolve(broken, "x", null));
        assertTrue(bad.getMessage().startsWith("cannot read the kubeconfig " + broken + " ("), bad.getMessage());
    }

    @Test
    void anUnreachableServerIsNamedWithItsContextAndTheTokenIsNeverPrinted() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        ClusterContext c = ClusterContext.resolve(kubeconfig("https://127.0.0.1:" + port, "t0ken-abc"), "one", null);
        long t = System.nanoTime();
        RemoteException e;
        try (var client = c.connect()) {
            e = assertThrows(RemoteException.class, () -> new ClusterSync(c, client).diff(
                    DesignIO.parse("d.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"),
                    new ClusterSync.Options("d", false, false, false)));
        }
        assertTrue(e.getMessage().startsWith("cannot reach the API server https://127.0.0.1:" + port + "/ of context 'one' ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("is the cluster running? `kubectl --context one cluster-info` checks the same"), e.getMessage());
        assertFalse(e.getMessage().contains("t0ken-abc"));
        assertTrue(System.nanoTime() - t < 15_000_000_000L, "fails fast, without fabric8's retries");
    }

    @Test
    void credentialsTheServerRefusesAreReportedWithoutTheToken() throws Exception {
        try (ApplyingCrudServer server = new ApplyingCrudServer()) {
            ClusterContext c = ClusterContext.resolve(server.kubeconfig(dir), "mock", null);
            String m = c.failure("list pods", new io.fabric8.kubernetes.client.KubernetesClientException(
                    "Unauthorized: token " + ApplyingCrudServer.TOKEN + " rejected", 401, null)).getMessage();
            assertEquals("the API server of context 'mock' did not accept its credentials (401 Unauthorized) to list pods;"
                    + " log in again or refresh the user of this context in the kubeconfig", m);
            String other = c.failure("list pods", new io.fabric8.kubernetes.client.KubernetesClientException(
                    "echoed " + ApplyingCrudServer.TOKEN, 500, null)).getMessage();
            assertFalse(other.contains(ApplyingCrudServer.TOKEN), other);
            assertTrue(other.contains("***"), other);
        }
    }
}
