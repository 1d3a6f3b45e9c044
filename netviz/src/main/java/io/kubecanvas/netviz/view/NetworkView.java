package io.kubecanvas.netviz.view;

import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.netviz.simulation.EventTimeline;
import javafx.animation.AnimationTimer;
import javafx.geometry.Point2D;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The network picture with packets moving on it. Two canvases: the topology, redrawn when the cluster
 * state, the layer or the camera changes, and an overlay with the packets, redrawn every frame while
 * something moves. Each flow moves hop by hop (one packet per flow in flight); different flows move at the
 * same time.
 *
 * <p>The camera fits the cluster into the view until the user zooms (wheel, +/-) or pans (drag, arrow
 * keys); "fit" (F or 0) returns to it. Text never gets smaller on screen than {@link #setMinLabelPixels}
 * (12 px by default) and grows when zoomed in; what does not fit its box is shortened with an ellipsis.
 * The follow camera keeps the current packet in the middle. FX thread only.
 */
public final class NetworkView extends Region {
    private static final long BASE_HOP_NANOS = 300_000_000L;
    private static final long MARKER_NANOS = 2_500_000_000L;
    private static final long POD_FADE_NANOS = 1_500_000_000L;
    private static final double MAX_FIT_SCALE = 2.0;

    private final Canvas base = new Canvas();
    private final Canvas overlay = new Canvas();
    private final FxSketch baseSketch = new FxSketch(base.getGraphicsContext2D());
    private final FxSketch overlaySketch = new FxSketch(overlay.getGraphicsContext2D());
    private final TextFit text = new TextFit();
    private ClusterState state;
    private LayerMode mode = LayerMode.BOTH;
    private Topology topology;
    private Palette palette = Palette.LIGHT;
    private double speed = 1.0;
    private boolean packetLabels = true;
    private String emptyMessage = "Press Run (or Send) to start the cluster.";

    // The camera: world to view is (x * scale + offsetX, y * scale + offsetY).
    private double scale = 1;
    private double offsetX;
    private double offsetY;
    private double fitScale = 1;
    private boolean userCamera;
    private boolean follow;
    private long followFlow = Long.MIN_VALUE;
    private double pressX;
    private double pressY;
    private boolean dragging;

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
    private final List<Consumer<Launch>> launchListeners = new CopyOnWriteArrayList<>();
    private LongSupplier clock = System::nanoTime;

    private long frames;
    private final List<long[]> drawTimes = new ArrayList<>();
    private final Map<String, String> shownLabels = new HashMap<>();
    private boolean overlayDirty = true;
    private boolean baseDirty;

    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            frame(clock.getAsLong());
        }
    };

    private record Hop(int index, PacketEvent event, long enqueuedAt, boolean immediate) {
    }

    /**
     * A hop that started moving: which, when, for how long (a mirrored view moves it the same way); with
     * index -1, the flow's last hop landed and leaves the picture.
     */
    public record Launch(int index, PacketEvent event, long start, long duration) {
        boolean landed() {
            return index < 0;
        }
    }

    private record Flight(int index, PacketEvent event, Point2D from, Point2D to, List<Point2D> path, double length,
                          long start, long duration, long enqueuedAt, boolean[] drawn, boolean immediate,
                          boolean onTunnel, boolean mirrored) {
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

        Point2D now(long now) {
            return at(Math.min(1, (now - start) / (double) Math.max(1, duration)));
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
        setFocusTraversable(true);
        overlay.setOnMousePressed(ev -> {
            requestFocus();
            pressX = ev.getX();
            pressY = ev.getY();
            dragging = false;
        });
        overlay.setOnMouseDragged(ev -> {
            if (ev.getButton() != MouseButton.PRIMARY && ev.getButton() != MouseButton.MIDDLE) {
                return;
            }
            if (!dragging && Math.hypot(ev.getX() - pressX, ev.getY() - pressY) > 4) {
                dragging = true;
            }
            if (dragging) {
                panBy(ev.getX() - pressX, ev.getY() - pressY);
                pressX = ev.getX();
                pressY = ev.getY();
            }
        });
        overlay.setOnMouseClicked(ev -> {
            if (dragging) {
                return;
            }
            if (ev.getClickCount() == 2 && hitTest(ev.getX(), ev.getY()) < 0) {
                fitToView();
                return;
            }
            int hit = hitTest(ev.getX(), ev.getY());
            if (hit >= 0) {
                onPacketClicked.accept(hit);
            }
        });
        overlay.setOnScroll(ev -> {
            if (ev.getDeltaY() != 0) {
                zoomAt(Math.pow(1.0018, ev.getDeltaY()), ev.getX(), ev.getY());
            }
        });
        addEventHandler(KeyEvent.KEY_PRESSED, this::key);
        timer.start();
    }

    // ----- public API

    public void setState(ClusterState next) {
        if (state != null && next != null && topology != null) {
            Set<String> nextPods = next.pods().stream().map(ClusterState.PodState::key).collect(Collectors.toSet());
            long now = clock.getAsLong();
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

    public double speed() {
        return speed;
    }

    public void setTimeline(EventTimeline t) {
        timeline = t;
    }

    /** Light or dark colours (the app's theme). */
    public void setPalette(Palette p) {
        palette = p;
        drawBase();
        overlayDirty = true;
    }

    public Palette palette() {
        return palette;
    }

    /** The smallest size of text on screen, in pixels (12 by default; presenter mode asks for more). */
    public void setMinLabelPixels(double px) {
        text.minPixels = Math.max(6, px);
        drawBase();
        overlayDirty = true;
    }

    public double minLabelPixels() {
        return text.minPixels;
    }

    /** The on-screen size of a Pod's name now, in pixels: never below {@link #minLabelPixels()}. */
    public double podLabelPixels() {
        return Math.max(text.minPixels, 13 * scale);
    }

    /** A box's name as drawn now (shortened in the middle when it does not fit), or null. */
    public String shownLabel(Topology.Box box) {
        return shownLabels.get(box.id());
    }

    /** Whether moving packets carry their destination address. On by default. */
    public void setPacketLabels(boolean on) {
        packetLabels = on;
        overlayDirty = true;
    }

    /** What the empty view says before the cluster runs. */
    public void setEmptyMessage(String message) {
        emptyMessage = message;
        if (topology == null) {
            drawBase();
        }
    }

    /** Animates hops: each flow's hops one after the other, flows side by side. */
    public void play(int firstIndex, List<PacketEvent> events) {
        long now = clock.getAsLong();
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

    /** The timeline indexes of the hops now moving on screen. */
    public List<Integer> hopsInFlight() {
        return flights.values().stream().map(Flight::index).toList();
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
        long now = clock.getAsLong();
        Map<Integer, Point2D> out = new LinkedHashMap<>();
        for (Flight f : flights.values()) {
            out.put(f.index(), toView(f.now(now)));
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

    /** Whether anything still changes on screen: packets, or NAT and drop notes fading out. */
    public boolean settled() {
        return !animating() && markers.isEmpty() && ghosts.isEmpty() && bornAt.isEmpty();
    }

    /** Highlights one hop of the timeline (simulation mode), -1 for none. */
    public void highlight(int index) {
        highlighted = index;
        highlightedPosition = null;
        if (index >= 0 && timeline != null && topology != null && index < timeline.size()) {
            int prev = timeline.previousInFlow(index);
            highlightedPosition = resolve(timeline.get(index), prev < 0 ? null : timeline.get(prev), index);
        }
        overlayDirty = true;
    }

    public int highlighted() {
        return highlighted;
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

    /** Told of every hop that starts moving, with its timing (for a mirrored view). */
    public void addLaunchListener(Consumer<Launch> l) {
        launchListeners.add(l);
    }

    /**
     * Moves this view's packets exactly as {@code leader} moves its own: same hop, same start, same duration,
     * on this view's own picture. Used for the logical and physical views side by side.
     */
    public void mirror(NetworkView leader) {
        leader.addLaunchListener(this::launch);
    }

    public void setLinkRates(Map<String, long[]> rates) {
        linkRates = rates;
        overlayDirty = true;
    }

    /** Overlay frames drawn so far. */
    public long frames() {
        return frames;
    }

    /**
     * For each fresh hop that could move at once: when it entered {@link #play} and when the frame that first
     * drew it was drawn ({@code clock} nanoseconds); the bench matches the second to the frame on screen.
     */
    public List<long[]> drawTimes() {
        return drawTimes;
    }

    /** The view coordinates of a world point (tests and the bench look for pixels there). */
    public Point2D toView(Point2D world) {
        return new Point2D(offsetX + world.getX() * scale, offsetY + world.getY() * scale);
    }

    public Point2D toWorld(Point2D view) {
        return new Point2D((view.getX() - offsetX) / scale, (view.getY() - offsetY) / scale);
    }

    public void stopAnimation() {
        timer.stop();
    }

    public void startAnimation() {
        timer.start();
    }

    /** The time source of the animation (an export renders frames on a clock of its own). */
    public void setClock(LongSupplier c) {
        clock = c;
    }

    /** Advances the animation to the clock's time and draws (with the timer stopped: one frame of an export). */
    public void renderFrame() {
        frame(clock.getAsLong());
    }

    /** Draws the whole picture as it is now onto any surface of the view's size (an SVG export). */
    public void drawTo(Sketch s) {
        drawBase(s, getWidth(), getHeight());
        drawOverlay(s, clock.getAsLong(), false);
    }

    // ----- the camera

    public double scale() {
        return scale;
    }

    /** The scale at which the whole picture fits. */
    public double fitScale() {
        return fitScale;
    }

    /** True while the user's own zoom or pan holds (until {@link #fitToView}). */
    public boolean userCamera() {
        return userCamera;
    }

    /** Back to the whole cluster in view. */
    public void fitToView() {
        userCamera = false;
        fit();
        baseDirty = true;
        overlayDirty = true;
    }

    /** Zooms by {@code factor} keeping the view point (x, y) where it is. */
    public void zoomAt(double factor, double x, double y) {
        if (topology == null) {
            return;
        }
        double next = Math.max(fitScale * 0.4, Math.min(8, scale * factor));
        Point2D w = toWorld(new Point2D(x, y));
        scale = next;
        offsetX = x - w.getX() * scale;
        offsetY = y - w.getY() * scale;
        userCamera = true;
        baseDirty = true;
        overlayDirty = true;
    }

    public void zoomBy(double factor) {
        zoomAt(factor, getWidth() / 2, getHeight() / 2);
    }

    public void panBy(double dx, double dy) {
        offsetX += dx;
        offsetY += dy;
        userCamera = true;
        baseDirty = true;
        overlayDirty = true;
    }

    /** The follow-the-packet camera: zooms in and keeps the current packet in the middle. */
    public void setFollow(boolean on) {
        follow = on;
        if (!on && !userCamera) {
            fit();
            baseDirty = true;
        }
        overlayDirty = true;
    }

    public boolean follow() {
        return follow;
    }

    private void key(KeyEvent e) {
        switch (e.getCode()) {
            case PLUS, EQUALS, ADD -> zoomBy(1.25);
            case MINUS, SUBTRACT -> zoomBy(1 / 1.25);
            case DIGIT0, NUMPAD0, F -> fitToView();
            case LEFT -> panBy(60, 0);
            case RIGHT -> panBy(-60, 0);
            case UP -> panBy(0, 60);
            case DOWN -> panBy(0, -60);
            default -> {
                return;
            }
        }
        e.consume();
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
            if (state != null && !userCamera && mode != LayerMode.LOGICAL && h > 0) {
                // A window of another shape may want the nodes in more or fewer rows.
                Topology t = Topology.layout(state, mode, w / h);
                if (topology == null || t.nodesPerRow() != topology.nodesPerRow()) {
                    topology = t;
                    lastPosition.clear();
                    rehighlight();
                }
            }
            if (!userCamera) {
                fit();
            }
            drawBase();
            overlayDirty = true;
        }
    }

    private void relayout() {
        double w = base.getWidth();
        double h = base.getHeight();
        topology = state == null ? null : Topology.layout(state, mode, w > 0 && h > 0 ? w / h : 0);
        lastPosition.clear();
        if (!userCamera) {
            fit();
        }
        drawBase();
        rehighlight();
        overlayDirty = true;
    }

    private void rehighlight() {
        if (highlighted >= 0) {
            highlight(highlighted);
        }
    }

    private void fit() {
        if (topology == null || base.getWidth() <= 0) {
            return;
        }
        double sx = base.getWidth() / Math.max(1, topology.width());
        double sy = base.getHeight() / Math.max(1, topology.height());
        fitScale = Math.min(MAX_FIT_SCALE, Math.min(sx, sy));
        scale = fitScale;
        offsetX = Math.max(0, (base.getWidth() - topology.width() * scale) / 2);
        offsetY = Math.max(0, (base.getHeight() - topology.height() * scale) / 2);
    }

    private void drawBase() {
        baseDirty = false;
        drawBase(baseSketch, base.getWidth(), base.getHeight());
    }

    private void drawBase(Sketch g, double w, double h) {
        g.clear(w, h, palette.background);
        if (topology == null) {
            g.fill(palette.mutedText);
            g.font(Font.font(Math.max(14, text.minPixels)));
            g.align(TextAlignment.LEFT);
            g.baseline(VPos.BASELINE);
            g.fillText(emptyMessage, 20, 30);
            return;
        }
        g.transform(scale, offsetX, offsetY);
        text.scale = scale;
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
            g.fill(palette.tunnel);
            Font f = text.font(11, false);
            g.font(f);
            g.align(TextAlignment.LEFT);
            g.baseline(VPos.TOP);
            g.fillText(text.elide("VXLAN tunnels between flannel.1 devices (vni 1, udp 8472), carried by the underlay", f,
                    topology.width() - topology.tunnelLabel().getX() - 10), topology.tunnelLabel().getX(), topology.tunnelLabel().getY());
        }
    }

    private void drawLink(Sketch g, Topology.Link l) {
        g.dashes();
        switch (l.kind()) {
            case UNDERLAY -> {
                g.stroke(palette.underlay);
                g.lineWidth(4);
            }
            case TUNNEL -> {
                g.stroke(palette.tunnel);
                g.lineWidth(2.5);
                g.dashes(8, 5);
            }
            case ENDPOINT -> {
                g.stroke(palette.endpoint);
                g.lineWidth(1.4);
                g.dashes(4, 4);
            }
            case VETH -> {
                g.stroke(palette.veth);
                g.lineWidth(1.5);
            }
            default -> {
                g.stroke(palette.wire);
                g.lineWidth(2);
            }
        }
        g.strokeLine(l.from().getX(), l.from().getY(), l.to().getX(), l.to().getY());
        g.dashes();
    }

    private void drawBox(Sketch g, Topology.Box b) {
        var r = b.rect();
        Palette.BoxColors c = palette.box(b.kind());
        g.fill(b.active() ? c.fill() : c.inactiveFill());
        g.stroke(b.active() ? c.stroke() : c.inactiveStroke());
        g.lineWidth(b.kind() == Topology.Kind.NODE ? 2 : 1.4);
        double arc = b.kind() == Topology.Kind.POD || b.kind() == Topology.Kind.POLICY ? 10 : 6;
        g.fillRoundRect(r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight(), arc);
        g.strokeRoundRect(r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight(), arc);
        g.fill(palette.text);
        g.baseline(VPos.CENTER);
        switch (b.kind()) {
            case NODE -> {
                g.align(TextAlignment.LEFT);
                Font bold = text.font(15, true);
                g.font(bold);
                double room = r.getWidth() - 16;
                String label = text.elide(b.label(), bold, room);
                shownLabels.put(b.id(), label);
                double y = r.getMinY() + Math.max(16, bold.getSize() * 0.62);
                g.fillText(label, r.getMinX() + 8, y);
                double used = text.width(label, bold) + 12;
                Font small = text.font(12, false);
                if (room - used > small.getSize() * 3) {
                    g.font(small);
                    g.fill(palette.mutedText);
                    g.fillText(text.elide(b.sublabel(), small, room - used), r.getMinX() + 8 + used, y);
                }
            }
            case VETH -> {
            }
            case BRIDGE -> {
                g.align(TextAlignment.LEFT);
                Font f = text.font(11, true);
                g.font(f);
                g.fill(palette.bridgeText);
                g.fillText("cni0", r.getMinX() + 4, r.getMinY() + r.getHeight() / 2);
            }
            default -> {
                boolean pod = b.kind() == Topology.Kind.POD || b.kind() == Topology.Kind.POLICY;
                Font bold = text.font(pod ? 13 : 12, true);
                Font small = text.font(pod ? 12 : 11, false);
                double cx = r.getMinX() + r.getWidth() / 2;
                double room = r.getWidth() - 8;
                // Two lines when both fit with a line's spacing between them, else the name alone.
                double pitch = 0.55 * (bold.getSize() + small.getSize()) + 2;
                boolean two = b.sublabel() != null && !b.sublabel().isEmpty()
                        && pitch + 0.6 * (bold.getSize() + small.getSize()) <= r.getHeight();
                g.align(TextAlignment.CENTER);
                g.font(bold);
                double mid = r.getMinY() + r.getHeight() / 2;
                String label = text.elide(b.label(), bold, room);
                shownLabels.put(b.id(), label);
                g.fillText(label, cx, two ? mid - pitch / 2 : mid);
                if (two) {
                    g.font(small);
                    g.fill(palette.mutedText);
                    g.fillText(text.elide(b.sublabel(), small, room), cx, mid + pitch / 2);
                }
            }
        }
        g.baseline(VPos.BASELINE);
    }

    private void frame(long now) {
        boolean moving = advance(now);
        boolean cameraMoved = follow && steerCamera();
        if (baseDirty || cameraMoved) {
            drawBase();
            overlayDirty = true;
        }
        if (!moving && !overlayDirty && markers.isEmpty() && ghosts.isEmpty() && bornAt.isEmpty()) {
            return;
        }
        overlayDirty = false;
        drawOverlay(overlaySketch, now, true);
        frames++;
    }

    /** One step of the follow camera towards the current packet; true when the picture moved. */
    private boolean steerCamera() {
        if (topology == null || base.getWidth() <= 0) {
            return false;
        }
        Point2D target = highlightedPosition;
        if (target == null) {
            Flight f = flights.get(followFlow);
            if (f == null && !flights.isEmpty()) {
                f = flights.values().iterator().next();
            }
            target = f == null ? null : f.now(clock.getAsLong());
        }
        if (target == null) {
            return false;
        }
        double want = Math.min(3, Math.max(fitScale * 1.8, 1.1));
        double cw = base.getWidth() / 2;
        double ch = base.getHeight() / 2;
        Point2D centre = toWorld(new Point2D(cw, ch));
        double k = 0.18;
        double nextScale = scale + (want - scale) * k;
        double nx = centre.getX() + (target.getX() - centre.getX()) * k;
        double ny = centre.getY() + (target.getY() - centre.getY()) * k;
        double nextOffX = cw - nx * nextScale;
        double nextOffY = ch - ny * nextScale;
        if (Math.abs(nextOffX - offsetX) < 0.3 && Math.abs(nextOffY - offsetY) < 0.3 && Math.abs(nextScale - scale) < 0.002) {
            return false;
        }
        scale = nextScale;
        offsetX = nextOffX;
        offsetY = nextOffY;
        return true;
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
            Flight next = flight(hop.index(), hop.event(), now, -1, hop.enqueuedAt(), hop.immediate(), false);
            if (next == null) {
                if (f != null) {
                    Launch gone = new Launch(-1, f.event(), now, 0);
                    launchListeners.forEach(c -> c.accept(gone));
                }
                continue;
            }
            onHopLaunched.accept(hop.index());
            Launch l = new Launch(hop.index(), hop.event(), next.start(), next.duration());
            launchListeners.forEach(c -> c.accept(l));
        }
        // Flights whose flow has nothing more pending finish here; a mirrored one when its leader's does.
        for (Iterator<Map.Entry<Long, Flight>> it = flights.entrySet().iterator(); it.hasNext(); ) {
            var en = it.next();
            Flight f = en.getValue();
            if (!f.mirrored() && !pending.containsKey(en.getKey()) && now >= f.start() + f.duration()) {
                arrive(f, now);
                it.remove();
                Launch l = new Launch(-1, f.event(), now, 0);
                launchListeners.forEach(c -> c.accept(l));
            }
        }
        return !flights.isEmpty();
    }

    /**
     * Puts a hop in flight from where its flow was to where this hop happens.
     *
     * @param duration -1 to derive it from the length of the way on this picture
     * @return null when this picture has no place for it yet
     */
    private Flight flight(int index, PacketEvent event, long start, long duration, long enqueuedAt, boolean immediate,
                          boolean mirrored) {
        long flow = event.flowId();
        PacketEvent before = lastEvent.get(flow);
        Point2D to = resolve(event, before, index);
        Point2D from = lastPosition.getOrDefault(flow, to);
        if (to == null) {
            to = from;
        }
        if (to == null) {
            lastEvent.put(flow, event);
            return null;
        }
        List<Point2D> path = topology.route(from, to);
        double length = 0;
        for (int i = 1; i < path.size(); i++) {
            length += path.get(i - 1).distance(path.get(i));
        }
        if (duration < 0) {
            // Long ways (across the underlay) take longer, but never so long that a short hop is invisible.
            // A hop at the same place (a netfilter decision, the Pod's own interface) only blinks.
            long base = length < 1 ? BASE_HOP_NANOS / 10
                    : (long) (BASE_HOP_NANOS * Math.max(0.6, Math.min(2.0, length / 220)));
            duration = (long) (base / speed);
        }
        // Drawn as a packet inside a packet only between two encapsulated hops (on the tunnel/underlay).
        boolean onTunnel = event.encapsulated() && before != null && before.encapsulated();
        Flight f = new Flight(index, event, from, to, path, length, start, duration, enqueuedAt, new boolean[1], immediate,
                onTunnel, mirrored);
        flights.put(flow, f);
        lastPosition.put(flow, to);
        lastEvent.put(flow, event);
        followFlow = flow;
        return f;
    }

    /** A leader's hop, moved here with the leader's timing. */
    private void launch(Launch l) {
        if (topology == null) {
            return;
        }
        Flight old = flights.remove(l.event().flowId());
        if (old != null) {
            arrive(old, l.start());
        }
        if (!l.landed()) {
            flight(l.index(), l.event(), l.start(), l.duration(), l.start(), false, true);
        }
        overlayDirty = true;
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
        if (p == null && timeline != null && index >= 0 && index < timeline.size()) {
            // This layer does not show the place: stay where the flow was.
            int prev = timeline.previousInFlow(index);
            return prev < 0 ? null : resolve(timeline.get(prev), null, prev);
        }
        return p;
    }

    private void drawOverlay(Sketch g, long now, boolean live) {
        if (live) {
            g.clear(overlay.getWidth(), overlay.getHeight(), null);
        }
        if (topology == null) {
            return;
        }
        g.transform(scale, offsetX, offsetY);
        text.scale = scale;
        // Pods that appeared glow, Pods that went away fade out.
        for (Iterator<Map.Entry<String, Long>> it = bornAt.entrySet().iterator(); it.hasNext(); ) {
            var en = it.next();
            double age = (now - en.getValue()) / (double) POD_FADE_NANOS;
            if (age >= 1 || age < 0) {
                if (live && age >= 1) {
                    it.remove();
                }
                continue;
            }
            topology.boxes().stream().filter(b -> b.id().equals("Pod/" + en.getKey())).findFirst().ifPresent(b -> {
                g.stroke(Color.web("#00c853", 1 - age));
                g.lineWidth(4);
                var r = b.rect();
                g.strokeRoundRect(r.getMinX() - 3, r.getMinY() - 3, r.getWidth() + 6, r.getHeight() + 6, 12);
            });
        }
        for (Iterator<Ghost> it = ghosts.iterator(); it.hasNext(); ) {
            Ghost gh = it.next();
            if (now > gh.until()) {
                if (live) {
                    it.remove();
                }
                continue;
            }
            double a = Math.min(1, (gh.until() - now) / (double) POD_FADE_NANOS);
            var r = gh.box().rect();
            g.fill(Color.web("#ef9a9a", 0.8 * a));
            g.fillRoundRect(r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight(), 10);
            g.fill(Color.web("#b71c1c", a));
            Font f = text.font(12, false);
            g.font(f);
            g.align(TextAlignment.CENTER);
            g.baseline(VPos.CENTER);
            g.fillText(text.elide(gh.box().label() + " ✕", f, r.getWidth() - 6), r.getMinX() + r.getWidth() / 2,
                    r.getMinY() + r.getHeight() / 2);
            g.baseline(VPos.BASELINE);
        }
        drawRates(g);
        for (Flight f : flights.values()) {
            Point2D at = f.now(now);
            drawPacket(g, f.event(), at.getX(), at.getY(), false, f.onTunnel(), packetLabels);
            if (live && !f.drawn()[0]) {
                f.drawn()[0] = true;
                if (f.immediate() && drawTimes.size() < 100_000) {
                    drawTimes.add(new long[]{f.enqueuedAt(), System.nanoTime()});
                }
            }
        }
        for (Iterator<Marker> it = markers.iterator(); it.hasNext(); ) {
            Marker m = it.next();
            if (now > m.until()) {
                if (live) {
                    it.remove();
                }
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
                    g.stroke(flowColor(e.flowId()));
                    g.lineWidth(3);
                    g.dashes(6, 4);
                    List<Point2D> path = topology.route(from, highlightedPosition);
                    for (int i = 1; i < path.size(); i++) {
                        g.strokeLine(path.get(i - 1).getX(), path.get(i - 1).getY(), path.get(i).getX(), path.get(i).getY());
                    }
                    g.dashes();
                }
            }
            double ring = 16 * packetScale();
            g.stroke(palette.highlight);
            g.lineWidth(3);
            g.strokeOval(highlightedPosition.getX() - ring, highlightedPosition.getY() - ring, 2 * ring, 2 * ring);
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

    private void drawRates(Sketch g) {
        if (linkRates.isEmpty() || mode == LayerMode.LOGICAL) {
            return;
        }
        Font f = text.font(10, false);
        g.font(f);
        g.align(TextAlignment.LEFT);
        g.baseline(VPos.CENTER);
        for (var en : linkRates.entrySet()) {
            String[] parts = en.getKey().split(" ", 2);
            Point2D at = parts.length == 2 && !parts[1].startsWith("veth") ? topology.anchor(parts[0] + "|" + parts[1]) : null;
            if (at == null) {
                continue;
            }
            long[] r = en.getValue();
            String s = r[0] + " pkt/s " + (r[1] >= 1024 ? r[1] / 1024 + " KiB/s" : r[1] + " B/s");
            double y = at.getY() - Topology.IFACE_H / 2 - f.getSize() * 0.8;
            g.fill(palette.labelBackground);
            g.fillRect(at.getX() - 30, y - f.getSize() * 0.6, text.width(s, f) + 4, f.getSize() * 1.2);
            g.fill(palette.text);
            g.fillText(s, at.getX() - 28, y);
        }
        g.baseline(VPos.BASELINE);
    }

    /** Packets keep a readable size when the picture is scaled down. */
    private double packetScale() {
        return Math.max(1, 0.9 / scale);
    }

    private void drawPacket(Sketch g, PacketEvent e, double x, double y, boolean big, boolean encapsulated, boolean label) {
        Color c = flowColor(e.flowId());
        double k = (big ? 1.4 : 1) * packetScale();
        if (encapsulated) {
            // A packet inside a packet: the outer UDP/VXLAN frame around the Pod's own packet.
            g.fill(Color.web("#4a148c"));
            g.fillRoundRect(x - 15 * k, y - 10 * k, 30 * k, 20 * k, 6);
            g.fill(c);
            g.fillRoundRect(x - 8 * k, y - 5 * k, 16 * k, 10 * k, 4);
        } else {
            g.fill(c);
            g.fillRoundRect(x - 9 * k, y - 6 * k, 18 * k, 12 * k, 4);
            g.stroke(c.darker());
            g.lineWidth(1);
            g.strokeRoundRect(x - 9 * k, y - 6 * k, 18 * k, 12 * k, 4);
        }
        String to = label ? EventTimeline.to(e) : "";
        if (!to.isEmpty()) {
            // Text is drawn untransformed at a whole pixel size: the software renderer caches glyphs for that,
            // while scaled text is rasterised from outlines every frame (ten times slower with 100 labels).
            String s = (encapsulated ? "VXLAN → " : "→") + to;
            Font f = text.screenFont(big ? 13 : 11, true);
            double lx = offsetX + (x + 12 * k) * scale;
            double ly = offsetY + (y - 8 * k) * scale - f.getSize() * 0.3;
            g.transform(1, 0, 0);
            g.font(f);
            g.align(TextAlignment.LEFT);
            g.baseline(VPos.CENTER);
            g.fill(palette.labelBackground);
            g.fillRect(lx - 2, ly - f.getSize() * 0.62, text.width(s, f) + 4, f.getSize() * 1.24);
            g.fill(palette.dark ? c.brighter() : c.darker().darker());
            g.fillText(s, lx, ly);
            g.baseline(VPos.BASELINE);
            g.transform(scale, offsetX, offsetY);
        }
    }

    private void drawMarker(Sketch g, Point2D at, String s, Color color, boolean cross) {
        double k = packetScale();
        if (cross) {
            g.stroke(color);
            g.lineWidth(4);
            g.strokeLine(at.getX() - 10 * k, at.getY() - 10 * k, at.getX() + 10 * k, at.getY() + 10 * k);
            g.strokeLine(at.getX() - 10 * k, at.getY() + 10 * k, at.getX() + 10 * k, at.getY() - 10 * k);
        }
        Font f = text.font(12, true);
        g.font(f);
        g.align(TextAlignment.LEFT);
        g.baseline(VPos.CENTER);
        double w = text.width(s, f) + f.getSize();
        double h = f.getSize() * 1.6;
        // Centred under the place, but kept inside the view so a note at the edge is still read whole.
        double left = toWorld(new Point2D(4, 0)).getX();
        double right = toWorld(new Point2D(Math.max(8, getWidth() - 4), 0)).getX();
        double bx = Math.max(left, Math.min(at.getX() - w / 2, right - w));
        double by = at.getY() + 16 * k;
        g.fill(palette.markerBackground);
        g.fillRoundRect(bx, by, w, h, 6);
        g.stroke(color);
        g.lineWidth(1.5);
        g.strokeRoundRect(bx, by, w, h, 6);
        g.fill(palette.dark ? color.brighter() : color);
        g.fillText(s, bx + f.getSize() / 2, by + h / 2);
        g.baseline(VPos.BASELINE);
    }

    /** A stable, distinct colour per flow (golden-ratio hues). */
    public static Color flowColor(long flowId) {
        double hue = (Math.abs(flowId) * 0.618033988749895 % 1.0) * 360;
        return Color.hsb(hue, 0.85, 0.85);
    }

    private int hitTest(double vx, double vy) {
        Point2D w = toWorld(new Point2D(vx, vy));
        int best = -1;
        double bestD = 18 / Math.max(scale, 0.2);
        long now = clock.getAsLong();
        for (Flight f : flights.values()) {
            double d = f.now(now).distance(w);
            if (d < bestD) {
                bestD = d;
                best = f.index();
            }
        }
        if (highlightedPosition != null && highlightedPosition.distance(w) < bestD) {
            best = highlighted;
        }
        return best;
    }
}
