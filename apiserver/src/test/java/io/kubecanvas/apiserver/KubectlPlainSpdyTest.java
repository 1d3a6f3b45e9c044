package io.kubecanvas.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

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
 * kubectl's plain SPDY/3.1 path for exec (what it takes with KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false, and what
 * kubectl 1.29 and older take by default): the command runs as over WebSocket, its output and exit code come
 * back. attach is not served either way; a request that is no upgrade at all gets a Status that says so.
 * (Port-forward over plain SPDY: {@link KubectlPortForwardTest}.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlPlainSpdyTest {
    private ServedSeed served;
    private EmulatedCluster cluster;
    private Credentials creds;
    private ApiServer api;
    private Kubectl kubectl;
    private String pod;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        served = ServedSeed.start("spdy");
        cluster = served.cluster();
        creds = served.creds();
        api = served.api();
        kubectl = new Kubectl(tmp, served.kubeconfig());
        pod = kubectl.ok("get", "pods", "-l", "app=web-app", "-o", "jsonpath={.items[0].metadata.name}");
    }

    @AfterAll
    void stop() {
        if (served != null) {
            served.close();
        }
    }

    private static final Map<String, String> SPDY = Map.of("KUBECTL_REMOTE_COMMAND_WEBSOCKETS", "false");

    @Test
    void execOverPlainSpdyRunsTheCommand() {
        Kubectl.Result spdy = kubectl.withEnv(SPDY, null, "exec", pod, "--", "nslookup", "kubernetes.default");
        assertEquals(0, spdy.code(), spdy.all());
        assertTrue(spdy.out().contains("Name:\tkubernetes.default.svc.cluster.local") && spdy.out().contains("Address: 10.96.0.1"),
                spdy.out());
        // The same as over WebSocket (kubectl's default).
        Kubectl.Result ws = kubectl.run("exec", pod, "--", "nslookup", "kubernetes.default");
        assertEquals(0, ws.code(), ws.all());
        assertEquals(ws.out(), spdy.out());
    }

    @Test
    void execOverPlainSpdyGivesTheExitCodeAndStderr() {
        Kubectl.Result failed = kubectl.withEnv(SPDY, null, "exec", pod, "--", "wget", "-qO-", "-T", "1", "http://nope.default.svc:80/");
        assertEquals(1, failed.code(), failed.all());
        assertTrue(failed.err().contains("command terminated with exit code 1"), failed.err());
        Kubectl.Result ws = kubectl.run("exec", pod, "--", "wget", "-qO-", "-T", "1", "http://nope.default.svc:80/");
        assertEquals(ws.err().replace("command terminated with exit code 1", "").strip(),
                failed.err().replace("command terminated with exit code 1", "").strip(), "stderr as over WebSocket");
    }

    @Test
    void attachIsRefusedOverPlainSpdyToo() {
        Kubectl.Result spdy = kubectl.withEnv(SPDY, null, "attach", pod);
        assertNotEquals(0, spdy.code(), spdy.all());
        assertTrue(spdy.all().contains("attach is not supported by the emulator; use kubectl exec or kubectl logs -f"), spdy.all());
    }

    @Test
    void anyOtherClientGetsTheStatusObject() throws Exception {
        HttpClient http = served.http();
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
