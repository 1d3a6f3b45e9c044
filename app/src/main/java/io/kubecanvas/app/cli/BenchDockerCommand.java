package io.kubecanvas.app.cli;

import io.kubecanvas.emulator.bench.DockerBenchmark;
import io.kubecanvas.emulator.bench.MininetReference;
import io.kubecanvas.emulator.docker.DockerJavaEngine;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code kubecanvas bench docker}: in one run, the wall time from the start of up until every ordered pair of Pods
 * and every Service port answer, for 3 nodes / 10 Pods beside Mininet's 10 hosts pinging each other (target:
 * within 5 times Mininet's time; 2.5 s when Mininet is absent) and for 10 nodes / 200 Pods (target under 40 s),
 * with the memory per node and the ratio to Mininet. Exit 1 when a target is missed.
 */
@Command(name = "docker", mixinStandardHelpOptions = true,
        description = {"Up until all ordered Pod pairs and every Service answer (wall time): 3 nodes/10 Pods beside Mininet's",
                "10 hosts pinging (within 5x Mininet) and 10 nodes/200 Pods (< 40 s). Exit status 1 when a target is missed."})
public final class BenchDockerCommand implements Callable<Integer> {
    /** The small run's target when Mininet cannot be measured: 5 times its 0.52 s measured on the project's machine. */
    static final double SMALL_TARGET_WITHOUT_MININET = 2.5;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--quick", description = "Only 3 nodes / 10 Pods (and Mininet).")
    boolean quick;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("bench docker: " + BenchCommand.machineLoad());
        boolean met = true;
        MininetReference.Result mn = null;
        try {
            mn = MininetReference.run(10);
            out.printf("Mininet reference: %d hosts on one Linux bridge, all %d ordered pairs pinging (pingAll, %.0f%% loss),"
                    + " %.2f s from Mininet() to the end of pingAll, in a network namespace of its own; %s%n",
                    mn.hosts(), mn.hosts() * (mn.hosts() - 1), mn.lossPercent(), mn.seconds(), BenchCommand.machineLoad());
        } catch (IllegalStateException e) {
            out.println("Mininet reference: none (" + e.getMessage() + "); the 3 nodes / 10 Pods target is "
                    + SMALL_TARGET_WITHOUT_MININET + " s");
        }
        try (DockerJavaEngine engine = DockerJavaEngine.connect()) {
            int[][] sizes = quick ? new int[][]{{3, 10}} : new int[][]{{3, 10}, {10, 200}};
            for (int[] s : sizes) {
                boolean small = s[1] <= 10;
                double target = small ? (mn != null && mn.lossPercent() == 0 ? 5 * mn.seconds() : SMALL_TARGET_WITHOUT_MININET) : 40;
                DockerBenchmark.Result r = DockerBenchmark.run(engine, s[0], s[1], target, out::println);
                out.println(r);
                if (small && mn != null && r.reachableSeconds() > 0) {
                    out.printf("  ratio to Mininet's 10 hosts: %.1fx (%.2f s / %.2f s; target within 5x)%n",
                            r.reachableSeconds() / mn.seconds(), r.reachableSeconds(), mn.seconds());
                }
                out.println("  " + BenchCommand.machineLoad());
                out.flush();
                met &= r.met();
            }
        }
        out.println((met ? "all targets met; " : "a target was MISSED; ") + BenchCommand.machineLoad());
        return met ? 0 : 1;
    }
}
