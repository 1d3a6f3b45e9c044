package io.kubecanvas.netviz.bench;

import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.packet.PacketEvent.Direction;
import io.kubecanvas.emulator.packet.PacketEvent.Header;
import io.kubecanvas.emulator.packet.PacketEvent.Verdict;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.Cluster;
import io.kubecanvas.netviz.view.NetworkView;
import com.sun.javafx.perf.PerformanceTracker;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.StageStyle;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Renders a synthetic cluster of 200 Pods on 8 nodes in a 1920x1080 window with 100 flows moving at once,
 * every packet with its address label, and prints the frame rate on screen and the delay from an event to
 * the first frame on screen that shows it. Frames are counted where the JavaFX renderer finishes and
 * presents one (its performance tracker), not where the view asks to be drawn. Targets: at least 30
 * frames per second under the software renderer ({@code -Dprism.order=sw}) and under 100 ms from an event
 * to the screen.
 */
public final class NetvizBench {
    public static final int WIDTH = 1920;
    public static final int HEIGHT = 1080;
    public static final int PODS = 200;
    public static final int NODES = 8;
    public static final int FLOWS = 100;

    private NetvizBench() {
    }

    /** What one run measured. */
    public record Figures(int width, int height, int pods, int nodes, int inFlight, boolean labels, String pipeline,
                          double framesOnScreenPerSecond, double overlayFramesPerSecond, double delayP50Ms,
                          double delayP95Ms, double delayMaxMs, int delaySamples, double renderCpuMsPerFrame, double fxCpuMsPerFrame,
                          double loadAverage, int cores) {

        public boolean met() {
            return framesOnScreenPerSecond >= 30 && delaySamples > 0 && delayP95Ms < 100;
        }

        public String report() {
            return String.format(Locale.ROOT, "netviz bench: %dx%d window, %d Pods on %d nodes, %d packets in flight%s, %s: "
                    + "%.1f frames/s on screen (frames the renderer finished and presented; the view drew %.1f/s) "
                    + "(target >= 30: %s); event to the first frame on screen that shows it: p50 %.1f ms, p95 %.1f ms, "
                    + "max %.1f ms over %d events (target p95 < 100 ms: %s); CPU per frame: renderer %.1f ms, "
                    + "JavaFX thread %.1f ms; load average %.2f on %d cores",
                    width, height, pods, nodes, inFlight, labels ? " with address labels" : " without labels", pipeline,
                    framesOnScreenPerSecond, overlayFramesPerSecond, framesOnScreenPerSecond >= 30 ? "met" : "MISSED",
                    delayP50Ms, delayP95Ms, delayMaxMs, delaySamples,
                    delaySamples > 0 && delayP95Ms < 100 ? "met" : "MISSED", renderCpuMsPerFrame, fxCpuMsPerFrame,
                    loadAverage, cores);
        }
    }

    /**
     * {@code kubecanvas bench netviz}: starts JavaFX on the software renderer, runs, prints the figures.
     *
     * @return 0 when every target was met, 1 when one was missed, 2 when JavaFX cannot start here
     */
    public static int cli(PrintWriter out, PrintWriter err, double seconds) throws Exception {
        System.setProperty("prism.order", System.getProperty("prism.order", "sw"));
        if (System.getenv("DISPLAY") == null && !"Monocle".equals(System.getProperty("glass.platform"))) {
            err.println("kubecanvas bench netviz: needs a display: start one with `Xvfb :99 -screen 0 1920x1080x24 &` "
                    + "and run with DISPLAY=:99");
            return 2;
        }
        CountDownLatch up = new CountDownLatch(1);
        Platform.startup(up::countDown);
        up.await();
        try {
            Figures f = run(seconds);
            out.println(f.report());
            out.flush();
            return f.met() ? 0 : 1;
        } finally {
            Platform.exit();
        }
    }

    /** Runs for {@code seconds} of measurement; the JavaFX toolkit must be running; call from any thread but FX. */
    public static Figures run(double seconds) throws Exception {
        AtomicReference<NetworkView> ref = new AtomicReference<>();
        AtomicReference<Stage> stageRef = new AtomicReference<>();
        ConcurrentLinkedQueue<Long> rendered = new ConcurrentLinkedQueue<>();
        AtomicReference<PerformanceTracker> tracker = new AtomicReference<>();
        ClusterState state = cluster(NODES, PODS);
        onFx(() -> {
            NetworkView v = new NetworkView();
            v.setState(state);
            Stage st = new Stage(StageStyle.UNDECORATED);
            Scene scene = new Scene(v, WIDTH, HEIGHT);
            v.setPacketLabels(true);
            st.setScene(scene);
            st.setX(0);
            st.setY(0);
            st.show();
            // Called on the render thread after each frame is painted and presented.
            PerformanceTracker t = PerformanceTracker.getSceneTracker(scene);
            t.setOnRenderedFrameTask(() -> rendered.add(System.nanoTime()));
            tracker.set(t);
            ref.set(v);
            stageRef.set(st);
        });
        NetworkView view = ref.get();
        List<ClusterState.PodState> pods = state.pods();
        // 100 flows, each a long walk between two Pods on different nodes, so 100 packets stay in flight.
        onFx(() -> {
            view.setSpeed(2);
            for (int f = 0; f < FLOWS; f++) {
                ClusterState.PodState a = pods.get(f * 2 % pods.size());
                ClusterState.PodState b = pods.get((f * 2 + 27) % pods.size());
                List<PacketEvent> hops = new ArrayList<>();
                for (int round = 0; round < 60; round++) {
                    hops.addAll(round % 2 == 0 ? walk(f, a, b, state) : walk(f, b, a, state));
                }
                view.play(0, hops);
            }
        });
        Thread.sleep(1500);
        int inFlight = callFx(view::packetsInFlight);
        double[] size = callFx(() -> new double[]{view.getWidth(), view.getHeight()});
        onFx(() -> view.drawTimes().clear());
        long f0 = callFx(view::frames);
        rendered.clear();
        long[] cpu0 = threadCpu();
        long t0 = System.nanoTime();
        // Fresh events on idle flows, one every 50 ms, measure the delay to the first frame on screen.
        long end = t0 + (long) (seconds * 1e9);
        int probe = 0;
        while (System.nanoTime() < end) {
            ClusterState.PodState a = pods.get(probe * 7 % pods.size());
            ClusterState.PodState b = pods.get((probe * 7 + 3) % pods.size());
            List<PacketEvent> one = walk(1_000_000 + probe, a, b, state).subList(0, 2);
            Platform.runLater(() -> view.play(0, one));
            probe++;
            Thread.sleep(50);
        }
        long drawn = callFx(view::frames) - f0;
        long[] cpu1 = threadCpu();
        double secs = (System.nanoTime() - t0) / 1e9;
        long[] onScreen = rendered.stream().mapToLong(Long::longValue).filter(t -> t >= t0).sorted().toArray();
        List<long[]> draws = callFx(() -> List.copyOf(view.drawTimes()));
        List<Long> delays = new ArrayList<>();
        for (long[] d : draws) {
            int i = Arrays.binarySearch(onScreen, d[1]);
            int at = i >= 0 ? i : -i - 1;
            if (at < onScreen.length) {
                delays.add(onScreen[at] - d[0]);
            }
        }
        delays.sort(null);
        onFx(() -> {
            tracker.get().setOnRenderedFrameTask(null);
            view.stopAnimation();
            stageRef.get().close();
        });
        double p50 = delays.isEmpty() ? Double.NaN : delays.get(delays.size() / 2) / 1e6;
        double p95 = delays.isEmpty() ? Double.NaN : delays.get(Math.min(delays.size() - 1, (int) (delays.size() * 0.95))) / 1e6;
        double max = delays.isEmpty() ? Double.NaN : delays.get(delays.size() - 1) / 1e6;
        return new Figures((int) size[0], (int) size[1], pods.size(), NODES, inFlight, true, pipeline(),
                onScreen.length / secs, drawn / secs, p50, p95, max, delays.size(),
                (cpu1[0] - cpu0[0]) / 1e6 / Math.max(1, onScreen.length), (cpu1[1] - cpu0[1]) / 1e6 / Math.max(1, drawn),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
    }

    /** CPU time so far of the JavaFX renderer thread and of the JavaFX application thread, in nanoseconds. */
    private static long[] threadCpu() {
        var mx = ManagementFactory.getThreadMXBean();
        long render = 0;
        long fx = 0;
        for (var info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long t = mx.getThreadCpuTime(info.getThreadId());
            if (info.getThreadName().startsWith("QuantumRenderer")) {
                render += Math.max(0, t);
            } else if (info.getThreadName().equals("JavaFX Application Thread")) {
                fx += Math.max(0, t);
            }
        }
        return new long[]{render, fx};
    }

    /** Which renderer JavaFX runs on: "software renderer" under prism.order=sw. */
    private static String pipeline() {
        String name = com.sun.prism.GraphicsPipeline.getPipeline() == null ? "?"
                : com.sun.prism.GraphicsPipeline.getPipeline().getClass().getSimpleName();
        return name.startsWith("SW") ? "software renderer" : name;
    }

    /** A synthetic cluster: {@code nodes} workers, {@code podCount} Pods spread over them. */
    public static ClusterState cluster(int nodes, int podCount) {
        List<ClusterState.NodeState> ns = new ArrayList<>();
        for (int n = 1; n <= nodes; n++) {
            ns.add(new ClusterState.NodeState("worker-" + n, "worker", "172.30.0." + (10 + n), "10.244." + n + ".0/24", true, Map.of()));
        }
        List<ClusterState.PodState> pods = new ArrayList<>();
        for (int i = 0; i < podCount; i++) {
            int n = i % nodes + 1;
            pods.add(new ClusterState.PodState("default", "app-" + i, "uid-" + i, "worker-" + n, "10.244." + n + "." + (2 + i / nodes),
                    "Running", true, Map.of("app", "app"), List.of(new ClusterState.ContainerPort(null, 80, "TCP")),
                    List.of("nginx"), false, null));
        }
        return new ClusterState(1, Cluster.NetworkSettings.defaults(), ns, List.of(), pods, List.of(), List.of(), List.of(),
                List.of(), Map.of());
    }

    /** The hops of one packet from Pod a to Pod b on another node through flannel VXLAN. */
    static List<PacketEvent> walk(long flow, ClusterState.PodState a, ClusterState.PodState b, ClusterState s) {
        List<Header> inner = List.of(new Header("ip", Map.of("src", a.ip(), "dst", b.ip())),
                new Header("tcp", Map.of("sport", "40000", "dport", "80")));
        String ua = s.node(a.node()).underlayIp();
        String ub = s.node(b.node()).underlayIp();
        List<Header> outer = new ArrayList<>(List.of(new Header("ip", Map.of("src", ua, "dst", ub)),
                new Header("udp", Map.of("sport", "50000", "dport", "8472")), new Header("vxlan", Map.of("vni", "1"))));
        outer.addAll(inner);
        List<PacketEvent> out = new ArrayList<>();
        out.add(new PacketEvent(0, flow, a.node(), "veth-" + a.name(), Direction.IN, inner, null, null, Verdict.FORWARDED, null, ""));
        out.add(new PacketEvent(0, flow, a.node(), "cni0", Direction.IN, inner, null, null, Verdict.FORWARDED, null, ""));
        out.add(new PacketEvent(0, flow, a.node(), "flannel.1", Direction.OUT, outer, null, null, Verdict.FORWARDED, null, ""));
        out.add(new PacketEvent(0, flow, a.node(), "eth0", Direction.OUT, outer, null, null, Verdict.FORWARDED, null, ""));
        out.add(new PacketEvent(0, flow, b.node(), "eth0", Direction.IN, outer, null, null, Verdict.FORWARDED, null, ""));
        out.add(new PacketEvent(0, flow, b.node(), "flannel.1", Direction.IN, inner, null, null, Verdict.FORWARDED, null, ""));
        out.add(new PacketEvent(0, flow, b.node(), "cni0", Direction.OUT, inner, null, null, Verdict.FORWARDED, null, ""));
        out.add(new PacketEvent(0, flow, b.node(), "veth-" + b.name(), Direction.OUT, inner, null, null, Verdict.DELIVERED, null, ""));
        return out;
    }

    private static void onFx(Runnable r) throws Exception {
        callFx(() -> {
            r.run();
            return null;
        });
    }

    private static <T> T callFx(java.util.concurrent.Callable<T> c) throws Exception {
        return io.kubecanvas.netviz.launch.FxThread.call(c, 30);
    }
}
