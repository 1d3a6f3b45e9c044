package io.kubecanvas.emulator.control;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.kubecanvas.model.Cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DaemonSet to Pods: one Pod per node whose labels match the template's node selector and affinity and
 * whose NoSchedule/NoExecute taints the template tolerates. The Pod is bound to its node at creation
 * (Kubernetes lets the scheduler bind it through node affinity; the result is the same). DaemonSet Pods
 * tolerate an unreachable node, so they are not evicted when a node stops. A changed template replaces
 * the Pods; Pods of a deleted DaemonSet or on a node that no longer admits them are deleted.
 */
final class DaemonSetController {
    static final String SOURCE = "daemonset-controller";

    private final ControlContext ctx;

    DaemonSetController(ControlContext ctx) {
        this.ctx = ctx;
    }

    void reconcile() {
        ObjectStore store = ctx.store;
        Map<String, List<PodObject>> owned = new HashMap<>();
        for (PodObject p : store.bodies(Kinds.POD, PodObject.class)) {
            if (Kinds.DAEMON_SET.equals(p.ownerKind())) {
                owned.computeIfAbsent(p.namespace() + "/" + p.ownerName(), k -> new ArrayList<>()).add(p);
            }
        }
        List<NodeObject> nodes = store.bodies(Kinds.NODE, NodeObject.class);
        for (DaemonSetObject ds : store.bodies(Kinds.DAEMON_SET, DaemonSetObject.class)) {
            List<PodObject> pods = owned.remove(ds.namespace() + "/" + ds.name());
            Set<String> covered = new HashSet<>();
            PodSpec spec = ds.template().getSpec() == null ? new PodSpec() : ds.template().getSpec();
            for (PodObject p : pods == null ? List.<PodObject>of() : pods) {
                NodeObject n = store.body(Kinds.node(p.nodeName()), NodeObject.class);
                boolean current = ds.templateHash().equals(p.labels().get("controller-revision-hash"));
                if (n == null || !admits(n, spec) || !current || !covered.add(p.nodeName())) {
                    ctx.deletePod(p);
                    ctx.normal("SuccessfulDelete", ds.namespace(), "daemonset/" + ds.name(), "Deleted pod: " + p.name(), SOURCE);
                }
            }
            for (NodeObject n : nodes) {
                if (covered.contains(n.name()) || !admits(n, spec)) {
                    continue;
                }
                String name = freeName(ds);
                Map<String, String> labels = new LinkedHashMap<>();
                if (ds.template().getMetadata() != null && ds.template().getMetadata().getLabels() != null) {
                    labels.putAll(ds.template().getMetadata().getLabels());
                }
                labels.put("controller-revision-hash", ds.templateHash());
                PodSpec bound = new PodSpecBuilder(spec).withNodeName(n.name()).build();
                store.put(Kinds.pod(ds.namespace(), name), PodObject.create(ds.namespace(), name, labels, bound,
                        Kinds.DAEMON_SET, ds.name(), "DaemonSet/" + ds.name(), ctx.now));
                ctx.normal("SuccessfulCreate", ds.namespace(), "daemonset/" + ds.name(), "Created pod: " + name, SOURCE);
            }
        }
        for (List<PodObject> orphans : owned.values()) {
            orphans.forEach(ctx::deletePod);
        }
    }

    private static boolean admits(NodeObject n, PodSpec spec) {
        if (!Scheduler.matchesNodeSelector(spec, n.labels())) {
            return false;
        }
        for (Cluster.Taint t : n.taints()) {
            if (("NoSchedule".equals(t.effect()) || "NoExecute".equals(t.effect())) && !Scheduler.tolerates(spec, t)) {
                return false;
            }
        }
        return true;
    }

    private String freeName(DaemonSetObject ds) {
        while (true) {
            String name = ds.name() + "-" + PodTemplateHash.suffix(ctx.podNames);
            if (ctx.store.get(Kinds.pod(ds.namespace(), name)) == null) {
                return name;
            }
        }
    }
}
