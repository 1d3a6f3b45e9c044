package io.kubecanvas.model.validate;

import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.yaml.YamlException;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;

/**
 * Measures validation throughput on generated manifests: validation alone, and YAML parsing plus
 * validation. Warm-up runs let the JIT compile first; the median of the measured runs is reported.
 */
public final class ValidationBenchmark {

    /**
     * @param objects      objects validated per run
     * @param findings     findings of one run
     * @param validateNanos median time of one validation
     * @param parseAndValidateNanos median time of one parse plus validation
     */
    public record Result(int objects, int findings, int runs, long validateNanos, long validateCpuNanos,
                         long parseAndValidateNanos, long parseAndValidateCpuNanos, long yamlBytes) {
        public double validatePerSecond() {
            return objects * 1e9 / validateNanos;
        }

        /**
         * Objects per second of the process's CPU time (all threads: workers, GC, JIT), a figure that holds
         * when other processes share the cores.
         */
        public double validatePerCpuSecond() {
            return objects * 1e9 / validateCpuNanos;
        }

        public double parseAndValidatePerSecond() {
            return objects * 1e9 / parseAndValidateNanos;
        }

        public double parseAndValidatePerCpuSecond() {
            return objects * 1e9 / parseAndValidateCpuNanos;
        }
    }

    private ValidationBenchmark() {
    }

    /**
     * Validates one parsed design {@code warmups} times unmeasured, then {@code runs} times measured; then
     * parses and validates {@code runs} times measured (after one unmeasured round).
     */
    public static Result run(int objects, int warmups, int runs) throws YamlException {
        String yaml = GeneratedManifests.yaml(objects, 42);
        DesignValidator validator = new DesignValidator();
        Design design = DesignIO.parse("generated.yaml", yaml);
        if (design.objects().size() != objects) {
            throw new IllegalStateException("generated " + design.objects().size() + " objects, expected " + objects);
        }
        int findings = 0;
        for (int i = 0; i < warmups; i++) {
            findings = validator.validate(design).size();
        }
        var os = ManagementFactory.getOperatingSystemMXBean();
        com.sun.management.OperatingSystemMXBean process = os instanceof com.sun.management.OperatingSystemMXBean p ? p : null;
        boolean cpu = process != null && process.getProcessCpuTime() >= 0;
        long[] validate = new long[runs];
        long[] validateCpu = new long[runs];
        for (int i = 0; i < runs; i++) {
            long c0 = cpu ? process.getProcessCpuTime() : 0;
            long t0 = System.nanoTime();
            List<Finding> f = validator.validate(design);
            validate[i] = System.nanoTime() - t0;
            validateCpu[i] = cpu ? process.getProcessCpuTime() - c0 : validate[i];
            findings = f.size();
        }
        validator.validate(DesignIO.parse("generated.yaml", yaml));
        long[] both = new long[runs];
        long[] bothCpu = new long[runs];
        for (int i = 0; i < runs; i++) {
            long c0 = cpu ? process.getProcessCpuTime() : 0;
            long t0 = System.nanoTime();
            validator.validate(DesignIO.parse("generated.yaml", yaml));
            both[i] = System.nanoTime() - t0;
            bothCpu[i] = cpu ? process.getProcessCpuTime() - c0 : both[i];
        }
        return new Result(objects, findings, runs, median(validate), median(validateCpu), median(both), median(bothCpu),
                yaml.length());
    }

    private static long median(long[] values) {
        long[] s = values.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
