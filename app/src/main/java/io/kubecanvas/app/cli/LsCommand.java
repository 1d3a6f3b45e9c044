package io.kubecanvas.app.cli;

import io.kubecanvas.emulator.docker.DockerJavaEngine;
import io.kubecanvas.emulator.docker.RunningClusters;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code kubecanvas ls}: the docker-backend clusters on this engine, found by their labels. */
@Command(name = "ls", description = "List running docker-backend clusters: nodes, Pods, stand-ins, ports on 127.0.0.1.")
public final class LsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int served = ServedClusterCommands.list(out);
        DockerJavaEngine docker = DockerEngines.reachable();
        if (docker == null) {
            if (served == 0) {
                out.println("no clusters (start one with: kubecanvas up FILE --name NAME --detach)");
            }
            return 0;
        }
        try (DockerJavaEngine engine = docker) {
            List<RunningClusters.Summary> list = RunningClusters.list(engine);
            if (list.isEmpty()) {
                if (served == 0) {
                    out.println("no clusters (start one with: kubecanvas up FILE --name NAME --detach)");
                }
                return 0;
            }
            if (served > 0) {
                out.println();
            }
            out.printf("%-20s %-7s %-6s %-11s %s%n", "NAME", "NODES", "PODS", "CONTAINERS", "OWNER");
            for (RunningClusters.Summary s : list) {
                String owner = s.owner() == null ? "unknown"
                        : "detached".equals(s.owner()) ? "detached"
                        : (s.ownerAlive() ? "pid " + s.owner().split(":")[0] : "gone (orphan; removed by the next up)");
                out.printf("%-20s %-7s %-6s %-11s %s%n", s.name(), s.nodesRunning() + "/" + s.nodes(),
                        s.podsRunning() + "/" + s.pods(), s.containersRunning() + "/" + s.containers(), owner);
                s.hostPorts().forEach((k, v) -> out.printf("    %-40s http://127.0.0.1:%d%n", k, v));
                s.standIns().forEach(x -> out.println("    " + x));
                s.problems().forEach(x -> out.println("    not running: " + x));
            }
            return 0;
        }
    }
}
