package io.kubecanvas.netviz.panel;

import io.kubecanvas.model.ObjectKey;
import io.kubecanvas.netviz.simulation.HopDetails;
import javafx.geometry.Insets;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

import java.util.List;
import java.util.function.Consumer;

/**
 * The details of one hop: every header field before and after it (outer and inner for VXLAN, changed
 * fields marked), the NAT, the conntrack entry, the verdict with its rule, and a link to the object whose
 * YAML caused it.
 */
public final class PacketDetailsPane extends ScrollPane {
    private final VBox content = new VBox(6);
    private HopDetails shown;
    private boolean headersHidden;
    private Consumer<ObjectKey> onReveal = k -> { };

    public PacketDetailsPane() {
        setContent(content);
        setFitToWidth(true);
        setId("packet-details");
        content.setPadding(new Insets(8));
        content.getStyleClass().add("packet-details-content");
        clear();
    }

    public void setOnRevealObject(Consumer<ObjectKey> c) {
        onReveal = c;
    }

    public HopDetails shown() {
        return shown;
    }

    /**
     * Hides the header tables and the NAT (a quiz asks what they will be); the explanation and verdict stay
     * hidden too, so the answer is not given away. Shown again with false.
     */
    public void setHeadersHidden(boolean hidden) {
        headersHidden = hidden;
        if (shown != null) {
            show(shown);
        }
    }

    public boolean headersHidden() {
        return headersHidden;
    }

    /** The plain-words explanation of the hop shown, or null. */
    public String explanation() {
        return shown == null ? null : shown.explanation();
    }

    public void clear() {
        shown = null;
        Label hint = new Label("Pause and step, or click a packet or an event, to see its headers here.");
        hint.setWrapText(true);
        content.getChildren().setAll(hint);
    }

    /** Shows a hop with its explanation in plain words (from the network plan), when it has one. */
    public void show(HopDetails d) {
        shown = d;
        String explanation = d.explanation();
        content.getChildren().clear();
        Label title = new Label(d.title());
        title.setWrapText(true);
        title.setStyle("-fx-font-weight: bold; -fx-font-size: 13px;");
        content.getChildren().add(title);
        if (headersHidden) {
            Label hidden = new Label("Headers hidden: what will this hop do to the packet? Answer, then step on.");
            hidden.setId("headers-hidden");
            hidden.setWrapText(true);
            hidden.setStyle("-fx-font-style: italic;");
            content.getChildren().add(hidden);
            return;
        }
        if (explanation != null && !explanation.isBlank()) {
            Label words = new Label(explanation);
            words.setId("hop-explanation");
            words.setWrapText(true);
            words.setStyle("-fx-font-size: 13px; -fx-padding: 2 0 4 0;");
            content.getChildren().add(words);
        }
        if (d.info() != null) {
            content.getChildren().add(mono(d.info()));
        }
        content.getChildren().add(keyValue("Verdict", d.verdict() + (d.rule() == null ? "" : "   by " + d.rule()),
                d.verdict().equals("DROPPED") || d.verdict().equals("REJECTED") ? "#c62828" : "#2e7d32"));
        if (d.cause() != null) {
            Hyperlink link = new Hyperlink("Caused by " + d.cause() + ": show its YAML");
            link.setId("reveal-object");
            link.setOnAction(e -> onReveal.accept(d.cause()));
            content.getChildren().add(link);
        }
        if (d.nat() != null) {
            content.getChildren().add(keyValue("NAT here", d.nat(), "#e65100"));
        }
        if (d.conntrack() != null && !d.conntrack().isEmpty()) {
            content.getChildren().add(section("Conntrack entry (original tuple, then the reply it expects)"));
            content.getChildren().add(mono(d.conntrack()));
        }
        if (!d.outer().isEmpty()) {
            content.getChildren().add(section("Outer headers (VXLAN encapsulation, underlay)"));
            content.getChildren().add(table(d.outer()));
            content.getChildren().add(section("Inner headers (the Pod's packet)"));
        } else {
            content.getChildren().add(section("Headers (before this hop → after)"));
        }
        content.getChildren().add(table(d.inner()));
    }

    private static Label section(String s) {
        Label l = new Label(s);
        l.setStyle("-fx-font-weight: bold; -fx-opacity: 0.8; -fx-padding: 6 0 0 0;");
        return l;
    }

    private static Label mono(String s) {
        Label l = new Label(s);
        l.setWrapText(true);
        l.setStyle("-fx-font-family: monospace; -fx-font-size: 11px;");
        return l;
    }

    private static Label keyValue(String k, String v, String color) {
        Label l = new Label(k + ": " + v);
        l.setWrapText(true);
        l.setStyle("-fx-text-fill: " + color + "; -fx-font-weight: bold;");
        return l;
    }

    private static GridPane table(List<HopDetails.FieldRow> rows) {
        GridPane g = new GridPane();
        g.setHgap(12);
        g.setVgap(1);
        g.addRow(0, head("layer"), head("field"), head("before"), head("after"));
        int r = 1;
        String lastLayer = "";
        for (HopDetails.FieldRow row : rows) {
            Label layer = new Label(row.layer().equals(lastLayer) ? "" : row.layer());
            layer.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            lastLayer = row.layer();
            layer.setStyle("-fx-font-weight: bold;");
            Label before = cell(row.before());
            Label after = cell(row.after());
            if (row.changed()) {
                after.setStyle(after.getStyle() + "-fx-text-fill: #e65100; -fx-font-weight: bold;");
                before.setStyle(before.getStyle() + "-fx-strikethrough: true; -fx-text-fill: #8d6e63;");
            }
            g.addRow(r++, layer, cell(row.field()), before, after);
        }
        return g;
    }

    private static Label head(String s) {
        Label l = new Label(s);
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        l.setStyle("-fx-font-weight: bold; -fx-text-fill: #607d8b;");
        return l;
    }

    private static Label cell(String s) {
        Label l = new Label(s == null ? "–" : s);
        // Header values are short; never elide them, let the pane scroll instead.
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        l.setStyle("-fx-font-family: monospace; -fx-font-size: 11px;");
        return l;
    }
}
