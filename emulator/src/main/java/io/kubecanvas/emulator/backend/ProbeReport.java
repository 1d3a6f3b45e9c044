package io.kubecanvas.emulator.backend;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubecanvas.emulator.packet.PacketEvent;

/** A probe result printed for people (every hop, then the verdict) or as JSON. */
public final class ProbeReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProbeReport() {
    }

    public static String text(ProbeResult r) {
        return text(r, null);
    }

    /**
     * The same, with a line under each hop saying in words what happened there ({@code explain}, e.g.
     * {@link io.kubecanvas.emulator.explain.HopExplainer#explain}); null for none.
     */
    public static String text(ProbeResult r, java.util.function.Function<PacketEvent, String> explain) {
        StringBuilder b = new StringBuilder();
        ProbeRequest q = r.request();
        b.append("probe ").append(q.from()).append(" -> ").append(q.target());
        if (r.address() != null) {
            b.append(" (").append(r.address()).append(')');
        }
        b.append(' ').append(q.protocol()).append('\n');
        b.append(String.format("%10s  %-14s %-24s %-5s %-9s %s%n", "time(us)", "node", "interface", "dir", "verdict", "what"));
        for (PacketEvent e : r.hops()) {
            b.append(String.format("%10.1f  %-14s %-24s %-5s %-9s %s", e.timeNanos() / 1000.0, e.node(), e.iface(),
                    e.direction(), e.verdict(), e.info()));
            if (e.rule() != null && !e.info().contains(e.rule())) {
                b.append("  [").append(e.rule()).append(']');
            }
            b.append('\n');
            if (explain != null) {
                b.append("            ").append(explain.apply(e)).append('\n');
            }
        }
        if (r.peer() != null) {
            b.append("the server saw client ").append(r.peer());
            if (r.forwardedFor() != null) {
                b.append(", X-Forwarded-For ").append(r.forwardedFor());
            }
            b.append('\n');
        }
        b.append(r.outcome().word().replace('_', ' '));
        if (r.answeredBy() != null) {
            b.append(": answered by ").append(r.answeredBy());
        }
        if (r.reason() != null) {
            b.append(r.answeredBy() != null ? ", " : ": ").append(r.reason());
        }
        return b.append('\n').toString();
    }

    /** The result as one JSON object: request, outcome ({@code verdict}), who answered, why, and every hop. */
    public static String json(ProbeResult r) {
        ProbeRequest q = r.request();
        ObjectNode o = JSON.createObjectNode();
        o.put("from", q.from()).put("to", q.target()).put("port", q.port()).put("protocol", q.protocol().name())
                .put("address", r.address()).put("verdict", r.outcome().word()).put("answeredBy", r.answeredBy())
                .put("reason", r.reason()).put("peer", r.peer()).put("forwardedFor", r.forwardedFor());
        ArrayNode hops = o.putArray("hops");
        for (PacketEvent e : r.hops()) {
            ObjectNode h = hops.addObject();
            h.put("timeNanos", e.timeNanos()).put("flow", e.flowId()).put("node", e.node()).put("iface", e.iface())
                    .put("direction", e.direction().name()).put("verdict", e.verdict().name()).put("rule", e.rule())
                    .put("natBefore", e.natBefore()).put("natAfter", e.natAfter()).put("info", e.info());
            ArrayNode headers = h.putArray("headers");
            for (PacketEvent.Header hd : e.headers()) {
                ObjectNode fields = headers.addObject().put("layer", hd.layer()).putObject("fields");
                hd.fields().forEach(fields::put);
            }
        }
        return o.toString();
    }
}
