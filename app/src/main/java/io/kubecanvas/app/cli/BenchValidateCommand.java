package io.kubecanvas.app.cli;

import io.kubecanvas.model.validate.ValidationBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code kubecanvas bench validate [--objects 10000]}: validation throughput on generated manifests, against
 * the target of 30,000 objects/s for parse plus validation; {@code --real FILE}: the wall time of the
 * {@code kubecanvas validate FILE} command against {@code kubectl kustomize} on the same file (target: within 1.5x).
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Validation throughput on generated manifests, in objects/second.",
                "Generates Namespaces, Deployments, Services, Ingresses, Pods and NetworkPolicies, then times",
                "validation alone and YAML parse plus validation (wall time, median of the runs; the process's",
                "CPU time is printed beside it). Target: parse + validate at least 30,000 objects/s.",
                "With --real FILE: the whole 'kubecanvas validate FILE' command (JVM start included) against",
                "'kubectl kustomize' on the same file, median wall time of --runs runs each. Target: within 1.5x.",
                "Exit status 1 when the target is missed."})
public final class BenchValidateCommand implements Callable<Integer> {
    static final double TARGET_OBJECTS_PER_SECOND = 30_000;
    static final double TARGET_RATIO_TO_KUSTOMIZE = 1.5;

    @Option(names = "--objects", defaultValue = "10000", description = "objects to generate (default ${DEFAULT-VALUE})")
    int objects;

    @Option(names = "--runs", defaultValue = "9", description = "measured runs; the median is printed (default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--warmup", defaultValue = "10", description = "unmeasured runs first, for the JIT (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--real", paramLabel = "FILE", description = "compare 'kubecanvas validate FILE' with 'kubectl kustomize'")
    Path real;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (objects < 1 || runs < 1 || warmup < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--objects and --runs must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (real != null) {
            return compareWithKustomize(out);
        }
        out.printf("bench validate: %d generated objects, %d warm-up runs, median of %d runs, %d cores, load average %.2f%n",
                objects, warmup, runs, Runtime.getRuntime().availableProcessors(), load());
        out.flush();
        ValidationBenchmark.Result r = ValidationBenchmark.run(objects, warmup, runs);
        out.printf("validate:         %,10.0f objects/s  (%.1f ms per run, %,.0f objects/s of process CPU time, %d findings)%n",
                r.validatePerSecond(), r.validateNanos() / 1e6, r.validatePerCpuSecond(), r.findings());
        out.printf("parse + validate: %,10.0f objects/s  (%.1f ms per run, %,.0f objects/s of process CPU time, %.1f MB of YAML)%n",
                r.parseAndValidatePerSecond(), r.parseAndValidateNanos() / 1e6, r.parseAndValidatePerCpuSecond(),
                r.yamlBytes() / 1e6);
        boolean met = r.parseAndValidatePerSecond() >= TARGET_OBJECTS_PER_SECOND;
        out.printf("target: parse + validate at least %,.0f objects/s (wall time): %s (load average %.2f at the end)%n",
                TARGET_OBJECTS_PER_SECOND, met ? "met" : "MISSED", load());
        out.flush();
        return met ? 0 : 1;
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Median wall times of both commands as a user runs them, each on the same file. */
    private int compareWithKustomize(PrintWriter out) throws IOException, InterruptedException {
        if (!Files.isRegularFile(real)) {
            throw new CommandLine.ParameterException(spec.commandLine(), real + ": no such file");
        }
        Path kubectl = onPath("kubectl");
        if (kubectl == null) {
            spec.commandLine().getErr().println("kubecanvas bench validate --real: kubectl is not on PATH; install it to compare");
            return 1;
        }
        Path dir = Files.createTempDirectory("kubecanvas-bench");
        try {
            Path copy = dir.resolve("manifest.yaml");
            Files.copy(real, copy);
            Files.writeString(dir.resolve("kustomization.yaml"), "resources:\n- manifest.yaml\n");
            List<String> validate = validateCommand(copy);
            List<String> kustomize = List.of(kubectl.toString(), "kustomize", dir.toString());
            out.printf("bench validate --real %s: %.2f MB, median of %d runs each, %d cores, load average %.2f%n", real,
                    Files.size(real) / 1e6, runs, Runtime.getRuntime().availableProcessors(), load());
            out.println("  kubecanvas: " + String.join(" ", validate));
            out.println("  kubectl:    " + String.join(" ", kustomize));
            out.flush();
            time(kustomize, dir); // once each unmeasured: file caches
            time(validate, dir);
            long[] k = new long[runs];
            long[] v = new long[runs];
            for (int i = 0; i < runs; i++) {
                k[i] = time(kustomize, dir);
                v[i] = time(validate, dir);
            }
            double kms = median(k) / 1e6;
            double vms = median(v) / 1e6;
            double ratio = vms / kms;
            boolean met = ratio <= TARGET_RATIO_TO_KUSTOMIZE;
            out.printf("kubectl kustomize:   %8.0f ms%n", kms);
            out.printf("kubecanvas validate: %8.0f ms  (%.2fx kubectl kustomize)%n", vms, ratio);
            out.printf("target: within %.1fx of kubectl kustomize: %s (load average %.2f at the end)%n",
                    TARGET_RATIO_TO_KUSTOMIZE, met ? "met" : "MISSED", load());
            out.flush();
            return met ? 0 : 1;
        } finally {
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** The launcher a user types when known (it adds the start-up archive), else this JVM on this class path. */
    private static List<String> validateCommand(Path file) {
        String launcher = System.getProperty("kubecanvas.launcher");
        List<String> cmd = new ArrayList<>();
        if (launcher != null && Files.isExecutable(Path.of(launcher))) {
            cmd.add(launcher);
        } else {
            cmd.add(ProcessHandle.current().info().command().orElse("java"));
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add("io.kubecanvas.app.Main");
        }
        cmd.add("validate");
        cmd.add(file.toString());
        return cmd;
    }

    /** Wall time of one run; output discarded. validate exits 1 on errors in the file, which is a finished run too. */
    private static long time(List<String> command, Path dir) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", command));
        }
        if (p.exitValue() > 1) {
            throw new IOException("failed (exit " + p.exitValue() + "): " + String.join(" ", command));
        }
        return System.nanoTime() - t0;
    }

    private static long median(long[] values) {
        long[] s = values.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static Path onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(d, program);
            if (!d.isEmpty() && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
