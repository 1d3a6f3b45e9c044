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
                BenchDesignerCommand.class, BenchNetvizCommand.class,
                BenchGradeCommand.class})
public final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
