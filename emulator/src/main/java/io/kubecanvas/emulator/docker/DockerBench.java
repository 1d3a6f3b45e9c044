package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.control.ControlPlane;
import io.kubecanvas.emulator.docker.DockerEngine.ContainerInfo;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.yaml.YamlException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code kubecanvas bench docker}: the time from {@code up} until every Pod answers on its port (probed from
 * one Pod to all the others' IPs, repeated until all answer), and the memory of each node container.
 */
public final class DockerBench {
    private DockerBench() {
    }

    public record Result(int nodes, int pods, double upSeconds, double reachableSeconds, long nodeMemoryBytes,
                         long clusterMemoryBytes) {
        @Override
        public String toString() {
            return String.format("%d nodes, %d Pods: up %.1f s, every Pod reachable after %.1f s; memory per node container"
                            + " %.1f MiB, whole cluster per node %.1f MiB", nodes, pods, upSeconds, reachableSeconds,
                    nodeMemoryBytes / 1048576.0, clusterMemoryBytes / 1048576.0);
        }
    }

    /** A design of {@code nodes} nodes (one control plane) and a Deployment of {@code pods} web replicas. */
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

    public static Result run(DockerEngine engine, int nodes, int pods, Consumer<String> log) {
        String name = "kc-bench-" + nodes + "x" + pods;
        RunningClusters.remove(engine, name);
        new NodeImage(engine).ensure(log);
        ClusterState state = ControlPlane.start(design(nodes, pods), 1L).state();
        long t0 = System.nanoTime();
        try (DockerBackend backend = DockerBackend.create(engine, name, s -> { })) {
            backend.apply(state, NetworkPlan.compute(state));
            double up = (System.nanoTime() - t0) / 1e9;
            List<ClusterState.PodState> web = state.pods().stream()
                    .filter(p -> p.ip() != null && "default".equals(p.namespace())).toList();
            if (web.isEmpty()) {
                throw new IllegalStateException("no Pod was scheduled");
            }
            String from = web.get(0).key();
            List<ProbeRequest> reqs = new ArrayList<>();
            for (ClusterState.PodState p : web) {
                reqs.add(ProbeRequest.tcp(from, p.key(), 80));
            }
            double reachable = -1;
            for (int attempt = 0; attempt < 60; attempt++) {
                List<ProbeResult> rs = backend.probeAll(reqs);
                long ok = rs.stream().filter(ProbeResult::delivered).count();
                if (ok == rs.size()) {
                    reachable = (System.nanoTime() - t0) / 1e9;
                    break;
                }
                log.accept(ok + "/" + rs.size() + " Pods answer; again");
            }
            long nodeMem = 0;
            long all = 0;
            int nodeCount = 0;
            // One stats call takes about two seconds (the engine samples twice): ask for all containers at once.
            List<ContainerInfo> containers = engine.containers(Labels.clusterFilter(name));
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(32);
            try {
                List<java.util.concurrent.Future<Long>> usage = new java.util.ArrayList<>();
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
            return new Result(nodes, web.size(), up, reachable, nodeMem / nodeCount, all / nodeCount);
        }
    }
}
