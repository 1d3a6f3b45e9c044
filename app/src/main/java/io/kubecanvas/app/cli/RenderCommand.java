package io.kubecanvas.app.cli;

import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.backend.Protocol;
import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.run.ClusterRun;
import io.kubecanvas.emulator.sim.SimBackend;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.Design;
import io.kubecanvas.netviz.record.EventRecording;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code kubecanvas render FILE --flow FROM:TO -o out.gif}: runs the design, sends one request and films it
 * for slides, headless (no display). The drawing half lives in netviz and is loaded by name, so the rest of
 * the command line never loads JavaFX. Exit 0 written, 1 the probe failed to start or render, 2 usage.
 */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Film one request through the emulated cluster (or a recording) for slides, without a display.",
                "-o OUT: .gif an animated GIF; .png or .svg one picture (with --step N: the packet at hop N);",
                "any other name a folder of PNG frames (frame-0001.png ...).",
                "FROM:TO as for probe: NS/POD or external, then a TARGET (NS/POD, a Service, IP:port, a URL)."})
public final class RenderCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "the design")
    List<Path> paths;

    @Option(names = "--flow", paramLabel = "FROM:TO", description = "the request, e.g. default/client:default/web-service")
    String flow;

    @Option(names = "--replay", paramLabel = "FILE.jsonl", description = "film a recording (saved in the app) instead of a request")
    Path replay;

    @Option(names = "--port", defaultValue = "0", paramLabel = "N", description = "port (default: the target's first port)")
    int port;

    @Option(names = "--protocol", defaultValue = "tcp", paramLabel = "tcp|udp|icmp", description = "tcp (default), udp or icmp")
    String protocol;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "out.gif, out.png, out.svg or a folder")
    Path out;

    @Option(names = "--size", defaultValue = "1280x720", paramLabel = "WxH", description = "picture size (default 1280x720)")
    String size;

    @Option(names = "--fps", defaultValue = "15", paramLabel = "N", description = "frames per second (default 15)")
    int fps;

    @Option(names = "--speed", defaultValue = "1", paramLabel = "X", description = "playback speed (default 1; 0.5 is slower)")
    double speed;

    @Option(names = "--layer", defaultValue = "both", paramLabel = "physical|logical|both", description = "what to draw (default both)")
    String layer;

    @Option(names = "--dark", description = "dark colours")
    boolean dark;

    @Option(names = "--step", defaultValue = "0", paramLabel = "N", description = "for .png/.svg: highlight hop N (1 = first)")
    int step;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        int[] wh = size(size);
        if (wh == null) {
            err.println("kubecanvas render: --size must be WIDTHxHEIGHT, e.g. 1280x720, not '" + size + "'");
            return 2;
        }
        if ((flow == null) == (replay == null)) {
            err.println("kubecanvas render: give either --flow FROM:TO or --replay FILE.jsonl");
            return 2;
        }
        Design design = PlanCommand.loadDesign(paths, spec);
        if (design == null) {
            return 2;
        }
        ClusterState state;
        List<PacketEvent> hops;
        String what;
        // One run of the design: its state is what the film draws, its sim what a --flow probes.
        try (ClusterRun run = ClusterRun.start(design, new SimBackend())) {
            state = run.state();
            if (replay != null) {
                try {
                    hops = EventRecording.read(replay);
                } catch (IOException e) {
                    err.println("kubecanvas render: " + e.getMessage());
                    return 2;
                }
                what = "recording " + replay.getFileName();
            } else {
                int colon = flow.indexOf(':');
                if (colon <= 0 || colon == flow.length() - 1) {
                    err.println("kubecanvas render: --flow must be FROM:TO, e.g. default/client:default/web-service, not '" + flow + "'");
                    return 2;
                }
                String from = flow.substring(0, colon);
                ProbeResult r = run.probe(new ProbeRequest("outside".equals(from) ? ProbeRequest.EXTERNAL : from,
                        flow.substring(colon + 1), port, Protocol.parse(protocol)));
                hops = r.hops();
                what = r.outcome().word() + (r.reason() == null || r.reason().isEmpty() ? "" : " (" + r.reason() + ")");
            }
        } catch (IllegalArgumentException e) {
            err.println("kubecanvas render: " + e.getMessage());
            return 2;
        }
        if (hops.isEmpty()) {
            err.println("kubecanvas render: nothing to film: the " + what + " has no hops");
            return 1;
        }
        String done;
        try {
            done = (String) Class.forName("io.kubecanvas.netviz.export.Render").getMethod("render", ClusterState.class,
                            List.class, Path.class, int.class, int.class, int.class, double.class, String.class, boolean.class,
                            int.class)
                    .invoke(null, state, hops, out, wh[0], wh[1], fps, speed, layer, dark, step - 1);
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException) {
                err.println("kubecanvas render: " + cause.getMessage());
                return 2;
            }
            err.println("kubecanvas render: " + (cause.getMessage() == null ? cause : cause.getMessage()));
            return 1;
        }
        spec.commandLine().getOut().println(done + "; " + what);
        return 0;
    }

    static int[] size(String text) {
        String[] p = text.toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            return p.length == 2 ? new int[]{Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim())} : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
