package io.kubecanvas.emulator.bench;

import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.docker.DockerBackend;
import io.kubecanvas.emulator.docker.DockerEngine;
import io.kubecanvas.emulator.docker.DockerEngine.ContainerInfo;
import io.kubecanvas.emulator.docker.Labels;
import io.kubecanvas.emulator.docker.NodeImage;
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
 * {@code kubecanvas bench docker}: the wall time from the start of {@code up} until every ordered pair of Pods
 * (each Pod to every Pod's IP, itself included) and every Service port answer (from one Pod: each TCP port of the
 * design's Services over HTTP, the cluster DNS with a real DNS query), probed again and again until all do, and
 * the memory of the node containers and of the whole cluster.
 */
public final class DockerBenchmark {
    private static final int ATTEMPTS = 60;

    private DockerBenchmark() {
    }

    /**
     * @param pairs           ordered Pod pairs probed (n * n)
     * @param services        Service ports probed
     * @param reachableSeconds wall time from up until every probe answered, or -1 when that never happened
     * @param rounds          how many rounds of all probes it took
     */
    public record Result(int nodes, int pods, int pairs, int services, double upSeconds, double reachableSeconds, int rounds,
                         long nodeMemoryBytes, long clusterMemoryBytes, double targetSeconds) {
        public boolean met() {
            return reachableSeconds >= 0 && reachableSeconds < targetSeconds;
        }

        @Override
        public String toString() {
            return String.format("%d nodes, %d Pods: up %.1f s; all %d ordered Pod pairs and all %d Service ports (TCP over"
                            + " HTTP, the cluster DNS by a DNS query) answer"
                            + " after %s (wall, from the start of up; %d round(s) of probes); memory per node container %.1f MiB,"
                            + " whole cluster per node %.1f MiB; target under %.0f s: %s", nodes, pods, upSeconds, pairs,
                    services, reachableSeconds < 0 ? "never (gave up after " + ATTEMPTS + " rounds)"
                            : String.format("%.1f s", reachableSeconds), rounds, nodeMemoryBytes / 1048576.0,
                    clusterMemoryBytes / 1048576.0, targetSeconds, met() ? "met" : "MISSED");
        }
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
        try (ClusterRun run = ClusterRun.start(design(nodes, pods), DockerBackend.create(engine, name, s -> { }))) {
            double up = (System.nanoTime() - t0) / 1e9;
            log.accept(String.format("%d nodes, %d Pods: up in %.1f s; probing every ordered pair", nodes, pods, up));
            NetworkPlan plan = run.plan();
            List<String> web = plan.pods().stream().filter(p -> p.running() && "default".equals(p.namespace()))
                    .map(PodPlan::key).toList();
            if (web.isEmpty()) {
                throw new IllegalStateException("no Pod was scheduled");
            }
            List<ProbeRequest> reqs = new ArrayList<>();
            for (String from : web) {
                for (String to : web) {
                    reqs.add(ProbeRequest.tcp(from, to, 80));
                }
            }
            int services = 0;
            for (ServicePlan s : plan.services()) {
                for (ServicePlan.Port sp : s.ports()) {
                    // default/kubernetes points at the API server, which the emulator does not run on docker
                    boolean apiServer = "default".equals(s.namespace()) && "kubernetes".equals(s.name());
                    if (!s.headless() && !apiServer && !"kube-system".equals(s.namespace()) && "TCP".equals(sp.protocol())) {
                        reqs.add(ProbeRequest.tcp(web.get(0), s.clusterIp(), sp.port()));
                        services++;
                    }
                }
            }
            reqs.add(new ProbeRequest(web.get(0), plan.dns().serviceIp(), 53, io.kubecanvas.emulator.backend.Protocol.UDP));
            services++;
            double reachable = -1;
            int rounds = 0;
            while (rounds < ATTEMPTS) {
                rounds++;
                List<ProbeResult> rs = run.probeAll(reqs);
                long ok = rs.stream().filter(ProbeResult::delivered).count();
                if (ok == rs.size()) {
                    reachable = (System.nanoTime() - t0) / 1e9;
                    break;
                }
                List<String> failing = new ArrayList<>();
                for (int i = 0; i < rs.size() && failing.size() < 3; i++) {
                    if (!rs.get(i).delivered()) {
                        failing.add(reqs.get(i).from() + " -> " + reqs.get(i).target() + ":" + reqs.get(i).port() + " "
                                + rs.get(i).outcome().word() + (rs.get(i).reason() == null ? "" : " (" + rs.get(i).reason() + ")"));
                    }
                }
                log.accept(ok + "/" + rs.size() + " probes answer (" + String.join("; ", failing) + "); again");
            }
            long[] mem = memory(engine, name);
            Runtime.getRuntime().removeShutdownHook(cleanup);
            return new Result(nodes, web.size(), web.size() * web.size(), services, up, reachable, rounds, mem[0], mem[1],
                    targetSeconds);
        }
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
