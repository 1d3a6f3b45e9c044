package io.kubecanvas.app.ui;

import io.kubecanvas.app.ui.files.DocumentFiles;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.validate.Finding;
import io.kubecanvas.model.validate.Severity;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

import java.util.List;
import java.util.Locale;

/**
 * The line under the window: the last message (what a gesture, an undo or a file operation did), the
 * progress of a load, the design's counts, the zoom and the file. Anything may {@link #show} a message.
 */
public final class StatusBar extends HBox {
    private final Label message = new Label("Ready");
    private final Label counts = new Label();
    private final Label zoom = new Label("100%");
    private final Label file = new Label();
    private final ProgressBar progress = new ProgressBar();

    StatusBar(DocumentFiles files) {
        super(14);
        message.setId("status");
        counts.setId("status-counts");
        progress.setPrefWidth(160);
        progress.visibleProperty().bind(files.busyProperty());
        progress.managedProperty().bind(files.busyProperty());
        progress.progressProperty().bind(files.progressProperty());
        files.messageProperty().addListener((o, a, m) -> {
            if (!m.isEmpty()) {
                show(m);
            }
        });
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        getChildren().addAll(message, spacer, progress, counts, zoom, file);
        setAlignment(Pos.CENTER_LEFT);
        getStyleClass().add("status-bar");
    }

    /** Shows a one-line message (it stays until the next one). */
    public void show(String text) {
        message.setText(text);
    }

    public String text() {
        return message.getText();
    }

    public String countsText() {
        return counts.getText();
    }

    void setCounts(Design d, List<Finding> findings) {
        long errors = findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
        long warnings = findings.stream().filter(f -> f.severity() == Severity.WARNING).count();
        counts.setText(d.objects().size() + " objects \u00b7 " + d.cluster().nodes().size() + " nodes \u00b7 "
                + errors + (errors == 1 ? " error, " : " errors, ") + warnings + (warnings == 1 ? " warning" : " warnings"));
    }

    void setZoom(double z) {
        zoom.setText(String.format(Locale.ROOT, "%d%%", Math.round(z * 100)));
    }

    void setFile(String text) {
        file.setText(text);
    }
}
