package io.kubecanvas.app.ui.canvas;

import io.kubecanvas.app.ui.edit.Selectors;
import io.kubecanvas.emulator.control.ControlPlane;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.KubeKinds;
import io.kubecanvas.model.KubeObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the scheduler would run each Pod the design does not pin: a dry run of the emulator's control
 * plane (its scheduler and the Deployment, ReplicaSet, DaemonSet and StatefulSet controllers) on the
 * design, started as the Network tab starts it (same seed, so the same Pod names and nodes). A Pod no node
 * can take is pending with the scheduler's reason.
 *
 * @param byWorkload element id of a bare Pod or a controller to the Pods the control plane made for it
 * @param rejected   element id to the API server's message, for objects the emulated API server refused
 * @param computed   false when nothing was asked (no unpinned workload) or the control plane refused the
 *                   design; the canvas then shows workloads in the "scheduler decides" zone as before
 */
public record Placement(Map<String, List<Pod>> byWorkload, Map<String, String> rejected, boolean computed) {
    /** The seed the Network tab's control plane starts with: the dry run shows what a Run will do. */
    public static final long SEED = 1;

    public static final Placement NONE = new Placement(Map.of(), Map.of(), false);

    /**
     * One Pod as the dry run placed it.
     *
     * @param node   the node it runs on, or null while pending
     * @param reason why it is pending or does not start (the scheduler's or the kubelet's words:
     *               {@code CreateContainerConfigError: configmap "cfg" not found}), or null
     */
    public record Pod(String name, String node, String reason) {
        public boolean pending() {
            return node == null;
        }

        /** Scheduled on a node, but its containers would not start there (the kubelet's reason says why). */
        public boolean notStarted() {
            return node != null && reason != null;
        }
    }

    public Placement {
        Map<String, List<Pod>> copy = new LinkedHashMap<>();
        byWorkload.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        byWorkload = java.util.Collections.unmodifiableMap(copy);
        rejected = Map.copyOf(rejected);
    }

    /** The Pods of a workload (a bare Pod has one), or an empty list when it was not placed. */
    public List<Pod> of(String elementId) {
        return byWorkload.getOrDefault(elementId, List.of());
    }

    /**
     * What a placement depends on: the objects (by identity: an edit replaces the object it changes) and
     * the nodes and network, not the layout. Equal inputs give the same placement.
     */
    public static List<Object> inputsOf(Design d) {
        List<Object> in = new ArrayList<>(d.objects());
        in.add(d.cluster().nodes());
        in.add(d.cluster().network());
        return in;
    }

    /**
     * True when the design has something for the scheduler (an unpinned Pod or a controller) or for the kubelet
     * to check (a pinned Pod whose environment comes from ConfigMaps or Secrets).
     */
    public static boolean needed(Design d) {
        for (KubeObject o : d.objects()) {
            if (o.kind() != null && o.name() != null && (Selectors.isController(o)
                    || (KubeKinds.POD.equals(o.kind()) && (o.get("spec.nodeName") == null || usesConfig(o))))) {
                return true;
            }
        }
        return false;
    }

    /** Whether a Pod's containers take values from ConfigMaps or Secrets (which the kubelet must find). */
    static boolean usesConfig(KubeObject pod) {
        String text = String.valueOf(pod.tree().get("spec"));
        return text.contains("configMapKeyRef") || text.contains("secretKeyRef") || text.contains("envFrom");
    }

    /** The dry run: the design through the control plane, each design workload's Pods and their nodes. */
    public static Placement of(Design d) {
        if (!needed(d)) {
            return NONE;
        }
        ControlPlane cp;
        try {
            cp = ControlPlane.start(d, SEED);
        } catch (RuntimeException e) {
            return NONE; // the Problems panel says what is wrong with the design
        }
        Map<String, List<Pod>> out = new LinkedHashMap<>();
        ClusterState state = cp.state();
        for (ClusterState.PodState p : state.pods()) {
            String workload = p.owner() == null ? "Pod/" + p.namespace() + "/" + p.name() : ownerId(p.namespace(), p.owner());
            if (d.find(io.kubecanvas.model.ObjectKey.parse(workload)) == null) {
                continue; // the cluster's own Pods (CoreDNS), or a ReplicaSet the design does not hold
            }
            String reason = p.node() == null ? cp.pendingReason(p.namespace(), p.name()) : p.reason();
            out.computeIfAbsent(workload, k -> new ArrayList<>()).add(new Pod(p.name(), p.node(), reason));
        }
        for (List<Pod> pods : out.values()) {
            pods.sort(java.util.Comparator.comparing(Pod::name));
        }
        Map<String, String> rejected = new LinkedHashMap<>();
        cp.rejections().forEach(r -> rejected.put(r.key().toString(), r.message()));
        return new Placement(out, rejected, true);
    }

    /** "Deployment/web" in namespace ns is the element {@code Deployment/ns/web}. */
    private static String ownerId(String namespace, String ownerHead) {
        int slash = ownerHead.indexOf('/');
        return ownerHead.substring(0, slash) + "/" + namespace + "/" + ownerHead.substring(slash + 1);
    }

    /** Every Pod placed, for tests and the status bar. */
    public List<Pod> all() {
        List<Pod> all = new ArrayList<>();
        byWorkload.values().forEach(all::addAll);
        return all;
    }
}
