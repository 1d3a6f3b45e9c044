package io.kubecanvas.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code kubecanvas bench netviz}: renders 200 Pods in a 1920x1080 window with 100 labelled packets in flight
 * and prints the frame rate on screen and the delay from an event to the frame that shows it, with the load
 * average; exit 1 when a target is missed. It starts JavaFX (loaded by name, so the rest of the CLI never
 * touches it) and needs a display, for example Xvfb.
 */
@Command(name = "netviz", mixinStandardHelpOptions = true,
        description = {"Animate 200 Pods with 100 labelled packets in flight in a 1920x1080 window on the software",
                "renderer; print frames/s on screen and event-to-screen delay. Exit 1 when a target is missed."})
public final class BenchNetvizCommand implements java.util.concurrent.Callable<Integer> {

    @CommandLine.Option(names = "--seconds", defaultValue = "5", description = "measuring time (default 5)")
    double seconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return (Integer) Class.forName("io.kubecanvas.netviz.bench.NetvizBench")
                .getMethod("cli", java.io.PrintWriter.class, java.io.PrintWriter.class, double.class)
                .invoke(null, spec.commandLine().getOut(), spec.commandLine().getErr(), seconds);
    }
}
