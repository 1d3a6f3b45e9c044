package io.kubecanvas.emulator.backend;

import io.kubecanvas.emulator.packet.PacketEvent;

import java.util.Map;

/** A probe result printed for people (every hop, then the verdict) or as JSON. */
public final class ProbeReport {
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
        b.append(r.outcome().word());
        if (r.answeredBy() != null) {
            b.append(": answered by ").append(r.answeredBy());
        }
        if (r.reason() != null) {
            b.append(r.answeredBy() != null ? ", " : ": ").append(r.reason());
        }
        return b.append('\n').toString();
    }

    public static String json(ProbeResult r) {
        StringBuilder b = new StringBuilder("{");
        ProbeRequest q = r.request();
        field(b, "from", q.from()).append(',');
        field(b, "to", q.target()).append(',');
        b.append("\"port\":").append(q.port()).append(',');
        field(b, "protocol", q.protocol().name()).append(',');
        field(b, "address", r.address()).append(',');
        field(b, "verdict", r.outcome().word()).append(',');
        field(b, "answeredBy", r.answeredBy()).append(',');
        field(b, "reason", r.reason()).append(",\"hops\":[");
        for (int i = 0; i < r.hops().size(); i++) {
            PacketEvent e = r.hops().get(i);
            b.append(i == 0 ? "{" : ",{").append("\"timeNanos\":").append(e.timeNanos()).append(",\"flow\":").append(e.flowId()).append(',');
            field(b, "node", e.node()).append(',');
            field(b, "iface", e.iface()).append(',');
            field(b, "direction", e.direction().name()).append(',');
            field(b, "verdict", e.verdict().name()).append(',');
            field(b, "rule", e.rule()).append(',');
            field(b, "natBefore", e.natBefore()).append(',');
            field(b, "natAfter", e.natAfter()).append(',');
            field(b, "info", e.info()).append(",\"headers\":[");
            for (int h = 0; h < e.headers().size(); h++) {
                PacketEvent.Header hd = e.headers().get(h);
                b.append(h == 0 ? "{" : ",{");
                field(b, "layer", hd.layer()).append(",\"fields\":{");
                int n = 0;
                for (Map.Entry<String, String> f : hd.fields().entrySet()) {
                    if (n++ > 0) {
                        b.append(',');
                    }
                    field(b, f.getKey(), f.getValue());
                }
                b.append("}}");
            }
            b.append("]}");
        }
        return b.append("]}").toString();
    }

    private static StringBuilder field(StringBuilder b, String name, String value) {
        b.append(ReachabilityMatrix.quote(name)).append(':');
        return value == null ? b.append("null") : b.append(ReachabilityMatrix.quote(value));
    }
}
