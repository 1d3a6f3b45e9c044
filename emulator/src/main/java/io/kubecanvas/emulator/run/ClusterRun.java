package io.kubecanvas.emulator.run;

import io.kubecanvas.emulator.backend.EmulatorBackend;
import io.kubecanvas.emulator.backend.FaultResult;
import io.kubecanvas.emulator.backend.LinkFault;
import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.backend.Protocol;
import io.kubecanvas.emulator.backend.ReachabilityMatrix;
import io.kubecanvas.emulator.backend.ReadinessCheck;
import io.kubecanvas.emulator.control.ClusterEvent;
import io.kubecanvas.emulator.control.ControlPlane;
import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.emulator.state.ReadinessProber;
import io.kubecanvas.model.Cluster;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.net.Cidr;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A design running on a backend: a {@link ControlPlane} decides the cluster state, every state becomes one
 * {@link NetworkPlan}, and the backend applies it; probes, packet events and faults go through here.
 *
 * <p>Faults keep the control plane and the backend in step: {@link #stopNode} stops the node in the backend
 * and tells the control plane (NotReady now, Pods evicted after the grace period); the node stays stopped,
 * whatever is applied meanwhile, until {@link #startNode}. {@link #killPod} kills a Pod's containers; the next
 * {@link #advance} or {@link #tick} restarts them, as the kubelet would. {@link #tick} is one reconcile pass of a
 * long-running cluster: what the backend shows (a node stopped from outside) is reported to the control plane.
 * Thread-safe: plans are applied one at a time, always the latest state's.
 */
public final class ClusterRun implements AutoCloseable {
    private final ControlPlane controlPlane;
    private final EmulatorBackend backend;
    private final Runnable unlisten;
    private final List<Consumer<NetworkPlan>> planListeners = new CopyOnWriteArrayList<>();
    /** The state the running plan was computed from (the control plane hands out one object per state). */
    private ClusterState planned;
    private NetworkPlan plan;
    private boolean closed;
    /** Null: each state is applied on the thread that made it; else applied on this thread, coalesced. */
    private final ScheduledExecutorService later;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Batching: the dataplane follows once the control plane has been quiet this long (nanoseconds)... */
    private final long quiet;
    /** ...or, during a burst that does not pause, this many quiet periods after its first change. */
    private static final int MAX_QUIET_PERIODS = 5;
    private volatile long firstChange;
    private volatile long lastChange;
    /** Whether the last report of the backend's Pods named any. */
    private volatile boolean reportedAny;

    private ClusterRun(ControlPlane controlPlane, EmulatorBackend backend, Duration batch) {
        this.controlPlane = Objects.requireNonNull(controlPlane, "controlPlane");
        this.backend = Objects.requireNonNull(backend, "backend");
        if (backend.checksReadiness()) {
            controlPlane.setReadinessProber(ClusterRun::unchecked); // until the cluster exists: nothing is ready yet
        }
        this.later = batch == null ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kubecanvas-dataplane");
            t.setDaemon(true);
            return t;
        });
        this.quiet = batch == null ? 0 : batch.toNanos();
        this.unlisten = controlPlane.addListener(s -> {
            if (later == null) {
                applyLatest();
                return;
            }
            long now = System.nanoTime();
            lastChange = now;
            if (scheduled.compareAndSet(false, true)) {
                firstChange = now;
                later.schedule(this::applyWhenQuiet, quiet, TimeUnit.NANOSECONDS);
            }
        });
        applyLatest();
        if (backend.checksReadiness()) {
            controlPlane.setReadinessProber((pod, probe) -> {
                ReadinessCheck.Outcome o = backend.checkReadiness(readinessCheck(pod, probe));
                return new ReadinessProber.Result(o.success(), o.message());
            });
        }
    }

    private static ReadinessProber.Result unchecked(ClusterState.PodState pod, ClusterState.ReadinessProbe probe) {
        return new ReadinessProber.Result(false, "the Pod's containers are being created");
    }

    /** A probe as the backend runs it: a named port resolved on the Pod, as the kubelet does. */
    static ReadinessCheck readinessCheck(ClusterState.PodState pod, ClusterState.ReadinessProbe probe) {
        int port = probe.port();
        if (port <= 0 && probe.portName() != null) {
            port = pod.ports().stream().filter(p -> probe.portName().equals(p.name())).mapToInt(ClusterState.ContainerPort::port)
                    .findFirst().orElse(0);
        }
        return new ReadinessCheck(pod.namespace() + "/" + pod.name(), probe.container(), probe.action(), port, probe.path(),
                "HTTPS".equalsIgnoreCase(probe.scheme()), probe.command(), Math.max(1, probe.timeoutSeconds()));
    }

    /** The network plan of a cluster state: the one place a plan is derived, for every caller. */
    public static NetworkPlan plan(ClusterState state) {
        return NetworkPlan.compute(state);
    }

    /** The plan a design would run with (control plane seed 1), without running it: {@code kubecanvas plan}. */
    public static NetworkPlan plan(Design design) {
        return plan(ControlPlane.start(design, 1).state());
    }

    /** Starts a control plane on {@code design} (seed 1) and runs it on {@code backend}; {@link #close} closes both. */
    public static ClusterRun start(Design design, EmulatorBackend backend) {
        Design d = placed(design, backend);
        // the backend starts what needs no plan (docker: the node containers) while the control plane runs
        Cluster.NetworkSettings n = d.cluster().network();
        backend.prepare(n.underlayCidr(), List.of(n.clusterCidr(), n.serviceCidr()), ControlPlane.newNodeAddresses(d));
        ControlPlane cp;
        try {
            cp = ControlPlane.start(d, 1);
        } catch (RuntimeException e) {
            backend.abandon();
            throw e;
        }
        return start(cp, backend);
    }

    /**
     * The design with the underlay the backend gives it ({@link EmulatorBackend#underlayFor}); a
     * loadBalancerPool inside the old underlay moves with it, at the same offset.
     */
    static Design placed(Design design, EmulatorBackend backend) {
        Cluster.NetworkSettings n = design.cluster().network();
        Cidr wanted = Cidr.parseOrNull(n.underlayCidr());
        if (wanted == null) {
            return design; // the control plane says what is wrong with it
        }
        String chosen = backend.underlayFor(n.underlayCidr(), List.of(n.clusterCidr(), n.serviceCidr()));
        Cidr now = Cidr.parseOrNull(chosen);
        if (now == null || now.canonical().equals(wanted.canonical())) {
            return design;
        }
        String pool = n.loadBalancerPool();
        Cidr lb = Cidr.parseOrNull(pool);
        if (lb != null && wanted.contains(lb)) {
            pool = new Cidr(now.network() + (lb.network() - wanted.network()), lb.prefix()).toString();
        }
        return design.withCluster(design.cluster().withNetwork(new Cluster.NetworkSettings(n.cni(), n.clusterCidr(),
                n.nodeCidrMaskSize(), n.serviceCidr(), n.clusterDomain(), pool, now.canonical().toString(), n.networkPlugin())));
    }

    /** Runs an existing control plane's states on {@code backend}; {@link #close} closes the backend, not the control plane. */
    public static ClusterRun start(ControlPlane controlPlane, EmulatorBackend backend) {
        return new ClusterRun(controlPlane, backend, null);
    }

    /**
     * Like {@link #start(ControlPlane, EmulatorBackend)}, but a burst of changes (an API client writing 200
     * objects) is planned once: the backend follows {@code batch} behind, on a thread of its own, the latest
     * state only. Whatever reads the dataplane here (probes, {@link #plan()}, {@link #sync()}) catches up first.
     */
    public static ClusterRun startBatching(ControlPlane controlPlane, EmulatorBackend backend, Duration batch) {
        return new ClusterRun(controlPlane, backend, Objects.requireNonNull(batch, "batch"));
    }

    /** Brings the backend up to the control plane's latest state now (a no-op when it is). */
    public void sync() {
        applyLatest();
    }

    public ControlPlane controlPlane() {
        return controlPlane;
    }

    public EmulatorBackend backend() {
        return backend;
    }

    public ClusterState state() {
        return controlPlane.state();
    }

    /** The plan the backend runs now. */
    public NetworkPlan plan() {
        applyLatest();
        synchronized (this) {
            return plan;
        }
    }

    /** Called (on the thread that changed the cluster) after each plan is applied; returns a handle that removes it. */
    public Runnable addPlanListener(Consumer<NetworkPlan> listener) {
        planListeners.add(listener);
        return () -> planListeners.remove(listener);
    }

    /**
     * Batching: applies the latest state once no change came for a quiet period, or when the burst has gone on
     * for {@link #MAX_QUIET_PERIODS} of them (a client writing 200 objects one after another gets a few plans,
     * not one per 50 ms, and the picture still follows within a quarter of a second).
     */
    private void applyWhenQuiet() {
        long now = System.nanoTime();
        long wait = lastChange + quiet - now;
        if (wait > 0 && now - firstChange < MAX_QUIET_PERIODS * quiet) {
            try {
                later.schedule(this::applyWhenQuiet, Math.min(wait, firstChange + MAX_QUIET_PERIODS * quiet - now), TimeUnit.NANOSECONDS);
                return;
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                return; // closed meanwhile
            }
        }
        scheduled.set(false);
        applyLatest();
    }

    /** Plans the control plane's latest state and applies it, unless it is the plan that runs. */
    private void applyLatest() {
        NetworkPlan applied;
        synchronized (this) {
            if (closed) {
                return;
            }
            ClusterState s = controlPlane.state();
            if (s == planned) {
                return;
            }
            plan = plan(s);
            planned = s;
            backend.apply(plan);
            applied = plan;
        }
        planListeners.forEach(l -> l.accept(applied));
        reportRuntime();
    }

    /**
     * Tells the control plane what the backend runs other than planned (an init container failed, an image
     * not pulled, a container exited), so the state, the views and {@code up}/{@code ls} give each Pod's reason;
     * a change re-plans (a Pod that does not run takes no traffic).
     */
    private void reportRuntime() {
        java.util.Map<String, io.kubecanvas.emulator.backend.PodRuntime> r = backend.podRuntime();
        if (r.isEmpty() && !reportedAny) {
            return; // the sim, or nothing wrong now nor before: nothing to tell
        }
        reportedAny = !r.isEmpty();
        java.util.Map<String, ControlPlane.PodRuntime> reports = new java.util.HashMap<>();
        r.forEach((k, v) -> reports.put(k, new ControlPlane.PodRuntime(v.reason(), v.started())));
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        controlPlane.reportRuntime(reports);
    }

    /** Applies the current plan again: the kubelet restarts containers that died. */
    private void reapply() {
        synchronized (this) {
            if (!closed && plan != null) {
                backend.apply(plan);
            }
        }
    }

    // ---- the design and time --------------------------------------------------------------------

    /** Applies an edited design as a difference (what {@code kubectl apply} would change). */
    public void apply(Design design) {
        // the cluster keeps the underlay it was given (a running backend answers with the one it runs)
        controlPlane.apply(placed(design, backend));
        if (later == null) {
            applyLatest();
        } // batching: the control plane's listener has scheduled it
    }

    /** Lets control-plane time pass (rescheduling after the grace, rollouts); crashed containers are restarted. */
    public void advance(Duration d) {
        controlPlane.advance(d);
        applyLatest();
        reapply();
    }

    /**
     * One reconcile pass after {@code elapsed} wall time: nodes the backend shows stopped (or running again)
     * though the control plane thinks otherwise are reported to it, then time advances.
     */
    public void tick(Duration elapsed) {
        reportRuntime();
        Set<String> down = backend.stoppedNodes();
        for (ClusterState.NodeState n : controlPlane.state().nodes()) {
            if (down.contains(n.name()) && n.ready()) {
                controlPlane.stopNode(n.name());
            } else if (!down.contains(n.name()) && !n.ready()) {
                controlPlane.startNode(n.name());
            }
        }
        advance(elapsed);
    }

    /** The control plane's events since it started (scheduling, evictions, restarts). */
    public List<ClusterEvent> events() {
        return controlPlane.events();
    }

    // ---- traffic --------------------------------------------------------------------------------

    public ProbeResult probe(ProbeRequest request) {
        applyLatest();
        return backend.probe(request);
    }

    public ProbeResult probe(ProbeRequest request, boolean recordHops) {
        applyLatest();
        return backend.probe(request, recordHops);
    }

    public List<ProbeResult> probeAll(List<ProbeRequest> requests) {
        applyLatest();
        return backend.probeAll(requests);
    }

    /** Every Pod to every Pod on these ports ({@link ReachabilityMatrix}). */
    public ReachabilityMatrix matrix(List<Integer> ports, List<Protocol> protocols, ReachabilityMatrix.Via via) {
        applyLatest();
        return ReachabilityMatrix.probe(backend, ports, protocols, via);
    }

    /** Every packet event of the backend from now on. */
    public EmulatorBackend.Subscription subscribe(Consumer<PacketEvent> listener) {
        return backend.subscribe(listener);
    }

    // ---- faults ---------------------------------------------------------------------------------

    /** Stops a node: off the network now, NotReady in the control plane; stays stopped until {@link #startNode}. */
    public void stopNode(String node) {
        requireNode(node);
        backend.stopNode(node);
        controlPlane.stopNode(node);
        applyLatest();
    }

    /** Starts a stopped node: back on the network, Ready again, its Pods plumbed again. */
    public void startNode(String node) {
        requireNode(node);
        backend.startNode(node);
        controlPlane.startNode(node);
        applyLatest();
        reapply();
    }

    /** Kills a Pod's containers (a crash); they come back with the next {@link #advance} or {@link #tick}. */
    public void killPod(String namespace, String name) {
        if (controlPlane.state().pod(namespace, name) == null) {
            throw new IllegalArgumentException("no Pod " + namespace + "/" + name);
        }
        backend.killPod(namespace + "/" + name);
    }

    /** Deletes a Pod as {@code kubectl delete pod} does; its controller makes a new one. False when there is none. */
    public boolean deletePod(String namespace, String name) {
        boolean deleted = controlPlane.deletePod(namespace, name);
        applyLatest();
        return deleted;
    }

    /** Adds delay, loss or a cut to a node's underlay link ({@link LinkFault#NONE} heals it). */
    public FaultResult impairLink(String node, LinkFault fault) {
        requireNode(node);
        return backend.impairLink(node, fault);
    }

    private void requireNode(String node) {
        if (controlPlane.state().node(node) == null) {
            throw new IllegalArgumentException("no node named " + node + " (nodes: " + String.join(", ",
                    controlPlane.state().nodes().stream().map(ClusterState.NodeState::name).toList()) + ")");
        }
    }

    /** Unhooks from the control plane and closes the backend. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        unlisten.run();
        if (later != null) {
            later.shutdownNow();
        }
        if (backend.checksReadiness()) {
            // a control plane that outlives this run (the app's) goes back to its own checks
            controlPlane.setReadinessProber(null);
        }
        backend.close();
    }
}
