package io.kubecanvas.emulator.control;

import io.kubecanvas.model.net.Cidr;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.Cluster;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.KubeKinds;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.ObjectKey;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The emulated control plane of one cluster: start it from a design, read {@link #state()}, and change it
 * live ({@link #apply}, {@link #deletePod}, {@link #stopNode}, {@link #scale}, {@link #advance}). After
 * every call the controllers run until nothing changes, so {@link #state()} is always settled.
 *
 * <p>Time is virtual: it moves only through {@link #advance}. Everything is deterministic for a seed.
 * Thread-safe: calls are serialised; listeners run on the calling thread after the change settled,
 * outside the lock.
 */
public final class ControlPlane {
    /** Kubernetes' node-monitor-grace-period: how long a silent node is given before its Pods are evicted. */
    public static final Duration DEFAULT_NODE_GRACE = Duration.ofSeconds(40);
    public static final String KUBE_SYSTEM = "kube-system";
    public static final String DNS_SERVICE = "kube-dns";
    public static final String DNS_DEPLOYMENT = "coredns";
    /** The Service in {@code default} that leads to the API server. */
    public static final String API_SERVICE = "kubernetes";
    /** The port the API server listens on, on the control-plane node's address (kubeadm's default). */
    public static final int API_SERVER_PORT = 6443;
    static final List<String> SYSTEM_NAMESPACES = List.of("default", KUBE_SYSTEM, "kube-public", "kube-node-lease");
    private static final int MAX_PASSES = 100;

    private final long seed;
    private final Duration nodeGrace;
    private ControlContext ctx;
    private Cluster cluster;
    private ServiceAllocator services;
    private Admission admission;
    private NodeLifecycleController nodeLifecycle;
    private DeploymentController deployments;
    private ReplicaSetController replicaSets;
    private DaemonSetController daemonSets;
    private StatefulSetController statefulSets;
    private Scheduler scheduler;
    private Kubelet kubelet;
    private EndpointsController endpoints;
    private Prober prober;
    private io.kubecanvas.emulator.state.ReadinessProber readinessChecks;
    private final Map<ObjectKey, KubeObject> applied = new LinkedHashMap<>();
    private final Map<ObjectKey, Rejection> rejections = new TreeMap<>();
    private final List<Consumer<ClusterState>> listeners = new CopyOnWriteArrayList<>();
    private final EventLog events = new EventLog();
    private ClusterState snapshot;
    private long nextCidrIndex;
    private long nextUnderlayOffset = 2;

    private ControlPlane(long seed, Duration nodeGrace) {
        this.seed = seed;
        this.nodeGrace = nodeGrace;
    }

    /**
     * A control plane running {@code design} on its cluster, settled. Objects the API server would refuse
     * are listed by {@link #rejections()}; network settings it cannot work with throw
     * IllegalArgumentException with a message naming the setting.
     */
    public static ControlPlane start(Design design, long seed) {
        return start(design, seed, DEFAULT_NODE_GRACE);
    }

    public static ControlPlane start(Design design, long seed, Duration nodeGrace) {
        ControlPlane cp = new ControlPlane(seed, nodeGrace);
        cp.boot(design.cluster(), 0);
        cp.applyObjects(design);
        cp.settle();
        return cp;
    }

    private void boot(Cluster c, long now) {
        check(c.network());
        cluster = c;
        nextCidrIndex = 0;
        nextUnderlayOffset = 2;
        ctx = new ControlContext(seed, c.network(), nodeGrace.toMillis(), events);
        ctx.now = now;
        services = new ServiceAllocator(ctx);
        admission = new Admission(ctx, services);
        nodeLifecycle = new NodeLifecycleController(ctx);
        deployments = new DeploymentController(ctx);
        replicaSets = new ReplicaSetController(ctx);
        daemonSets = new DaemonSetController(ctx);
        statefulSets = new StatefulSetController(ctx);
        scheduler = new Scheduler(ctx);
        kubelet = new Kubelet(ctx);
        endpoints = new EndpointsController(ctx);
        prober = new Prober(ctx);
        prober.use(readinessChecks);
        for (String ns : SYSTEM_NAMESPACES) {
            ctx.store.put(Kinds.key(Kinds.NAMESPACE, "", ns), new NamespaceObject(ns, Map.of()));
        }
        for (Cluster.NodeSpec n : registrationOrder(c)) {
            addNode(n);
        }
        writeClusterDns();
        writeApiServerService();
        // The Ingress controller every emulated cluster runs (ingress-nginx) and its class, default as minikube's.
        ctx.store.put(Kinds.key(Kinds.INGRESS_CLASS, "", ClusterState.NGINX.name()), IngressClassObject.emulators());
    }

    /**
     * Refuses network settings the control plane cannot work with, with a message naming the setting (the
     * Cluster document's field) and what would be accepted.
     */
    static void check(Cluster.NetworkSettings n) {
        Cidr cluster = cidr("clusterCIDR", n.clusterCidr());
        Cidr services = cidr("serviceCIDR", n.serviceCidr());
        Cidr underlay = cidr("underlayCIDR", n.underlayCidr());
        cidr("loadBalancerPool", n.loadBalancerPool());
        if (n.nodeCidrMaskSize() < cluster.prefix() || n.nodeCidrMaskSize() > 30) {
            throw new IllegalArgumentException("cluster network: nodeCIDRMaskSize " + n.nodeCidrMaskSize()
                    + " must be between the clusterCIDR's prefix (" + cluster.prefix() + ") and 30");
        }
        if (services.prefix() > 28) {
            throw new IllegalArgumentException("cluster network: serviceCIDR " + n.serviceCidr()
                    + " is too small; use /28 or larger (kube-dns takes its tenth address)");
        }
        if (underlay.prefix() > 29) {
            throw new IllegalArgumentException("cluster network: underlayCIDR " + n.underlayCidr()
                    + " is too small for nodes; use /29 or larger");
        }
        if (cluster.overlaps(services)) {
            throw new IllegalArgumentException("cluster network: clusterCIDR " + n.clusterCidr() + " and serviceCIDR "
                    + n.serviceCidr() + " overlap; Pod and Service addresses must be apart");
        }
    }

    private static Cidr cidr(String field, String text) {
        try {
            return Cidr.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cluster network: " + field + " \"" + text
                    + "\" is not an IPv4 CIDR such as 10.244.0.0/16");
        }
    }

    // ---- reading -------------------------------------------------------------------------------

    /** The settled state: immutable, the same instance until something changes. */
    public synchronized ClusterState state() {
        if (snapshot == null) {
            snapshot = buildSnapshot();
        }
        return snapshot;
    }

    /** Virtual time since start. */
    public synchronized Duration now() {
        return Duration.ofMillis(ctx.now);
    }

    /** What happened, oldest first, as {@code kubectl get events} lists it (the last 5,000). */
    public synchronized List<ClusterEvent> events() {
        return events.all();
    }

    /** How many events were ever recorded: remember it and pass it to {@link #eventsSince} for what is new. */
    public synchronized long eventCount() {
        return events.count();
    }

    /** The events recorded since {@link #eventCount()} returned {@code count} (those still kept). */
    public synchronized List<ClusterEvent> eventsSince(long count) {
        return events.since(count);
    }

    /** The design's objects the API server refused, with its messages. */
    public synchronized List<Rejection> rejections() {
        return List.copyOf(rejections.values());
    }

    /** Why a Pod is Pending (the scheduler's or kubelet's words), or null. */
    public synchronized String pendingReason(String namespace, String pod) {
        PodObject p = ctx.store.body(Kinds.pod(namespace, pod), PodObject.class);
        return p == null ? null : p.pendingReason();
    }

    /** Desired replicas of a Deployment (as designed or last scaled), or -1 when there is none. */
    public synchronized int replicas(String namespace, String deployment) {
        DeploymentObject d = ctx.store.body(Kinds.key(Kinds.DEPLOYMENT, namespace, deployment), DeploymentObject.class);
        return d == null ? -1 : d.replicas();
    }

    /** The store's current resource version (etcd's revision). */
    public synchronized long resourceVersion() {
        return ctx.store.resourceVersion();
    }

    /**
     * Watches the store: every write as ADDED, MODIFIED or DELETED, in order. Watches end when the network
     * settings change (the cluster is rebuilt); returns a handle that stops watching.
     */
    public synchronized Runnable watch(Consumer<ObjectStore.WatchEvent> watcher) {
        return ctx.store.watch(watcher);
    }

    /**
     * Reads the store under the control plane's lock, for the API server's view of every object (Pods,
     * ReplicaSets, EndpointSlices, Nodes, ...); {@code reader} must only read.
     */
    public synchronized <T> T read(java.util.function.Function<ObjectStore, T> reader) {
        return reader.apply(ctx.store);
    }

    /**
     * What the emulated API server would refuse about one object regardless of the cluster's state (its
     * name, field types, a selector that does not match the template), in the API server's words; null
     * when it would accept it.
     */
    public static String refusal(KubeObject object) {
        try {
            Admission.check(object);
            return null;
        } catch (AdmissionException e) {
            return e.getMessage();
        }
    }

    /** Calls {@code listener} with the new state after every change; returns a handle that removes it. */
    public Runnable addListener(Consumer<ClusterState> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    // ---- changing ------------------------------------------------------------------------------

    /**
     * Applies a changed design: objects added, removed or changed are written; unchanged ones are left
     * alone, so their Pods keep names and IPs. Nodes are added, removed or updated. When the network
     * settings change, the cluster is rebuilt from scratch (as a real cluster would have to be).
     */
    public void apply(Design design) {
        change(() -> {
            doApply(design);
            return null;
        });
    }

    private void doApply(Design design) {
        Cluster c = design.cluster();
        if (!c.network().equals(cluster.network())) {
            check(c.network()); // before anything changes: a refused design leaves the cluster as it was
            long now = ctx.now;
            applied.clear();
            rejections.clear();
            boot(c, now);
            snapshot = null;
            ctx.normal("ClusterRebuilt", "", "cluster/" + c.name(), "Network settings changed: cluster rebuilt", "kubecanvas");
        } else if (!c.equals(cluster)) {
            applyNodes(c);
        }
        applyObjects(design);
        settle();
    }

    /** Deletes a Pod as {@code kubectl delete pod} does; its controller, if any, makes a new one. */
    public boolean deletePod(String namespace, String name) {
        return change(() -> doDeletePod(namespace, name));
    }

    private boolean doDeletePod(String namespace, String name) {
        PodObject p = ctx.store.body(Kinds.pod(namespace, name), PodObject.class);
        if (p == null) {
            return false;
        }
        ctx.deletePod(p);
        settle();
        return true;
    }

    /** Stops a node (its kubelet stops reporting): unschedulable now, its Pods evicted after the grace period. */
    public void stopNode(String name) {
        change(() -> {
            doStopNode(name);
            return null;
        });
    }

    private void doStopNode(String name) {
        NodeObject n = node(name);
        if (!n.ready()) {
            return;
        }
        ctx.store.put(Kinds.node(name), n.withReady(false, ctx.now));
        ctx.warning("NodeNotReady", "", "node/" + name, "Node " + name + " stopped: kubelet stopped posting node status;"
                + " its Pods are evicted after " + nodeGrace.toSeconds() + "s", "kubecanvas");
        settle();
    }

    /** Starts a stopped node again: Ready, schedulable; Pods still bound to it resume. */
    public void startNode(String name) {
        change(() -> {
            doStartNode(name);
            return null;
        });
    }

    private void doStartNode(String name) {
        NodeObject n = node(name);
        if (n.ready()) {
            return;
        }
        ctx.store.put(Kinds.node(name), n.withReady(true, ctx.now));
        ctx.normal("NodeReady", "", "node/" + name, "Node " + name + " status is now: NodeReady", "kubelet");
        settle();
    }

    /** Sets a Deployment's, StatefulSet's or design ReplicaSet's replicas, as {@code kubectl scale} does. */
    public void scale(String namespace, String name, int replicas) {
        change(() -> {
            doScale(namespace, name, replicas);
            return null;
        });
    }

    private void doScale(String namespace, String name, int replicas) {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must be 0 or more, got " + replicas);
        }
        ObjectKey dk = Kinds.key(Kinds.DEPLOYMENT, namespace, name);
        DeploymentObject d = ctx.store.body(dk, DeploymentObject.class);
        ObjectKey sk = Kinds.key(Kinds.STATEFUL_SET, namespace, name);
        StatefulSetObject ss = ctx.store.body(sk, StatefulSetObject.class);
        if (d != null) {
            ctx.store.put(dk, d.withReplicas(replicas));
        } else if (ss != null) {
            ctx.store.put(sk, ss.withReplicas(replicas));
        } else {
            ObjectKey rk = Kinds.key(Kinds.REPLICA_SET, namespace, name);
            ReplicaSetObject rs = ctx.store.body(rk, ReplicaSetObject.class);
            if (rs == null || rs.deployment() != null) {
                throw new IllegalArgumentException("no Deployment, StatefulSet or ReplicaSet " + namespace + "/" + name);
            }
            ctx.store.put(rk, rs.withReplicas(replicas));
        }
        settle();
    }

    /**
     * Runs readiness probes with {@code checks} from now on (null: the control plane's own, which answers
     * from the Pods' declared ports as the sim does). A backend with real containers plugs in real checks.
     */
    public void setReadinessProber(io.kubecanvas.emulator.state.ReadinessProber checks) {
        change(() -> {
            readinessChecks = checks;
            prober.use(checks);
            settle();
            return null;
        });
    }

    /**
     * Sets the labels of a Pod made by a controller, as {@code kubectl label pod} does: the Pod keeps its node
     * and IP, and leaves (or joins) the Services and owners whose selectors it no longer (or now) matches.
     */
    public boolean setPodLabels(String namespace, String name, Map<String, String> labels) {
        return change(() -> {
            PodObject p = ctx.store.body(Kinds.pod(namespace, name), PodObject.class);
            if (p == null) {
                return false;
            }
            ctx.store.put(Kinds.pod(namespace, name), p.withLabels(labels));
            settle();
            return true;
        });
    }

    /**
     * Makes a Pod's readiness probe fail by hand, or stop failing (then its probes, if any, decide again): an
     * unready Pod stays Running and in its Services' EndpointSlices, not ready, taking no traffic.
     */
    public boolean setPodReady(String namespace, String name, boolean ready) {
        return change(() -> doSetPodReady(namespace, name, ready));
    }

    private boolean doSetPodReady(String namespace, String name, boolean ready) {
        PodObject p = ctx.store.body(Kinds.pod(namespace, name), PodObject.class);
        if (p == null) {
            return false;
        }
        ctx.store.put(Kinds.pod(namespace, name), p.withReadinessFailing(!ready));
        if (!ready) {
            ctx.warning("Unhealthy", namespace, "pod/" + name, "Readiness probe failed", "kubelet");
        }
        settle();
        return true;
    }

    /**
     * What the backend that runs the Pods reports of them: Pod key ({@code ns/name}) to what is wrong, for every
     * Pod the backend runs other than its spec says; a Pod not named runs as specified. A Pod whose app
     * containers did not start ({@link PodRuntime#started()} false: an init container failed, an image may not be
     * pulled) is not ready, so its Services send it nothing. Each new reason becomes a Warning event of the
     * kubelet. Returns whether anything changed.
     */
    public boolean reportRuntime(Map<String, PodRuntime> reports) {
        return change(() -> {
            boolean changed = false;
            for (PodObject p : ctx.store.bodies(Kinds.POD, PodObject.class)) {
                PodRuntime r = reports.get(p.key());
                String why = r == null ? null : r.reason();
                boolean blocks = r != null && !r.started();
                if (java.util.Objects.equals(why, p.runtime()) && blocks == p.runtimeBlocks()) {
                    continue;
                }
                ctx.store.put(Kinds.pod(p.namespace(), p.name()), p.withRuntime(why, blocks));
                if (why != null) {
                    int colon = why.indexOf(": ");
                    ctx.warning(colon > 0 ? why.substring(0, colon).replace(":", "") : "Failed", p.namespace(),
                            "pod/" + p.name(), colon > 0 ? why.substring(colon + 2) : why, Kubelet.SOURCE);
                }
                changed = true;
            }
            if (changed) {
                settle();
            }
            return changed;
        });
    }

    /**
     * One Pod as its backend runs it.
     *
     * @param reason  what is wrong, reason first: {@code Init:Error: init container migrate exited with code 1: ...}
     * @param started whether its app containers run (perhaps as stand-ins)
     */
    public record PodRuntime(String reason, boolean started) {
    }

    /** Moves the virtual clock; controllers act at the moments their timers fall due. */
    public void advance(Duration d) {
        change(() -> {
            doAdvance(d);
            return null;
        });
    }

    private void doAdvance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("time does not go back: " + d);
        }
        long target = ctx.now + d.toMillis();
        while (true) {
            long next = Math.min(nodeLifecycle.nextDeadline(), prober.nextDeadline());
            if (next > target) {
                break;
            }
            ctx.now = next;
            settle();
        }
        ctx.now = target;
        settle();
    }

    // ---- internals -----------------------------------------------------------------------------

    private NodeObject node(String name) {
        NodeObject n = ctx.store.body(Kinds.node(name), NodeObject.class);
        if (n == null) {
            throw new IllegalArgumentException("no node " + name);
        }
        return n;
    }

    /** The order a new control plane registers the design's nodes in: the control planes, then the workers. */
    private static List<Cluster.NodeSpec> registrationOrder(Cluster c) {
        List<Cluster.NodeSpec> ordered = new ArrayList<>(c.nodes().stream().filter(Cluster.NodeSpec::isControlPlane).toList());
        ordered.addAll(c.workers());
        return ordered;
    }

    /**
     * The underlay address a new control plane gives each node of {@code design} ({@link #addNode}'s first round:
     * from the underlay's .2 on, in {@link #registrationOrder}, while Pod CIDRs and addresses last), by node name:
     * what a backend needs to start the nodes' machines while the control plane still runs. It is a forecast, not
     * the plan: a backend checks each node against the plan once it has it.
     */
    public static Map<String, String> newNodeAddresses(Design design) {
        Map<String, String> out = new LinkedHashMap<>();
        Cidr underlay = Cidr.parseOrNull(design.cluster().network().underlayCidr());
        Cidr clusterCidr = Cidr.parseOrNull(design.cluster().network().clusterCidr());
        if (underlay == null || clusterCidr == null) {
            return out;
        }
        long subnets = clusterCidr.subnetCount(design.cluster().network().nodeCidrMaskSize());
        long hosts = underlay.size() - 3;
        for (Cluster.NodeSpec n : registrationOrder(design.cluster())) {
            if (out.size() >= subnets || out.size() >= hosts || out.containsKey(n.name())) {
                break;
            }
            out.put(n.name(), underlay.nthText(2 + out.size()));
        }
        return out;
    }

    /**
     * Registers a node: the next free Pod CIDR after the last one handed out (the node IPAM's rotating
     * cursor, so a removed node's CIDR is not reused at once) and the next free underlay address.
     */
    private void addNode(Cluster.NodeSpec spec) {
        Cidr clusterCidr = Cidr.parse(ctx.network.clusterCidr());
        Cidr underlay = Cidr.parse(ctx.network.underlayCidr());
        Set<String> cidrs = new HashSet<>();
        Set<String> ips = new HashSet<>();
        for (NodeObject n : ctx.store.bodies(Kinds.NODE, NodeObject.class)) {
            cidrs.add(n.podCidr());
            ips.add(n.underlayIp());
        }
        String podCidr = null;
        long subnets = clusterCidr.subnetCount(ctx.network.nodeCidrMaskSize());
        for (long i = 0; i < subnets && podCidr == null; i++) {
            long index = (nextCidrIndex + i) % subnets;
            String candidate = clusterCidr.subnet(ctx.network.nodeCidrMaskSize(), index).toString();
            if (!cidrs.contains(candidate)) {
                podCidr = candidate;
                nextCidrIndex = index + 1;
            }
        }
        String ip = null;
        long hosts = underlay.size() - 3;
        for (long i = 0; i < hosts && ip == null; i++) {
            long offset = 2 + (nextUnderlayOffset - 2 + i) % hosts;
            if (!ips.contains(underlay.nthText(offset))) {
                ip = underlay.nthText(offset);
                nextUnderlayOffset = offset + 1;
            }
        }
        if (podCidr == null || ip == null) {
            ctx.warning("CIDRNotAvailable", "", "node/" + spec.name(), podCidr == null
                    ? "Node " + spec.name() + " has no Pod CIDR: " + clusterCidr + " has no free /" + ctx.network.nodeCidrMaskSize()
                    : "Node " + spec.name() + " has no address: underlay " + underlay + " is full", "node-ipam-controller");
            return;
        }
        ctx.store.put(Kinds.node(spec.name()), NodeObject.register(spec, ip, podCidr));
        ctx.normal("RegisteredNode", "", "node/" + spec.name(), "Node " + spec.name() + " event: Registered Node "
                + spec.name() + " in Controller (Pod CIDR " + podCidr + ", InternalIP " + ip + ")", "node-controller");
    }

    private void applyNodes(Cluster c) {
        Map<String, Cluster.NodeSpec> wanted = new LinkedHashMap<>();
        for (Cluster.NodeSpec n : c.nodes()) {
            wanted.put(n.name(), n);
        }
        for (NodeObject n : ctx.store.bodies(Kinds.NODE, NodeObject.class)) {
            Cluster.NodeSpec spec = wanted.get(n.name());
            if (spec == null) {
                ctx.store.delete(Kinds.node(n.name()));
                kubelet.forget(n.name());
                ctx.normal("RemovingNode", "", "node/" + n.name(), "Node " + n.name() + " event: Removing Node "
                        + n.name() + " from Controller", "node-controller");
                for (PodObject p : ctx.store.bodies(Kinds.POD, PodObject.class)) {
                    if (n.name().equals(p.nodeName()) && p.ip() != null) {
                        ctx.store.delete(Kinds.pod(p.namespace(), p.name()));
                        ctx.normal("PodGCOrphaned", p.namespace(), "pod/" + p.name(), "Deleted pod " + p.key()
                                + ": node " + n.name() + " no longer exists", "pod-garbage-collector");
                    }
                }
            } else {
                ctx.store.put(Kinds.node(n.name()), n.withSpec(spec));
            }
        }
        List<Cluster.NodeSpec> added = new ArrayList<>();
        for (Cluster.NodeSpec n : c.nodes()) {
            if (ctx.store.get(Kinds.node(n.name())) == null) {
                added.add(n);
            }
        }
        added.sort(Comparator.comparing((Cluster.NodeSpec n) -> !n.isControlPlane()));
        added.forEach(this::addNode);
        cluster = c;
        writeClusterDns();
        writeApiServerService();
    }

    private void applyObjects(Design design) {
        Map<ObjectKey, KubeObject> wanted = new LinkedHashMap<>();
        for (KubeObject o : design.objects()) {
            if (o.kind() != null) {
                wanted.put(o.key(), o); // a nameless object is kept, to be refused with the API server's message
            }
        }
        for (ObjectKey old : new ArrayList<>(applied.keySet())) {
            if (!wanted.containsKey(old)) {
                admission.delete(old);
                applied.remove(old);
                rejections.remove(old);
            }
        }
        rejections.keySet().removeIf(k -> !wanted.containsKey(k));
        // Namespaces first, then Services (their addresses), then the rest, as kubectl apply orders kinds.
        List<KubeObject> ordered = new ArrayList<>(wanted.values());
        ordered.sort(Comparator.comparingInt(ControlPlane::applyOrder));
        for (KubeObject o : ordered) {
            KubeObject before = applied.get(o.key());
            if (before != null && (before == o || before.sameContent(o)) && !rejections.containsKey(o.key())) {
                applied.put(o.key(), o);
                continue;
            }
            try {
                admission.write(o, before);
                applied.put(o.key(), o);
                rejections.remove(o.key());
            } catch (AdmissionException e) {
                // As with kubectl apply: a refused update leaves the previous version running.
                Rejection r = new Rejection(o.key(), e.getMessage(), o.position(""));
                if (!r.equals(rejections.put(o.key(), r))) {
                    ctx.warning("FailedCreate", o.namespace(), o.kind().toLowerCase() + "/" + o.name(), e.getMessage(),
                            "kube-apiserver");
                }
            }
        }
    }

    private static int applyOrder(KubeObject o) {
        return switch (o.kind()) {
            case KubeKinds.NAMESPACE -> 0;
            case KubeKinds.SECRET, KubeKinds.CONFIG_MAP, KubeKinds.INGRESS_CLASS -> 1;
            case KubeKinds.SERVICE -> 2;
            default -> 3;
        };
    }

    /**
     * The {@code default/kubernetes} Service (the first service address, port 443 named https, no selector)
     * and its Endpoints, which the API server keeps itself: the control-plane node's address, port 6443.
     */
    private void writeApiServerService() {
        Service svc = new ServiceBuilder().withNewMetadata().withName(API_SERVICE).withNamespace("default")
                .addToLabels("component", "apiserver").addToLabels("provider", "kubernetes").endMetadata()
                .withNewSpec().withClusterIP(services.apiServerIp())
                .addNewPort().withName("https").withProtocol("TCP").withPort(443).withNewTargetPort(API_SERVER_PORT).endPort()
                .endSpec().build();
        ObjectKey sk = Kinds.key(Kinds.SERVICE, "default", API_SERVICE);
        try {
            ctx.store.put(sk, services.admit("default", svc, ctx.store.body(sk, ServiceObject.class)));
        } catch (AdmissionException e) {
            ctx.warning("FailedCreate", "default", "service/" + API_SERVICE, e.getMessage(), "kube-apiserver");
            return;
        }
        NodeObject host = ctx.store.bodies(Kinds.NODE, NodeObject.class).stream()
                .min(Comparator.comparing((NodeObject n) -> !n.isControlPlane())
                        .thenComparingInt(n -> cluster.nodes().stream().map(Cluster.NodeSpec::name).toList().indexOf(n.name())))
                .orElse(null);
        List<ManualEndpoints.Subset> subsets = host == null ? List.of() : List.of(new ManualEndpoints.Subset(
                List.of(new ManualEndpoints.Address(host.underlayIp(), true, host.name(), null, null)),
                List.of(new ManualEndpoints.Port("https", API_SERVER_PORT, "TCP"))));
        ctx.store.put(Kinds.key(Kinds.ENDPOINTS, "default", API_SERVICE),
                new ManualEndpoints("default", API_SERVICE, API_SERVICE, false, subsets));
    }

    /** The kube-dns Service and its CoreDNS Deployment, pinned to the control plane. */
    private void writeClusterDns() {
        Service svc = new ServiceBuilder().withNewMetadata().withName(DNS_SERVICE).withNamespace(KUBE_SYSTEM)
                .addToLabels("k8s-app", "kube-dns").endMetadata()
                .withNewSpec().withClusterIP(services.dnsServiceIp()).addToSelector("k8s-app", "kube-dns")
                .addNewPort().withName("dns").withProtocol("UDP").withPort(53).withNewTargetPort(53).endPort()
                .addNewPort().withName("dns-tcp").withProtocol("TCP").withPort(53).withNewTargetPort(53).endPort()
                .addNewPort().withName("metrics").withProtocol("TCP").withPort(9153).withNewTargetPort(9153).endPort()
                .endSpec().build();
        ObjectKey sk = Kinds.key(Kinds.SERVICE, KUBE_SYSTEM, DNS_SERVICE);
        try {
            ctx.store.put(sk, services.admit(KUBE_SYSTEM, svc, ctx.store.body(sk, ServiceObject.class)));
        } catch (AdmissionException e) {
            ctx.warning("FailedCreate", KUBE_SYSTEM, "service/" + DNS_SERVICE, e.getMessage(), "kube-apiserver");
        }
        Map<String, String> labels = Map.of("k8s-app", "kube-dns");
        Cluster.NodeSpec host = cluster.nodes().stream().filter(Cluster.NodeSpec::isControlPlane).findFirst()
                .orElse(cluster.nodes().isEmpty() ? null : cluster.nodes().get(0));
        PodTemplateSpecBuilder t = new PodTemplateSpecBuilder().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec()
                .addToContainers(new ContainerBuilder().withName("coredns")
                        .withImage("registry.k8s.io/coredns/coredns:v1.11.1")
                        .withArgs("-conf", "/etc/coredns/Corefile")
                        .withPorts(new ContainerPortBuilder().withName("dns").withContainerPort(53).withProtocol("UDP").build(),
                                new ContainerPortBuilder().withName("dns-tcp").withContainerPort(53).withProtocol("TCP").build(),
                                new ContainerPortBuilder().withName("metrics").withContainerPort(9153).withProtocol("TCP").build())
                        .withNewResources().addToRequests("cpu", new Quantity("100m"))
                        .addToRequests("memory", new Quantity("70Mi")).endResources().build())
                .withTolerations(new TolerationBuilder().withKey("CriticalAddonsOnly").withOperator("Exists").build(),
                        new TolerationBuilder().withKey(Cluster.NodeSpec.CONTROL_PLANE_TAINT.key()).withOperator("Exists")
                                .withEffect("NoSchedule").build())
                .withNodeSelector(host == null ? Map.of() : Map.of("kubernetes.io/hostname", host.name()))
                .endSpec();
        PodTemplateSpec template = t.build();
        ObjectKey dk = Kinds.key(Kinds.DEPLOYMENT, KUBE_SYSTEM, DNS_DEPLOYMENT);
        ctx.store.put(dk, new DeploymentObject(KUBE_SYSTEM, DNS_DEPLOYMENT,
                new LabelSelectorBuilder().withMatchLabels(labels).build(), template,
                // fabric8's generated toString is a stable text of the whole template, cheaper than JSON.
                PodTemplateHash.of(template.toString()), 1, DeploymentObject.ROLLING_UPDATE, null, null));
    }

    /** Runs the controllers in order until a whole pass writes nothing; the snapshot is rebuilt on demand. */
    private void settle() {
        long start = ctx.store.resourceVersion();
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            long before = ctx.store.resourceVersion();
            nodeLifecycle.reconcile();
            deployments.reconcile();
            replicaSets.reconcile();
            daemonSets.reconcile();
            statefulSets.reconcile();
            scheduler.reconcile();
            kubelet.reconcile();
            prober.reconcile();
            services.reconcileLoadBalancers();
            endpoints.reconcile();
            if (ctx.store.resourceVersion() == before) {
                break;
            }
        }
        if (snapshot != null && (ctx.store.resourceVersion() != start || snapshot.resourceVersion() != start)) {
            snapshot = null;
        }
    }

    /**
     * Runs a change under the lock, then tells listeners outside it (so a listener may hand the state to
     * another thread that calls back without deadlock).
     */
    private <T> T change(java.util.function.Supplier<T> body) {
        T result;
        ClusterState after;
        ClusterState before;
        synchronized (this) {
            before = snapshot;
            result = body.get();
            after = listeners.isEmpty() ? null : state();
        }
        if (after != null && after != before) {
            for (Consumer<ClusterState> l : listeners) {
                l.accept(after);
            }
        }
        return result;
    }

    private ClusterState buildSnapshot() {
        ObjectStore store = ctx.store;
        List<String> nodeOrder = cluster.nodes().stream().map(Cluster.NodeSpec::name).toList();
        List<ClusterState.NodeState> nodes = new ArrayList<>();
        for (NodeObject n : store.bodies(Kinds.NODE, NodeObject.class)) {
            nodes.add(new ClusterState.NodeState(n.name(), n.role(), n.underlayIp(), n.podCidr(), n.ready(), n.labels()));
        }
        nodes.sort(Comparator.comparingInt((ClusterState.NodeState n) -> nodeOrder.indexOf(n.name())));

        List<PodObject> podObjects = store.bodies(Kinds.POD, PodObject.class);
        Map<String, PodObject> podsByKey = new LinkedHashMap<>();
        List<ClusterState.PodState> pods = new ArrayList<>(podObjects.size());
        Set<String> namespaceNames = new TreeSet<>();
        for (ObjectStore.Stored s : store.list(Kinds.POD)) {
            PodObject p = s.as(PodObject.class);
            podsByKey.put(p.key(), p);
            namespaceNames.add(p.namespace());
            // A Pod pinned to a node that does not exist is pending: it names no node of the state.
            String node = p.nodeName() != null && store.get(Kinds.node(p.nodeName())) != null ? p.nodeName() : null;
            ContainerEnv.Result env = Kubelet.env(store, p);
            pods.add(new ClusterState.PodState(p.namespace(), p.name(), s.uid(), node, p.ip(), p.phase(),
                    p.ready(), p.labels(), p.ports(), p.images(), p.hostNetwork(), p.ownerHead(),
                    env.containers(), p.probes(), p.running() ? p.readiness() : null, env.initContainers(),
                    reason(p, node, store)));
        }

        Map<String, EndpointSliceObject> slices = new HashMap<>();
        for (EndpointSliceObject e : store.bodies(Kinds.ENDPOINT_SLICE, EndpointSliceObject.class)) {
            slices.put(e.namespace() + "/" + e.service(), e);
        }
        List<ServiceObject> serviceObjects = store.bodies(Kinds.SERVICE, ServiceObject.class);
        List<ClusterState.ServiceState> svcs = new ArrayList<>();
        for (ServiceObject s : serviceObjects) {
            namespaceNames.add(s.namespace());
            EndpointSliceObject slice = slices.get(s.key());
            svcs.add(new ClusterState.ServiceState(s.namespace(), s.name(), s.type(), s.clusterIp(), s.loadBalancerIp(),
                    s.selector(), s.ports(), slice == null ? List.of() : slice.endpoints(), s.sessionAffinity(),
                    s.externalTrafficPolicy(), s.internalTrafficPolicy()));
        }
        List<NetworkPolicy> policies = store.bodies(Kinds.NETWORK_POLICY, NetworkPolicy.class);
        List<Ingress> ingresses = store.bodies(Kinds.INGRESS, Ingress.class);
        policies.forEach(p -> namespaceNames.add(p.getMetadata().getNamespace()));
        ingresses.forEach(i -> namespaceNames.add(i.getMetadata().getNamespace()));

        Map<String, NamespaceObject> nsObjects = new TreeMap<>();
        for (NamespaceObject n : store.bodies(Kinds.NAMESPACE, NamespaceObject.class)) {
            nsObjects.put(n.name(), n);
        }
        namespaceNames.addAll(nsObjects.keySet());
        List<ClusterState.NamespaceState> namespaces = new ArrayList<>();
        for (String ns : namespaceNames) {
            NamespaceObject n = nsObjects.getOrDefault(ns, new NamespaceObject(ns, Map.of()));
            namespaces.add(new ClusterState.NamespaceState(ns, n.labels()));
        }

        Map<String, ClusterState.TlsSecret> tls = new TreeMap<>();
        for (Secret s : store.bodies(Kinds.SECRET, Secret.class)) {
            if ("kubernetes.io/tls".equals(s.getType())) {
                tls.put(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName(),
                        new ClusterState.TlsSecret(secretValue(s, "tls.crt"), secretValue(s, "tls.key")));
            }
        }
        List<ClusterState.DnsRecord> dns = ClusterDns.records(ctx.network.clusterDomain(), serviceObjects, slices, podsByKey);
        List<IngressClassObject> defaults = Admission.defaultClasses(store);
        List<ClusterState.IngressClassState> classes = store.bodies(Kinds.INGRESS_CLASS, IngressClassObject.class).stream()
                .map(c -> new ClusterState.IngressClassState(c.name(), c.controller(), defaults.contains(c))).toList();
        return new ClusterState(store.resourceVersion(), ctx.network, nodes, namespaces, pods, svcs, policies, ingresses,
                dns, tls, classes);
    }

    /**
     * Why a Pod does not run, in Kubernetes' words: the scheduler's (Unschedulable), the kubelet's (a node not
     * ready, a configuration it cannot make), or what the backend reported; null when it runs as specified.
     */
    private static String reason(PodObject p, String node, ObjectStore store) {
        if (p.runtime() != null) {
            return p.runtime();
        }
        if (p.waiting() != null) {
            return p.waiting();
        }
        if (p.pendingReason() != null) {
            return (node == null && p.nodeName() == null ? "Unschedulable: " : "") + p.pendingReason();
        }
        if (p.running()) {
            return null;
        }
        if (p.nodeName() == null) {
            return "Unschedulable: not scheduled yet";
        }
        NodeObject n = store.body(Kinds.node(p.nodeName()), NodeObject.class);
        if (n != null && !n.ready()) {
            return "NodeNotReady: node " + p.nodeName() + " is not ready; the Pod starts when it is";
        }
        return "ContainerCreating";
    }

    private static String secretValue(Secret s, String key) {
        if (s.getStringData() != null && s.getStringData().get(key) != null) {
            return s.getStringData().get(key);
        }
        String b64 = s.getData() == null ? null : s.getData().get(key);
        if (b64 == null) {
            return "";
        }
        try {
            return new String(Base64.getMimeDecoder().decode(b64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
