package io.kubecanvas.apiserver;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.LabelSelector;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Routes every request of the API: authentication first (bearer token or a client certificate of the
 * cluster's CA; nothing is served anonymously), then discovery, OpenAPI, reads, watches and writes, and
 * the Pod streams ({@link PodStreams}). Every failure is a {@code Status} object. Logs never carry headers,
 * so the token is never written anywhere.
 */
final class ApiHandler extends Handler.Abstract {
    private static final Logger LOG = Logger.getLogger(ApiHandler.class.getName());
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final int MAX_BODY = 3 * 1024 * 1024;

    private final ClusterAccess cluster;
    private final Credentials credentials;
    private final ServedObjects served;
    private final Writes writes;
    private final PodStreams streams;
    private final OpenApi openApi = new OpenApi();
    private volatile String serverAddress = "127.0.0.1:6443";

    ApiHandler(ClusterAccess cluster, Credentials credentials, ServedObjects served, Writes writes, PodStreams streams) {
        this.cluster = cluster;
        this.credentials = credentials;
        this.served = served;
        this.writes = writes;
        this.streams = streams;
    }

    void serverAddress(String address) {
        this.serverAddress = address;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        String path = request.getHttpURI().getDecodedPath();
        try {
            if (!authenticated(request)) {
                throw new ApiException(401, "Unauthorized", "Unauthorized", null, null, null, List.of());
            }
            route(method, path, request, response, callback);
        } catch (ApiException e) {
            LOG.fine(() -> method + " " + path + " -> " + e.code() + " " + e.reason());
            sendJson(response, callback, e.code(), e.status(), "application/json", List.of());
        } catch (RuntimeException | IOException e) {
            LOG.log(Level.WARNING, method + " " + path + " failed", e);
            ApiException ie = new ApiException(500, "InternalError", "Internal error occurred: " + e, null, null, null, List.of());
            sendJson(response, callback, 500, ie.status(), "application/json", List.of());
        }
        return true;
    }

    private boolean authenticated(Request request) {
        String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return credentials.tokenMatches(auth.substring(7).strip());
        }
        Object ssl = request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
        if (ssl instanceof EndPoint.SslSessionData data) {
            X509Certificate[] chain = data.peerCertificates();
            return credentials.clientCertificateValid(chain);
        }
        return false;
    }

    // ---- routing ---------------------------------------------------------------------------------

    private void route(String method, String path, Request request, Response response, Callback callback) throws IOException {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String accept = request.getHeaders().get(HttpHeader.ACCEPT);
        ResourceCatalog catalog = served.snapshot().catalog();
        switch (p) {
            case "/version" -> {
                sendJson(response, callback, 200, Discovery.version(), "application/json", List.of());
                return;
            }
            case "/healthz", "/livez", "/readyz" -> {
                sendText(response, callback, 200, "ok");
                return;
            }
            case "/api", "/apis" -> {
                boolean core = p.equals("/api");
                String v = discoveryVersion(accept);
                if (v != null) {
                    sendJson(response, callback, 200, Discovery.aggregated(catalog, core, "apidiscovery.k8s.io/" + v),
                            v.equals("v2") ? Discovery.AGGREGATED_V2 : Discovery.AGGREGATED_V2BETA1, List.of());
                } else {
                    sendJson(response, callback, 200, core ? Discovery.apiVersions(serverAddress) : Discovery.groupList(catalog),
                            "application/json", List.of());
                }
                return;
            }
            case "/openapi/v3" -> {
                sendBytes(response, callback, 200, openApi.root(catalog, OpenApi.Variant.forCommand(
                        request.getHeaders().get("Kubectl-Command"))), "application/json", List.of());
                return;
            }
            case "/openapi/v2" -> throw new ApiException(404, "NotFound", "OpenAPI v2 is not served; this server publishes"
                    + " OpenAPI v3 at /openapi/v3", null, null, null, List.of());
            default -> {
            }
        }
        if (p.startsWith("/openapi/v3/")) {
            OpenApi.Encoded doc = openApi.groupVersion(catalog, p.substring("/openapi/v3/".length()),
                    Request.extractQueryParameters(request).getValue("hash"),
                    OpenApi.Variant.forCommand(request.getHeaders().get("Kubectl-Command")));
            if (doc == null) {
                throw ApiException.noSuchPath();
            }
            // A document's URL names its hash: what it serves never changes, so clients may keep it (as kube-apiserver says).
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "public, immutable");
            response.write(true, ByteBuffer.wrap(doc.bytes()), callback);
            return;
        }
        String[] seg = p.substring(1).split("/");
        String group;
        String version;
        int rest;
        if (seg[0].equals("api") && seg.length >= 2) {
            group = "";
            version = seg[1];
            rest = 2;
        } else if (seg[0].equals("apis") && seg.length >= 2) {
            group = seg[1];
            if (seg.length == 2) {
                List<String> versions = catalog.groups().get(group);
                if (versions == null) {
                    throw ApiException.noSuchPath();
                }
                sendJson(response, callback, 200, Discovery.group(group, versions), "application/json", List.of());
                return;
            }
            version = seg[2];
            rest = 3;
        } else {
            throw ApiException.noSuchPath();
        }
        if (catalog.inGroupVersion(group, version).isEmpty()) {
            throw ApiException.noSuchPath();
        }
        if (seg.length == rest) {
            sendJson(response, callback, 200, Discovery.resourceList(catalog, group, version), "application/json", List.of());
            return;
        }
        List<String> r = List.of(seg).subList(rest, seg.length);
        String ns = null;
        String plural;
        String name = null;
        String sub = null;
        if (r.get(0).equals("namespaces") && r.size() >= 3 && !(group.isEmpty() && r.size() == 3 && (r.get(2).equals("status")
                || r.get(2).equals("finalize")))) {
            ns = r.get(1);
            plural = r.get(2);
            name = r.size() > 3 ? r.get(3) : null;
            sub = r.size() > 4 ? r.get(4) : null;
            if (r.size() > 5) {
                throw ApiException.noSuchPath();
            }
        } else {
            plural = r.get(0);
            name = r.size() > 1 ? r.get(1) : null;
            sub = r.size() > 2 ? r.get(2) : null;
            if (r.size() > 3) {
                throw ApiException.noSuchPath();
            }
        }
        ResourceType t = catalog.byPath(group, version, plural);
        if (t == null || (ns != null && !t.namespaced())) {
            throw ApiException.noSuchPath();
        }
        if (t.namespaced() && ns == null && name != null) {
            throw ApiException.noSuchPath();
        }
        if (sub != null && !t.has(sub)) {
            throw ApiException.noSuchPath();
        }
        Fields q = Request.extractQueryParameters(request);
        resource(method, t, ns, name, sub, q, request, response, callback);
    }

    /** The apidiscovery version the client asks for first ("v2", "v2beta1"), or null for the legacy documents. */
    static String discoveryVersion(String accept) {
        if (accept == null) {
            return null;
        }
        for (String mediaType : accept.split(",")) {
            java.util.Map<String, String> params = new java.util.HashMap<>();
            for (String part : mediaType.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    params.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
                }
            }
            if ("apidiscovery.k8s.io".equals(params.get("g")) && "APIGroupDiscoveryList".equals(params.get("as"))
                    && ("v2".equals(params.get("v")) || "v2beta1".equals(params.get("v")))) {
                return params.get("v");
            }
            if (mediaType.strip().startsWith("application/json") && params.isEmpty()) {
                return null;
            }
        }
        return null;
    }

    private void resource(String method, ResourceType t, String ns, String name, String sub, Fields q, Request request,
                          Response response, Callback callback) throws IOException {
        String accept = request.getHeaders().get(HttpHeader.ACCEPT);
        boolean table = accept != null && accept.contains("as=Table");
        List<String> warnings = new ArrayList<>();
        Writes.Request rq = new Writes.Request(manager(q, request), ApiHandler.values(q, "dryRun").contains("All"),
                q.getValue("fieldValidation"), request.getHeaders().get("Kubectl-Command"),
                request.getHeaders().get("Kubectl-Session"), warnings);
        if (sub != null && (sub.equals("exec") || sub.equals("attach") || sub.equals("portforward"))) {
            streams.upgrade(t, ns, name, sub, q, request, response, callback);
            return;
        }
        if (t.kind().equals("SelfSubjectAccessReview") || t.kind().equals("SelfSubjectReview")) {
            if (!method.equals("POST")) {
                throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
            }
            sendJson(response, callback, 201, review(t, body(request)), "application/json", List.of());
            return;
        }
        boolean write = !method.equals("GET");
        if (write) {
            served.writing(true);
        }
        try {
            resourceMethod(method, t, ns, name, sub, q, request, response, callback, table, rq, warnings);
        } finally {
            if (write) {
                served.writing(false);
                served.refresh(cluster); // a change that came in during the write, from another source, is served too
            }
        }
    }

    private void resourceMethod(String method, ResourceType t, String ns, String name, String sub, Fields q, Request request,
                                Response response, Callback callback, boolean table, Writes.Request rq, List<String> warnings)
            throws IOException {
        switch (method) {
            case "GET" -> {
                if (name == null) {
                    if (isTrue(q.getValue("watch"))) {
                        watch(t, ns, null, q, table, request, response, callback);
                    } else {
                        list(t, ns, q, table, response, callback);
                    }
                    return;
                }
                if (sub == null) {
                    ServedObjects.Entry e = entry(t, ns, name);
                    if (table) {
                        sendBytes(response, callback, 200, Tables.table(t, List.of(e), served.snapshot().revision(),
                                q.getValue("includeObject"), true, null), "application/json", List.of());
                    } else {
                        sendBytes(response, callback, 200, e.json(), "application/json", List.of());
                    }
                    return;
                }
                switch (sub) {
                    case "status" -> sendBytes(response, callback, 200, entry(t, ns, name).json(), "application/json", List.of());
                    case "scale" -> sendJson(response, callback, 200, Writes.scaleOf(entry(t, ns, name)), "application/json", List.of());
                    case "log" -> streams.logs(entry(t, ns, name), q, request, response, callback);
                    default -> throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
                }
            }
            case "POST" -> {
                if (name != null) {
                    throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource ("
                            + t.plural() + (sub == null ? "" : "/" + sub) + ")");
                }
                ObjectNode created = writes.create(t, ns, body(request), rq);
                sendJson(response, callback, 201, created, "application/json", warnings);
            }
            case "PUT" -> {
                requireName(name);
                JsonNode b = body(request);
                ObjectNode out = "scale".equals(sub) ? writes.scale(t, ns, name, null, b, rq, false)
                        : "status".equals(sub) ? entry(t, ns, name).object : writes.update(t, ns, name, b, rq);
                sendJson(response, callback, 200, out, "application/json", warnings);
            }
            case "PATCH" -> {
                requireName(name);
                String ct = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
                JsonNode b = body(request);
                ObjectNode out;
                if ("scale".equals(sub)) {
                    out = writes.scale(t, ns, name, ct, b, rq, true);
                } else if ("status".equals(sub)) {
                    out = entry(t, ns, name).object; // the emulator writes status itself
                } else {
                    boolean existed = served.snapshot().get(t, t.namespaced() ? ns : "", name) != null;
                    out = writes.patch(t, ns, name, ct, b, rq, isTrue(q.getValue("force")));
                    if (!existed) {
                        sendJson(response, callback, 201, out, "application/json", warnings);
                        return;
                    }
                }
                sendJson(response, callback, 200, out, "application/json", warnings);
            }
            case "DELETE" -> {
                if (name == null) {
                    deleteCollection(t, ns, q, rq, response, callback);
                    return;
                }
                sendJson(response, callback, 200, writes.delete(t, ns, name, rq), "application/json", List.of());
            }
            default -> throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
    }

    private static void requireName(String name) {
        if (name == null) {
            throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
    }

    private ServedObjects.Entry entry(ResourceType t, String ns, String name) {
        ServedObjects.Entry e = served.snapshot().get(t, t.namespaced() ? ns : "", name);
        if (e == null) {
            throw ApiException.notFound(t, name);
        }
        return e;
    }

    private static String manager(Fields q, Request request) {
        String m = q.getValue("fieldManager");
        if (m != null && !m.isEmpty()) {
            return m;
        }
        String ua = request.getHeaders().get(HttpHeader.USER_AGENT);
        if (ua == null || ua.isBlank()) {
            return "unknown";
        }
        int slash = ua.indexOf('/');
        return slash > 0 ? ua.substring(0, slash) : ua.split(" ")[0];
    }

    /** All values of a query parameter, empty when absent. */
    static List<String> values(Fields q, String name) {
        List<String> v = q.getValues(name);
        return v == null ? List.of() : v;
    }

    private static boolean isTrue(String v) {
        return "true".equals(v) || "1".equals(v);
    }

    /** SelfSubjectAccessReview (kubectl auth can-i): the admin may do anything; SelfSubjectReview (auth whoami). */
    private static ObjectNode review(ResourceType t, JsonNode body) {
        ObjectNode out = body != null && body.isObject() ? ((ObjectNode) body).deepCopy() : ObjectRenderer.JSON.objectNode();
        out.put("kind", t.kind());
        out.put("apiVersion", t.apiVersion());
        out.with("metadata").put("creationTimestamp", ObjectRenderer.timestamp(java.time.Instant.now()));
        if (t.kind().equals("SelfSubjectAccessReview")) {
            ObjectNode st = out.putObject("status");
            st.put("allowed", true);
            st.put("reason", "the KubeCanvas admin (group system:masters) may do anything");
        } else {
            ObjectNode ui = out.putObject("status").putObject("userInfo");
            ui.put("username", Credentials.ADMIN_USER);
            ArrayNode groups = ui.putArray("groups");
            groups.add("system:masters");
            groups.add("system:authenticated");
        }
        return out;
    }

    // ---- reads -------------------------------------------------------------------------------------

    private Predicate<ServedObjects.Entry> filter(ResourceType t, String ns, String name, Fields q) {
        LabelSelector labels = Selectors.labels(q.getValue("labelSelector"));
        List<Selectors.FieldTerm> fields = Selectors.fields(q.getValue("fieldSelector"), t);
        return e -> (ns == null || !t.namespaced() || ns.equals(e.namespace))
                && (name == null || name.equals(e.name))
                && Selectors.matches(labels, Selectors.labelsOf(e.object))
                && Selectors.matches(fields, e.object);
    }

    private void list(ResourceType t, String ns, Fields q, boolean table, Response response, Callback callback) {
        ServedObjects.Snapshot snap = served.snapshot();
        Predicate<ServedObjects.Entry> f = filter(t, ns, null, q);
        List<ServedObjects.Entry> items = new ArrayList<>();
        for (ServedObjects.Entry e : snap.of(t).values()) {
            if (f.test(e)) {
                items.add(e);
            }
        }
        if (table) {
            sendBytes(response, callback, 200, Tables.table(t, items, snap.revision(), q.getValue("includeObject"), true, null),
                    "application/json", List.of());
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + items.size() * 2048);
        String head = "{\"kind\":\"" + t.kind() + "List\",\"apiVersion\":\"" + t.apiVersion() + "\",\"metadata\":{\"resourceVersion\":\""
                + snap.revision() + "\"},\"items\":[";
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(items.get(i).json());
        }
        out.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
        sendBytes(response, callback, 200, out.toByteArray(), "application/json", List.of());
    }

    private void deleteCollection(ResourceType t, String ns, Fields q, Writes.Request rq, Response response, Callback callback) {
        Predicate<ServedObjects.Entry> f = filter(t, ns, null, q);
        List<ServedObjects.Entry> items = served.snapshot().of(t).values().stream().filter(f).toList();
        ObjectNode list = ObjectRenderer.JSON.objectNode();
        list.put("kind", t.kind() + "List");
        list.put("apiVersion", t.apiVersion());
        list.putObject("metadata");
        ArrayNode a = list.putArray("items");
        for (ServedObjects.Entry e : items) {
            writes.delete(t, e.namespace, e.name, rq);
            a.add(e.object);
        }
        list.with("metadata").put("resourceVersion", String.valueOf(served.snapshot().revision()));
        sendJson(response, callback, 200, list, "application/json", List.of());
    }

    // ---- watch -----------------------------------------------------------------------------------

    private void watch(ResourceType t, String ns, String name, Fields q, boolean table, Request request, Response response,
                       Callback callback) {
        WatchStream stream = WatchStream.open(served, t, filter(t, ns, name, q), q.getValue("resourceVersion"),
                isTrue(q.getValue("sendInitialEvents")), isTrue(q.getValue("allowWatchBookmarks")),
                q.getValue("timeoutSeconds") == null ? 1800 : Long.parseLong(q.getValue("timeoutSeconds")), table,
                q.getValue("includeObject"));
        String upgrade = request.getHeaders().get(HttpHeader.UPGRADE);
        if (upgrade != null && upgrade.equalsIgnoreCase("websocket")) {
            // Clients such as fabric8 watch over a WebSocket: one text message per event.
            streams.watch(stream, request, response, callback);
            return;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache, private");
        java.util.concurrent.atomic.AtomicBoolean gone = new java.util.concurrent.atomic.AtomicBoolean();
        request.addFailureListener(x -> gone.set(true));
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            stream.run(new WatchStream.Sink() {
                @Override
                public void send(byte[] event) throws IOException {
                    out.write(event);
                    out.write('\n');
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public boolean gone() {
                    return gone.get();
                }
            });
            callback.succeeded();
        } catch (IOException e) {
            callback.failed(e); // the client went away
        }
    }

    // ---- bodies and responses ----------------------------------------------------------------------

    /** The request body as a tree; malformed JSON or YAML is a 400 that says where. */
    static JsonNode body(Request request) throws IOException {
        byte[] bytes;
        try (InputStream in = Request.asInputStream(request)) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) {
            throw new ApiException(413, "RequestEntityTooLarge", "the request body is larger than 3 MiB", null, null, null, List.of());
        }
        if (bytes.length == 0) {
            throw ApiException.badRequest("the request has no body; send a JSON or YAML object");
        }
        String ct = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (Protobuf.is(bytes)) {
            return Protobuf.toJson(bytes);
        }
        boolean yaml = ct != null && ct.contains("yaml");
        try {
            return yaml ? YAML.readTree(bytes) : ObjectRenderer.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            String what = e.getOriginalMessage() == null ? e.getMessage() : e.getOriginalMessage();
            throw ApiException.badRequest("the request body is not valid " + (yaml ? "YAML" : "JSON") + where + ": "
                    + what.split("\n")[0]);
        }
    }

    static void sendJson(Response response, Callback callback, int code, JsonNode body, String contentType, List<String> warnings) {
        try {
            sendBytes(response, callback, code, ObjectRenderer.MAPPER.writeValueAsBytes(body), contentType, warnings);
        } catch (JsonProcessingException e) {
            callback.failed(e);
        }
    }

    static void sendBytes(Response response, Callback callback, int code, byte[] body, String contentType, List<String> warnings) {
        response.setStatus(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache, private");
        for (String w : warnings) {
            response.getHeaders().add("Warning", "299 - \"" + w.replace("\"", "\\\"") + "\"");
        }
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    static void sendText(Response response, Callback callback, int code, String text) {
        response.setStatus(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.write(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
