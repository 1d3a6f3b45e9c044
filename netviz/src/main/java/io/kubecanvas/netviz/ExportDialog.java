package io.kubecanvas.netviz;

import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.io.IOException;
import java.util.List;

/** The workbench's "Export…": what (this flow, the whole timeline, the view now), in which format, at which size. */
final class ExportDialog {
    static final String FLOW = "This flow";
    static final String TIMELINE = "Everything in the timeline (a recording)";
    static final String VIEW = "The view as it is now";
    static final String GIF = "Animated GIF";
    static final String FRAMES = "PNG frames (a folder)";
    static final String PNG = "PNG picture";
    static final String SVG = "SVG picture (text stays editable)";

    private ExportDialog() {
    }

    static void show(NetworkWorkbench wb) {
        ComboBox<String> what = new ComboBox<>();
        what.getItems().setAll(FLOW + " (" + wb.currentFlow().size() + " hops)", TIMELINE + " (" + wb.timeline().size() + " hops)", VIEW);
        what.getSelectionModel().select(wb.currentFlow().isEmpty() ? 2 : 0);
        ComboBox<String> format = new ComboBox<>();
        ComboBox<String> size = new ComboBox<>();
        size.getItems().setAll("1280x720", "1920x1080", "1024x768", "800x600");
        size.getSelectionModel().select(0);
        Runnable formats = () -> {
            boolean still = what.getSelectionModel().getSelectedIndex() == 2;
            format.getItems().setAll(still ? List.of(PNG, SVG) : List.of(GIF, FRAMES));
            format.getSelectionModel().select(0);
            size.setDisable(still);
        };
        what.setOnAction(e -> formats.run());
        formats.run();
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(6);
        g.addRow(0, new Label("What"), what);
        g.addRow(1, new Label("Format"), format);
        g.addRow(2, new Label("Size"), size);
        g.add(new Label("A film plays at the view's speed; the picture of the view keeps its size and zoom."), 0, 3, 2, 1);
        Dialog<ButtonType> d = new Dialog<>();
        d.setTitle("Export for slides");
        d.getDialogPane().setContent(g);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        Window owner = wb.getScene() == null ? null : wb.getScene().getWindow();
        if (owner != null) {
            d.initOwner(owner);
        }
        if (d.showAndWait().orElse(ButtonType.CANCEL) != ButtonType.OK) {
            return;
        }
        String fmt = format.getValue();
        File target;
        if (FRAMES.equals(fmt)) {
            DirectoryChooser dc = new DirectoryChooser();
            dc.setTitle("Folder for the PNG frames");
            target = dc.showDialog(owner);
        } else {
            FileChooser fc = new FileChooser();
            String ext = GIF.equals(fmt) ? "gif" : PNG.equals(fmt) ? "png" : "svg";
            fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(fmt, "*." + ext));
            fc.setInitialFileName("kubecanvas-flow." + ext);
            target = fc.showSaveDialog(owner);
        }
        if (target == null) {
            return;
        }
        int[] wh = java.util.Arrays.stream(size.getValue().split("x")).mapToInt(Integer::parseInt).toArray();
        if (what.getSelectionModel().getSelectedIndex() == 2) {
            try {
                wb.exportView(target.toPath());
            } catch (IOException e) {
                new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.ERROR, e.getMessage()).show();
            }
        } else {
            wb.exportFilm(target.toPath(), what.getSelectionModel().getSelectedIndex() == 1, wh[0], wh[1], line -> { });
        }
    }
}
