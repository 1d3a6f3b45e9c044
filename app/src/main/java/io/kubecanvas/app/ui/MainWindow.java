package io.kubecanvas.app.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import atlantafx.base.theme.Styles;
import io.kubecanvas.app.ui.canvas.CanvasGestures;
import io.kubecanvas.app.ui.canvas.CanvasView;
import io.kubecanvas.app.ui.document.DesignSession;
import io.kubecanvas.app.ui.document.Elements;
import io.kubecanvas.app.ui.edit.DesignEdits;
import io.kubecanvas.app.ui.files.Autosave;
import io.kubecanvas.app.ui.files.DocumentFiles;
import io.kubecanvas.app.ui.files.RecentFiles;
import io.kubecanvas.app.ui.inspector.InspectorView;
import io.kubecanvas.app.ui.outline.OutlineView;
import io.kubecanvas.app.ui.problems.ProblemsView;
import io.kubecanvas.app.ui.yaml.YamlPane;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.KubeKinds;
import io.kubecanvas.model.SourcePosition;
import io.kubecanvas.model.validate.DesignValidator;
import io.kubecanvas.model.validate.Finding;
import io.kubecanvas.model.yaml.YamlException;
import io.kubecanvas.model.validate.Severity;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Application;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.image.WritableImage;
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
 * models and in {@link DesignEdits}. The menus and toolbar are {@link MainMenus}, the Edit commands
 * {@link EditCommands}, File > Export {@link ExportActions}, the bottom line {@link StatusBar}: another part
 * hooks in with a line, e.g. {@code window.fileMenu().getItems().add(item)} or {@code window.status().show(text)}.
 */
public final class MainWindow extends BorderPane {
    /** Timings with -Dkubecanvas.trace=true, to the log (standard error), never to standard output. */
    private static final java.util.logging.Logger TRACE = java.util.logging.Logger.getLogger(MainWindow.class.getName());
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
    private final StatusBar status;
    private final EditCommands edits;
    private final ExportActions exports;
    private final MainMenus menus;
    private final Tab networkTab = new Tab("Network");
    private final TabPane centreTabs = new TabPane();
    private final StackPane canvasLayers = new StackPane();
    private List<Finding> findings = List.of();
    private boolean dark;

    public MainWindow(Function<Design, List<Finding>> validator, DocumentFiles.Dialogs dialogs, Executor background,
                      RecentFiles recent, Autosave autosave) {
        this.validator = validator;
        getStyleClass().add("main-window");
        getStylesheets().add(MainWindow.class.getResource("designer.css").toExternalForm());
        canvas = new CanvasView(session);
        gestures = new CanvasGestures(canvas);
        inspector = new InspectorView(session);
        yamlPane = new YamlPane(session);
        problems = new ProblemsView(session);
        outline = new OutlineView(session);
        files = new DocumentFiles(session, dialogs, recent, autosave, background);
        status = new StatusBar(files);
        gestures.setStatus(status::show);
        edits = new EditCommands(session, canvas, status::show);
        exports = new ExportActions(session, canvas, dialogs instanceof FxDialogs f ? f : null, status::show);
        menus = new MainMenus(this, edits, exports);

        setTop(new VBox(menus.menuBar(), menus.toolBar(exports)));
        setCenter(body());
        setBottom(status);

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
        zoomSettled.setOnFinished(e -> status.setZoom(canvas.zoom()));
        canvas.zoomProperty().addListener((o, a, z) -> zoomSettled.playFromStart());
        problems.setOnShow(this::show);
        // Ctrl+Z in the YAML pane undoes the document's last command, as everywhere else.
        yamlPane.setUndoRedo(this::undo, this::redo);
        problems.setPlacer(f -> {
            SourcePosition inPane = yamlPane.model().positionOf(f);
            return inPane != null ? inPane : f.position();
        });
        // A YAML error (as typed, or in a file that would not open) is a problem like any other.
        yamlPane.model().errorProperty().addListener((o, a, e) -> showProblems());
        files.loadErrorsProperty().addListener((o, a, e) -> showProblems());
        designChanged(session.design());

        Timeline autosaveTimer = new Timeline(new KeyFrame(Duration.seconds(30), e -> files.autosaveNow()));
        autosaveTimer.setCycleCount(Timeline.INDEFINITE);
        autosaveTimer.play();
    }

    // ---- public API (the lead mounts the network view; tests drive the window) ------------------

    /** Shows the live network view in the Network tab (replacing the placeholder). */
    public void setNetworkView(Node view) {
        networkTab.setContent(view);
        if (view instanceof io.kubecanvas.netviz.NetworkWorkbench w) {
            w.setDark(dark);
        }
    }

    /** Presenter mode of the live view (F5): full screen, large type, captions. */
    public void presentNetwork() {
        if (networkTab.getContent() instanceof io.kubecanvas.netviz.NetworkWorkbench w) {
            showNetworkTab();
            w.present();
        }
    }

    /** Shows a line in the status bar (from outside the window: the API server says what kubectl changed). */
    public void showStatus(String text) {
        status.show(text);
    }

    /** Brings the Network tab to the front. */
    public void showNetworkTab() {
        centreTabs.getSelectionModel().select(networkTab);
    }

    /** Brings the Design tab (the canvas) to the front. */
    public void showDesignTab() {
        centreTabs.getSelectionModel().select(0);
    }

    /** The status bar: {@code status().show("...")} puts a line in it. */
    public StatusBar status() {
        return status;
    }

    public Menu fileMenu() {
        return menus.file;
    }

    public Menu editMenu() {
        return menus.edit;
    }

    public Menu viewMenu() {
        return menus.view;
    }

    public Menu helpMenu() {
        return menus.help;
    }

    public EditCommands edits() {
        return edits;
    }

    public ExportActions exports() {
        return exports;
    }

    public DesignSession session() {
        return session;
    }

    // ---- hooks for the lesson panel (app/ui/lessons) ----------------------------------------------

    /** "network" while the Network tab is in front, else "design". */
    public String centreTab() {
        return centreTabs.getSelectionModel().getSelectedItem() == networkTab ? "network" : "design";
    }

    /** A panel at the window's right edge (the lesson panel); null removes it. */
    public void setSidePanel(Node panel) {
        setRight(panel);
    }

    /** A menu of its own, before Help. */
    public void addMenu(Menu menu) {
        menus.addMenu(menu);
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

    public InspectorView inspector() {
        return inspector;
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

    /** The design's findings (Problems also lists YAML errors: {@code problems().findings()}). */
    public List<Finding> findings() {
        return findings;
    }

    public String statusText() {
        return status.text();
    }

    /** Opens a design as the document (no history); the canvas shows it whole. */
    public void open(Design d, Path file) {
        long t = System.nanoTime();
        session.open(d, file);
        if (Boolean.getBoolean("kubecanvas.trace")) {
            TRACE.info("open: " + (System.nanoTime() - t) / 1_000_000 + " ms");
        }
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
        // Room for three rows at 1366x768: the list scrolls for more.
        ((Region) problemsPanel).setMinHeight(170);
        SplitPane middle = new SplitPane(centreTabs, problemsPanel);
        middle.setOrientation(javafx.geometry.Orientation.VERTICAL);
        middle.setDividerPositions(0.76);

        SplitPane right = new SplitPane(titled("Inspector", inspector), titled("YAML", yamlPane));
        right.setOrientation(javafx.geometry.Orientation.VERTICAL);
        right.setDividerPositions(0.52);
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
                middle.setDividerPositions(0.76);
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
                    status.show("Drop it on the canvas");
                }
            } else {
                Point2D c = canvas.toWorld(canvas.getWidth() / 2, canvas.getHeight() / 2);
                gestures.dropAtWorld(kind, c.getX(), c.getY());
            }
            showDesignTab();
        });
        return item;
    }

    // ---- reacting to the document ---------------------------------------------------------------

    private void designChanged(Design d) {
        long t = System.nanoTime();
        List<Finding> list;
        try {
            list = validator.apply(d);
        } catch (RuntimeException e) {
            list = List.of();
            status.show("Validation failed: " + e.getMessage());
        }
        findings = List.copyOf(list);
        showProblems();
        long t1 = System.nanoTime();
        yamlPane.setFindings(findings);
        if (Boolean.getBoolean("kubecanvas.trace")) {
            TRACE.info("validate " + (t1 - t) / 1_000_000 + " ms, YAML marks " + (System.nanoTime() - t1) / 1_000_000 + " ms");
        }
        Map<String, Severity> badges = new HashMap<>();
        Map<String, List<Finding>> bySubject = new LinkedHashMap<>();
        for (Finding f : findings) {
            if (f.subject() != null) {
                badges.merge(f.subject().toString(), f.severity(),
                        (a, b) -> ProblemsView.rank(a) >= ProblemsView.rank(b) ? a : b);
                bySubject.computeIfAbsent(f.subject().toString(), k -> new ArrayList<>()).add(f);
            }
        }
        canvas.setBadges(badges, badgeTips(bySubject));
        if (Boolean.getBoolean("kubecanvas.trace")) {
            TRACE.info("validate and show findings: " + (System.nanoTime() - t) / 1_000_000 + " ms");
        }
        updateFileLabel();
    }

    /** What a badge says on hover: how many of what, then each message (a long list is cut after six). */
    static Map<String, String> badgeTips(Map<String, List<Finding>> bySubject) {
        Map<String, String> tips = new HashMap<>();
        bySubject.forEach((id, list) -> {
            StringBuilder s = new StringBuilder();
            for (Severity sev : Severity.values()) {
                long n = list.stream().filter(f -> f.severity() == sev).count();
                if (n > 0) {
                    s.append(s.length() > 0 ? ", " : "").append(n).append(' ').append(sev.label()).append(n == 1 || sev == Severity.INFO ? "" : "s");
                }
            }
            s.append(" \u2014 click the element and see Problems");
            list.stream().sorted(java.util.Comparator.comparingInt(f -> -ProblemsView.rank(f.severity()))).limit(6)
                    .forEach(f -> s.append("\n\u2022 ").append(f.message()));
            if (list.size() > 6) {
                s.append("\n\u2026 and ").append(list.size() - 6).append(" more");
            }
            tips.put(id, s.toString());
        });
        return tips;
    }

    /** Problems and counts: YAML errors first (the text as typed, files that would not open), then the findings. */
    private void showProblems() {
        List<Finding> shown = new ArrayList<>();
        YamlException typed = yamlPane.model().error();
        if (typed != null) {
            shown.add(DesignValidator.syntaxError(typed));
        }
        files.loadErrors().forEach(e -> shown.add(DesignValidator.syntaxError(e)));
        shown.addAll(findings);
        problems.setFindings(shown);
        status.setCounts(session.design(), shown);
    }

    private void updateFileLabel() {
        status.setFile(files.title() + (session.isDirty() ? " \u2022 modified" : ""));
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

    /**
     * Undoes the last command and shows what it was: "Undid Move Service web-service" in the status bar,
     * and what it changed selected (and brought into view) on the canvas.
     */
    public boolean undo() {
        return undoOrRedo(true);
    }

    public boolean redo() {
        return undoOrRedo(false);
    }

    private boolean undoOrRedo(boolean undo) {
        yamlPane.commit(); // text typed but not yet parsed is a command of its own, undone first
        String title = undo ? session.undoStack().undoTitleProperty().get() : session.undoStack().redoTitleProperty().get();
        Design before = session.design();
        if (!(undo ? session.undo() : session.redo())) {
            status.show(undo ? "Nothing to undo" : "Nothing to redo");
            return false;
        }
        java.util.Set<String> changed = Elements.changed(before, session.design());
        if (!changed.isEmpty()) {
            session.select(changed);
            canvas.reveal(changed);
        }
        String next = undo ? session.undoStack().undoTitleProperty().get() : session.undoStack().redoTitleProperty().get();
        status.show((undo ? "Undid: " : "Redid: ") + title
                + (next.isEmpty() ? "" : (undo ? " \u00b7 Ctrl+Z undoes " : " \u00b7 Ctrl+Shift+Z redoes ") + next));
        return true;
    }

    public void setDark(boolean dark) {
        this.dark = dark;
        menus.darkItem.setSelected(dark);
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
        canvas.setDark(dark);
        yamlPane.editor().setDark(dark);
        if (networkTab.getContent() instanceof io.kubecanvas.netviz.NetworkWorkbench w) {
            w.setDark(dark);
        }
        if (dark) {
            getStyleClass().add("dark");
        } else {
            getStyleClass().remove("dark");
        }
    }

    public boolean isDark() {
        return dark;
    }

    // ---- pictures -------------------------------------------------------------------------------

    /** A PNG of this window as it looks now (for screenshots). Call on the FX thread. */
    public void snapshotWindow(Path p) throws IOException {
        WritableImage img = snapshot(new SnapshotParameters(), null);
        Files.createDirectories(p.toAbsolutePath().getParent());
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", p.toFile());
    }
}
