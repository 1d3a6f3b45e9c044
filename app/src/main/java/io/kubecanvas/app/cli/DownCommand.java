package io.kubecanvas.app.cli;

import io.kubecanvas.emulator.docker.DockerJavaEngine;
import io.kubecanvas.emulator.docker.RunningClusters;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code kubecanvas down NAME|--all}: removes a docker-backend cluster, everything found by its labels. */
@Command(name = "down", description = "Remove a running docker-backend cluster (all its containers and networks).")
public final class DownCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(arity = "0..1", paramLabel = "NAME", description = "The cluster to remove.")
    String name;

    @CommandLine.Option(names = "--all", description = "Remove every cluster the emulator made.")
    boolean all;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if ((name == null) == !all) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give a cluster NAME or --all");
        }
        if (all) {
            for (String served : ServedClusterCommands.names()) {
                ServedClusterCommands.stop(served, out, spec.commandLine().getErr());
            }
        } else if (ServedClusterCommands.stop(name, out, spec.commandLine().getErr())) {
            // Its process removed its containers too; a docker cluster without a server is handled below.
            DockerJavaEngine engine = DockerEngines.reachable();
            if (engine == null) {
                return 0;
            }
            try (engine) {
                if (RunningClusters.exists(engine, name)) {
                    RunningClusters.remove(engine, name);
                }
            }
            return 0;
        }
        DockerJavaEngine docker = DockerEngines.reachable();
        if (docker == null) {
            if (all) {
                return 0;
            }
            spec.commandLine().getErr().println("kubecanvas: no cluster named " + name + " (see: kubecanvas ls)");
            return 1;
        }
        try (DockerJavaEngine engine = docker) {
            if (all) {
                int n = 0;
                for (RunningClusters.Summary s : RunningClusters.list(engine)) {
                    RunningClusters.remove(engine, s.name());
                    out.println("removed cluster " + s.name());
                    n++;
                }
                if (n == 0) {
                    out.println("no clusters");
                }
                return 0;
            }
            if (!RunningClusters.exists(engine, name)) {
                spec.commandLine().getErr().println("kubecanvas: no cluster named " + name + " (see: kubecanvas ls)");
                return 1;
            }
            int n = RunningClusters.remove(engine, name);
            out.println("removed cluster " + name + " (" + n + " containers and networks)");
            return 0;
        }
    }
}
