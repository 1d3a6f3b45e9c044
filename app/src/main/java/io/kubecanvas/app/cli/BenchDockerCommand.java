package io.kubecanvas.app.cli;

import io.kubecanvas.emulator.docker.DockerBench;
import io.kubecanvas.emulator.docker.DockerJavaEngine;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code kubecanvas bench docker}: time from up to every Pod reachable, for 3 nodes / 10 Pods (target under
 * 10 s) and 5 nodes / 100 Pods (target under 60 s), and the memory per node. Prints figures, asserts nothing.
 */
@Command(name = "docker", description = "Up to every Pod reachable: 3 nodes/10 Pods and 5 nodes/100 Pods.")
public final class BenchDockerCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--quick", description = "Only 3 nodes / 10 Pods.")
    boolean quick;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (DockerJavaEngine engine = DockerJavaEngine.connect()) {
            int[][] sizes = quick ? new int[][]{{3, 10}} : new int[][]{{3, 10}, {5, 100}};
            for (int[] s : sizes) {
                DockerBench.Result r = DockerBench.run(engine, s[0], s[1], out::println);
                double target = s[1] <= 10 ? 10 : 60;
                out.println(r + String.format(" (target under %.0f s: %s)", target,
                        r.reachableSeconds() >= 0 && r.reachableSeconds() < target ? "met" : "missed"));
            }
            return 0;
        }
    }
}
