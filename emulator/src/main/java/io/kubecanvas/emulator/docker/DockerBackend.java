package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.backend.EmulatorBackend;
import io.kubecanvas.emulator.backend.FaultResult;
import io.kubecanvas.emulator.backend.LinkFault;
import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.backend.ProbeResult.Outcome;
import io.kubecanvas.emulator.backend.ProbeTarget;
import io.kubecanvas.emulator.backend.ReadinessCheck;
import io.kubecanvas.emulator.docker.DockerEngine.ContainerInfo;
import io.kubecanvas.emulator.docker.DockerEngine.ExecResult;
import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.plan.NodeScript;
import io.kubecanvas.emulator.plan.PodPlan;
import io.kubecanvas.model.net.Cidr;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The docker backend behind the {@link EmulatorBackend} interface. {@link #apply} creates the cluster on the
 * first call and applies differences afterwards; an {@link #attach attached} backend starts from the plan the
 * running cluster keeps and never changes the cluster unless {@link #apply} is called, so probes of a running
 * cluster are read-only. {@link #probe} runs real clients (curl, socat, a DNS query, ping) inside the source
 * Pod's network namespace, a node, or the edge container for "external"; hops come from tcpdump on every node
 * while the probe runs, and a time-out is explained by what the kernel saw: the NFLOG group the plan puts before
 * each NetworkPolicy drop (dropped by that policy), or the destination's node not running.
 */
public final class DockerBackend implements EmulatorBackend {
    /** Sources probed at once: each is one exec, mostly waiting for answers (one process pings all its targets). */
    static final int SOURCES_AT_ONCE = 16;
    /** Clients one source runs at once; sources run 16 at a time, so at most 160 probe clients run together. */
    static final int PARALLEL_PER_SOURCE = 10;
    /** Where a node keeps the script of its sources' probes while it runs (removed by the script itself). */
    static final String PROBE_DIR = "/tmp";
    /** Scripts shorter than this (bytes) are passed as an argument; the kernel allows 128 KiB for one. */
    static final int ARGUMENT_LIMIT = 100_000;
    /** Where one source's output starts in a node's probe exec. */
    private static final java.util.regex.Pattern SOURCE_SECTION = java.util.regex.Pattern.compile("(?m)^#### SOURCE (\\d+)$");
    private final DockerEngine engine;
    private final String clusterName;
    private final Mode mode;
    private final Consumer<String> log;
    private final List<Consumer<PacketEvent>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(SOURCES_AT_ONCE, r -> {
        Thread t = new Thread(r, "kubecanvas-probe");
        t.setDaemon(true);
        return t;
    });
    private DockerCluster cluster;
    /** The cluster {@link #prepare} began, until the first apply finishes it. */
    private DockerCluster.Start starting;
    private NetworkPlan plan;
    /** The last batch of probes had time-outs: the next watches the policy drops from the start (one pass, not two). */
    private volatile boolean timeoutsLastRun;
    private PacketCapture capture;

    private enum Mode {
        /** Made by the first apply, owned by this process (an orphan when it dies), removed by close. */
        ONE_SHOT,
        /** Made by the first apply, outlives this process: only {@code kubecanvas down} removes it. */
        DETACHED,
        /** Already running: close lets go of it. */
        ATTACHED
    }

    private DockerBackend(DockerEngine engine, String clusterName, Mode mode, Consumer<String> log) {
        this.engine = engine;
        this.clusterName = clusterName;
        this.mode = mode;
        this.log = log;
    }

    /** A new cluster made by the first {@link #apply} and removed by {@link #close}. */
    public static DockerBackend create(DockerEngine engine, String clusterName, Consumer<String> log) {
        return new DockerBackend(engine, clusterName, Mode.ONE_SHOT, log);
    }

    /** A new cluster made by the first {@link #apply} that stays when this process ends ({@code up --detach}). */
    public static DockerBackend detached(DockerEngine engine, String clusterName, Consumer<String> log) {
        return new DockerBackend(engine, clusterName, Mode.DETACHED, log);
    }

    /**
     * A cluster that already runs, with the plan it runs: probes and faults act on it; {@link #close} leaves it
     * running.
     *
     * @throws IllegalArgumentException when no such cluster runs
     */
    public static DockerBackend attach(DockerEngine engine, String clusterName, Consumer<String> log) {
        DockerBackend b = new DockerBackend(engine, clusterName, Mode.ATTACHED, log);
        b.cluster = DockerCluster.attach(engine, clusterName, log);
        b.plan = b.cluster.plan();
        return b;
    }

    @Override
    public String name() {
        return "docker";
    }

    public DockerCluster cluster() {
        return cluster;
    }

    /** Where the first apply (the cluster's up) spent its wall time; null before it or for an attached backend. */
    public synchronized PhaseClock upPhases() {
        return cluster == null ? null : cluster.upPhases();
    }

    @Override
    public boolean checksReadiness() {
        return true;
    }

    /**
     * The kubelet's prober for real: httpGet and tcpSocket from the Pod's node to the Pod's address (as the
     * kubelet connects), exec in the named container; a gRPC probe is not run here and says so.
     */
    @Override
    public ReadinessCheck.Outcome checkReadiness(ReadinessCheck check) {
        DockerCluster c;
        NetworkPlan p;
        synchronized (this) {
            c = cluster;
            p = plan;
        }
        PodPlan pod = p == null ? null : p.pod(check.podKey());
        if (c == null || pod == null || !pod.running()) {
            return new ReadinessCheck.Outcome(false, "the Pod's containers are not running yet");
        }
        int t = check.timeoutSeconds();
        String where = pod.ip() + ":" + check.port();
        try {
            switch (check.action()) {
                case "httpGet" -> {
                    String url = (check.https() ? "https://" : "http://") + where
                            + (check.path() == null || check.path().isEmpty() ? "/" : check.path());
                    ExecResult r = c.execOnNode(pod.node(), List.of("curl", "-s", "-k", "-o", "/dev/null", "-w", "%{http_code}",
                            "--max-time", String.valueOf(t), url));
                    int code = r.stdout().strip().matches("[0-9]+") ? Integer.parseInt(r.stdout().strip()) : 0;
                    if (code >= 200 && code < 400) {
                        return new ReadinessCheck.Outcome(true, "HTTP " + code + " from GET " + url);
                    }
                    return new ReadinessCheck.Outcome(false, code > 0 ? "HTTP probe failed with statuscode: " + code
                            : "Get \"" + url + "\": " + (r.exitCode() == 28 ? "context deadline exceeded"
                            : "dial tcp " + where + ": connect: connection refused"));
                }
                case "tcpSocket" -> {
                    ExecResult r = c.execOnNode(pod.node(), List.of("timeout", String.valueOf(t), "bash", "-c",
                            "exec 3<>/dev/tcp/" + pod.ip() + "/" + check.port()));
                    return r.ok() ? new ReadinessCheck.Outcome(true, "TCP " + where + " accepted")
                            : new ReadinessCheck.Outcome(false, "dial tcp " + where + ": " + (r.exitCode() == 124
                            ? "i/o timeout" : "connect: connection refused"));
                }
                case "exec" -> {
                    ContainerInfo app = c.containers().stream()
                            .filter(x -> Labels.runsContainer(x.labels()) && check.podKey().equals(x.label(Labels.POD))
                                    && (check.container() == null || check.container().equals(x.label(Labels.CONTAINER))))
                            .findFirst().orElse(null);
                    if (app == null || !app.running()) {
                        return new ReadinessCheck.Outcome(false, "container " + check.container() + " is not running");
                    }
                    ExecResult r = engine.exec(app.id(), check.command());
                    return r.ok() ? new ReadinessCheck.Outcome(true, "exec " + check.command() + " exited 0")
                            : new ReadinessCheck.Outcome(false, "command " + check.command() + " exited with " + r.exitCode());
                }
                default -> {
                    return new ReadinessCheck.Outcome(false, check.action() + " readiness probes are not run on the docker backend");
                }
            }
        } catch (RuntimeException e) {
            return new ReadinessCheck.Outcome(false, "the probe could not run: " + DockerJavaEngine.rootMessage(e));
        }
    }

    /** A free underlay for a new cluster: the design's when nothing on this machine overlaps it. */
    @Override
    public synchronized String underlayFor(String wanted, List<String> avoid) {
        if (cluster != null) {
            return plan.underlayCidr().toString();
        }
        Cidr w = Cidr.parse(wanted);
        List<Subnets.Taken> taken = Subnets.taken(engine, null);
        List<Cidr> keepOff = cidrs(avoid);
        Cidr chosen = Subnets.choose(w, taken, keepOff);
        if (chosen == null) {
            Subnets.Taken t = Subnets.overlap(w.canonical(), taken);
            throw new IllegalStateException("no free /" + w.prefix() + " is left for the underlay of cluster " + clusterName
                    + ": " + wanted + " overlaps " + (t == null ? "the Pod or Service range" : t.what())
                    + ", and so does every range tried in 172.16.0.0/12 and 192.168.0.0/16; remove a cluster (kubecanvas ls,"
                    + " kubecanvas down NAME) or set the Cluster's spec.network.underlayCIDR to a free range");
        }
        if (!chosen.equals(w.canonical())) {
            Subnets.Taken t = Subnets.overlap(w.canonical(), taken);
            log.accept("the underlay " + wanted + " is taken (" + (t == null ? "by the Pod or Service range" : "by " + t.what())
                    + "): cluster " + clusterName + " uses " + chosen);
        }
        return chosen.toString();
    }

    /**
     * Begins the cluster before the control plane has its plan: the node containers start at the addresses a new
     * control plane gives the design's nodes, while it computes the rest (the first {@link #apply} checks them
     * against the plan).
     */
    @Override
    public synchronized void prepare(String underlayCidr, List<String> avoid, Map<String, String> nodeAddresses) {
        Cidr underlay = Cidr.parseOrNull(underlayCidr);
        if (cluster != null || starting != null || mode == Mode.ATTACHED || underlay == null) {
            return;
        }
        starting = DockerCluster.begin(engine, clusterName, underlay, cidrs(avoid), nodeAddresses, mode == Mode.DETACHED, log);
    }

    /** The ranges of {@code ranges} that are ranges (the rest is the control plane's to refuse). */
    private static List<Cidr> cidrs(List<String> ranges) {
        return ranges.stream().map(Cidr::parseOrNull).filter(java.util.Objects::nonNull).toList();
    }

    @Override
    public synchronized void abandon() {
        if (starting != null) {
            starting.abandon();
            starting = null;
        }
    }

    @Override
    public synchronized void apply(NetworkPlan newPlan) {
        if (cluster == null) {
            DockerCluster.Start s = starting;
            starting = null;
            cluster = s != null ? s.finish(newPlan) : DockerCluster.up(engine, clusterName, newPlan, mode == Mode.DETACHED, log);
        } else {
            cluster.apply(newPlan);
        }
        plan = newPlan;
    }

    @Override
    public synchronized NetworkPlan plan() {
        return plan;
    }

    // ---- probes -----------------------------------------------------------------------------

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
        }
        ProbeResult r;
        try {
            r = run(List.of(request), cap != null).get(0);
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
        return r.withHops(sorted);
    }

    /**
     * Runs many probes at once: one shell per source runs its probes in parallel, sources in parallel too.
     * Results come back in request order, without hops (the reachability matrix needs outcomes only).
     */
    @Override
    public List<ProbeResult> probeAll(List<ProbeRequest> requests) {
        return run(requests, false);
    }

    private List<ProbeResult> run(List<ProbeRequest> requests, boolean captureStarted) {
        DockerCluster c = requireCluster();
        NetworkPlan p = plan();
        // one listing of the nodes for every source: their states and containers. A Pod that probes addresses only
        // runs its probes through its node, which finds its sandbox itself; the sandboxes are listed only when a
        // source needs its own (a name to resolve), as listing the Pods the nodes run asks every node (0.1-0.2 s)
        Map<String, Boolean> nodes = new LinkedHashMap<>();
        Map<String, String> containerOf = new java.util.HashMap<>();
        for (ContainerInfo ci : c.containers(Labels.ROLE_NODE)) {
            nodes.put(ci.label(Labels.NODE), ci.running());
            containerOf.put("node/" + ci.label(Labels.NODE), ci.id());
        }
        Sandboxes sandboxes = new Sandboxes(c);
        if (captureStarted) {
            // one probe with its hops: the policy drops are watched from the start, beside the capture
            PolicyDrops drops = PolicyDrops.start(c, p, nodes);
            sleep(600); // tcpdump needs a moment to open its socket
            return List.of(execute(c, p, nodes, containerOf, sandboxes, requests, drops));
        }
        if (timeoutsLastRun) {
            // the last batch had time-outs (a NetworkPolicy lesson): watch the drops from the start, in one pass
            ProbeResult[] out = execute(c, p, nodes, containerOf, sandboxes, requests, watchDrops(c, p, nodes));
            timeoutsLastRun = java.util.Arrays.stream(out).anyMatch(r -> r.outcome() == Outcome.TIMEOUT
                    || r.outcome() == Outcome.POLICY_DROPPED);
            return List.of(out);
        }
        // many probes: first without watching (starting tcpdump on every node costs about a second), then the
        // ones that timed out again with the policy drops watched, so each time-out is explained as before
        ProbeResult[] out = execute(c, p, nodes, containerOf, sandboxes, requests, null);
        List<Integer> timedOut = new ArrayList<>();
        for (int i = 0; i < out.length; i++) {
            if (out[i].outcome() == Outcome.TIMEOUT) {
                timedOut.add(i);
            }
        }
        timeoutsLastRun = !timedOut.isEmpty();
        if (!timedOut.isEmpty()) {
            PolicyDrops drops = watchDrops(c, p, nodes);
            if (drops != null) {
                ProbeResult[] again = execute(c, p, nodes, containerOf, sandboxes, timedOut.stream().map(requests::get).toList(), drops);
                for (int j = 0; j < again.length; j++) {
                    out[timedOut.get(j)] = again[j];
                }
            }
        }
        return List.of(out);
    }

    /** The policy drops watched on every node, once tcpdump is listening; null where none can be watched. */
    private PolicyDrops watchDrops(DockerCluster c, NetworkPlan p, Map<String, Boolean> nodes) {
        PolicyDrops drops = PolicyDrops.start(c, p, nodes);
        if (drops != null) {
            sleep(600); // tcpdump needs a moment to open its socket
        }
        return drops;
    }

    /** Runs the probes, grouped by source (sources in parallel); {@code drops}, when watched, explains time-outs. */
    private ProbeResult[] execute(DockerCluster c, NetworkPlan p, Map<String, Boolean> nodes, Map<String, String> containerOf,
                                  Sandboxes sandboxes,
                                  List<ProbeRequest> requests, PolicyDrops drops) {
        Map<String, List<Integer>> bySource = new LinkedHashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            bySource.computeIfAbsent(requests.get(i).from(), k -> new ArrayList<>()).add(i);
        }
        ProbeResult[] out = new ProbeResult[requests.size()];
        ProbeTarget[] targets = new ProbeTarget[requests.size()];
        List<Future<?>> fs = new ArrayList<>();
        try {
            // Pods probing addresses only: one exec per node runs them all, each in its Pod's network namespace
            List<SourceJob> jobs = new ArrayList<>();
            for (var e : bySource.entrySet()) {
                SourceJob job = prepare(c, p, nodes, containerOf, sandboxes, e.getKey(), e.getValue(), requests, out, targets);
                if (job != null) {
                    jobs.add(job);
                }
            }
            Map<String, List<SourceJob>> byNode = new LinkedHashMap<>();
            for (SourceJob job : jobs) {
                if (job.viaNode() != null) {
                    byNode.computeIfAbsent(job.viaNode(), k -> new ArrayList<>()).add(job);
                }
            }
            int perNode = Math.max(2, SOURCES_AT_ONCE / Math.max(1, byNode.size()));
            for (var e : byNode.entrySet()) {
                fs.add(pool.submit(() -> {
                    runOnNode(c, e.getKey(), containerOf.get("node/" + e.getKey()), e.getValue(), perNode, requests, out, targets, p);
                    return null;
                }));
            }
            for (SourceJob job : jobs) {
                if (job.viaNode() == null || !byNode.containsKey(job.viaNode())) {
                    fs.add(pool.submit(() -> {
                        finish(job, engine.exec(job.containerId(), List.of("/bin/bash", "-c", job.script())).stdout(),
                                requests, out, targets, p);
                        return null;
                    }));
                }
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
        } finally {
            if (drops != null) {
                sleep(200);
                drops.close();
            }
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = explain(out[i], targets[i], p, nodes, drops);
        }
        return out;
    }

    /** What a node prints for a source Pod whose sandbox it does not run. */
    private static final String NO_SANDBOX = "KUBECANVAS_NO_SANDBOX";

    /** The running sandboxes of a cluster by Pod key, listed once, when a source first needs its own. */
    private static final class Sandboxes {
        private final DockerCluster cluster;
        private Map<String, String> byPod;

        Sandboxes(DockerCluster cluster) {
            this.cluster = cluster;
        }

        synchronized String of(String podKey) {
            if (byPod == null) {
                byPod = new java.util.HashMap<>();
                for (ContainerInfo ci : cluster.containers(Labels.ROLE_SANDBOX)) {
                    if (ci.running()) {
                        byPod.putIfAbsent(ci.label(Labels.POD), ci.id());
                    }
                }
            }
            String id = byPod.get(podKey);
            if (id == null) {
                throw cluster.noSandbox(podKey);
            }
            return id;
        }
    }

    /**
     * One source's probes as one script: where it runs ({@code containerId}), and for a Pod whose probes need no
     * name (addresses only, so neither its resolv.conf nor its hosts file), the node whose exec can run it in the
     * Pod's network namespace ({@code viaNode}, the Pod's key in {@code podKey}); what is on the wire is the same.
     */
    private record SourceJob(String from, List<Integer> idx, String containerId, String script, String viaNode, String podKey,
                             List<String> pingsOnly) {
    }

    /**
     * The sources of one node, in one exec of the node container: each source's script runs in its Pod's network
     * namespace ({@code nsenter --net}, the node having SYS_ADMIN and its Pods' PID namespace), {@code atOnce} at a
     * time. One exec instead of one per source: with 200 Pods probing each other the execs were most of the round.
     */
    private void runOnNode(DockerCluster c, String node, String nodeContainer, List<SourceJob> jobs, int atOnce,
                           List<ProbeRequest> requests,
                           ProbeResult[] out, ProbeTarget[] targets, NetworkPlan p) {
        // one process listing finds every source's sandbox (not a pgrep per source)
        StringBuilder sh = new StringBuilder("w=$(mktemp -d); cd $w\n").append(NodeScript.PAUSE_TABLE);
        // the sources that only ping: one process for them all, a socket in each one's network namespace (a process,
        // an nsenter and a shell per source were most of a round of pings)
        List<String> pingGroups = new ArrayList<>();
        for (int j = 0; j < jobs.size(); j++) {
            SourceJob job = jobs.get(j);
            if (job.pingsOnly() == null) {
                continue;
            }
            sh.append("p=${pause['").append(job.podKey()).append("']:-}; if [ -z \"$p\" ]; then echo ").append(NO_SANDBOX)
                    .append(" > ").append(j).append(".out; else g+=(@ /proc/$p/ns/net ").append(j).append(".out");
            job.pingsOnly().forEach(a -> sh.append(' ').append(a));
            sh.append("); fi\n");
            pingGroups.add(job.podKey());
        }
        if (!pingGroups.isEmpty()) {
            sh.insert(sh.indexOf("\n") + 1, "g=()\n");
            sh.append("[ ${#g[@]} -gt 0 ] && ").append(ProbeCommands.pingGroups("\"${g[@]}\""));
        }
        int scripts = 0;
        for (int j = 0; j < jobs.size(); j++) {
            SourceJob job = jobs.get(j);
            if (job.pingsOnly() != null) {
                continue;
            }
            sh.append("cat > ").append(j).append(".sh <<'KUBECANVAS_SOURCE_").append(j).append("'\n").append(job.script())
                    .append(job.script().endsWith("\n") ? "" : "\n").append("KUBECANVAS_SOURCE_").append(j).append('\n');
            sh.append("( p=${pause['").append(job.podKey()).append("']:-}; if [ -z \"$p\" ]; then echo ").append(NO_SANDBOX)
                    .append(" > ").append(j).append(".out; else nsenter --net=/proc/$p/ns/net -- /bin/bash ").append(j).append(".sh > ")
                    .append(j).append(".out 2>/dev/null; fi ) &\n");
            if (++scripts % atOnce == 0) {
                sh.append("wait\n");
            }
        }
        String file = "probes-" + java.util.UUID.randomUUID() + ".sh";
        sh.append("wait\nfor j in $(seq 0 ").append(jobs.size() - 1).append("); do echo \"#### SOURCE $j\"; cat $j.out 2>/dev/null; done; ")
                .append("cd /; rm -rf $w ").append(PROBE_DIR).append('/').append(file).append('\n');
        // a large script is copied in (20 sources' scripts exceed the kernel's 128 KiB for one argument); a small one
        // is the argument itself, saving the copy (about 0.1 s)
        String id = nodeContainer != null ? nodeContainer : c.nodeContainer(node).id(); // (listed with the nodes)
        String stdout;
        if (sh.length() < ARGUMENT_LIMIT) {
            stdout = engine.exec(id, List.of("/bin/bash", "-c", sh.toString())).stdout();
        } else {
            engine.copyFiles(id, PROBE_DIR, Map.of(file, sh.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            stdout = engine.exec(id, List.of("/bin/bash", PROBE_DIR + "/" + file)).stdout();
        }
        Map<Integer, String> sections = ProbeCommands.sections(stdout, SOURCE_SECTION);
        for (int j = 0; j < jobs.size(); j++) {
            if (sections.getOrDefault(j, "").strip().equals(NO_SANDBOX)) {
                throw c.noSandbox(jobs.get(j).podKey());
            }
        }
        for (int j = 0; j < jobs.size(); j++) {
            finish(jobs.get(j), sections.getOrDefault(j, ""), requests, out, targets, p);
        }
    }

    /** The results of one source's script from its output. */
    private static void finish(SourceJob job, String stdout, List<ProbeRequest> requests, ProbeResult[] out, ProbeTarget[] targets,
                               NetworkPlan p) {
        Map<Integer, String> sections = ProbeCommands.sections(stdout);
        for (int k = 0; k < job.idx().size(); k++) {
            ProbeRequest r = requests.get(job.idx().get(k));
            out[job.idx().get(k)] = ProbeCommands.result(r, targets[job.idx().get(k)], sections.getOrDefault(k, ""), p);
        }
    }

    /** The script of one source and where it runs, or null when its results are known without running (its node is down). */
    private SourceJob prepare(DockerCluster c, NetworkPlan p, Map<String, Boolean> nodes, Map<String, String> containerOf,
                              Sandboxes sandboxes,
                              String from, List<Integer> idx,
                              List<ProbeRequest> requests, ProbeResult[] out, ProbeTarget[] targets) {
        String fromNamespace = null;
        String containerId;
        if (ProbeRequest.EXTERNAL.equals(from)) {
            containerId = c.requireEdge().id();
        } else if (from.startsWith("node/")) {
            String node = from.substring(5);
            if (p.node(node) == null) {
                throw new IllegalArgumentException("no node named " + node);
            }
            if (!nodes.getOrDefault(node, false)) {
                down(idx, requests, out, node, from);
                return null;
            }
            containerId = containerOf.containsKey(from) ? containerOf.get(from) : c.nodeContainer(node).id();
        } else {
            String[] parts = from.split("/", 2);
            if (parts.length != 2) {
                throw new IllegalArgumentException("--from must be NS/POD, node/NAME or external, not '" + from + "'");
            }
            PodPlan pod = p.pod(parts[0], parts[1]);
            if (pod == null) {
                throw new IllegalArgumentException("no Pod " + from);
            }
            if (!pod.running()) {
                throw new IllegalArgumentException("Pod " + from + " is not running (phase " + pod.phase()
                        + (pod.node() == null ? ", not scheduled" : "") + ")");
            }
            if (!nodes.getOrDefault(pod.node(), false)) {
                down(idx, requests, out, pod.node(), from);
                return null;
            }
            fromNamespace = pod.namespace();
            // a hostNetwork Pod probes from its node; another from its sandbox, looked up below if it is needed
            containerId = pod.hostNetwork() ? containerOf.get("node/" + pod.node()) : null;
        }
        StringBuilder script = new StringBuilder("d=$(mktemp -d); cd $d\n");
        List<Integer> clients = new ArrayList<>();
        List<Integer> pings = new ArrayList<>();
        for (int k = 0; k < idx.size(); k++) {
            ProbeRequest r = requests.get(idx.get(k));
            ProbeTarget t = ProbeTarget.resolve(r.target(), r.port(), r.protocol(), p, fromNamespace);
            targets[idx.get(k)] = t;
            // pings to addresses go to one process that sends them all at once (the edge has no raw socket: ping's own)
            String host = ProbeCommands.host(t, fromNamespace != null);
            boolean batch = r.protocol() == io.kubecanvas.emulator.backend.Protocol.ICMP && !ProbeRequest.EXTERNAL.equals(from)
                    && host != null && host.matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
            (batch ? pings : clients).add(k);
        }
        if (pings.size() < 2) {
            clients.addAll(pings);
            clients.sort(null);
            pings.clear();
        }
        for (int n = 0; n < clients.size(); n++) {
            int k = clients.get(n);
            ProbeRequest r = requests.get(idx.get(k));
            script.append("( ").append(ProbeCommands.command(r.protocol(), targets[idx.get(k)], fromNamespace != null, k))
                    .append(" ) > ").append(k).append(".out 2>&1 &\n");
            if ((n + 1) % PARALLEL_PER_SOURCE == 0) {
                script.append("wait\n"); // a bounded number of clients at once: the machine is shared
            }
        }
        if (!pings.isEmpty()) {
            boolean fromPod = fromNamespace != null;
            script.append(ProbeCommands.pingBatch(pings, k -> ProbeCommands.host(targets[idx.get(k)], fromPod), "pings.out"));
        }
        script.append("wait\nfor i in");
        for (int k : clients) {
            script.append(' ').append(k);
        }
        script.append("; do echo \"### $i\"; cat $i.out; done; ").append(pings.isEmpty() ? "" : "cat pings.out; ")
                .append("rm -rf $d\n");
        // addresses only (no name to resolve, no URL): the Pod's network namespace is all the probes need
        PodPlan source = fromNamespace == null || from.startsWith("node/") ? null : p.pod(from.split("/", 2)[0], from.split("/", 2)[1]);
        boolean addressesOnly = source != null && !source.hostNetwork() && idx.stream().allMatch(i -> targets[i].kind() != ProbeTarget.Kind.URL
                && String.valueOf(ProbeCommands.host(targets[i], true)).matches("\\d+\\.\\d+\\.\\d+\\.\\d+"));
        String podNode = source == null ? null : source.node();
        if (containerId == null && !addressesOnly) {
            containerId = sandboxes.of(from); // says what is missing
        }
        // a source that only pings addresses needs no script of its own on its node: {k, address} pairs for the node's pinger
        List<String> pingsOnly = null;
        if (addressesOnly && clients.isEmpty() && !pings.isEmpty()) {
            pingsOnly = new ArrayList<>();
            for (int k : pings) {
                pingsOnly.add(String.valueOf(k));
                pingsOnly.add(ProbeCommands.host(targets[idx.get(k)], true));
            }
        }
        return new SourceJob(from, idx, containerId, script.toString(), addressesOnly ? podNode : null,
                addressesOnly ? from : null, pingsOnly);
    }

    /** Probes from a node that does not run: nothing is sent (the sim says the same). */
    private static void down(List<Integer> idx, List<ProbeRequest> requests, ProbeResult[] out, String node, String from) {
        for (int i : idx) {
            out[i] = new ProbeResult(requests.get(i), Outcome.DROPPED, null, "node down on " + node + ": " + from
                    + " cannot send", null, List.of());
        }
    }

    /** A time-out the kernel can explain: a policy's drop rule logged it, or the destination's node is down. */
    private static ProbeResult explain(ProbeResult r, ProbeTarget t, NetworkPlan p, Map<String, Boolean> nodes,
                                       PolicyDrops drops) {
        if (r.outcome() != Outcome.TIMEOUT || t == null) {
            return r;
        }
        String source = sourceAddress(r.request(), p);
        String rule = drops == null ? null : drops.ruleFor(source, destinations(t, p, r.request()));
        if (rule != null) {
            return new ProbeResult(r.request(), Outcome.POLICY_DROPPED, null, rule, r.address(), r.hops());
        }
        for (String dst : destinations(t, p, r.request())) {
            String ip = dst.replaceFirst(":\\d+$", "");
            String owner = p.ownerOf(ip);
            String node = owner.startsWith("node/") ? owner.substring(5) : p.pod(owner) != null ? p.pod(owner).node() : null;
            if (node != null && !nodes.getOrDefault(node, true)) {
                return new ProbeResult(r.request(), Outcome.DROPPED, null, "node down on " + node, r.address(), r.hops());
            }
        }
        return r;
    }

    /** The probe's source address as the first node sees it. */
    static String sourceAddress(ProbeRequest r, NetworkPlan p) {
        if (r.fromExternal()) {
            return p.externalAddress();
        }
        if (r.fromNode()) {
            return p.node(r.from().substring(5)).underlay().address().addressText();
        }
        PodPlan pod = p.pod(r.from());
        return pod == null ? null : pod.ip();
    }

    /** Where the probe's packets may be headed after DNAT: the target, and every endpoint of a Service target. */
    static List<String> destinations(ProbeTarget t, NetworkPlan p, ProbeRequest r) {
        List<String> out = new ArrayList<>();
        if (t.ip() != null) {
            out.add(t.ip() + ":" + t.port());
        }
        String proto = r.protocol().name();
        for (var s : p.services()) {
            for (var sp : s.ports()) {
                boolean hit = proto.equals(sp.protocol()) && ((t.ip() != null && (t.ip().equals(s.clusterIp())
                        || t.ip().equals(s.loadBalancerIp())) && sp.port() == t.port())
                        || (sp.nodePort() > 0 && sp.nodePort() == t.port() && t.kind() == ProbeTarget.Kind.NODE)
                        || (t.dnsName() != null && ProbeTarget.service(t.dnsName(), p, namespaceOf(r)) == s && sp.port() == t.port()));
                if (hit) {
                    sp.backends().forEach(b -> out.add(b.ip() + ":" + b.port()));
                }
            }
        }
        return out;
    }

    private static String namespaceOf(ProbeRequest r) {
        return r.fromExternal() || r.fromNode() ? "default" : r.from().substring(0, r.from().indexOf('/'));
    }

    // ---- events -----------------------------------------------------------------------------

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

    // ---- faults -----------------------------------------------------------------------------

    @Override
    public void stopNode(String node) {
        requireCluster().stopNode(node);
    }

    @Override
    public void startNode(String node) {
        requireCluster().startNode(node);
    }

    @Override
    public void killPod(String podKey) {
        requireCluster().killPod(podKey);
    }

    /**
     * Delay and loss with {@code tc netem} on the node's eth0, where the host kernel has sch_netem (it says so
     * when it does not); a cut link with iptables raw-table drops on eth0, which needs nothing more.
     */
    @Override
    public FaultResult impairLink(String node, LinkFault fault) {
        DockerCluster c = requireCluster();
        String cut = "iptables -w -t raw -D PREROUTING -i eth0 -j DROP 2>/dev/null; iptables -w -t raw -D OUTPUT -o eth0 -j DROP 2>/dev/null; ";
        if (fault.down()) {
            ExecResult r = c.execOnNode(node, List.of("/bin/sh", "-c", cut
                    + "iptables -w -t raw -I PREROUTING -i eth0 -j DROP && iptables -w -t raw -I OUTPUT -o eth0 -j DROP"));
            return r.ok() ? FaultResult.done("the link of node " + node + " is down (iptables raw drops on eth0)")
                    : FaultResult.unsupported("cannot cut the link of node " + node + ": " + r.stderr().strip());
        }
        String netem = fault.none() ? "tc qdisc del dev eth0 root 2>/dev/null; true"
                : String.format(Locale.ROOT, "tc qdisc replace dev eth0 root netem delay %dms loss %.2f%%",
                fault.delay().toMillis(), fault.lossPercent());
        ExecResult r = c.execOnNode(node, List.of("/bin/sh", "-c", cut + netem));
        if (!r.ok()) {
            String err = r.stderr().strip();
            if (err.contains("qdisc kind is unknown") || err.contains("Specified qdisc not found") || err.contains("No such file")) {
                return FaultResult.unsupported("tc netem is not available: the Docker host's kernel has no sch_netem module"
                        + " (load it on the Docker host with: modprobe sch_netem); the sim backend models delay and loss");
            }
            return FaultResult.unsupported("tc on node " + node + " failed: " + err);
        }
        return FaultResult.done("the link of node " + node + " is " + fault + " (tc netem on eth0)");
    }

    @Override
    public Set<String> stoppedNodes() {
        Set<String> out = new TreeSet<>();
        requireCluster().nodeStates().forEach((n, running) -> {
            if (!running) {
                out.add(n);
            }
        });
        return out;
    }

    @Override
    public java.util.Map<String, io.kubecanvas.emulator.backend.PodRuntime> podRuntime() {
        DockerCluster c;
        synchronized (this) {
            c = cluster;
        }
        return c == null ? java.util.Map.of() : c.podRuntime();
    }

    private DockerCluster requireCluster() {
        if (cluster == null) {
            throw new IllegalStateException("apply a plan before probing");
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
        abandon();
        if (cluster != null) {
            if (mode == Mode.ONE_SHOT) {
                cluster.down();
            }
            cluster.close();
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
