package io.kubecanvas.app.ui.canvas;

import io.kubecanvas.app.ui.document.Elements;
import io.kubecanvas.app.ui.edit.DesignEdits;
import io.kubecanvas.app.ui.edit.Selectors;
import io.kubecanvas.model.Cluster;
import io.kubecanvas.model.Cluster.Point;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.KubeKinds;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.ObjectKey;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the canvas draws, computed from a design: boxes (nodes with their kubelet, kube-proxy and runtime,
 * Pods inside the node they are pinned to, Deployments holding one Pod per replica, Services, Ingresses,
 * NetworkPolicies) and edges computed from selectors and references, never stored.
 *
 * <p>Stored layout positions win; anything without one gets a default place in rows: nodes first, then
 * workloads the scheduler places, then Services, Ingresses, NetworkPolicies and the rest.
 *
 * <p>With a {@link Placement} (the scheduler's dry run) the Pods the design does not pin are drawn in the
 * node the scheduler chose, marked {@link Mark#SCHEDULED}; a Pod no node takes stays outside, marked
 * {@link Mark#PENDING} with the scheduler's reason.
 */
public final class ClusterPicture {

    /** What a box is; it decides how it is painted and what a gesture on it does. */
    public enum Shape {
        CONTROL_PLANE, NODE, COMPONENT, POD, DEPLOYMENT, REPLICA, SERVICE, INGRESS, POLICY, NAMESPACE, OTHER, ZONE
    }

    /** What an edge means. */
    public enum EdgeKind {
        /** A Service's selector picks the workload. */
        SELECTS,
        /** An Ingress rule sends a host and path to a Service. */
        ROUTES,
        /** A NetworkPolicy's podSelector picks the workload. */
        APPLIES,
        /** A peer workload a NetworkPolicy allows in (drawn dashed, from the peer). */
        ALLOWS
    }

    /** How a Pod got where it is drawn: pinned by the design (or not a Pod), placed by the scheduler, or pending. */
    public enum Mark { NONE, SCHEDULED, PENDING }

    /**
     * A rectangle in canvas coordinates. {@code parent} is the id of the box it sits in, or null;
     * {@code owner} the element a click selects when not the box itself (a replica's Deployment);
     * {@code note} what the box says on hover (where the scheduler put it and why), or null.
     */
    public record Box(String id, Shape shape, String title, String subtitle, double x, double y, double w, double h,
                      String parent, String owner, Mark mark, String note) {
        public Box(String id, Shape shape, String title, String subtitle, double x, double y, double w, double h,
                   String parent) {
            this(id, shape, title, subtitle, x, y, w, h, parent, null, Mark.NONE, null);
        }

        /** The same box elsewhere (a drag in progress). */
        public Box movedBy(double dx, double dy) {
            return new Box(id, shape, title, subtitle, x + dx, y + dy, w, h, parent, owner, mark, note);
        }

        public boolean contains(double px, double py) {
            return px >= x && px <= x + w && py >= y && py <= y + h;
        }

        public double cx() {
            return x + w / 2;
        }

        public double cy() {
            return y + h / 2;
        }

        /** True for what a click selects (not the zone, not the small components). */
        public boolean selectable() {
            return shape != Shape.ZONE && shape != Shape.COMPONENT;
        }

        /** The element a click on this box selects: a replica selects its Deployment. */
        public String elementId() {
            return owner != null ? owner : shape == Shape.REPLICA ? parent : id;
        }
    }

    public record Edge(String from, String to, EdgeKind kind, String label) {
    }

    /** A connector handle: dragging from it connects {@code id} in the way {@code link} says. */
    public record Handle(String id, DesignEdits.Link link, double x, double y) {
    }

    public static final double MARGIN = 40;
    public static final double GAP = 40;
    public static final double ROW_WIDTH = 2400;
    public static final double CHIP_W = 140;
    public static final double CHIP_H = 38;
    public static final double POD_W = 132;
    public static final double POD_H = 32;
    public static final double HANDLE_R = 7;
    public static final int MAX_REPLICAS_DRAWN = 12;

    private final List<Box> boxes;
    private final Map<String, Box> byId;
    private final List<Edge> edges;
    private final double minX;
    private final double minY;
    private final double maxX;
    private final double maxY;

    private ClusterPicture(List<Box> boxes, List<Edge> edges) {
        this.boxes = List.copyOf(boxes);
        this.edges = List.copyOf(edges);
        Map<String, Box> m = new HashMap<>();
        double x0 = Double.MAX_VALUE;
        double y0 = Double.MAX_VALUE;
        double x1 = -Double.MAX_VALUE;
        double y1 = -Double.MAX_VALUE;
        for (Box b : boxes) {
            m.putIfAbsent(b.id(), b);
            x0 = Math.min(x0, b.x());
            y0 = Math.min(y0, b.y());
            x1 = Math.max(x1, b.x() + b.w());
            y1 = Math.max(y1, b.y() + b.h());
        }
        byId = m;
        if (boxes.isEmpty()) {
            x0 = 0;
            y0 = 0;
            x1 = 800;
            y1 = 600;
        }
        minX = x0;
        minY = y0;
        maxX = x1;
        maxY = y1;
    }

    public List<Box> boxes() {
        return boxes;
    }

    public List<Edge> edges() {
        return edges;
    }

    public Box box(String id) {
        return byId.get(id);
    }

    public double minX() {
        return minX;
    }

    public double minY() {
        return minY;
    }

    public double maxX() {
        return maxX;
    }

    public double maxY() {
        return maxY;
    }

    /** The topmost selectable box at a point, or null. */
    public Box hit(double x, double y) {
        for (int i = boxes.size() - 1; i >= 0; i--) {
            Box b = boxes.get(i);
            if (b.selectable() && b.contains(x, y)) {
                return b;
            }
        }
        return null;
    }

    /** The node box (worker or control plane) at a point, or null. */
    public Box nodeAt(double x, double y) {
        for (Box b : boxes) {
            if ((b.shape() == Shape.NODE || b.shape() == Shape.CONTROL_PLANE) && b.contains(x, y)) {
                return b;
            }
        }
        return null;
    }

    public List<Handle> handles(Box b) {
        return switch (b.shape()) {
            case SERVICE, INGRESS -> List.of(new Handle(b.id(), DesignEdits.Link.SELECT, b.x() + b.w(), b.cy()));
            case POLICY -> List.of(new Handle(b.id(), DesignEdits.Link.SELECT, b.x() + b.w(), b.cy()),
                    new Handle(b.id(), DesignEdits.Link.ALLOW_FROM, b.x(), b.cy()));
            default -> List.of();
        };
    }

    /** The connector handle within reach of a point, or null. */
    public Handle handleAt(double x, double y, double reach) {
        for (int i = boxes.size() - 1; i >= 0; i--) {
            for (Handle h : handles(boxes.get(i))) {
                if (Math.hypot(h.x() - x, h.y() - y) <= reach) {
                    return h;
                }
            }
        }
        return null;
    }

    // ---- computing the picture ---------------------------------------------------------------

    public static ClusterPicture of(Design d) {
        return of(d, Placement.NONE);
    }

    /** The picture with the Pods the design does not pin drawn where the scheduler's dry run put them. */
    public static ClusterPicture of(Design d, Placement placement) {
        return new Builder(d, placement).build();
    }

    /** The default size of a new element of a palette kind (to centre it under the pointer). */
    public static double[] sizeOf(String kind) {
        return switch (kind) {
            case KubeKinds.POD -> new double[]{POD_W, POD_H};
            case KubeKinds.DEPLOYMENT -> new double[]{220, 80};
            case KubeKinds.SERVICE -> new double[]{190, 56};
            case KubeKinds.INGRESS, KubeKinds.NETWORK_POLICY -> new double[]{210, 56};
            case KubeKinds.NAMESPACE -> new double[]{170, 40};
            case DesignEdits.WORKER_NODE -> new double[]{280, 150};
            default -> new double[]{180, 44};
        };
    }

    /** A Pod drawn inside a node: pinned there by the design, or placed there by the scheduler. */
    private record Chip(String id, Shape shape, String title, String subtitle, String owner, Mark mark, String note) {
    }

    private static final class Builder {
        private final Design d;
        private final Placement placement;
        private final Map<String, Point> stored;
        private final List<Box> back = new ArrayList<>();
        private final List<Box> front = new ArrayList<>();
        private final List<Edge> edges = new ArrayList<>();
        private double cursorY = MARGIN;

        Builder(Design d, Placement placement) {
            this.d = d;
            this.placement = placement;
            this.stored = d.cluster().layout().positions();
        }

        ClusterPicture build() {
            List<KubeObject> objects = d.objects();
            Map<String, List<Chip>> onNode = new LinkedHashMap<>();
            Map<String, List<KubeObject>> podsOnNode = new LinkedHashMap<>();
            List<KubeObject> workloads = new ArrayList<>();
            List<KubeObject> placedPods = new ArrayList<>();
            List<KubeObject> services = new ArrayList<>();
            List<KubeObject> ingresses = new ArrayList<>();
            List<KubeObject> policies = new ArrayList<>();
            List<KubeObject> rest = new ArrayList<>();
            for (KubeObject o : objects) {
                if (o.kind() == null || o.name() == null) {
                    continue;
                }
                switch (o.kind()) {
                    case KubeKinds.POD -> {
                        Object node = o.get("spec.nodeName");
                        Placement.Pod placed = scheduledPod(o);
                        Placement.Pod stuck = notStarted(o);
                        if (node != null && d.cluster().node(String.valueOf(node)) != null) {
                            podsOnNode.computeIfAbsent(String.valueOf(node), k -> new ArrayList<>()).add(o);
                            onNode.computeIfAbsent(String.valueOf(node), k -> new ArrayList<>()).add(stuck != null
                                    ? notStartedChip(Elements.of(o), Shape.POD, o.name(), null, stuck)
                                    : new Chip(Elements.of(o), Shape.POD, o.name(), image(o, "spec"), null, Mark.NONE, null));
                        } else if (node == null && placed != null) {
                            placedPods.add(o);
                            onNode.computeIfAbsent(placed.node(), k -> new ArrayList<>()).add(placed.notStarted()
                                    ? notStartedChip(Elements.of(o), Shape.POD, o.name(), null, placed)
                                    : new Chip(Elements.of(o),
                                    Shape.POD, o.name(), scheduledSubtitle(image(o, "spec")), null, Mark.SCHEDULED,
                                    scheduledNote(o.name(), placed.node()) + "\nDrop it on a node to pin it there."));
                        } else {
                            workloads.add(o);
                        }
                    }
                    case KubeKinds.SERVICE -> services.add(o);
                    case KubeKinds.INGRESS -> ingresses.add(o);
                    case KubeKinds.NETWORK_POLICY -> policies.add(o);
                    default -> {
                        if (Selectors.isController(o)) {
                            workloads.add(o);
                            replicasOnNodes(o, onNode);
                        } else {
                            rest.add(o);
                        }
                    }
                }
            }
            nodes(onNode);
            List<Box> workloadBoxes = row(workloads, this::workloadBox);
            if (!workloadBoxes.isEmpty() && !placement.computed()) {
                zone(workloadBoxes);
            }
            row(services, o -> sized(o, Shape.SERVICE, serviceSubtitle(o)));
            row(ingresses, o -> sized(o, Shape.INGRESS, ingressSubtitle(o)));
            row(policies, o -> sized(o, Shape.POLICY, policySubtitle(o)));
            row(rest, o -> sized(o, KubeKinds.NAMESPACE.equals(o.kind()) ? Shape.NAMESPACE : Shape.OTHER,
                    KubeKinds.NAMESPACE.equals(o.kind()) ? "Namespace" : o.kind()));
            List<KubeObject> selectable = new ArrayList<>(workloads);
            selectable.addAll(placedPods);
            edges(objects, selectable, podsOnNode, services, ingresses, policies);
            List<Box> all = new ArrayList<>(back);
            all.addAll(front);
            return new ClusterPicture(all, edges);
        }

        // -- the scheduler's dry run --

        /** The node the scheduler put an unpinned bare Pod on, or null (pending, or no dry run). */
        private Placement.Pod scheduledPod(KubeObject pod) {
            List<Placement.Pod> placed = placement.of(Elements.of(pod));
            return placed.size() == 1 && !placed.get(0).pending() && d.cluster().node(placed.get(0).node()) != null
                    ? placed.get(0) : null;
        }

        /** A bare Pod the dry run put on a node whose containers would not start there, or null. */
        private Placement.Pod notStarted(KubeObject pod) {
            List<Placement.Pod> placed = placement.of(Elements.of(pod));
            return placed.size() == 1 && placed.get(0).notStarted() ? placed.get(0) : null;
        }

        /**
         * A Pod on its node that would not start there: marked pending, its reason (CreateContainerConfigError)
         * as the subtitle, the kubelet's whole message as the note (the tooltip).
         */
        private static Chip notStartedChip(String id, Shape shape, String title, String owner, Placement.Pod p) {
            String reason = p.reason();
            int colon = reason.indexOf(": ");
            return new Chip(id, shape, title, colon > 0 ? reason.substring(0, colon) : reason, owner, Mark.PENDING,
                    p.name() + " is Pending on " + p.node() + ": " + reason);
        }

        /** A controller's scheduled Pods as chips on their nodes (at most MAX_REPLICAS_DRAWN). */
        private void replicasOnNodes(KubeObject o, Map<String, List<Chip>> onNode) {
            String id = Elements.of(o);
            String img = image(o, "spec.template.spec");
            int drawn = 0;
            for (Placement.Pod p : placement.of(id)) {
                if (p.pending() || d.cluster().node(p.node()) == null || drawn >= MAX_REPLICAS_DRAWN) {
                    continue;
                }
                drawn++;
                if (p.notStarted()) {
                    onNode.computeIfAbsent(p.node(), k -> new ArrayList<>()).add(notStartedChip(id + "#" + p.name(),
                            Shape.REPLICA, p.name(), id, p));
                    continue;
                }
                onNode.computeIfAbsent(p.node(), k -> new ArrayList<>()).add(new Chip(id + "#" + p.name(), Shape.REPLICA,
                        p.name(), scheduledSubtitle(img), id, Mark.SCHEDULED, scheduledNote(p.name(), p.node())
                                + "\nIt belongs to " + o.kind() + " " + o.name() + "; pin its Pods with a nodeSelector."));
            }
        }

        /** "scheduled" is what a chip on a node must say; the image follows when there is room. */
        private static String scheduledSubtitle(String image) {
            return image.isEmpty() ? "scheduled" : "scheduled \u00b7 " + image;
        }

        private static String scheduledNote(String pod, String node) {
            return pod + " is scheduled on " + node + ": the scheduler's choice for this design (a dry run of the "
                    + "control plane the Network tab runs).";
        }

        // -- nodes: control plane and workers, Pods inside --

        private void nodes(Map<String, List<Chip>> onNode) {
            double x = MARGIN;
            double rowH = 0;
            for (Cluster.NodeSpec n : d.cluster().nodes()) {
                List<Chip> pods = onNode.getOrDefault(n.name(), List.of());
                boolean cp = n.isControlPlane();
                int cols = pods.size() <= 2 ? 2 : (int) Math.min(6, Math.ceil(Math.sqrt(pods.size())));
                int rows = Math.max(1, (int) Math.ceil(pods.size() / (double) cols));
                double header = cp ? 128 : 72;
                double w = Math.max(cp ? 290 : 280, cols * CHIP_W + 16);
                double h = header + rows * CHIP_H + 12;
                String id = Elements.node(n.name());
                if (x > MARGIN && x + w > ROW_WIDTH) {
                    x = MARGIN;
                    cursorY += rowH + GAP;
                    rowH = 0;
                }
                Point p = stored.get(id);
                double bx = p != null ? p.x() : x;
                double by = p != null ? p.y() : cursorY;
                back.add(new Box(id, cp ? Shape.CONTROL_PLANE : Shape.NODE, n.name(),
                        cp ? "control plane" : "worker node", bx, by, w, h, null));
                if (cp) {
                    String[] parts = {"API server", "scheduler", "controller manager", "etcd"};
                    double cw = (w - 24) / 2;
                    for (int i = 0; i < parts.length; i++) {
                        back.add(new Box(id + "#" + parts[i], Shape.COMPONENT, parts[i], null,
                                bx + 8 + (i % 2) * (cw + 8), by + 42 + (i / 2) * 30, cw, 24, id));
                    }
                    back.add(new Box(id + "#kubelet", Shape.COMPONENT, "kubelet", null, bx + 8, by + 104,
                            (w - 32) / 3, 18, id));
                } else {
                    String[] parts = {"kubelet", "kube-proxy", "container runtime"};
                    double cw = (w - 32) / 3;
                    for (int i = 0; i < parts.length; i++) {
                        back.add(new Box(id + "#" + parts[i], Shape.COMPONENT, parts[i], null,
                                bx + 8 + i * (cw + 8), by + 42, cw, 20, id));
                    }
                }
                for (int i = 0; i < pods.size(); i++) {
                    Chip c = pods.get(i);
                    front.add(new Box(c.id(), c.shape(), c.title(), c.subtitle(), bx + 8 + (i % cols) * CHIP_W,
                            by + header + (i / cols) * CHIP_H, POD_W, POD_H, id, c.owner(), c.mark(), c.note()));
                }
                x += w + GAP;
                rowH = Math.max(rowH, h);
            }
            cursorY += rowH + GAP * 1.5;
        }

        // -- free elements in rows --

        private interface Sizer {
            Box at(KubeObject o, double x, double y);
        }

        private List<Box> row(List<KubeObject> objects, Sizer sizer) {
            if (objects.isEmpty()) {
                return List.of();
            }
            double x = MARGIN + 16;
            double rowH = 0;
            double y = cursorY;
            List<Box> out = new ArrayList<>();
            for (KubeObject o : objects) {
                String id = Elements.of(o);
                Box probe = sizer.at(o, 0, 0);
                if (x > MARGIN + 16 && x + probe.w() > ROW_WIDTH) {
                    x = MARGIN + 16;
                    y += rowH + GAP;
                    rowH = 0;
                }
                Point p = stored.get(id);
                boolean placed = p != null;
                Box b = sizer.at(o, placed ? p.x() : x, placed ? p.y() : y);
                front.add(b);
                out.add(b);
                addChildren(o, b);
                if (!placed) {
                    x += b.w() + GAP;
                    rowH = Math.max(rowH, b.h());
                }
            }
            cursorY = y + rowH + GAP * 1.5;
            return out;
        }

        private Box workloadBox(KubeObject o, double x, double y) {
            String id = Elements.of(o);
            String rejected = placement.rejected().get(id);
            if (KubeKinds.POD.equals(o.kind())) {
                Object node = o.get("spec.nodeName");
                List<Placement.Pod> placed = placement.of(id);
                if (node == null && placement.computed() && (rejected != null || !placed.isEmpty())) {
                    String why = rejected != null ? "not accepted: " + rejected : "Pending: " + placed.get(0).reason();
                    return new Box(id, Shape.POD, o.name(), why, x, y, POD_W, POD_H, null, null, Mark.PENDING,
                            o.name() + (rejected != null ? " is not accepted by the API server: " + rejected
                                    : " is pending: " + placed.get(0).reason()));
                }
                return new Box(id, Shape.POD, o.name(),
                        node != null ? "node " + node + " missing" : image(o, "spec"), x, y, POD_W, POD_H, null);
            }
            int replicas = replicas(o);
            if (placement.computed()) {
                return placedWorkloadBox(o, id, replicas, rejected, x, y);
            }
            int drawn = Math.min(replicas, MAX_REPLICAS_DRAWN);
            int cols = Math.max(1, Math.min(drawn, 3));
            int rows = Math.max(1, (int) Math.ceil(drawn / (double) cols));
            double w = Math.max(220, cols * CHIP_W + 16);
            double h = 40 + rows * CHIP_H + 6;
            return new Box(id, Shape.DEPLOYMENT, o.name(), o.kind() + " \u00b7 " + replicas
                    + (replicas == 1 ? " replica" : " replicas"), x, y, w, h, null);
        }

        /** A controller whose scheduled Pods are on the nodes: the box holds only its pending ones. */
        private Box placedWorkloadBox(KubeObject o, String id, int replicas, String rejected, double x, double y) {
            List<Placement.Pod> pods = placement.of(id);
            long pending = pods.stream().filter(Placement.Pod::pending).count();
            int drawn = (int) Math.min(pending, MAX_REPLICAS_DRAWN);
            int cols = Math.max(1, Math.min(drawn, 3));
            int rows = drawn == 0 ? 0 : (int) Math.ceil(drawn / (double) cols);
            double w = Math.max(220, cols * CHIP_W + 16);
            double h = drawn == 0 ? 56 : 40 + rows * CHIP_H + 6;
            int count = KubeKinds.DEPLOYMENT.equals(o.kind()) || o.get("spec.replicas") != null ? replicas : pods.size();
            String subtitle;
            String note = null;
            Mark mark = Mark.NONE;
            if (rejected != null) {
                subtitle = o.kind() + " \u00b7 not accepted";
                note = o.kind() + " " + o.name() + " is not accepted by the API server: " + rejected;
                mark = Mark.PENDING;
            } else if (pending > 0) {
                subtitle = o.kind() + " \u00b7 " + count + (count == 1 ? " Pod, " : " Pods, ") + pending + " pending";
                note = pending + " of " + o.name() + "'s Pods are pending: " + pods.stream().filter(Placement.Pod::pending)
                        .map(Placement.Pod::reason).findFirst().orElse("");
                mark = Mark.PENDING;
            } else {
                subtitle = o.kind() + " \u00b7 " + count + (count == 1 ? " Pod" : " Pods") + " on the nodes";
            }
            return new Box(id, Shape.DEPLOYMENT, o.name(), subtitle, x, y, w, h, null, null, mark, note);
        }

        private void addChildren(KubeObject o, Box b) {
            if (b.shape() != Shape.DEPLOYMENT) {
                return;
            }
            if (placement.computed()) {
                // Only the Pods no node takes stay in the controller's box, marked pending with the reason.
                List<Placement.Pod> pending = placement.of(b.id()).stream().filter(Placement.Pod::pending)
                        .limit(MAX_REPLICAS_DRAWN).toList();
                int cols = Math.max(1, Math.min(pending.size(), 3));
                for (int i = 0; i < pending.size(); i++) {
                    Placement.Pod p = pending.get(i);
                    front.add(new Box(b.id() + "#" + p.name(), Shape.REPLICA, p.name(), "Pending", b.x() + 8 + (i % cols) * CHIP_W,
                            b.y() + 40 + (i / cols) * CHIP_H, POD_W, POD_H, b.id(), b.id(), Mark.PENDING,
                            p.name() + " is pending: " + p.reason()));
                }
                return;
            }
            int replicas = replicas(o);
            int drawn = Math.min(replicas, MAX_REPLICAS_DRAWN);
            int cols = Math.max(1, Math.min(drawn, 3));
            String img = image(o, "spec.template.spec");
            for (int i = 0; i < drawn; i++) {
                String title = i == drawn - 1 && replicas > drawn ? "+" + (replicas - drawn + 1) + " more"
                        : o.name() + "-" + (i + 1);
                front.add(new Box(b.id() + "#" + (i + 1), Shape.REPLICA, title, img,
                        b.x() + 8 + (i % cols) * CHIP_W, b.y() + 40 + (i / cols) * CHIP_H, POD_W, POD_H, b.id()));
            }
        }

        private Box sized(KubeObject o, Shape shape, String subtitle) {
            return sizedAt(o, shape, subtitle, 0, 0);
        }

        private Box sizedAt(KubeObject o, Shape shape, String subtitle, double x, double y) {
            String kind = switch (shape) {
                case SERVICE -> KubeKinds.SERVICE;
                case INGRESS -> KubeKinds.INGRESS;
                case POLICY -> KubeKinds.NETWORK_POLICY;
                case NAMESPACE -> KubeKinds.NAMESPACE;
                default -> "";
            };
            double[] s = sizeOf(kind);
            return new Box(Elements.of(o), shape, o.name(), subtitle, x, y, s[0], s[1], null);
        }

        private List<Box> row(List<KubeObject> objects, java.util.function.Function<KubeObject, Box> sizer) {
            return row(objects, (Sizer) (o, x, y) -> {
                Box b = sizer.apply(o);
                return b.movedBy(x - b.x(), y - b.y());
            });
        }

        private void zone(List<Box> workloads) {
            double x0 = Double.MAX_VALUE;
            double y0 = Double.MAX_VALUE;
            double x1 = -Double.MAX_VALUE;
            double y1 = -Double.MAX_VALUE;
            for (Box b : workloads) {
                x0 = Math.min(x0, b.x());
                y0 = Math.min(y0, b.y());
                x1 = Math.max(x1, b.x() + b.w());
                y1 = Math.max(y1, b.y() + b.h());
            }
            back.add(0, new Box("#scheduler", Shape.ZONE, "Scheduler decides", "workloads not pinned to a node",
                    x0 - 16, y0 - 30, x1 - x0 + 32, y1 - y0 + 46, null));
        }

        // -- edges --

        /** A workload with what selection needs, computed once (a picture may hold thousands of Pods). */
        private record Workload(String id, String namespace, Map<String, String> labels) {
        }

        private void edges(List<KubeObject> objects, List<KubeObject> workloads, Map<String, List<KubeObject>> onNodes,
                           List<KubeObject> services, List<KubeObject> ingresses, List<KubeObject> policies) {
            List<Workload> all = new ArrayList<>();
            for (KubeObject w : workloads) {
                all.add(new Workload(Elements.of(w), w.namespace(), Selectors.podLabels(w)));
            }
            onNodes.values().forEach(list -> list.forEach(w ->
                    all.add(new Workload(Elements.of(w), w.namespace(), Selectors.podLabels(w)))));
            for (KubeObject svc : services) {
                Map<String, String> sel = Selectors.stringMap(svc.get("spec.selector"));
                if (sel.isEmpty()) {
                    continue;
                }
                String ns = svc.namespace();
                String id = Elements.of(svc);
                for (Workload w : all) {
                    if (w.namespace().equals(ns) && Selectors.matches(sel, w.labels())) {
                        edges.add(new Edge(id, w.id(), EdgeKind.SELECTS, null));
                    }
                }
            }
            for (KubeObject ing : ingresses) {
                Map<String, List<String>> routes = new LinkedHashMap<>();
                Object def = ing.get("spec.defaultBackend.service.name");
                if (def != null) {
                    routes.computeIfAbsent(String.valueOf(def), k -> new ArrayList<>()).add("default");
                }
                List<Object> rules = ing.list("spec.rules");
                for (int r = 0; r < rules.size(); r++) {
                    Object host = ing.get("spec.rules[" + r + "].host");
                    List<Object> paths = ing.list("spec.rules[" + r + "].http.paths");
                    for (int p = 0; p < paths.size(); p++) {
                        String base = "spec.rules[" + r + "].http.paths[" + p + "]";
                        Object svc = ing.get(base + ".backend.service.name");
                        Object path = ing.get(base + ".path");
                        if (svc != null) {
                            routes.computeIfAbsent(String.valueOf(svc), k -> new ArrayList<>())
                                    .add((host == null ? "*" : host) + (path == null ? "" : String.valueOf(path)));
                        }
                    }
                }
                routes.forEach((svc, labels) -> {
                    ObjectKey key = new ObjectKey(KubeKinds.SERVICE, ing.namespace(), svc);
                    if (d.find(key) != null) {
                        edges.add(new Edge(Elements.of(ing), key.toString(), EdgeKind.ROUTES, String.join(", ", labels)));
                    }
                });
            }
            for (KubeObject pol : policies) {
                Object podSelector = pol.get("spec.podSelector");
                String id = Elements.of(pol);
                for (Workload w : all) {
                    if (w.namespace().equals(pol.namespace()) && Selectors.labelSelectorMatches(
                            podSelector == null ? Map.of() : podSelector, w.labels())) {
                        edges.add(new Edge(id, w.id(), EdgeKind.APPLIES, null));
                    }
                }
                List<Object> rules = pol.list("spec.ingress");
                for (int r = 0; r < rules.size(); r++) {
                    List<Object> from = pol.list("spec.ingress[" + r + "].from");
                    for (int f = 0; f < from.size(); f++) {
                        String base = "spec.ingress[" + r + "].from[" + f + "]";
                        Object sel = pol.get(base + ".podSelector");
                        if (sel == null || pol.get(base + ".namespaceSelector") != null) {
                            continue;
                        }
                        for (Workload w : all) {
                            if (w.namespace().equals(pol.namespace()) && Selectors.labelSelectorMatches(sel, w.labels())) {
                                edges.add(new Edge(w.id(), id, EdgeKind.ALLOWS, null));
                            }
                        }
                    }
                }
            }
        }

        // -- labels --

        private static int replicas(KubeObject o) {
            Object r = o.get("spec.replicas");
            if (r instanceof Number n) {
                return Math.max(0, n.intValue());
            }
            return 1;
        }

        private static String image(KubeObject o, String podSpec) {
            Object img = o.get(podSpec + ".containers[0].image");
            return img == null ? "" : String.valueOf(img);
        }

        private static String serviceSubtitle(KubeObject o) {
            Object type = o.get("spec.type");
            StringBuilder s = new StringBuilder(type == null ? "ClusterIP" : String.valueOf(type));
            List<Object> ports = o.list("spec.ports");
            for (int i = 0; i < ports.size() && i < 2; i++) {
                Object port = o.get("spec.ports[" + i + "].port");
                Object target = o.get("spec.ports[" + i + "].targetPort");
                Object nodePort = o.get("spec.ports[" + i + "].nodePort");
                s.append(i == 0 ? " \u00b7 " : ", ").append(port);
                if (target != null && !String.valueOf(target).equals(String.valueOf(port))) {
                    s.append("\u2192").append(target);
                }
                if (nodePort != null) {
                    s.append(" (node ").append(nodePort).append(')');
                }
            }
            return s.toString();
        }

        private static String ingressSubtitle(KubeObject o) {
            List<String> hosts = new ArrayList<>();
            List<Object> rules = o.list("spec.rules");
            for (int r = 0; r < rules.size(); r++) {
                Object h = o.get("spec.rules[" + r + "].host");
                String host = h == null ? "*" : String.valueOf(h);
                if (!hosts.contains(host)) {
                    hosts.add(host);
                }
            }
            String tls = o.list("spec.tls").isEmpty() ? "" : " \u00b7 TLS";
            return hosts.isEmpty() ? "Ingress \u00b7 no rules" : String.join(", ", hosts) + tls;
        }

        private static String policySubtitle(KubeObject o) {
            List<Object> types = o.list("spec.policyTypes");
            return "NetworkPolicy" + (types.isEmpty() ? "" : " \u00b7 " + types.stream().map(String::valueOf)
                    .reduce((a, b) -> a + ", " + b).orElse(""));
        }
    }
}
