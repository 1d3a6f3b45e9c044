package io.kubecanvas.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubecanvas.model.DesignIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kubectl's plain SPDY path for exec and attach (what it takes when told not to use WebSocket, or when it is
 * older than 1.30): this server streams them over WebSocket only, and answers with a 400 Status that kubectl
 * prints, naming the variable that makes kubectl use WebSocket. Without the variable the same commands work.
 * (Port-forward over plain SPDY is served: {@link KubectlPortForwardTest}.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlSpdyFallbackTest {
    private EmulatedCluster cluster;
    private Credentials creds;
    private ApiServer api;
    private Kubectl kubectl;
    private String pod;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        Path complete = Path.of(System.getProperty("kubecanvas.shared", "../../shared"), "examples/seed/complete.yaml");
        cluster = EmulatedCluster.sim("spdy", DesignIO.load(complete).design());
        creds = Credentials.generate("spdy");
        api = ApiServer.start(cluster, creds, 0);
        kubectl = new Kubectl(tmp, Kubeconfig.render("spdy", api.url(), creds, false));
        pod = kubectl.ok("get", "pods", "-l", "app=web-app", "-o", "jsonpath={.items[0].metadata.name}");
    }

    @AfterAll
    void stop() {
        if (api != null) {
            api.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void execOverSpdyIsRefusedWithTheVariableToUnset() {
        Kubectl.Result spdy = kubectl.withEnv(Map.of("KUBECTL_REMOTE_COMMAND_WEBSOCKETS", "false"), null,
                "exec", pod, "--", "nslookup", "kubernetes.default");
        assertNotEquals(0, spdy.code(), spdy.all());
        assertTrue(spdy.err().contains("Error from server (BadRequest): Upgrade request required: this server streams exec over"
                + " WebSocket only"), spdy.err());
        assertTrue(spdy.err().contains("asked for a plain SPDY/3.1 upgrade"), spdy.err());
        assertTrue(spdy.err().contains("unless KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false: unset it"), spdy.err());
        // The same command over WebSocket (kubectl's default) runs.
        Kubectl.Result ws = kubectl.run("exec", pod, "--", "nslookup", "kubernetes.default");
        assertEquals(0, ws.code(), ws.all());
        assertTrue(ws.out().contains("10.96.0.1"), ws.out());
    }

    @Test
    void attachOverSpdyIsRefusedTheSameWay() {
        Kubectl.Result spdy = kubectl.withEnv(Map.of("KUBECTL_REMOTE_COMMAND_WEBSOCKETS", "false"), null, "attach", pod);
        assertNotEquals(0, spdy.code(), spdy.all());
        assertTrue(spdy.all().contains("KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false: unset it"), spdy.all());
    }

    @Test
    void anyOtherClientGetsTheStatusObject() throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(creds.trustStore());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        HttpClient http = HttpClient.newBuilder().sslContext(ctx).version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api.url() + "/api/v1/namespaces/default/pods/" + pod
                        + "/exec?command=ls&stdout=true")).header("Authorization", "Bearer " + creds.token())
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode());
        JsonNode status = ObjectRenderer.MAPPER.readTree(r.body());
        assertEquals("Status", status.path("kind").asText());
        assertEquals("BadRequest", status.path("reason").asText());
        assertTrue(status.path("message").asText().contains("this request asked for no upgrade"), r.body());
    }
}
