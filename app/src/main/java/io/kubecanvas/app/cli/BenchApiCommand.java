package io.kubecanvas.app.cli;

import io.kubecanvas.apiserver.ApiBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code kubecanvas bench api}: real kubectl against the API server: {@code get pods} on 500 Pods (minus
 * kubectl's start-up), {@code apply} of 200 objects, and watch event latency, each with its target. Exit 1
 * when a target is missed.
 */
@Command(name = "api", mixinStandardHelpOptions = true,
        description = "Benchmark the Kubernetes API server with real kubectl: get pods on 500 Pods, apply of 200 objects, watch latency.")
public final class BenchApiCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--kubectl", defaultValue = "kubectl", description = "The kubectl to run (default: kubectl on PATH).")
    String kubectl;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path work = Files.createTempDirectory("kubecanvas-bench-api");
        try {
            out.println("bench api: real " + kubectlVersion() + ", the sim backend, TLS on 127.0.0.1; "
                    + Runtime.getRuntime().availableProcessors() + " cores, load average " + loadAverage());
            out.flush();
            List<ApiBenchmark.Figure> figures = ApiBenchmark.run(kubectl, work);
            figures.forEach(out::println);
            boolean met = figures.stream().allMatch(ApiBenchmark.Figure::met);
            out.println((met ? "all targets met" : "a target was MISSED") + "; load average after: " + loadAverage());
            out.flush();
            return met ? 0 : 1;
        } finally {
            try (var walk = Files.walk(work)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private String kubectlVersion() {
        try {
            Process p = new ProcessBuilder(kubectl, "version", "--client").redirectErrorStream(true).start();
            String first = new String(p.getInputStream().readAllBytes()).lines().findFirst().orElse("");
            p.waitFor();
            return "kubectl (" + first.strip() + ")";
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot run " + kubectl + ": " + e.getMessage() + " (install kubectl, or pass --kubectl PATH)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "kubectl";
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
