package io.kubecanvas.app.ui.canvas;

import io.kubecanvas.app.ui.Icons;
import io.kubecanvas.app.ui.canvas.ClusterPicture.Box;
import io.kubecanvas.app.ui.canvas.ClusterPicture.Edge;
import io.kubecanvas.app.ui.canvas.ClusterPicture.EdgeKind;
import io.kubecanvas.app.ui.canvas.ClusterPicture.Handle;
import io.kubecanvas.app.ui.canvas.ClusterPicture.Shape;
import io.kubecanvas.app.ui.document.DesignSession;
import io.kubecanvas.model.validate.Severity;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.geometry.Point2D;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import io.kubecanvas.model.Design;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.util.Duration;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.shape.StrokeLineJoin;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * Paints a {@link ClusterPicture} on one Canvas. Pan and zoom are a view transform (no re-layout); only
 * boxes inside the visible area are painted and small text is skipped when zoomed far out, which keeps a
 * thousand Pods fluid.
 */
public final class CanvasView extends Region {
    private final Canvas canvas = new Canvas();
    private final DesignSession session;
    private ClusterPicture picture;
    private Placement placement = Placement.NONE;
    private long placementTurn;
    private List<Object> placedInputs;
    private boolean placing;
    private static final Executor PLACER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kubecanvas-placement");
        t.setDaemon(true);
        return t;
    });
    private Map<String, Severity> badges = Map.of();
    private Map<String, String> badgeTips = Map.of();
    /** What a badge means, shown while the pointer rests on it. */
    private final Tooltip badgeTip = new Tooltip();
    private final PauseTransition badgeTipDelay = new PauseTransition(Duration.millis(250));
    private String badgeUnderPointer;
    private boolean dark;
    private final DoubleProperty zoom = new SimpleDoubleProperty(1);
    private double tx = 0;
    private double ty = 0;
    private long paints;
    private boolean autoFit;
    /** Visible edges above which a far-out view draws only the selection's edges. */
    public static final int EDGE_LIMIT = 400;
    static final double BADGE_R = 8;
    private boolean edgesHidden;
    private long lastPaintNanos;

    // Overlay state, set by the gestures while a drag is in progress.
    Set<String> dragIds = Set.of();
    double dragDx;
    double dragDy;
    Point2D connectFrom;
    Point2D connectTo;
    String connectTarget;
    double[] rubberBand;
    String dropKind;
    Point2D dropAt;

    public CanvasView(DesignSession session) {
        this.session = session;
        getStyleClass().add("cluster-canvas");
        getChildren().add(canvas);
        setMinSize(100, 100);
        setFocusTraversable(true);
        place(session.design());
        picture = ClusterPicture.of(session.design(), placement);
        session.designProperty().addListener((o, a, d) -> {
            place(d);
            picture = ClusterPicture.of(d, placement);
            if (session.lastOrigin() == DesignSession.Origin.OPEN) {
                fit(); // a newly opened design is shown whole
            } else {
                repaint();
            }
        });
        session.selection().addListener((javafx.collections.SetChangeListener<String>) c -> repaint());
        widthProperty().addListener(o -> repaint());
        heightProperty().addListener(o -> repaint());
        badgeTip.getStyleClass().add("badge-tooltip");
        badgeTip.setWrapText(true);
        badgeTip.setMaxWidth(420);
        addEventHandler(MouseEvent.MOUSE_MOVED, e -> pointerAt(e.getX(), e.getY(), e.getScreenX(), e.getScreenY()));
        addEventHandler(MouseEvent.MOUSE_EXITED, e -> pointerAt(-1e9, -1e9, 0, 0));
        addEventHandler(MouseEvent.MOUSE_PRESSED, e -> pointerAt(-1e9, -1e9, 0, 0));
    }

    /** Shows the badge's tooltip when the pointer rests on a badge, hides it when it leaves. */
    private void pointerAt(double lx, double ly, double sx, double sy) {
        Point2D w = toWorld(lx, ly);
        String badge = badgeAt(w.getX(), w.getY());
        Box noted = badge == null ? notedAt(w.getX(), w.getY()) : null;
        String id = badge != null ? badge : noted == null ? null : "note:" + noted.id();
        if (java.util.Objects.equals(id, badgeUnderPointer)) {
            return;
        }
        badgeUnderPointer = id;
        badgeTipDelay.stop();
        badgeTip.hide();
        if (id != null && getScene() != null) {
            badgeTip.setText(badge != null ? badgeTips.getOrDefault(badge, badges.get(badge).label()) : noted.note());
            badgeTipDelay.setOnFinished(e -> badgeTip.show(this, sx + 12, sy + 14));
            badgeTipDelay.playFromStart();
        }
    }

    /** The topmost box with a note (a scheduled or pending Pod says where it runs, or why not) at a point. */
    public Box notedAt(double x, double y) {
        for (int i = picture.boxes().size() - 1; i >= 0; i--) {
            Box b = picture.boxes().get(i);
            if (b.note() != null && b.contains(x, y)) {
                return b;
            }
        }
        return null;
    }

    /** The element whose badge is at a canvas point, or null. */
    public String badgeAt(double x, double y) {
        double reach = BADGE_R + 2 / zoom.get();
        for (int i = picture.boxes().size() - 1; i >= 0; i--) {
            Box b = picture.boxes().get(i);
            if (b.shape() != Shape.REPLICA && badges.containsKey(b.id())) {
                Point2D c = badgeCentre(b);
                if (Math.hypot(x - c.getX(), y - c.getY()) <= reach) {
                    return b.id();
                }
            }
        }
        return null;
    }

    private static Point2D badgeCentre(Box b) {
        return new Point2D(b.x() + b.w() - BADGE_R * 0.2, b.y() + BADGE_R * 0.2);
    }

    /** The screen point of an element's badge (tests rest the pointer there). */
    public Point2D screenPointOfBadge(String id) {
        Point2D c = badgeCentre(picture.box(id));
        Point2D l = toLocal(c.getX(), c.getY());
        return localToScreen(l.getX(), l.getY());
    }

    /** The tooltip a badge shows (tests read it). */
    public Tooltip badgeTooltip() {
        return badgeTip;
    }

    public ClusterPicture picture() {
        return picture;
    }

    /** Where the scheduler's dry run put the design's unpinned Pods (what the picture shows). */
    public Placement placement() {
        return placement;
    }

    /** True while a dry run for the current design is still running (the picture then shows the last one). */
    public boolean placing() {
        return placing;
    }

    /**
     * Runs the scheduler's dry run for a design beside the UI (it takes tens of milliseconds): the picture
     * keeps the last placement until the new one is in, then the Pods move to their nodes. A change that
     * cannot move a Pod (a move on the canvas) keeps the placement as it is.
     */
    private void place(Design d) {
        List<Object> inputs = Placement.inputsOf(d);
        if (inputs.equals(placedInputs)) {
            return;
        }
        placedInputs = inputs;
        long turn = ++placementTurn;
        if (!Placement.needed(d)) {
            placement = Placement.NONE;
            placing = false;
            return;
        }
        placing = true;
        PLACER.execute(() -> {
            Placement p = Placement.of(d);
            Platform.runLater(() -> {
                if (turn == placementTurn) {
                    placement = p;
                    placing = false;
                    picture = ClusterPicture.of(session.design(), p);
                    repaint();
                }
            });
        });
    }

    public DesignSession session() {
        return session;
    }

    public void setBadges(Map<String, Severity> badges) {
        setBadges(badges, Map.of());
    }

    /** Badges (the worst severity per element) and what each says on hover. */
    public void setBadges(Map<String, Severity> badges, Map<String, String> tips) {
        this.badges = Map.copyOf(badges);
        this.badgeTips = Map.copyOf(tips);
        repaint();
    }

    public Map<String, Severity> badges() {
        return badges;
    }

    public void setDark(boolean dark) {
        this.dark = dark;
        repaint();
    }

    public DoubleProperty zoomProperty() {
        return zoom;
    }

    public double zoom() {
        return zoom.get();
    }

    /** How many times the canvas was painted, and how long the last paint took (for the benchmark). */
    public long paintCount() {
        return paints;
    }

    /** True when the last paint left out edges (too many at this zoom; zoom in or select to see them). */
    public boolean edgesHidden() {
        return edgesHidden;
    }

    public long lastPaintNanos() {
        return lastPaintNanos;
    }

    // ---- viewport -----------------------------------------------------------------------------

    public Point2D toWorld(double lx, double ly) {
        return new Point2D((lx - tx) / zoom.get(), (ly - ty) / zoom.get());
    }

    public Point2D toLocal(double wx, double wy) {
        return new Point2D(wx * zoom.get() + tx, wy * zoom.get() + ty);
    }

    /** The screen point at the centre of an element (tests aim the robot there). */
    public Point2D screenPointOf(String id) {
        Box b = picture.box(id);
        if (b == null) {
            throw new IllegalArgumentException("not on the canvas: " + id);
        }
        Point2D l = toLocal(b.cx(), b.cy());
        return localToScreen(l.getX(), l.getY());
    }

    /** The screen point of an element's connector handle. */
    public Point2D screenPointOfHandle(String id, io.kubecanvas.app.ui.edit.DesignEdits.Link link) {
        Box b = picture.box(id);
        for (Handle h : picture.handles(b)) {
            if (h.link() == link) {
                Point2D l = toLocal(h.x(), h.y());
                return localToScreen(l.getX(), l.getY());
            }
        }
        throw new IllegalArgumentException(id + " has no " + link + " handle");
    }

    public void panBy(double dx, double dy) {
        autoFit = false;
        tx += dx;
        ty += dy;
        repaint();
    }

    /** Zooms by {@code factor} keeping the local point (px, py) still. */
    public void zoomBy(double factor, double px, double py) {
        autoFit = false;
        double z = clampZoom(zoom.get() * factor);
        double f = z / zoom.get();
        tx = px - (px - tx) * f;
        ty = py - (py - ty) * f;
        zoom.set(z);
        repaint();
    }

    public void zoomBy(double factor) {
        zoomBy(factor, getWidth() / 2, getHeight() / 2);
    }

    /** Sets the view transform: canvas point (x, y) is drawn at local (x * zoom + tx, y * zoom + ty). */
    public void setView(double zoom, double tx, double ty) {
        autoFit = false;
        this.zoom.set(clampZoom(zoom));
        this.tx = tx;
        this.ty = ty;
        repaint();
    }

    public void resetZoom() {
        zoomBy(1 / zoom.get());
    }

    /** Brings elements into view (centred on the first) unless one of them is already visible. */
    public void reveal(java.util.Collection<String> ids) {
        Point2D a = toWorld(0, 0);
        Point2D b = toWorld(getWidth(), getHeight());
        Box first = null;
        for (String id : ids) {
            Box box = picture.box(id);
            if (box == null) {
                continue;
            }
            if (box.cx() >= a.getX() && box.cx() <= b.getX() && box.cy() >= a.getY() && box.cy() <= b.getY()) {
                return;
            }
            first = first == null ? box : first;
        }
        if (first != null) {
            panBy(getWidth() / 2 - toLocal(first.cx(), first.cy()).getX(), getHeight() / 2 - toLocal(first.cx(), first.cy()).getY());
        }
    }

    /** Shows the whole picture. */
    public void fit() {
        autoFit = true;
        double w = Math.max(getWidth(), 200);
        double h = Math.max(getHeight(), 200);
        double pw = picture.maxX() - picture.minX() + 40;
        double ph = picture.maxY() - picture.minY() + 40;
        double z = clampZoom(Math.min(1.25, Math.min(w / pw, h / ph)));
        zoom.set(z);
        tx = (w - (picture.maxX() + picture.minX()) * z) / 2;
        ty = (h - (picture.maxY() + picture.minY()) * z) / 2;
        repaint();
    }

    private static double clampZoom(double z) {
        return Math.max(0.05, Math.min(4, z));
    }

    @Override
    protected void layoutChildren() {
        boolean resized = canvas.getWidth() != getWidth() || canvas.getHeight() != getHeight();
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        if (resized && autoFit) {
            fit(); // fitted before the window had its size: fit again until the user pans or zooms
        } else {
            repaint();
        }
    }

    // ---- painting -----------------------------------------------------------------------------

    public void repaint() {
        long start = System.nanoTime();
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setTransform(1, 0, 0, 1, 0, 0);
        g.setFill(dark ? Color.web("#0d1117") : Color.web("#f6f8fa"));
        g.fillRect(0, 0, w, h);
        double z = zoom.get();
        paintGrid(g, w, h, z);
        g.setTransform(z, 0, 0, z, tx, ty);
        Point2D a = toWorld(0, 0);
        Point2D b = toWorld(w, h);
        paint(g, picture, a.getX(), a.getY(), b.getX(), b.getY(), z, session.selection(), true);
        paintOverlay(g, z);
        paintHint(g);
        paints++;
        lastPaintNanos = System.nanoTime() - start;
    }

    private void paintGrid(GraphicsContext g, double w, double h, double z) {
        double step = 40 * z;
        if (step < 28) {
            return; // thousands of dots cost more than they say
        }
        g.setFill(dark ? Color.web("#1c2330") : Color.web("#dde3ea"));
        double ox = ((tx % step) + step) % step;
        double oy = ((ty % step) + step) % step;
        for (double x = ox; x < w; x += step) {
            for (double y = oy; y < h; y += step) {
                g.fillRect(x - 0.75, y - 0.75, 1.5, 1.5);
            }
        }
    }

    /** Paints the picture inside a world rectangle (also used to export a PNG of the whole picture). */
    void paint(GraphicsContext g, ClusterPicture p, double x0, double y0, double x1, double y1, double z,
               Set<String> selected, boolean interactive) {
        g.setLineCap(StrokeLineCap.ROUND);
        g.setLineJoin(StrokeLineJoin.ROUND);
        boolean detail = z >= 0.35;
        Map<String, Box> moved = new HashMap<>();
        // Containers first, then edges, then what sits on top of them.
        for (Box box : p.boxes()) {
            if (box.shape() == Shape.ZONE || box.shape() == Shape.NODE || box.shape() == Shape.CONTROL_PLANE
                    || box.shape() == Shape.COMPONENT || box.shape() == Shape.DEPLOYMENT) {
                paintBox(g, shifted(box, moved), x0, y0, x1, y1, detail, selected, interactive);
            }
        }
        edgesHidden = false;
        if (detail) {
            for (Edge e : p.edges()) {
                Box from = shifted(p.box(e.from()), moved);
                Box to = shifted(p.box(e.to()), moved);
                if (from != null && to != null && visible(from, to, x0, y0, x1, y1)) {
                    paintEdge(g, e, from, to, true);
                }
            }
        } else {
            // Far out: one path per kind of edge, stroked once. Past EDGE_LIMIT visible edges the picture is a
            // web nobody can read and the rasterizer's main cost, so only the selection's edges are drawn.
            int count = 0;
            for (Edge e : p.edges()) {
                Box from = p.box(e.from());
                Box to = p.box(e.to());
                if (from != null && to != null && visible(from, to, x0, y0, x1, y1)) {
                    count++;
                }
            }
            boolean onlySelected = count > EDGE_LIMIT;
            edgesHidden = onlySelected;
            for (EdgeKind kind : EdgeKind.values()) {
                g.beginPath();
                boolean any = false;
                for (Edge e : p.edges()) {
                    if (e.kind() != kind || (onlySelected && !selected.contains(e.from()) && !selected.contains(e.to()))) {
                        continue;
                    }
                    Box from = shifted(p.box(e.from()), moved);
                    Box to = shifted(p.box(e.to()), moved);
                    if (from != null && to != null && visible(from, to, x0, y0, x1, y1)) {
                        double[] a = clip(from, to.cx(), to.cy());
                        double[] b = clip(to, from.cx(), from.cy());
                        g.moveTo(a[0], a[1]);
                        g.lineTo(b[0], b[1]);
                        any = true;
                    }
                }
                if (any) {
                    g.setStroke(EDGE_COLORS.get(kind));
                    g.setLineWidth(1 / z);
                    g.setLineCap(StrokeLineCap.BUTT);
                    g.stroke();
                    g.setLineCap(StrokeLineCap.ROUND);
                }
            }
        }
        for (Box box : p.boxes()) {
            if (!(box.shape() == Shape.ZONE || box.shape() == Shape.NODE || box.shape() == Shape.CONTROL_PLANE
                    || box.shape() == Shape.COMPONENT || box.shape() == Shape.DEPLOYMENT)) {
                paintBox(g, shifted(box, moved), x0, y0, x1, y1, detail, selected, interactive);
            }
        }
    }

    private static boolean visible(Box from, Box to, double x0, double y0, double x1, double y1) {
        return Math.max(from.cx(), to.cx()) >= x0 && Math.min(from.cx(), to.cx()) <= x1
                && Math.max(from.cy(), to.cy()) >= y0 && Math.min(from.cy(), to.cy()) <= y1;
    }

    /** A box displaced by the drag in progress when it (or what holds it) is being dragged. */
    private Box shifted(Box b, Map<String, Box> cache) {
        if (b == null || dragIds.isEmpty()) {
            return b;
        }
        Box c = cache.get(b.id());
        if (c != null) {
            return c;
        }
        boolean moving = dragIds.contains(b.id()) || (b.parent() != null && dragIds.contains(b.parent()));
        c = moving ? b.movedBy(dragDx, dragDy) : b;
        cache.put(b.id(), c);
        return c;
    }

    private record Look(Color fill, Color stroke, Color darkFill) {
    }

    private static final Map<Shape, Look> LOOKS = new EnumMap<>(Shape.class);

    static {
        LOOKS.put(Shape.NODE, new Look(Color.web("#eef4ff"), Color.web("#3b82f6"), Color.web("#121c2e")));
        LOOKS.put(Shape.CONTROL_PLANE, new Look(Color.web("#f4effe"), Color.web("#8b5cf6"), Color.web("#1d1730")));
        LOOKS.put(Shape.COMPONENT, new Look(Color.web("#ffffff"), Color.web("#94a3b8"), Color.web("#0d1117")));
        LOOKS.put(Shape.POD, new Look(Color.web("#e8f8ee"), Color.web("#16a34a"), Color.web("#0f2619")));
        LOOKS.put(Shape.REPLICA, new Look(Color.web("#e8f8ee"), Color.web("#16a34a"), Color.web("#0f2619")));
        LOOKS.put(Shape.DEPLOYMENT, new Look(Color.web("#fff7e8"), Color.web("#d97706"), Color.web("#2a1f0c")));
        LOOKS.put(Shape.SERVICE, new Look(Color.web("#e6f7fb"), Color.web("#0891b2"), Color.web("#0b2229")));
        LOOKS.put(Shape.INGRESS, new Look(Color.web("#fdeef4"), Color.web("#db2777"), Color.web("#2b1320")));
        LOOKS.put(Shape.POLICY, new Look(Color.web("#fef1f1"), Color.web("#dc2626"), Color.web("#2b1214")));
        LOOKS.put(Shape.NAMESPACE, new Look(Color.web("#f1f5f9"), Color.web("#64748b"), Color.web("#161b22")));
        LOOKS.put(Shape.OTHER, new Look(Color.web("#f1f5f9"), Color.web("#64748b"), Color.web("#161b22")));
        LOOKS.put(Shape.ZONE, new Look(Color.TRANSPARENT, Color.web("#94a3b8"), Color.TRANSPARENT));
    }

    private static final Color PENDING_FILL = Color.web("#fdecec");
    private static final Color PENDING_DARK_FILL = Color.web("#2b1214");
    private static final Color PENDING_STROKE = Color.web("#dc2626");

    private Color text() {
        return dark ? Color.web("#e6edf3") : Color.web("#1f2328");
    }

    private Color muted() {
        return dark ? Color.web("#8b949e") : Color.web("#57606a");
    }

    private static final Font TITLE = Font.font("System", FontWeight.BOLD, 12);
    private static final Font SMALL = Font.font("System", 10);
    private static final Font TINY = Font.font("System", 9);

    private void paintBox(GraphicsContext g, Box b, double x0, double y0, double x1, double y1, boolean detail,
                          Set<String> selected, boolean interactive) {
        if (b.x() > x1 || b.y() > y1 || b.x() + b.w() < x0 || b.y() + b.h() < y0) {
            return; // outside the visible area
        }
        Look look = LOOKS.get(b.shape());
        // A replica on a node lights up with its Deployment, so selecting it shows where its Pods run.
        boolean sel = selected.contains(b.elementId()) && (b.shape() != Shape.REPLICA || b.mark() == ClusterPicture.Mark.SCHEDULED);
        double arc = switch (b.shape()) {
            case POD, REPLICA -> 8;
            case COMPONENT -> 5;
            default -> 12;
        };
        if (b.shape() == Shape.ZONE) {
            g.setStroke(look.stroke());
            g.setLineWidth(1.2);
            g.setLineDashes(6, 5);
            g.strokeRoundRect(b.x(), b.y(), b.w(), b.h(), 16, 16);
            g.setLineDashes();
            if (detail) {
                g.setFill(muted());
                g.setFont(SMALL);
                g.setTextAlign(TextAlignment.LEFT);
                g.setTextBaseline(VPos.TOP);
                g.fillText(b.title() + " \u2014 " + b.subtitle(), b.x() + 12, b.y() + 8);
            }
            return;
        }
        if (!detail && !sel && (b.shape() == Shape.POD || b.shape() == Shape.REPLICA || b.shape() == Shape.COMPONENT)) {
            // Far out a chip is a few pixels: a plain rectangle looks the same and costs a fraction.
            g.setFill(b.shape() == Shape.COMPONENT ? (dark ? look.darkFill() : look.stroke().deriveColor(0, 1, 1, 0.25))
                    : look.stroke());
            g.fillRect(b.x(), b.y(), b.w(), b.h());
            return;
        }
        boolean pending = b.mark() == ClusterPicture.Mark.PENDING;
        g.setFill(pending ? (dark ? PENDING_DARK_FILL : PENDING_FILL) : dark ? look.darkFill() : look.fill());
        g.fillRoundRect(b.x(), b.y(), b.w(), b.h(), arc, arc);
        g.setStroke(sel ? Color.web("#f59e0b") : pending ? PENDING_STROKE : look.stroke());
        g.setLineWidth(sel ? 3 : (b.shape() == Shape.COMPONENT ? 0.8 : 1.4));
        // Dashed: not pinned by the design (placed by the scheduler, pending, or waiting for a dry run).
        if (pending || b.mark() == ClusterPicture.Mark.SCHEDULED || (b.shape() == Shape.POD && b.parent() == null)) {
            g.setLineDashes(4, 3);
        }
        g.strokeRoundRect(b.x(), b.y(), b.w(), b.h(), arc, arc);
        g.setLineDashes();
        if (b.shape() == Shape.COMPONENT) {
            if (detail) {
                g.setFill(muted());
                g.setFont(TINY);
                g.setTextAlign(TextAlignment.CENTER);
                g.setTextBaseline(VPos.CENTER);
                g.fillText(b.title(), b.cx(), b.cy(), b.w() - 4);
            }
            return;
        }
        boolean chip = b.shape() == Shape.POD || b.shape() == Shape.REPLICA;
        if (detail) {
            double iconSize = chip ? 14 : 18;
            double ix = b.x() + 8;
            double iy = chip ? b.y() + (b.h() - iconSize) / 2 : b.y() + 7;
            paintIcon(g, iconFor(b.shape()), ix, iy, iconSize, look.stroke());
            g.setTextAlign(TextAlignment.LEFT);
            g.setTextBaseline(VPos.TOP);
            g.setFill(text());
            g.setFont(chip ? SMALL : TITLE);
            double tx0 = ix + iconSize + 6;
            double maxW = b.x() + b.w() - tx0 - 8;
            // A Pod's generated name keeps its start and its random end: web-deploym\u2026-x2k4q.
            g.fillText(Ellipsis.fit(b.title(), chip ? SMALL : TITLE, maxW, chip), tx0, chip ? b.y() + 4 : b.y() + 8);
            if (b.subtitle() != null && !b.subtitle().isEmpty()) {
                g.setFill(muted());
                g.setFont(chip ? TINY : SMALL);
                String sub = b.subtitle();
                if (b.mark() == ClusterPicture.Mark.SCHEDULED && !Ellipsis.fits(sub, TINY, maxW)) {
                    sub = "scheduled"; // the mark matters more than the image (the tooltip has both)
                }
                g.fillText(Ellipsis.fit(sub, chip ? TINY : SMALL, maxW, false), tx0, chip ? b.y() + 17 : b.y() + 24);
            }
        }
        Severity badge = badges.get(b.elementId());
        if (badge != null && b.shape() != Shape.REPLICA) {
            double r = BADGE_R;
            g.setFill(badge == Severity.ERROR ? Color.web("#e5534b") : badge == Severity.WARNING
                    ? Color.web("#d4a72c") : Color.web("#4493f8"));
            g.fillOval(b.x() + b.w() - r * 1.2, b.y() - r * 0.8, 2 * r, 2 * r);
            g.setFill(Color.WHITE);
            g.setFont(Font.font("System", FontWeight.BOLD, 11));
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.CENTER);
            g.fillText(badge == Severity.INFO ? "i" : "!", b.x() + b.w() - r * 0.2, b.y() + r * 0.2);
        }
        if (interactive) {
            for (Handle h : picture.handles(b)) {
                g.setFill(dark ? Color.web("#0d1117") : Color.WHITE);
                g.setStroke(look.stroke());
                g.setLineWidth(1.6);
                double r = ClusterPicture.HANDLE_R;
                double hx = h.x() + (b.x() - picture.box(b.id()).x());
                double hy = h.y() + (b.y() - picture.box(b.id()).y());
                g.fillOval(hx - r, hy - r, 2 * r, 2 * r);
                g.strokeOval(hx - r, hy - r, 2 * r, 2 * r);
                g.setFill(look.stroke());
                g.fillOval(hx - 2.5, hy - 2.5, 5, 5);
            }
        }
    }

    private static String iconFor(Shape s) {
        return switch (s) {
            case NODE -> Icons.NODE;
            case CONTROL_PLANE -> Icons.CONTROL_PLANE;
            case POD, REPLICA -> Icons.POD;
            case DEPLOYMENT -> Icons.DEPLOYMENT;
            case SERVICE -> Icons.SERVICE;
            case INGRESS -> Icons.INGRESS;
            case POLICY -> Icons.POLICY;
            case NAMESPACE -> Icons.NAMESPACE;
            default -> Icons.OTHER;
        };
    }

    private static void paintIcon(GraphicsContext g, String path, double x, double y, double size, Color color) {
        g.save();
        g.translate(x, y);
        g.scale(size / 24, size / 24);
        g.setStroke(color);
        g.setLineWidth(2);
        g.beginPath();
        g.appendSVGPath(path);
        g.stroke();
        g.restore();
    }

    private static final Map<EdgeKind, Color> EDGE_COLORS = new EnumMap<>(Map.of(
            EdgeKind.SELECTS, Color.web("#0891b2"), EdgeKind.ROUTES, Color.web("#db2777"),
            EdgeKind.APPLIES, Color.web("#dc2626"), EdgeKind.ALLOWS, Color.web("#dc2626")));

    private void paintEdge(GraphicsContext g, Edge e, Box from, Box to, boolean detail) {
        double[] a = clip(from, to.cx(), to.cy());
        double[] b = clip(to, from.cx(), from.cy());
        Color c = EDGE_COLORS.get(e.kind());
        g.setStroke(c);
        g.setLineWidth(e.kind() == EdgeKind.APPLIES ? 1.3 : 1.8);
        if (e.kind() == EdgeKind.ALLOWS) {
            g.setLineDashes(7, 5);
        }
        g.strokeLine(a[0], a[1], b[0], b[1]);
        g.setLineDashes();
        if (!detail) {
            return;
        }
        double ang = Math.atan2(b[1] - a[1], b[0] - a[0]);
        double len = 9;
        g.setFill(c);
        g.fillPolygon(new double[]{b[0], b[0] - len * Math.cos(ang - 0.4), b[0] - len * Math.cos(ang + 0.4)},
                new double[]{b[1], b[1] - len * Math.sin(ang - 0.4), b[1] - len * Math.sin(ang + 0.4)}, 3);
        if (detail && e.label() != null) {
            double mx = (a[0] + b[0]) / 2;
            double my = (a[1] + b[1]) / 2;
            g.setFont(SMALL);
            double tw = e.label().length() * 5.6 + 10;
            g.setFill(dark ? Color.web("#161b22") : Color.WHITE);
            g.fillRoundRect(mx - tw / 2, my - 9, tw, 18, 9, 9);
            g.setStroke(c);
            g.setLineWidth(1);
            g.strokeRoundRect(mx - tw / 2, my - 9, tw, 18, 9, 9);
            g.setFill(c);
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.CENTER);
            g.fillText(e.label(), mx, my);
        }
    }

    /** Where the line from the box centre towards (px, py) leaves the box. */
    static double[] clip(Box b, double px, double py) {
        double dx = px - b.cx();
        double dy = py - b.cy();
        if (dx == 0 && dy == 0) {
            return new double[]{b.cx(), b.cy()};
        }
        double sx = dx == 0 ? Double.MAX_VALUE : (b.w() / 2) / Math.abs(dx);
        double sy = dy == 0 ? Double.MAX_VALUE : (b.h() / 2) / Math.abs(dy);
        double s = Math.min(Math.min(sx, sy), 1);
        return new double[]{b.cx() + dx * s, b.cy() + dy * s};
    }

    private void paintHint(GraphicsContext g) {
        if (edgesHidden) {
            g.setTransform(1, 0, 0, 1, 0, 0);
            g.setFont(SMALL);
            g.setFill(muted());
            g.setTextAlign(TextAlignment.LEFT);
            g.setTextBaseline(VPos.BOTTOM);
            g.fillText("Many edges: zoom in, or select an element to see its edges", 10, canvas.getHeight() - 8);
        }
    }

    private void paintOverlay(GraphicsContext g, double z) {
        Color accent = Color.web("#f59e0b");
        if (connectFrom != null && connectTo != null) {
            if (connectTarget != null && picture.box(connectTarget) != null) {
                Box t = picture.box(connectTarget);
                g.setStroke(Color.web("#22c55e"));
                g.setLineWidth(3 / z);
                g.strokeRoundRect(t.x() - 3, t.y() - 3, t.w() + 6, t.h() + 6, 12, 12);
            }
            g.setStroke(accent);
            g.setLineWidth(2 / z);
            g.setLineDashes(6 / z, 4 / z);
            g.strokeLine(connectFrom.getX(), connectFrom.getY(), connectTo.getX(), connectTo.getY());
            g.setLineDashes();
        }
        if (rubberBand != null) {
            g.setFill(Color.web("#3b82f6", 0.12));
            g.setStroke(Color.web("#3b82f6"));
            g.setLineWidth(1 / z);
            g.fillRect(rubberBand[0], rubberBand[1], rubberBand[2], rubberBand[3]);
            g.strokeRect(rubberBand[0], rubberBand[1], rubberBand[2], rubberBand[3]);
        }
        if (dropKind != null && dropAt != null) {
            double[] s = ClusterPicture.sizeOf(dropKind);
            g.setStroke(accent);
            g.setLineWidth(2 / z);
            g.setLineDashes(6 / z, 4 / z);
            g.strokeRoundRect(dropAt.getX() - s[0] / 2, dropAt.getY() - s[1] / 2, s[0], s[1], 10, 10);
            g.setLineDashes();
            Box node = picture.nodeAt(dropAt.getX(), dropAt.getY());
            if (node != null && "Pod".equals(dropKind)) {
                g.setStroke(Color.web("#22c55e"));
                g.setLineWidth(3 / z);
                g.strokeRoundRect(node.x() - 3, node.y() - 3, node.w() + 6, node.h() + 6, 14, 14);
            }
        }
    }

    /** Paints the whole picture (no overlay, no grid) into a new canvas for PNG export. */
    public Canvas renderWhole(double scale) {
        double pad = 30;
        double w = (picture.maxX() - picture.minX() + 2 * pad) * scale;
        double h = (picture.maxY() - picture.minY() + 2 * pad) * scale;
        double s = Math.min(scale, Math.min(8000 / Math.max(w / scale, 1), 8000 / Math.max(h / scale, 1)));
        Canvas c = new Canvas((picture.maxX() - picture.minX() + 2 * pad) * s, (picture.maxY() - picture.minY() + 2 * pad) * s);
        GraphicsContext g = c.getGraphicsContext2D();
        g.setFill(dark ? Color.web("#0d1117") : Color.web("#f6f8fa"));
        g.fillRect(0, 0, c.getWidth(), c.getHeight());
        g.setTransform(s, 0, 0, s, (pad - picture.minX()) * s, (pad - picture.minY()) * s);
        Set<String> none = Set.of();
        Set<String> savedDrag = dragIds;
        dragIds = Set.of();
        paint(g, picture, -1e9, -1e9, 1e9, 1e9, Math.max(s, 1), none, false);
        dragIds = savedDrag;
        return c;
    }

    List<Box> boxes() {
        return picture.boxes();
    }
}
