package io.kubecanvas.emulator.docker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubecanvas.emulator.docker.ClusterContainers.Exposure;
import io.kubecanvas.emulator.docker.DockerEngine.ContainerInfo;
import io.kubecanvas.emulator.docker.DockerEngine.ExecResult;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.plan.NodePlan;
import io.kubecanvas.emulator.plan.NodeScript;
import io.kubecanvas.emulator.plan.PodPlan;
import io.kubecanvas.model.net.Cidr;

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
 * One running cluster of the docker backend: creates it ({@link #up}), brings it to a new plan by difference
 * ({@link #apply}: only what changed is created, removed or re-plumbed), runs commands inside Pods and nodes,
 * injects faults and removes everything ({@link #down}). All it knows of the running cluster it reads back
 * from container labels and, for the plan it runs, from the edge container ({@link #runningPlan}), so another
 * process can {@link #attach} to it.
 *
 * <p>{@link #apply} runs named steps in order: nodes (create the missing, remove the unplanned; a stopped
 * node is left stopped: only {@link #startNode} starts it), Pods (keep a sandbox whose Pod, uid, node and
 * address are unchanged; restart exited app containers as the kubelet does; create the rest), the network
 * (each node runs its {@link NetworkPlan#render rendering} when it changed), the edge (the host's ways in),
 * the cluster DNS records, then the plan itself is recorded.
 */
public final class DockerCluster implements AutoCloseable {
    private static final int PARALLEL = 8;
    /** Where the edge keeps the plan the cluster runs (JSON). */
    static final String PLAN_FILE = NodeScript.DIR + "/plan.json";
    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final DockerEngine engine;
    private final String name;
    private final ClusterContainers specs;
    private final ExecutorService pool;
    private final Consumer<String> progress;
    /** The script last run per node, so an unchanged node is not re-plumbed. */
    private final Map<String, String> applied = new HashMap<>();
    private final Map<String, String> dnsPushed = new HashMap<>();
    private volatile NetworkPlan current;
    /** What each Pod runs other than its spec says (init failures, images), from when its containers were started. */
    private final Map<String, io.kubecanvas.emulator.backend.PodRuntime> runtime = new java.util.concurrent.ConcurrentHashMap<>();
    /** Pulls that failed lately, so a machine without a registry does not ask it again at every apply. */
    private final Map<String, PodStart.Images.Failed> failedPulls = new java.util.concurrent.ConcurrentHashMap<>();
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

    /** The plan last applied by this handle, or the running one for an attached handle. */
    public NetworkPlan plan() {
        return current;
    }

    /**
     * Creates the cluster and applies {@code plan}. When any step fails, everything made so far is removed
     * and the error is rethrown.
     *
     * @param detached true for a cluster that outlives this process (removed only by {@code down})
     */
    public static DockerCluster up(DockerEngine engine, String name, NetworkPlan plan, boolean detached,
                                   Consumer<String> progress) {
        validateName(name);
        RunningClusters.removeOrphans(engine, progress);
        if (RunningClusters.exists(engine, name)) {
            throw new IllegalStateException("a cluster named " + name + " already runs; remove it with: kubecanvas down " + name);
        }
        String image = new NodeImage(engine).ensure(progress);
        DockerCluster c = new DockerCluster(engine, name, image, detached ? Labels.DETACHED : OwnerId.current(), progress);
        Subnets.Taken t = Subnets.overlap(plan.underlayCidr().canonical(), Subnets.taken(engine, null));
        if (t != null) {
            c.close();
            Cidr free = Subnets.choose(plan.underlayCidr(), Subnets.taken(engine, null), List.of(plan.clusterCidr(), plan.serviceCidr()));
            throw new IllegalStateException("the underlay " + plan.underlayCidr() + " of cluster " + name + " overlaps " + t.what()
                    + "; set the Cluster's spec.network.underlayCIDR to a free range" + (free == null ? "" : " such as " + free)
                    + " (or remove the other cluster: kubecanvas ls, kubecanvas down NAME)");
        }
        try {
            engine.createNetwork(c.specs.underlayNetworkName(), plan.underlayCidr().toString(), plan.gateway(), true, Map.of(),
                    c.specs.labels(Labels.ROLE_UNDERLAY));
            c.apply(plan);
            return c;
        } catch (RuntimeException e) {
            progress.accept("up failed, removing what was made: " + DockerJavaEngine.rootMessage(e));
            c.down();
            throw e;
        }
    }

    /** A handle on a cluster that already runs (made by this or another process), with the plan it runs. */
    public static DockerCluster attach(DockerEngine engine, String name, Consumer<String> progress) {
        List<ContainerInfo> nodes = engine.containers(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + name,
                Labels.ROLE + "=" + Labels.ROLE_NODE));
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no running cluster named " + name + " (see: kubecanvas ls)");
        }
        String owner = nodes.get(0).label(Labels.OWNER);
        DockerCluster c = new DockerCluster(engine, name, new NodeImage(engine).ref(), owner == null ? Labels.DETACHED : owner,
                progress);
        c.current = c.runningPlan();
        return c;
    }

    static void validateName(String name) {
        if (name == null || !name.matches("[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?")) {
            throw new IllegalArgumentException("cluster name '" + name
                    + "' must be 1 to 32 lower-case letters, digits or '-', starting and ending with a letter or digit");
        }
    }

    /** The plan the running cluster was last brought to, as its edge container keeps it. */
    NetworkPlan runningPlan() {
        ContainerInfo edge = edge();
        if (edge == null || !edge.running()) {
            throw new IllegalStateException("cluster " + name + " has no running edge container, which keeps its plan;"
                    + " recreate it (kubecanvas down " + name + ", then up)");
        }
        ExecResult r = engine.exec(edge.id(), List.of("cat", PLAN_FILE));
        if (!r.ok()) {
            throw new IllegalStateException("cluster " + name + " keeps no plan (made by an older kubecanvas?);"
                    + " recreate it (kubecanvas down " + name + ", then up)");
        }
        try {
            return JSON.readValue(r.stdout(), NetworkPlan.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the plan kept by cluster " + name + " cannot be read (" + e.getOriginalMessage()
                    + "); recreate the cluster");
        }
    }

    // ---- reconcile ----------------------------------------------------------------------------------

    /** Brings the running cluster to {@code plan}, touching only what differs. */
    public synchronized void apply(NetworkPlan plan) {
        if (removed) {
            throw new IllegalStateException("cluster " + name + " has been removed");
        }
        long t0 = System.nanoTime();
        Map<String, ContainerInfo> nodes = new LinkedHashMap<>();
        List<ContainerInfo> sandboxes = new ArrayList<>();
        List<ContainerInfo> apps = new ArrayList<>();
        List<ContainerInfo> inits = new ArrayList<>();
        for (ContainerInfo c : engine.containers(Labels.clusterFilter(name))) {
            switch (String.valueOf(c.label(Labels.ROLE))) {
                case Labels.ROLE_NODE -> nodes.put(c.label(Labels.NODE), c);
                case Labels.ROLE_SANDBOX -> sandboxes.add(c);
                case Labels.ROLE_CONTAINER -> apps.add(c);
                case Labels.ROLE_INIT -> inits.add(c);
                default -> { }
            }
        }
        int nodeChanges = nodes(plan, nodes);
        long tNodes = System.nanoTime();
        Set<String> runningNodes = new HashSet<>();
        for (ContainerInfo c : engine.containers(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + name,
                Labels.ROLE + "=" + Labels.ROLE_NODE))) {
            if (c.running()) {
                runningNodes.add(c.label(Labels.NODE));
            }
        }
        Set<String> sandboxNodes = Collections.synchronizedSet(new HashSet<>());
        List<PodPlan> toStart = Collections.synchronizedList(new ArrayList<>());
        int[] podChanges = pods(plan, runningNodes, sandboxes, apps, inits, sandboxNodes, toStart);
        long tPods = System.nanoTime();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        int replumbed = network(plan, sandboxNodes, failures);
        startContainers(plan, toStart);
        edge(plan);
        long tNet = System.nanoTime();
        pushDnsRecords(plan);
        current = plan;
        keepPlan(plan);
        long tEnd = System.nanoTime();
        if (nodeChanges + podChanges[0] + podChanges[1] + replumbed > 0) {
            progress.accept(String.format("applied plan %d to cluster %s in %d ms (nodes %d ms, Pods %d ms, network and edge %d ms,"
                            + " DNS %d ms; %d node(s) re-plumbed, %d Pod(s) created)", plan.version(), name,
                    (tEnd - t0) / 1_000_000, (tNodes - t0) / 1_000_000, (tPods - tNodes) / 1_000_000, (tNet - tPods) / 1_000_000,
                    (tEnd - tNet) / 1_000_000, replumbed, podChanges[1]));
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("applying the network plan failed on " + String.join("; ", failures));
        }
    }

    /** Creates missing node containers and removes unplanned ones; never starts a stopped one. */
    private int nodes(NetworkPlan plan, Map<String, ContainerInfo> existing) {
        List<Callable<Void>> jobs = new ArrayList<>();
        Set<String> wanted = new HashSet<>();
        for (NodePlan n : plan.nodes()) {
            wanted.add(n.name());
            if (!existing.containsKey(n.name())) {
                applied.remove(n.name());
                jobs.add(() -> {
                    engine.run(specs.node(n));
                    return null;
                });
            }
        }
        for (var e : existing.entrySet()) {
            if (!wanted.contains(e.getKey())) {
                applied.remove(e.getKey());
                jobs.add(() -> {
                    engine.remove(e.getValue().id());
                    return null;
                });
            }
        }
        runAll(jobs);
        return jobs.size();
    }

    /** {Pods removed or restarted, Pods created}; {@code sandboxNodes} gets the nodes whose sandboxes changed. */
    private int[] pods(NetworkPlan plan, Set<String> runningNodes, List<ContainerInfo> sandboxes, List<ContainerInfo> apps,
                       List<ContainerInfo> inits, Set<String> sandboxNodes, List<PodPlan> toStart) {
        Map<String, PodPlan> desired = new LinkedHashMap<>();
        for (PodPlan p : plan.pods()) {
            if (p.running() && runningNodes.contains(p.node())) {
                desired.put(p.key(), p);
            }
        }
        Map<String, List<ContainerInfo>> appsByPod = new HashMap<>();
        for (ContainerInfo a : apps) {
            appsByPod.computeIfAbsent(a.label(Labels.POD), k -> new ArrayList<>()).add(a);
        }
        Map<String, List<ContainerInfo>> initsByPod = new HashMap<>();
        for (ContainerInfo a : inits) {
            initsByPod.computeIfAbsent(a.label(Labels.POD), k -> new ArrayList<>()).add(a);
        }
        Set<String> kept = new HashSet<>();
        List<Callable<Void>> jobs = new ArrayList<>();
        for (ContainerInfo sb : sandboxes) {
            String key = sb.label(Labels.POD);
            PodPlan p = desired.get(key);
            // a sandbox on a stopped node is not running either: it is left for startNode to bring back
            if (p == null && sb.label(Labels.NODE) != null && !runningNodes.contains(sb.label(Labels.NODE))
                    && plan.pod(key) != null && sb.label(Labels.NODE).equals(plan.pod(key).node())) {
                kept.add(key);
                continue;
            }
            boolean keep = p != null && sb.running() && String.valueOf(p.uid()).equals(sb.label(Labels.POD_UID))
                    && p.node().equals(sb.label(Labels.NODE)) && p.ip().equals(sb.label(Labels.POD_IP)) && !kept.contains(key);
            if (keep) {
                kept.add(key);
                for (ContainerInfo a : appsByPod.getOrDefault(key, List.of())) {
                    if (!a.running()) {
                        // the kubelet restarts a container that exited (restartPolicy Always)
                        jobs.add(() -> {
                            engine.start(a.id());
                            return null;
                        });
                    }
                }
            } else {
                List<ContainerInfo> doomed = new ArrayList<>(appsByPod.getOrDefault(key, List.of()));
                doomed.addAll(initsByPod.getOrDefault(key, List.of()));
                doomed.add(sb);
                runtime.remove(key);
                if (sb.label(Labels.NODE) != null) {
                    sandboxNodes.add(sb.label(Labels.NODE));
                }
                jobs.add(() -> {
                    for (ContainerInfo d : doomed) {
                        engine.remove(d.id());
                    }
                    return null;
                });
            }
        }
        Set<String> sandboxPods = new HashSet<>();
        sandboxes.forEach(s -> sandboxPods.add(s.label(Labels.POD)));
        List<ContainerInfo> appsAndInits = new ArrayList<>(apps);
        appsAndInits.addAll(inits);
        for (ContainerInfo a : appsAndInits) {
            if (!sandboxPods.contains(a.label(Labels.POD))) {
                jobs.add(() -> {
                    engine.remove(a.id());
                    return null;
                });
            }
        }
        runAll(jobs);
        runtime.keySet().removeIf(k -> plan.pod(k) == null);
        List<Callable<Void>> create = new ArrayList<>();
        for (PodPlan p : desired.values()) {
            if (kept.contains(p.key())) {
                continue;
            }
            sandboxNodes.add(p.node());
            runtime.remove(p.key());
            create.add(() -> {
                engine.run(specs.sandbox(p, plan.dns().searchPath(p.namespace()), plan.dns().serviceIp()));
                toStart.add(p); // its containers start once its network is plumbed, init containers first
                return null;
            });
        }
        runAll(create);
        return new int[]{jobs.size(), create.size()};
    }

    /**
     * The containers of the Pods whose sandboxes were just made and plumbed ({@link PodStart}: images by pull
     * policy, init containers to completion, then the app containers); what each runs other than its spec says
     * is kept for {@link #podRuntime}.
     */
    private void startContainers(NetworkPlan plan, List<PodPlan> pods) {
        PodStart.Images images = new PodStart.Images(engine, progress, failedPulls);
        List<Callable<Void>> jobs = new ArrayList<>();
        for (PodPlan p : List.copyOf(pods)) {
            jobs.add(() -> {
                io.kubecanvas.emulator.backend.PodRuntime r = PodStart.start(engine, specs, p, plan.dns().clusterDomain(), images);
                if (r != null) {
                    runtime.put(p.key(), r);
                    progress.accept("Pod " + p.key() + ": " + r.reason());
                }
                return null;
            });
        }
        runAll(jobs);
    }

    /**
     * What each Pod runs other than its spec says: what its start reported (an init container that failed, an
     * image not pulled) and app containers that exited since (exit code and last lines; the next apply starts
     * them again, as the kubelet restarts them). Pods on a stopped node are left out (the node says it).
     */
    public Map<String, io.kubecanvas.emulator.backend.PodRuntime> podRuntime() {
        Map<String, io.kubecanvas.emulator.backend.PodRuntime> out = new LinkedHashMap<>(runtime);
        Set<String> nodesUp = new HashSet<>();
        List<ContainerInfo> all = engine.containers(Labels.clusterFilter(name));
        for (ContainerInfo c : all) {
            if (Labels.ROLE_NODE.equals(c.label(Labels.ROLE)) && c.running()) {
                nodesUp.add(c.label(Labels.NODE));
            }
        }
        for (ContainerInfo c : all) {
            if (!Labels.ROLE_CONTAINER.equals(c.label(Labels.ROLE)) || c.running() || !nodesUp.contains(c.label(Labels.NODE))) {
                continue;
            }
            Integer code = engine.exitCode(c.id());
            String why = "Error: container " + c.label(Labels.CONTAINER) + " exited"
                    + (code == null ? "" : " with code " + code) + PodStart.lastLines(engine, c.id());
            io.kubecanvas.emulator.backend.PodRuntime before = out.get(c.label(Labels.POD));
            out.put(c.label(Labels.POD), new io.kubecanvas.emulator.backend.PodRuntime(
                    before == null ? why : before.reason() + "; " + why, false));
        }
        return out;
    }

    /** Each running node whose script changed, or whose Pod sandboxes changed, runs the plan's rendering of it. */
    private int network(NetworkPlan plan, Set<String> sandboxNodes, List<String> failures) {
        Map<String, ContainerInfo> nodeNow = new HashMap<>();
        for (ContainerInfo c : engine.containers(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + name,
                Labels.ROLE + "=" + Labels.ROLE_NODE))) {
            nodeNow.put(c.label(Labels.NODE), c);
        }
        List<Callable<Void>> jobs = new ArrayList<>();
        for (NodePlan n : plan.nodes()) {
            ContainerInfo c = nodeNow.get(n.name());
            if (c == null || !c.running()) {
                continue;
            }
            String script = plan.render(n.name());
            if (!sandboxNodes.contains(n.name()) && script.equals(applied.get(n.name()))) {
                continue;
            }
            jobs.add(() -> {
                engine.copyFiles(c.id(), NodeScript.DIR, Map.of("apply.sh", script.getBytes(StandardCharsets.UTF_8)));
                ExecResult r = engine.exec(c.id(), List.of("/bin/bash", NodeScript.DIR + "/apply.sh"));
                if (r.ok()) {
                    applied.put(n.name(), script);
                } else {
                    applied.remove(n.name());
                    failures.add(n.name() + ": " + r.stderr().strip());
                }
                return null;
            });
        }
        runAll(jobs);
        return jobs.size();
    }

    /** The edge: recreated when the host's ways in change (always present: it is the external client too). */
    private void edge(NetworkPlan plan) {
        ContainerInfo edge = edge();
        List<Exposure> exposures = Exposure.of(plan.exposures());
        String wanted = Exposure.format(exposures);
        if (edge != null && edge.running() && wanted.equals(String.valueOf(edge.label(Labels.EXPOSURES)))) {
            return;
        }
        if (edge != null) {
            engine.remove(edge.id());
        }
        if (engine.networks(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + name,
                Labels.ROLE + "=" + Labels.ROLE_ACCESS)).isEmpty()) {
            engine.createNetwork(specs.accessNetworkName(), null, null, false, ClusterContainers.ACCESS_NETWORK_OPTIONS,
                    specs.labels(Labels.ROLE_ACCESS));
        }
        engine.run(specs.edge(exposures, plan.externalAddress()));
    }

    ContainerInfo edge() {
        return engine.containers(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + name,
                Labels.ROLE + "=" + Labels.ROLE_EDGE)).stream().findFirst().orElse(null);
    }

    /** Writes the plan into the edge, where {@link #attach} reads it back. */
    private void keepPlan(NetworkPlan plan) {
        ContainerInfo edge = edge();
        if (edge == null) {
            return;
        }
        try {
            engine.copyFiles(edge.id(), NodeScript.DIR, Map.of("plan.json", JSON.writeValueAsBytes(plan)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the plan cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Copies the cluster's DNS records into each cluster DNS server (dnsmasq) and reloads it. */
    private void pushDnsRecords(NetworkPlan plan) {
        StringBuilder hosts = new StringBuilder("# cluster DNS A records (kubecanvas)\n");
        for (var r : plan.dns().records()) {
            if ("A".equals(r.type())) {
                hosts.append(r.value()).append(' ').append(r.name().replaceAll("\\.$", "")).append('\n');
            }
        }
        // cname= (ExternalName) and srv-host= lines: dnsmasq reads both only at start
        String srv = plan.dns().cnames() + plan.dns().srvHosts();
        for (ContainerInfo c : engine.containers(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + name,
                Labels.DNS_SERVER + "=true"))) {
            String both = hosts + srv;
            if (!c.running() || both.equals(dnsPushed.get(c.id()))) {
                continue;
            }
            String before = dnsPushed.get(c.id());
            engine.copyFiles(c.id(), NodeScript.DIR + "/dns", Map.of("hosts", hosts.toString().getBytes(StandardCharsets.UTF_8),
                    "srv.conf", srv.getBytes(StandardCharsets.UTF_8)));
            if (before == null || !before.endsWith(srv)) {
                // dnsmasq reads srv-host and cname lines only at start: restart it (the Pod's network namespace stays)
                engine.kill(c.id());
                engine.start(c.id());
            } else {
                engine.exec(c.id(), List.of("/bin/sh", "-c", "kill -HUP 1"));
            }
            dnsPushed.put(c.id(), both);
        }
    }

    /** Host port (on 127.0.0.1) per way in, e.g. "ingress-http" or "nodeport/default/web/80". */
    public Map<String, Integer> hostPorts() {
        return RunningClusters.hostPorts(engine, name);
    }

    // ---- commands inside the cluster ----------------------------------------------------------------

    /** Runs a command in a Pod's network namespace (through its sandbox container, which has the tools). */
    public ExecResult execInPod(String namespace, String pod, List<String> cmd) {
        return engine.exec(sandbox(namespace + "/" + pod).id(), cmd);
    }

    ContainerInfo sandbox(String podKey) {
        return engine.containers(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + name,
                        Labels.ROLE + "=" + Labels.ROLE_SANDBOX, Labels.POD + "=" + podKey)).stream()
                .filter(ContainerInfo::running).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Pod " + podKey + " has no running sandbox in cluster " + name));
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

    /** Starts a stopped node container; its Pods' sandboxes went with it and are made again by the next apply. */
    public void startNode(String node) {
        ContainerInfo c = nodeContainer(node);
        if (!c.running()) {
            engine.start(c.id());
        }
        applied.remove(node);
    }

    /** Kills a Pod's app containers (as a crash would); {@link #apply} restarts them. */
    public void killPod(String podKey) {
        for (ContainerInfo c : engine.containers(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + name,
                Labels.ROLE + "=" + Labels.ROLE_CONTAINER, Labels.POD + "=" + podKey))) {
            if (c.running()) {
                engine.kill(c.id());
            }
        }
    }

    /** The nodes as Docker sees them: node name to running. */
    public Map<String, Boolean> nodeStates() {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (ContainerInfo c : engine.containers(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + name,
                Labels.ROLE + "=" + Labels.ROLE_NODE))) {
            out.put(c.label(Labels.NODE), c.running());
        }
        return out;
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
}
