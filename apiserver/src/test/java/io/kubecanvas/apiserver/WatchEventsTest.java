package io.kubecanvas.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a watch sees of writes among many objects of one resource: each create, change and delete once, in
 * order, with rising resource versions, and nothing for the objects the writes did not touch; a list after
 * them serves exactly the objects that are left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WatchEventsTest {
    private ServedSeed served;
    private EmulatedCluster cluster;
    private Credentials creds;
    private ApiServer api;
    private HttpClient http;

    @BeforeAll
    void start() throws Exception {
        served = ServedSeed.start("watch");
        cluster = served.cluster();
        creds = served.creds();
        api = served.api();
        http = served.http();
    }

    @AfterAll
    void stop() {
        if (served != null) {
            served.close();
        }
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.url() + path)).header("Authorization", "Bearer " + creds.token());
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void eachWriteIsOneEventInOrderAndTheListIsWhatIsLeft() throws Exception {
        String base = "/api/v1/namespaces/default/configmaps";
        for (int i = 0; i < 30; i++) {
            assertEquals(201, send("POST", base, "application/json", "{\"metadata\":{\"name\":\"cm-" + i + "\"},\"data\":{\"n\":\"" + i
                    + "\"}}").statusCode());
        }
        long from = api.resourceVersion();
        BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        HttpResponse<InputStream> watch = http.send(HttpRequest.newBuilder(URI.create(api.url() + base + "?watch=true&resourceVersion="
                + from)).header("Authorization", "Bearer " + creds.token()).build(), HttpResponse.BodyHandlers.ofInputStream());
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(watch.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    events.add(ObjectRenderer.MAPPER.readTree(line));
                }
            } catch (Exception e) {
                // closed at the end
            }
        });
        reader.setDaemon(true);
        reader.start();
        // One new object sorting first, one in the middle, one last; a change; two deletes.
        assertEquals(201, send("POST", base, "application/json", "{\"metadata\":{\"name\":\"a-first\"}}").statusCode());
        assertEquals(201, send("POST", base, "application/json", "{\"metadata\":{\"name\":\"cm-15x\"}}").statusCode());
        assertEquals(201, send("POST", base, "application/json", "{\"metadata\":{\"name\":\"z-last\"}}").statusCode());
        assertEquals(200, send("PATCH", base + "/cm-7", "application/merge-patch+json", "{\"data\":{\"n\":\"seven\"}}").statusCode());
        assertEquals(200, send("DELETE", base + "/cm-0", null, null).statusCode());
        assertEquals(200, send("DELETE", base + "/z-last", null, null).statusCode());
        List<String> seen = new ArrayList<>();
        long rv = from;
        for (int i = 0; i < 6; i++) {
            JsonNode e = events.poll(10, TimeUnit.SECONDS);
            assertNotNull(e, "event " + (i + 1) + " of 6; so far " + seen);
            long erv = Long.parseLong(e.path("object").path("metadata").path("resourceVersion").asText());
            assertTrue(erv > rv, "resource versions rise: " + seen + " then " + e);
            rv = erv;
            seen.add(e.path("type").asText() + " " + e.path("object").path("metadata").path("name").asText());
        }
        assertEquals(List.of("ADDED a-first", "ADDED cm-15x", "ADDED z-last", "MODIFIED cm-7", "DELETED cm-0", "DELETED z-last"), seen);
        JsonNode extra = events.poll(300, TimeUnit.MILLISECONDS);
        assertTrue(extra == null, "no event for the objects the writes did not touch: " + extra);
        watch.body().close();

        JsonNode list = ObjectRenderer.MAPPER.readTree(send("GET", base, null, null).body());
        List<String> names = new ArrayList<>();
        list.path("items").forEach(o -> names.add(o.path("metadata").path("name").asText()));
        assertEquals(31, names.size(), names.toString());
        assertTrue(names.contains("a-first") && names.contains("cm-15x") && !names.contains("cm-0") && !names.contains("z-last"),
                names.toString());
        assertEquals(names.stream().sorted().toList(), names, "listed in name order");
        JsonNode seven = ObjectRenderer.MAPPER.readTree(send("GET", base + "/cm-7", null, null).body());
        assertEquals("seven", seven.path("data").path("n").asText());
    }
}
