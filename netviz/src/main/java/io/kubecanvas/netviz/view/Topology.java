package io.kubecanvas.netviz.view;

import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.emulator.state.ClusterState.NodeState;
import io.kubecanvas.emulator.state.ClusterState.PodState;
import io.kubecanvas.emulator.state.ClusterState.ServiceState;
import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where everything is drawn, computed from one {@link ClusterState}, and where a {@link PacketEvent} happens
 * on that picture ({@link #anchor}). Coordinates are in an unscaled world; the canvas scales to fit.
 */
public final class Topology {
    static final double POD_W = 150;
    static final double POD_H = 46;
    static final double POD_GAP = 10;
    static final double NODE_GAP = 36;
    static final double IFACE_W = 92;
    static final double IFACE_H = 26;
    static final double NF_W = 104;
    static final double HEADER_H = 34;
    static final double BRIDGE_H = 16;
    static final double SERVICE_W = 210;
    static final double SERVICE_H = 40;
    static final double MARGIN = 20;

    /** A labelled box. */
    public record Box(String id, String label, String sublabel, Rectangle2D rect, Kind kind, boolean active) {
        public Point2D center() {
            return new Point2D(rect.getMinX() + rect.getWidth() / 2, rect.getMinY() + rect.getHeight() / 2);
        }
    }

    /** A line between two points. */
    public record Link(String id, Point2D from, Point2D to, Kind kind) {
    }

    public enum Kind { NODE, POD, VETH, BRIDGE, NETFILTER, VTEP, NIC, UNDERLAY, TUNNEL, SERVICE, INGRESS, EXTERNAL, ENDPOINT, POLICY }

    private final ClusterState state;
    private final LayerMode mode;
    private final int nodesPerRow;
    private final List<Box> boxes = new ArrayList<>();
    private final List<Link> links = new ArrayList<>();
    private final Map<String, Point2D> anchors = new LinkedHashMap<>();
    private final Map<String, String> podByIp = new LinkedHashMap<>();
    private final List<NodeFrame> frames = new ArrayList<>();
    private final Map<String, String> vethOwner;
    private double underlayY = -1;
    private Point2D tunnelLabel;

    /** The wiring of one node, for routing packets along the drawn links. */
    private record NodeFrame(Rectangle2D rect, double bridgeY, Point2D netfilter, Point2D vtep, Point2D nic) {
    }
    private double width;
    private double height;

    private Topology(ClusterState state, LayerMode mode, int nodesPerRow, Map<String, String> vethOwner) {
        this.state = state;
        this.mode = mode;
        this.nodesPerRow = nodesPerRow;
        this.vethOwner = vethOwner;
    }

    /** The picture with the default arrangement of nodes (all in one row up to four, else a square). */
    public static Topology layout(ClusterState state, LayerMode mode) {
        int n = state.nodes().size();
        return layout(state, mode, n <= 4 ? Math.max(1, n) : (int) Math.ceil(Math.sqrt(n)), vethOwners(state));
    }

    /**
     * The picture whose nodes are arranged to fill a viewport of this width-to-height ratio best (most of
     * the cluster at the largest scale), so a wide window gets one row of nodes and a tall one a column.
     */
    public static Topology layout(ClusterState state, LayerMode mode, double aspect) {
        Map<String, String> owners = vethOwners(state);
        int n = state.nodes().size();
        if (aspect <= 0 || n <= 1 || mode == LayerMode.LOGICAL) {
            return layout(state, mode, Math.max(1, n <= 4 ? n : (int) Math.ceil(Math.sqrt(n))), owners);
        }
        Topology best = null;
        double bestScale = -1;
        for (int perRow = 1; perRow <= Math.min(n, 8); perRow++) {
            Topology t = layout(state, mode, perRow, owners);
            double s = Math.min(aspect / Math.max(1, t.width), 1 / Math.max(1, t.height));
            if (s > bestScale * 1.02) {
                best = t;
                bestScale = s;
            }
        }
        return best;
    }

    private static Topology layout(ClusterState state, LayerMode mode, int perRow, Map<String, String> owners) {
        Topology t = new Topology(state, mode, perRow, owners);
        t.build();
        return t;
    }

    /** The plan names every Pod's host-side veth; events name interfaces as the plan does. */
    private static Map<String, String> vethOwners(ClusterState state) {
        Map<String, String> owners = new LinkedHashMap<>();
        for (PodState p : state.pods()) {
            if (p.node() != null && p.ip() != null && !p.hostNetwork()) {
                owners.put(p.node() + "|" + io.kubecanvas.emulator.plan.NodePlan.hostVethName(p.key()), p.key());
            }
        }
        return owners;
    }

    public ClusterState state() {
        return state;
    }

    public LayerMode mode() {
        return mode;
    }

    /** How many nodes share a row of the picture. */
    public int nodesPerRow() {
        return nodesPerRow;
    }

    public List<Box> boxes() {
        return boxes;
    }

    public List<Link> links() {
        return links;
    }

    public double width() {
        return width;
    }

    public double height() {
        return height;
    }

    /** Where the tunnels' caption goes, or null when there are none. */
    public Point2D tunnelLabel() {
        return tunnelLabel;
    }

    public Point2D anchor(String key) {
        return anchors.get(key);
    }

    /** The anchor keys (tests and exports look places up by them). */
    public java.util.Set<String> anchorKeys() {
        return java.util.Collections.unmodifiableSet(anchors.keySet());
    }

    private void build() {
        for (PodState p : state.pods()) {
            if (p.ip() != null) {
                podByIp.put(p.ip(), p.key());
            }
        }
        NodeGeometry geo = new NodeGeometry(state, nodesPerRow);
        double top = MARGIN;
        if (mode != LayerMode.PHYSICAL) {
            double bandWidth = mode == LayerMode.LOGICAL ? Math.max(geo.width(), 4 * (SERVICE_W + 20)) : geo.width();
            top = logicalBand(top, bandWidth);
        }
        if (mode != LayerMode.LOGICAL) {
            physical(top, geo);
        } else {
            logicalPods(top);
        }
        if (mode != LayerMode.PHYSICAL) {
            endpointLinks();
        }
    }

    /** Sizes of the node frames, the same for every node so the rows line up. */
    private record NodeGeometry(int cols, int podRows, double nodeW, double nodeH, double podsH, int perRow, int rows,
                                int tunnelPairs) {
        NodeGeometry(ClusterState state, int perRow) {
            this(state, perRow, maxPods(state));
        }

        private NodeGeometry(ClusterState state, int perRow, int maxPods) {
            this(cols(maxPods), Math.max(1, (int) Math.ceil(maxPods / (double) cols(maxPods))), perRow,
                    state.nodes().size(), pairs(state.nodes().size()));
        }

        private NodeGeometry(int cols, int podRows, int perRow, int nodes, int pairs) {
            this(cols, podRows, Math.max(NF_W + 2 * IFACE_W + 70, cols * (POD_W + POD_GAP) + POD_GAP),
                    HEADER_H + podRows * (POD_H + 24) + 4 + BRIDGE_H + 30 + IFACE_H + 14,
                    podRows * (POD_H + 24), perRow, Math.max(1, (int) Math.ceil(nodes / (double) perRow)), pairs);
        }

        double laneSpace() {
            return Math.min(tunnelPairs, 15) * 7 + 24;
        }

        double width() {
            return MARGIN + perRow * (nodeW + NODE_GAP);
        }

        private static int maxPods(ClusterState state) {
            Map<String, Integer> n = new LinkedHashMap<>();
            state.pods().stream().filter(p -> p.node() != null).forEach(p -> n.merge(p.node(), 1, Integer::sum));
            return n.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        }

        private static int cols(int maxPods) {
            return Math.max(2, Math.min(10, (int) Math.ceil(Math.sqrt(maxPods * 1.5))));
        }

        private static int pairs(int nodes) {
            int pairs = 0;
            for (int a = 0; a < nodes; a++) {
                for (int b = a + 1; b < nodes; b++) {
                    if (nodes <= 6 || b == a + 1) {
                        pairs++;
                    }
                }
            }
            return pairs;
        }
    }

    /** Ingresses, then Services, in rows above the nodes, wrapping at the picture's width. */
    private double logicalBand(double top, double bandWidth) {
        int perRow = Math.max(3, (int) ((bandWidth - MARGIN) / (SERVICE_W + 20)));
        double y = top;
        int i = 0;
        for (var ing : state.ingresses()) {
            String id = "Ingress/" + ing.getMetadata().getNamespace() + "/" + ing.getMetadata().getName();
            String host = ing.getSpec() != null && ing.getSpec().getRules() != null && !ing.getSpec().getRules().isEmpty()
                    && ing.getSpec().getRules().get(0).getHost() != null ? ing.getSpec().getRules().get(0).getHost() : "*";
            Rectangle2D r = new Rectangle2D(MARGIN + (i % perRow) * (SERVICE_W + 20), y + (i / perRow) * (SERVICE_H + 16),
                    SERVICE_W, SERVICE_H);
            boxes.add(new Box(id, "Ingress " + ing.getMetadata().getName(), host, r, Kind.INGRESS, true));
            anchors.put(id, new Point2D(r.getMinX() + SERVICE_W / 2, r.getMaxY()));
            i++;
        }
        if (i > 0) {
            y += Math.ceil(i / (double) perRow) * (SERVICE_H + 16) + 8;
        }
        i = 0;
        for (ServiceState s : state.services()) {
            String id = "Service/" + s.namespace() + "/" + s.name();
            String port = s.ports().isEmpty() ? "" : ":" + s.ports().get(0).port();
            Rectangle2D r = new Rectangle2D(MARGIN + (i % perRow) * (SERVICE_W + 20), y + (i / perRow) * (SERVICE_H + 16),
                    SERVICE_W, SERVICE_H);
            boxes.add(new Box(id, s.name() + " (" + s.type() + ")", (s.headless() ? "headless" : s.clusterIp()) + port,
                    r, Kind.SERVICE, !s.endpoints().isEmpty()));
            anchors.put(id, new Point2D(r.getMinX() + SERVICE_W / 2, r.getMaxY()));
            if (s.clusterIp() != null) {
                anchors.put("vip|" + s.clusterIp(), anchors.get(id));
            }
            if (s.loadBalancerIp() != null) {
                anchors.put("vip|" + s.loadBalancerIp(), anchors.get(id));
            }
            i++;
        }
        if (i > 0) {
            y += Math.ceil(i / (double) perRow) * (SERVICE_H + 16);
        }
        // Ingress -> backend Service.
        for (var ing : state.ingresses()) {
            String id = "Ingress/" + ing.getMetadata().getNamespace() + "/" + ing.getMetadata().getName();
            if (ing.getSpec() == null || ing.getSpec().getRules() == null) {
                continue;
            }
            for (var rule : ing.getSpec().getRules()) {
                if (rule.getHttp() == null) {
                    continue;
                }
                for (var path : rule.getHttp().getPaths()) {
                    if (path.getBackend() != null && path.getBackend().getService() != null) {
                        Point2D svc = anchors.get("Service/" + ing.getMetadata().getNamespace() + "/"
                                + path.getBackend().getService().getName());
                        if (svc != null) {
                            links.add(new Link(id + "->svc", anchors.get(id), svc.subtract(0, SERVICE_H), Kind.ENDPOINT));
                        }
                    }
                }
            }
        }
        width = Math.max(width, MARGIN + Math.min(perRow, Math.max(state.services().size(), state.ingresses().size()))
                * (SERVICE_W + 20) + 10);
        return y + 30;
    }

    private void physical(double top, NodeGeometry geo) {
        List<NodeState> nodes = state.nodes();
        Map<String, List<PodState>> podsByNode = new LinkedHashMap<>();
        nodes.forEach(n -> podsByNode.put(n.name(), new ArrayList<>()));
        List<PodState> pending = new ArrayList<>();
        for (PodState p : state.pods()) {
            if (p.node() != null && podsByNode.containsKey(p.node())) {
                podsByNode.get(p.node()).add(p);
            } else {
                pending.add(p);
            }
        }
        double laneSpace = geo.laneSpace();
        double nodeW = geo.nodeW();
        double nodeH = geo.nodeH();
        int cols = geo.cols();
        double underlayY = 0;
        double laneTop = 0;
        List<Point2D> vteps = new ArrayList<>();
        List<Point2D> nics = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            NodeState n = nodes.get(i);
            int row = i / nodesPerRow;
            int col = i % nodesPerRow;
            double nx = MARGIN + col * (nodeW + NODE_GAP);
            double ny = top + row * (nodeH + 40 + laneSpace);
            Rectangle2D nr = new Rectangle2D(nx, ny, nodeW, nodeH);
            boxes.add(new Box("Node/" + n.name(), n.name() + (n.ready() ? "" : "  (stopped)"),
                    n.underlayIp() + (n.podCidr() == null ? "" : "  ·  " + n.podCidr()), nr, Kind.NODE, n.ready()));
            double bridgeY = ny + HEADER_H + geo.podsH() + 4;
            List<PodState> pods = podsByNode.get(n.name());
            for (int k = 0; k < pods.size(); k++) {
                PodState p = pods.get(k);
                double px = nx + POD_GAP + (k % cols) * (POD_W + POD_GAP);
                double py = ny + HEADER_H + (k / cols) * (POD_H + 24);
                Rectangle2D pr = new Rectangle2D(px, py, POD_W, POD_H);
                podBox(p, pr);
                Point2D veth = new Point2D(px + POD_W / 2, py + POD_H + 10);
                anchors.put("veth|" + p.key(), veth);
                boxes.add(new Box("Veth/" + p.key(), "", "", new Rectangle2D(veth.getX() - 5, veth.getY() - 5, 10, 10),
                        Kind.VETH, p.ready()));
                links.add(new Link("veth-link/" + p.key(), new Point2D(veth.getX(), py + POD_H), veth, Kind.VETH));
                links.add(new Link("veth-bridge/" + p.key(), veth, new Point2D(veth.getX(), bridgeY), Kind.VETH));
            }
            Rectangle2D bridge = new Rectangle2D(nx + 10, bridgeY, nodeW - 20, BRIDGE_H);
            boxes.add(new Box("Bridge/" + n.name(), "cni0", "", bridge, Kind.BRIDGE, n.ready()));
            double busY = bridgeY + BRIDGE_H / 2;
            anchors.put(n.name() + "|cni0", new Point2D(nx + nodeW / 2, busY));
            // One row under the bridge: iptables (kube-proxy) on the left, eth0 in the middle, flannel.1 on the right.
            double rowY = bridgeY + BRIDGE_H + 30;
            Rectangle2D nf = new Rectangle2D(nx + 14, rowY, NF_W, IFACE_H);
            boxes.add(new Box("Netfilter/" + n.name(), "iptables", "kube-proxy", nf, Kind.NETFILTER, n.ready()));
            Point2D nfc = new Point2D(nf.getMinX() + NF_W / 2, rowY + IFACE_H / 2);
            anchors.put(n.name() + "|netfilter", nfc);
            links.add(new Link("nf/" + n.name(), new Point2D(nfc.getX(), bridgeY + BRIDGE_H), new Point2D(nfc.getX(), rowY), Kind.BRIDGE));
            Rectangle2D vtep = new Rectangle2D(nx + nodeW - IFACE_W - 14, rowY, IFACE_W, IFACE_H);
            boxes.add(new Box("Vtep/" + n.name(), "flannel.1", "VXLAN", vtep, Kind.VTEP, n.ready()));
            Point2D vc = new Point2D(vtep.getMinX() + IFACE_W / 2, rowY + IFACE_H / 2);
            anchors.put(n.name() + "|flannel.1", vc);
            links.add(new Link("vtep/" + n.name(), new Point2D(vc.getX(), bridgeY + BRIDGE_H), new Point2D(vc.getX(), rowY), Kind.BRIDGE));
            vteps.add(vc);
            double nicX = (nf.getMaxX() + vtep.getMinX()) / 2;
            Rectangle2D nic = new Rectangle2D(nicX - IFACE_W / 2, rowY, IFACE_W, IFACE_H);
            boxes.add(new Box("Nic/" + n.name(), "eth0", n.underlayIp(), nic, Kind.NIC, n.ready()));
            Point2D ec = new Point2D(nicX, rowY + IFACE_H / 2);
            anchors.put(n.name() + "|eth0", ec);
            links.add(new Link("nic-nf/" + n.name(), new Point2D(nf.getMaxX(), ec.getY()), new Point2D(nic.getMinX(), ec.getY()), Kind.BRIDGE));
            links.add(new Link("nic-vtep/" + n.name(), new Point2D(nic.getMaxX(), ec.getY()), new Point2D(vtep.getMinX(), ec.getY()), Kind.BRIDGE));
            anchors.put(n.name() + "|node", new Point2D(nx + nodeW / 2, ny + 14));
            frames.add(new NodeFrame(nr, busY, nfc, vc, ec));
            nics.add(new Point2D(ec.getX(), nr.getMaxY()));
            links.add(new Link("nic-down/" + n.name(), new Point2D(ec.getX(), nic.getMaxY()), new Point2D(ec.getX(), nr.getMaxY() + 24), Kind.UNDERLAY));
            underlayY = Math.max(underlayY, nr.getMaxY() + 14 + laneSpace);
            laneTop = Math.max(laneTop, nr.getMaxY());
            width = Math.max(width, nr.getMaxX() + MARGIN);
        }
        // One underlay line per node row would be more exact; one bus below all nodes reads better.
        if (nodes.isEmpty()) {
            underlayY = top + 40;
        }
        this.underlayY = underlayY;
        for (Point2D n : nics) {
            anchors.putIfAbsent("underlay|" + n.getX(), new Point2D(n.getX(), underlayY));
        }
        width = Math.max(width, 300);
        links.add(new Link("underlay", new Point2D(8, underlayY), new Point2D(width - 8, underlayY), Kind.UNDERLAY));
        for (Link l : List.copyOf(links)) {
            if (l.id().startsWith("nic-down/")) {
                links.remove(l);
                links.add(new Link(l.id(), l.from(), new Point2D(l.from().getX(), underlayY), Kind.UNDERLAY));
            }
        }
        // VXLAN tunnels between every pair of VTEPs (between neighbours only when there are many nodes), each
        // in its own lane between the nodes and the underlay so that none hides another or an eth0.
        int lane = 0;
        for (int a = 0; a < vteps.size(); a++) {
            for (int b = a + 1; b < vteps.size(); b++) {
                if (vteps.size() > 6 && b != a + 1) {
                    continue;
                }
                double y = laneTop + 10 + (lane++ % 15) * 7;
                Point2D va = vteps.get(a);
                Point2D vb = vteps.get(b);
                double dx = 4 * (lane % 3);
                String id = "tunnel/" + nodes.get(a).name() + "/" + nodes.get(b).name();
                links.add(new Link(id + "/a", new Point2D(va.getX() + dx, va.getY() + IFACE_H / 2), new Point2D(va.getX() + dx, y), Kind.TUNNEL));
                links.add(new Link(id + "/ab", new Point2D(va.getX() + dx, y), new Point2D(vb.getX() - dx, y), Kind.TUNNEL));
                links.add(new Link(id + "/b", new Point2D(vb.getX() - dx, y), new Point2D(vb.getX() - dx, vb.getY() + IFACE_H / 2), Kind.TUNNEL));
            }
        }

        // The outside world hangs below the underlay on the left; Pods waiting for a node sit beside it.
        Rectangle2D ext = new Rectangle2D(MARGIN, underlayY + 18, 110, 40);
        boxes.add(new Box("External", "outside", "client", ext, Kind.EXTERNAL, true));
        anchors.put("external", new Point2D(ext.getMinX() + 55, ext.getMinY()));
        links.add(new Link("external-link", new Point2D(MARGIN + 55, ext.getMinY()), new Point2D(MARGIN + 55, underlayY), Kind.UNDERLAY));
        double x = MARGIN + 130;
        for (PodState p : pending) {
            podBox(p, new Rectangle2D(x, underlayY + 18, POD_W, POD_H));
            x += POD_W + POD_GAP;
        }
        if (lane > 0) {
            tunnelLabel = new Point2D(x + 10, underlayY + 24);
        }
        height = underlayY + 18 + Math.max(40, pending.isEmpty() ? 0 : POD_H) + 14;
        width = Math.max(width, x + MARGIN);
    }

    /** Logical layer alone: Pods in a grid below the Services. */
    private void logicalPods(double top) {
        int cols = Math.max(4, (int) Math.ceil(Math.sqrt(state.pods().size() * 2.0)));
        double x0 = MARGIN + 130;
        int k = 0;
        for (PodState p : state.pods()) {
            double px = x0 + (k % cols) * (POD_W + POD_GAP + 10);
            double py = top + 10 + (k / cols) * (POD_H + 30);
            podBox(p, new Rectangle2D(px, py, POD_W, POD_H));
            anchors.put("veth|" + p.key(), new Point2D(px + POD_W / 2, py + POD_H + 8));
            k++;
        }
        Rectangle2D ext = new Rectangle2D(MARGIN, top + 10, 110, 40);
        boxes.add(new Box("External", "outside", "client", ext, Kind.EXTERNAL, true));
        anchors.put("external", new Point2D(MARGIN + 55, top + 50));
        width = Math.max(width, x0 + cols * (POD_W + POD_GAP + 10) + MARGIN);
        height = top + 10 + Math.max(1, Math.ceil(state.pods().size() / (double) cols)) * (POD_H + 30) + MARGIN;
    }

    private void podBox(PodState p, Rectangle2D r) {
        boolean policed = state.policies().stream().anyMatch(np -> np.getMetadata() != null
                && p.namespace().equals(np.getMetadata().getNamespace() == null ? "default" : np.getMetadata().getNamespace())
                && np.getSpec() != null && io.kubecanvas.model.net.LabelSelectors.matches(
                io.kubecanvas.model.net.LabelSelectors.orEverything(np.getSpec().getPodSelector()), p.labels()));
        // a Pod that does not run says why in its box (the reason's first word: CreateContainerConfigError, Init:Error)
        boolean stuck = p.reason() != null && !p.ready();
        String sub = stuck ? shortReason(p.reason()) : p.ip() == null ? p.phase() : p.ip();
        boxes.add(new Box("Pod/" + p.key(), p.name(), sub + (policed ? "  ⛨" : ""), r,
                policed ? Kind.POLICY : Kind.POD, "Running".equals(p.phase()) && !stuck));
        anchors.put("pod|" + p.key(), new Point2D(r.getMinX() + r.getWidth() / 2, r.getMinY() + r.getHeight() / 2));
        anchors.put("podif|" + p.key(), new Point2D(r.getMinX() + r.getWidth() / 2, r.getMaxY() - 4));
    }

    /** "CreateContainerConfigError" of "CreateContainerConfigError: configmap ... not found". */
    static String shortReason(String reason) {
        int colon = reason.indexOf(": ");
        return colon > 0 ? reason.substring(0, colon) : reason;
    }

    private void endpointLinks() {
        for (ServiceState s : state.services()) {
            Point2D from = anchors.get("Service/" + s.namespace() + "/" + s.name());
            for (var ep : s.endpoints()) {
                Point2D to = anchors.get("pod|" + ep.podNamespace() + "/" + ep.podName());
                if (from != null && to != null) {
                    links.add(new Link("ep/" + s.name() + "/" + ep.podName(), from, to.subtract(0, POD_H / 2), Kind.ENDPOINT));
                }
            }
        }
    }

    /**
     * Where a hop happens on this picture.
     *
     * @param previous the flow's hop before this one, or null
     * @return null when this layer does not show that place (the packet then stays where it was)
     */
    public Point2D anchor(PacketEvent e, PacketEvent previous) {
        String node = e.node();
        String iface = e.iface() == null ? "" : e.iface();
        if (node == null || state.node(node) == null) {
            if (mode != LayerMode.PHYSICAL && iface.toLowerCase(java.util.Locale.ROOT).contains("ingress")) {
                Point2D ing = firstIngress();
                if (ing != null) {
                    return ing;
                }
            }
            return anchors.get("external");
        }
        String pod = podFor(e, previous);
        if (pod != null) {
            Point2D p = iface.contains("@") ? anchors.get("podif|" + pod) : null;
            if (p == null) {
                p = anchors.get("veth|" + pod);
            }
            if (p != null) {
                return p;
            }
        }
        if (mode == LayerMode.LOGICAL) {
            String rule = e.rule() == null ? "" : e.rule();
            if (rule.startsWith("Ingress ")) {
                // The Ingress controller's routing decision happens at the Ingress the rule names.
                Point2D ing = anchors.get("Ingress/" + rule.substring("Ingress ".length()).trim());
                if (ing != null) {
                    return ing;
                }
            }
            if (e.natBefore() != null) {
                Point2D vip = anchors.get("vip|" + host(e.natBefore()));
                return vip != null ? vip : anchors.get("vip|" + host(e.natAfter()));
            }
            return null;
        }
        boolean nat = e.natBefore() != null || e.natAfter() != null;
        if (e.direction() == PacketEvent.Direction.LOCAL && !nat && anchors.containsKey(node + "|" + iface)) {
            // A decision at a device without NAT (the bridge's forwarding table): show it at the device.
            return anchors.get(node + "|" + iface);
        }
        if (e.direction() == PacketEvent.Direction.LOCAL || iface.isEmpty() || iface.startsWith("KUBE-")
                || iface.equals("PREROUTING") || iface.equals("POSTROUTING") || iface.equals("OUTPUT")
                || iface.equals("FORWARD") || iface.equals("INPUT") || iface.equals("iptables")) {
            if (mode == LayerMode.BOTH && e.natBefore() != null) {
                Point2D vip = anchors.get("vip|" + host(e.natBefore()));
                if (vip != null && !isReplyNat(e)) {
                    return anchors.get(node + "|netfilter");
                }
            }
            return anchors.get(node + "|netfilter");
        }
        Point2D p = anchors.get(node + "|" + iface);
        if (p == null && iface.startsWith("flannel")) {
            p = anchors.get(node + "|flannel.1");
        }
        if (p == null && (iface.startsWith("eth") || iface.startsWith("ens") || iface.startsWith("enp"))) {
            p = anchors.get(node + "|eth0");
        }
        return p != null ? p : anchors.get(node + "|node");
    }

    /**
     * The way a packet takes from one anchor to the next along the drawn wires: up or down to the node's
     * bridge and along it, through eth0 and the underlay between nodes. Straight in the logical layer.
     */
    public List<Point2D> route(Point2D from, Point2D to) {
        List<Point2D> path = new ArrayList<>();
        path.add(from);
        NodeFrame a = frameOf(from);
        NodeFrame b = frameOf(to);
        if (from.equals(to) || underlayY < 0 || (a == null && b == null)
                || a == b && Math.abs(from.getX() - to.getX()) < 1) {
            path.add(to);
            return path;
        }
        if (a != null && a == b) {
            path.addAll(inside(a, from, to));
        } else {
            if (a != null) {
                path.addAll(inside(a, from, a.nic()));
                path.add(new Point2D(a.nic().getX(), underlayY));
            } else {
                path.add(new Point2D(from.getX(), underlayY));
            }
            if (b != null) {
                path.add(new Point2D(b.nic().getX(), underlayY));
                path.add(b.nic());
                path.addAll(inside(b, b.nic(), to));
            } else {
                path.add(new Point2D(to.getX(), underlayY));
            }
        }
        if (!path.get(path.size() - 1).equals(to)) {
            path.add(to);
        }
        return path;
    }

    /** Waypoints after {@code from} up to and including {@code to}, both inside node {@code f}. */
    private static List<Point2D> inside(NodeFrame f, Point2D from, Point2D to) {
        List<Point2D> out = new ArrayList<>();
        boolean fromNic = from.equals(f.nic());
        boolean toNic = to.equals(f.nic());
        if (fromNic && toNic) {
            return out;
        }
        if (fromNic || toNic) {
            Point2D other = fromNic ? to : from;
            if (other.equals(f.vtep()) || other.equals(f.netfilter())) {
                out.add(to);
                return out;
            }
            // eth0 <-> something on the bridge: through iptables.
            List<Point2D> viaBridge = new ArrayList<>();
            viaBridge.add(new Point2D(f.netfilter().getX(), f.bridgeY()));
            viaBridge.add(new Point2D(other.getX(), f.bridgeY()));
            if (fromNic) {
                out.add(f.netfilter());
                out.addAll(viaBridge);
            } else {
                java.util.Collections.reverse(viaBridge);
                out.addAll(viaBridge);
                out.add(f.netfilter());
            }
            out.add(to);
            return out;
        }
        out.add(new Point2D(from.getX(), f.bridgeY()));
        out.add(new Point2D(to.getX(), f.bridgeY()));
        out.add(to);
        return out;
    }

    private NodeFrame frameOf(Point2D p) {
        for (NodeFrame f : frames) {
            if (f.rect().contains(p)) {
                return f;
            }
        }
        return null;
    }

    private boolean isReplyNat(PacketEvent e) {
        return e.natBefore() != null && podByIp.containsKey(host(e.natBefore()));
    }

    private Point2D firstIngress() {
        return anchors.entrySet().stream().filter(en -> en.getKey().startsWith("Ingress/")).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    /**
     * The Pod a veth (or a Pod's own eth0) hop belongs to: by name in the interface, else by the addresses
     * of the inner packet. When both ends sit on this node, the flow's first hop is at the sender and a later
     * one at the receiver.
     */
    String podFor(PacketEvent e, PacketEvent previous) {
        String iface = e.iface() == null ? "" : e.iface();
        int at = iface.indexOf('@');
        if (at > 0) {
            // The Pod's own interface, as the sim backend names it: "eth0@namespace/pod".
            String owner = iface.substring(at + 1);
            for (PodState p : state.pods()) {
                if (p.key().equals(owner) || p.name().equals(owner)) {
                    return p.key();
                }
            }
        }
        int slash = iface.indexOf('/');
        if (slash > 0 && at < 0) {
            String owner = iface.substring(0, slash);
            for (PodState p : state.pods()) {
                if (p.name().equals(owner) || p.key().equals(owner)) {
                    return p.key();
                }
            }
        }
        String planned = vethOwner.get(e.node() + "|" + iface);
        if (planned != null) {
            return planned;
        }
        if (!iface.startsWith("veth") && slash < 0) {
            return null;
        }
        for (PodState p : state.pods()) {
            if (e.node().equals(p.node()) && iface.length() > 5 && (iface.equals("veth-" + p.name()) || iface.endsWith(p.name()))) {
                return p.key();
            }
        }
        PacketEvent.Header ip = e.innerIp();
        if (ip == null) {
            return null;
        }
        String src = podOnNode(ip.get("src"), e.node());
        String dst = podOnNode(ip.get("dst"), e.node());
        if (src != null && dst != null) {
            boolean atSender = previous == null || previous.iface() != null && previous.iface().equals(iface) && previous.node().equals(e.node());
            return atSender ? src : dst;
        }
        return dst != null ? dst : src;
    }

    private String podOnNode(String ip, String node) {
        if (ip == null) {
            return null;
        }
        String key = podByIp.get(ip);
        if (key == null) {
            return null;
        }
        PodState p = state.pods().stream().filter(x -> x.key().equals(key)).findFirst().orElse(null);
        return p != null && node.equals(p.node()) ? key : null;
    }

    private static String host(String addrPort) {
        if (addrPort == null) {
            return "";
        }
        int c = addrPort.lastIndexOf(':');
        return c < 0 ? addrPort : addrPort.substring(0, c);
    }
}
