package io.kubecanvas.app.ui.canvas;

import io.kubecanvas.app.ui.canvas.ClusterPicture.Box;
import io.kubecanvas.app.ui.canvas.ClusterPicture.Edge;
import io.kubecanvas.app.ui.canvas.ClusterPicture.EdgeKind;
import io.kubecanvas.app.ui.canvas.ClusterPicture.Shape;

import java.util.Locale;
import java.util.Map;

/** Writes a {@link ClusterPicture} as a standalone SVG document (the same boxes and edges the canvas paints). */
public final class SvgPicture {
    private static final Map<Shape, String[]> COLORS = Map.ofEntries(
            Map.entry(Shape.NODE, new String[]{"#eef4ff", "#3b82f6"}),
            Map.entry(Shape.CONTROL_PLANE, new String[]{"#f4effe", "#8b5cf6"}),
            Map.entry(Shape.COMPONENT, new String[]{"#ffffff", "#94a3b8"}),
            Map.entry(Shape.POD, new String[]{"#e8f8ee", "#16a34a"}),
            Map.entry(Shape.REPLICA, new String[]{"#e8f8ee", "#16a34a"}),
            Map.entry(Shape.DEPLOYMENT, new String[]{"#fff7e8", "#d97706"}),
            Map.entry(Shape.SERVICE, new String[]{"#e6f7fb", "#0891b2"}),
            Map.entry(Shape.INGRESS, new String[]{"#fdeef4", "#db2777"}),
            Map.entry(Shape.POLICY, new String[]{"#fef1f1", "#dc2626"}),
            Map.entry(Shape.NAMESPACE, new String[]{"#f1f5f9", "#64748b"}),
            Map.entry(Shape.OTHER, new String[]{"#f1f5f9", "#64748b"}),
            Map.entry(Shape.ZONE, new String[]{"none", "#94a3b8"}));
    private static final Map<EdgeKind, String> EDGE = Map.of(EdgeKind.SELECTS, "#0891b2", EdgeKind.ROUTES, "#db2777",
            EdgeKind.APPLIES, "#dc2626", EdgeKind.ALLOWS, "#dc2626");

    private SvgPicture() {
    }

    public static String write(ClusterPicture p) {
        double pad = 30;
        double w = p.maxX() - p.minX() + 2 * pad;
        double h = p.maxY() - p.minY() + 2 * pad;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                + "viewBox=\"%.1f %.1f %.1f %.1f\" font-family=\"sans-serif\">%n", w, h, p.minX() - pad, p.minY() - pad, w, h));
        s.append("  <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" "
                + "orient=\"auto-start-reverse\"><path d=\"M0 0 L10 5 L0 10 z\" fill=\"context-stroke\"/></marker></defs>\n");
        s.append(String.format(Locale.ROOT, "  <rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#f6f8fa\"/>%n",
                p.minX() - pad, p.minY() - pad, w, h));
        for (Box b : p.boxes()) {
            if (isContainer(b)) {
                box(s, b);
            }
        }
        for (Edge e : p.edges()) {
            Box a = p.box(e.from());
            Box b = p.box(e.to());
            if (a == null || b == null) {
                continue;
            }
            double[] from = CanvasView.clip(a, b.cx(), b.cy());
            double[] to = CanvasView.clip(b, a.cx(), a.cy());
            s.append(String.format(Locale.ROOT, "  <line class=\"edge %s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                            + "stroke=\"%s\" stroke-width=\"1.8\"%s marker-end=\"url(#arrow)\"/>%n", e.kind().name().toLowerCase(Locale.ROOT),
                    from[0], from[1], to[0], to[1], EDGE.get(e.kind()),
                    e.kind() == EdgeKind.ALLOWS ? " stroke-dasharray=\"7 5\"" : ""));
            if (e.label() != null) {
                s.append(String.format(Locale.ROOT, "  <text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\" fill=\"%s\">%s</text>%n",
                        (from[0] + to[0]) / 2, (from[1] + to[1]) / 2 - 4, EDGE.get(e.kind()), esc(e.label())));
            }
        }
        for (Box b : p.boxes()) {
            if (!isContainer(b)) {
                box(s, b);
            }
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static boolean isContainer(Box b) {
        return b.shape() == Shape.ZONE || b.shape() == Shape.NODE || b.shape() == Shape.CONTROL_PLANE
                || b.shape() == Shape.COMPONENT || b.shape() == Shape.DEPLOYMENT;
    }

    private static void box(StringBuilder s, Box b) {
        String[] c = COLORS.get(b.shape());
        boolean small = b.shape() == Shape.POD || b.shape() == Shape.REPLICA || b.shape() == Shape.COMPONENT;
        boolean pending = b.mark() == ClusterPicture.Mark.PENDING;
        boolean dashed = b.shape() == Shape.ZONE || b.mark() != ClusterPicture.Mark.NONE || (b.shape() == Shape.POD && b.parent() == null);
        String mark = b.mark() == ClusterPicture.Mark.NONE ? "" : " " + b.mark().name().toLowerCase(Locale.ROOT);
        s.append(String.format(Locale.ROOT, "  <g class=\"%s%s\" data-id=\"%s\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                        + "height=\"%.1f\" rx=\"%d\" fill=\"%s\" stroke=\"%s\" stroke-width=\"1.4\"%s/>",
                b.shape().name().toLowerCase(Locale.ROOT), mark, esc(b.id()), b.x(), b.y(), b.w(), b.h(), small ? 4 : 6,
                pending ? "#fdecec" : c[0], pending ? "#dc2626" : c[1], dashed ? " stroke-dasharray=\"5 4\"" : ""));
        if (b.note() != null) {
            s.append("<title>").append(esc(b.note())).append("</title>");
        }
        if (b.shape() == Shape.COMPONENT) {
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" text-anchor=\"middle\" fill=\"#57606a\">%s</text>",
                    b.cx(), b.cy() + 3, esc(b.title())));
        } else {
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" font-weight=\"bold\" fill=\"#1f2328\">%s</text>",
                    b.x() + 8, b.y() + (small ? 14 : 18), small ? 10 : 12, esc(b.title())));
            if (b.subtitle() != null && !b.subtitle().isEmpty()) {
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" fill=\"#57606a\">%s</text>",
                        b.x() + 8, b.y() + (small ? 26 : 34), esc(b.subtitle())));
            }
        }
        s.append("</g>\n");
    }

    private static String esc(String t) {
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
