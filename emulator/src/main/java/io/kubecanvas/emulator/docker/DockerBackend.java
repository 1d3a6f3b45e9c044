package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.backend.EmulatorBackend;
import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.backend.ProbeResult.Outcome;
import io.kubecanvas.emulator.backend.ProbeTarget;
import io.kubecanvas.emulator.backend.Protocol;
import io.kubecanvas.emulator.docker.DockerEngine.ContainerInfo;
import io.kubecanvas.emulator.docker.DockerEngine.ExecResult;
import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.emulator.state.ClusterState.PodState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The docker backend behind the {@link EmulatorBackend} interface: {@link #apply} creates the cluster on the
 * first call (or attaches to a running one given by name) and applies differences afterwards; {@link #probe}
 * runs real clients (curl, nc, ping) inside the source Pod's network namespace, a node, or the edge container
 * for "external"; hops come from tcpdump on every node while the probe runs.
 */
public final class DockerBackend implements EmulatorBackend {
    /** How long a probe waits for a connection; a NetworkPolicy drop shows as this time-out. */
    static final int CONNECT_TIMEOUT_S = 1;
    static final int MAX_TIME_S = 3;

    private final DockerEngine engine;
    private final String clusterName;
    private final boolean attach;
    private final boolean removeOnClose;
    private final Consumer<String> log;
    private final List<Consumer<PacketEvent>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "kubecanvas-probe");
        t.setDaemon(true);
        return t;
    });
    private DockerCluster cluster;
    private ClusterState state;
    private NetworkPlan plan;
    private PacketCapture capture;

    private DockerBackend(DockerEngine engine, String clusterName, boolean attach, boolean removeOnClose, Consumer<String> log) {
        this.engine = engine;
        this.clusterName = clusterName;
        this.attach = attach;
        this.removeOnClose = removeOnClose;
        this.log = log;
    }

    /** A new cluster made by the first {@link #apply} and removed by {@link #close} (one-shot use). */
    public static DockerBackend create(DockerEngine engine, String clusterName, Consumer<String> log) {
        return new DockerBackend(engine, clusterName, false, true, log);
    }

    /** A cluster that already runs ({@code kubecanvas up --detach}); {@link #close} leaves it running. */
    public static DockerBackend attach(DockerEngine engine, String clusterName, Consumer<String> log) {
        return new DockerBackend(engine, clusterName, true, false, log);
    }

    @Override
    public String name() {
        return "docker";
    }

    public DockerCluster cluster() {
        return cluster;
    }

    @Override
    public synchronized void apply(ClusterState newState, NetworkPlan newPlan) {
        if (cluster == null) {
            cluster = attach ? DockerCluster.attach(engine, clusterName, log)
                    : DockerCluster.up(engine, clusterName, newState, false, log);
            if (attach) {
                cluster.apply(newState, newPlan);
            }
        } else {
            cluster.apply(newState, newPlan);
        }
        state = newState;
        plan = newPlan;
    }

    @Override
    public ProbeResult probe(ProbeRequest request) {
        return probe(request, true);
    }

    @Override
    public ProbeResult probe(ProbeRequest request, boolean recordHops) {
        List<PacketEvent> hops = new ArrayList<>();
        PacketCapture cap = null;
        if (recordHops) {
            cap = PacketCapture.start(requireCluster(), e -> {
                synchronized (hops) {
                    hops.add(e);
                }
            });
            sleep(600); // tcpdump needs a moment to open its socket
        }
        ProbeResult r;
        try {
            r = probeAll(List.of(request)).get(0);
        } finally {
            if (cap != null) {
                sleep(300);
                cap.close();
            }
        }
        if (!recordHops) {
            return r;
        }
        List<PacketEvent> sorted;
        synchronized (hops) {
            sorted = new ArrayList<>(hops);
        }
        sorted.sort(Comparator.comparingLong(PacketEvent::timeNanos));
        sorted = NatAnnotation.annotate(sorted);
        sorted.forEach(e -> listeners.forEach(l -> l.accept(e)));
        return new ProbeResult(r.request(), r.outcome(), r.answeredBy(), r.reason(), r.address(), sorted);
    }

    /**
     * Runs many probes at once: one shell per source runs its probes in parallel, sources in parallel too.
     * Results come back in request order, without hops (the reachability matrix needs outcomes only).
     */
    public List<ProbeResult> probeAll(List<ProbeRequest> requests) {
        DockerCluster c = requireCluster();
        Map<String, List<Integer>> bySource = new LinkedHashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            bySource.computeIfAbsent(requests.get(i).from(), k -> new ArrayList<>()).add(i);
        }
        ProbeResult[] out = new ProbeResult[requests.size()];
        List<Future<?>> fs = new ArrayList<>();
        for (var e : bySource.entrySet()) {
            fs.add(pool.submit(() -> {
                runSource(c, e.getKey(), e.getValue(), requests, out);
                return null;
            }));
        }
        for (Future<?> f : fs) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException ex) {
                throw ex.getCause() instanceof RuntimeException re ? re : new IllegalStateException(ex.getCause());
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
        return List.of(out);
    }

    private void runSource(DockerCluster c, String from, List<Integer> idx, List<ProbeRequest> requests, ProbeResult[] out) {
        String fromNamespace = null;
        String containerId;
        if (ProbeRequest.EXTERNAL.equals(from)) {
            containerId = edgeContainer(c).id();
        } else if (from.startsWith("node/")) {
            containerId = c.nodeContainer(from.substring(5)).id();
        } else {
            String[] parts = from.split("/", 2);
            if (parts.length != 2) {
                throw new IllegalArgumentException("--from must be NS/POD, node/NAME or external, not '" + from + "'");
            }
            PodState pod = state.pod(parts[0], parts[1]);
            if (pod == null) {
                throw new IllegalArgumentException("no Pod " + from);
            }
            if (pod.node() == null || pod.ip() == null) {
                throw new IllegalArgumentException("Pod " + from + " is not running (phase " + pod.phase() + ")");
            }
            fromNamespace = pod.namespace();
            containerId = pod.hostNetwork() ? c.nodeContainer(pod.node()).id() : sandbox(c, pod).id();
        }
        StringBuilder script = new StringBuilder("d=$(mktemp -d); cd $d\n");
        List<ProbeTarget> targets = new ArrayList<>();
        for (int k = 0; k < idx.size(); k++) {
            ProbeRequest r = requests.get(idx.get(k));
            ProbeTarget t = ProbeTarget.resolve(r.target(), r.port(), r.protocol(), state, plan, fromNamespace);
            targets.add(t);
            script.append("( ").append(ProbeCommands.command(r.protocol(), t, fromNamespace != null)).append(" ) > ")
                    .append(k).append(".out 2>&1 &\n");
        }
        script.append("wait\nfor i in");
        for (int k = 0; k < idx.size(); k++) {
            script.append(' ').append(k);
        }
        script.append("; do echo \"### $i\"; cat $i.out; done; rm -rf $d\n");
        ExecResult res = engine.exec(containerId, List.of("/bin/bash", "-c", script.toString()));
        Map<Integer, String> sections = ProbeCommands.sections(res.stdout());
        for (int k = 0; k < idx.size(); k++) {
            ProbeRequest r = requests.get(idx.get(k));
            out[idx.get(k)] = ProbeCommands.result(r, targets.get(k), sections.getOrDefault(k, ""), state);
        }
    }

    private ContainerInfo sandbox(DockerCluster c, PodState pod) {
        return engine.containers(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + c.name(),
                        Labels.ROLE + "=" + Labels.ROLE_SANDBOX, Labels.POD + "=" + pod.key())).stream()
                .filter(ContainerInfo::running).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Pod " + pod.key() + " has no running sandbox"));
    }

    private ContainerInfo edgeContainer(DockerCluster c) {
        return engine.containers(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + c.name(),
                        Labels.ROLE + "=" + Labels.ROLE_EDGE)).stream().filter(ContainerInfo::running).findFirst()
                .orElseThrow(() -> new IllegalStateException("cluster " + c.name() + " has no edge container for external probes"));
    }

    @Override
    public synchronized Subscription subscribe(Consumer<PacketEvent> listener) {
        listeners.add(listener);
        if (capture == null && cluster != null && listeners.size() == 1) {
            capture = PacketCapture.start(cluster, e -> listeners.forEach(l -> l.accept(e)));
        }
        return () -> {
            synchronized (DockerBackend.this) {
                listeners.remove(listener);
                if (listeners.isEmpty() && capture != null) {
                    capture.close();
                    capture = null;
                }
            }
        };
    }

    private DockerCluster requireCluster() {
        if (cluster == null) {
            throw new IllegalStateException("apply a cluster state before probing");
        }
        return cluster;
    }

    @Override
    public synchronized void close() {
        if (capture != null) {
            capture.close();
            capture = null;
        }
        pool.shutdownNow();
        if (cluster != null) {
            if (removeOnClose) {
                cluster.down();
            }
            cluster.close();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Outcome words for the probe commands' exit codes. */
    static Outcome outcomeOfCurl(int rc) {
        return switch (rc) {
            case 0, 52, 56 -> Outcome.DELIVERED; // connected (an empty reply or a reset after connecting still reached a socket)
            case 7, 6 -> Outcome.REFUSED;
            default -> Outcome.TIMEOUT;
        };
    }

    static Protocol protocolOf(ProbeRequest r) {
        return r.protocol();
    }
}
