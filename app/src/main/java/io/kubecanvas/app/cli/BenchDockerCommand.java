package io.kubecanvas.app.cli;

import io.kubecanvas.emulator.bench.DockerBenchmark;
import io.kubecanvas.emulator.docker.DockerJavaEngine;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code kubecanvas bench docker}: the wall time from the start of up until every ordered pair of Pods and
 * every Service port answer, for 3 nodes / 10 Pods (target under 10 s) and 5 nodes / 100 Pods (target under
 * 60 s), and the memory per node. Exit 1 when a target is missed.
 */
@Command(name = "docker", mixinStandardHelpOptions = true,
        description = {"Up until all ordered Pod pairs and every Service answer (wall time): 3 nodes/10 Pods (< 10 s)",
                "and 5 nodes/100 Pods (< 60 s). Exit status 1 when a target is missed."})
public final class BenchDockerCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--quick", description = "Only 3 nodes / 10 Pods.")
    boolean quick;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("bench docker: " + BenchCommand.machineLoad());
        boolean met = true;
        try (DockerJavaEngine engine = DockerJavaEngine.connect()) {
            int[][] sizes = quick ? new int[][]{{3, 10}} : new int[][]{{3, 10}, {5, 100}};
            for (int[] s : sizes) {
                DockerBenchmark.Result r = DockerBenchmark.run(engine, s[0], s[1], s[1] <= 10 ? 10 : 60, out::println);
                out.println(r);
                out.flush();
                met &= r.met();
            }
        }
        out.println((met ? "all targets met; " : "a target was MISSED; ") + BenchCommand.machineLoad());
        return met ? 0 : 1;
    }
}
