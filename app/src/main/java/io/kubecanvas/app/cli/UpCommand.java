package io.kubecanvas.app.cli;

import io.kubecanvas.emulator.docker.DockerBackend;
import io.kubecanvas.emulator.docker.DockerJavaEngine;
import io.kubecanvas.emulator.docker.RunningClusters;
import io.kubecanvas.emulator.run.ClusterRun;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.yaml.YamlException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code kubecanvas up FILE --backend docker --name NAME [--detach]}: runs a design on real containers through
 * the orchestrator. In the foreground it keeps reconciling (a stopped node is noticed and stays stopped until
 * {@code kubecanvas fault --cluster NAME start-node}, its Pods rescheduled after the grace; a killed container
 * restarted; an edited design file applied as a difference) until Ctrl-C, then removes the cluster. With
 * --detach the cluster stays until {@code kubecanvas down NAME}.
 */
@Command(name = "up", description = "Run a design on the docker backend (nodes and Pods as real containers).")
public final class UpCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(arity = "1..*", paramLabel = "FILE", description = "Design files or folders.")
    List<Path> files;

    @CommandLine.Option(names = "--backend", defaultValue = "docker", description = "docker (the sim backend runs in the app).")
    String backend;

    @CommandLine.Option(names = "--name", description = "Cluster name (default: the design's cluster name).")
    String name;

    @CommandLine.Option(names = "--detach", description = "Leave the cluster running and return.")
    boolean detach;

    @CommandLine.Option(names = "--interval", defaultValue = "2", description = "Seconds between reconcile passes.")
    int interval;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!"docker".equals(backend)) {
            err.println("kubecanvas: up runs the docker backend; the sim backend runs in the app (kubecanvas FILE)"
                    + " and in probe/matrix --backend sim");
            return 2;
        }
        Design design = load(err);
        if (design == null) {
            return 1;
        }
        String clusterName = name != null ? name : design.cluster().name();
        DockerJavaEngine engine = DockerJavaEngine.connect();
        long t0 = System.nanoTime();
        ClusterRun run;
        try {
            run = ClusterRun.start(design, detach ? DockerBackend.detached(engine, clusterName, out::println)
                    : DockerBackend.create(engine, clusterName, out::println));
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        int[] eventsSeen = {0};
        Runnable events = () -> {
            var all = run.events();
            for (int i = Math.min(eventsSeen[0], all.size()); i < all.size(); i++) {
                out.println("event: " + all.get(i));
            }
            eventsSeen[0] = all.size();
        };
        eventsSeen[0] = run.events().size();
        out.printf("cluster %s is up in %.1f s%n", clusterName, (System.nanoTime() - t0) / 1e9);
        printSummary(out, engine, clusterName);
        if (detach) {
            run.close();
            engine.close();
            out.println("detached; remove it with: kubecanvas down " + clusterName);
            return 0;
        }
        out.println("reconciling every " + interval + " s; edit the design file to apply changes; Ctrl-C removes the cluster");
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            out.println("removing cluster " + clusterName + "...");
            try {
                run.close();
            } finally {
                stopped.countDown();
            }
        }, "kubecanvas-down");
        Runtime.getRuntime().addShutdownHook(hook);
        FileTime seen = lastModified();
        long last = System.nanoTime();
        while (true) {
            Thread.sleep(interval * 1000L);
            try {
                FileTime now = lastModified();
                if (!now.equals(seen)) {
                    seen = now;
                    Design edited = load(err);
                    if (edited != null) {
                        out.println("design changed: applying the difference");
                        run.apply(edited);
                    }
                }
                long t = System.nanoTime();
                run.tick(Duration.ofNanos(t - last));
                last = t;
                events.run();
            } catch (RuntimeException e) {
                err.println("kubecanvas: reconcile: " + e.getMessage());
            }
        }
    }

    private FileTime lastModified() {
        FileTime max = FileTime.fromMillis(0);
        for (Path p : files) {
            try {
                FileTime t = Files.getLastModifiedTime(p);
                if (t.compareTo(max) > 0) {
                    max = t;
                }
            } catch (java.io.IOException ignored) {
                // a file being rewritten: try again next pass
            }
        }
        return max;
    }

    private Design load(PrintWriter err) {
        DesignIO.LoadResult r = DesignIO.load(files);
        if (!r.ok()) {
            for (YamlException e : r.errors()) {
                err.println(e.describe());
            }
            return null;
        }
        return r.design();
    }

    static void printSummary(PrintWriter out, DockerJavaEngine engine, String clusterName) {
        for (RunningClusters.Summary s : RunningClusters.list(engine)) {
            if (!s.name().equals(clusterName)) {
                continue;
            }
            out.printf("  %d node(s), %d Pod(s), %d/%d container(s) running%n", s.nodes(), s.pods(),
                    s.containersRunning(), s.containers());
            s.hostPorts().forEach((k, v) -> out.printf("  %-40s %s://127.0.0.1:%d%n", k, k.equals("ingress-https") ? "https" : "http", v));
            s.standIns().forEach(x -> out.println("  " + x));
        }
    }
}
