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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two OpenAPI documents: {@code kubectl explain} (and any client that is not a kubectl write) gets the
 * kinds' schemas; the other kubectl commands, which kubectl 1.32 parse once per object, get each resource's
 * PATCH operation only, under URLs of their own so one kubectl cache holds both. kubectl still finds the
 * {@code fieldValidation} parameter there and leaves strict validation to this server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiVariantsTest {
    private ServedSeed served;
    private EmulatedCluster cluster;
    private Credentials creds;
    private ApiServer api;
    private Kubectl kubectl;
    private HttpClient http;
    private Path dir;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        served = ServedSeed.start("openapi");
        cluster = served.cluster();
        creds = served.creds();
        api = served.api();
        kubectl = new Kubectl(dir, served.kubeconfig());
        http = served.http();
    }

    @AfterAll
    void stop() {
        if (served != null) {
            served.close();
        }
    }

    private JsonNode get(String path, String kubectlCommand) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.url() + path)).header("Authorization", "Bearer " + creds.token());
        if (kubectlCommand != null) {
            b.header("Kubectl-Command", kubectlCommand);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return ObjectRenderer.MAPPER.readTree(r.body());
    }

    @Test
    void kubectlWritesGetThePatchOperationsAndExplainGetsTheSchemas() throws Exception {
        String fullUrl = get("/openapi/v3", null).path("paths").path("api/v1").path("serverRelativeURL").asText();
        String explainUrl = get("/openapi/v3", "kubectl explain").path("paths").path("api/v1").path("serverRelativeURL").asText();
        String writesUrl = get("/openapi/v3", "kubectl apply").path("paths").path("api/v1").path("serverRelativeURL").asText();
        assertEquals(fullUrl, explainUrl);
        assertNotEquals(fullUrl, writesUrl, "each document has a URL (hash) of its own, so caches keep them apart");

        JsonNode full = get(fullUrl, null);
        assertTrue(full.path("components").path("schemas").has("io.k8s.api.core.v1.PodSpec"));
        // The hash names the document, whoever asks: kubectl's cache may hand either URL to any command.
        JsonNode writes = get(writesUrl, "kubectl explain");
        assertFalse(writes.has("components"), "no schemas in the document kubectl parses per object");
        JsonNode patch = writes.path("paths").path("/api/v1/namespaces/{namespace}/configmaps/{name}").path("patch");
        assertEquals("ConfigMap", patch.path("x-kubernetes-group-version-kind").path("kind").asText());
        boolean fieldValidation = false;
        for (JsonNode p : patch.path("parameters")) {
            fieldValidation |= p.path("name").asText().equals("fieldValidation") && p.path("in").asText().equals("query");
        }
        assertTrue(fieldValidation, patch.toString());
        assertFalse(patch.path("requestBody").path("content").has("application/strategic-merge-patch+json"),
                "kubectl keeps computing strategic merge patches from its own types");
        for (Iterator<Map.Entry<String, JsonNode>> it = writes.path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            assertEquals(1, e.getValue().size(), e.getKey() + " has only its PATCH operation: " + e.getValue());
        }
        int fullSize = full.toString().length();
        int writesSize = writes.toString().length();
        assertTrue(writesSize * 5 < fullSize, "the writes document (" + writesSize + " bytes) is a fraction of the full one ("
                + fullSize + " bytes)");
    }

    @Test
    void explainAndStrictApplyShareOneKubectlCache() throws Exception {
        assertTrue(kubectl.ok("explain", "deployment.spec.replicas").contains("How many Pods of the template should run"));
        Path bad = dir.resolve("bad-configmap.yaml");
        Files.writeString(bad, """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: strict
                data:
                  a: "1"
                dataz:
                  b: "2"
                """);
        Kubectl.Result strict = kubectl.run("apply", "-f", bad.toString());
        assertNotEquals(0, strict.code(), strict.all());
        assertTrue(strict.err().contains("Error from server (BadRequest)") && strict.err().contains("unknown field \"dataz\""),
                "kubectl found fieldValidation in the writes document and left validation to the server: " + strict.err());
        Files.writeString(bad, Files.readString(bad).replace("dataz:\n  b: \"2\"\n", ""));
        assertTrue(kubectl.ok("apply", "-f", bad.toString()).contains("configmap/strict created"));
        assertNotNull(cluster.design().find(new io.kubecanvas.model.ObjectKey("ConfigMap", "default", "strict")));
        // After the writes, from the same cache: explain still gets the schemas with their descriptions.
        String svc = kubectl.ok("explain", "service.spec.type");
        assertTrue(svc.contains("ClusterIP (default"), svc);
        assertTrue(kubectl.ok("explain", "configmap").contains("A ConfigMap holds configuration data"));
    }
}
