package io.kubecanvas.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.logging.Logger;

/**
 * The Pod streams: {@code log} over plain HTTP (streamed with {@code follow}), {@code exec} over a
 * WebSocket in the Kubernetes channel protocol (v5.channel.k8s.io, or v4: each binary message starts
 * with its stream, 0 stdin, 1 stdout, 2 stderr, 3 the closing Status, 4 terminal size; v5 adds 255 to
 * close a stream); {@code portforward} as SPDY tunnelled in a WebSocket ({@link PortForwardStream}), or on a plain
 * SPDY/3.1 upgrade ({@link PlainSpdyConnection}: kubectl 1.30 and older, or KUBECTL_PORT_FORWARD_WEBSOCKETS=false);
 * {@code exec} over a plain SPDY/3.1 upgrade too ({@link SpdyExecSession}: kubectl 1.29 and older, or
 * KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false). Anything else gets a 400 Status ({@link #notWebSocket}).
 */
final class PodStreams {
    private static final Logger LOG = Logger.getLogger(PodStreams.class.getName());
    static final String V5 = "v5.channel.k8s.io";
    static final String V4 = "v4.channel.k8s.io";

    private final ServedObjects served;
    private final PodRuntime runtime;
    private final ExecutorService workers;
    private volatile ServerWebSocketContainer container;

    PodStreams(ServedObjects served, PodRuntime runtime, ExecutorService workers) {
        this.served = served;
        this.runtime = runtime;
        this.workers = workers;
    }

    void container(ServerWebSocketContainer c) {
        this.container = c;
    }

    static PodRuntime.Pod pod(ServedObjects.Entry e) {
        JsonNode o = e.object;
        List<String> containers = new ArrayList<>();
        o.path("spec").path("containers").forEach(c -> containers.add(c.path("name").asText()));
        return new PodRuntime.Pod(e.namespace, e.name, o.path("metadata").path("uid").asText(""),
                o.path("spec").path("nodeName").asText(null), o.path("status").path("podIP").asText(null), containers);
    }

    /** The container a request names, else the Pod's only (or default-container annotated) one. */
    static String container(ServedObjects.Entry e, String asked) {
        PodRuntime.Pod p = pod(e);
        if (asked != null && !asked.isEmpty()) {
            if (!p.containers().contains(asked)) {
                throw ApiException.badRequest("container " + asked + " is not valid for pod " + e.name);
            }
            return asked;
        }
        String def = e.object.path("metadata").path("annotations").path("kubectl.kubernetes.io/default-container").asText("");
        if (!def.isEmpty() && p.containers().contains(def)) {
            return def;
        }
        if (p.containers().size() == 1) {
            return p.containers().get(0);
        }
        throw ApiException.badRequest("a container name must be specified for pod " + e.name + ", choose one of: "
                + p.containers());
    }

    private static void requireRunning(ServedObjects.Entry e) {
        String phase = e.object.path("status").path("phase").asText("");
        if (!"Running".equals(phase)) {
            String why = e.object.path("status").path("conditions").toString().contains("Unschedulable")
                    ? " (it is not scheduled: see kubectl describe pod " + e.name + ")" : "";
            throw ApiException.badRequest("pod " + e.name + " is not running (phase " + phase + ")" + why);
        }
    }

    // ---- logs ----------------------------------------------------------------------------------

    void logs(ServedObjects.Entry e, Fields q, Request request, Response response, Callback callback) throws IOException {
        String c = container(e, q.getValue("container"));
        PodRuntime.LogOptions opts = new PodRuntime.LogOptions("true".equals(q.getValue("follow")),
                q.getValue("tailLines") == null ? -1 : Integer.parseInt(q.getValue("tailLines")),
                "true".equals(q.getValue("timestamps")),
                q.getValue("sinceSeconds") == null ? -1 : Long.parseLong(q.getValue("sinceSeconds")));
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            runtime.logs(pod(e), c, opts, out);
            callback.succeeded();
        } catch (IOException x) {
            callback.failed(x); // the client went away during -f
        }
    }

    /** A watch over a WebSocket upgrade. */
    void watch(WatchStream stream, Request request, Response response, Callback callback) {
        container.upgrade((rq, rs, cb) -> new WatchSocket(stream, workers), request, response, callback);
    }

    // ---- exec and port-forward ---------------------------------------------------------------------

    void upgrade(ResourceType t, String ns, String name, String sub, Fields q, Request request, Response response, Callback callback) {
        ServedObjects.Entry e = served.snapshot().get(t, ns, name);
        if (e == null) {
            throw ApiException.notFound(t, name);
        }
        if (sub.equals("portforward")) {
            portForward(e, request, response, callback);
            return;
        }
        String upgrade = request.getHeaders().get(HttpHeader.UPGRADE);
        boolean plainSpdy = isPlainSpdy(upgrade, request, SpdyExecSession.PROTOCOL);
        if (!plainSpdy && (upgrade == null || !upgrade.equalsIgnoreCase("websocket"))) {
            throw notWebSocket(sub, upgrade, name);
        }
        if (sub.equals("attach")) {
            throw ApiException.badRequest("attach is not supported by the emulator; use kubectl exec or kubectl logs -f");
        }
        requireRunning(e);
        String c = container(e, q.getValue("container"));
        List<String> command = ApiHandler.values(q, "command");
        if (command.isEmpty()) {
            throw ApiException.badRequest("you must specify at least 1 command");
        }
        boolean stdin = "true".equals(q.getValue("stdin"));
        boolean tty = "true".equals(q.getValue("tty"));
        if (plainSpdy) {
            upgradeToSpdy(request, response, callback, SpdyExecSession.PROTOCOL, new SpdyExecSession(runtime, workers, pod(e), c, command,
                    stdin, !"false".equals(q.getValue("stdout")), !"false".equals(q.getValue("stderr")), tty));
            return;
        }
        container.upgrade((rq, rs, cb) -> {
            String proto = rq.hasSubProtocol(V5) ? V5 : rq.hasSubProtocol(V4) ? V4 : null;
            if (proto == null) {
                rs.setStatus(400);
                cb.succeeded();
                return null;
            }
            rs.setAcceptedSubProtocol(proto);
            return new ExecStream(runtime, workers, pod(e), c, command, stdin, tty, proto.equals(V5));
        }, request, response, callback);
    }

    /**
     * kubectl 1.31 and newer tunnel SPDY in a WebSocket (subprotocol {@code SPDY/3.1+portforward.k8s.io});
     * older ones, and newer ones with KUBECTL_PORT_FORWARD_WEBSOCKETS=false, upgrade to plain SPDY/3.1.
     */
    private void portForward(ServedObjects.Entry e, Request request, Response response, Callback callback) {
        String upgrade = request.getHeaders().get(HttpHeader.UPGRADE);
        if (isPlainSpdy(upgrade, request, SPDY_PORT_FORWARD)) {
            requireRunning(e);
            upgradeToSpdy(request, response, callback, SPDY_PORT_FORWARD, new PortForwardStream(runtime, workers, pod(e)));
            return;
        }
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            throw notWebSocket("portforward", upgrade, e.name);
        }
        requireRunning(e);
        container.upgrade((rq, rs, cb) -> {
            if (!rq.hasSubProtocol(PortForwardStream.PROTOCOL)) {
                rs.setStatus(400);
                cb.succeeded();
                return null;
            }
            rs.setAcceptedSubProtocol(PortForwardStream.PROTOCOL);
            return new PortForwardStream(runtime, workers, pod(e));
        }, request, response, callback);
    }

    /** The port-forward protocol of a plain SPDY upgrade (what kubectl asks for in X-Stream-Protocol-Version). */
    static final String SPDY_PORT_FORWARD = "portforward.k8s.io";

    /** A plain SPDY/3.1 upgrade that offers {@code protocol} in X-Stream-Protocol-Version (kubectl sends several). */
    private static boolean isPlainSpdy(String upgrade, Request request, String protocol) {
        return upgrade != null && upgrade.strip().equalsIgnoreCase("SPDY/3.1") && request.getHeaders().getValuesList("X-Stream-Protocol-Version")
                .stream().flatMap(v -> java.util.Arrays.stream(v.split(","))).anyMatch(v -> v.strip().equals(protocol));
    }

    /**
     * Answers a plain SPDY/3.1 upgrade: 101 with the chosen protocol, then Jetty hands the connection to a
     * {@link PlainSpdyConnection} running {@code session} (a port-forward, or an exec).
     */
    private static void upgradeToSpdy(Request request, Response response, Callback callback, String protocol,
                                      SpdySession session) {
        org.eclipse.jetty.io.EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        PlainSpdyConnection connection = new PlainSpdyConnection(endPoint,
                request.getConnectionMetaData().getConnector().getExecutor(), session);
        request.setAttribute(org.eclipse.jetty.server.HttpStream.UPGRADE_CONNECTION_ATTRIBUTE, connection);
        response.setStatus(101);
        response.getHeaders().put(HttpHeader.CONNECTION, "Upgrade");
        response.getHeaders().put(HttpHeader.UPGRADE, "SPDY/3.1");
        response.getHeaders().put("X-Stream-Protocol-Version", protocol);
        response.write(true, null, callback);
    }

    /**
     * The answer to an exec, attach or port-forward request that is neither of the upgrades kubectl sends (a
     * WebSocket, or plain SPDY/3.1 offering the protocol this server speaks): a 400 Status saying what was asked.
     */
    static ApiException notWebSocket(String sub, String upgrade, String pod) {
        String asked = upgrade == null ? "no upgrade" : "an upgrade to " + upgrade.strip();
        String message;
        if (sub.equals("portforward")) {
            message = "Upgrade request required: this server forwards ports over WebSocket (subprotocol "
                    + PortForwardStream.PROTOCOL + ") or a plain SPDY/3.1 upgrade with X-Stream-Protocol-Version "
                    + SPDY_PORT_FORWARD + ", as kubectl sends them, and this request asked for " + asked;
        } else {
            message = "Upgrade request required: this server streams " + sub + " over WebSocket (" + V5 + " or " + V4
                    + ") or a plain SPDY/3.1 upgrade with X-Stream-Protocol-Version " + SpdyExecSession.PROTOCOL
                    + ", as kubectl sends them, and this request asked for " + asked;
        }
        return new ApiException(400, "BadRequest", message, pod, "", "pods", List.of());
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
