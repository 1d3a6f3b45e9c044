package io.kubecanvas.apiserver;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubecanvas.model.ObjectKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may talk to the server and how: TLS with the cluster's CA, the token or the admin certificate on every
 * request (anonymous ones get 401), nothing on any address but 127.0.0.1, and the token in no log line.
 * fabric8's client works with the kubeconfig {@code kubecanvas kubeconfig} prints.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiServerAccessTest {
    private ServedSeed served;
    private EmulatedCluster cluster;
    private Credentials creds;
    private ApiServer api;
    private final List<String> logged = Collections.synchronizedList(new java.util.ArrayList<>());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r.getMessage() + (r.getThrown() == null ? "" : " " + r.getThrown()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    void start() {
        Logger.getLogger("io.kubecanvas.apiserver").addHandler(capture);
        Logger.getLogger("io.kubecanvas.apiserver").setLevel(java.util.logging.Level.ALL);
        served = ServedSeed.start("access");
        cluster = served.cluster();
        creds = served.creds();
        api = served.api();
    }

    @AfterAll
    void stop() {
        Logger.getLogger("io.kubecanvas.apiserver").removeHandler(capture);
        served.close();
    }

    private HttpClient trusting() throws Exception {
        java.security.KeyStore ts = creds.trustStore();
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ctx).build();
    }

    @Test
    void anonymousRequestsAreRefused() throws Exception {
        HttpResponse<String> r = trusting().send(HttpRequest.newBuilder(URI.create(api.url() + "/api/v1/pods")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode());
        assertTrue(r.body().contains("\"reason\":\"Unauthorized\""), r.body());
        HttpResponse<String> wrong = trusting().send(HttpRequest.newBuilder(URI.create(api.url() + "/version"))
                .header("Authorization", "Bearer not-the-token").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, wrong.statusCode());
    }

    @Test
    void theTokenOpensTheApiAndIsNeverLogged() throws Exception {
        HttpResponse<String> r = trusting().send(HttpRequest.newBuilder(URI.create(api.url() + "/api/v1/namespaces/default/pods"))
                .header("Authorization", "Bearer " + creds.token()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.body().startsWith("{\"kind\":\"PodList\""), r.body());
        // A request that fails inside the server is logged: without its headers.
        trusting().send(HttpRequest.newBuilder(URI.create(api.url() + "/api/v1/namespaces/default/pods/nope"))
                .header("Authorization", "Bearer " + creds.token()).build(), HttpResponse.BodyHandlers.ofString());
        assertFalse(logged.stream().anyMatch(l -> l.contains(creds.token())), "the token appears in a log line");
        assertFalse(creds.toString().contains(creds.token()));
    }

    @Test
    void malformedBodiesGetABadRequestThatSaysWhere() throws Exception {
        HttpResponse<String> r = trusting().send(HttpRequest.newBuilder(URI.create(api.url() + "/api/v1/namespaces/default/configmaps"))
                .header("Authorization", "Bearer " + creds.token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"kind\": \"ConfigMap\",\n \"metadata\": {\"name\": x}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("\"reason\":\"BadRequest\"") && r.body().contains("line 2, column"), r.body());
        HttpResponse<String> unknown = trusting().send(HttpRequest.newBuilder(URI.create(api.url() + "/apis/example.com/v1/namespaces/default/widgets"))
                .header("Authorization", "Bearer " + creds.token()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("the server could not find the requested resource"), unknown.body());
    }

    @Test
    void onlyLoopbackListens() throws Exception {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (a.isLoopbackAddress() || a.isLinkLocalAddress()) {
                    continue;
                }
                try (Socket s = new Socket()) {
                    assertThrows(ConnectException.class, () -> s.connect(new InetSocketAddress(a, api.port()), 1000),
                            "the API answers on " + a);
                }
            }
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", api.port()), 1000);
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void aClientCertificateOfAnotherClusterIsRefused() throws Exception {
        Credentials other = Credentials.generate("other");
        Path dir = java.nio.file.Files.createTempDirectory("kc-other");
        java.nio.file.Files.writeString(dir.resolve("kubeconfig"), Kubeconfig.render("other", api.url(), other, false));
        Config config = Config.fromKubeconfig(java.nio.file.Files.readString(dir.resolve("kubeconfig")));
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            Exception e = assertThrows(Exception.class, () -> client.pods().inNamespace("default").list());
            assertTrue(chain(e).contains("SSLHandshake") || chain(e).contains("certificate") || chain(e).contains("401")
                    || chain(e).contains("PKIX"), chain(e));
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void fabric8WorksWithThePrintedKubeconfig() {
        Config config = Config.fromKubeconfig(served.kubeconfig());
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            List<Pod> pods = client.pods().inNamespace("default").withLabel("app", "web-app").list().getItems();
            assertEquals(2, pods.size());
            assertNotNull(pods.get(0).getStatus().getPodIP());
            client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("from-fabric8")
                    .endMetadata().addToData("k", "v").build()).create();
            assertNotNull(cluster.design().find(new ObjectKey("ConfigMap", "default", "from-fabric8")));
            AtomicReference<String> seen = new AtomicReference<>();
            try (var w = client.apps().deployments().inNamespace("default").withName("web-deployment").watch(new io.fabric8.kubernetes.client.Watcher<>() {
                @Override
                public void eventReceived(Action action, io.fabric8.kubernetes.api.model.apps.Deployment d) {
                    if (d.getSpec().getReplicas() == 3) {
                        seen.set(action.name());
                    }
                }

                @Override
                public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
                }
            })) {
                client.apps().deployments().inNamespace("default").withName("web-deployment").scale(3);
                long deadline = System.currentTimeMillis() + 10_000;
                while (seen.get() == null && System.currentTimeMillis() < deadline) {
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertEquals("MODIFIED", seen.get(), "the watch sees the scale");
        }
        Config tokenConfig = Config.fromKubeconfig(Kubeconfig.render("access", api.url(), creds, true));
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(tokenConfig).build()) {
            assertEquals(3, client.nodes().list().getItems().size());
        }
    }

    private static String chain(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable x = t; x != null; x = x.getCause()) {
            b.append(x.getClass().getSimpleName()).append(": ").append(x.getMessage()).append(" / ");
        }
        return b.toString();
    }
}
