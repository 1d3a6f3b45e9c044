package io.kubecanvas.app.cli;

import io.kubecanvas.emulator.sim.SimBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code kubecanvas bench sim}: the sim backend's figures (plan + start of a 10-node, 500-Pod, 100-Service
 * cluster; packet hops per second; the 81-pair matrix on 2 ports), each with its target. Exit 1 when a
 * target is missed.
 */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = "Benchmark the sim backend: start time, packet hops per second, NetworkPolicy matrix time.")
public final class BenchSimCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<SimBenchmark.Figure> figures = SimBenchmark.run();
        figures.forEach(f -> spec.commandLine().getOut().println(f));
        spec.commandLine().getOut().flush();
        return figures.stream().allMatch(SimBenchmark.Figure::met) ? 0 : 1;
    }
}
