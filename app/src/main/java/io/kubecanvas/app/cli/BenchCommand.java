package io.kubecanvas.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code kubecanvas bench <what>}: benchmarks that print their figures. Each benchmark is its own
 * subcommand class listed here.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run a benchmark and print its figures.",
        subcommands = {BenchValidateCommand.class, BenchSimCommand.class, BenchDockerCommand.class,
                BenchDesignerCommand.class, BenchNetvizCommand.class, BenchApiCommand.class,
                BenchGradeCommand.class})
public final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What else the machine runs changes every figure: the 1-minute load average and the cores, for each report. */
    static String machineLoad() {
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return String.format(java.util.Locale.ROOT, "machine load average %.2f on %d cores (other work on the machine"
                + " slows every wall-time figure)", load, Runtime.getRuntime().availableProcessors());
    }
}
