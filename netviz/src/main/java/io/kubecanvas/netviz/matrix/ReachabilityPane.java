package io.kubecanvas.netviz.matrix;

import io.kubecanvas.emulator.intent.ReachabilityIntent;
import io.kubecanvas.emulator.intent.ReachabilityIntent.Agreement;
import io.kubecanvas.emulator.intent.ReachabilityIntent.Cell;
import io.kubecanvas.model.ObjectKey;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Who reaches whom: rows are the sources (Pods, then outside), columns the targets (Pod ports, Services,
 * NodePorts, Ingress rules). Before probing a cell shows what is expected (a hollow square, green when it
 * should be reached); after "Probe all" it is filled by how the probe compares: expected and seen (green ✓),
 * expected but blocked (red ✗), reachable but not expected (orange !), blocked as expected (grey –). A click
 * shows both sides with the policy that decided, the trace of the probe, and the YAML of that policy.
 */
public final class ReachabilityPane extends BorderPane {
    private static final Map<Agreement, String> COLOURS = new EnumMap<>(Map.of(
            Agreement.EXPECTED_AND_SEEN, "#43a047", Agreement.EXPECTED_BUT_BLOCKED, "#e53935",
            Agreement.UNEXPECTED, "#fb8c00", Agreement.BLOCKED_AS_EXPECTED, "#90a4ae", Agreement.NOT_PROBED, "transparent"));
    private static final Map<Agreement, String> SYMBOLS = new EnumMap<>(Map.of(
            Agreement.EXPECTED_AND_SEEN, "✓", Agreement.EXPECTED_BUT_BLOCKED, "✗", Agreement.UNEXPECTED, "!",
            Agreement.BLOCKED_AS_EXPECTED, "–", Agreement.NOT_PROBED, ""));

    private final GridPane grid = new GridPane();
    private final Label summary = new Label("Run the cluster, then probe every cell.");
    private final VBox details = new VBox(4);
    private final Button probe = new Button("Probe all");
    private ReachabilityIntent table;
    private int selectedRow = -1;
    private int selectedColumn = -1;
    private Runnable onProbe = () -> { };
    private Consumer<Cell> onShowTrace = c -> { };
    private Consumer<ObjectKey> onReveal = k -> { };

    public ReachabilityPane() {
        setId("reachability");
        probe.setId("matrix-probe");
        probe.setOnAction(e -> onProbe.run());
        probe.setMinWidth(USE_PREF_SIZE);
        summary.setWrapText(true);
        HBox top = new HBox(10, probe, legend(), summary);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(4, 6, 4, 6));
        HBox.setHgrow(summary, Priority.ALWAYS);
        setTop(top);
        grid.setHgap(2);
        grid.setVgap(2);
        grid.setPadding(new Insets(4, 6, 6, 6));
        ScrollPane scroll = new ScrollPane(grid);
        scroll.setFitToWidth(false);
        setCenter(scroll);
        details.setPadding(new Insets(4, 6, 6, 6));
        details.setId("matrix-details");
        details.setMinHeight(0);
        ScrollPane detailScroll = new ScrollPane(details);
        detailScroll.setFitToWidth(true);
        detailScroll.setPrefViewportWidth(340);
        detailScroll.setMinWidth(220);
        // Beside the table, not under it: the strip under the network view is wider than it is tall.
        setRight(detailScroll);
    }

    private static FlowPane legend() {
        FlowPane l = new FlowPane(8, 2);
        for (Agreement a : new Agreement[]{Agreement.EXPECTED_AND_SEEN, Agreement.EXPECTED_BUT_BLOCKED, Agreement.UNEXPECTED,
                Agreement.BLOCKED_AS_EXPECTED}) {
            Label sw = new Label(SYMBOLS.get(a));
            sw.setMinSize(18, 16);
            sw.setAlignment(Pos.CENTER);
            sw.setStyle("-fx-background-color: " + COLOURS.get(a) + "; -fx-text-fill: white; -fx-font-weight: bold;");
            Label t = new Label(a.words());
            l.getChildren().add(new HBox(3, sw, t));
        }
        l.setPrefWrapLength(300);
        return l;
    }

    public void setOnProbe(Runnable r) {
        onProbe = r;
    }

    /** Called when the user asks for a cell's trace. */
    public void setOnShowTrace(Consumer<Cell> c) {
        onShowTrace = c;
    }

    /** Called with the object (policy, Service, Ingress) whose YAML the user asks for. */
    public void setOnRevealObject(Consumer<ObjectKey> c) {
        onReveal = c;
    }

    public void setBusy(boolean busy) {
        probe.setDisable(busy);
    }

    public void setMessage(String text) {
        summary.setText(text);
    }

    public String message() {
        return summary.getText();
    }

    public ReachabilityIntent table() {
        return table;
    }

    public Cell selected() {
        return table == null || selectedRow < 0 ? null : table.cell(selectedRow, selectedColumn);
    }

    /** Shows a table (expected only, or probed); keeps the selected cell when it still exists. */
    public void show(ReachabilityIntent t) {
        table = t;
        grid.getChildren().clear();
        for (int c = 0; c < t.targets().size(); c++) {
            Label head = new Label(shorten(t.targets().get(c).label(), 24));
            head.setTooltip(new Tooltip(t.targets().get(c).label()));
            head.setRotate(-90);
            head.setStyle("-fx-font-size: 11px;");
            StackPane holder = new StackPane(new Group(head));
            holder.setAlignment(Pos.BOTTOM_CENTER);
            grid.add(holder, c + 1, 0);
        }
        for (int r = 0; r < t.sources().size(); r++) {
            Label head = new Label(t.sources().get(r).outside() ? "outside" : shorten(t.sources().get(r).id(), 30));
            head.setTooltip(new Tooltip(t.sources().get(r).outside() ? "the outside world" : t.sources().get(r).id()));
            head.setStyle("-fx-font-size: 11px;");
            grid.add(head, 0, r + 1);
            for (int c = 0; c < t.targets().size(); c++) {
                grid.add(cellNode(t.cell(r, c), r, c), c + 1, r + 1);
            }
        }
        if (selectedRow >= t.sources().size() || selectedColumn >= t.targets().size()) {
            selectedRow = -1;
        }
        Map<Agreement, Integer> n = t.counts();
        int probed = t.cells().stream().filter(Cell::applies).mapToInt(x -> x.observed() == null ? 0 : 1).sum();
        if (probed == 0) {
            long expected = t.cells().stream().filter(Cell::applies).filter(x -> x.expected().reachable()).count();
            summary.setText(t.sources().size() + " sources × " + t.targets().size() + " targets: " + expected
                    + " expected to connect (green outline). Probe all to compare with what the network does.");
        } else {
            summary.setText(n.get(Agreement.EXPECTED_AND_SEEN) + " expected and seen, " + n.get(Agreement.EXPECTED_BUT_BLOCKED)
                    + " expected but blocked, " + n.get(Agreement.UNEXPECTED) + " unexpected, "
                    + n.get(Agreement.BLOCKED_AS_EXPECTED) + " blocked as expected.");
        }
        showDetails();
    }

    private Label cellNode(Cell cell, int row, int column) {
        Label l = new Label();
        l.setId("cell-" + row + "-" + column);
        l.setMinSize(24, 22);
        l.setPrefSize(24, 22);
        l.setAlignment(Pos.CENTER);
        if (!cell.applies()) {
            l.setStyle("-fx-background-color: transparent;");
            l.setTooltip(new Tooltip("Only the outside world connects to " + cell.to().label() + " in this table."));
            return l;
        }
        Agreement a = cell.agreement();
        String outline = cell.expected().reachable() ? "#43a047" : "#90a4ae";
        l.setText(SYMBOLS.get(a));
        l.setStyle("-fx-background-color: " + COLOURS.get(a) + "; -fx-border-color: " + outline
                + "; -fx-border-width: 2; -fx-text-fill: white; -fx-font-weight: bold; -fx-cursor: hand;");
        l.getStyleClass().add("matrix-" + a.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        l.setTooltip(new Tooltip(cell.from().id() + " → " + cell.to().label() + "\n" + a.words()));
        l.setOnMouseClicked(e -> select(row, column));
        return l;
    }

    /** Long generated names lose their middle ("default/web-dep…l5nmr :80"), where they differ least. */
    static String shorten(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int tail = max / 2 - 1;
        return s.substring(0, max - tail - 1) + "…" + s.substring(s.length() - tail);
    }

    /** Selects a cell and shows what was expected, what was seen, and the links to its trace and its policies. */
    public void select(int row, int column) {
        selectedRow = row;
        selectedColumn = column;
        showDetails();
        Cell c = selected();
        if (c != null && c.observed() != null && !c.observed().hops().isEmpty()) {
            onShowTrace.accept(c);
        }
    }

    private void showDetails() {
        details.getChildren().clear();
        Cell c = selected();
        if (c == null || !c.applies()) {
            details.getChildren().add(new Label("Click a cell: what was expected, what the probe saw, its trace, the policy that decided."));
            return;
        }
        Label title = new Label((c.from().outside() ? "outside" : c.from().id()) + " → " + c.to().label() + ":  "
                + c.agreement().words());
        title.setStyle("-fx-font-weight: bold;");
        Label expected = new Label("Expected: " + (c.expected().reachable() ? "reached" : "blocked") + " — " + c.expected().reason());
        expected.setWrapText(true);
        expected.setId("matrix-expected");
        details.getChildren().addAll(title, expected);
        if (c.observed() != null) {
            var o = c.observed();
            Label seen = new Label("Seen: " + o.outcome().word().replace('_', ' ')
                    + (o.answeredBy() == null ? "" : " (answered by " + o.answeredBy() + ")")
                    + (o.reason() == null || o.reason().isEmpty() ? "" : " — " + o.reason()));
            seen.setWrapText(true);
            seen.setId("matrix-seen");
            details.getChildren().add(seen);
        }
        FlowPane links = new FlowPane(8, 2);
        if (c.observed() != null && !c.observed().hops().isEmpty()) {
            Hyperlink trace = new Hyperlink("Show the trace (" + c.observed().hops().size() + " hops)");
            trace.setId("matrix-trace");
            trace.setOnAction(e -> onShowTrace.accept(c));
            links.getChildren().add(trace);
        }
        for (ObjectKey k : c.expected().decidedBy()) {
            Hyperlink y = new Hyperlink("Show " + k + " YAML");
            y.setOnAction(e -> onReveal.accept(k));
            links.getChildren().add(y);
        }
        details.getChildren().add(links);
    }

    /** The node of a cell (tests click it). */
    public javafx.scene.Node cell(int row, int column) {
        return grid.lookup("#cell-" + row + "-" + column);
    }
}
