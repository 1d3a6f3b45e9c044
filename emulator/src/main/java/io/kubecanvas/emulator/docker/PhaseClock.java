package io.kubecanvas.emulator.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Where a run of the docker backend spends its wall time: named phases with their start and end (monotonic
 * nanoseconds) and how many things each handled. Phases may overlap (node plumbing runs while app containers
 * are created), so each is shown as its span from a common origin, such as the start of the command.
 * Thread-safe.
 */
public final class PhaseClock {
    /** One phase: {@code items} things (containers, nodes, probes) between {@code startNanos} and {@code endNanos}. */
    public record Phase(String name, int items, long startNanos, long endNanos) {
        public double seconds() {
            return (endNanos - startNanos) / 1e9;
        }
    }

    private final List<Phase> phases = new ArrayList<>();

    /** Runs {@code work} as the phase {@code name} and records it, also when it throws. */
    public <T> T time(String name, int items, Supplier<T> work) {
        long t0 = System.nanoTime();
        try {
            return work.get();
        } finally {
            add(name, items, t0, System.nanoTime());
        }
    }

    public void time(String name, int items, Runnable work) {
        time(name, items, () -> {
            work.run();
            return null;
        });
    }

    public synchronized void add(String name, int items, long startNanos, long endNanos) {
        phases.add(new Phase(name, items, startNanos, endNanos));
    }

    /** Adds every phase of {@code other} (a later apply's, the probes') to this one. */
    public synchronized void addAll(PhaseClock other) {
        if (other != null && other != this) {
            phases.addAll(other.phases());
        }
    }

    public synchronized List<Phase> phases() {
        return List.copyOf(phases);
    }

    /**
     * One line per phase, in the order they started: {@code name (items): from-to s (duration s)}, times from
     * {@code originNanos}.
     */
    public String format(long originNanos, String indent) {
        List<Phase> sorted = new ArrayList<>(phases());
        sorted.sort(java.util.Comparator.comparingLong(Phase::startNanos));
        StringBuilder sb = new StringBuilder();
        for (Phase p : sorted) {
            String what = p.items() > 0 ? p.name() + " (" + p.items() + ")" : p.name();
            sb.append(indent).append(String.format(Locale.ROOT, "%-40s %6.2f - %6.2f s  (%5.2f s)%n", what,
                    (p.startNanos() - originNanos) / 1e9, (p.endNanos() - originNanos) / 1e9, p.seconds()));
        }
        return sb.toString();
    }
}
