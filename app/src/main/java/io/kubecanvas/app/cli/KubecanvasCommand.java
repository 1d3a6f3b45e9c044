package io.kubecanvas.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The headless command line. Each subcommand is a thin class over the model or emulator: parsing
 * options, calling the engine, printing, choosing the exit code (0 fine, 1 findings or failures, 2 usage).
 */
@Command(name = "kubecanvas", mixinStandardHelpOptions = true, version = "kubecanvas 0.1.0",
        description = "Design, validate, export and emulate Kubernetes networking.",
        subcommands = {CommandLine.HelpCommand.class, ValidateCommand.class, ExportCommand.class, PlanCommand.class,
                ProbeCommand.class, MatrixCommand.class, UpCommand.class, DownCommand.class, LsCommand.class, KubeconfigCommand.class,
                FaultCommand.class, ImageCommand.class, RenderCommand.class, BenchCommand.class, LogsCommand.class,
                DiffCommand.class, ApplyCommand.class, ImportCommand.class,
                GradeCommand.class, LessonsCommand.class, CdsTrainingCommand.class})
public final class KubecanvasCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs with the given streams (tests capture them). Errors are one line, never a stack trace. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        boolean validate = args.length > 0 && args[0].equals("validate");
        if (validate) {
            // The validator's one-time set-up runs beside the command line's parsing and the reading of the files.
            io.kubecanvas.model.validate.DesignValidator.prepareInBackground();
        }
        // picocli builds every subcommand by reflection (about 50 ms); validate, run in scripts and editors, builds its own only.
        CommandLine cl = validate ? new CommandLine(new ValidateOnly()).addSubcommand(new ValidateCommand())
                : new CommandLine(new KubecanvasCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            err.println("kubecanvas: " + (ex.getMessage() != null ? ex.getMessage() : ex.toString()));
            return 2;
        });
        return cl.execute(args);
    }

    /** The root of {@code kubecanvas validate ...}: the same name, with that one subcommand. */
    @Command(name = "kubecanvas")
    static final class ValidateOnly implements Runnable {
        @Override
        public void run() {
        }
    }
}
