package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.docker.ClusterContainers.Exposure;
import io.kubecanvas.emulator.docker.DockerEngine.ContainerInfo;
import io.kubecanvas.emulator.docker.DockerEngine.ExecResult;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.emulator.state.ClusterState.NodeState;
import io.kubecanvas.emulator.state.ClusterState.PodState;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * One running cluster of the docker backend: creates it ({@link #up}), brings it to a new cluster state by
 * difference ({@link #apply}: only what changed is created, removed or re-plumbed), runs commands inside
 * Pods and nodes, injects faults and removes everything ({@link #down}). All it knows of the running
 * cluster it reads back from container labels, so another process can {@link #attach} to it.
 */
public final class DockerCluster implements AutoCloseable {
    private static final int PARALLEL = 8;

    private final DockerEngine engine;
    private final String name;
    private final ClusterContainers specs;
    private final ExecutorService pool;
    private final Consumer<String> progress;
    /** Hash of the files last applied per node, so an unchanged node is not re-applied. */
    private final Map<String, Integer> applied = new HashMap<>();
    private volatile ClusterState current;
    /** Set by {@link #down}: a reconcile pass still running must not recreate what down removes. */
    private volatile boolean removed;

    private DockerCluster(DockerEngine engine, String name, String image, String owner, Consumer<String> progress) {
        this.engine = engine;
        this.name = name;
        this.specs = new ClusterContainers(name, image, owner);
        this.progress = progress;
        this.pool = Executors.newFixedThreadPool(PARALLEL, r -> {
            Thread t = new Thread(r, "kubecanvas-docker");
            t.setDaemon(true);
            return t;
        });
    }

    public String name() {
        return name;
    }

    public DockerEngine engine() {
        return engine;
    }

    public ClusterState state() {
        return current;
    }

    /**
     * Creates the cluster and applies {@code state}. When any step fails, everything made so far is removed
     * and the error is rethrown.
     *
     * @param detached true for a cluster that outlives this process (removed only by {@code down})
     */
    public static DockerCluster up(DockerEngine engine, String name, ClusterState state, boolean detached,
                                   Consumer<String> progress) {
        validateName(name);
        RunningClusters.removeOrphans(engine, progress);
        if (RunningClusters.exists(engine, name)) {
            throw new IllegalStateException("a cluster named " + name + " already runs; remove it with: kubecanvas down " + name);
        }
        String image = new NodeImage(engine).ensure(progress);
        DockerCluster c = new DockerCluster(engine, name, image, detached ? Labels.DETACHED : OwnerId.current(), progress);
        try {
            String gateway = NetworkPlan.compute(state).externalAddress();
            engine.createNetwork(c.specs.underlayNetworkName(), Cidr.parse(state.network().underlayCidr()).toString(),
                    gateway, true, c.specs.labels(Labels.ROLE_UNDERLAY));
            c.apply(state);
            return c;
        } catch (RuntimeException e) {
            progress.accept("up failed, removing what was made: " + DockerJavaEngine.rootMessage(e));
            c.down();
            throw e;
        }
    }

    /** A handle on a cluster that already runs (made by this or another process). */
    public static DockerCluster attach(DockerEngine engine, String name, Consumer<String> progress) {
        List<ContainerInfo> nodes = engine.containers(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + name,
                Labels.ROLE + "=" + Labels.ROLE_NODE));
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no running cluster named " + name + " (see: kubecanvas ls)");
        }
        String owner = nodes.get(0).label(Labels.OWNER);
        return new DockerCluster(engine, name, new NodeImage(engine).ref(), owner == null ? Labels.DETACHED : owner,
                progress);
    }

    static void validateName(String name) {
        if (name == null || !name.matches("[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?")) {
            throw new IllegalArgumentException("cluster name '" + name
                    + "' must be 1 to 32 lower-case letters, digits or '-', starting and ending with a letter or digit");
        }
    }

    // ---- reconcile ----------------------------------------------------------------------------------

    /** Brings the running cluster to {@code state}, touching only what differs. */
    public void apply(ClusterState state) {
        apply(state, NetworkPlan.compute(state));
    }

    /** Brings the running cluster to {@code state}, realising {@code plan} (computed from that state). */
    public synchronized void apply(ClusterState state, NetworkPlan plan) {
        if (removed) {
            throw new IllegalStateException("cluster " + name + " has been removed");
        }
        long t0 = System.nanoTime();
        List<ContainerInfo> existing = engine.containers(Labels.clusterFilter(name));
        Map<String, ContainerInfo> nodes = new LinkedHashMap<>();
        List<ContainerInfo> sandboxes = new ArrayList<>();
        List<ContainerInfo> apps = new ArrayList<>();
        ContainerInfo edge = null;
        for (ContainerInfo c : existing) {
            switch (String.valueOf(c.label(Labels.ROLE))) {
                case Labels.ROLE_NODE -> nodes.put(c.label(Labels.NODE), c);
                case Labels.ROLE_SANDBOX -> sandboxes.add(c);
                case Labels.ROLE_CONTAINER -> apps.add(c);
                case Labels.ROLE_EDGE -> edge = c;
                default -> { }
            }
        }
        // nodes: create missing, remove those no longer in the design
        Set<String> wantedNodes = new HashSet<>();
        List<Callable<Void>> nodeJobs = new ArrayList<>();
        for (NodeState n : state.nodes()) {
            wantedNodes.add(n.name());
            ContainerInfo c = nodes.get(n.name());
            if (c == null) {
                nodeJobs.add(() -> {
                    engine.run(specs.node(n));
                    return null;
                });
            } else if (!c.running() && n.ready()) {
                nodeJobs.add(() -> {
                    engine.start(c.id());
                    return null;
                });
                applied.remove(n.name());
            }
        }
        Set<String> removedNodes = new HashSet<>();
        for (var e : nodes.entrySet()) {
            if (!wantedNodes.contains(e.getKey())) {
                removedNodes.add(e.getKey());
                applied.remove(e.getKey());
                nodeJobs.add(() -> {
                    engine.remove(e.getValue().id());
                    return null;
                });
            }
        }
        if (!nodeJobs.isEmpty() && !DockerJavaEngine.privilegeKnown()) {
            // the first node learns whether the engine allows --privileged, so the others do not all try
            runAll(nodeJobs.subList(0, 1));
            runAll(nodeJobs.subList(1, nodeJobs.size()));
        } else {
            runAll(nodeJobs);
        }
        long tNodes = System.nanoTime();
        Set<String> runningNodes = new HashSet<>();
        for (ContainerInfo c : engine.containers(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + name,
                Labels.ROLE + "=" + Labels.ROLE_NODE))) {
            if (c.running()) {
                runningNodes.add(c.label(Labels.NODE));
            }
        }
        // Pods: a sandbox is kept when the same Pod (uid) still runs on the same node and it is alive
        Map<String, PodState> desired = new LinkedHashMap<>();
        for (PodState p : state.pods()) {
            if (p.node() != null && p.ip() != null && !p.hostNetwork() && runningNodes.contains(p.node())) {
                desired.put(p.key(), p);
            }
        }
        Map<String, List<ContainerInfo>> appsByPod = new HashMap<>();
        for (ContainerInfo a : apps) {
            appsByPod.computeIfAbsent(a.label(Labels.POD), k -> new ArrayList<>()).add(a);
        }
        Set<String> kept = new HashSet<>();
        List<Callable<Void>> podJobs = new ArrayList<>();
        for (ContainerInfo sb : sandboxes) {
            String key = sb.label(Labels.POD);
            PodState p = desired.get(key);
            boolean keep = p != null && sb.running() && String.valueOf(p.uid()).equals(sb.label(Labels.POD_UID))
                    && p.node().equals(sb.label(Labels.NODE)) && String.valueOf(p.ip()).equals(sandboxIp(sb, p))
                    && !kept.contains(key);
            if (keep) {
                kept.add(key);
                for (ContainerInfo a : appsByPod.getOrDefault(key, List.of())) {
                    if (!a.running()) {
                        // the kubelet restarts a container that exited (restartPolicy Always)
                        podJobs.add(() -> {
                            engine.start(a.id());
                            return null;
                        });
                    }
                }
            } else {
                List<ContainerInfo> doomed = new ArrayList<>(appsByPod.getOrDefault(key, List.of()));
                doomed.add(sb);
                podJobs.add(() -> {
                    for (ContainerInfo d : doomed) {
                        engine.remove(d.id());
                    }
                    return null;
                });
            }
        }
        // app containers whose sandbox is gone
        Set<String> sandboxPods = new HashSet<>();
        sandboxes.forEach(s -> sandboxPods.add(s.label(Labels.POD)));
        for (ContainerInfo a : apps) {
            if (!sandboxPods.contains(a.label(Labels.POD))) {
                podJobs.add(() -> {
                    engine.remove(a.id());
                    return null;
                });
            }
        }
        runAll(podJobs);
        Map<String, Boolean> imageCache = Collections.synchronizedMap(new HashMap<>());
        List<Callable<Void>> createJobs = new ArrayList<>();
        String nameserver = plan.dns().serviceIp();
        specs.withClusterDomain(state.network().clusterDomain());
        for (PodState p : desired.values()) {
            if (kept.contains(p.key())) {
                continue;
            }
            createJobs.add(() -> {
                engine.run(specs.sandbox(p, state.network().clusterDomain(), nameserver));
                for (ContainerSpec app : specs.appContainers(p,
                        img -> imageCache.computeIfAbsent(img, engine::imageExists))) {
                    engine.run(app);
                }
                return null;
            });
        }
        runAll(createJobs);
        long tPods = System.nanoTime();
        // networking: one batch per node whose files changed (or whose Pods changed)
        List<Callable<Void>> netJobs = new ArrayList<>();
        Map<String, ContainerInfo> nodeNow = new HashMap<>();
        for (ContainerInfo c : engine.containers(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + name,
                Labels.ROLE + "=" + Labels.ROLE_NODE))) {
            nodeNow.put(c.label(Labels.NODE), c);
        }
        boolean podsChanged = !createJobs.isEmpty() || !podJobs.isEmpty();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        for (NodeState n : state.nodes()) {
            ContainerInfo c = nodeNow.get(n.name());
            if (c == null || !c.running()) {
                continue;
            }
            if (plan.node(n.name()) == null) {
                continue;
            }
            Map<String, byte[]> files = new NodeDataplane(state, plan, n.name()).files();
            int hash = filesHash(files);
            if (!podsChanged && Integer.valueOf(hash).equals(applied.get(n.name()))) {
                continue;
            }
            netJobs.add(() -> {
                engine.copyFiles(c.id(), NodeDataplane.DIR, files);
                ExecResult r = engine.exec(c.id(), List.of("/bin/bash", NodeDataplane.DIR + "/apply.sh"));
                if (r.ok()) {
                    applied.put(n.name(), hash);
                } else {
                    applied.remove(n.name());
                    failures.add(n.name() + ": " + r.stderr().strip());
                }
                return null;
            });
        }
        final ContainerInfo edgeNow = edge;
        netJobs.add(() -> {
            reconcileEdge(state, plan, edgeNow);
            return null;
        });
        runAll(netJobs);
        long tNet = System.nanoTime();
        pushDnsRecords(state, plan);
        current = state;
        long tEnd = System.nanoTime();
        boolean changed = !nodeJobs.isEmpty() || !podJobs.isEmpty() || !createJobs.isEmpty() || netJobs.size() > 1;
        if (changed) {
            progress.accept(String.format("applied state %d to cluster %s in %d ms (nodes %d ms, Pods %d ms, network and edge %d ms,"
                        + " DNS %d ms; %d node(s) re-plumbed, %d Pod(s) created)", state.resourceVersion(), name,
                (tEnd - t0) / 1_000_000, (tNodes - t0) / 1_000_000, (tPods - tNodes) / 1_000_000, (tNet - tPods) / 1_000_000,
                    (tEnd - tNet) / 1_000_000, netJobs.size() - 1, createJobs.size()));
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("applying the network plan failed on " + String.join("; ", failures));
        }
    }

    /** The edge: recreated when the set of host-reachable ports changes (always present: the external client). */
    private void reconcileEdge(ClusterState state, NetworkPlan plan, ContainerInfo edge) {
        List<Exposure> exposures = exposures(state, plan);
        String wantedLabel = Exposure.format(exposures);
        String haveLabel = edge == null ? null : String.valueOf(edge.label(Labels.EXPOSURES));
        if (!wantedLabel.equals(haveLabel) || (edge != null && !edge.running())) {
            if (edge != null) {
                engine.remove(edge.id());
            }
            if (engine.networks(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + name,
                    Labels.ROLE + "=" + Labels.ROLE_ACCESS)).isEmpty()) {
                engine.createNetwork(specs.accessNetworkName(), null, null, false, specs.labels(Labels.ROLE_ACCESS));
            }
            engine.run(specs.edge(exposures, ClusterContainers.edgeAddress(state, plan.externalAddress())));
        }
    }

    private Map<String, String> dnsPushed = new HashMap<>();

    /** Copies the cluster's DNS records into each cluster DNS server (dnsmasq) and reloads it. */
    private void pushDnsRecords(ClusterState state, NetworkPlan plan) {
        if (plan.nodes().isEmpty()) {
            return;
        }
        NodeDataplane any = new NodeDataplane(state, plan, plan.nodes().get(0).name());
        String hosts = any.dnsHosts();
        String srv = any.dnsSrvConf();
        for (ContainerInfo c : engine.containers(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + name,
                Labels.DNS_SERVER + "=true"))) {
            if (!c.running() || (hosts + srv).equals(dnsPushed.get(c.id()))) {
                continue;
            }
            String before = dnsPushed.get(c.id());
            engine.copyFiles(c.id(), NodeDataplane.DIR + "/dns", Map.of("hosts", hosts.getBytes(StandardCharsets.UTF_8),
                    "srv.conf", srv.getBytes(StandardCharsets.UTF_8)));
            boolean srvChanged = before == null || !before.endsWith(srv);
            if (srvChanged) {
                // dnsmasq reads srv-host lines only at start: restart it (the Pod's network namespace stays)
                engine.kill(c.id());
                engine.start(c.id());
            } else {
                engine.exec(c.id(), List.of("/bin/sh", "-c", "kill -HUP 1"));
            }
            dnsPushed.put(c.id(), hosts + srv);
        }
    }

    private static String sandboxIp(ContainerInfo sb, PodState p) {
        // the sandbox has no Docker address; the Pod IP is fixed by the plan for its lifetime
        return String.valueOf(p.ip());
    }

    private static int filesHash(Map<String, byte[]> files) {
        int h = 1;
        for (var e : files.entrySet()) {
            h = 31 * h + e.getKey().hashCode();
            h = 31 * h + java.util.Arrays.hashCode(e.getValue());
        }
        return h;
    }

    /** The ports the host reaches through the edge: Ingress (HTTP, HTTPS), NodePorts and LoadBalancer ports. */
    static List<Exposure> exposures(ClusterState state, NetworkPlan plan) {
        List<Exposure> out = new ArrayList<>();
        NodeState in = plan.ingress().node() == null ? null : state.node(plan.ingress().node());
        if (in == null) {
            return out;
        }
        if (!state.ingresses().isEmpty()) {
            out.add(new Exposure("ingress-http", 80, in.underlayIp(), 80));
            out.add(new Exposure("ingress-https", 443, in.underlayIp(), 443));
        }
        int lbPort = 20000;
        for (ClusterState.ServiceState s : state.services()) {
            for (ClusterState.ServicePort sp : s.ports()) {
                if (!"UDP".equalsIgnoreCase(sp.protocol()) && sp.nodePort() > 0) {
                    out.add(new Exposure("nodeport/" + s.key() + "/" + sp.port(), sp.nodePort(), in.underlayIp(), sp.nodePort()));
                }
                if (!"UDP".equalsIgnoreCase(sp.protocol()) && s.loadBalancerIp() != null && !s.loadBalancerIp().isBlank()) {
                    out.add(new Exposure("lb/" + s.key() + "/" + sp.port(), lbPort++, s.loadBalancerIp(), sp.port()));
                }
            }
        }
        return out;
    }

    /** Host port (on 127.0.0.1) per exposure key, e.g. "ingress-http" or "nodeport/default/web/80". */
    public Map<String, Integer> hostPorts() {
        return RunningClusters.hostPorts(engine, name);
    }

    // ---- commands inside the cluster ----------------------------------------------------------------

    /** Runs a command in a Pod's network namespace (through its sandbox container, which has the tools). */
    public ExecResult execInPod(String namespace, String pod, List<String> cmd) {
        ContainerInfo sb = engine.containers(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + name,
                Labels.ROLE + "=" + Labels.ROLE_SANDBOX, Labels.POD + "=" + namespace + "/" + pod)).stream()
                .filter(ContainerInfo::running).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Pod " + namespace + "/" + pod + " has no running sandbox in cluster " + name));
        return engine.exec(sb.id(), cmd);
    }

    /** The id of a running app container of a Pod (its container {@code container}), for exec and logs. */
    public String podContainer(String namespace, String pod, String container) {
        return engine.containers(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + name,
                Labels.ROLE + "=" + Labels.ROLE_CONTAINER, Labels.POD + "=" + namespace + "/" + pod)).stream()
                .filter(c -> container == null || container.equals(c.label(Labels.CONTAINER)))
                .findFirst().map(ContainerInfo::id)
                .orElseThrow(() -> new IllegalArgumentException("container " + container + " of Pod " + namespace + "/" + pod
                        + " is not running in cluster " + name));
    }

    public ExecResult execOnNode(String node, List<String> cmd) {
        return engine.exec(nodeContainer(node).id(), cmd);
    }

    ContainerInfo nodeContainer(String node) {
        return engine.containers(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + name,
                Labels.ROLE + "=" + Labels.ROLE_NODE, Labels.NODE + "=" + node)).stream().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + node + " in cluster " + name));
    }

    // ---- faults -------------------------------------------------------------------------------------

    public void stopNode(String node) {
        engine.stop(nodeContainer(node).id(), 1);
        applied.remove(node);
    }

    public void startNode(String node) {
        engine.start(nodeContainer(node).id());
        applied.remove(node);
    }

    /** Kills a Pod's app containers (as a crash would); {@link #apply} restarts them. */
    public void killPod(String namespace, String pod) {
        for (ContainerInfo c : engine.containers(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + name,
                Labels.ROLE + "=" + Labels.ROLE_CONTAINER, Labels.POD + "=" + namespace + "/" + pod))) {
            engine.kill(c.id());
        }
    }

    /** Adds delay and loss to a node's underlay link (tc netem on its eth0); zero values remove it. */
    public ExecResult netem(String node, int delayMs, double lossPercent) {
        String cmd = delayMs <= 0 && lossPercent <= 0 ? "tc qdisc del dev eth0 root 2>/dev/null; true"
                : String.format(java.util.Locale.ROOT, "tc qdisc replace dev eth0 root netem delay %dms loss %.2f%%",
                delayMs, lossPercent);
        ExecResult r = execOnNode(node, List.of("/bin/sh", "-c", cmd));
        if (!r.ok() && r.stderr().contains("qdisc kind is unknown")) {
            throw new IllegalStateException("tc netem is not available: the host kernel has no sch_netem module"
                    + " (load it on the Docker host with: modprobe sch_netem)");
        }
        return r;
    }

    /** The nodes and Pods as Docker sees them: what stopped, what was killed. */
    public List<ContainerInfo> containers() {
        return engine.containers(Labels.clusterFilter(name));
    }

    // ---- teardown -----------------------------------------------------------------------------------

    /** Removes every container and network of this cluster (by label). */
    public void down() {
        removed = true;
        synchronized (this) {
            RunningClusters.remove(engine, name);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    private void runAll(List<Callable<Void>> jobs) {
        if (jobs.isEmpty()) {
            return;
        }
        List<Future<Void>> fs = new ArrayList<>();
        for (Callable<Void> j : jobs) {
            fs.add(pool.submit(j));
        }
        RuntimeException first = null;
        for (Future<Void> f : fs) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (first == null) {
                    first = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
        if (first != null) {
            throw first;
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
