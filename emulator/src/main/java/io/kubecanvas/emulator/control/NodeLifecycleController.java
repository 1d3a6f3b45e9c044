package io.kubecanvas.emulator.control;

/**
 * The node lifecycle controller: a node that stopped reporting is seen NotReady once the grace period
 * (node-monitor-grace-period, 40 s by default) has passed on the virtual clock; its Pods are then
 * evicted (deleted), so that their controllers recreate them elsewhere. Bare Pods are gone for good.
 *
 * <p>Kubernetes waits a further five minutes (the not-ready toleration) before evicting; the emulator
 * evicts at the end of the grace period so the lesson fits in a short demo.
 */
final class NodeLifecycleController {
    static final String SOURCE = "node-controller";

    private final ControlContext ctx;

    NodeLifecycleController(ControlContext ctx) {
        this.ctx = ctx;
    }

    void reconcile() {
        for (NodeObject n : ctx.store.bodies(Kinds.NODE, NodeObject.class)) {
            if (n.ready() || ctx.now < n.notReadySince() + ctx.nodeGraceMillis) {
                continue;
            }
            for (PodObject p : ctx.store.bodies(Kinds.POD, PodObject.class)) {
                if (n.name().equals(p.nodeName())) {
                    ctx.normal("TaintManagerEviction", p.namespace(), "pod/" + p.name(),
                            "Marking for deletion Pod " + p.key() + " (node " + n.name() + " is NotReady)", SOURCE);
                    // The kubelet is down: nothing stops containers, the API object just goes.
                    ctx.store.delete(Kinds.pod(p.namespace(), p.name()));
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
            if (node.equals(p.nodeName())) {
                return true;
            }
        }
        return false;
    }
}
