package io.kubecanvas.app.ui.problems;

import atlantafx.base.theme.Styles;
import io.kubecanvas.app.ui.document.DesignSession;
import io.kubecanvas.model.validate.Finding;
import io.kubecanvas.model.validate.Severity;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.shape.Circle;

import java.util.List;
import java.util.function.Consumer;

/** Lists findings; clicking one shows it (selects its element, puts the YAML caret on it). */
public final class ProblemsView extends ListView<Finding> {
    private final ObservableList<Finding> findings = FXCollections.observableArrayList();
    private final DesignSession session;
    private Consumer<Finding> onShow = f -> { };

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

    /** Applies a finding's quick fix as one undoable command. */
    public boolean applyFix(Finding f) {
        if (f.fix() == null) {
            return false;
        }
        return session.edit("Fix: " + f.fix().title(), d -> f.fix().apply().apply(d));
    }

    private final class FindingCell extends ListCell<Finding> {
        @Override
        protected void updateItem(Finding f, boolean empty) {
            super.updateItem(f, empty);
            if (empty || f == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            Circle dot = new Circle(5);
            dot.getStyleClass().add("severity-" + f.severity().label());
            Label message = new Label(f.message());
            message.setMinWidth(120);
            Label where = new Label((f.subject() == null ? "" : f.subject() + "  ") + "[" + f.rule() + "]");
            where.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            Region spacer = new Region();
            HBox.setHgrow(spacer, Priority.ALWAYS);
            HBox row = new HBox(8, dot);
            row.setAlignment(Pos.CENTER_LEFT);
            if (f.fix() != null) {
                // Before the message, so it stays in view however long the message is.
                Button fix = new Button("Fix: " + f.fix().title());
                fix.getStyleClass().addAll(Styles.SMALL, Styles.ACCENT);
                fix.setOnAction(e -> applyFix(f));
                row.getChildren().add(fix);
            }
            row.getChildren().addAll(message, where, spacer);
            setText(null);
            setGraphic(row);
            setTooltip(new javafx.scene.control.Tooltip(f.describe()));
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
