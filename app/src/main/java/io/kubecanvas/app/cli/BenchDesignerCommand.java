package io.kubecanvas.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * {@code kubecanvas bench designer}: opens 1,000 Pods over 20 nodes in the designer window and prints the
 * time to first paint and the pan/zoom frame rate. It starts JavaFX (loaded by name, so the rest of the CLI
 * never touches it) and needs a display, for example Xvfb.
 */
@Command(name = "designer", mixinStandardHelpOptions = true,
        description = "Open 1,000 Pods over 20 nodes in the designer; print first-paint time and pan/zoom frame rate.")
public final class BenchDesignerCommand implements java.util.concurrent.Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return (Integer) Class.forName("io.kubecanvas.app.ui.bench.DesignerBench")
                .getMethod("run", PrintWriter.class, PrintWriter.class).invoke(null, out, err);
    }
}
