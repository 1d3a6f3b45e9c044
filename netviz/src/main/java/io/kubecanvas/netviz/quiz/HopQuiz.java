package io.kubecanvas.netviz.quiz;

import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.packet.PacketEvent.Header;
import io.kubecanvas.netviz.simulation.EventTimeline;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Challenge mode's questions, Packet Tracer style: before the next hop is shown, ask where the packet goes next,
 * or, when that hop rewrites an address or wraps the packet, what its destination or source will be. The right
 * answer is the hop itself; the other choices are places and addresses seen elsewhere in the same session.
 * Keeps the score. Pure: no JavaFX.
 */
public final class HopQuiz {

    /** What a question asks about the next hop. */
    public enum Kind { WHERE_NEXT, DESTINATION_AFTER, SOURCE_AFTER, OUTER_DESTINATION }

    /** One question about hop {@code hop}: the right answer is among {@code choices}. */
    public record Question(int hop, Kind kind, String text, List<String> choices, String answer) {
        public Question {
            choices = List.copyOf(choices);
        }

        /** Right when it is the answer, ignoring case and spaces (a typed address counts too). */
        public boolean isRight(String given) {
            return given != null && given.trim().equalsIgnoreCase(answer);
        }
    }

    private final EventTimeline timeline;
    private final Set<Integer> answered = new LinkedHashSet<>();
    private int asked;
    private int right;

    public HopQuiz(EventTimeline timeline) {
        this.timeline = timeline;
    }

    public boolean answered(int hop) {
        return answered.contains(hop);
    }

    /** The question to ask before hop {@code hop} is shown. */
    public Question question(int hop) {
        PacketEvent next = timeline.get(hop);
        int prevIndex = timeline.previousInFlow(hop);
        PacketEvent prev = prevIndex < 0 ? null : timeline.get(prevIndex);
        Random random = new Random(hop * 31L + next.flowId());
        if (next.natAfter() != null && next.natBefore() != null) {
            Header ip = next.innerIp();
            String after = next.natAfter();
            boolean dst = ip != null && after.startsWith(ip.get("dst") + ":") || ip != null && after.equals(ip.get("dst"));
            Set<String> others = new LinkedHashSet<>();
            others.add(next.natBefore());
            for (PacketEvent e : timeline.events()) {
                if (e.natAfter() != null) {
                    others.add(e.natAfter());
                    others.add(e.natBefore());
                }
            }
            String text = dst ? "The next hop rewrites the destination " + next.natBefore() + ". What will it be after it?"
                    : "The next hop rewrites the source " + next.natBefore() + ". What will it be after it?";
            return new Question(hop, dst ? Kind.DESTINATION_AFTER : Kind.SOURCE_AFTER, text,
                    choices(after, others, random), after);
        }
        if (next.encapsulated() && (prev == null || !prev.encapsulated()) && next.direction() == PacketEvent.Direction.OUT) {
            Header outer = next.headers().stream().filter(h -> h.layer().equals("ip")).findFirst().orElse(null);
            if (outer != null) {
                String answer = outer.get("dst");
                Set<String> others = new LinkedHashSet<>();
                Header inner = next.innerIp();
                if (inner != null) {
                    others.add(inner.get("dst"));
                    others.add(inner.get("src"));
                }
                for (PacketEvent e : timeline.events()) {
                    if (e.encapsulated()) {
                        e.headers().stream().filter(h -> h.layer().equals("ip")).findFirst().ifPresent(h -> {
                            others.add(h.get("src"));
                            others.add(h.get("dst"));
                        });
                    }
                }
                return new Question(hop, Kind.OUTER_DESTINATION, "The packet is about to be wrapped in VXLAN on "
                        + next.node() + ". What is the outer destination address?", choices(answer, others, random), answer);
            }
        }
        String answer = place(next);
        Set<String> others = new LinkedHashSet<>();
        if (prev != null) {
            others.add(place(prev));
        }
        for (PacketEvent e : timeline.events()) {
            if (e.direction() != PacketEvent.Direction.LOCAL) {
                others.add(place(e));
            }
        }
        String where = prev == null ? "The packet is about to leave." : "The packet is at " + place(prev) + ".";
        return new Question(hop, Kind.WHERE_NEXT, where + " Where does it go next?", choices(answer, others, random), answer);
    }

    /** "worker-1 cni0 (in)", "worker-2 kube-proxy (decision)": where a hop happens, as a choice reads. */
    public static String place(PacketEvent e) {
        String dir = e.direction() == null ? "" : switch (e.direction()) {
            case IN -> " (in)";
            case OUT -> " (out)";
            case LOCAL -> " (" + (e.verdict() == PacketEvent.Verdict.FORWARDED ? "rule" : e.verdict().name()
                    .toLowerCase(Locale.ROOT)) + ")";
        };
        return EventTimeline.where(e) + dir;
    }

    private static List<String> choices(String answer, Set<String> candidates, Random random) {
        List<String> pool = new ArrayList<>(candidates);
        pool.remove(answer);
        pool.removeIf(s -> s == null || s.isBlank());
        java.util.Collections.shuffle(pool, random);
        List<String> out = new ArrayList<>(pool.subList(0, Math.min(3, pool.size())));
        out.add(random.nextInt(out.size() + 1), answer);
        return out;
    }

    /** Scores an answer to {@code q}; each hop counts once. */
    public boolean answer(Question q, String given) {
        boolean ok = q.isRight(given);
        if (answered.add(q.hop())) {
            asked++;
            if (ok) {
                right++;
            }
        }
        return ok;
    }

    public int asked() {
        return asked;
    }

    public int right() {
        return right;
    }

    /** "3/4". */
    public String score() {
        return right + "/" + asked;
    }

    public void reset() {
        answered.clear();
        asked = 0;
        right = 0;
    }
}
