package io.kubecanvas.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * fabric8's mock API server in CRUD mode (objects are stored, listed by label, got and deleted), taught the two
 * things kubecanvas needs that CRUD mode lacks: server-side apply ({@code PATCH} with
 * {@code application/apply-patch+yaml}: create when missing, else merge, and an Apply entry for the field
 * manager in managedFields, with list items keyed by name or port as a real server keys them) and
 * {@code dryRun=All} (the answer is computed, nothing is stored).
 *
 * <p>What it does not do, unlike a real API server: defaulting, admission, validation beyond identity, removing
 * fields a manager applied before and no longer applies, conflicts between managers. Tests that need those
 * run against a real server.
 */
public final class ApplyingCrudServer implements AutoCloseable {
    public static final String TOKEN = "s3cr3t-token-never-printed";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The mock server logs every request at INFO; held here so the level sticks. */
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        QUIET.setLevel(java.util.logging.Level.WARNING);
    }
    private final KubernetesMockServer server;
    private final ApplyingDispatcher dispatcher = new ApplyingDispatcher();

    public ApplyingCrudServer() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, true);
        server.init();
    }

    public String url() {
        return server.url("/").replaceAll("/$", "");
    }

    /** A kubeconfig with one context, {@code mock}, for this server (a bearer token, the test CA skipped). */
    public Path kubeconfig(Path dir) throws IOException {
        Path f = dir.resolve("kubeconfig");
        Files.writeString(f, """
                apiVersion: v1
                kind: Config
                current-context: mock
                clusters:
                - name: mock
                  cluster:
                    server: %s
                    insecure-skip-tls-verify: true
                users:
                - name: tester
                  user:
                    token: %s
                contexts:
                - name: mock
                  context:
                    cluster: mock
                    user: tester
                    namespace: default
                """.formatted(url(), TOKEN));
        return f;
    }

    /** Forgets every object (a TLS server is slow to start; tests share one and reset it). */
    public void reset() {
        server.reset();
        dispatcher.namespacedOnly = false;
    }

    /** From now on lists across all namespaces answer 403, as for a user bound by namespaced Roles only. */
    public void allowNamespacedListsOnly() {
        dispatcher.namespacedOnly = true;
    }

    @Override
    public void close() {
        server.destroy();
    }

    private static final class ApplyingDispatcher extends KubernetesCrudDispatcher {
        volatile boolean namespacedOnly;

        @Override
        public MockResponse handleGet(String path) {
            String p = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
            if (namespacedOnly && !p.contains("/namespaces/") && !p.matches("/api/v1/namespaces(/[^/]+)?") && p.matches("/apis?/.*")
                    && p.split("/").length <= (p.startsWith("/api/") ? 4 : 5)) {
                return status(403, "Forbidden", "cannot list resource at the cluster scope");
            }
            return super.handleGet(path);
        }
        @Override
        public MockResponse handlePatch(RecordedRequest request) {
            String type = request.getHeader("Content-Type");
            if (type == null || !type.startsWith("application/apply-patch")) {
                return super.handlePatch(request);
            }
            synchronized (this) {
                try {
                    return apply(request);
                } catch (IOException e) {
                    return new MockResponse().setResponseCode(400).setBody(e.getMessage());
                }
            }
        }

        private MockResponse apply(RecordedRequest request) throws IOException {
            String full = request.getPath();
            int q = full.indexOf('?');
            String path = q < 0 ? full : full.substring(0, q);
            Map<String, String> query = query(q < 0 ? "" : full.substring(q + 1));
            String manager = query.get("fieldManager");
            if (manager == null || manager.isEmpty()) {
                return status(400, "BadRequest", "PATCH is not supported for apply requests without fieldManager");
            }
            boolean dryRun = "All".equals(query.get("dryRun"));
            ObjectNode applied = (ObjectNode) JSON.readTree(request.getBody().readUtf8());
            MockResponse current = handleGet(path);
            ObjectNode entry = JSON.createObjectNode().put("manager", manager).put("operation", "Apply")
                    .put("apiVersion", applied.path("apiVersion").asText()).put("fieldsType", "FieldsV1");
            entry.set("fieldsV1", fieldSet(stripIdentity(applied.deepCopy())));
            if (current.code() == 404) {
                ObjectNode created = applied.deepCopy();
                ((ObjectNode) created.with("metadata")).set("managedFields", JSON.createArrayNode().add(entry));
                if (dryRun) {
                    ((ObjectNode) created.get("metadata")).put("uid", "dry-run").put("resourceVersion", "0");
                    return new MockResponse().setResponseCode(201).setBody(JSON.writeValueAsString(created));
                }
                String collection = path.substring(0, path.lastIndexOf('/'));
                return handleCreate(request(HttpMethod.POST, collection, created));
            }
            ObjectNode live = (ObjectNode) JSON.readTree(current.getBody().readUtf8());
            ObjectNode merged = merge(live.deepCopy(), stripManaged(applied));
            ArrayNode fields = JSON.createArrayNode();
            for (JsonNode e : live.path("metadata").path("managedFields")) {
                if (!manager.equals(e.path("manager").asText()) || !"Apply".equals(e.path("operation").asText())) {
                    fields.add(e);
                }
            }
            fields.add(entry);
            ((ObjectNode) merged.get("metadata")).set("managedFields", fields);
            if (dryRun) {
                return new MockResponse().setResponseCode(200).setBody(JSON.writeValueAsString(merged));
            }
            ((ObjectNode) merged.get("metadata")).put("resourceVersion", live.path("metadata").path("resourceVersion").asText());
            return handleUpdate(request(HttpMethod.PUT, path, merged));
        }

        /** Maps merge key by key; lists and scalars are replaced (one manager: its lists are its own). */
        private static ObjectNode merge(ObjectNode into, ObjectNode from) {
            for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue() instanceof ObjectNode o && into.get(e.getKey()) instanceof ObjectNode target) {
                    merge(target, o);
                } else {
                    into.set(e.getKey(), e.getValue().deepCopy());
                }
            }
            return into;
        }

        private static ObjectNode stripManaged(ObjectNode o) {
            ObjectNode c = o.deepCopy();
            if (c.get("metadata") instanceof ObjectNode m) {
                m.remove("managedFields");
            }
            return c;
        }

        private static ObjectNode stripIdentity(ObjectNode o) {
            o.remove("apiVersion");
            o.remove("kind");
            if (o.get("metadata") instanceof ObjectNode m) {
                m.remove("namespace");
            }
            return o;
        }

        /** FieldsV1 as an API server writes it: f:key for fields, k:{...} for list items keyed by name or port. */
        private static JsonNode fieldSet(JsonNode value) {
            ObjectNode set = JSON.createObjectNode();
            if (value instanceof ObjectNode o) {
                if (o.isEmpty()) {
                    return set;
                }
                set.set(".", JSON.createObjectNode());
                for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    set.set("f:" + e.getKey(), fieldSet(e.getValue()));
                }
            } else if (value instanceof ArrayNode a) {
                for (JsonNode item : a) {
                    ObjectNode key = listKey(item);
                    if (key == null) {
                        return JSON.createObjectNode(); // an atomic list: owned as a whole
                    }
                    set.set("k:" + key, fieldSet(item));
                }
            }
            return set;
        }

        private static ObjectNode listKey(JsonNode item) {
            if (!(item instanceof ObjectNode o)) {
                return null;
            }
            ObjectNode key = JSON.createObjectNode();
            for (String k : new String[] {"containerPort", "port"}) {
                if (o.has(k)) {
                    key.set(k, o.get(k));
                    if (o.has("protocol")) {
                        key.set("protocol", o.get("protocol"));
                    }
                    return key;
                }
            }
            for (String k : new String[] {"name", "mountPath", "type"}) {
                if (o.has(k)) {
                    return key.set(k, o.get(k));
                }
            }
            return null;
        }

        private static RecordedRequest request(HttpMethod method, String path, JsonNode body) throws IOException {
            return new RecordedRequest("HTTP/1.1", method, path, Headers.builder().add("Content-Type", "application/json").build(),
                    new Buffer(JSON.writeValueAsBytes(body)));
        }

        private static MockResponse status(int code, String reason, String message) {
            return new MockResponse().setResponseCode(code).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                    + "\"reason\":\"" + reason + "\",\"message\":\"" + message + "\",\"code\":" + code + "}");
        }

        private static Map<String, String> query(String q) {
            Map<String, String> out = new HashMap<>();
            for (String part : q.split("&")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    out.put(part.substring(0, eq), java.net.URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return out;
        }
    }
}
