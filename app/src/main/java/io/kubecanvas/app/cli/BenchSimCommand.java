package io.kubecanvas.app.cli;

import io.kubecanvas.emulator.bench.SimBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code kubecanvas bench sim}: the sim backend's figures in wall time (plan + start of a 10-node, 500-Pod,
 * 100-Service cluster, the same from a design; packet hops per second; all 81 ordered pairs of the policy matrix
 * on 2 ports), each with its target and whether it was met, and the machine's load. Exit 1 when a target is missed.
 */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"Benchmark the sim backend (wall time): start time, packet hops per second, NetworkPolicy matrix time.",
                "Exit status 1 when a target is missed."})
public final class BenchSimCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("bench sim: " + BenchCommand.machineLoad());
        List<SimBenchmark.Figure> figures = SimBenchmark.run();
        figures.forEach(out::println);
        boolean met = figures.stream().allMatch(SimBenchmark.Figure::met);
        out.println(met ? "all targets met" : "a target was MISSED");
        out.flush();
        return met ? 0 : 1;
    }
}
