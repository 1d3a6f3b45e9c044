package io.kubecanvas.emulator.control;

import io.kubecanvas.model.Cluster;

import java.util.List;

/**
 * The node lifecycle controller: a node that stopped reporting is seen NotReady once the grace period
 * (node-monitor-grace-period, 40 s by default) has passed on the virtual clock; its Pods are then
 * evicted (deleted), so that their controllers recreate them elsewhere. Bare Pods are gone for good.
 *
 * <p>Kubernetes waits a further five minutes (the not-ready toleration) before evicting; the emulator
 * evicts at the end of the grace period so the lesson fits in a short demo. Pods that do not tolerate a
 * NoExecute taint of a Ready node are evicted at once (tolerationSeconds is not modelled).
 */
final class NodeLifecycleController {
    static final String SOURCE = "node-controller";

    private final ControlContext ctx;

    NodeLifecycleController(ControlContext ctx) {
        this.ctx = ctx;
    }

    void reconcile() {
        for (NodeObject n : ctx.store.bodies(Kinds.NODE, NodeObject.class)) {
            if (n.ready()) {
                evictUntolerated(n);
                continue;
            }
            if (ctx.now < n.notReadySince() + ctx.nodeGraceMillis) {
                continue;
            }
            for (PodObject p : ctx.store.bodies(Kinds.POD, PodObject.class)) {
                // DaemonSet Pods tolerate node.kubernetes.io/unreachable: they wait for their node.
                if (n.name().equals(p.nodeName()) && !Kinds.DAEMON_SET.equals(p.ownerKind())) {
                    ctx.normal("TaintManagerEviction", p.namespace(), "pod/" + p.name(),
                            "Marking for deletion Pod " + p.key() + " (node " + n.name() + " is NotReady)", SOURCE);
                    // The kubelet is down: nothing stops containers, the API object just goes.
                    ctx.store.delete(Kinds.pod(p.namespace(), p.name()));
                }
            }
        }
    }

    /** The taint manager: Pods that do not tolerate a NoExecute taint of their node are evicted at once. */
    private void evictUntolerated(NodeObject n) {
        List<Cluster.Taint> noExecute = n.taints().stream().filter(t -> "NoExecute".equals(t.effect())).toList();
        if (noExecute.isEmpty()) {
            return;
        }
        for (PodObject p : ctx.store.bodies(Kinds.POD, PodObject.class)) {
            if (!n.name().equals(p.nodeName())) {
                continue;
            }
            for (Cluster.Taint t : noExecute) {
                if (!Scheduler.tolerates(p.spec(), t)) {
                    ctx.normal("TaintManagerEviction", p.namespace(), "pod/" + p.name(), "Marking for deletion Pod "
                            + p.key() + " (taint " + t.key() + (t.value() == null || t.value().isEmpty() ? "" : "=" + t.value())
                            + ":NoExecute on node " + n.name() + ")", SOURCE);
                    ctx.deletePod(p);
                    break;
                }
            }
        }
    }

    /** The next virtual time at which this controller has work, or Long.MAX_VALUE. */
    long nextDeadline() {
        long next = Long.MAX_VALUE;
        for (NodeObject n : ctx.store.bodies(Kinds.NODE, NodeObject.class)) {
            if (!n.ready()) {
                long due = n.notReadySince() + ctx.nodeGraceMillis;
                if (due > ctx.now && hasPods(n.name())) {
                    next = Math.min(next, due);
                }
            }
        }
        return next;
    }

    private boolean hasPods(String node) {
        for (PodObject p : ctx.store.bodies(Kinds.POD, PodObject.class)) {
            if (node.equals(p.nodeName()) && !Kinds.DAEMON_SET.equals(p.ownerKind())) {
                return true;
            }
        }
        return false;
    }
}
