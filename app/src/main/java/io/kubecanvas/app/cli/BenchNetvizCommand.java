package io.kubecanvas.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code kubecanvas bench netviz}: renders 200 Pods with 100 packets in flight and prints the frame rate
 * and the delay from an event to its first frame. It starts JavaFX (loaded by name, so the rest of the CLI
 * never touches it) and needs a display, for example Xvfb.
 */
@Command(name = "netviz", mixinStandardHelpOptions = true,
        description = "Animate 200 Pods with 100 packets in flight; print frames/s and event-to-frame delay.")
public final class BenchNetvizCommand implements java.util.concurrent.Callable<Integer> {

    @CommandLine.Option(names = "--seconds", defaultValue = "5", description = "measuring time (default 5)")
    double seconds;

    @Override
    public Integer call() throws Exception {
        Class.forName("io.kubecanvas.netviz.bench.NetvizBench").getMethod("main", String[].class)
                .invoke(null, (Object) new String[]{String.valueOf(seconds)});
        return 0;
    }
}
