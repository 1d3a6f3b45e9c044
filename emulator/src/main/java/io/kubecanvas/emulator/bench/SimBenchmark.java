package io.kubecanvas.emulator.bench;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.backend.Protocol;
import io.kubecanvas.emulator.backend.ReachabilityMatrix;
import io.kubecanvas.model.net.Cidr;
import io.kubecanvas.model.net.Ipv4;
import io.kubecanvas.emulator.run.ClusterRun;
import io.kubecanvas.emulator.sim.SimBackend;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.emulator.state.ClusterState.ContainerPort;
import io.kubecanvas.emulator.state.ClusterState.DnsRecord;
import io.kubecanvas.emulator.state.ClusterState.Endpoint;
import io.kubecanvas.emulator.state.ClusterState.NamespaceState;
import io.kubecanvas.emulator.state.ClusterState.NodeState;
import io.kubecanvas.emulator.state.ClusterState.PodState;
import io.kubecanvas.emulator.state.ClusterState.ServicePort;
import io.kubecanvas.emulator.state.ClusterState.ServiceState;
import io.kubecanvas.model.Cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code kubecanvas bench sim}: the sim backend's figures, each the median wall time of several runs (the
 * thread's CPU time is shown beside it, since the machine may be shared): plan and start of a large cluster,
 * the same from a design through the control plane, simulated packet hops per second, and the NetworkPolicy
 * matrix of 9 Pods (81 ordered pairs) on 2 ports. Cluster states for the first figures are generated here
 * directly (the control plane is measured by the second).
 */
public final class SimBenchmark {

    /** One measured figure with its target: {@code value} is wall time (or a rate per wall second). */
    public record Figure(String name, double value, double cpu, String unit, String target, boolean met) {
        @Override
        public String toString() {
            return String.format("%-66s %,12.1f %-7s (CPU %,.1f; target %s) %s", name, value, unit, cpu, target,
                    met ? "met" : "MISSED");
        }
    }

    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private static long cpuNanos() {
        return CPU.isCurrentThreadCpuTimeSupported() ? CPU.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private SimBenchmark() {
    }

    public static List<Figure> run() {
        List<Figure> out = new ArrayList<>();
        ClusterState big = largeCluster(10, 500, 100);
        for (int i = 0; i < 3; i++) {
            new SimBackend().apply(ClusterRun.plan(big)); // warm-up
        }
        double[] start = medianMillis(5, () -> new SimBackend().apply(ClusterRun.plan(big)));
        out.add(new Figure("plan + sim start, 10 nodes, 500 Pods, 100 Services (wall)", start[1], start[0], "ms",
                "< 1000 ms", start[1] < 1000));
        // The same size from a design: scheduling, IPAM, endpoints and DNS first, as the app and CLI do it.
        io.kubecanvas.model.Design design = io.kubecanvas.emulator.control.ScaleDesigns.design(10, 500, 100);
        double[] full = medianMillis(5, () -> ClusterRun.start(design, new SimBackend()).close());
        out.add(new Figure("design -> control plane + plan + sim start, same size (wall)", full[1], full[0], "ms",
                "< 1000 ms", full[1] < 1000));

        SimBackend sim = new SimBackend(5);
        sim.apply(ClusterRun.plan(big));
        List<PodState> pods = big.pods();
        List<ServiceState> svcs = big.services();
        int k = 0;
        long deadline = System.nanoTime() + 300_000_000L;
        while (System.nanoTime() < deadline) { // warm-up
            probeOne(sim, pods, svcs, k++);
        }
        long hops0 = sim.hops();
        long t0 = System.nanoTime();
        long c0 = cpuNanos();
        int probes = 0;
        while (System.nanoTime() - t0 < 1_000_000_000L) {
            probeOne(sim, pods, svcs, k++);
            probes++;
        }
        double wallSecs = (System.nanoTime() - t0) / 1e9;
        double cpuSecs = (cpuNanos() - c0) / 1e9;
        long hops = sim.hops() - hops0;
        double perWall = hops / wallSecs;
        out.add(new Figure("simulated packet hops per wall second (" + probes + " TCP probes, all events)", perWall,
                hops / cpuSecs, "hops/s", ">= 100,000", perWall >= 100_000));

        ClusterState xyz = policyCluster();
        SimBackend m = new SimBackend(9);
        m.apply(ClusterRun.plan(xyz));
        for (int i = 0; i < 5; i++) {
            ReachabilityMatrix.probe(m, List.of(80, 81), List.of(Protocol.TCP), ReachabilityMatrix.Via.POD_IP);
        }
        double[] matrix = medianMillis(7, () -> ReachabilityMatrix.probe(m, List.of(80, 81), List.of(Protocol.TCP),
                ReachabilityMatrix.Via.POD_IP));
        out.add(new Figure("full matrix, all 81 ordered pairs x 2 ports (TCP, 3 policies; wall)", matrix[1], matrix[0], "ms",
                "< 100 ms", matrix[1] < 100));
        return out;
    }

    private static void probeOne(SimBackend sim, List<PodState> pods, List<ServiceState> svcs, int k) {
        PodState from = pods.get((k * 7) % pods.size());
        ServiceState to = svcs.get((k * 13) % svcs.size());
        ProbeResult r = sim.probe(ProbeRequest.tcp(from.key(), to.clusterIp(), 80));
        if (r.hops().isEmpty()) {
            throw new IllegalStateException("no hops recorded");
        }
    }

    /** {median CPU ms, median wall ms}. */
    private static double[] medianMillis(int runs, Runnable r) {
        double[] cpu = new double[runs];
        double[] wall = new double[runs];
        for (int i = 0; i < runs; i++) {
            long w = System.nanoTime();
            long c = cpuNanos();
            r.run();
            cpu[i] = (cpuNanos() - c) / 1e6;
            wall[i] = (System.nanoTime() - w) / 1e6;
        }
        Arrays.sort(cpu);
        Arrays.sort(wall);
        return new double[]{cpu[runs / 2], wall[runs / 2]};
    }

    /** {@code nodes} nodes (one control plane), Pods spread over the workers, each Service selecting 5 Pods. */
    public static ClusterState largeCluster(int nodes, int podCount, int serviceCount) {
        Cluster.NetworkSettings net = Cluster.NetworkSettings.defaults();
        List<NodeState> ns = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            String name = i == 0 ? "control-plane" : "worker-" + i;
            ns.add(new NodeState(name, i == 0 ? "control-plane" : "worker", "172.30.0." + (2 + i), "10.244." + i + ".0/24", true,
                    Map.of("kubernetes.io/hostname", name)));
        }
        List<PodState> pods = new ArrayList<>();
        int[] next = new int[nodes];
        for (int p = 0; p < podCount; p++) {
            int n = 1 + p % (nodes - 1);
            int host = 2 + next[n]++;
            String ip = Ipv4.format(Cidr.parse(ns.get(n).podCidr()).nth(host));
            String app = "app-" + (p % serviceCount);
            pods.add(new PodState("default", "pod-" + p, "uid-" + p, ns.get(n).name(), ip, "Running", true,
                    Map.of("app", app), List.of(new ContainerPort("http", 8080, "TCP")), List.of("nginx"), false, null));
        }
        List<ServiceState> svcs = new ArrayList<>();
        List<DnsRecord> dns = new ArrayList<>();
        for (int s = 0; s < serviceCount; s++) {
            String app = "app-" + s;
            List<Endpoint> eps = new ArrayList<>();
            for (PodState p : pods) {
                if (app.equals(p.labels().get("app"))) {
                    eps.add(new Endpoint("default", p.name(), p.ip(), p.node(), true, Map.of("http", 8080)));
                }
            }
            String ip = "10.96." + (1 + s / 250) + "." + (s % 250 + 1);
            svcs.add(new ServiceState("default", "svc-" + s, s % 10 == 0 ? "NodePort" : "ClusterIP", ip, null,
                    Map.of("app", app), List.of(new ServicePort("http", "TCP", 80, "http", s % 10 == 0 ? 30000 + s : 0)),
                    eps, "None", "Cluster"));
            dns.add(new DnsRecord("svc-" + s + ".default.svc.cluster.local", "A", ip));
        }
        List<NetworkPolicy> policies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            policies.add(new NetworkPolicyBuilder().withNewMetadata().withName("allow-" + i).withNamespace("default").endMetadata()
                    .withNewSpec().withPodSelector(selector("app", "app-" + i)).addNewIngress().addNewFrom()
                    .withPodSelector(selector("app", "app-" + (i + 1))).endFrom().addNewPort().withProtocol("TCP")
                    .withPort(new IntOrString(8080)).endPort().endIngress().endSpec().build());
        }
        return new ClusterState(1, net, ns, List.of(new NamespaceState("default", Map.of("kubernetes.io/metadata.name", "default"))),
                pods, svcs, policies, List.of(), dns, Map.of());
    }

    /** The upstream e2e layout: namespaces x, y, z; Pods a, b, c serving 80 and 81; three policies. */
    public static ClusterState policyCluster() {
        Cluster.NetworkSettings net = Cluster.NetworkSettings.defaults();
        List<NodeState> nodes = List.of(
                new NodeState("control-plane", "control-plane", "172.30.0.2", "10.244.0.0/24", true, Map.of()),
                new NodeState("worker-1", "worker", "172.30.0.3", "10.244.1.0/24", true, Map.of()),
                new NodeState("worker-2", "worker", "172.30.0.4", "10.244.2.0/24", true, Map.of()));
        List<PodState> pods = new ArrayList<>();
        List<NamespaceState> nss = new ArrayList<>();
        int[] next = {2, 2};
        for (String n : List.of("x", "y", "z")) {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("ns", n);
            labels.put("kubernetes.io/metadata.name", n);
            nss.add(new NamespaceState(n, labels));
            for (String p : List.of("a", "b", "c")) {
                int w = p.equals("b") ? 1 : 0;
                String ip = "10.244." + (w + 1) + "." + next[w]++;
                pods.add(new PodState(n, p, n + p, "worker-" + (w + 1), ip, "Running", true, Map.of("pod", p),
                        List.of(new ContainerPort("serve-80-tcp", 80, "TCP"), new ContainerPort("serve-81-tcp", 81, "TCP")),
                        List.of("agnhost"), false, null));
            }
        }
        List<NetworkPolicy> policies = List.of(
                new NetworkPolicyBuilder().withNewMetadata().withName("deny").withNamespace("x").endMetadata().withNewSpec()
                        .withPodSelector(new LabelSelector()).withPolicyTypes("Ingress").endSpec().build(),
                new NetworkPolicyBuilder().withNewMetadata().withName("allow-y").withNamespace("x").endMetadata().withNewSpec()
                        .withPodSelector(selector("pod", "a")).addNewIngress().addNewFrom()
                        .withNamespaceSelector(selector("ns", "y")).endFrom().endIngress().endSpec().build(),
                new NetworkPolicyBuilder().withNewMetadata().withName("egress-80").withNamespace("z").endMetadata().withNewSpec()
                        .withPodSelector(selector("pod", "c")).withPolicyTypes("Egress").addNewEgress().addNewPort()
                        .withProtocol("TCP").withPort(new IntOrString(80)).endPort().endEgress().endSpec().build());
        return new ClusterState(1, net, nodes, nss, pods, List.of(), policies, List.of(), List.of(), Map.of());
    }

    private static LabelSelector selector(String k, String v) {
        LabelSelector s = new LabelSelector();
        s.setMatchLabels(Map.of(k, v));
        return s;
    }
}
