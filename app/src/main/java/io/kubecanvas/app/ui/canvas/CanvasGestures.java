package io.kubecanvas.app.ui.canvas;

import io.kubecanvas.app.ui.canvas.ClusterPicture.Box;
import io.kubecanvas.app.ui.canvas.ClusterPicture.Handle;
import io.kubecanvas.app.ui.canvas.ClusterPicture.Shape;
import io.kubecanvas.app.ui.document.DesignSession;
import io.kubecanvas.app.ui.document.Elements;
import io.kubecanvas.app.ui.edit.DesignEdits;
import io.kubecanvas.model.Cluster.Point;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.KubeKinds;
import io.kubecanvas.model.KubeObject;
import javafx.geometry.Point2D;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The canvas gestures. Each drag shows its effect as an overlay while it lasts and pushes exactly one
 * command when the button is released: move (which pins or unpins a Pod when it lands on or off a node),
 * connect (from a connector handle), rubber-band selection, pan (right or middle button, or scroll),
 * zoom (Ctrl+scroll), and drops from the palette.
 */
public final class CanvasGestures {
    private final CanvasView view;
    private final DesignSession session;
    private Consumer<String> status = s -> { };
    private Gesture current;

    private interface Gesture {
        void drag(MouseEvent e, Point2D world);

        void release(MouseEvent e, Point2D world);
    }

    public CanvasGestures(CanvasView view) {
        this.view = view;
        this.session = view.session();
        view.addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        view.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            if (current != null) {
                current.drag(e, view.toWorld(e.getX(), e.getY()));
            }
        });
        view.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> {
            if (current != null) {
                Gesture g = current;
                current = null;
                g.release(e, view.toWorld(e.getX(), e.getY()));
                view.repaint();
            }
        });
        view.addEventHandler(ScrollEvent.SCROLL, e -> {
            if (e.isControlDown() || e.isShortcutDown()) {
                view.zoomBy(e.getDeltaY() > 0 ? 1.1 : 1 / 1.1, e.getX(), e.getY());
            } else {
                view.panBy(e.getDeltaX(), e.getDeltaY());
            }
            e.consume();
        });
    }

    /** Where short messages go ("Connected ...", "Drop on a node to pin"). */
    public void setStatus(Consumer<String> status) {
        this.status = status;
    }

    private void pressed(MouseEvent e) {
        view.requestFocus();
        Point2D w = view.toWorld(e.getX(), e.getY());
        if (e.getButton() == MouseButton.SECONDARY || e.getButton() == MouseButton.MIDDLE) {
            current = new Pan(e.getX(), e.getY());
            return;
        }
        if (e.getButton() != MouseButton.PRIMARY) {
            return;
        }
        ClusterPicture p = view.picture();
        Handle h = p.handleAt(w.getX(), w.getY(), ClusterPicture.HANDLE_R + 3 / view.zoom());
        if (h != null) {
            current = new Connect(h);
            return;
        }
        Box hit = p.hit(w.getX(), w.getY());
        if (hit == null) {
            if (!e.isShiftDown()) {
                session.select(List.of());
            }
            current = new RubberBand(w, e.isShiftDown());
            return;
        }
        String id = hit.elementId();
        if (hit.shape() == Shape.REPLICA && hit.mark() == ClusterPicture.Mark.SCHEDULED && !e.isShiftDown() && !e.isShortcutDown()) {
            // A controller's Pod on a node: its place is the scheduler's; a drag would move the Deployment elsewhere.
            session.select(List.of(id));
            status.accept(hit.title() + " runs on " + view.picture().box(hit.parent()).title()
                    + " by the scheduler's choice; pin a Deployment's Pods with a nodeSelector");
            return;
        }
        if (e.isShiftDown() || e.isShortcutDown()) {
            Set<String> s = new LinkedHashSet<>(session.selection());
            if (!s.remove(id)) {
                s.add(id);
            }
            session.select(s);
        } else if (!session.selection().contains(id)) {
            session.select(List.of(id));
        }
        if (session.selection().contains(id)) {
            current = new Move(w, id);
        }
    }

    // ---- move -------------------------------------------------------------------------------

    private final class Move implements Gesture {
        private final Point2D start;
        private final String grabbed;
        private final Set<String> ids;
        private boolean moved;

        Move(Point2D start, String grabbed) {
            this.start = start;
            this.grabbed = grabbed;
            this.ids = Set.copyOf(session.selection());
        }

        @Override
        public void drag(MouseEvent e, Point2D w) {
            moved = moved || w.distance(start) * view.zoom() > 3;
            if (!moved) {
                return;
            }
            view.dragIds = ids;
            view.dragDx = w.getX() - start.getX();
            view.dragDy = w.getY() - start.getY();
            Box node = view.picture().nodeAt(w.getX(), w.getY());
            KubeObject o = Elements.object(session.design(), grabbed);
            if (o != null && KubeKinds.POD.equals(o.kind())) {
                status.accept(node != null ? "Drop to pin " + o.name() + " to " + node.title()
                        : "Drop to leave " + o.name() + " to the scheduler");
            }
            view.repaint();
        }

        @Override
        public void release(MouseEvent e, Point2D w) {
            view.dragIds = Set.of();
            if (!moved) {
                return;
            }
            double dx = w.getX() - start.getX();
            double dy = w.getY() - start.getY();
            ClusterPicture p = view.picture();
            Box target = p.nodeAt(w.getX(), w.getY());
            UnaryOperator<Design> change = d -> {
                Design out = d;
                Map<String, Point> moves = new LinkedHashMap<>();
                for (String id : ids) {
                    Box b = p.box(id);
                    if (b == null) {
                        continue;
                    }
                    Point to = new Point(b.x() + dx, b.y() + dy);
                    KubeObject o = Elements.object(out, id);
                    if (o != null && KubeKinds.POD.equals(o.kind())) {
                        // A Pod lands in a node (pinned there) or outside every node (the scheduler decides).
                        Box on = ids.size() == 1 ? target : p.nodeAt(to.x() + b.w() / 2, to.y() + b.h() / 2);
                        out = DesignEdits.pin(out, id, on == null ? null : Elements.nodeName(on.id()), to);
                    } else if (b.parent() == null) {
                        moves.put(id, to);
                    }
                }
                return DesignEdits.move(out, moves);
            };
            String title = ids.size() == 1 ? "Move " + shortName(grabbed) : "Move " + ids.size() + " elements";
            KubeObject o = Elements.object(session.design(), grabbed);
            if (ids.size() == 1 && o != null && KubeKinds.POD.equals(o.kind())) {
                title = target != null ? "Pin " + o.name() + " to " + target.title() : "Leave " + o.name() + " to the scheduler";
            }
            session.edit(title, change);
            status.accept(title);
        }
    }

    // ---- connect ----------------------------------------------------------------------------

    private final class Connect implements Gesture {
        private final Handle handle;

        Connect(Handle handle) {
            this.handle = handle;
            view.connectFrom = new Point2D(handle.x(), handle.y());
            view.connectTo = view.connectFrom;
            session.select(List.of(handle.id()));
        }

        @Override
        public void drag(MouseEvent e, Point2D w) {
            view.connectTo = w;
            Box hit = view.picture().hit(w.getX(), w.getY());
            String target = hit == null ? null : hit.elementId();
            view.connectTarget = target != null && DesignEdits.canConnect(session.design(), handle.id(), target,
                    handle.link()) ? target : null;
            view.repaint();
        }

        @Override
        public void release(MouseEvent e, Point2D w) {
            String target = view.connectTarget;
            view.connectFrom = null;
            view.connectTo = null;
            view.connectTarget = null;
            if (target == null) {
                Box hit = view.picture().hit(w.getX(), w.getY());
                status.accept(hit == null ? "Nothing to connect there"
                        : "Cannot connect " + shortName(handle.id()) + " to " + shortName(hit.elementId()));
                return;
            }
            String title = (handle.link() == DesignEdits.Link.ALLOW_FROM ? "Allow " + shortName(target) + " into "
                    + shortName(handle.id()) : "Connect " + shortName(handle.id()) + " to " + shortName(target));
            session.edit(title, d -> DesignEdits.connect(d, handle.id(), target, handle.link()));
            status.accept(title);
        }
    }

    // ---- rubber band, pan ---------------------------------------------------------------------

    private final class RubberBand implements Gesture {
        private final Point2D start;
        private final Set<String> before;

        RubberBand(Point2D start, boolean add) {
            this.start = start;
            this.before = add ? Set.copyOf(session.selection()) : Set.of();
        }

        @Override
        public void drag(MouseEvent e, Point2D w) {
            double x = Math.min(start.getX(), w.getX());
            double y = Math.min(start.getY(), w.getY());
            view.rubberBand = new double[]{x, y, Math.abs(w.getX() - start.getX()), Math.abs(w.getY() - start.getY())};
            view.repaint();
        }

        @Override
        public void release(MouseEvent e, Point2D w) {
            double[] r = view.rubberBand;
            view.rubberBand = null;
            if (r == null) {
                return;
            }
            Set<String> s = new LinkedHashSet<>(before);
            for (Box b : view.picture().boxes()) {
                if (b.selectable() && b.shape() != Shape.REPLICA && b.x() >= r[0] && b.y() >= r[1]
                        && b.x() + b.w() <= r[0] + r[2] && b.y() + b.h() <= r[1] + r[3]) {
                    s.add(b.id());
                }
            }
            session.select(s);
        }
    }

    private final class Pan implements Gesture {
        private double lx;
        private double ly;

        Pan(double x, double y) {
            lx = x;
            ly = y;
        }

        @Override
        public void drag(MouseEvent e, Point2D w) {
            view.panBy(e.getX() - lx, e.getY() - ly);
            lx = e.getX();
            ly = e.getY();
        }

        @Override
        public void release(MouseEvent e, Point2D w) {
        }
    }

    // ---- palette drops ----------------------------------------------------------------------

    /** Shows where a palette item would land (scene coordinates), or hides it (null). */
    public void previewDrop(String kind, Point2D scenePoint) {
        if (kind == null || scenePoint == null || !insideView(scenePoint)) {
            view.dropKind = null;
            view.dropAt = null;
        } else {
            Point2D local = view.sceneToLocal(scenePoint);
            view.dropKind = kind;
            view.dropAt = view.toWorld(local.getX(), local.getY());
        }
        view.repaint();
    }

    public boolean insideView(Point2D scenePoint) {
        Point2D local = view.sceneToLocal(scenePoint);
        return local != null && view.getLayoutBounds().contains(local);
    }

    /**
     * Drops a palette item at a scene point: one command. A Pod dropped on a node is pinned there.
     * Returns the new element's id, or null when the point is not on the canvas.
     */
    public String drop(String kind, Point2D scenePoint) {
        previewDrop(null, null);
        if (!insideView(scenePoint)) {
            return null;
        }
        Point2D local = view.sceneToLocal(scenePoint);
        Point2D w = view.toWorld(local.getX(), local.getY());
        return dropAtWorld(kind, w.getX(), w.getY());
    }

    /** Adds a palette item centred on a canvas point. */
    public String dropAtWorld(String kind, double x, double y) {
        double[] s = ClusterPicture.sizeOf(kind);
        Box node = KubeKinds.POD.equals(kind) ? view.picture().nodeAt(x, y) : null;
        String onNode = node == null ? null : Elements.nodeName(node.id());
        Point at = new Point(x - s[0] / 2, y - s[1] / 2);
        DesignEdits.Result[] result = new DesignEdits.Result[1];
        String label = DesignEdits.WORKER_NODE.equals(kind) ? "worker node" : kind;
        session.edit("Add " + label + (onNode != null ? " on " + onNode : ""), d -> {
            result[0] = DesignEdits.add(d, kind, at, onNode);
            return result[0].design();
        });
        String id = result[0].id();
        session.select(List.of(id));
        status.accept("Added " + shortName(id) + (onNode != null ? " pinned to " + onNode : ""));
        return id;
    }

    static String shortName(String id) {
        if (Elements.isNode(id)) {
            return "node " + Elements.nodeName(id);
        }
        int slash = id.lastIndexOf('/');
        return id.substring(0, id.indexOf('/')) + " " + id.substring(slash + 1);
    }

    /** Ids of what is selected, in selection order (for copy). */
    public List<String> selectedIds() {
        return new ArrayList<>(session.selection());
    }
}
