package io.kubecanvas.netviz.bench;

import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.packet.PacketEvent.Direction;
import io.kubecanvas.emulator.packet.PacketEvent.Header;
import io.kubecanvas.emulator.packet.PacketEvent.Verdict;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.Cluster;
import io.kubecanvas.netviz.view.NetworkView;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Renders a synthetic cluster of 200 Pods on 8 nodes with 100 flows moving at once and prints the frame
 * rate and the event-to-frame delay. Targets: at least 30 frames per second under the software renderer
 * ({@code -Dprism.order=sw}) and under 100 ms from an event to its first frame.
 */
public final class NetvizBench {
    private NetvizBench() {
    }

    /** What one run measured. */
    public record Figures(int pods, int inFlight, double framesPerSecond, double delayP50Ms, double delayP95Ms,
                          double delayMaxMs, int delaySamples) {
        public String report() {
            return String.format(Locale.ROOT, "netviz bench: %d Pods, %d packets in flight: %.1f frames/s (target >= 30); "
                    + "event to first frame p50 %.1f ms, p95 %.1f ms, max %.1f ms over %d events (target < 100 ms)",
                    pods, inFlight, framesPerSecond, delayP50Ms, delayP95Ms, delayMaxMs, delaySamples);
        }
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("prism.order", System.getProperty("prism.order", "sw"));
        CountDownLatch up = new CountDownLatch(1);
        Platform.startup(up::countDown);
        up.await();
        Figures f = run(Double.parseDouble(args.length > 0 ? args[0] : "5"));
        System.out.println(f.report());
        Platform.exit();
    }

    /** Runs for {@code seconds} of measurement; the JavaFX toolkit must be running; call from any thread but FX. */
    public static Figures run(double seconds) throws Exception {
        AtomicReference<NetworkView> ref = new AtomicReference<>();
        AtomicReference<Stage> stageRef = new AtomicReference<>();
        ClusterState state = cluster(8, 200);
        onFx(() -> {
            NetworkView v = new NetworkView();
            v.setState(state);
            Stage st = new Stage();
            st.setScene(new Scene(v, 1280, 800));
            st.show();
            ref.set(v);
            stageRef.set(st);
        });
        NetworkView view = ref.get();
        List<ClusterState.PodState> pods = state.pods();
        // 100 flows, each a long walk between two Pods on different nodes, so 100 packets stay in flight.
        onFx(() -> {
            view.setSpeed(2);
            for (int f = 0; f < 100; f++) {
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
        onFx(() -> view.eventToFrameNanos().clear());
        long f0 = callFx(view::frames);
        long t0 = System.nanoTime();
        // Fresh events on idle flows, one every 50 ms, measure the delay to their first frame.
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
        long frames = callFx(view::frames) - f0;
        double secs = (System.nanoTime() - t0) / 1e9;
        List<Long> delays = new ArrayList<>(callFx(() -> List.copyOf(view.eventToFrameNanos())));
        delays.sort(null);
        onFx(() -> {
            view.stopAnimation();
            stageRef.get().close();
        });
        double p50 = delays.isEmpty() ? Double.NaN : delays.get(delays.size() / 2) / 1e6;
        double p95 = delays.isEmpty() ? Double.NaN : delays.get(Math.min(delays.size() - 1, (int) (delays.size() * 0.95))) / 1e6;
        double max = delays.isEmpty() ? Double.NaN : delays.get(delays.size() - 1) / 1e6;
        return new Figures(pods.size(), inFlight, frames / secs, p50, p95, max, delays.size());
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
        AtomicReference<T> out = new AtomicReference<>();
        AtomicReference<Exception> err = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            try {
                out.set(c.call());
            } catch (Exception e) {
                err.set(e);
            } finally {
                done.countDown();
            }
        });
        if (!done.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the JavaFX thread did not answer within 30 s");
        }
        if (err.get() != null) {
            throw err.get();
        }
        return out.get();
    }
}
