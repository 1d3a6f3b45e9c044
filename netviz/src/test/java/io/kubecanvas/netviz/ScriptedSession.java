package io.kubecanvas.netviz;

import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.emulator.state.ClusterState.PodState;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A {@link RunSession} over {@link SeedFixture}: round-robin load balancing, Pod deletion recreates the Pod. */
final class ScriptedSession implements RunSession {
    private final List<Consumer<ClusterState>> listeners = new CopyOnWriteArrayList<>();
    private List<PodState> pods = SeedFixture.pods();
    private ClusterState state = SeedFixture.state(0, List.of(), true);
    private boolean running;
    private boolean worker2 = true;
    private long flow;
    private int next;
    private long version = 1;
    private String backend = "sim";

    @Override
    public List<String> backends() {
        return List.of("sim", "docker");
    }

    @Override
    public String backend() {
        return backend;
    }

    @Override
    public void useBackend(String name) throws BackendUnavailableException {
        if (name.equals("docker")) {
            throw new BackendUnavailableException("No Docker engine is reachable here. Keep the sim backend.");
        }
        backend = name;
    }

    @Override
    public void start() {
        running = true;
        publish();
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean running() {
        return running;
    }

    @Override
    public synchronized ClusterState state() {
        return state;
    }

    @Override
    public void addStateListener(Consumer<ClusterState> listener) {
        listeners.add(listener);
    }

    @Override
    public synchronized List<PacketEvent> send(TrafficRequest request) {
        PodState client = pods.stream().filter(p -> p.key().equals(request.source())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no Pod " + request.source()));
        String t = request.target();
        boolean viaService = t.contains("web-service") || t.startsWith(SeedFixture.VIP);
        PodState server;
        if (viaService) {
            List<PodState> eps = pods.stream().filter(p -> "web-app".equals(p.labels().get("app"))).toList();
            server = eps.get(next++ % eps.size());
        } else {
            server = pods.stream().filter(p -> p.key().equals(t) || t.startsWith(p.ip())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no target " + t));
        }
        return SeedFixture.request(++flow, flow * 1_000_000, client, server, viaService);
    }

    @Override
    public io.kubecanvas.emulator.backend.ProbeResult probe(io.kubecanvas.emulator.backend.ProbeRequest request) {
        List<PacketEvent> hops = send(new TrafficRequest(request.from(), request.target(), "http", request.port()));
        boolean delivered = hops.stream().anyMatch(e -> e.verdict() == PacketEvent.Verdict.DELIVERED);
        return new io.kubecanvas.emulator.backend.ProbeResult(request, delivered
                ? io.kubecanvas.emulator.backend.ProbeResult.Outcome.DELIVERED : io.kubecanvas.emulator.backend.ProbeResult.Outcome.TIMEOUT,
                null, null, null, hops);
    }

    @Override
    public io.kubecanvas.emulator.plan.NetworkPlan plan() {
        return running ? io.kubecanvas.emulator.plan.NetworkPlan.compute(state()) : null;
    }

    @Override
    public void advance(Duration duration) {
    }

    @Override
    public synchronized void stopNode(String node) {
        worker2 = !"worker-2".equals(node) && worker2;
        publish();
    }

    @Override
    public synchronized void startNode(String node) {
        if ("worker-2".equals(node)) {
            worker2 = true;
        }
        publish();
    }

    @Override
    public synchronized void deletePod(String namespace, String name) {
        PodState gone = pods.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
        pods.remove(gone);
        if (gone.owner() != null) {
            pods.add(SeedFixture.pod(gone.name().substring(0, gone.name().length() - 5) + "zzzzz", gone.node(),
                    gone.ip().substring(0, gone.ip().lastIndexOf('.')) + ".9", gone.labels(), gone.owner()));
        }
        publish();
    }

    @Override
    public boolean impairLink(String node, Duration delay, double lossPercent) {
        return false;
    }

    private void publish() {
        state = SeedFixture.state(version++, List.copyOf(pods), worker2);
        listeners.forEach(l -> l.accept(state));
    }
}
