package io.kubecanvas.lessons;

import io.kubecanvas.model.Design;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How long grading one design takes (wall time of {@link Grader#grade}: control plane, plan, sim start and every
 * probe), for each shipped challenge's starting design. The very first grading of a process also loads and compiles
 * the YAML, Kubernetes-model and emulator classes (seconds on a loaded machine, once per process, whatever the
 * number of designs): it is measured and printed apart as the start-up, and every grading after it counts.
 */
public final class GradeBenchmark {

    /** One challenge's figures: the first grading, the mean and the slowest of all runs, in ms. */
    public record Figure(String challenge, int assertions, int runs, double firstMillis, double meanMillis,
                         double maxMillis) {
        public boolean met() {
            return maxMillis < 1000;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "grade %-18s %d assertions: first %6.1f ms, mean %6.1f ms, max %6.1f ms over %d "
                    + "runs (wall time per design; target < 1000 ms)%s", challenge, assertions, firstMillis, meanMillis,
                    maxMillis, runs, met() ? "" : "  MISSED");
        }
    }

    private GradeBenchmark() {
    }

    /** The first grading of this process, in ms: start-up (class loading, JIT) plus one design. */
    public static double startUp() {
        Challenge c = Catalog.shipped().challenges().get(0);
        long t = System.nanoTime();
        Grader.grade(c, c.design(), c.id());
        return (System.nanoTime() - t) / 1e6;
    }

    public static List<Figure> run(int runs) {
        List<Figure> out = new ArrayList<>();
        for (Challenge c : Catalog.shipped().challenges()) {
            Design d = c.design();
            double first = 0;
            double sum = 0;
            double max = 0;
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                Grader.grade(c, d, c.id());
                double ms = (System.nanoTime() - t) / 1e6;
                if (i == 0) {
                    first = ms;
                }
                sum += ms;
                max = Math.max(max, ms);
            }
            out.add(new Figure(c.id(), c.assertions().size(), runs, first, sum / runs, max));
        }
        return out;
    }
}
