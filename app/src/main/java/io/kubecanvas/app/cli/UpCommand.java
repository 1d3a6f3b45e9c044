package io.kubecanvas.app.cli;

import io.kubecanvas.emulator.docker.DockerJavaEngine;
import io.kubecanvas.emulator.run.ClusterRun;
import io.kubecanvas.emulator.docker.RunningClusters;
import io.kubecanvas.model.Design;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code kubecanvas up FILE --backend sim|docker --name NAME [--detach]}: runs a design with a Kubernetes API
 * that kubectl reaches ({@link ClusterUp}). In the foreground it keeps reconciling (a stopped node is
 * noticed, its Pods rescheduled after the grace; on docker a killed container restarted; an edited design
 * file applied as a difference) until Ctrl-C, then removes the cluster and its kubeconfig context. With
 * --detach the cluster runs in a background process until {@code kubecanvas down NAME}.
 */
@Command(name = "up", description = "Run a design on the sim or docker backend, with a Kubernetes API server for kubectl.")
public final class UpCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(arity = "1..*", paramLabel = "FILE", description = "Design files or folders.")
    List<Path> files;

    @CommandLine.Option(names = "--backend", defaultValue = "sim", description = "sim (default) or docker.")
    String backend;

    @CommandLine.Option(names = "--name", description = "Cluster name (default: the design's cluster name).")
    String name;

    @CommandLine.Option(names = "--detach", description = "Run the cluster in a background process and return.")
    boolean detach;

    @CommandLine.Option(names = "--no-kubeconfig", description = "Do not merge the context kubecanvas-NAME into the kubeconfig.")
    boolean noKubeconfig;

    @CommandLine.Option(names = "--port", defaultValue = "0", description = "API server port on 127.0.0.1 (default: a free one).")
    int port;

    @CommandLine.Option(names = "--interval", defaultValue = "2", description = "Seconds between reconcile passes.")
    int interval;

    /** Set on the background process that --detach starts. */
    @CommandLine.Option(names = "--serve-detached", hidden = true)
    boolean serveDetached;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!"docker".equals(backend) && !"sim".equals(backend)) {
            err.println("kubecanvas: --backend is sim or docker, not " + backend);
            return 2;
        }
        List<Path> absolute = files.stream().map(Path::toAbsolutePath).toList();
        ClusterUp up = new ClusterUp(out, err, absolute, backend, "", noKubeconfig, port, interval);
        Design design = up.load();
        if (design == null) {
            return 1;
        }
        String clusterName = name != null ? name : design.cluster().name();
        up = new ClusterUp(out, err, absolute, backend, clusterName, noKubeconfig, port, interval);
        if (detach && !serveDetached) {
            List<String> args = new java.util.ArrayList<>(List.of("up"));
            absolute.forEach(f -> args.add(f.toString()));
            args.addAll(List.of("--backend", backend, "--name", clusterName, "--interval", String.valueOf(interval),
                    "--port", String.valueOf(port), "--serve-detached"));
            if (noKubeconfig) {
                args.add("--no-kubeconfig");
            }
            return up.detach(args);
        }
        return up.serve();
    }

    /**
     * Every Pod of the design that the cluster does not run, or runs other than its spec says, with the reason
     * the control plane has for it (the scheduler's, the kubelet's or what the backend reported).
     */
    static void printNotRunning(PrintWriter out, ClusterRun run) {
        for (var p : run.state().pods()) {
            boolean runs = p.node() != null && p.ip() != null;
            if (runs && p.reason() == null) {
                continue;
            }
            String why = p.reason();
            if (why == null) {
                for (var e : run.events()) {
                    if (p.namespace().equals(e.namespace()) && ("pod/" + p.name()).equals(e.object())
                            && io.kubecanvas.emulator.control.ClusterEvent.WARNING.equals(e.type())) {
                        why = e.reason() + ": " + e.message();
                    }
                }
            }
            if (runs && p.ready()) {
                out.printf("  note: Pod %s/%s runs, but: %s%n", p.namespace(), p.name(), why);
                continue;
            }
            out.printf("  not running: Pod %s/%s is %s%s%n", p.namespace(), p.name(), p.phase(),
                    why == null ? (p.node() == null ? " (not scheduled)" : " (no address yet)") : " (" + why + ")");
        }
    }

    static void printSummary(PrintWriter out, DockerJavaEngine engine, String clusterName) {
        for (RunningClusters.Summary s : RunningClusters.list(engine)) {
            if (!s.name().equals(clusterName)) {
                continue;
            }
            out.printf("  %d/%d node(s), %d/%d Pod(s), %d/%d container(s) running%n", s.nodesRunning(), s.nodes(),
                    s.podsRunning(), s.pods(), s.containersRunning(), s.containers());
            s.hostPorts().forEach((k, v) -> out.printf("  %-40s %s://127.0.0.1:%d%n", k, k.equals("ingress-https") ? "https" : "http", v));
            s.standIns().forEach(x -> out.println("  " + x));
            // the plan's Pod reasons ("Pod ns/x is Pending: ...") come from this process's control plane: printNotRunning
            s.problems().stream().filter(x -> !PLANNED_REASON.matcher(x).lookingAt())
                    .forEach(x -> out.println("  not running: " + x));
        }
    }

    private static final java.util.regex.Pattern PLANNED_REASON = java.util.regex.Pattern.compile("Pod \\S+ is [A-Z][a-z]+: ");
}
