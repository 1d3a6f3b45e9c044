package io.kubecanvas.app.ui;

import io.kubecanvas.app.ui.edit.DesignEdits;
import io.kubecanvas.model.KubeKinds;
import javafx.scene.Node;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.SVGPath;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.shape.StrokeLineJoin;

/**
 * Icons as SVG paths on a 24x24 grid, drawn as strokes: sharp at any zoom, coloured by CSS
 * ({@code -fx-stroke}), and the canvas paints the same paths.
 */
public final class Icons {
    public static final String NODE = "M3 4 H21 V10 H3 Z M3 14 H21 V20 H3 Z M6.5 7 H9 M6.5 17 H9";
    public static final String CONTROL_PLANE = "M12 8.5 A3.5 3.5 0 1 0 12.01 8.5 Z M12 2 V5 M12 19 V22 M2 12 H5 M19 12 H22 "
            + "M4.9 4.9 L7 7 M17 17 L19.1 19.1 M4.9 19.1 L7 17 M17 7 L19.1 4.9";
    public static final String POD = "M12 2 L21 7 V17 L12 22 L3 17 V7 Z M3 7 L12 12 L21 7 M12 12 V22";
    public static final String DEPLOYMENT = "M12 3 L22 8 L12 13 L2 8 Z M2 12 L12 17 L22 12 M2 16 L12 21 L22 16";
    public static final String SERVICE = "M12 9 A3 3 0 1 0 12.01 9 Z M12 2.5 V9 M12 15 V21.5 M3.5 19 L9.4 13.6 "
            + "M20.5 19 L14.6 13.6 M3.5 5 L9.4 10.4 M20.5 5 L14.6 10.4";
    public static final String INGRESS = "M12 2 A10 10 0 1 0 12.01 2 Z M2 12 H22 M12 2 C7.5 6 7.5 18 12 22 "
            + "M12 2 C16.5 6 16.5 18 12 22";
    public static final String POLICY = "M12 2 L20 5 V11 C20 16 16.5 20 12 22 C7.5 20 4 16 4 11 V5 Z M8.5 12 L11 14.5 L15.5 9.5";
    public static final String NAMESPACE = "M3 6 H9 L11 8 H21 V19 H3 Z";
    public static final String OTHER = "M6 2 H14 L19 7 V22 H6 Z M14 2 V7 H19";
    public static final String UNDO = "M9 14 L4 9 L9 4 M4 9 H15 A5 5 0 0 1 15 19 H11";
    public static final String REDO = "M15 14 L20 9 L15 4 M20 9 H9 A5 5 0 0 0 9 19 H13";
    public static final String ZOOM_IN = "M10.5 3 A7.5 7.5 0 1 0 10.51 3 Z M16 16 L21 21 M10.5 7.5 V13.5 M7.5 10.5 H13.5";
    public static final String ZOOM_OUT = "M10.5 3 A7.5 7.5 0 1 0 10.51 3 Z M16 16 L21 21 M7.5 10.5 H13.5";
    public static final String FIT = "M3 8 V3 H8 M16 3 H21 V8 M21 16 V21 H16 M8 21 H3 V16";
    public static final String LAYOUT = "M3 3 H10 V10 H3 Z M14 3 H21 V10 H14 Z M3 14 H10 V21 H3 Z M14 14 H21 V21 H14 Z";
    public static final String NEW = "M6 2 H14 L19 7 V22 H6 Z M14 2 V7 H19 M12.5 11 V18 M9 14.5 H16";
    public static final String OPEN = "M3 6 H9 L11 8 H21 V10 M3 6 V19 H19 L22 11 H6 L3 19";
    public static final String SAVE = "M4 3 H17 L21 7 V21 H4 Z M8 3 V8 H15 V3 M7 21 V14 H17 V21";
    public static final String EXPORT = "M12 15 V3 M7.5 7.5 L12 3 L16.5 7.5 M4 13 V21 H20 V13";
    public static final String DELETE = "M4 6 H20 M9 6 V3 H15 V6 M6 6 L7 21 H17 L18 6 M10 10 V17 M14 10 V17";
    public static final String THEME = "M12 3 A9 9 0 1 0 21 12 A7 7 0 0 1 12 3 Z";
    public static final String CONNECT = "M5 12 A2.5 2.5 0 1 0 5.01 12 Z M19 12 A2.5 2.5 0 1 0 19.01 12 Z M7.5 12 H16.5";
    public static final String FIX = "M14.7 6.3 A4 4 0 0 0 9.4 11.6 L3 18 L6 21 L12.4 14.6 A4 4 0 0 0 17.7 9.3 L15 12 L12 9 Z";

    private Icons() {
    }

    /** The path for a palette kind or object kind. */
    public static String forKind(String kind) {
        if (kind == null) {
            return OTHER;
        }
        return switch (kind) {
            case DesignEdits.WORKER_NODE -> NODE;
            case KubeKinds.POD -> POD;
            case KubeKinds.DEPLOYMENT, KubeKinds.REPLICA_SET, "StatefulSet", "DaemonSet" -> DEPLOYMENT;
            case KubeKinds.SERVICE -> SERVICE;
            case KubeKinds.INGRESS -> INGRESS;
            case KubeKinds.NETWORK_POLICY -> POLICY;
            case KubeKinds.NAMESPACE -> NAMESPACE;
            default -> OTHER;
        };
    }

    /** An icon node of {@code size} pixels; CSS class {@code icon} (and {@code extraClass}) sets the colour. */
    public static Node icon(String path, double size, String... extraClass) {
        SVGPath p = new SVGPath();
        p.setContent(path);
        p.getStyleClass().add("icon");
        p.getStyleClass().addAll(extraClass);
        p.setFill(null);
        p.setStrokeWidth(1.8);
        p.setStrokeLineCap(StrokeLineCap.ROUND);
        p.setStrokeLineJoin(StrokeLineJoin.ROUND);
        double s = size / 24.0;
        p.setScaleX(s);
        p.setScaleY(s);
        StackPane box = new StackPane(p);
        box.setMinSize(size, size);
        box.setPrefSize(size, size);
        box.setMaxSize(size, size);
        return box;
    }
}
