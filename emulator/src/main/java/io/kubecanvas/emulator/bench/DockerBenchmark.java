package io.kubecanvas.emulator.bench;

import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.backend.Protocol;
import io.kubecanvas.emulator.docker.DockerBackend;
import io.kubecanvas.emulator.docker.DockerEngine;
import io.kubecanvas.emulator.docker.DockerEngine.ContainerInfo;
import io.kubecanvas.emulator.docker.Labels;
import io.kubecanvas.emulator.docker.NodeImage;
import io.kubecanvas.emulator.docker.PhaseClock;
import io.kubecanvas.emulator.docker.RunningClusters;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.plan.PodPlan;
import io.kubecanvas.emulator.plan.ServicePlan;
import io.kubecanvas.emulator.run.ClusterRun;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.yaml.YamlException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * {@code kubecanvas bench docker}: the wall time from the start of {@code up} until every ordered pair of Pods is
 * reachable (each Pod pings every other Pod's IP, as Mininet's pingAll does with its hosts; one process per source
 * Pod sends them all at once), which the target is on, as the line and Mininet's pingAll are; then, checked
 * in rounds of their own and printed as a second figure, every Pod's web server answering HTTP on port 80 (each Pod
 * asked by the next one) and every Service port answering (from one Pod: each TCP port of the design's Services over
 * HTTP, the cluster DNS with a real DNS query); where that time went, phase by phase; and the memory of the node
 * containers and of the whole cluster. A Pod or Service that never answers fails the run. Pairs are pinged rather
 * than asked over HTTP because an HTTP exchange per pair (40,000 for 200 Pods) measures the stand-in web servers'
 * process starts, not the network.
 */
public final class DockerBenchmark {
    private static final int ATTEMPTS = 60;
    /** Probing stops this long after the start of up (or 5 times the target, when longer), as never reachable. */
    private static final double GIVE_UP_SECONDS = 180;

    private DockerBenchmark() {
    }

    /**
     * @param pairs            ordered Pod pairs pinged (n * (n - 1))
     * @param services         Service ports probed
     * @param reachableSeconds wall time from the start of up until every ordered pair pinged, or -1 when that never happened
     * @param rounds           how many rounds of pings it took
     * @param servedSeconds    wall time from the start of up until, after that, every Pod's port 80 and every Service port
     *                         answered too, or -1 when that never happened
     * @param serveRounds      how many rounds of those it took
     */
    public record Result(int nodes, int pods, int pairs, int services, double upSeconds, double reachableSeconds, int rounds,
                         double servedSeconds, int serveRounds, long nodeMemoryBytes, long clusterMemoryBytes,
                         double targetSeconds, String phases) {
        /** The target is on reachability (all pairs, as Mininet's pingAll); a Pod or Service that never answers fails it too. */
        public boolean met() {
            return reachableSeconds >= 0 && reachableSeconds < targetSeconds && servedSeconds >= 0;
        }

        @Override
        public String toString() {
            return String.format("%d nodes, %d Pods: up %.2f s; all %d ordered Pod pairs ping (ICMP echo, as Mininet's"
                            + " pingAll) after %s (wall, from the start of up; %d round(s)); then every Pod's port 80 answers HTTP"
                            + " (%d Pods, each asked by the next) and all %d Service ports (TCP over HTTP, the cluster DNS by a DNS"
                            + " query) answer after %s (%d round(s)); memory per node container %.1f MiB, whole cluster per node"
                            + " %.1f MiB; target: all pairs under %.2f s and every Pod and Service answering: %s", nodes, pods,
                    upSeconds, pairs, seconds(reachableSeconds, rounds), rounds, pods, services, seconds(servedSeconds, serveRounds),
                    serveRounds, nodeMemoryBytes / 1048576.0, clusterMemoryBytes / 1048576.0, targetSeconds, met() ? "met" : "MISSED")
                    + (phases == null || phases.isEmpty() ? "" : "\n  where the time went (seconds from the start of up; phases overlap):\n"
                    + phases.stripTrailing());
        }
    }

    private static String seconds(double s, int rounds) {
        return s < 0 ? (rounds == 0 ? "not asked (the pairs never answered)" : "never (gave up after " + rounds + " rounds)")
                : String.format("%.2f s", s);
    }

    /** A design of {@code nodes} nodes (one control plane) and a Deployment of {@code pods} web replicas behind a Service. */
    static Design design(int nodes, int pods) {
        StringBuilder y = new StringBuilder("apiVersion: kubecanvas.io/v1alpha1\nkind: Cluster\nmetadata: {name: bench}\n"
                + "spec:\n  nodes:\n    - {name: control-plane, role: control-plane}\n");
        for (int i = 1; i < nodes; i++) {
            y.append("    - {name: worker-").append(i).append(", role: worker}\n");
        }
        y.append("---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: ").append(pods)
                .append("\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n"
                        + "    spec:\n      tolerations: [{operator: Exists}]\n"
                        + "      containers: [{name: web, image: nginx:latest, ports: [{containerPort: 80}]}]\n");
        y.append("---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n"
                + "  ports: [{port: 80, targetPort: 80}]\n");
        try {
            return DesignIO.parse("bench.yaml", y.toString());
        } catch (YamlException e) {
            throw new IllegalStateException(e.describe(), e);
        }
    }

    public static Result run(DockerEngine engine, int nodes, int pods, double targetSeconds, Consumer<String> log) {
        String name = "kc-bench-" + nodes + "x" + pods;
        RunningClusters.remove(engine, name);
        new NodeImage(engine).ensure(log);
        // Ctrl-C mid-run removes the cluster too (the next up would sweep it as an orphan anyway)
        Thread cleanup = new Thread(() -> RunningClusters.remove(engine, name), "kubecanvas-bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        long t0 = System.nanoTime();
        PhaseClock clock = new PhaseClock();
        DockerBackend backend = DockerBackend.create(engine, name, s -> log.accept("  " + s));
        try (ClusterRun run = ClusterRun.start(design(nodes, pods), backend)) {
            long tUp = System.nanoTime();
            double up = (tUp - t0) / 1e9;
            PhaseClock upPhases = backend.upPhases();
            if (upPhases != null) {
                long first = upPhases.phases().stream().mapToLong(PhaseClock.Phase::startNanos).min().orElse(tUp);
                clock.add("control plane, network plan, underlay", 0, t0, first);
                clock.addAll(upPhases);
            }
            log.accept(String.format("%d nodes, %d Pods: up in %.1f s; probing every ordered pair", nodes, pods, up));
            NetworkPlan plan = run.plan();
            List<String> web = plan.pods().stream().filter(p -> p.running() && "default".equals(p.namespace()))
                    .map(PodPlan::key).toList();
            if (web.isEmpty()) {
                throw new IllegalStateException("no Pod was scheduled");
            }
            // first what the target is about, every ordered pair reachable (as Mininet's pingAll), then what serves
            List<ProbeRequest> pings = new ArrayList<>();
            List<ProbeRequest> serving = new ArrayList<>();
            for (int i = 0; i < web.size(); i++) {
                String from = web.get(i);
                for (String to : web) {
                    if (!to.equals(from)) {
                        pings.add(new ProbeRequest(from, to, 0, Protocol.ICMP));
                    }
                }
                // every Pod's web server answers HTTP, asked by the next Pod (a whole ring: each Pod asks once)
                serving.add(ProbeRequest.tcp(from, web.get((i + 1) % web.size()), 80));
            }
            int services = 0;
            for (ServicePlan s : plan.services()) {
                for (ServicePlan.Port sp : s.ports()) {
                    // default/kubernetes points at the API server, which the emulator does not run on docker
                    boolean apiServer = "default".equals(s.namespace()) && "kubernetes".equals(s.name());
                    if (!s.headless() && !apiServer && !"kube-system".equals(s.namespace()) && "TCP".equals(sp.protocol())) {
                        serving.add(ProbeRequest.tcp(web.get(0), s.clusterIp(), sp.port()));
                        services++;
                    }
                }
            }
            serving.add(new ProbeRequest(web.get(0), plan.dns().serviceIp(), 53, Protocol.UDP));
            services++;
            double giveUp = Math.max(GIVE_UP_SECONDS, 5 * targetSeconds);
            Rounds reachable = rounds(run, pings, "ping", t0, giveUp, clock, log);
            Rounds served = reachable.seconds() < 0 ? new Rounds(-1, 0) : rounds(run, serving, "serve", t0, giveUp, clock, log);
            long[] mem = memory(engine, name);
            Runtime.getRuntime().removeShutdownHook(cleanup);
            return new Result(nodes, web.size(), web.size() * (web.size() - 1), services, up, reachable.seconds(), reachable.count(),
                    served.seconds(), served.count(), mem[0], mem[1], targetSeconds, clock.format(t0, "    "));
        }
    }

    /**
     * Rounds of {@code reqs} until every one has answered once: a round asks again only what has not answered yet, so
     * each counts from its first answer (as each of Mininet's pairs does within its pingAll).
     */
    private static Rounds rounds(ClusterRun run, List<ProbeRequest> reqs, String what, long t0, double giveUp, PhaseClock clock,
                                   Consumer<String> log) {
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < reqs.size(); i++) {
            pending.add(i);
        }
        int rounds = 0;
        while (rounds < ATTEMPTS && (System.nanoTime() - t0) / 1e9 < giveUp) {
            rounds++;
            long tr = System.nanoTime();
            List<ProbeResult> rs = run.probeAll(pending.stream().map(reqs::get).toList());
            List<Integer> still = new ArrayList<>();
            List<String> failing = new ArrayList<>();
            for (int j = 0; j < rs.size(); j++) {
                if (!rs.get(j).delivered()) {
                    ProbeRequest q = reqs.get(pending.get(j));
                    still.add(pending.get(j));
                    if (failing.size() < 3) {
                        failing.add(q.from() + " -> " + q.target() + (q.protocol() == Protocol.ICMP ? " ping" : ":" + q.port()) + " "
                                + rs.get(j).outcome().word() + (rs.get(j).reason() == null ? "" : " (" + rs.get(j).reason() + ")"));
                    }
                }
            }
            clock.add(what + " round " + rounds + ": " + (rs.size() - still.size()) + "/" + rs.size() + " answer", rs.size(), tr,
                    System.nanoTime());
            if (still.isEmpty()) {
                return new Rounds((System.nanoTime() - t0) / 1e9, rounds);
            }
            log.accept(what + ": " + (reqs.size() - still.size()) + "/" + reqs.size() + " probes have answered (not yet: "
                    + String.join("; ", failing) + (still.size() > failing.size() ? "; ..." : "") + "); asking the "
                    + still.size() + " again");
            pending = still;
        }
        return new Rounds(-1, rounds);
    }

    /** Seconds from the start of up until the last probe of some rounds answered (-1: some never did), and how many rounds. */
    private record Rounds(double seconds, int count) {
    }

    /** {mean per node container, whole cluster per node}; one stats call takes about two seconds, so all at once. */
    private static long[] memory(DockerEngine engine, String cluster) {
        List<ContainerInfo> containers = engine.containers(Labels.clusterFilter(cluster));
        ExecutorService pool = Executors.newFixedThreadPool(32);
        long nodeMem = 0;
        long all = 0;
        int nodeCount = 0;
        try {
            List<Future<Long>> usage = new ArrayList<>();
            for (ContainerInfo c : containers) {
                usage.add(pool.submit(() -> Math.max(0, engine.memoryUsage(c.id()))));
            }
            for (int i = 0; i < containers.size(); i++) {
                long m = usage.get(i).get();
                all += m;
                if (Labels.ROLE_NODE.equals(containers.get(i).label(Labels.ROLE))) {
                    nodeMem += m;
                    nodeCount++;
                }
            }
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("measuring memory: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
        nodeCount = Math.max(1, nodeCount);
        return new long[]{nodeMem / nodeCount, all / nodeCount};
    }
}
