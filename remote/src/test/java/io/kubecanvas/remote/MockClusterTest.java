package io.kubecanvas.remote;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** A test against fabric8's mock server in CRUD mode (taught server-side apply), emptied before each test. */
abstract class MockClusterTest {
    @TempDir
    Path dir;
    static ApplyingCrudServer server;
    ClusterContext context;
    KubernetesClient client;

    @BeforeAll
    static void startServer() {
        server = new ApplyingCrudServer();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void start() throws Exception {
        server.reset();
        context = ClusterContext.resolve(server.kubeconfig(dir), "mock", null);
        client = context.connect();
    }

    @AfterEach
    void stop() {
        client.close();
    }
}
