package io.kubecanvas.netviz.view;

import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.netviz.simulation.EventTimeline;
import javafx.animation.AnimationTimer;
import javafx.geometry.Point2D;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;

/**
 * The network picture with packets moving on it. Two canvases: the topology, redrawn when the cluster
 * state or the layer changes, and an overlay with the packets, redrawn every frame while something moves.
 * Each flow moves hop by hop (one packet per flow in flight); different flows move at the same time.
 * FX thread only.
 */
public final class NetworkView extends Region {
    private static final long BASE_HOP_NANOS = 300_000_000L;
    private static final long MARKER_NANOS = 2_500_000_000L;
    private static final long POD_FADE_NANOS = 1_500_000_000L;
    /** Above this many packets in flight, packets are drawn without their address labels. */
    private static final int CROWD = 24;

    private final Canvas base = new Canvas();
    private final Canvas overlay = new Canvas();
    private ClusterState state;
    private LayerMode mode = LayerMode.BOTH;
    private Topology topology;
    private double speed = 1.0;
    private double scale = 1;
    private double offsetX;
    private double offsetY;

    private final Map<Long, ArrayDeque<Hop>> pending = new LinkedHashMap<>();
    private final Map<Long, Flight> flights = new LinkedHashMap<>();
    private final Map<Long, Point2D> lastPosition = new HashMap<>();
    private final Map<Long, PacketEvent> lastEvent = new HashMap<>();
    private final List<Marker> markers = new ArrayList<>();
    private final List<Ghost> ghosts = new ArrayList<>();
    private final Map<String, Long> bornAt = new HashMap<>();
    private Map<String, long[]> linkRates = Map.of();

    private EventTimeline timeline;
    private int highlighted = -1;
    private Point2D highlightedPosition;
    private IntConsumer onPacketClicked = i -> { };
    private IntConsumer onHopLaunched = i -> { };

    private long frames;
    private final List<Long> eventToFrameNanos = new ArrayList<>();
    private boolean overlayDirty = true;

    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            frame(now);
        }
    };

    private record Hop(int index, PacketEvent event, long enqueuedAt, boolean immediate) {
    }

    private record Flight(int index, PacketEvent event, Point2D from, Point2D to, List<Point2D> path, double length,
                          long start, long duration, long enqueuedAt, boolean[] drawn, boolean immediate,
                          boolean onTunnel) {
        /** The point at fraction t of the way along the path. */
        Point2D at(double t) {
            double want = t * length;
            for (int i = 1; i < path.size(); i++) {
                Point2D p = path.get(i - 1);
                Point2D q = path.get(i);
                double seg = p.distance(q);
                if (want <= seg || i == path.size() - 1) {
                    double k = seg == 0 ? 1 : Math.min(1, want / seg);
                    return new Point2D(p.getX() + (q.getX() - p.getX()) * k, p.getY() + (q.getY() - p.getY()) * k);
                }
                want -= seg;
            }
            return to;
        }
    }

    private record Marker(Point2D at, String text, Color color, long until, boolean cross) {
    }

    private record Ghost(Topology.Box box, long until) {
    }

    public NetworkView() {
        getChildren().addAll(base, overlay);
        getStyleClass().add("network-view");
        setMinSize(200, 150);
        setPrefSize(1000, 640);
        overlay.setOnMouseClicked(ev -> {
            int hit = hitTest(ev.getX(), ev.getY());
            if (hit >= 0) {
                onPacketClicked.accept(hit);
            }
        });
        timer.start();
    }

    // ----- public API

    public void setState(ClusterState next) {
        if (state != null && next != null) {
            Set<String> nextPods = next.pods().stream().map(ClusterState.PodState::key).collect(Collectors.toSet());
            long now = System.nanoTime();
            for (Topology.Box b : topology.boxes()) {
                if ((b.kind() == Topology.Kind.POD || b.kind() == Topology.Kind.POLICY) && !nextPods.contains(b.id().substring(4))) {
                    ghosts.add(new Ghost(b, now + POD_FADE_NANOS));
                }
            }
            Set<String> old = state.pods().stream().map(ClusterState.PodState::key).collect(Collectors.toSet());
            for (String k : nextPods) {
                if (!old.contains(k)) {
                    bornAt.put(k, now);
                }
            }
        }
        state = next;
        relayout();
    }

    public void setLayerMode(LayerMode m) {
        mode = m;
        relayout();
    }

    public LayerMode layerMode() {
        return mode;
    }

    public Topology topology() {
        return topology;
    }

    /** Playback speed, 1 = a hop across a node in about 0.3 s. */
    public void setSpeed(double s) {
        speed = Math.max(0.05, s);
    }

    public void setTimeline(EventTimeline t) {
        timeline = t;
    }

    /** Animates hops: each flow's hops one after the other, flows side by side. */
    public void play(int firstIndex, List<PacketEvent> events) {
        long now = System.nanoTime();
        for (int i = 0; i < events.size(); i++) {
            PacketEvent e = events.get(i);
            ArrayDeque<Hop> q = pending.computeIfAbsent(e.flowId(), k -> new ArrayDeque<>());
            // Only a hop that can start at once measures the event-to-frame delay; the others wait their turn.
            boolean immediate = q.isEmpty() && !flights.containsKey(e.flowId());
            q.add(new Hop(firstIndex + i, e, now, immediate));
        }
    }

    /** Drops everything in flight (entering simulation mode, or a new replay). */
    public void clearFlights() {
        pending.clear();
        flights.clear();
        lastPosition.clear();
        lastEvent.clear();
        markers.clear();
        overlayDirty = true;
    }

    /** The hops now moving on screen, one per flow. */
    public List<PacketEvent> eventsInFlight() {
        return flights.values().stream().map(Flight::event).toList();
    }

    /** Whether a packet drawn as VXLAN-in-UDP is now moving between two nodes. */
    public boolean encapsulatedPacketOnTunnel() {
        return !eventsOnTunnel().isEmpty();
    }

    /** The hops now moving between two nodes drawn as VXLAN-in-UDP. */
    public List<PacketEvent> eventsOnTunnel() {
        return flights.values().stream().filter(Flight::onTunnel).map(Flight::event).toList();
    }

    /** Where each moving packet is now, in view coordinates, by the timeline index of its hop. */
    public Map<Integer, Point2D> packetPositions() {
        long now = System.nanoTime();
        Map<Integer, Point2D> out = new LinkedHashMap<>();
        for (Flight f : flights.values()) {
            double t = Math.min(1, (now - f.start()) / (double) Math.max(1, f.duration()));
            out.put(f.index(), toView(f.at(t)));
        }
        return out;
    }

    /** Pods ("ns/name") that just went away and are fading out. */
    public List<String> fadingPods() {
        return ghosts.stream().map(gh -> gh.box().id().substring("Pod/".length())).toList();
    }

    /** Pods ("ns/name") that just appeared and glow. */
    public Set<String> newPods() {
        return Set.copyOf(bornAt.keySet());
    }

    public int packetsInFlight() {
        return flights.size();
    }

    public boolean animating() {
        return !flights.isEmpty() || pending.values().stream().anyMatch(q -> !q.isEmpty());
    }

    /** Highlights one hop of the timeline (simulation mode), -1 for none. */
    public void highlight(int index) {
        highlighted = index;
        highlightedPosition = null;
        if (index >= 0 && timeline != null && topology != null) {
            int prev = timeline.previousInFlow(index);
            highlightedPosition = resolve(timeline.get(index), prev < 0 ? null : timeline.get(prev), index);
        }
        overlayDirty = true;
    }

    /** Where the highlighted packet is drawn, in view coordinates; null when none. */
    public Point2D highlightedPacketPosition() {
        return highlightedPosition == null ? null : toView(highlightedPosition);
    }

    public void setOnPacketClicked(IntConsumer c) {
        onPacketClicked = c;
    }

    /** Called with a timeline index when its hop starts moving on screen. */
    public void setOnHopLaunched(IntConsumer c) {
        onHopLaunched = c;
    }

    public void setLinkRates(Map<String, long[]> rates) {
        linkRates = rates;
        overlayDirty = true;
    }

    public long frames() {
        return frames;
    }

    /** Delays from an event entering {@link #play} to the first frame that drew it, in nanoseconds. */
    public List<Long> eventToFrameNanos() {
        return eventToFrameNanos;
    }

    /** The view coordinates of a world point (tests and the bench look for pixels there). */
    public Point2D toView(Point2D world) {
        return new Point2D(offsetX + world.getX() * scale, offsetY + world.getY() * scale);
    }

    public void stopAnimation() {
        timer.stop();
    }

    // ----- layout and drawing

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        if (base.getWidth() != w || base.getHeight() != h) {
            base.setWidth(w);
            base.setHeight(h);
            overlay.setWidth(w);
            overlay.setHeight(h);
            fit();
            drawBase();
            overlayDirty = true;
        }
    }

    private void relayout() {
        topology = state == null ? null : Topology.layout(state, mode);
        lastPosition.clear();
        fit();
        drawBase();
        if (highlighted >= 0) {
            highlight(highlighted);
        }
        overlayDirty = true;
    }

    private void fit() {
        if (topology == null || base.getWidth() <= 0) {
            return;
        }
        double sx = base.getWidth() / Math.max(1, topology.width());
        double sy = base.getHeight() / Math.max(1, topology.height());
        scale = Math.min(1.5, Math.min(sx, sy));
        offsetX = Math.max(0, (base.getWidth() - topology.width() * scale) / 2);
        offsetY = Math.max(0, (base.getHeight() - topology.height() * scale) / 2);
    }

    private void drawBase() {
        GraphicsContext g = base.getGraphicsContext2D();
        g.setTransform(1, 0, 0, 1, 0, 0);
        g.setFill(Color.web("#f7f9fc"));
        g.fillRect(0, 0, base.getWidth(), base.getHeight());
        if (topology == null) {
            g.setFill(Color.GRAY);
            g.setFont(Font.font(14));
            g.fillText("Press Run to start the cluster.", 20, 30);
            return;
        }
        g.setTransform(scale, 0, 0, scale, offsetX, offsetY);
        g.setLineCap(StrokeLineCap.ROUND);
        // Containers first (nodes), then links, then the boxes on top.
        for (Topology.Box b : topology.boxes()) {
            if (b.kind() == Topology.Kind.NODE) {
                drawBox(g, b);
            }
        }
        for (Topology.Link l : topology.links()) {
            drawLink(g, l);
        }
        for (Topology.Box b : topology.boxes()) {
            if (b.kind() != Topology.Kind.NODE) {
                drawBox(g, b);
            }
        }
        if (topology.tunnelLabel() != null) {
            g.setFill(Color.web("#8e24aa"));
            g.setFont(Font.font(10));
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText("VXLAN tunnels between flannel.1 devices (vni 1, udp 8472), carried by the underlay",
                    topology.tunnelLabel().getX(), topology.tunnelLabel().getY() + 10);
        }
    }

    private void drawLink(GraphicsContext g, Topology.Link l) {
        g.setLineDashes();
        switch (l.kind()) {
            case UNDERLAY -> {
                g.setStroke(Color.web("#37474f"));
                g.setLineWidth(4);
            }
            case TUNNEL -> {
                g.setStroke(Color.web("#8e24aa", 0.75));
                g.setLineWidth(2.5);
                g.setLineDashes(8, 5);
            }
            case ENDPOINT -> {
                g.setStroke(Color.web("#1e88e5", 0.5));
                g.setLineWidth(1.2);
                g.setLineDashes(4, 4);
            }
            case VETH -> {
                g.setStroke(Color.web("#78909c"));
                g.setLineWidth(1.5);
            }
            default -> {
                g.setStroke(Color.web("#90a4ae"));
                g.setLineWidth(2);
            }
        }
        g.strokeLine(l.from().getX(), l.from().getY(), l.to().getX(), l.to().getY());
        g.setLineDashes();
    }

    private void drawBox(GraphicsContext g, Topology.Box b) {
        var r = b.rect();
        Color fill;
        Color stroke;
        switch (b.kind()) {
            case NODE -> {
                fill = b.active() ? Color.web("#eceff1") : Color.web("#ffebee");
                stroke = b.active() ? Color.web("#607d8b") : Color.web("#c62828");
            }
            case POD -> {
                fill = b.active() ? Color.web("#e8f5e9") : Color.web("#fff8e1");
                stroke = b.active() ? Color.web("#43a047") : Color.web("#f9a825");
            }
            case POLICY -> {
                fill = b.active() ? Color.web("#e8f5e9") : Color.web("#fff8e1");
                stroke = Color.web("#d84315");
            }
            case VETH -> {
                fill = Color.web("#b0bec5");
                stroke = Color.web("#546e7a");
            }
            case BRIDGE -> {
                fill = Color.web("#4db6ac");
                stroke = Color.web("#00796b");
            }
            case NETFILTER -> {
                fill = Color.web("#fff3e0");
                stroke = Color.web("#ef6c00");
            }
            case VTEP -> {
                fill = Color.web("#f3e5f5");
                stroke = Color.web("#8e24aa");
            }
            case NIC -> {
                fill = Color.web("#e3f2fd");
                stroke = Color.web("#1565c0");
            }
            case SERVICE -> {
                fill = Color.web("#e3f2fd");
                stroke = Color.web("#1e88e5");
            }
            case INGRESS -> {
                fill = Color.web("#ede7f6");
                stroke = Color.web("#5e35b1");
            }
            default -> {
                fill = Color.web("#fafafa");
                stroke = Color.web("#455a64");
            }
        }
        g.setFill(fill);
        g.setStroke(stroke);
        g.setLineWidth(b.kind() == Topology.Kind.NODE ? 2 : 1.4);
        double arc = b.kind() == Topology.Kind.POD || b.kind() == Topology.Kind.POLICY ? 10 : 6;
        g.fillRoundRect(r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight(), arc, arc);
        g.strokeRoundRect(r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight(), arc, arc);
        g.setFill(Color.web("#263238"));
        g.setTextBaseline(VPos.CENTER);
        switch (b.kind()) {
            case NODE -> {
                g.setTextAlign(TextAlignment.LEFT);
                g.setFont(Font.font("System", FontWeight.BOLD, 13));
                g.fillText(b.label(), r.getMinX() + 8, r.getMinY() + 13);
                g.setFont(Font.font(10));
                g.setFill(Color.web("#546e7a"));
                g.fillText(b.sublabel(), r.getMinX() + 8 + Math.min(140, b.label().length() * 8 + 10), r.getMinY() + 13);
            }
            case VETH -> {
            }
            case BRIDGE -> {
                g.setTextAlign(TextAlignment.LEFT);
                g.setFont(Font.font("System", FontWeight.BOLD, 9));
                g.setFill(Color.WHITE);
                g.fillText("cni0", r.getMinX() + 4, r.getMinY() + r.getHeight() / 2);
            }
            default -> {
                g.setTextAlign(TextAlignment.CENTER);
                double cx = r.getMinX() + r.getWidth() / 2;
                boolean two = b.sublabel() != null && !b.sublabel().isEmpty();
                g.setFont(Font.font("System", FontWeight.BOLD, 10.5));
                g.fillText(b.label(), cx, r.getMinY() + (two ? r.getHeight() * 0.32 : r.getHeight() / 2));
                if (two) {
                    g.setFont(Font.font(9.5));
                    g.setFill(Color.web("#455a64"));
                    g.fillText(b.sublabel(), cx, r.getMinY() + r.getHeight() * 0.72);
                }
            }
        }
        g.setTextBaseline(VPos.BASELINE);
    }

    private void frame(long now) {
        boolean moving = advance(now);
        if (!moving && !overlayDirty && markers.isEmpty() && ghosts.isEmpty() && bornAt.isEmpty()) {
            return;
        }
        overlayDirty = false;
        drawOverlay(now);
        frames++;
    }

    /** Launches the next hop of every flow whose packet has arrived. */
    private boolean advance(long now) {
        if (topology == null) {
            return false;
        }
        for (Iterator<Map.Entry<Long, ArrayDeque<Hop>>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            var en = it.next();
            long flow = en.getKey();
            Flight f = flights.get(flow);
            if (f != null && now < f.start() + f.duration()) {
                continue;
            }
            if (f != null) {
                arrive(f, now);
                flights.remove(flow);
            }
            Hop hop = en.getValue().poll();
            if (hop == null) {
                it.remove();
                continue;
            }
            Point2D to = resolve(hop.event(), lastEvent.get(flow), hop.index());
            Point2D from = lastPosition.getOrDefault(flow, to);
            if (to == null) {
                to = from;
            }
            if (to == null) {
                lastEvent.put(flow, hop.event());
                continue;
            }
            List<Point2D> path = topology.route(from, to);
            double length = 0;
            for (int i = 1; i < path.size(); i++) {
                length += path.get(i - 1).distance(path.get(i));
            }
            // Long ways (across the underlay) take longer, but never so long that a short hop is invisible.
            // A hop at the same place (a netfilter decision, the Pod's own interface) only blinks.
            long duration = length < 1 ? BASE_HOP_NANOS / 10
                    : (long) (BASE_HOP_NANOS * Math.max(0.6, Math.min(2.0, length / 220)));
            PacketEvent before = lastEvent.get(flow);
            // Drawn as a packet inside a packet only between two encapsulated hops (on the tunnel/underlay).
            boolean onTunnel = hop.event().encapsulated() && before != null && before.encapsulated();
            flights.put(flow, new Flight(hop.index(), hop.event(), from, to, path, length, now, (long) (duration / speed),
                    hop.enqueuedAt(), new boolean[1], hop.immediate(), onTunnel));
            lastPosition.put(flow, to);
            lastEvent.put(flow, hop.event());
            onHopLaunched.accept(hop.index());
        }
        // Flights whose flow has nothing more pending finish here.
        for (Iterator<Map.Entry<Long, Flight>> it = flights.entrySet().iterator(); it.hasNext(); ) {
            var en = it.next();
            Flight f = en.getValue();
            if (!pending.containsKey(en.getKey()) && now >= f.start() + f.duration()) {
                arrive(f, now);
                it.remove();
            }
        }
        return !flights.isEmpty();
    }

    private void arrive(Flight f, long now) {
        PacketEvent e = f.event();
        if (e.natAfter() != null) {
            markers.add(new Marker(f.to(), natText(e), Color.web("#e65100"), now + (long) (MARKER_NANOS / Math.min(speed, 1)), false));
        }
        if (e.verdict() == PacketEvent.Verdict.DROPPED || e.verdict() == PacketEvent.Verdict.REJECTED) {
            markers.add(new Marker(f.to(), e.verdict().name().toLowerCase() + (e.rule() == null ? "" : ": " + e.rule()),
                    Color.web("#c62828"), now + 2 * MARKER_NANOS, true));
        }
    }

    private static String natText(PacketEvent e) {
        return e.natBefore() + "  ⇒  " + e.natAfter();
    }

    private Point2D resolve(PacketEvent e, PacketEvent previous, int index) {
        if (topology == null) {
            return null;
        }
        Point2D p = topology.anchor(e, previous);
        if (p == null && timeline != null && index >= 0) {
            // This layer does not show the place: stay where the flow was.
            int prev = timeline.previousInFlow(index);
            return prev < 0 ? null : resolve(timeline.get(prev), null, prev);
        }
        return p;
    }

    private void drawOverlay(long now) {
        GraphicsContext g = overlay.getGraphicsContext2D();
        g.setTransform(1, 0, 0, 1, 0, 0);
        g.clearRect(0, 0, overlay.getWidth(), overlay.getHeight());
        if (topology == null) {
            return;
        }
        g.setTransform(scale, 0, 0, scale, offsetX, offsetY);
        // Pods that appeared glow, Pods that went away fade out.
        for (Iterator<Map.Entry<String, Long>> it = bornAt.entrySet().iterator(); it.hasNext(); ) {
            var en = it.next();
            double age = (now - en.getValue()) / (double) POD_FADE_NANOS;
            if (age >= 1) {
                it.remove();
                continue;
            }
            topology.boxes().stream().filter(b -> b.id().equals("Pod/" + en.getKey())).findFirst().ifPresent(b -> {
                g.setStroke(Color.web("#00c853", 1 - age));
                g.setLineWidth(4);
                var r = b.rect();
                g.strokeRoundRect(r.getMinX() - 3, r.getMinY() - 3, r.getWidth() + 6, r.getHeight() + 6, 12, 12);
            });
        }
        for (Iterator<Ghost> it = ghosts.iterator(); it.hasNext(); ) {
            Ghost gh = it.next();
            if (now > gh.until()) {
                it.remove();
                continue;
            }
            double a = (gh.until() - now) / (double) POD_FADE_NANOS;
            var r = gh.box().rect();
            g.setFill(Color.web("#ef9a9a", 0.8 * a));
            g.fillRoundRect(r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight(), 10, 10);
            g.setFill(Color.web("#b71c1c", a));
            g.setFont(Font.font(10));
            g.setTextAlign(TextAlignment.CENTER);
            g.fillText(gh.box().label() + " ✕", r.getMinX() + r.getWidth() / 2, r.getMinY() + r.getHeight() / 2 + 3);
        }
        drawRates(g);
        // Text is the dearest thing to draw in the software pipeline, and 100 labels are unreadable anyway:
        // in a crowd only the packets are drawn (the details pane and the event list still say everything).
        boolean labels = flights.size() <= CROWD;
        for (Flight f : flights.values()) {
            double t = Math.min(1, (now - f.start()) / (double) Math.max(1, f.duration()));
            Point2D at = f.at(t);
            drawPacket(g, f.event(), at.getX(), at.getY(), false, f.onTunnel(), labels);
            if (!f.drawn()[0]) {
                f.drawn()[0] = true;
                if (f.immediate() && eventToFrameNanos.size() < 100_000) {
                    eventToFrameNanos.add(System.nanoTime() - f.enqueuedAt());
                }
            }
        }
        for (Iterator<Marker> it = markers.iterator(); it.hasNext(); ) {
            Marker m = it.next();
            if (now > m.until()) {
                it.remove();
                continue;
            }
            drawMarker(g, m.at(), m.text(), m.color(), m.cross());
        }
        if (highlighted >= 0 && highlightedPosition != null && timeline != null && highlighted < timeline.size()) {
            PacketEvent e = timeline.get(highlighted);
            int prev = timeline.previousInFlow(highlighted);
            if (prev >= 0) {
                Point2D from = resolve(timeline.get(prev), prev > 0 ? previousOf(prev) : null, prev);
                if (from != null) {
                    g.setStroke(flowColor(e.flowId()));
                    g.setLineWidth(3);
                    g.setLineDashes(6, 4);
                    List<Point2D> path = topology.route(from, highlightedPosition);
                    for (int i = 1; i < path.size(); i++) {
                        g.strokeLine(path.get(i - 1).getX(), path.get(i - 1).getY(), path.get(i).getX(), path.get(i).getY());
                    }
                    g.setLineDashes();
                }
            }
            g.setStroke(Color.web("#ffab00"));
            g.setLineWidth(3);
            g.strokeOval(highlightedPosition.getX() - 16, highlightedPosition.getY() - 16, 32, 32);
            drawPacket(g, e, highlightedPosition.getX(), highlightedPosition.getY(), true, e.encapsulated(), true);
            if (e.natAfter() != null) {
                drawMarker(g, highlightedPosition, natText(e), Color.web("#e65100"), false);
            }
            if (e.verdict() == PacketEvent.Verdict.DROPPED || e.verdict() == PacketEvent.Verdict.REJECTED) {
                drawMarker(g, highlightedPosition, e.verdict().name().toLowerCase() + (e.rule() == null ? "" : ": " + e.rule()),
                        Color.web("#c62828"), true);
            }
        }
    }

    private PacketEvent previousOf(int index) {
        int p = timeline.previousInFlow(index);
        return p < 0 ? null : timeline.get(p);
    }

    private void drawRates(GraphicsContext g) {
        if (linkRates.isEmpty() || mode == LayerMode.LOGICAL) {
            return;
        }
        g.setFont(Font.font(9));
        g.setTextAlign(TextAlignment.LEFT);
        for (var en : linkRates.entrySet()) {
            String[] parts = en.getKey().split(" ", 2);
            Point2D at = parts.length == 2 && !parts[1].startsWith("veth") ? topology.anchor(parts[0] + "|" + parts[1]) : null;
            if (at == null) {
                continue;
            }
            long[] r = en.getValue();
            String text = r[0] + " pkt/s " + (r[1] >= 1024 ? r[1] / 1024 + " KiB/s" : r[1] + " B/s");
            g.setFill(Color.web("#ffffff", 0.85));
            g.fillRect(at.getX() + 38, at.getY() - 16, text.length() * 5.2, 12);
            g.setFill(Color.web("#37474f"));
            g.fillText(text, at.getX() + 40, at.getY() - 7);
        }
    }

    private void drawPacket(GraphicsContext g, PacketEvent e, double x, double y, boolean big, boolean encapsulated,
                            boolean label) {
        Color c = flowColor(e.flowId());
        double k = big ? 1.4 : 1;
        if (encapsulated) {
            // A packet inside a packet: the outer UDP/VXLAN frame around the Pod's own packet.
            g.setFill(Color.web("#4a148c"));
            g.fillRoundRect(x - 15 * k, y - 10 * k, 30 * k, 20 * k, 6, 6);
            g.setFill(c);
            g.fillRoundRect(x - 8 * k, y - 5 * k, 16 * k, 10 * k, 4, 4);
            if (label) {
                g.setFill(Color.WHITE);
                g.setFont(Font.font(7 * k));
                g.setTextAlign(TextAlignment.CENTER);
                g.fillText("VXLAN", x, y - 5.5 * k);
            }
        } else {
            g.setFill(c);
            g.fillRoundRect(x - 9 * k, y - 6 * k, 18 * k, 12 * k, 4, 4);
            g.setStroke(c.darker());
            g.setLineWidth(1);
            g.strokeRoundRect(x - 9 * k, y - 6 * k, 18 * k, 12 * k, 4, 4);
        }
        String to = label ? EventTimeline.to(e) : "";
        if (!to.isEmpty()) {
            g.setFont(Font.font("System", FontWeight.BOLD, 9 * k));
            g.setTextAlign(TextAlignment.LEFT);
            g.setFill(Color.web("#ffffff", 0.8));
            g.fillRect(x + 12 * k, y - 13 * k, (to.length() + 1) * 5.3 * k, 11 * k);
            g.setFill(c.darker().darker());
            g.fillText("→" + to, x + 12 * k, y - 4 * k);
        }
    }

    private static void drawMarker(GraphicsContext g, Point2D at, String text, Color color, boolean cross) {
        if (cross) {
            g.setStroke(color);
            g.setLineWidth(4);
            g.strokeLine(at.getX() - 10, at.getY() - 10, at.getX() + 10, at.getY() + 10);
            g.strokeLine(at.getX() - 10, at.getY() + 10, at.getX() + 10, at.getY() - 10);
        }
        g.setFont(Font.font("System", FontWeight.BOLD, 11));
        g.setTextAlign(TextAlignment.LEFT);
        double w = text.length() * 6.4 + 10;
        double bx = at.getX() - w / 2;
        double by = at.getY() + 16;
        g.setFill(Color.web("#fffde7", 0.95));
        g.fillRoundRect(bx, by, w, 18, 6, 6);
        g.setStroke(color);
        g.setLineWidth(1.5);
        g.strokeRoundRect(bx, by, w, 18, 6, 6);
        g.setFill(color);
        g.fillText(text, bx + 5, by + 13);
    }

    /** A stable, distinct colour per flow (golden-ratio hues). */
    public static Color flowColor(long flowId) {
        double hue = (Math.abs(flowId) * 0.618033988749895 % 1.0) * 360;
        return Color.hsb(hue, 0.85, 0.85);
    }

    private int hitTest(double vx, double vy) {
        double wx = (vx - offsetX) / scale;
        double wy = (vy - offsetY) / scale;
        int best = -1;
        double bestD = 18 / Math.max(scale, 0.2);
        long now = System.nanoTime();
        for (Flight f : flights.values()) {
            double t = Math.min(1, (now - f.start()) / (double) Math.max(1, f.duration()));
            Point2D at = f.at(t);
            double d = Math.hypot(at.getX() - wx, at.getY() - wy);
            if (d < bestD) {
                bestD = d;
                best = f.index();
            }
        }
        if (highlightedPosition != null && highlightedPosition.distance(wx, wy) < bestD) {
            best = highlighted;
        }
        return best;
    }
}
