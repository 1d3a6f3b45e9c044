package io.kubecanvas.app.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import atlantafx.base.theme.Styles;
import io.kubecanvas.app.ui.canvas.CanvasGestures;
import io.kubecanvas.app.ui.canvas.CanvasView;
import io.kubecanvas.app.ui.canvas.ClusterPicture;
import io.kubecanvas.app.ui.canvas.SvgPicture;
import io.kubecanvas.app.ui.document.DesignSession;
import io.kubecanvas.app.ui.document.Elements;
import io.kubecanvas.app.ui.edit.DesignEdits;
import io.kubecanvas.app.ui.files.Autosave;
import io.kubecanvas.app.ui.files.DocumentFiles;
import io.kubecanvas.app.ui.files.RecentFiles;
import io.kubecanvas.app.ui.files.Samples;
import io.kubecanvas.app.ui.inspector.InspectorView;
import io.kubecanvas.app.ui.outline.OutlineView;
import io.kubecanvas.app.ui.problems.ProblemsView;
import io.kubecanvas.app.ui.yaml.YamlPane;
import io.kubecanvas.model.Cluster.Point;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.KubeKinds;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.export.ExportException;
import io.kubecanvas.model.export.ExportFormat;
import io.kubecanvas.model.export.Exporter;
import io.kubecanvas.model.validate.Finding;
import io.kubecanvas.model.validate.Severity;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Application;
import javafx.concurrent.Task;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The designer window: menus and toolbar on top, palette and outline on the left, the canvas (with a
 * Network tab for the live view) and the problems panel in the middle, inspector and YAML on the right,
 * a status bar below. It wires panels to one {@link DesignSession}; the logic lives in the panels'
 * models and in {@link DesignEdits}.
 */
public final class MainWindow extends BorderPane {
    /** The palette: what can be dragged onto the canvas, with a one-line hint each. */
    public static final Map<String, String> PALETTE = new LinkedHashMap<>();

    static {
        PALETTE.put(DesignEdits.WORKER_NODE, "Worker node");
        PALETTE.put(KubeKinds.POD, "Pod");
        PALETTE.put(KubeKinds.DEPLOYMENT, "Deployment");
        PALETTE.put(KubeKinds.SERVICE, "Service");
        PALETTE.put(KubeKinds.INGRESS, "Ingress");
        PALETTE.put(KubeKinds.NETWORK_POLICY, "NetworkPolicy");
        PALETTE.put(KubeKinds.NAMESPACE, "Namespace");
    }

    /** Above this many objects, findings are computed after the canvas has shown the design. */
    static final int LARGE_DESIGN = 300;
    private final AfterNextFrame findingsLater = new AfterNextFrame();
    private final DesignSession session = new DesignSession();
    private final Function<Design, List<Finding>> validator;
    private final CanvasView canvas;
    private final CanvasGestures gestures;
    private final InspectorView inspector;
    private final YamlPane yamlPane;
    private final ProblemsView problems;
    private final OutlineView outline;
    private final DocumentFiles files;
    private final FxDialogs fxDialogs;
    private final Tab networkTab = new Tab("Network");
    private final TabPane centreTabs = new TabPane();
    private final StackPane canvasLayers = new StackPane();
    private MenuBar menus;
    private final Label status = new Label("Ready");
    private final Label counts = new Label();
    private final Label zoomLabel = new Label();
    private final Label fileLabel = new Label();
    private final ProgressBar progress = new ProgressBar();
    private final Menu recentMenu = new Menu("Open recent");
    private final CheckMenuItem darkItem = new CheckMenuItem("Dark theme");
    private List<KubeObject> clipboard = List.of();
    private List<Finding> findings = List.of();
    private boolean dark;

    public MainWindow(Function<Design, List<Finding>> validator, DocumentFiles.Dialogs dialogs, Executor background,
                      RecentFiles recent, Autosave autosave) {
        this.validator = validator;
        getStyleClass().add("main-window");
        getStylesheets().add(MainWindow.class.getResource("designer.css").toExternalForm());
        this.fxDialogs = dialogs instanceof FxDialogs f ? f : null;
        canvas = new CanvasView(session);
        gestures = new CanvasGestures(canvas);
        gestures.setStatus(status::setText);
        inspector = new InspectorView(session);
        yamlPane = new YamlPane(session);
        problems = new ProblemsView(session);
        outline = new OutlineView(session);
        files = new DocumentFiles(session, dialogs, recent, autosave, background);

        setTop(new VBox(menuBar(), toolBar()));
        setCenter(body());
        setBottom(statusBar());

        session.designProperty().addListener((o, a, d) -> {
            if (d.objects().size() > LARGE_DESIGN) {
                findingsLater.run(() -> designChanged(session.design()));
            } else {
                designChanged(d);
            }
        });
        session.dirtyProperty().addListener((o, a, b) -> updateFileLabel());
        session.fileProperty().addListener((o, a, b) -> updateFileLabel());
        // Updated after zooming settles: a label change lays out the window, too costly for every frame.
        javafx.animation.PauseTransition zoomSettled = new javafx.animation.PauseTransition(Duration.millis(200));
        zoomSettled.setOnFinished(e -> zoomLabel.setText(Math.round(canvas.zoom() * 100) + "%"));
        canvas.zoomProperty().addListener((o, a, z) -> zoomSettled.playFromStart());
        problems.setOnShow(this::show);
        designChanged(session.design());

        Timeline autosaveTimer = new Timeline(new KeyFrame(Duration.seconds(30), e -> files.autosaveNow()));
        autosaveTimer.setCycleCount(Timeline.INDEFINITE);
        autosaveTimer.play();
    }

    // ---- public API (the lead mounts the network view; tests drive the window) ------------------

    /** Shows the live network view in the Network tab (replacing the placeholder). */
    public void setNetworkView(Node view) {
        networkTab.setContent(view);
    }

    /** Brings the Network tab to the front. */
    public void showNetworkTab() {
        centreTabs.getSelectionModel().select(networkTab);
    }

    public DesignSession session() {
        return session;
    }

    // ---- hooks for the lesson panel (app/ui/lessons) ----------------------------------------------

    /** "network" while the Network tab is in front, else "design". */
    public String centreTab() {
        return centreTabs.getSelectionModel().getSelectedItem() == networkTab ? "network" : "design";
    }

    public void showDesignTab() {
        centreTabs.getSelectionModel().select(0);
    }

    /** A panel at the window's right edge (the lesson panel); null removes it. */
    public void setSidePanel(Node panel) {
        setRight(panel);
    }

    /** A menu of its own, before Help. */
    public void addMenu(Menu menu) {
        menus.getMenus().add(menus.getMenus().size() - 1, menu);
    }

    /** A layer drawn over the design canvas (the authoring arrows); it never takes the mouse. */
    public void addCanvasOverlay(Node overlay) {
        overlay.setMouseTransparent(true);
        canvasLayers.getChildren().add(overlay);
    }

    public CanvasView canvas() {
        return canvas;
    }

    public CanvasGestures gestures() {
        return gestures;
    }

    public YamlPane yamlPane() {
        return yamlPane;
    }

    public ProblemsView problems() {
        return problems;
    }

    public DocumentFiles files() {
        return files;
    }

    public List<Finding> findings() {
        return findings;
    }

    public String statusText() {
        return status.getText();
    }

    /** Opens a design as the document (no history). */
    public void open(Design d, Path file) {
        long t = System.nanoTime();
        session.open(d, file);
        if (Boolean.getBoolean("kubecanvas.trace")) {
            System.err.println("open: " + (System.nanoTime() - t) / 1_000_000 + " ms");
        }
        canvas.fit();
    }

    public String title() {
        return "KubeCanvas \u2014 " + files.title() + (session.isDirty() ? " \u2022" : "");
    }

    // ---- layout ---------------------------------------------------------------------------------

    private Node body() {
        VBox palette = palette();
        SplitPane left = new SplitPane(palette, titled("Outline", outline));
        left.setOrientation(javafx.geometry.Orientation.VERTICAL);
        left.setDividerPositions(0.46);
        left.setMinWidth(190);
        left.setPrefWidth(220);

        canvasLayers.getChildren().add(canvas);
        Tab design = new Tab("Design", canvasLayers);
        design.setClosable(false);
        networkTab.setClosable(false);
        Label placeholder = new Label("The live network view appears here when the design runs on the emulator.");
        placeholder.getStyleClass().add(Styles.TEXT_MUTED);
        networkTab.setContent(new StackPane(placeholder));
        centreTabs.getTabs().addAll(design, networkTab);
        centreTabs.getStyleClass().add("centre-tabs");
        Node problemsPanel = titled("Problems", problems);
        SplitPane middle = new SplitPane(centreTabs, problemsPanel);
        middle.setOrientation(javafx.geometry.Orientation.VERTICAL);
        middle.setDividerPositions(0.8);

        SplitPane right = new SplitPane(titled("Inspector", inspector), titled("YAML", yamlPane));
        right.setOrientation(javafx.geometry.Orientation.VERTICAL);
        right.setDividerPositions(0.42);
        right.setMinWidth(320);
        right.setPrefWidth(440);

        SplitPane all = new SplitPane(left, middle, right);
        all.setDividerPositions(0.15, 0.68);
        SplitPane.setResizableWithParent(left, false);
        SplitPane.setResizableWithParent(right, false);
        // The live view needs room: while it shows, the palette, outline and problems step aside
        // (they act on the design, not on the running cluster); the YAML stays to show what caused a hop.
        centreTabs.getSelectionModel().selectedItemProperty().addListener((obs, before, now) -> {
            boolean network = now == networkTab;
            if (network && all.getItems().contains(left)) {
                all.getItems().remove(left);
                middle.getItems().remove(problemsPanel);
                all.setDividerPositions(0.74);
            } else if (!network && !all.getItems().contains(left)) {
                all.getItems().add(0, left);
                middle.getItems().add(problemsPanel);
                middle.setDividerPositions(0.8);
                all.setDividerPositions(0.15, 0.68);
            }
        });
        return all;
    }

    private static Node titled(String title, Node content) {
        Label l = new Label(title.toUpperCase());
        l.getStyleClass().add("panel-title");
        VBox box = new VBox(l, content);
        VBox.setVgrow(content, Priority.ALWAYS);
        box.getStyleClass().add("panel");
        return box;
    }

    private VBox palette() {
        VBox items = new VBox(4);
        items.getStyleClass().add("palette");
        Label title = new Label("PALETTE");
        title.getStyleClass().add("panel-title");
        items.getChildren().add(title);
        for (Map.Entry<String, String> e : PALETTE.entrySet()) {
            items.getChildren().add(paletteItem(e.getKey(), e.getValue()));
        }
        Label hint = new Label("Drag onto the canvas. Drop a Pod on a node to pin it. Drag from a handle \u25cf to connect.");
        hint.setWrapText(true);
        hint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        hint.setPadding(new Insets(6, 4, 0, 4));
        items.getChildren().add(hint);
        return items;
    }

    /** A palette entry: press, drag over the canvas (a preview follows), release to drop; a click adds at the centre. */
    private Node paletteItem(String kind, String label) {
        HBox item = new HBox(10, Icons.icon(Icons.forKind(kind), 18, "palette-icon", "kind-" + kind.toLowerCase()),
                new Label(label));
        item.setId("palette-" + kind);
        item.getStyleClass().add("palette-item");
        item.setAlignment(Pos.CENTER_LEFT);
        Tooltip.install(item, new Tooltip("Drag a " + label + " onto the canvas"));
        final boolean[] dragged = {false};
        item.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> dragged[0] = false);
        item.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            dragged[0] = true;
            gestures.previewDrop(kind, new Point2D(e.getSceneX(), e.getSceneY()));
        });
        item.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> {
            Point2D at = new Point2D(e.getSceneX(), e.getSceneY());
            if (dragged[0]) {
                if (gestures.drop(kind, at) == null) {
                    status.setText("Drop it on the canvas");
                }
            } else {
                Point2D c = canvas.toWorld(canvas.getWidth() / 2, canvas.getHeight() / 2);
                gestures.dropAtWorld(kind, c.getX(), c.getY());
            }
            centreTabs.getSelectionModel().select(0);
        });
        return item;
    }

    private MenuBar menuBar() {
        Menu file = new Menu("File");
        Menu samples = new Menu("Open sample");
        Samples.ALL.forEach((name, title) -> {
            MenuItem m = new MenuItem(title);
            m.setOnAction(e -> {
                if (files.openSample(name)) {
                    canvas.fit();
                }
            });
            samples.getItems().add(m);
        });
        recentMenu.setOnShowing(e -> fillRecent());
        fillRecent();
        Menu export = new Menu("Export");
        for (ExportFormat format : ExportFormat.values()) {
            export.getItems().add(item(EXPORT_TITLES.get(format) + "\u2026", null, () -> exportFormat(format)));
        }
        export.getItems().addAll(
                item("Design file (with the cluster and layout)\u2026", null,
                        () -> exportWith("design.yaml", p -> io.kubecanvas.model.DesignIO.save(session.design(), p))),
                new SeparatorMenuItem(),
                item("Picture as PNG\u2026", null, () -> exportWith("design.png", this::exportPng)),
                item("Picture as SVG\u2026", null, () -> exportWith("design.svg", this::exportSvg)));
        file.getItems().addAll(
                item("New", shortcut(KeyCode.N), files::newDesign),
                item("Open\u2026", shortcut(KeyCode.O), () -> files.openDialog(false)),
                item("Open folder\u2026", shortcutShift(KeyCode.O), () -> files.openDialog(true)),
                samples, recentMenu, new SeparatorMenuItem(),
                item("Save", shortcut(KeyCode.S), files::save),
                item("Save as\u2026", shortcutShift(KeyCode.S), files::saveAs),
                export, new SeparatorMenuItem(),
                item("Quit", shortcut(KeyCode.Q), () -> {
                    if (getScene() != null && getScene().getWindow() != null) {
                        getScene().getWindow().fireEvent(new javafx.stage.WindowEvent(getScene().getWindow(),
                                javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST));
                    }
                }));
        Menu edit = new Menu("Edit");
        MenuItem undo = item("Undo", shortcut(KeyCode.Z), session::undo);
        undo.disableProperty().bind(session.undoStack().canUndoProperty().not());
        undo.textProperty().bind(session.undoStack().undoTitleProperty().map(t -> t.isEmpty() ? "Undo" : "Undo " + t));
        MenuItem redo = item("Redo", shortcutShift(KeyCode.Z), session::redo);
        redo.disableProperty().bind(session.undoStack().canRedoProperty().not());
        redo.textProperty().bind(session.undoStack().redoTitleProperty().map(t -> t.isEmpty() ? "Redo" : "Redo " + t));
        MenuItem redoY = item("Redo (Ctrl+Y)", shortcut(KeyCode.Y), session::redo);
        redoY.disableProperty().bind(session.undoStack().canRedoProperty().not());
        edit.getItems().addAll(undo, redo, redoY, new SeparatorMenuItem(),
                item("Copy", shortcut(KeyCode.C), this::copy),
                item("Paste", shortcut(KeyCode.V), this::paste),
                item("Duplicate", shortcut(KeyCode.D), () -> {
                    copy();
                    paste();
                }),
                item("Delete", new KeyCodeCombination(KeyCode.DELETE), this::deleteSelection),
                item("Select all", shortcut(KeyCode.A), this::selectAll));
        Menu view = new Menu("View");
        darkItem.setAccelerator(shortcutShift(KeyCode.D));
        darkItem.setOnAction(e -> setDark(darkItem.isSelected()));
        view.getItems().addAll(
                item("Zoom in", shortcut(KeyCode.EQUALS), () -> canvas.zoomBy(1.2)),
                item("Zoom out", shortcut(KeyCode.MINUS), () -> canvas.zoomBy(1 / 1.2)),
                item("Actual size", shortcut(KeyCode.DIGIT0), canvas::resetZoom),
                item("Fit to window", shortcutShift(KeyCode.F), canvas::fit),
                new SeparatorMenuItem(),
                item("Auto-layout", shortcut(KeyCode.L), this::autoLayout),
                new SeparatorMenuItem(),
                item("Design", shortcut(KeyCode.DIGIT1), () -> centreTabs.getSelectionModel().select(0)),
                item("Network", shortcut(KeyCode.DIGIT2), this::showNetworkTab),
                new SeparatorMenuItem(), darkItem);
        Menu help = new Menu("Help");
        help.getItems().add(item("Gestures", new KeyCodeCombination(KeyCode.F1), () -> status.setText(
                "Drag from the palette \u00b7 drop a Pod on a node to pin it \u00b7 drag from a handle \u25cf to connect \u00b7 "
                        + "Shift+click or drag on empty space to select several \u00b7 right-drag or scroll to pan \u00b7 Ctrl+scroll to zoom")));
        MenuBar bar = new MenuBar(file, edit, view, help);
        bar.setUseSystemMenuBar(true);
        menus = bar;
        return bar;
    }

    private void fillRecent() {
        recentMenu.getItems().clear();
        for (Path p : files.recent().list()) {
            MenuItem m = new MenuItem(p.toString());
            m.setOnAction(e -> {
                if (files.confirmDiscard()) {
                    files.load(List.of(p)).setOnSucceeded(null);
                }
            });
            recentMenu.getItems().add(m);
        }
        if (recentMenu.getItems().isEmpty()) {
            MenuItem none = new MenuItem("(none yet)");
            none.setDisable(true);
            recentMenu.getItems().add(none);
        }
    }

    private ToolBar toolBar() {
        Button theme = iconButton(Icons.THEME, "Light or dark theme (Ctrl+Shift+D)", () -> {
            darkItem.setSelected(!darkItem.isSelected());
            setDark(darkItem.isSelected());
        });
        Button undo = iconButton(Icons.UNDO, "Undo (Ctrl+Z)", session::undo);
        undo.disableProperty().bind(session.undoStack().canUndoProperty().not());
        Button redo = iconButton(Icons.REDO, "Redo (Ctrl+Shift+Z, Ctrl+Y)", session::redo);
        redo.disableProperty().bind(session.undoStack().canRedoProperty().not());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label brand = new Label("KubeCanvas");
        brand.getStyleClass().add("brand");
        ToolBar bar = new ToolBar(brand,
                iconButton(Icons.NEW, "New design (Ctrl+N)", files::newDesign),
                iconButton(Icons.OPEN, "Open a design, manifests or a folder (Ctrl+O)", () -> files.openDialog(false)),
                iconButton(Icons.SAVE, "Save (Ctrl+S)", files::save),
                iconButton(Icons.EXPORT, "Export manifests (YAML)", () -> exportFormat(ExportFormat.YAML)),
                new javafx.scene.control.Separator(), undo, redo,
                iconButton(Icons.DELETE, "Delete the selection (Delete)", this::deleteSelection),
                new javafx.scene.control.Separator(),
                iconButton(Icons.ZOOM_IN, "Zoom in (Ctrl+=)", () -> canvas.zoomBy(1.2)),
                iconButton(Icons.ZOOM_OUT, "Zoom out (Ctrl+-)", () -> canvas.zoomBy(1 / 1.2)),
                iconButton(Icons.FIT, "Fit to window (Ctrl+Shift+F)", canvas::fit),
                iconButton(Icons.LAYOUT, "Auto-layout (Ctrl+L)", this::autoLayout),
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

    private Node statusBar() {
        progress.setPrefWidth(160);
        progress.visibleProperty().bind(files.busyProperty());
        progress.managedProperty().bind(files.busyProperty());
        progress.progressProperty().bind(files.progressProperty());
        files.messageProperty().addListener((o, a, m) -> {
            if (!m.isEmpty()) {
                status.setText(m);
            }
        });
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        status.setId("status");
        HBox bar = new HBox(14, status, spacer, progress, counts, zoomLabel, fileLabel);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("status-bar");
        zoomLabel.setText("100%");
        return bar;
    }

    private static MenuItem item(String text, KeyCombination key, Runnable action) {
        MenuItem m = new MenuItem(text);
        if (key != null) {
            m.setAccelerator(key);
        }
        m.setOnAction(e -> action.run());
        return m;
    }

    private static KeyCombination shortcut(KeyCode k) {
        return new KeyCodeCombination(k, KeyCombination.SHORTCUT_DOWN);
    }

    private static KeyCombination shortcutShift(KeyCode k) {
        return new KeyCodeCombination(k, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN);
    }

    // ---- reacting to the document ---------------------------------------------------------------

    private void designChanged(Design d) {
        long t = System.nanoTime();
        List<Finding> list;
        try {
            list = validator.apply(d);
        } catch (RuntimeException e) {
            list = List.of();
            status.setText("Validation failed: " + e.getMessage());
        }
        findings = List.copyOf(list);
        problems.setFindings(findings);
        long t1 = System.nanoTime();
        yamlPane.setFindings(findings);
        if (Boolean.getBoolean("kubecanvas.trace")) {
            System.err.println("validate " + (t1 - t) / 1_000_000 + " ms, YAML marks " + (System.nanoTime() - t1) / 1_000_000 + " ms");
        }
        Map<String, Severity> badges = new HashMap<>();
        for (Finding f : findings) {
            if (f.subject() != null) {
                badges.merge(f.subject().toString(), f.severity(),
                        (a, b) -> ProblemsView.rank(a) >= ProblemsView.rank(b) ? a : b);
            }
        }
        canvas.setBadges(badges);
        if (Boolean.getBoolean("kubecanvas.trace")) {
            System.err.println("validate and show findings: " + (System.nanoTime() - t) / 1_000_000 + " ms");
        }
        long errors = findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
        long warnings = findings.stream().filter(f -> f.severity() == Severity.WARNING).count();
        counts.setText(d.objects().size() + " objects \u00b7 " + d.cluster().nodes().size() + " nodes \u00b7 "
                + errors + " errors, " + warnings + " warnings");
        updateFileLabel();
    }

    private void updateFileLabel() {
        fileLabel.setText(files.title() + (session.isDirty() ? " \u2022 modified" : ""));
        if (getScene() != null && getScene().getWindow() instanceof javafx.stage.Stage s) {
            s.setTitle(title());
        }
    }

    /** Shows a finding: selects its element and puts the YAML caret on it. */
    private void show(Finding f) {
        if (f.subject() != null && Elements.exists(session.design(), f.subject().toString())) {
            session.select(List.of(f.subject().toString()));
        }
        yamlPane.jumpTo(f);
    }

    // ---- commands -------------------------------------------------------------------------------

    public void copy() {
        List<KubeObject> objs = new ArrayList<>();
        for (String id : session.selection()) {
            KubeObject o = Elements.object(session.design(), id);
            if (o != null) {
                objs.add(o);
            }
        }
        clipboard = List.copyOf(objs);
        if (!objs.isEmpty()) {
            javafx.scene.input.ClipboardContent c = new javafx.scene.input.ClipboardContent();
            c.putString(Design.join(objs.stream().map(o -> (io.kubecanvas.model.DesignDocument) KubeObject.of(o.tree())).toList()));
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(c);
            status.setText("Copied " + objs.size() + (objs.size() == 1 ? " object" : " objects"));
        }
    }

    public void paste() {
        if (clipboard.isEmpty()) {
            return;
        }
        Map<String, Point> at = new HashMap<>();
        for (KubeObject o : clipboard) {
            ClusterPicture.Box b = canvas.picture().box(Elements.of(o));
            if (b != null) {
                at.put(Elements.of(o), new Point(b.x(), b.y()));
            }
        }
        DesignEdits.Result[] r = new DesignEdits.Result[1];
        session.edit("Paste " + clipboard.size() + (clipboard.size() == 1 ? " object" : " objects"), d -> {
            r[0] = DesignEdits.paste(d, clipboard, at, new Point(40, 40));
            return r[0].design();
        });
        session.select(r[0].ids());
    }

    public void deleteSelection() {
        List<String> ids = new ArrayList<>(session.selection());
        if (!ids.isEmpty()) {
            session.edit("Delete " + (ids.size() == 1 ? ids.get(0) : ids.size() + " elements"), d -> DesignEdits.delete(d, ids));
        }
    }

    public void selectAll() {
        List<String> ids = new ArrayList<>();
        session.design().cluster().nodes().forEach(n -> ids.add(Elements.node(n.name())));
        session.design().objects().stream().filter(o -> o.name() != null).forEach(o -> ids.add(Elements.of(o)));
        session.select(ids);
    }

    public void autoLayout() {
        session.edit("Auto-layout", DesignEdits::autoLayout);
        canvas.fit();
    }

    public void setDark(boolean dark) {
        this.dark = dark;
        darkItem.setSelected(dark);
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
        canvas.setDark(dark);
        yamlPane.editor().setDark(dark);
        if (dark) {
            getStyleClass().add("dark");
        } else {
            getStyleClass().remove("dark");
        }
    }

    public boolean isDark() {
        return dark;
    }

    // ---- export ---------------------------------------------------------------------------------

    /** Something that writes the design to a path. */
    public interface Writer {
        void write(Path p) throws IOException;
    }

    private static final Map<ExportFormat, String> EXPORT_TITLES = new java.util.EnumMap<>(Map.of(
            ExportFormat.YAML, "Manifests, one YAML file", ExportFormat.SPLIT, "Manifests, one file per object",
            ExportFormat.HELM, "Helm chart", ExportFormat.KUSTOMIZE, "Kustomize base",
            ExportFormat.CNI, "CNI network config"));

    private void exportFormat(ExportFormat format) {
        if (fxDialogs == null) {
            return;
        }
        Path p = format.writesFolder() ? fxDialogs.chooseFolder("Export: " + EXPORT_TITLES.get(format) + " (choose a new or empty folder)")
                : fxDialogs.chooseFile("Export: " + EXPORT_TITLES.get(format), "manifests.yaml", "*.yaml");
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
        if (fxDialogs == null) {
            return;
        }
        String ext = suggested.substring(suggested.lastIndexOf('.'));
        Path p = fxDialogs.chooseFile("Export", suggested, "*" + ext);
        if (p != null) {
            runExport(p, writer);
        }
    }

    /** Exports in the background with progress in the status bar; the window stays responsive. */
    public Task<Void> runExport(Path p, Writer writer) {
        Writer w = writer;
        Task<Void> task = new Task<>() {
            @Override
            protected Void call() throws Exception {
                updateMessage("Exporting " + p.getFileName());
                w.write(p);
                return null;
            }
        };
        task.setOnSucceeded(e -> status.setText("Exported " + p));
        task.setOnFailed(e -> status.setText("Export failed: " + task.getException().getMessage()));
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
        WritableImage[] img = new WritableImage[1];
        if (javafx.application.Platform.isFxApplicationThread()) {
            img[0] = canvas.renderWhole(2).snapshot(new SnapshotParameters(), null);
        } else {
            java.util.concurrent.CompletableFuture<WritableImage> f = new java.util.concurrent.CompletableFuture<>();
            javafx.application.Platform.runLater(() -> f.complete(canvas.renderWhole(2).snapshot(new SnapshotParameters(), null)));
            try {
                img[0] = f.get();
            } catch (Exception e) {
                throw new IOException("cannot paint the picture: " + e.getMessage());
            }
        }
        ImageIO.write(SwingFXUtils.fromFXImage(img[0], null), "png", p.toFile());
    }

    /** A PNG of this window as it looks now (for screenshots). Call on the FX thread. */
    public void snapshotWindow(Path p) throws IOException {
        WritableImage img = snapshot(new SnapshotParameters(), null);
        Files.createDirectories(p.toAbsolutePath().getParent());
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", p.toFile());
    }
}
