package io.kubecanvas.app.cli;

import io.kubecanvas.emulator.docker.DockerJavaEngine;
import io.kubecanvas.emulator.docker.RunningClusters;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code kubecanvas logs NAME NS/POD [-c C]}: what a container of a docker-backend cluster printed. */
@Command(name = "logs", description = "Print a container's output in a running docker-backend cluster (as kubectl logs).")
public final class LogsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(index = "0", paramLabel = "NAME", description = "The cluster (see: kubecanvas ls).")
    String cluster;

    @CommandLine.Parameters(index = "1", paramLabel = "NS/POD", description = "The Pod; a bare name is in namespace default.")
    String pod;

    @CommandLine.Option(names = {"-c", "--container"}, paramLabel = "C", description = "The container (default: the Pod's first).")
    String container;

    @CommandLine.Option(names = "--tail", paramLabel = "N", description = "Only the last N lines (default: all).")
    int tail;

    @Override
    public Integer call() {
        String key = pod.contains("/") ? pod : "default/" + pod;
        try (DockerJavaEngine engine = DockerJavaEngine.connect()) {
            spec.commandLine().getOut().print(RunningClusters.logs(engine, cluster, key, container, tail));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("kubecanvas: " + e.getMessage());
            return 1;
        }
    }
}
