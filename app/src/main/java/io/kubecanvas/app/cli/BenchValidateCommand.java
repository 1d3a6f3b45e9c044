package io.kubecanvas.app.cli;

import io.kubecanvas.model.validate.ValidationBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.concurrent.Callable;

/** {@code kubecanvas bench validate [--objects 10000]}: validation throughput on generated manifests. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Validation throughput on generated manifests, in objects/second.",
                "Generates Namespaces, Deployments, Services, Ingresses, Pods and NetworkPolicies, then times",
                "validation alone and YAML parse plus validation. Target: 20,000 objects/s for validation."})
public final class BenchValidateCommand implements Callable<Integer> {

    @Option(names = "--objects", defaultValue = "10000", description = "objects to generate (default ${DEFAULT-VALUE})")
    int objects;

    @Option(names = "--runs", defaultValue = "9", description = "measured runs; the median is printed (default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--warmup", defaultValue = "10", description = "unmeasured runs first, for the JIT (default ${DEFAULT-VALUE})")
    int warmup;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (objects < 1 || runs < 1 || warmup < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--objects and --runs must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        out.printf("bench validate: %d generated objects, %d warm-up runs, median of %d runs, %d cores, load average %.2f%n",
                objects, warmup, runs, Runtime.getRuntime().availableProcessors(), load);
        out.flush();
        ValidationBenchmark.Result r = ValidationBenchmark.run(objects, warmup, runs);
        out.printf("validate:         %,10.0f objects/s  (%.1f ms per run, %,.0f objects/s of process CPU time, %d findings)%n",
                r.validatePerSecond(), r.validateNanos() / 1e6, r.validatePerCpuSecond(), r.findings());
        out.printf("parse + validate: %,10.0f objects/s  (%.1f ms per run, %.1f MB of YAML)%n",
                r.parseAndValidatePerSecond(), r.parseAndValidateNanos() / 1e6, r.yamlBytes() / 1e6);
        out.flush();
        return 0;
    }
}
