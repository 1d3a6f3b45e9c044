package io.kubecanvas.app.ui.problems;

import atlantafx.base.theme.Styles;
import io.kubecanvas.app.ui.document.DesignSession;
import io.kubecanvas.model.SourcePosition;
import io.kubecanvas.model.validate.Finding;
import io.kubecanvas.model.validate.Severity;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Lists findings, each on as many lines as its message needs: the message, then where it is (line:col in
 * the YAML pane, the object, the rule) and its quick fix. A click (or Enter) shows it: selects its element
 * and puts the YAML caret on it.
 */
public final class ProblemsView extends ListView<Finding> {
    /** Room the cell's dot, padding and the list's scroll bar take beside the message. */
    private static final double GUTTER = 44;

    private final ObservableList<Finding> findings = FXCollections.observableArrayList();
    private final DesignSession session;
    private Consumer<Finding> onShow = f -> { };
    private Function<Finding, SourcePosition> placer = Finding::position;

    public ProblemsView(DesignSession session) {
        super();
        this.session = session;
        setItems(findings);
        getStyleClass().addAll("problems", Styles.DENSE);
        setPlaceholder(new Label("No problems found"));
        setCellFactory(v -> new FindingCell());
        getSelectionModel().selectedItemProperty().addListener((o, a, f) -> {
            if (f != null) {
                onShow.accept(f);
            }
        });
        setOnKeyPressed(e -> {
            Finding f = getSelectionModel().getSelectedItem();
            if (e.getCode() == KeyCode.ENTER && f != null) {
                onShow.accept(f);
                e.consume();
            }
        });
    }

    public void setFindings(List<Finding> list) {
        findings.setAll(list);
    }

    public List<Finding> findings() {
        return List.copyOf(findings);
    }

    public void setOnShow(Consumer<Finding> handler) {
        onShow = handler;
    }

    /** Where a finding stands in the text the user sees (the YAML pane), for the line:col of each row. */
    public void setPlacer(Function<Finding, SourcePosition> placer) {
        this.placer = placer;
    }

    /** The second line of a row: line:col, the object, the rule. */
    public String whereOf(Finding f) {
        SourcePosition p = placer.apply(f);
        StringBuilder s = new StringBuilder();
        if (p != null && p.isKnown()) {
            // In the YAML pane ("<editor>"): line and column; in a file that could not be opened: the file too.
            boolean buffer = p.file() == null || p.file().isEmpty() || p.file().startsWith("<");
            s.append(buffer ? "line " + p.line() + ":" + p.column() : p.toString());
        }
        if (f.subject() != null) {
            s.append(s.length() > 0 ? " \u00b7 " : "").append(f.subject());
        }
        return s.append(s.length() > 0 ? " \u00b7 " : "").append(f.rule()).toString();
    }

    /** Applies a finding's quick fix as one undoable command. */
    public boolean applyFix(Finding f) {
        if (f.fix() == null) {
            return false;
        }
        return session.edit("Fix: " + f.fix().title(), d -> f.fix().apply().apply(d));
    }

    private final class FindingCell extends ListCell<Finding> {
        FindingCell() {
            // A cell never asks for more width than the list has, so its message wraps instead.
            setPrefWidth(0);
            setOnMouseClicked(e -> {
                if (!isEmpty() && getItem() != null) {
                    onShow.accept(getItem());
                }
            });
        }

        @Override
        protected void updateItem(Finding f, boolean empty) {
            super.updateItem(f, empty);
            if (empty || f == null) {
                setGraphic(null);
                setText(null);
                setTooltip(null);
                return;
            }
            Circle dot = new Circle(5);
            dot.getStyleClass().add("severity-" + f.severity().label());
            Label message = new Label(f.message());
            message.getStyleClass().add("finding-message");
            message.setWrapText(true);
            message.setMinHeight(Region.USE_PREF_SIZE);
            message.maxWidthProperty().bind(getListView().widthProperty().subtract(GUTTER));
            Label where = new Label(whereOf(f));
            where.getStyleClass().addAll("finding-where", Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            where.setMinWidth(0);
            where.setWrapText(true);
            where.setMinHeight(Region.USE_PREF_SIZE);
            where.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(where, Priority.ALWAYS);
            HBox second = new HBox(8, where);
            second.setAlignment(Pos.CENTER_LEFT);
            if (f.fix() != null) {
                Button fix = new Button("Fix: " + f.fix().title());
                fix.getStyleClass().addAll("finding-fix", Styles.SMALL, Styles.ACCENT);
                fix.setMinWidth(Region.USE_PREF_SIZE);
                fix.setOnAction(e -> applyFix(f));
                second.getChildren().add(fix);
            }
            VBox text = new VBox(2, message, second);
            HBox.setHgrow(text, Priority.ALWAYS);
            HBox row = new HBox(8, dot, text);
            row.setAlignment(Pos.TOP_LEFT);
            HBox.setMargin(dot, new Insets(4, 0, 0, 0));
            row.maxWidthProperty().bind(getListView().widthProperty().subtract(GUTTER - 20));
            setText(null);
            setGraphic(row);
            setTooltip(new Tooltip(f.describe()));
        }
    }

    /** The worst severity first, for badges. */
    public static int rank(Severity s) {
        return switch (s) {
            case ERROR -> 3;
            case WARNING -> 2;
            case INFO -> 1;
        };
    }
}
