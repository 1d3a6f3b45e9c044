package io.kubecanvas.app.ui;

import atlantafx.base.theme.Styles;
import io.kubecanvas.app.ui.canvas.CanvasView;
import io.kubecanvas.app.ui.document.DesignSession;
import io.kubecanvas.app.ui.files.DocumentFiles;
import io.kubecanvas.app.ui.files.Samples;
import io.kubecanvas.model.export.ExportFormat;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.WindowEvent;

import java.nio.file.Path;
import java.util.List;

/**
 * The window's menu bar and toolbar: every command with its shortcut and tooltip. Other parts add their
 * items to the menus through {@link MainWindow#fileMenu()} and friends.
 */
final class MainMenus {
    private final MainWindow window;
    private final DesignSession session;
    private final DocumentFiles files;
    private final CanvasView canvas;
    private final EditCommands edits;
    final Menu file = new Menu("File");
    final Menu edit = new Menu("Edit");
    final Menu view = new Menu("View");
    final Menu help = new Menu("Help");
    private final Menu recentMenu = new Menu("Open recent");
    final CheckMenuItem darkItem = new CheckMenuItem("Dark theme");
    private final MenuBar bar = new MenuBar(file, edit, view, help);

    MainMenus(MainWindow window, EditCommands edits, ExportActions exports) {
        this.window = window;
        this.session = window.session();
        this.files = window.files();
        this.canvas = window.canvas();
        this.edits = edits;
        bar.setUseSystemMenuBar(true);
        fileMenu(exports);
        editMenu();
        viewMenu();
        help.getItems().add(item("Gestures", new KeyCodeCombination(KeyCode.F1), () -> window.status().show(
                "Drag from the palette \u00b7 drop a Pod on a node to pin it \u00b7 drag from a handle \u25cf to connect \u00b7 "
                        + "Shift+click or drag on empty space to select several \u00b7 right-drag or scroll to pan \u00b7 Ctrl+scroll to zoom")));
    }

    MenuBar menuBar() {
        return bar;
    }

    /** A menu of its own, before Help. */
    void addMenu(Menu menu) {
        bar.getMenus().add(bar.getMenus().indexOf(help), menu);
    }

    private void fileMenu(ExportActions exports) {
        Menu samples = new Menu("Open sample");
        Samples.ALL.forEach((name, title) -> samples.getItems().add(item(title, null, () -> {
            if (files.openSample(name)) {
                canvas.fit();
            }
        })));
        recentMenu.setOnShowing(e -> fillRecent());
        fillRecent();
        Menu export = exports.menu();
        file.getItems().addAll(
                item("New", shortcut(KeyCode.N), files::newDesign),
                item("Open\u2026", shortcut(KeyCode.O), () -> files.openDialog(false)),
                item("Open folder\u2026", shortcutShift(KeyCode.O), () -> files.openDialog(true)),
                samples, recentMenu, new SeparatorMenuItem(),
                item("Save", shortcut(KeyCode.S), files::save),
                item("Save as\u2026", shortcutShift(KeyCode.S), files::saveAs),
                export, new SeparatorMenuItem(),
                item("Quit", shortcut(KeyCode.Q), () -> {
                    if (window.getScene() != null && window.getScene().getWindow() != null) {
                        window.getScene().getWindow().fireEvent(new WindowEvent(window.getScene().getWindow(),
                                WindowEvent.WINDOW_CLOSE_REQUEST));
                    }
                }));
        file.getItems().addAll(file.getItems().indexOf(export) + 1, ClusterMenu.items(window));
    }

    private void fillRecent() {
        recentMenu.getItems().clear();
        for (Path p : files.recent().list()) {
            recentMenu.getItems().add(item(p.toString(), null, () -> {
                if (files.confirmDiscard()) {
                    files.load(List.of(p)).setOnSucceeded(null);
                }
            }));
        }
        if (recentMenu.getItems().isEmpty()) {
            MenuItem none = new MenuItem("(none yet)");
            none.setDisable(true);
            recentMenu.getItems().add(none);
        }
    }

    private void editMenu() {
        MenuItem undo = item("Undo", shortcut(KeyCode.Z), window::undo);
        undo.disableProperty().bind(session.undoStack().canUndoProperty().not());
        undo.textProperty().bind(session.undoStack().undoTitleProperty().map(t -> t.isEmpty() ? "Undo" : "Undo " + t));
        MenuItem redo = item("Redo", shortcutShift(KeyCode.Z), window::redo);
        redo.disableProperty().bind(session.undoStack().canRedoProperty().not());
        redo.textProperty().bind(session.undoStack().redoTitleProperty().map(t -> t.isEmpty() ? "Redo" : "Redo " + t));
        MenuItem redoY = item("Redo (Ctrl+Y)", shortcut(KeyCode.Y), window::redo);
        redoY.disableProperty().bind(session.undoStack().canRedoProperty().not());
        edit.getItems().addAll(undo, redo, redoY, new SeparatorMenuItem(),
                item("Copy", shortcut(KeyCode.C), edits::copy),
                item("Paste", shortcut(KeyCode.V), edits::paste),
                item("Duplicate", shortcut(KeyCode.D), edits::duplicate),
                item("Delete", new KeyCodeCombination(KeyCode.DELETE), edits::deleteSelection),
                item("Select all", shortcut(KeyCode.A), edits::selectAll));
    }

    private void viewMenu() {
        darkItem.setAccelerator(shortcutShift(KeyCode.D));
        darkItem.setOnAction(e -> window.setDark(darkItem.isSelected()));
        view.getItems().addAll(
                item("Zoom in", shortcut(KeyCode.EQUALS), () -> canvas.zoomBy(1.2)),
                item("Zoom out", shortcut(KeyCode.MINUS), () -> canvas.zoomBy(1 / 1.2)),
                item("Actual size", shortcut(KeyCode.DIGIT0), canvas::resetZoom),
                item("Fit to window", shortcutShift(KeyCode.F), canvas::fit),
                new SeparatorMenuItem(),
                item("Auto-layout", shortcut(KeyCode.L), edits::autoLayout),
                new SeparatorMenuItem(),
                item("Design", shortcut(KeyCode.DIGIT1), window::showDesignTab),
                item("Network", shortcut(KeyCode.DIGIT2), window::showNetworkTab),
                item("Present the network", new KeyCodeCombination(KeyCode.F5), window::presentNetwork),
                new SeparatorMenuItem(), darkItem);
    }

    ToolBar toolBar(ExportActions exports) {
        Button theme = iconButton(Icons.THEME, "Light or dark theme (Ctrl+Shift+D)", () -> window.setDark(!window.isDark()));
        Button undo = iconButton(Icons.UNDO, "Undo (Ctrl+Z)", window::undo);
        undo.disableProperty().bind(session.undoStack().canUndoProperty().not());
        Button redo = iconButton(Icons.REDO, "Redo (Ctrl+Shift+Z, Ctrl+Y)", window::redo);
        redo.disableProperty().bind(session.undoStack().canRedoProperty().not());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        javafx.scene.control.Label brand = new javafx.scene.control.Label("KubeCanvas");
        brand.getStyleClass().add("brand");
        ToolBar bar = new ToolBar(brand,
                iconButton(Icons.NEW, "New design (Ctrl+N)", files::newDesign),
                iconButton(Icons.OPEN, "Open a design, manifests or a folder (Ctrl+O)", () -> files.openDialog(false)),
                iconButton(Icons.SAVE, "Save (Ctrl+S)", files::save),
                iconButton(Icons.EXPORT, "Export manifests (YAML)", () -> exports.exportFormat(ExportFormat.YAML)),
                new Separator(), undo, redo,
                iconButton(Icons.DELETE, "Delete the selection (Delete)", edits::deleteSelection),
                new Separator(),
                iconButton(Icons.ZOOM_IN, "Zoom in (Ctrl+=)", () -> canvas.zoomBy(1.2)),
                iconButton(Icons.ZOOM_OUT, "Zoom out (Ctrl+-)", () -> canvas.zoomBy(1 / 1.2)),
                iconButton(Icons.FIT, "Fit to window (Ctrl+Shift+F)", canvas::fit),
                iconButton(Icons.LAYOUT, "Auto-layout (Ctrl+L)", edits::autoLayout),
                spacer, theme);
        bar.getStyleClass().add("main-toolbar");
        return bar;
    }

    private static Button iconButton(String path, String tip, Runnable action) {
        Button b = new Button(null, Icons.icon(path, 18, "toolbar-icon"));
        b.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        return b;
    }

    static MenuItem item(String text, KeyCombination key, Runnable action) {
        MenuItem m = new MenuItem(text);
        if (key != null) {
            m.setAccelerator(key);
        }
        m.setOnAction(e -> action.run());
        return m;
    }

    static KeyCombination shortcut(KeyCode k) {
        return new KeyCodeCombination(k, KeyCombination.SHORTCUT_DOWN);
    }

    static KeyCombination shortcutShift(KeyCode k) {
        return new KeyCodeCombination(k, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN);
    }
}
