package io.kubecanvas.lessons;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubecanvas.emulator.explain.HopExplainer;
import io.kubecanvas.emulator.packet.PacketEvent;

import java.util.List;
import java.util.Locale;

/** Grades printed for teachers: a line per design and per assertion, or JSON. */
public final class GradeReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GradeReport() {
    }

    /**
     * {@code {"designs":[{"file":..., "passed": bool, "score": "k/n", "assertions":[{"text":..., "passed": bool,
     * "detail":...}]}]}}.
     */
    public static String json(List<Grader.Grade> grades) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode designs = root.putArray("designs");
        for (Grader.Grade g : grades) {
            ObjectNode d = designs.addObject();
            d.put("file", g.file());
            d.put("passed", g.passed());
            d.put("score", g.score());
            ArrayNode as = d.putArray("assertions");
            for (Grader.Result r : g.results()) {
                ObjectNode a = as.addObject();
                a.put("text", r.text());
                a.put("passed", r.passed());
                a.put("detail", r.detail());
            }
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Per design its verdict, score and time, then each assertion; a failed reach says where its probe ended
     * (the hop that decided it, in words).
     */
    public static String text(Challenge c, List<Grader.Grade> grades) {
        StringBuilder b = new StringBuilder();
        b.append("challenge ").append(c.id()).append(": ").append(c.title()).append('\n');
        for (Grader.Grade g : grades) {
            b.append(g.passed() ? "PASS " : "FAIL ").append(g.score()).append("  ").append(g.file())
                    .append(String.format(Locale.ROOT, "  (%.2f s)", g.nanos() / 1e9)).append('\n');
            if (g.error() != null) {
                b.append("     the design does not run: ").append(g.error()).append('\n');
            }
            HopExplainer words = null;
            for (Grader.Result r : g.results()) {
                b.append("     ").append(r.passed() ? "ok   " : "FAIL ").append(r.text()).append('\n');
                b.append("          ").append(r.detail()).append('\n');
                if (!r.passed() && r.trace() != null && !r.trace().hops().isEmpty()) {
                    if (words == null && g.plan() != null) {
                        words = new HopExplainer(g.plan());
                    }
                    PacketEvent last = lastDecision(r.trace().hops());
                    if (words != null && last != null) {
                        b.append("          where: ").append(words.explain(last)).append('\n');
                    }
                }
            }
        }
        return b.toString();
    }

    /** The hop where a failed probe died: its first drop or refusal; null when it was delivered (the detail says to whom). */
    public static PacketEvent lastDecision(List<PacketEvent> hops) {
        for (PacketEvent e : hops) {
            if (e.verdict() == PacketEvent.Verdict.DROPPED || e.verdict() == PacketEvent.Verdict.REJECTED) {
                return e;
            }
        }
        return null;
    }
}
