package io.kubecanvas.emulator.control;

import io.kubecanvas.model.net.LabelSelectors;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.kubecanvas.model.Cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The default scheduler, reduced to what decides placement in small clusters. Filters: the node is Ready,
 * matches {@code nodeSelector} and required node affinity, every NoSchedule/NoExecute taint is tolerated,
 * the Pod's host ports (hostPort, or all ports of a host-network Pod) are free there, and its requests
 * fit the node's capacity (cpu, memory, pods) next to the Pods already there.
 * Score: fewest untolerated PreferNoSchedule taints, then fewest Pods of the same owner (spreading
 * replicas), then fewest Pods, then the node name. Pods with {@code spec.nodeName} skip the scheduler, as
 * they do in Kubernetes. Pending Pods are taken in creation order; a Pod that fits nowhere keeps a
 * {@code FailedScheduling} reason in the scheduler's words ("0/3 nodes are available: ...").
 */
final class Scheduler {
    static final String SOURCE = "default-scheduler";
    static final String UNREACHABLE_TAINT = "node.kubernetes.io/unreachable";

    private final ControlContext ctx;

    Scheduler(ControlContext ctx) {
        this.ctx = ctx;
    }

    private static final class NodeLoad {
        final NodeObject node;
        Resources used = Resources.ZERO;
        final Map<String, Integer> perOwner = new HashMap<>();
        final java.util.Set<String> hostPorts = new java.util.HashSet<>();

        NodeLoad(NodeObject node) {
            this.node = node;
        }
    }

    void reconcile() {
        ObjectStore store = ctx.store;
        List<PodObject> pending = new ArrayList<>();
        Map<String, NodeLoad> loads = new TreeMap<>();
        for (NodeObject n : store.bodies(Kinds.NODE, NodeObject.class)) {
            loads.put(n.name(), new NodeLoad(n));
        }
        for (PodObject p : store.bodies(Kinds.POD, PodObject.class)) {
            if (p.nodeName() == null) {
                pending.add(p);
                continue;
            }
            NodeLoad l = loads.get(p.nodeName());
            if (l != null) {
                l.used = l.used.plus(p.requests());
                l.hostPorts.addAll(hostPorts(p));
                if (p.ownerHead() != null) {
                    l.perOwner.merge(p.namespace() + "/" + p.ownerHead(), 1, Integer::sum);
                }
            }
        }
        if (pending.isEmpty()) {
            return;
        }
        pending.sort(Comparator.comparingLong((PodObject p) -> store.get(Kinds.pod(p.namespace(), p.name())).creationVersion()));
        for (PodObject pod : pending) {
            String owner = pod.ownerHead() == null ? null : pod.namespace() + "/" + pod.ownerHead();
            NodeLoad best = null;
            Map<String, Integer> reasons = new TreeMap<>();
            for (NodeLoad l : loads.values()) {
                String why = unfit(pod, l);
                if (why != null) {
                    reasons.merge(why, 1, Integer::sum);
                } else if (best == null || compare(pod, owner, l, best) < 0) {
                    best = l;
                }
            }
            if (best == null) {
                String reason = loads.isEmpty() ? "no nodes available to schedule pods" : "0/" + loads.size() + " nodes are available" + (reasons.isEmpty() ? "." : ": "
                        + String.join(", ", reasons.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                        .sorted().toList()) + ".");
                if (!reason.equals(pod.pendingReason())) {
                    store.put(Kinds.pod(pod.namespace(), pod.name()), pod.pending(reason));
                    ctx.warning("FailedScheduling", pod.namespace(), "pod/" + pod.name(), reason, SOURCE);
                }
                continue;
            }
            store.put(Kinds.pod(pod.namespace(), pod.name()), pod.bound(best.node.name()));
            best.used = best.used.plus(pod.requests());
            best.hostPorts.addAll(hostPorts(pod));
            if (owner != null) {
                best.perOwner.merge(owner, 1, Integer::sum);
            }
            ctx.normal("Scheduled", pod.namespace(), "pod/" + pod.name(), "Successfully assigned " + pod.key()
                    + " to " + best.node.name(), SOURCE);
        }
    }

    private static int compare(PodObject pod, String owner, NodeLoad a, NodeLoad b) {
        int c = Integer.compare(preferNoSchedule(pod, a.node), preferNoSchedule(pod, b.node));
        if (c != 0) {
            return c;
        }
        if (owner != null) {
            c = Integer.compare(a.perOwner.getOrDefault(owner, 0), b.perOwner.getOrDefault(owner, 0));
            if (c != 0) {
                return c;
            }
        }
        c = Long.compare(a.used.pods(), b.used.pods());
        return c != 0 ? c : a.node.name().compareTo(b.node.name());
    }

    /** Why the Pod cannot go to this node, in the scheduler's words, or null when it fits. */
    private static String unfit(PodObject pod, NodeLoad l) {
        NodeObject n = l.node;
        PodSpec spec = pod.spec();
        if (!n.ready() && !tolerates(spec, new Cluster.Taint(UNREACHABLE_TAINT, "", "NoSchedule"))) {
            return "node(s) had untolerated taint {" + UNREACHABLE_TAINT + ": }";
        }
        if (!n.ready()) {
            return "node(s) were not ready";
        }
        if (!matchesNodeSelector(spec, n.labels())) {
            return "node(s) didn't match Pod's node affinity/selector";
        }
        for (Cluster.Taint t : n.taints()) {
            if (("NoSchedule".equals(t.effect()) || "NoExecute".equals(t.effect())) && !tolerates(spec, t)) {
                return "node(s) had untolerated taint {" + t.key() + ": " + (t.value() == null ? "" : t.value()) + "}";
            }
        }
        for (String hp : hostPorts(pod)) {
            if (l.hostPorts.contains(hp)) {
                return "node(s) didn't have free ports for the requested pod ports";
            }
        }
        Resources want = l.used.plus(pod.requests());
        if (want.pods() > n.capacity().pods()) {
            return "Too many pods";
        }
        if (want.milliCpu() > n.capacity().milliCpu()) {
            return "Insufficient cpu";
        }
        if (want.memoryBytes() > n.capacity().memoryBytes()) {
            return "Insufficient memory";
        }
        return null;
    }

    /** The node ports a Pod takes: its hostPorts, or every container port of a host-network Pod. */
    static List<String> hostPorts(PodObject pod) {
        List<String> out = new ArrayList<>();
        if (pod.spec().getContainers() == null) {
            return out;
        }
        for (var c : pod.spec().getContainers()) {
            if (c.getPorts() == null) {
                continue;
            }
            for (var p : c.getPorts()) {
                Integer port = p.getHostPort() != null && p.getHostPort() > 0 ? p.getHostPort()
                        : pod.hostNetwork() ? p.getContainerPort() : null;
                if (port != null) {
                    out.add((p.getProtocol() == null ? "TCP" : p.getProtocol()) + "/" + port);
                }
            }
        }
        return out;
    }

    static boolean matchesNodeSelector(PodSpec spec, Map<String, String> nodeLabels) {
        if (spec.getNodeSelector() != null && !LabelSelectors.hasEveryPair(spec.getNodeSelector(), nodeLabels)) {
            return false;
        }
        var affinity = spec.getAffinity() == null ? null : spec.getAffinity().getNodeAffinity();
        var required = affinity == null ? null : affinity.getRequiredDuringSchedulingIgnoredDuringExecution();
        if (required == null || required.getNodeSelectorTerms() == null || required.getNodeSelectorTerms().isEmpty()) {
            return true;
        }
        // Terms are ORed; the expressions of one term are ANDed.
        for (NodeSelectorTerm term : required.getNodeSelectorTerms()) {
            boolean all = true;
            if (term.getMatchExpressions() != null) {
                for (NodeSelectorRequirement r : term.getMatchExpressions()) {
                    all &= LabelSelectors.requirement(r.getKey(), r.getOperator(), r.getValues(), nodeLabels);
                }
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    static boolean tolerates(PodSpec spec, Cluster.Taint taint) {
        if (spec.getTolerations() == null) {
            return false;
        }
        for (Toleration t : spec.getTolerations()) {
            if (t.getEffect() != null && !t.getEffect().isEmpty() && !t.getEffect().equals(taint.effect())) {
                continue;
            }
            if ("Exists".equals(t.getOperator())) {
                if (t.getKey() == null || t.getKey().isEmpty() || t.getKey().equals(taint.key())) {
                    return true;
                }
            } else if (taint.key().equals(t.getKey())
                    && (t.getValue() == null ? "" : t.getValue()).equals(taint.value() == null ? "" : taint.value())) {
                return true;
            }
        }
        return false;
    }

    private static int preferNoSchedule(PodObject pod, NodeObject n) {
        int count = 0;
        for (Cluster.Taint t : n.taints()) {
            if ("PreferNoSchedule".equals(t.effect()) && !tolerates(pod.spec(), t)) {
                count++;
            }
        }
        return count;
    }
}
