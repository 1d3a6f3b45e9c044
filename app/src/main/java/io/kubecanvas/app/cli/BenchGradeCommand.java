package io.kubecanvas.app.cli;

import io.kubecanvas.lessons.GradeBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code kubecanvas bench grade}: wall time to grade one design, per shipped challenge; target under 1 s. */
@Command(name = "grade", mixinStandardHelpOptions = true,
        description = {"Wall time to grade one design against each shipped challenge's starting design (control plane,",
                "plan, sim start, every probe). The process's first grading also loads the classes: printed apart.",
                "Target: under 1 s per design. Exit 1 when missed."})
public final class BenchGradeCommand implements Callable<Integer> {

    @Option(names = "--runs", defaultValue = "5", description = "gradings per design (default ${DEFAULT-VALUE})")
    int runs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "bench grade: %d runs per design, %d cores, load average %.2f%n", runs,
                Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.flush();
        out.printf(Locale.ROOT, "start-up: the process's first grading took %.0f ms (class loading and JIT, once per process)%n",
                GradeBenchmark.startUp());
        List<GradeBenchmark.Figure> figures = GradeBenchmark.run(Math.max(1, runs));
        figures.forEach(out::println);
        boolean met = figures.stream().allMatch(GradeBenchmark.Figure::met);
        out.printf(Locale.ROOT, "%s: slowest grading %.0f ms (target < 1000 ms), load average %.2f%n", met ? "met" : "MISSED",
                figures.stream().mapToDouble(GradeBenchmark.Figure::maxMillis).max().orElse(0),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.flush();
        return met ? 0 : 1;
    }
}
