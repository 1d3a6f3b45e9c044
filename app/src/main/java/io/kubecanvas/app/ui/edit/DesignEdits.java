package io.kubecanvas.app.ui.edit;

import io.kubecanvas.app.ui.document.Elements;
import io.kubecanvas.model.Cluster;
import io.kubecanvas.model.Cluster.Point;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.KubeKinds;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.ObjectKey;
import io.kubecanvas.model.Trees;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every edit a gesture can make, as a pure function of the design. A function returns the same design
 * instance when it changes nothing (so no empty command reaches the undo stack).
 */
public final class DesignEdits {
    /** The palette's name for a cluster node (not a Kubernetes object of the design). */
    public static final String WORKER_NODE = "WorkerNode";

    private DesignEdits() {
    }

    /** A design and the element id an edit created or changed. */
    public record Result(Design design, List<String> ids) {
        public String id() {
            return ids.isEmpty() ? null : ids.get(0);
        }
    }

    /** How a connection is meant. */
    public enum Link {
        /** Service to a workload, Ingress to a Service, NetworkPolicy to the Pods it applies to. */
        SELECT,
        /** NetworkPolicy: a workload allowed to send to the selected Pods (an ingress {@code from} peer). */
        ALLOW_FROM
    }

    // ---- adding -------------------------------------------------------------------------------

    /**
     * Adds what a palette item stands for at a canvas point. A Pod dropped on a node is pinned to it
     * ({@code spec.nodeName}); anywhere else it is left to the scheduler.
     */
    public static Result add(Design d, String kind, Point at, String onNode) {
        if (WORKER_NODE.equals(kind)) {
            String name = uniqueNodeName(d);
            List<Cluster.NodeSpec> nodes = new ArrayList<>(d.cluster().nodes());
            nodes.add(Cluster.NodeSpec.worker(name));
            Cluster c = d.cluster().withNodes(nodes);
            String id = Elements.node(name);
            c = c.withLayout(c.layout().with(id, at));
            return new Result(d.withCluster(c), List.of(id));
        }
        String name = uniqueName(d, kind, "default", baseName(kind));
        KubeObject o = ObjectTemplates.create(kind, name, "default");
        if (KubeKinds.POD.equals(kind) && onNode != null) {
            o = o.with("spec.nodeName", onNode);
        }
        Design out = d.add(o);
        String id = Elements.of(o);
        if (!(KubeKinds.POD.equals(kind) && onNode != null) && at != null) {
            out = place(out, id, at);
        }
        return new Result(out, List.of(id));
    }

    static String baseName(String kind) {
        return switch (kind) {
            case KubeKinds.NETWORK_POLICY -> "policy";
            case KubeKinds.INGRESS -> "ingress";
            default -> kind.toLowerCase();
        };
    }

    public static String uniqueName(Design d, String kind, String namespace, String base) {
        Set<String> taken = new HashSet<>();
        for (KubeObject o : d.objects()) {
            if (o.kind().equals(kind) && o.namespace().equals(KubeKinds.isNamespaced(kind) ? namespace : "")) {
                taken.add(o.name());
            }
        }
        for (int i = 1; ; i++) {
            String n = base + "-" + i;
            if (!taken.contains(n)) {
                return n;
            }
        }
    }

    static String uniqueNodeName(Design d) {
        for (int i = 1; ; i++) {
            String n = "worker-" + i;
            if (d.cluster().node(n) == null) {
                return n;
            }
        }
    }

    // ---- layout -------------------------------------------------------------------------------

    public static Design place(Design d, String id, Point p) {
        Cluster c = d.cluster();
        return d.withCluster(c.withLayout(c.layout().with(id, p == null ? null : round(p))));
    }

    /** Moves several elements at once (one drag is one command). */
    public static Design move(Design d, Map<String, Point> to) {
        Cluster.Layout layout = d.cluster().layout();
        for (Map.Entry<String, Point> e : to.entrySet()) {
            layout = layout.with(e.getKey(), round(e.getValue()));
        }
        return layout.equals(d.cluster().layout()) ? d : d.withCluster(d.cluster().withLayout(layout));
    }

    /** Forgets every stored position, so every element goes back to where the canvas would put it. */
    public static Design autoLayout(Design d) {
        if (d.cluster().layout().positions().isEmpty()) {
            return d;
        }
        return d.withCluster(d.cluster().withLayout(Cluster.Layout.EMPTY));
    }

    private static Point round(Point p) {
        return new Point(Math.round(p.x()), Math.round(p.y()));
    }

    /**
     * Pins a Pod to a node, or (node null) leaves it to the scheduler at {@code at}. A Pod on a node is
     * laid out by the node, so its free position is dropped.
     */
    public static Design pin(Design d, String podId, String nodeName, Point at) {
        KubeObject pod = Elements.object(d, podId);
        if (pod == null || !KubeKinds.POD.equals(pod.kind())) {
            return d;
        }
        Object current = pod.get("spec.nodeName");
        Design out = d;
        if (nodeName == null ? current != null : !nodeName.equals(current)) {
            out = out.replace(pod, pod.with("spec.nodeName", nodeName));
        }
        return place(out, podId, nodeName == null ? at : null);
    }

    // ---- connecting ---------------------------------------------------------------------------

    public static boolean canConnect(Design d, String fromId, String toId, Link link) {
        KubeObject from = Elements.object(d, fromId);
        KubeObject to = Elements.object(d, toId);
        if (from == null || to == null || from == to) {
            return false;
        }
        return switch (from.kind()) {
            case KubeKinds.SERVICE -> link == Link.SELECT && Selectors.isWorkload(to);
            case KubeKinds.INGRESS -> link == Link.SELECT && KubeKinds.SERVICE.equals(to.kind());
            case KubeKinds.NETWORK_POLICY -> Selectors.isWorkload(to);
            default -> false;
        };
    }

    /** Connects two elements; the same design when the pair cannot be connected. */
    public static Design connect(Design d, String fromId, String toId, Link link) {
        if (!canConnect(d, fromId, toId, link)) {
            return d;
        }
        KubeObject from = Elements.object(d, fromId);
        KubeObject to = Elements.object(d, toId);
        return switch (from.kind()) {
            case KubeKinds.SERVICE -> selectWorkload(d, from, to);
            case KubeKinds.INGRESS -> routeTo(d, from, to);
            default -> link == Link.SELECT ? policySelects(d, from, to) : policyAllowsFrom(d, from, to);
        };
    }

    /** The Service selects the workload's Pod labels (an {@code app} label is added to a workload without one). */
    static Design selectWorkload(Design d, KubeObject service, KubeObject workload) {
        Design out = d;
        KubeObject labelled = ensureLabels(workload);
        if (labelled != workload) {
            out = out.replace(workload, labelled);
        }
        Map<String, Object> selector = new LinkedHashMap<>(Selectors.podLabels(labelled));
        KubeObject svc = out.find(service.key());
        if (Trees.equal(svc.get("spec.selector"), selector)) {
            return out;
        }
        return out.replace(svc, svc.with("spec.selector", selector));
    }

    /** Adds a rule to the Ingress sending path / on no particular host to the Service's first port. */
    @SuppressWarnings("unchecked")
    static Design routeTo(Design d, KubeObject ingress, KubeObject service) {
        Map<String, Object> port = new LinkedHashMap<>();
        Object p = service.get("spec.ports[0].port");
        if (p instanceof Number n) {
            port.put("number", n.intValue());
        } else if (service.get("spec.ports[0].name") != null) {
            port.put("name", service.get("spec.ports[0].name"));
        } else {
            port.put("number", 80);
        }
        Map<String, Object> backend = ObjectTemplates.map("service", new LinkedHashMap<>(Map.of("name", service.name())));
        ((Map<String, Object>) backend.get("service")).put("port", port);
        Map<String, Object> path = new LinkedHashMap<>();
        path.put("path", "/");
        path.put("pathType", "Prefix");
        path.put("backend", backend);
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("http", ObjectTemplates.map("paths", new ArrayList<>(List.of(path))));
        KubeObject changed = ingress.edit(t -> {
            Map<String, Object> spec = (Map<String, Object>) t.computeIfAbsent("spec", k -> new LinkedHashMap<>());
            Object rules = spec.get("rules");
            List<Object> list = rules instanceof List<?> l ? (List<Object>) l : new ArrayList<>();
            list.add(rule);
            spec.put("rules", list);
        });
        return d.replace(ingress, changed);
    }

    static Design policySelects(Design d, KubeObject policy, KubeObject workload) {
        Design out = d;
        KubeObject labelled = ensureLabels(workload);
        if (labelled != workload) {
            out = out.replace(workload, labelled);
        }
        KubeObject pol = out.find(policy.key());
        Map<String, Object> sel = ObjectTemplates.map("matchLabels", new LinkedHashMap<>(Selectors.podLabels(labelled)));
        if (Trees.equal(pol.get("spec.podSelector"), sel)) {
            return out;
        }
        return out.replace(pol, pol.with("spec.podSelector", sel));
    }

    @SuppressWarnings("unchecked")
    static Design policyAllowsFrom(Design d, KubeObject policy, KubeObject workload) {
        Design out = d;
        KubeObject labelled = ensureLabels(workload);
        if (labelled != workload) {
            out = out.replace(workload, labelled);
        }
        KubeObject pol = out.find(policy.key());
        Map<String, Object> peer = ObjectTemplates.map("podSelector",
                ObjectTemplates.map("matchLabels", new LinkedHashMap<>(Selectors.podLabels(labelled))));
        KubeObject changed = pol.edit(t -> {
            Map<String, Object> spec = (Map<String, Object>) t.computeIfAbsent("spec", k -> new LinkedHashMap<>());
            List<Object> ingress = spec.get("ingress") instanceof List<?> l ? (List<Object>) l : new ArrayList<>();
            for (Object rule : ingress) {
                if (rule instanceof Map<?, ?> r && r.get("from") instanceof List<?> from
                        && from.stream().anyMatch(f -> Trees.equal(f, peer))) {
                    return; // already allowed
                }
            }
            ingress.add(ObjectTemplates.map("from", new ArrayList<>(List.of(peer))));
            spec.put("ingress", ingress);
            Object types = spec.get("policyTypes");
            List<Object> pt = types instanceof List<?> l ? (List<Object>) l : new ArrayList<>();
            if (!pt.contains("Ingress")) {
                pt.add("Ingress");
            }
            spec.put("policyTypes", pt);
        });
        return changed.sameContent(pol) ? out : out.replace(pol, changed);
    }

    /** The workload with an {@code app} label on its Pods when they have no label at all. */
    static KubeObject ensureLabels(KubeObject workload) {
        if (!Selectors.podLabels(workload).isEmpty()) {
            return workload;
        }
        Map<String, Object> app = new LinkedHashMap<>(Map.of("app", workload.name()));
        if (KubeKinds.POD.equals(workload.kind())) {
            return workload.with("metadata.labels", app);
        }
        return workload.edit(t -> {
            Trees.set(t, "spec.template.metadata.labels", Trees.deepCopy(app));
            Trees.set(t, "spec.selector.matchLabels", Trees.deepCopy(app));
        });
    }

    // ---- renaming, deleting, pasting ------------------------------------------------------------

    /** Renames an object or a node; references by name (Ingress backends, Pods pinned to a node) follow. */
    @SuppressWarnings("unchecked")
    public static Result rename(Design d, String id, String newName) {
        if (Elements.isNode(id)) {
            Cluster.NodeSpec n = Elements.nodeSpec(d, id);
            if (n == null || n.name().equals(newName) || d.cluster().node(newName) != null) {
                return new Result(d, List.of(id));
            }
            List<Cluster.NodeSpec> nodes = new ArrayList<>();
            for (Cluster.NodeSpec s : d.cluster().nodes()) {
                if (s == n) {
                    Map<String, String> labels = new LinkedHashMap<>(s.labels());
                    labels.computeIfPresent("kubernetes.io/hostname", (k, v) -> newName);
                    nodes.add(new Cluster.NodeSpec(newName, s.role(), labels, s.taints(), s.capacity()));
                } else {
                    nodes.add(s);
                }
            }
            Cluster c = d.cluster().withNodes(nodes);
            String newId = Elements.node(newName);
            c = c.withLayout(rekey(c.layout(), id, newId));
            Design out = d.withCluster(c);
            for (KubeObject o : out.objects(KubeKinds.POD)) {
                if (n.name().equals(o.get("spec.nodeName"))) {
                    out = out.replace(o, o.with("spec.nodeName", newName));
                }
            }
            return new Result(out, List.of(newId));
        }
        KubeObject o = Elements.object(d, id);
        if (o == null || o.name().equals(newName)) {
            return new Result(d, List.of(id));
        }
        KubeObject renamed = o.with("metadata.name", newName);
        if (d.find(renamed.key()) != null) {
            throw new IllegalArgumentException(o.kind() + " " + newName + " already exists in " + o.namespace());
        }
        Design out = d.replace(o, renamed);
        if (KubeKinds.SERVICE.equals(o.kind())) {
            for (KubeObject ing : out.objects(KubeKinds.INGRESS)) {
                if (!ing.namespace().equals(o.namespace())) {
                    continue;
                }
                KubeObject changed = ing.edit(t -> renameBackends(t, o.name(), newName));
                if (!changed.sameContent(ing)) {
                    out = out.replace(ing, changed);
                }
            }
        }
        String newId = Elements.of(renamed);
        out = out.withCluster(out.cluster().withLayout(rekey(out.cluster().layout(), id, newId)));
        return new Result(out, List.of(newId));
    }

    /** Moves an object to another namespace (blank: the default one). */
    public static Result setNamespace(Design d, String id, String namespace) {
        KubeObject o = Elements.object(d, id);
        String ns = namespace == null || namespace.isBlank() || "default".equals(namespace) ? null : namespace.strip();
        if (o == null || java.util.Objects.equals(o.declaredNamespace(), ns)
                || (ns == null && "default".equals(o.namespace()) && o.declaredNamespace() == null)) {
            return new Result(d, List.of(id));
        }
        KubeObject moved = o.with("metadata.namespace", ns);
        if (d.find(moved.key()) != null) {
            throw new IllegalArgumentException(o.kind() + " " + o.name() + " already exists in " + moved.namespace());
        }
        Design out = d.replace(o, moved);
        String newId = Elements.of(moved);
        out = out.withCluster(out.cluster().withLayout(rekey(out.cluster().layout(), id, newId)));
        return new Result(out, List.of(newId));
    }

    /** Sets a node's labels. */
    public static Design setNodeLabels(Design d, String id, Map<String, String> labels) {
        Cluster.NodeSpec n = Elements.nodeSpec(d, id);
        if (n == null || n.labels().equals(labels)) {
            return d;
        }
        List<Cluster.NodeSpec> nodes = new ArrayList<>();
        for (Cluster.NodeSpec s : d.cluster().nodes()) {
            nodes.add(s == n ? new Cluster.NodeSpec(s.name(), s.role(), labels, s.taints(), s.capacity()) : s);
        }
        return d.withCluster(d.cluster().withNodes(nodes));
    }

    @SuppressWarnings("unchecked")
    private static void renameBackends(Object tree, String from, String to) {
        if (tree instanceof Map<?, ?> m) {
            Object svc = m.get("service");
            if (svc instanceof Map<?, ?> s && from.equals(s.get("name")) && s.containsKey("port")) {
                ((Map<String, Object>) s).put("name", to);
            }
            m.values().forEach(v -> renameBackends(v, from, to));
        } else if (tree instanceof List<?> l) {
            l.forEach(v -> renameBackends(v, from, to));
        }
    }

    private static Cluster.Layout rekey(Cluster.Layout layout, String from, String to) {
        Point p = layout.positions().get(from);
        return p == null ? layout : layout.with(from, null).with(to, p);
    }

    /** Deletes objects and nodes; Pods pinned to a deleted node go back to the scheduler. */
    public static Design delete(Design d, Collection<String> ids) {
        Design out = d;
        Cluster.Layout layout = d.cluster().layout();
        List<Cluster.NodeSpec> nodes = new ArrayList<>(d.cluster().nodes());
        Set<String> removedNodes = new HashSet<>();
        for (String id : ids) {
            if (Elements.isNode(id)) {
                Cluster.NodeSpec n = Elements.nodeSpec(d, id);
                if (n != null) {
                    nodes.remove(n);
                    removedNodes.add(n.name());
                    layout = layout.with(id, null);
                }
            } else {
                KubeObject o = Elements.object(out, id);
                if (o != null) {
                    out = out.remove(o);
                    layout = layout.with(id, null);
                }
            }
        }
        for (KubeObject p : out.objects(KubeKinds.POD)) {
            if (removedNodes.contains(String.valueOf(p.get("spec.nodeName")))) {
                out = out.replace(p, p.with("spec.nodeName", null));
            }
        }
        if (out == d && removedNodes.isEmpty()) {
            return d;
        }
        return out.withCluster(out.cluster().withNodes(nodes).withLayout(layout));
    }

    /**
     * Pastes copies of objects: each gets a free name ({@code name-copy}, {@code name-copy-2}) and a position
     * shifted by {@code offset} from where the original was drawn.
     */
    public static Result paste(Design d, List<KubeObject> copied, Map<String, Point> drawnAt, Point offset) {
        Design out = d;
        List<String> ids = new ArrayList<>();
        for (KubeObject o : copied) {
            String name = o.name() + "-copy";
            String ns = o.namespace();
            int i = 2;
            while (out.find(new ObjectKey(o.kind(), ns, name)) != null) {
                name = o.name() + "-copy-" + i++;
            }
            KubeObject copy = KubeObject.of(o.tree()).with("metadata.name", name);
            out = out.add(copy);
            String id = Elements.of(copy);
            Point was = drawnAt.get(Elements.of(o));
            if (was != null && copy.get("spec.nodeName") == null) {
                out = place(out, id, new Point(was.x() + offset.x(), was.y() + offset.y()));
            }
            ids.add(id);
        }
        return new Result(out, ids);
    }
}
