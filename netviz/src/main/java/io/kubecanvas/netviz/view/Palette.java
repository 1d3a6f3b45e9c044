package io.kubecanvas.netviz.view;

import javafx.scene.paint.Color;

import java.util.EnumMap;
import java.util.Map;

/**
 * The colours of the network picture, light or dark (the app's theme). Packets keep their flow colour in
 * both; everything around them changes.
 */
public final class Palette {
    public static final Palette LIGHT = light();
    public static final Palette DARK = dark();

    /** Fill and outline of a box of one kind (inactive: a stopped node, a Pod not running). */
    public record BoxColors(Color fill, Color stroke, Color inactiveFill, Color inactiveStroke) {
    }

    public final boolean dark;
    public final Color background;
    public final Color text;
    public final Color mutedText;
    public final Color underlay;
    public final Color tunnel;
    public final Color endpoint;
    public final Color veth;
    public final Color wire;
    public final Color labelBackground;
    public final Color markerBackground;
    public final Color highlight;
    public final Color bridgeText;
    private final Map<Topology.Kind, BoxColors> boxes;

    private Palette(boolean dark, Color background, Color text, Color mutedText, Color underlay, Color tunnel,
                    Color endpoint, Color veth, Color wire, Color labelBackground, Color markerBackground, Color highlight,
                    Color bridgeText, Map<Topology.Kind, BoxColors> boxes) {
        this.dark = dark;
        this.background = background;
        this.text = text;
        this.mutedText = mutedText;
        this.underlay = underlay;
        this.tunnel = tunnel;
        this.endpoint = endpoint;
        this.veth = veth;
        this.wire = wire;
        this.labelBackground = labelBackground;
        this.markerBackground = markerBackground;
        this.highlight = highlight;
        this.bridgeText = bridgeText;
        this.boxes = boxes;
    }

    public BoxColors box(Topology.Kind kind) {
        return boxes.getOrDefault(kind, boxes.get(Topology.Kind.EXTERNAL));
    }

    private static BoxColors c(String fill, String stroke, String inactiveFill, String inactiveStroke) {
        return new BoxColors(Color.web(fill), Color.web(stroke), Color.web(inactiveFill), Color.web(inactiveStroke));
    }

    private static BoxColors c(String fill, String stroke) {
        return c(fill, stroke, fill, stroke);
    }

    private static Palette light() {
        Map<Topology.Kind, BoxColors> m = new EnumMap<>(Topology.Kind.class);
        m.put(Topology.Kind.NODE, c("#eceff1", "#607d8b", "#ffebee", "#c62828"));
        m.put(Topology.Kind.POD, c("#e8f5e9", "#43a047", "#fff8e1", "#f9a825"));
        m.put(Topology.Kind.POLICY, c("#e8f5e9", "#d84315", "#fff8e1", "#d84315"));
        m.put(Topology.Kind.VETH, c("#b0bec5", "#546e7a"));
        m.put(Topology.Kind.BRIDGE, c("#4db6ac", "#00796b"));
        m.put(Topology.Kind.NETFILTER, c("#fff3e0", "#ef6c00"));
        m.put(Topology.Kind.VTEP, c("#f3e5f5", "#8e24aa"));
        m.put(Topology.Kind.NIC, c("#e3f2fd", "#1565c0"));
        m.put(Topology.Kind.SERVICE, c("#e3f2fd", "#1e88e5", "#f5f5f5", "#9e9e9e"));
        m.put(Topology.Kind.INGRESS, c("#ede7f6", "#5e35b1"));
        m.put(Topology.Kind.EXTERNAL, c("#fafafa", "#455a64"));
        return new Palette(false, Color.web("#f7f9fc"), Color.web("#263238"), Color.web("#455a64"), Color.web("#37474f"),
                Color.web("#8e24aa", 0.75), Color.web("#1e88e5", 0.55), Color.web("#78909c"), Color.web("#90a4ae"),
                Color.web("#ffffff", 0.85), Color.web("#fffde7", 0.95), Color.web("#ffab00"), Color.WHITE, m);
    }

    private static Palette dark() {
        Map<Topology.Kind, BoxColors> m = new EnumMap<>(Topology.Kind.class);
        m.put(Topology.Kind.NODE, c("#1f2a30", "#78909c", "#3b1f23", "#ef5350"));
        m.put(Topology.Kind.POD, c("#1b3320", "#66bb6a", "#3a3215", "#fbc02d"));
        m.put(Topology.Kind.POLICY, c("#1b3320", "#ff7043", "#3a3215", "#ff7043"));
        m.put(Topology.Kind.VETH, c("#546e7a", "#90a4ae"));
        m.put(Topology.Kind.BRIDGE, c("#00897b", "#4db6ac"));
        m.put(Topology.Kind.NETFILTER, c("#3e2a12", "#ffa726"));
        m.put(Topology.Kind.VTEP, c("#33203a", "#ce93d8"));
        m.put(Topology.Kind.NIC, c("#14283d", "#64b5f6"));
        m.put(Topology.Kind.SERVICE, c("#14283d", "#42a5f5", "#263238", "#78909c"));
        m.put(Topology.Kind.INGRESS, c("#2a2140", "#9575cd"));
        m.put(Topology.Kind.EXTERNAL, c("#263238", "#90a4ae"));
        return new Palette(true, Color.web("#0d1117"), Color.web("#e6edf3"), Color.web("#b0bec5"), Color.web("#90a4ae"),
                Color.web("#ce93d8", 0.8), Color.web("#64b5f6", 0.6), Color.web("#78909c"), Color.web("#607d8b"),
                Color.web("#0d1117", 0.85), Color.web("#2d2a12", 0.95), Color.web("#ffca28"), Color.WHITE, m);
    }
}
