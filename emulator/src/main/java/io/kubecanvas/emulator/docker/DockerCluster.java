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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;

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
    /**
     * How long a new Pod's sandbox waits, once its node runs, to learn whether the Pod's image can run, so that the
     * sandbox runs a stand-in itself: on a machine without a registry the pull fails within milliseconds; a pull
     * still going after this long gets a plain sandbox and the app container later, as before.
     */
    static final long IMAGE_WAIT_MILLIS = 1000;
    /** Where the edge keeps the plan the cluster runs (JSON). */
    static final String PLAN_FILE = NodeScript.DIR + "/plan.json";
    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final DockerEngine engine;
    private final String name;
    private final ClusterContainers specs;
    private final ExecutorService pool;
    private final Consumer<String> progress;
    /** The script last run per node, so an unchanged node is not re-plumbed. */
    private final Map<String, String> applied = new ConcurrentHashMap<>();
    private final Map<String, String> dnsPushed = new ConcurrentHashMap<>();
    /** The cluster DNS server of each DNS Pod, by Pod key, as this handle started or last pushed to it. */
    private final Map<String, String> dnsServerOf = new ConcurrentHashMap<>();
    private volatile NetworkPlan current;
    private volatile PhaseClock upPhases;
    /** The last write of the kept plan, which a reasons-only apply does not wait for (the next apply and down do). */
    private volatile CompletableFuture<Void> planWrite = CompletableFuture.completedFuture(null);
    /** What each Pod runs other than its spec says (init failures, images), from when its containers were started. */
    private final Map<String, io.kubecanvas.emulator.backend.PodRuntime> runtime = new ConcurrentHashMap<>();
    /** Pulls that failed lately, so a machine without a registry does not ask it again at every apply. */
    private final Map<String, PodStart.Images.Failed> failedPulls = new ConcurrentHashMap<>();
    /** Pods whose sandbox runs their stand-in and whose stand-in {@link #killPod} killed: the next apply starts it again. */
    private final Set<String> killedStandIns = ConcurrentHashMap.newKeySet();
    /** Image lookups and pulls (each may wait on a registry): threads of their own, not the pool's. */
    private final ExecutorService lookups = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kubecanvas-docker-images");
        t.setDaemon(true);
        return t;
    });
    /** The images of a plan asked about before its apply ({@link Start#finish}), for that apply. */
    private volatile ImageAnswers prefetched;

    /** The answers about images of one apply: what each image (and pull policy) is, asked once, on its own thread. */
    private record ImageAnswers(PodStart.Images images, Map<String, CompletableFuture<PodStart.Images.Outcome>> answers) {
        CompletableFuture<PodStart.Images.Outcome> ask(PodPlan.ContainerPlan c, ExecutorService on) {
            return answers.computeIfAbsent(c.image() + "|" + c.imagePullPolicy(),
                    k -> CompletableFuture.supplyAsync(() -> images.resolve(c.image(), c.imagePullPolicy()), on));
        }
    }

    /** Asks about the images of {@code plan}'s Pods that may run stand-ins now, for the first apply. */
    private void prefetchImages(NetworkPlan plan) {
        ImageAnswers a = new ImageAnswers(new PodStart.Images(engine, progress, failedPulls), new ConcurrentHashMap<>());
        for (PodPlan p : plan.pods()) {
            if (p.running() && ClusterContainers.standInOnly(p, img -> false)) {
                a.ask(p.containers().get(0), lookups);
            }
        }
        prefetched = a;
    }

    /** Made by {@link #begin}: before the first apply it holds its node containers and networks, nothing else. */
    private volatile boolean begun;
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
        return begin(engine, name, plan.underlayCidr(), List.of(plan.clusterCidr(), plan.serviceCidr()), Map.of(), detached,
                progress).finish(plan);
    }

    /**
     * What {@link #up} does before it has the plan, begun at once on a thread of its own: the sweep of orphans, the
     * node image, the check that {@code underlay} is free (an overlap suggests a free range off {@code keepOff}, the Pod
     * and Service ranges), the underlay network, and the node containers of
     * {@code nodes} (name to underlay address, as {@code ControlPlane.newNodeAddresses} forecasts them), so they start
     * while the control plane computes the plan (0.2 s of a small up, more in a fresh process).
     */
    public static Start begin(DockerEngine engine, String name, Cidr underlay, List<Cidr> keepOff, Map<String, String> nodes,
                              boolean detached, Consumer<String> progress) {
        validateName(name);
        PhaseClock clock = new PhaseClock();
        CompletableFuture<DockerCluster> created = new CompletableFuture<>();
        CompletableFuture<DockerCluster> made = CompletableFuture.supplyAsync(() -> {
            clock.time("sweep orphaned clusters", 0, () -> RunningClusters.removeOrphans(engine, progress));
            if (RunningClusters.exists(engine, name)) {
                throw new IllegalStateException("a cluster named " + name + " already runs; remove it with: kubecanvas down " + name);
            }
            String image = clock.time("node image present", 0, () -> new NodeImage(engine).ensure(progress));
            DockerCluster c = new DockerCluster(engine, name, image, detached ? Labels.DETACHED : OwnerId.current(), progress);
            c.upPhases = clock;
            c.begun = true;
            created.complete(c);
            List<Subnets.Taken> taken = clock.time("subnets in use", 0, () -> Subnets.taken(engine, null));
            Subnets.Taken t = Subnets.overlap(underlay.canonical(), taken);
            if (t != null) {
                c.close();
                Cidr free = Subnets.choose(underlay, taken, keepOff);
                throw new IllegalStateException("the underlay " + underlay + " of cluster " + name + " overlaps " + t.what()
                        + "; set the Cluster's spec.network.underlayCIDR to a free range" + (free == null ? "" : " such as " + free)
                        + " (or remove the other cluster: kubecanvas ls, kubecanvas down NAME)");
            }
            try {
                clock.time("underlay network", 1, () -> engine.createNetwork(c.specs.underlayNetworkName(),
                        underlay.toString(), underlay.canonical().nthText(1), true, Map.of(), c.specs.labels(Labels.ROLE_UNDERLAY)));
                Span early = new Span();
                List<Callable<Void>> runs = new ArrayList<>();
                nodes.forEach((node, address) -> runs.add(() -> {
                    early.time(() -> engine.run(c.specs.node(node, address)));
                    return null;
                }));
                c.runAll(runs);
                early.record(clock, "node containers, before the plan");
            } catch (RuntimeException e) {
                progress.accept("up failed, removing what was made: " + DockerJavaEngine.rootMessage(e));
                c.down();
                throw e;
            }
            return c;
        });
        made.whenComplete((c, e) -> created.complete(null));
        return new Start(created, made, underlay.canonical());
    }

    /** A cluster on its way up ({@link #begin}): {@link #finish} with the plan, or {@link #abandon}. */
    public static final class Start {
        private final CompletableFuture<DockerCluster> created;
        private final CompletableFuture<DockerCluster> made;
        private final Cidr underlay;

        private Start(CompletableFuture<DockerCluster> created, CompletableFuture<DockerCluster> made, Cidr underlay) {
            this.created = created;
            this.made = made;
            this.underlay = underlay;
        }

        /**
         * Applies {@code plan} to what {@link #begin} made (waiting for it): a node container the plan places elsewhere
         * is made again. When any step fails, everything made so far is removed and the error is rethrown.
         */
        public DockerCluster finish(NetworkPlan plan) {
            // the images are asked about while the node containers still start (a failed pull takes a moment)
            DockerCluster early = created.join();
            if (early != null) {
                try {
                    early.prefetchImages(plan);
                } catch (RuntimeException e) {
                    // the apply asks itself
                }
            }
            DockerCluster c = made();
            if (!plan.underlayCidr().canonical().equals(underlay)) {
                c.down();
                throw new IllegalStateException("the plan's underlay " + plan.underlayCidr() + " is not the " + underlay
                        + " cluster " + c.name + " was begun on");
            }
            try {
                c.apply(plan, c.upPhases);
                return c;
            } catch (RuntimeException e) {
                c.progress.accept("up failed, removing what was made: " + DockerJavaEngine.rootMessage(e));
                c.down();
                throw e;
            }
        }

        /** The design did not start: what {@link #begin} made is removed (once it is made). */
        public void abandon() {
            try {
                DockerCluster c = made();
                c.down();
                c.close();
            } catch (RuntimeException e) {
                // begin failed and removed what it made itself
            }
        }

        private DockerCluster made() {
            try {
                return made.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            }
        }
    }

    /** Where {@link #up} spent its wall time, phase by phase (null for an attached handle). */
    public PhaseClock upPhases() {
        return upPhases;
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

    /** The plan the running cluster was last brought to, as its node containers keep it. */
    NetworkPlan runningPlan() {
        String json = keptPlan(engine, name, engine.dockerContainers(Labels.clusterFilter(name)));
        if (json == null) {
            throw new IllegalStateException("cluster " + name + " keeps no plan in a running node (all stopped, or made by an"
                    + " older kubecanvas?); start a node (kubecanvas fault --cluster " + name + " start-node NODE) or recreate"
                    + " the cluster (kubecanvas down " + name + ", then up)");
        }
        try {
            return JSON.readValue(json, NetworkPlan.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the plan kept by cluster " + name + " cannot be read (" + e.getOriginalMessage()
                    + "); recreate the cluster");
        }
    }

    /** The version a kept plan's JSON starts with ({@code {"version":N,...}}), or -1. */
    private static final java.util.regex.Pattern PLAN_VERSION = java.util.regex.Pattern.compile("^\\{\"version\":(\\d+)");

    /**
     * The JSON of the plan cluster {@code cluster} keeps, from {@code cs} (its containers): the newest among its running
     * node containers (a node stopped while the plan changed keeps an older one), or the edge's (a cluster made by an
     * older kubecanvas kept it there); null when none keeps one.
     */
    static String keptPlan(DockerEngine engine, String cluster, List<ContainerInfo> cs) {
        List<ContainerInfo> nodes = cs.stream().filter(c -> Labels.ROLE_NODE.equals(c.label(Labels.ROLE)) && c.running()
                && cluster.equals(c.label(Labels.CLUSTER))).toList();
        List<CompletableFuture<Long>> versions = nodes.stream().map(n -> CompletableFuture.supplyAsync(() -> {
            ExecResult r = engine.exec(n.id(), List.of("head", "-c", "40", PLAN_FILE));
            java.util.regex.Matcher m = PLAN_VERSION.matcher(r.ok() ? r.stdout() : "");
            return m.find() ? Long.parseLong(m.group(1)) : -1L;
        })).toList();
        ContainerInfo newest = null;
        long best = -1;
        for (int i = 0; i < nodes.size(); i++) {
            long v = versions.get(i).join();
            if (v > best) {
                best = v;
                newest = nodes.get(i);
            }
        }
        if (newest == null) {
            newest = cs.stream().filter(c -> Labels.ROLE_EDGE.equals(c.label(Labels.ROLE)) && c.running()
                    && cluster.equals(c.label(Labels.CLUSTER))).findFirst().orElse(null);
        }
        if (newest == null) {
            return null;
        }
        ExecResult r = engine.exec(newest.id(), List.of("cat", PLAN_FILE));
        return r.ok() ? r.stdout() : null;
    }

    // ---- reconcile ----------------------------------------------------------------------------------

    /** Brings the running cluster to {@code plan}, touching only what differs. */
    public synchronized void apply(NetworkPlan plan) {
        apply(plan, new PhaseClock());
    }

    /**
     * {@link #apply(NetworkPlan)}, recording its phases in {@code clock}. What does not depend on each other runs
     * at once (bounded by the pool): the edge beside everything else; per node, its container, then its Pods'
     * sandboxes, then its plumbing script (one exec per node), then its Pods' app containers. The plumbing queues
     * behind the sandboxes of the other nodes: run beside them on threads of their own it took as much CPU from
     * them as it saved (200 Pods: up 52-54 s against 48 s), the machine being busy throughout.
     */
    void apply(NetworkPlan plan, PhaseClock clock) {
        synchronized (this) {
            if (removed) {
                throw new IllegalStateException("cluster " + name + " has been removed");
            }
            long t0 = System.nanoTime();
            if (current != null && !current.equals(plan) && dataplane(current).equals(dataplane(plan))) {
                // what the runtime reported came back as the Pods' reasons (an image not pulled, a stand-in): the
                // same dataplane, so only the kept plan changes (a listing and a DNS push took 0.4 s of each up). Nothing
                // here waits for that write (0.15 s): the next apply and down do, so the writes keep their order
                planWrite = planWrite.thenRunAsync(() -> keepPlan(plan), pool).exceptionally(e -> {
                    progress.accept("keeping plan " + plan.version() + " in the nodes failed: " + DockerJavaEngine.rootMessage(e));
                    return null;
                });
                current = plan;
                return;
            }
            planWrite.join();
            Map<String, ContainerInfo> nodes = new LinkedHashMap<>();
            List<ContainerInfo> sandboxes = new ArrayList<>();
            List<ContainerInfo> apps = new ArrayList<>();
            List<ContainerInfo> inits = new ArrayList<>();
            // a cluster just begun has its node containers and nothing else: listing them alone asks no node for its Pods
            List<String> filter = new ArrayList<>(Labels.clusterFilter(name));
            if (current == null && begun) {
                filter.add(Labels.ROLE + "=" + Labels.ROLE_NODE);
            }
            for (ContainerInfo c : clock.time("list containers", 0, () -> engine.containers(filter))) {
                switch (String.valueOf(c.label(Labels.ROLE))) {
                    case Labels.ROLE_NODE -> nodes.put(c.label(Labels.NODE), c);
                    case Labels.ROLE_SANDBOX -> sandboxes.add(c);
                    case Labels.ROLE_CONTAINER -> apps.add(c);
                    case Labels.ROLE_INIT -> inits.add(c);
                    default -> { }
                }
            }
            // the edge starts once the node containers created here run: Docker creates containers one network attach
            // at a time, so an edge beside three nodes made each of them 0.25 s later, and the nodes are on the way to
            // reachability where the edge is not (only published ports and the kept plan need it)
            CompletableFuture<Void> nodesCreated = new CompletableFuture<>();
            CompletableFuture<Void> edge = nodesCreated.thenRunAsync(() -> clock.time("edge container", 0, () -> edge(plan, false)), pool);
            // a new cluster's plan is kept as soon as its nodes run, beside the rest (an up that fails removes it all)
            boolean keptEarly = current == null;
            // compressed, the plan of a small cluster rides along in each node's plumbing exec (a copy into each node
            // took 0.25 s of a small up); a large one is copied in
            String packed = keptEarly ? packed(plan) : null;
            CompletableFuture<Void> keptFirst = keptEarly && packed == null
                    ? nodesCreated.thenRunAsync(() -> clock.time("keep the plan in the nodes", 0, () -> keepPlan(plan)), pool)
                    : CompletableFuture.completedFuture(null);
            List<CompletableFuture<String>> nodeRuns = new ArrayList<>();
            Set<String> wanted = new HashSet<>();
            plan.nodes().forEach(n -> wanted.add(n.name()));
            List<ContainerInfo> misplaced = new ArrayList<>();
            for (NodePlan n : plan.nodes()) {
                // a node container begun before the plan (begin) at another address than the plan's is made again
                ContainerInfo c = nodes.get(n.name());
                String at = c == null ? null : c.addresses().get(specs.underlayNetworkName());
                if (at != null && !at.equals(n.underlay().address().addressText())) {
                    misplaced.add(nodes.remove(n.name()));
                }
            }
            misplaced.forEach(c -> engine.remove(c.id()));
            // a node is running after this apply when it runs now or is created now; a stopped node stays stopped
            Set<String> runningNodes = new HashSet<>();
            for (NodePlan n : plan.nodes()) {
                ContainerInfo c = nodes.get(n.name());
                if (c == null || c.running()) {
                    runningNodes.add(n.name());
                }
            }
            Set<String> sandboxNodes = ConcurrentHashMap.newKeySet();
            Map<String, PodPlan> desired = new LinkedHashMap<>();
            for (PodPlan p : plan.pods()) {
                if (p.running() && runningNodes.contains(p.node())) {
                    desired.put(p.key(), p);
                }
            }
            // 1. what goes: unplanned nodes, Pods that changed or left; exited app containers restart
            Set<String> kept = new HashSet<>();
            List<Callable<Void>> removals = new ArrayList<>();
            for (var e : nodes.entrySet()) {
                if (!wanted.contains(e.getKey())) {
                    applied.remove(e.getKey());
                    removals.add(() -> {
                        engine.remove(e.getValue().id());
                        return null;
                    });
                }
            }
            removals.addAll(podRemovals(plan, runningNodes, desired, sandboxes, apps, inits, kept, sandboxNodes));
            clock.time("remove and restart", removals.size(), () -> runAll(removals));
            runtime.keySet().removeIf(k -> plan.pod(k) == null);
            killedStandIns.removeIf(k -> plan.pod(k) == null);
            // 2. what comes, per node: its container, its sandboxes, then its plumbing beside its app containers
            Map<String, List<PodPlan>> newPods = new LinkedHashMap<>();
            for (PodPlan p : desired.values()) {
                if (!kept.contains(p.key())) {
                    newPods.computeIfAbsent(p.node(), k -> new ArrayList<>()).add(p);
                    sandboxNodes.add(p.node());
                    runtime.remove(p.key());
                }
            }
            // a new cluster DNS server starts with this plan's records (no restart to read them)
            ClusterContainers.DnsFiles dnsFiles = ClusterContainers.DnsFiles.of(plan);
            // a Pod of one container whose image cannot run is one container, its sandbox running the stand-in: the
            // image is asked about at once, beside the nodes (a cluster begun before its plan was asked when the plan
            // came, while its nodes started), and the sandbox waits a moment for the answer
            ImageAnswers asked = prefetched != null ? prefetched : new ImageAnswers(new PodStart.Images(engine, progress, failedPulls),
                    new ConcurrentHashMap<>());
            prefetched = null;
            PodStart.Images images = asked.images();
            Map<String, CompletableFuture<PodStart.Images.Outcome>> standInAnswer = new HashMap<>();
            for (List<PodPlan> ps : newPods.values()) {
                for (PodPlan p : ps) {
                    if (ClusterContainers.standInOnly(p, img -> false)) {
                        standInAnswer.put(p.key(), asked.ask(p.containers().get(0), lookups));
                    }
                }
            }
            Set<String> sandboxRuns = ConcurrentHashMap.newKeySet();
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            Span nodeSpan = new Span();
            Span sandboxSpan = new Span();
            Span appSpan = new Span();
            Span plumbSpan = new Span();
            Span bothSpan = new Span();
            List<CompletableFuture<Void>> all = new ArrayList<>();
            int created = 0;
            int replumbed = 0;
            for (NodePlan n : plan.nodes()) {
                ContainerInfo existing = nodes.get(n.name());
                if (existing != null && !existing.running()) {
                    continue;
                }
                CompletableFuture<String> node;
                if (existing == null) {
                    applied.remove(n.name());
                    node = CompletableFuture.supplyAsync(() -> nodeSpan.time(() -> engine.run(specs.node(n))), pool);
                    nodeRuns.add(node);
                } else {
                    node = CompletableFuture.completedFuture(existing.id());
                }
                List<CompletableFuture<Void>> nodeSandboxes = new ArrayList<>();
                List<PodPlan> mayRunStandIn = new ArrayList<>();
                for (PodPlan p : newPods.getOrDefault(n.name(), List.of())) {
                    created++;
                    if (standInAnswer.containsKey(p.key())) {
                        mayRunStandIn.add(p);
                        continue;
                    }
                    nodeSandboxes.add(node.thenAcceptAsync(id -> sandboxSpan.time(() -> engine.run(sandbox(plan, p))), pool));
                }
                String script = plan.render(n.name());
                boolean needsPlumbing = sandboxNodes.contains(n.name()) || !work(script).equals(applied.get(n.name()));
                // every new Pod of the node may run its stand-in in its sandbox: the node starts them and then runs its
                // plumbing in one exec (two execs per node took 0.1 s of a small up)
                boolean together = needsPlumbing && !mayRunStandIn.isEmpty()
                        && mayRunStandIn.size() == newPods.getOrDefault(n.name(), List.of()).size()
                        && script.getBytes(StandardCharsets.UTF_8).length < NodePods.SCRIPT_LIMIT;
                CompletableFuture<Void> plumbed = null;
                if (!mayRunStandIn.isEmpty()) {
                    // the sandboxes that run their Pod's stand-in start together, in one call (the engine starts
                    // them inside their node, one exec for them all); the others each as a container of its own
                    CompletableFuture<List<PodPlan>> decided = node.thenApplyAsync(id -> {
                        List<PodPlan> runs = new ArrayList<>();
                        for (PodPlan p : mayRunStandIn) {
                            if (runsStandIn(standInAnswer.get(p.key()))) {
                                sandboxRuns.add(p.key());
                                runs.add(p);
                            }
                        }
                        return runs;
                    }, pool);
                    if (together) {
                        replumbed++;
                        plumbed = decided.thenCombine(node, Map::entry).thenAcceptAsync(e -> {
                            List<PodPlan> runs = e.getKey();
                            // a Pod whose image runs after all is a container of its own, before the plumbing
                            for (PodPlan p : mayRunStandIn) {
                                if (!runs.contains(p)) {
                                    sandboxSpan.time(() -> engine.run(sandbox(plan, p)));
                                }
                            }
                            List<ContainerSpec> ss = standInSandboxes(plan, runs, dnsFiles);
                            DockerEngine.RunThen rt = bothSpan.time(runs.size(), () -> engine.runAllThen(ss, e.getValue(),
                                    plumbCommand(script, packed)));
                            dnsServersStarted(runs, ss, rt.ids(), dnsFiles);
                            plumbed(n.name(), script, rt.then(), failures);
                        }, pool);
                    } else {
                        nodeSandboxes.add(decided.thenAcceptAsync(runs -> {
                            List<ContainerSpec> ss = standInSandboxes(plan, runs, dnsFiles);
                            dnsServersStarted(runs, ss, sandboxSpan.time(runs.size(), () -> engine.runAll(ss)), dnsFiles);
                        }, pool));
                    }
                    for (PodPlan p : together ? List.<PodPlan>of() : mayRunStandIn) {
                        nodeSandboxes.add(decided.thenAcceptAsync(runs -> {
                            if (!runs.contains(p)) {
                                sandboxSpan.time(() -> engine.run(sandbox(plan, p)));
                            }
                        }, pool));
                    }
                }
                if (plumbed != null) {
                    // started above, with the node's sandboxes
                } else if (needsPlumbing) {
                    replumbed++;
                    plumbed = CompletableFuture.allOf(nodeSandboxes.toArray(CompletableFuture[]::new))
                            .thenCombine(node, (v, id) -> id)
                            .thenAcceptAsync(id -> plumbSpan.time(() -> plumb(n.name(), id, script, packed, failures)), pool);
                } else {
                    plumbed = node.thenAccept(id -> { });
                }
                all.add(plumbed);
                // a Pod's containers start once its network is plumbed (PodStart: images by pull policy, init
                // containers to completion, then the app containers), each Pod of the node at once
                for (PodPlan p : newPods.getOrDefault(n.name(), List.of())) {
                    all.add(plumbed.thenRunAsync(() -> appSpan.time(() -> {
                        io.kubecanvas.emulator.backend.PodRuntime r = PodStart.start(engine, specs, p, plan.dns().clusterDomain(),
                                images, sandboxRuns.contains(p.key()), dnsFiles);
                        if (!sandboxRuns.contains(p.key()) && ClusterContainers.isClusterDns(p)) {
                            for (ContainerInfo d : engine.containers(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + name,
                                    Labels.ROLE + "=" + Labels.ROLE_CONTAINER, Labels.DNS_SERVER + "=true", Labels.POD + "=" + p.key()))) {
                                dnsStarted(p.key(), d.id(), dnsFiles);
                            }
                        }
                        if (r != null) {
                            runtime.put(p.key(), r);
                            progress.accept("Pod " + p.key() + ": " + r.reason());
                        }
                        return null;
                    }), pool));
                }
            }
            // whether the nodes came up or not (a failure is reported by await), the edge follows them
            CompletableFuture.allOf(nodeRuns.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> nodesCreated.complete(null));
            all.add(edge);
            all.add(keptFirst);
            await(all);
            nodeSpan.record(clock, "node containers");
            sandboxSpan.record(clock, "Pod sandboxes");
            plumbSpan.record(clock, "node plumbing (one script per node)");
            appSpan.record(clock, "app containers (per Pod)");
            bothSpan.record(clock, "Pod sandboxes, then node plumbing (one exec per node)");
            long tBuilt = System.nanoTime();
            // the DNS records and the kept plan touch different containers: both at once
            CompletableFuture<Void> dns = CompletableFuture.runAsync(() -> clock.time("cluster DNS records", 0,
                    () -> pushDnsRecords(plan)), pool);
            CompletableFuture<Void> planKept = keptEarly ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.runAsync(() -> clock.time("keep the plan in the nodes", 0, () -> keepPlan(plan)), pool);
            await(List.of(dns, planKept));
            current = plan;
            long tEnd = System.nanoTime();
            if (nodeSpan.count() + removals.size() + created + replumbed > 0) {
                progress.accept(String.format("applied plan %d to cluster %s in %d ms (%d node(s) created, %d Pod(s) created,"
                                + " %d node(s) re-plumbed, %d removed or restarted; DNS and plan %d ms)", plan.version(), name,
                        (tEnd - t0) / 1_000_000, nodeSpan.count(), created, replumbed, removals.size(), (tEnd - tBuilt) / 1_000_000));
            }
            if (!failures.isEmpty()) {
                throw new IllegalStateException("applying the network plan failed on " + String.join("; ", failures));
            }
        }
    }

    /** {@code plan} without what does not reach the dataplane: its version and its Pods' reasons. */
    static NetworkPlan dataplane(NetworkPlan p) {
        List<PodPlan> pods = p.pods().stream().map(x -> x.reason() == null ? x : new PodPlan(x.namespace(), x.name(), x.uid(),
                x.node(), x.ip(), x.phase(), x.hostNetwork(), x.owner(), x.containers(), x.initContainers(), null)).toList();
        return new NetworkPlan(0, p.cni(), p.clusterCidr(), p.serviceCidr(), p.underlayCidr(), p.gateway(), p.externalAddress(),
                p.nodes(), pods, p.services(), p.dns(), p.ingress(), p.exposures());
    }

    /**
     * The jobs that remove Pods whose sandbox no longer matches the plan (and app containers without a sandbox) and
     * restart exited app containers of kept Pods; {@code kept} gets the Pods left as they are, {@code sandboxNodes}
     * the nodes whose sandboxes change.
     */
    private List<Callable<Void>> podRemovals(NetworkPlan plan, Set<String> runningNodes, Map<String, PodPlan> desired,
                                             List<ContainerInfo> sandboxes, List<ContainerInfo> apps,
                                             List<ContainerInfo> inits, Set<String> kept, Set<String> sandboxNodes) {
        Map<String, List<ContainerInfo>> appsByPod = new HashMap<>();
        for (ContainerInfo a : apps) {
            appsByPod.computeIfAbsent(a.label(Labels.POD), k -> new ArrayList<>()).add(a);
        }
        Map<String, List<ContainerInfo>> initsByPod = new HashMap<>();
        for (ContainerInfo a : inits) {
            initsByPod.computeIfAbsent(a.label(Labels.POD), k -> new ArrayList<>()).add(a);
        }
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
                if (killedStandIns.remove(key) && Labels.runsContainer(sb.labels())) {
                    // the sandbox's stand-in was killed: SIGUSR1 makes its pause process start it again now
                    jobs.add(() -> {
                        engine.exec(sb.id(), List.of("/bin/sh", "-c", pauseProcess(key) + " && kill -USR1 \"$p\""));
                        return null;
                    });
                }
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
                killedStandIns.remove(key);
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
        return jobs;
    }

    /**
     * What each Pod runs other than its spec says: what its start reported (an init container that failed, an
     * image not pulled) and app containers that exited since (exit code and last lines; the next apply starts
     * them again, as the kubelet restarts them). Pods on a stopped node are left out (the node says it).
     */
    public Map<String, io.kubecanvas.emulator.backend.PodRuntime> podRuntime() {
        Map<String, io.kubecanvas.emulator.backend.PodRuntime> out = new LinkedHashMap<>(runtime);
        Set<String> nodesUp = new HashSet<>();
        // nodes and app containers only: the sandboxes (which nodes may run, each node asked) are not needed here
        List<ContainerInfo> all = new ArrayList<>();
        for (String role : List.of(Labels.ROLE_NODE, Labels.ROLE_CONTAINER)) {
            List<String> filter = new ArrayList<>(Labels.clusterFilter(name));
            filter.add(Labels.ROLE + "=" + role);
            all.addAll(engine.containers(filter));
        }
        for (ContainerInfo c : all) {
            if (Labels.ROLE_NODE.equals(c.label(Labels.ROLE)) && c.running()) {
                nodesUp.add(c.label(Labels.NODE));
            }
        }
        for (ContainerInfo c : all) {
            if (!Labels.ROLE_CONTAINER.equals(c.label(Labels.ROLE)) || c.running() || !nodesUp.contains(c.label(Labels.NODE))) {
                continue;
            }
            String why = "Error: container " + c.label(Labels.CONTAINER) + " exited" + PodStart.exited(engine, c.id());
            io.kubecanvas.emulator.backend.PodRuntime before = out.get(c.label(Labels.POD));
            out.put(c.label(Labels.POD), new io.kubecanvas.emulator.backend.PodRuntime(
                    before == null ? why : before.reason() + "; " + why, false));
        }
        for (String key : killedStandIns) {
            String why = "Error: its stand-in was killed; the sandbox starts it again at the next apply, or within 10 s";
            io.kubecanvas.emulator.backend.PodRuntime before = out.get(key);
            out.put(key, new io.kubecanvas.emulator.backend.PodRuntime(before == null ? why : before.reason() + "; " + why, false));
        }
        return out;
    }

    /**
     * What a node's script does, without the plan version its first line names: a new plan that leaves a node's
     * work as it was (a Pod's status elsewhere, an event) does not run its script again.
     */
    static String work(String script) {
        return script.replaceFirst("; plan of state version \\d+\\.", ".");
    }

    /**
     * Whether a Pod's sandbox runs its stand-in: its image is known, within {@link #IMAGE_WAIT_MILLIS}, not to run
     * (absent and not pulled; never with {@code imagePullPolicy: Never}, which starts nothing).
     */
    private static boolean runsStandIn(CompletableFuture<PodStart.Images.Outcome> answer) {
        if (answer == null) {
            return false;
        }
        try {
            PodStart.Images.Outcome o = answer.get(IMAGE_WAIT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
            return !o.usable() && !o.neverPulled();
        } catch (java.util.concurrent.TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A shell line run in a sandbox (its PID namespace is its node's) that finds its pause process: {@code $p}. */
    static String pauseProcess(String podKey) {
        return "p=$(pgrep -o -f -x '" + NodeScript.SANDBOX_COMMAND + " " + podKey + "')";
    }

    /** {@link #pauseProcess}, then the stand-in it started: {@code $s}, the leader of the stand-in's process group. */
    static String standInProcesses(String podKey) {
        return pauseProcess(podKey) + " && s=$(pgrep -P \"$p\" -f kubecanvas-standin)";
    }

    /** Copies a node's rendering of the plan into it and runs it (one exec); a failure is collected, not thrown. */
    private void plumb(String node, String containerId, String script, String packedPlan, List<String> failures) {
        byte[] bytes = script.getBytes(StandardCharsets.UTF_8);
        ExecResult r;
        if (bytes.length < NodePods.SCRIPT_LIMIT) {
            r = engine.exec(containerId, plumbCommand(script, packedPlan));
        } else {
            engine.copyFiles(containerId, NodeScript.DIR, Map.of("apply.sh", bytes));
            r = engine.exec(containerId, plumbCommand(null, packedPlan));
        }
        plumbed(node, script, r, failures);
    }

    /**
     * The command that runs a node's script: the script is the exec's argument, which writes it where the node keeps it
     * (null: the script was copied in); with {@code packedPlan} ({@link #packed}) it also keeps the plan.
     */
    private static List<String> plumbCommand(String script, String packedPlan) {
        String keep = packedPlan == null ? "" : "printf '%s' \"$2\" | base64 -d | gunzip > " + PLAN_FILE + ".new && mv " + PLAN_FILE
                + ".new " + PLAN_FILE + " && ";
        String write = script == null ? "" : "printf '%s' \"$1\" > " + NodeScript.DIR + "/apply.sh && ";
        List<String> cmd = new ArrayList<>(List.of("/bin/bash", "-c", NodeScript.AWAIT_NODE + keep + write + "exec /bin/bash "
                + NodeScript.DIR + "/apply.sh", "apply", script == null ? "" : script));
        if (packedPlan != null) {
            cmd.add(packedPlan);
        }
        return cmd;
    }

    /** The plan as gzip in base64, when that fits in one argument of an exec; else null. */
    static String packed(NetworkPlan plan) {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(out)) {
                z.write(JSON.writeValueAsBytes(plan));
            }
            String b64 = java.util.Base64.getEncoder().encodeToString(out.toByteArray());
            return b64.length() < NodePods.SCRIPT_LIMIT ? b64 : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** Records a node script's run: what the node now runs, or why it failed. */
    private void plumbed(String node, String script, ExecResult r, List<String> failures) {
        if (r.ok()) {
            applied.put(node, work(script));
        } else {
            applied.remove(node);
            failures.add(node + ": " + r.stderr().strip());
        }
    }

    /** Where jobs of one kind ran: from the first start to the last end, and how many. */
    private static final class Span {
        private long start = Long.MAX_VALUE;
        private long end;
        private int count;

        <T> T time(Supplier<T> work) {
            return time(1, work);
        }

        /** {@code work} that does {@code items} of the span's items at once. */
        <T> T time(int items, Supplier<T> work) {
            long t = System.nanoTime();
            try {
                return work.get();
            } finally {
                long e = System.nanoTime();
                synchronized (this) {
                    start = Math.min(start, t);
                    end = Math.max(end, e);
                    count += items;
                }
            }
        }

        void time(Runnable work) {
            time(() -> {
                work.run();
                return null;
            });
        }

        synchronized int count() {
            return count;
        }

        synchronized void record(PhaseClock clock, String name) {
            if (count > 0) {
                clock.add(name, count, start, end);
            }
        }
    }

    /**
     * The edge: made when the plan publishes a port (NodePort, LoadBalancer, Ingress, hostPort) or when {@code needed}
     * (an external probe: the edge is the outside world's client), and made again when the host's ways in change. A
     * design that publishes nothing has none until then: the edge was the one container of an up not on the way to
     * Pods reaching each other (0.3 s of a small up on two cores).
     */
    private void edge(NetworkPlan plan, boolean needed) {
        ContainerInfo edge = edge();
        List<Exposure> exposures = Exposure.of(plan.exposures());
        String wanted = Exposure.format(exposures);
        if (edge == null && exposures.isEmpty() && !needed) {
            return;
        }
        if (edge != null && edge.running() && wanted.equals(String.valueOf(edge.label(Labels.EXPOSURES)))) {
            return;
        }
        if (edge != null) {
            engine.remove(edge.id());
        }
        if (!exposures.isEmpty() && engine.networks(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + name,
                Labels.ROLE + "=" + Labels.ROLE_ACCESS)).isEmpty()) {
            engine.createNetwork(specs.accessNetworkName(), null, null, false, ClusterContainers.ACCESS_NETWORK_OPTIONS,
                    specs.labels(Labels.ROLE_ACCESS));
        }
        engine.run(specs.edge(exposures, plan.externalAddress()));
    }

    /** The running edge, made for the plan the cluster runs when there is none yet (an external probe's source). */
    synchronized ContainerInfo requireEdge() {
        ContainerInfo e = edge();
        if (e == null || !e.running()) {
            NetworkPlan p = current != null ? current : runningPlan();
            edge(p, true);
            e = edge();
        }
        if (e == null || !e.running()) {
            throw new IllegalStateException("cluster " + name + " has no edge container for external probes");
        }
        return e;
    }

    ContainerInfo edge() {
        return engine.containers(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + name,
                Labels.ROLE + "=" + Labels.ROLE_EDGE)).stream().findFirst().orElse(null);
    }

    /**
     * Writes the plan into every running node container, where {@link #attach} (another process: {@code ls}, a probe
     * of the running cluster) reads the newest back; each node at once.
     */
    private void keepPlan(NetworkPlan plan) {
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(plan);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the plan cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (ContainerInfo n : engine.dockerContainers(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + name,
                Labels.ROLE + "=" + Labels.ROLE_NODE))) {
            if (n.running()) {
                writes.add(CompletableFuture.runAsync(() -> engine.copyFiles(n.id(), NodeScript.DIR, Map.of("plan.json", json)),
                        lookups));
            }
        }
        await(writes);
    }

    /** The sandbox of Pod {@code p}, a container of its own (its app containers join it). */
    private ContainerSpec sandbox(NetworkPlan plan, PodPlan p) {
        return specs.sandbox(p, plan.dns().searchPath(p.namespace()), plan.dns().serviceIp(), false);
    }

    /** The sandboxes of {@code runs} that run their Pod's stand-in themselves. */
    private List<ContainerSpec> standInSandboxes(NetworkPlan plan, List<PodPlan> runs, ClusterContainers.DnsFiles dnsFiles) {
        return runs.stream().map(p -> specs.sandbox(p, plan.dns().searchPath(p.namespace()), plan.dns().serviceIp(), true,
                plan.dns().clusterDomain(), dnsFiles)).toList();
    }

    /** Notes the cluster DNS servers among the stand-in sandboxes {@code ss} of {@code runs}, started as {@code ids}. */
    private void dnsServersStarted(List<PodPlan> runs, List<ContainerSpec> ss, List<String> ids, ClusterContainers.DnsFiles dnsFiles) {
        for (int i = 0; i < ss.size(); i++) {
            if (ss.get(i).label(Labels.DNS_SERVER) != null) {
                dnsStarted(runs.get(i).key(), ids.get(i), dnsFiles);
            }
        }
    }

    /** A cluster DNS server of Pod {@code pod} started (as {@code id}) with the records {@code dns}. */
    private void dnsStarted(String pod, String id, ClusterContainers.DnsFiles dns) {
        dnsPushed.put(id, dns.hosts() + dns.srv());
        dnsServerOf.put(pod, id);
    }

    /** Copies the cluster's DNS records into each cluster DNS server (dnsmasq) and reloads it. */
    private void pushDnsRecords(NetworkPlan plan) {
        ClusterContainers.DnsFiles files = ClusterContainers.DnsFiles.of(plan);
        String hosts = files.hosts();
        // cname= (ExternalName) and srv-host= lines: dnsmasq reads both only at start
        String srv = files.srv();
        String both = hosts + srv;
        dnsServerOf.keySet().removeIf(k -> plan.pod(k) == null);
        // every planned server started (or was last given) these records: nothing to list (listing the Pods that
        // nodes run asks every node) nor to push
        List<PodPlan> servers = plan.pods().stream().filter(p -> p.running()
                && ClusterContainers.isClusterDns(p)).toList();
        if (!servers.isEmpty() && servers.stream().allMatch(p -> {
            String id = dnsServerOf.get(p.key());
            return id != null && both.equals(dnsPushed.get(id));
        })) {
            return;
        }
        for (ContainerInfo c : engine.containers(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + name,
                Labels.DNS_SERVER + "=true"))) {
            if (!c.running() || both.equals(dnsPushed.get(c.id()))) {
                continue;
            }
            String before = dnsPushed.get(c.id());
            String dir = c.label(Labels.DNS_DIR);
            if (dir == null || !dir.matches("/[A-Za-z0-9/._-]+")) {
                throw new IllegalStateException("cluster DNS server " + c.name() + " does not say where its records are"
                        + " (made by an older kubecanvas?); recreate the cluster");
            }
            engine.copyFiles(c.id(), dir, Map.of("hosts", hosts.toString().getBytes(StandardCharsets.UTF_8),
                    "srv.conf", srv.getBytes(StandardCharsets.UTF_8)));
            // its dnsmasq by its pid file (a stand-in its node runs shares the node's PID namespace: not PID 1)
            String pid = "p=$(cat " + dir + "/dnsmasq.pid 2>/dev/null) && [ -n \"$p\" ] && ";
            ExecResult r = before == null || !before.endsWith(srv)
                    // srv-host and cname lines are read only at start: end it, and the stand-in starts it again
                    ? engine.exec(c.id(), List.of("/bin/sh", "-c", pid + "kill $p && for i in $(seq 50); do"
                    + " q=$(cat " + dir + "/dnsmasq.pid 2>/dev/null); [ -n \"$q\" ] && [ \"$q\" != \"$p\" ] && kill -0 \"$q\" && exit 0;"
                    + " sleep 0.05; done; echo 'dnsmasq did not start again' >&2; exit 1"))
                    : engine.exec(c.id(), List.of("/bin/sh", "-c", pid + "kill -HUP $p"));
            if (!r.ok()) {
                progress.accept("the cluster DNS server " + c.name() + " did not take the new records: "
                        + (r.stderr().isBlank() ? "its dnsmasq does not run" : r.stderr().strip()));
                continue;
            }
            dnsPushed.put(c.id(), both);
            if (c.label(Labels.POD) != null) {
                dnsServerOf.put(c.label(Labels.POD), c.id());
            }
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
                .orElseThrow(() -> noSandbox(podKey));
    }

    /** What a Pod without a running sandbox says (for exec, logs and probes alike). */
    IllegalArgumentException noSandbox(String podKey) {
        return new IllegalArgumentException("Pod " + podKey + " has no running sandbox in cluster " + name);
    }

    /** The id of a running app container of a Pod (its container {@code container}), for exec and logs. */
    public String podContainer(String namespace, String pod, String container) {
        return engine.containers(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + name,
                        Labels.POD + "=" + namespace + "/" + pod)).stream()
                .filter(c -> Labels.runsContainer(c.labels()))
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
        NetworkPlan p = current;
        if (p != null) {
            keepPlan(p);
        }
    }

    /**
     * Kills a Pod's app containers (as a crash would); {@link #apply} restarts them. A sandbox that runs the Pod's
     * stand-in keeps the Pod's network namespace: only the stand-in's processes are killed.
     */
    public void killPod(String podKey) {
        for (ContainerInfo c : engine.containers(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + name,
                Labels.POD + "=" + podKey))) {
            if (!c.running() || !Labels.runsContainer(c.labels())) {
                continue;
            }
            if (Labels.ROLE_SANDBOX.equals(c.label(Labels.ROLE))) {
                ExecResult r = engine.exec(c.id(), List.of("/bin/sh", "-c", standInProcesses(podKey) + " && kill -s KILL -- \"-$s\""));
                if (!r.ok()) {
                    throw new IllegalStateException("cannot kill the stand-in of Pod " + podKey + ": " + r.stderr().strip());
                }
                killedStandIns.add(podKey);
            } else {
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

    /** This cluster's containers of one role ({@link Labels#ROLE_NODE}, {@link Labels#ROLE_SANDBOX}, ...). */
    List<ContainerInfo> containers(String role) {
        return engine.containers(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + name, Labels.ROLE + "=" + role));
    }

    // ---- teardown -----------------------------------------------------------------------------------

    /** Removes every container and network of this cluster (by label). */
    public void down() {
        removed = true;
        planWrite.join(); // (never fails: a failed write is reported)
        synchronized (this) {
            RunningClusters.remove(engine, name);
        }
    }

    @Override
    public void close() {
        planWrite.join();
        pool.shutdownNow();
        lookups.shutdownNow();
    }

    /** Waits for every job (so nothing still runs when this returns), then throws the first failure. */
    private static void await(List<CompletableFuture<Void>> jobs) {
        RuntimeException first = null;
        for (CompletableFuture<Void> f : jobs) {
            try {
                f.join();
            } catch (CompletionException | java.util.concurrent.CancellationException e) {
                if (first == null) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    first = cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
                }
            }
        }
        if (first != null) {
            throw first;
        }
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
