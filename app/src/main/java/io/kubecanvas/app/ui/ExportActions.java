package io.kubecanvas.app.ui;

import io.kubecanvas.app.ui.canvas.CanvasView;
import io.kubecanvas.app.ui.canvas.SvgPicture;
import io.kubecanvas.app.ui.document.DesignSession;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.export.ExportException;
import io.kubecanvas.model.export.ExportFormat;
import io.kubecanvas.model.export.Exporter;
import javafx.application.Platform;
import javafx.concurrent.Task;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.SnapshotParameters;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.image.WritableImage;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * File > Export: the model's export formats (manifests, Helm, Kustomize, CNI), the design file, and the
 * picture as PNG or SVG. Each export runs in the background with its outcome in the status bar.
 */
public final class ExportActions {
    /** Something that writes the design to a path. */
    public interface Writer {
        void write(Path p) throws IOException;
    }

    private static final Map<ExportFormat, String> TITLES = new EnumMap<>(Map.of(
            ExportFormat.YAML, "Manifests, one YAML file", ExportFormat.SPLIT, "Manifests, one file per object",
            ExportFormat.HELM, "Helm chart", ExportFormat.KUSTOMIZE, "Kustomize base",
            ExportFormat.CNI, "CNI network config"));

    private final DesignSession session;
    private final CanvasView canvas;
    private final FxDialogs dialogs;
    private final Consumer<String> status;

    /** {@code dialogs} may be null (tests): the menu items then do nothing, the writers still work. */
    ExportActions(DesignSession session, CanvasView canvas, FxDialogs dialogs, Consumer<String> status) {
        this.session = session;
        this.canvas = canvas;
        this.dialogs = dialogs;
        this.status = status;
    }

    /** The Export submenu. */
    Menu menu() {
        Menu export = new Menu("Export");
        for (ExportFormat format : ExportFormat.values()) {
            export.getItems().add(MainMenus.item(TITLES.get(format) + "\u2026", null, () -> exportFormat(format)));
        }
        export.getItems().addAll(
                MainMenus.item("Design file (with the cluster and layout)\u2026", null,
                        () -> exportWith("design.yaml", p -> DesignIO.save(session.design(), p))),
                new SeparatorMenuItem(),
                MainMenus.item("Picture as PNG\u2026", null, () -> exportWith("design.png", this::exportPng)),
                MainMenus.item("Picture as SVG\u2026", null, () -> exportWith("design.svg", this::exportSvg)));
        return export;
    }

    /** Asks where, then exports in one of the model's formats. */
    void exportFormat(ExportFormat format) {
        if (dialogs == null) {
            return;
        }
        Path p = format.writesFolder() ? dialogs.chooseFolder("Export: " + TITLES.get(format) + " (choose a new or empty folder)")
                : dialogs.chooseFile("Export: " + TITLES.get(format), "manifests.yaml", "*.yaml");
        if (p != null) {
            runExport(p, exporter(format));
        }
    }

    /** Writes the current design in one of the model's export formats. */
    public Writer exporter(ExportFormat format) {
        Design d = session.design();
        return p -> {
            try {
                Exporter.export(d, format, p, true);
            } catch (ExportException e) {
                throw new IOException(e.getMessage(), e);
            }
        };
    }

    private void exportWith(String suggested, Writer writer) {
        if (dialogs == null) {
            return;
        }
        String ext = suggested.substring(suggested.lastIndexOf('.'));
        Path p = dialogs.chooseFile("Export", suggested, "*" + ext);
        if (p != null) {
            runExport(p, writer);
        }
    }

    /** Exports in the background with progress in the status bar; the window stays responsive. */
    public Task<Void> runExport(Path p, Writer writer) {
        Task<Void> task = new Task<>() {
            @Override
            protected Void call() throws Exception {
                updateMessage("Exporting " + p.getFileName());
                writer.write(p);
                return null;
            }
        };
        task.setOnSucceeded(e -> status.accept("Exported " + p));
        task.setOnFailed(e -> status.accept("Export failed: " + task.getException().getMessage()));
        Thread t = new Thread(task, "export");
        t.setDaemon(true);
        t.start();
        return task;
    }

    public void exportManifests(Path p) throws IOException {
        Files.writeString(p, session.design().toManifestYaml(), StandardCharsets.UTF_8);
    }

    public void exportSvg(Path p) throws IOException {
        Files.writeString(p, SvgPicture.write(canvas.picture()), StandardCharsets.UTF_8);
    }

    /** A PNG of the whole picture at twice the size (painted on the FX thread, written wherever called). */
    public void exportPng(Path p) throws IOException {
        WritableImage img;
        if (Platform.isFxApplicationThread()) {
            img = canvas.renderWhole(2).snapshot(new SnapshotParameters(), null);
        } else {
            CompletableFuture<WritableImage> f = new CompletableFuture<>();
            Platform.runLater(() -> f.complete(canvas.renderWhole(2).snapshot(new SnapshotParameters(), null)));
            try {
                img = f.get();
            } catch (Exception e) {
                throw new IOException("cannot paint the picture: " + e.getMessage());
            }
        }
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", p.toFile());
    }
}
