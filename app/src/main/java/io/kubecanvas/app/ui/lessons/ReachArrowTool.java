package io.kubecanvas.app.ui.lessons;

import io.kubecanvas.app.ui.canvas.CanvasView;
import io.kubecanvas.app.ui.canvas.ClusterPicture;
import javafx.animation.AnimationTimer;
import javafx.event.EventHandler;
import javafx.geometry.Point2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The "must reach" arrow gesture of challenge authoring: while it is armed, press on one object of the canvas,
 * drag and release on another; the arrow is drawn on a layer over the canvas and the pair is handed on. The
 * canvas's own gestures (move, connect, select) are held off while it is armed.
 */
final class ReachArrowTool {
    /** An authored arrow, drawn between two elements. */
    record Arrow(String from, String to, boolean allowed) {
    }

    private final CanvasView view;
    private final Pane layer = new Pane();
    private final Canvas ink = new Canvas();
    private final List<Arrow> arrows = new ArrayList<>();
    private final AnimationTimer follow;
    private BiConsumer<String, String> onArrow = (a, b) -> { };
    private Boolean armed;
    private String dragFrom;
    private Point2D dragTo;
    private long paintsSeen = -1;

    private final EventHandler<MouseEvent> pressed = e -> {
        if (armed == null || e.getButton() != MouseButton.PRIMARY) {
            return;
        }
        ClusterPicture.Box b = boxAt(e);
        dragFrom = b == null || b.elementId().startsWith("Node/") ? null : b.elementId();
        dragTo = new Point2D(e.getX(), e.getY());
        e.consume();
        redraw();
    };
    private final EventHandler<MouseEvent> dragged = e -> {
        if (armed == null) {
            return;
        }
        dragTo = new Point2D(e.getX(), e.getY());
        e.consume();
        redraw();
    };
    private final EventHandler<MouseEvent> released = e -> {
        if (armed == null) {
            return;
        }
        e.consume();
        ClusterPicture.Box b = boxAt(e);
        String from = dragFrom;
        dragFrom = null;
        dragTo = null;
        redraw();
        if (from != null && b != null && !b.elementId().equals(from) && !b.elementId().startsWith("Node/")) {
            onArrow.accept(from, b.elementId());
        }
    };

    ReachArrowTool(CanvasView view) {
        this.view = view;
        layer.getChildren().add(ink);
        ink.widthProperty().bind(layer.widthProperty());
        ink.heightProperty().bind(layer.heightProperty());
        layer.setId("reach-arrows");
        view.addEventFilter(MouseEvent.MOUSE_PRESSED, pressed);
        view.addEventFilter(MouseEvent.MOUSE_DRAGGED, dragged);
        view.addEventFilter(MouseEvent.MOUSE_RELEASED, released);
        // Follow pans, zooms and edits: redraw when the canvas has painted.
        follow = new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (view.paintCount() != paintsSeen) {
                    paintsSeen = view.paintCount();
                    redraw();
                }
            }
        };
        follow.start();
    }

    Pane layer() {
        return layer;
    }

    /** Arms the tool for "must reach" (true) or "must not reach" (false); null disarms it. */
    void arm(Boolean allowed) {
        armed = allowed;
        view.setCursor(allowed == null ? null : javafx.scene.Cursor.CROSSHAIR);
    }

    Boolean armed() {
        return armed;
    }

    void setOnArrow(BiConsumer<String, String> c) {
        onArrow = c;
    }

    void add(Arrow a) {
        arrows.add(a);
        redraw();
    }

    void remove(Arrow a) {
        arrows.remove(a);
        redraw();
    }

    void dispose() {
        follow.stop();
        arm(null);
        view.removeEventFilter(MouseEvent.MOUSE_PRESSED, pressed);
        view.removeEventFilter(MouseEvent.MOUSE_DRAGGED, dragged);
        view.removeEventFilter(MouseEvent.MOUSE_RELEASED, released);
        if (layer.getParent() instanceof Pane p) {
            p.getChildren().remove(layer);
        }
    }

    private ClusterPicture.Box boxAt(MouseEvent e) {
        Point2D w = view.toWorld(e.getX(), e.getY());
        return view.picture().hit(w.getX(), w.getY());
    }

    private Point2D centre(String id) {
        ClusterPicture.Box b = view.picture().box(id);
        return b == null ? null : view.toLocal(b.cx(), b.cy());
    }

    private void redraw() {
        GraphicsContext g = ink.getGraphicsContext2D();
        g.clearRect(0, 0, ink.getWidth(), ink.getHeight());
        for (Arrow a : arrows) {
            Point2D p = centre(a.from());
            Point2D q = centre(a.to());
            if (p != null && q != null) {
                arrow(g, p, q, a.allowed() ? Color.web("#2e7d32") : Color.web("#c62828"), a.allowed() ? "must reach" : "must not reach");
            }
        }
        if (dragFrom != null && dragTo != null) {
            Point2D p = centre(dragFrom);
            if (p != null) {
                arrow(g, p, dragTo, Boolean.FALSE.equals(armed) ? Color.web("#c62828") : Color.web("#2e7d32"), null);
            }
        }
    }

    private static void arrow(GraphicsContext g, Point2D p, Point2D q, Color c, String label) {
        g.setStroke(c);
        g.setFill(c);
        g.setLineWidth(3);
        g.setLineDashes(label == null ? new double[]{8, 6} : null);
        g.strokeLine(p.getX(), p.getY(), q.getX(), q.getY());
        g.setLineDashes((double[]) null);
        double ang = Math.atan2(q.getY() - p.getY(), q.getX() - p.getX());
        double len = 14;
        double[] xs = {q.getX(), q.getX() - len * Math.cos(ang - 0.4), q.getX() - len * Math.cos(ang + 0.4)};
        double[] ys = {q.getY(), q.getY() - len * Math.sin(ang - 0.4), q.getY() - len * Math.sin(ang + 0.4)};
        g.fillPolygon(xs, ys, 3);
        if (label != null) {
            double mx = (p.getX() + q.getX()) / 2;
            double my = (p.getY() + q.getY()) / 2;
            g.setFill(Color.rgb(255, 255, 255, 0.85));
            g.fillRoundRect(mx - 46, my - 10, 92, 18, 8, 8);
            g.setFill(c);
            g.fillText(label, mx - 40, my + 4);
        }
    }
}
