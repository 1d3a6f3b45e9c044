package io.kubecanvas.netviz;

import io.kubecanvas.emulator.explain.HopExplainer;
import io.kubecanvas.emulator.intent.ReachabilityIntent;
import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.ObjectKey;
import io.kubecanvas.netviz.export.FlowFilm;
import io.kubecanvas.netviz.matrix.ReachabilityPane;
import io.kubecanvas.netviz.panel.ClusterStatusPane;
import io.kubecanvas.netviz.panel.EventListPane;
import io.kubecanvas.netviz.panel.FaultPanel;
import io.kubecanvas.netviz.panel.FiguresPane;
import io.kubecanvas.netviz.panel.PacketDetailsPane;
import io.kubecanvas.netviz.panel.TrafficPanel;
import io.kubecanvas.netviz.presenter.PresenterMode;
import io.kubecanvas.netviz.quiz.ChallengeModePane;
import io.kubecanvas.netviz.record.EventRecording;
import io.kubecanvas.netviz.simulation.EventTimeline;
import io.kubecanvas.netviz.simulation.HopDetails;
import io.kubecanvas.netviz.stats.TrafficFigures;
import io.kubecanvas.netviz.view.LayerMode;
import io.kubecanvas.netviz.view.NetworkView;
import io.kubecanvas.netviz.view.Palette;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.Duration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The live network workbench the app mounts next to the designer: Run/Stop with the backend choice, the
 * network view with packets (one layer, or the logical and physical views side by side moving the same
 * packet), simulation mode (pause, step, speed, details in plain words), traffic, the reachability matrix,
 * faults, live figures, record/replay, export for slides and presenter mode (F5). Built from a
 * {@link RunSession}; calls into the session run on one background thread so a slow backend never blocks
 * the window. The view gets the width of the workbench; the panels share the strip below it.
 *
 * <pre>
 *   NetworkWorkbench w = new NetworkWorkbench(session);
 *   w.setOnRevealObject(key -&gt; designer.showYaml(key));
 * </pre>
 */
public final class NetworkWorkbench extends BorderPane {
    /** The smallest text in presenter mode, in pixels (12 otherwise). */
    public static final double PRESENTER_TEXT = 16;
    private final RunSession session;
    private final EventTimeline timeline = new EventTimeline();
    private final TrafficFigures figures = new TrafficFigures();
    private final NetworkView view = new NetworkView();
    private final NetworkView twin = new NetworkView();
    private final StackPane viewArea = new StackPane();
    private final SplitPane sideBySidePane;
    private final SplitPane center;
    private final ClusterStatusPane status = new ClusterStatusPane();
    private final TrafficPanel traffic = new TrafficPanel();
    private final FiguresPane figuresPane = new FiguresPane();
    private final EventListPane events = new EventListPane(timeline);
    private final PacketDetailsPane details = new PacketDetailsPane();
    private final ReachabilityPane reachability = new ReachabilityPane();
    private final FaultPanel faults;
    private final TabPane panels;
    private final Tab reachabilityTab;
    private final ChallengeModePane challenge = new ChallengeModePane(timeline, timeline::stepForward);
    private final ComboBox<String> backend = new ComboBox<>();
    private final ToggleButton run = new ToggleButton("Run");
    private final ToggleButton pause = new ToggleButton("Pause");
    private final ToggleButton sideBySide = new ToggleButton("Side by side");
    private final ToggleButton follow = new ToggleButton("Follow");
    private final Slider speed = new Slider(0.1, 8, 1);
    private final ComboBox<LayerMode> layer;
    private final Label message = new Label();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "netviz-session");
        t.setDaemon(true);
        return t;
    });
    private final Timeline steady = new Timeline();
    private final Timeline refresh;
    private Consumer<ObjectKey> onRevealObject = k -> { };
    private volatile ClusterState state;
    private boolean switchingBackend;
    private boolean starting;
    private boolean dark;
    private PresenterMode presenter;
    private HopExplainer explainer;
    private int lastLaunched = -1;
    private long matrixVersion = -1;

    public NetworkWorkbench(RunSession session) {
        this.session = session;
        getStyleClass().add("network-workbench");
        faults = new FaultPanel(session, worker);
        for (NetworkView v : List.of(view, twin)) {
            v.setTimeline(timeline);
            v.setOnPacketClicked(i -> {
                pause(true);
                timeline.select(i);
            });
        }
        view.setId("network-view");
        twin.setId("network-view-logical");
        twin.setLayerMode(LayerMode.LOGICAL);
        // The logical view moves every packet the physical view moves, at the same moment for the same time.
        twin.mirror(view);
        twin.stopAnimation();
        view.setOnHopLaunched(i -> {
            lastLaunched = i;
            if (!paused()) {
                caption(i);
            }
        });
        timeline.addCursorListener(this::showHop);
        details.setOnRevealObject(k -> onRevealObject.accept(k));
        session.addStateListener(s -> Platform.runLater(() -> showState(s)));

        backend.getItems().setAll(session.backends());
        backend.setValue(session.backend());
        backend.setId("backend");
        backend.valueProperty().addListener((o, old, chosen) -> chooseBackend(old, chosen));
        run.setId("run");
        run.setOnAction(e -> {
            if (run.isSelected()) {
                start();
            } else {
                stop();
            }
        });
        Button sendNow = new Button("Send");
        sendNow.setId("send");
        sendNow.setTooltip(new Tooltip("Send the request chosen in Traffic (runs the cluster first when needed)"));
        sendNow.setOnAction(e -> traffic.request().ifPresent(this::send));
        layer = new ComboBox<>();
        layer.setId("layer");
        layer.getItems().setAll(LayerMode.values());
        layer.setValue(view.layerMode());
        layer.setOnAction(e -> {
            if (!sideBySide.isSelected()) {
                view.setLayerMode(layer.getValue());
            }
        });
        sideBySide.setId("side-by-side");
        sideBySide.setTooltip(new Tooltip("The logical view (Services, Pods) beside the physical one, the same packet in both"));
        sideBySide.setOnAction(e -> setSideBySide(sideBySide.isSelected()));
        pause.setId("pause");
        pause.setOnAction(e -> pause(pause.isSelected()));
        Button back = new Button("◀ Step");
        Button fwd = new Button("Step ▶");
        back.setId("step-back");
        fwd.setId("step-forward");
        back.setOnAction(e -> stepBack());
        fwd.setOnAction(e -> stepForward());
        speed.setPrefWidth(90);
        speed.valueProperty().addListener((o, a, b) -> {
            view.setSpeed(b.doubleValue());
            twin.setSpeed(b.doubleValue());
        });
        Button fit = new Button("Fit");
        fit.setId("fit");
        fit.setTooltip(new Tooltip("Show the whole cluster (F); wheel zooms, drag pans, + − and arrows on the keyboard"));
        fit.setOnAction(e -> fit());
        follow.setId("follow");
        follow.setTooltip(new Tooltip("Follow the packet: the camera keeps the current packet in the middle"));
        follow.setOnAction(e -> setFollow(follow.isSelected()));
        Button present = new Button("Present");
        present.setId("present");
        present.setTooltip(new Tooltip("Presenter mode (F5): full screen, large type, captions; space, arrows, Esc"));
        present.setOnAction(e -> present());
        Button export = new Button("Export…");
        export.setId("export");
        export.setTooltip(new Tooltip("For slides: an animated GIF or PNG frames of a flow, or the view as PNG or SVG"));
        export.setOnAction(e -> ExportDialog.show(this));
        Button save = new Button("Save…");
        Button open = new Button("Replay…");
        save.setOnAction(e -> chooseFile(true));
        open.setOnAction(e -> chooseFile(false));
        message.setId("workbench-message");
        back.setText("◀");
        fwd.setText("▶");
        back.setTooltip(new Tooltip("Step back one hop"));
        fwd.setTooltip(new Tooltip("Step forward one hop"));
        // The controls a lesson needs first: what does not fit goes into the toolbar's overflow menu.
        ToolBar bar = new ToolBar(backend, run, sendNow, new Separator(Orientation.VERTICAL), pause, back, fwd,
                new Separator(Orientation.VERTICAL), present, fit, follow, layer, sideBySide, speed,
                new Separator(Orientation.VERTICAL), export, save, open, new Separator(Orientation.VERTICAL), message);
        backend.setTooltip(new Tooltip("Backend: sim (in-process) or docker (real containers)"));
        setTop(bar);

        sideBySidePane = new SplitPane(titled("Logical: Services and Pods", twin), titled("Physical: nodes, bridges, tunnels", view));
        viewArea.getChildren().setAll(view);
        viewArea.setMinHeight(160);

        traffic.setOnSend(this::send);
        traffic.setOnSteady(this::steady);
        reachabilityTab = tab("Reachability", reachability);
        panels = new TabPane(tab("Traffic", traffic), tab("Events", events), reachabilityTab, tab("Cluster", status),
                tab("Faults", faults), tab("Figures", figuresPane), tab("Challenge", challenge));
        panels.setId("workbench-panels");
        panels.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b == reachabilityTab) {
                refreshExpectations();
            }
        });
        reachability.setOnProbe(this::probeAll);
        reachability.setOnShowTrace(this::showTrace);
        reachability.setOnRevealObject(k -> onRevealObject.accept(k));
        SplitPane bottom = new SplitPane(panels, details);
        bottom.setDividerPositions(0.6);
        center = new SplitPane(viewArea, bottom);
        center.setOrientation(Orientation.VERTICAL);
        center.setDividerPositions(0.66);
        SplitPane.setResizableWithParent(bottom, false);
        setCenter(center);

        addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.F5) {
                present();
                e.consume();
            }
        });

        refresh = new Timeline(new KeyFrame(Duration.millis(500), e -> refreshFigures()));
        refresh.setCycleCount(Timeline.INDEFINITE);
        refresh.play();
        showState(session.state());
    }

    private static Tab tab(String name, javafx.scene.Node content) {
        Tab t = new Tab(name, content);
        t.setClosable(false);
        return t;
    }

    private static VBox titled(String title, NetworkView v) {
        Label l = new Label(title);
        l.setPadding(new Insets(2, 6, 2, 6));
        l.setStyle("-fx-font-weight: bold;");
        VBox box = new VBox(l, v);
        VBox.setVgrow(v, Priority.ALWAYS);
        return box;
    }

    // ----- public API

    /** Called with the object whose YAML caused a hop when the user asks to see it. */
    public void setOnRevealObject(Consumer<ObjectKey> c) {
        onRevealObject = c;
    }

    public RunSession session() {
        return session;
    }

    public EventTimeline timeline() {
        return timeline;
    }

    /** The main view (the physical one when side by side). */
    public NetworkView networkView() {
        return view;
    }

    /** The logical view shown beside the physical one in side-by-side mode. */
    public NetworkView logicalView() {
        return twin;
    }

    public EventListPane eventList() {
        return events;
    }

    public PacketDetailsPane detailsPane() {
        return details;
    }

    public TrafficPanel trafficPanel() {
        return traffic;
    }

    public FaultPanel faultPanel() {
        return faults;
    }

    public ReachabilityPane reachabilityPane() {
        return reachability;
    }

    /** Brings a panel of the strip below the view to the front: "Traffic", "Events", "Reachability", ... */
    public void showPanel(String name) {
        panels.getTabs().stream().filter(t -> t.getText().equals(name)).findFirst()
                .ifPresent(t -> panels.getSelectionModel().select(t));
    }

    public ChallengeModePane challengeMode() {
        return challenge;
    }

    public TrafficFigures figures() {
        return figures;
    }

    public String message() {
        return message.getText();
    }

    /** Starts the session on the chosen backend (in the background). */
    public void start() {
        run.setSelected(true);
        starting = true;
        message.setText("starting on " + session.backend() + "…");
        worker.execute(() -> {
            try {
                session.start();
                ClusterState s = session.state();
                Platform.runLater(() -> {
                    starting = false;
                    message.setText("running on " + session.backend());
                    run.setText("Stop");
                    showState(s);
                });
            } catch (RunSession.BackendUnavailableException | RuntimeException ex) {
                Platform.runLater(() -> {
                    starting = false;
                    run.setSelected(false);
                    message.setText(ex.getMessage() == null ? ex.toString() : ex.getMessage());
                });
            }
        });
    }

    public void stop() {
        steady.stop();
        worker.execute(() -> {
            session.stop();
            Platform.runLater(() -> {
                run.setSelected(false);
                run.setText("Run");
                message.setText("stopped");
            });
        });
    }

    /** Starts the cluster unless it runs or is starting; what is queued after it runs once it is up. */
    private void ensureRunning() {
        if (!session.running() && !starting) {
            start();
        }
    }

    /**
     * Sends one request (in the background), running the cluster first when it is not running; its hops
     * join the timeline and animate unless paused.
     */
    public void send(TrafficRequest request) {
        ensureRunning();
        worker.execute(() -> {
            try {
                List<PacketEvent> hops = session.send(request);
                Platform.runLater(() -> {
                    traffic.setMessage("");
                    accept(hops);
                });
            } catch (RuntimeException ex) {
                Platform.runLater(() -> traffic.setMessage(request + ": " + (ex.getMessage() == null ? ex : ex.getMessage())));
            }
        });
    }

    /** Adds hops to the session (from a backend or a replay) and shows them. */
    public void accept(List<PacketEvent> hops) {
        if (hops.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        hops.forEach(e -> figures.record(e, state, now));
        int first = timeline.append(hops);
        if (paused()) {
            if (timeline.cursor() < 0) {
                timeline.select(first);
            }
        } else {
            view.play(first, hops);
        }
    }

    public boolean paused() {
        return pause.isSelected();
    }

    /** Simulation mode on: packets stop, the highlighted hop is the cursor (the latest hop if none). */
    public void pause(boolean on) {
        pause.setSelected(on);
        if (on) {
            view.clearFlights();
            twin.clearFlights();
            if (timeline.cursor() < 0 && timeline.size() > 0) {
                timeline.select(0);
            } else {
                showHop(timeline.cursor());
            }
        } else {
            view.highlight(-1);
            twin.highlight(-1);
            int from = timeline.cursor() + 1;
            if (from > 0 && from < timeline.size()) {
                view.play(from, timeline.events().subList(from, timeline.size()));
            }
        }
    }

    public void stepForward() {
        if (!paused()) {
            pause(true);
        }
        // Challenge mode asks about the next hop before it is shown.
        if (timeline.cursor() + 1 < timeline.size() && !challenge.beforeStep(timeline.cursor() + 1)) {
            return;
        }
        timeline.stepForward();
    }

    public void stepBack() {
        if (!paused()) {
            pause(true);
        }
        timeline.stepBack();
    }

    /** Shows the physical layer, the logical layer, or both (in one view). */
    public void setLayerMode(LayerMode mode) {
        layer.setValue(mode);
        if (!sideBySide.isSelected()) {
            view.setLayerMode(mode);
        }
    }

    /** The logical view and the physical view side by side, the same packet at the same step in both. */
    public void setSideBySide(boolean on) {
        sideBySide.setSelected(on);
        layer.setDisable(on);
        if (on) {
            view.setLayerMode(LayerMode.PHYSICAL);
            viewArea.getChildren().setAll(sideBySidePane);
            sideBySidePane.getItems().set(1, titled("Physical: nodes, bridges, tunnels", view));
            twin.startAnimation();
        } else {
            twin.stopAnimation();
            twin.clearFlights();
            viewArea.getChildren().setAll(view);
            view.setLayerMode(layer.getValue());
        }
        twin.highlight(paused() ? timeline.cursor() : -1);
    }

    public boolean sideBySide() {
        return sideBySide.isSelected();
    }

    public void setSpeed(double s) {
        speed.setValue(s);
        view.setSpeed(s);
        twin.setSpeed(s);
    }

    public void fit() {
        view.fitToView();
        twin.fitToView();
    }

    /** The follow-the-packet camera on the view(s). */
    public void setFollow(boolean on) {
        follow.setSelected(on);
        view.setFollow(on);
        twin.setFollow(on);
    }

    /** Light or dark colours, following the app's theme. */
    public void setDark(boolean on) {
        dark = on;
        view.setPalette(on ? Palette.DARK : Palette.LIGHT);
        twin.setPalette(on ? Palette.DARK : Palette.LIGHT);
    }

    public boolean dark() {
        return dark;
    }

    /**
     * A quiz hides the headers of the hop shown (and the packets' address labels) until it is answered;
     * {@link #addStepListener} tells it when the step changes.
     */
    public void setHeadersHidden(boolean hidden) {
        details.setHeadersHidden(hidden);
        view.setPacketLabels(!hidden);
        twin.setPacketLabels(!hidden);
    }

    /** Called with the timeline index each time the highlighted step changes (-1 when none). */
    public void addStepListener(IntConsumer l) {
        timeline.addCursorListener(l);
    }

    /** The hop explained in plain words, from the plan the backend applies; the event's own words without one. */
    public String explain(int index) {
        if (index < 0 || index >= timeline.size()) {
            return "";
        }
        PacketEvent e = timeline.get(index);
        NetworkPlan plan = session.plan();
        if (plan == null) {
            return e.info() == null ? "" : e.info();
        }
        if (explainer == null || explainer.plan() != plan) {
            explainer = new HopExplainer(plan);
        }
        try {
            return explainer.explain(e);
        } catch (RuntimeException ex) {
            return e.info() == null ? "" : e.info();
        }
    }

    // ----- presenter mode

    /** Presenter mode on (or off when on): the view(s) full screen with captions and keys. */
    public void present() {
        if (presenter != null && presenter.showing()) {
            presenter.close();
            return;
        }
        StackPane placeholder = new StackPane(new Label("Presenting… (Esc to come back)"));
        center.getItems().set(0, placeholder);
        // Larger type for the back of the room; the follow camera and + zoom make it larger still.
        view.setMinLabelPixels(PRESENTER_TEXT);
        twin.setMinLabelPixels(PRESENTER_TEXT);
        presenter = PresenterMode.open(getScene() == null ? null : getScene().getWindow(), viewArea, new PresenterMode.Controls() {
            @Override
            public void togglePlay() {
                pause(!paused());
                caption(paused() ? timeline.cursor() : lastLaunched);
            }

            @Override
            public void stepForward() {
                NetworkWorkbench.this.stepForward();
            }

            @Override
            public void stepBack() {
                NetworkWorkbench.this.stepBack();
            }

            @Override
            public void setFollow(boolean on) {
                NetworkWorkbench.this.setFollow(on);
            }

            @Override
            public boolean follow() {
                return follow.isSelected();
            }

            @Override
            public void fit() {
                NetworkWorkbench.this.fit();
            }

            @Override
            public void zoom(double factor) {
                view.zoomBy(factor);
                twin.zoomBy(factor);
            }

            @Override
            public void send() {
                traffic.request().ifPresent(NetworkWorkbench.this::send);
            }
        }, () -> {
            center.getItems().set(0, viewArea);
            center.setDividerPositions(0.66);
            view.setMinLabelPixels(12);
            twin.setMinLabelPixels(12);
            presenter = null;
        }, dark);
        caption(paused() ? timeline.cursor() : lastLaunched);
    }

    /** The presenter stage while presenting, else null. */
    public PresenterMode presenter() {
        return presenter != null && presenter.showing() ? presenter : null;
    }

    private void caption(int index) {
        if (presenter == null || !presenter.showing()) {
            return;
        }
        if (index < 0 || index >= timeline.size()) {
            presenter.caption("", timeline.size() == 0 ? "Press Enter to send the request chosen in Traffic and watch it travel."
                    : "Space plays, → steps.");
            return;
        }
        PacketEvent e = timeline.get(index);
        presenter.caption("hop " + (index + 1) + " of " + timeline.size() + "  ·  " + EventTimeline.where(e)
                + (e.direction() == null ? "" : "  " + e.direction().name().toLowerCase(Locale.ROOT)), explain(index));
    }

    // ----- the reachability matrix

    /** The expected table for the cluster as it is now (before probing); recomputed when the state changes. */
    private void refreshExpectations() {
        ClusterState s = state;
        if (s == null || s.resourceVersion() == matrixVersion) {
            return;
        }
        matrixVersion = s.resourceVersion();
        ReachabilityIntent t = ReachabilityIntent.expect(s);
        if ((long) t.sources().size() * t.targets().size() > 4000) {
            reachability.setMessage(t.sources().size() + " sources × " + t.targets().size()
                    + " targets is too large a table to read here: use `kubecanvas matrix` on the command line.");
            return;
        }
        reachability.show(t);
    }

    /** Probes every cell (running the cluster first when needed) and colours the table by agreement. */
    public void probeAll() {
        refreshExpectations();
        ReachabilityIntent expected = reachability.table();
        if (expected == null) {
            return;
        }
        ensureRunning();
        reachability.setBusy(true);
        reachability.setMessage("probing " + expected.cells().stream().filter(ReachabilityIntent.Cell::applies).count() + " cells…");
        worker.execute(() -> {
            try {
                ReachabilityIntent seen = expected.observe(session::probe);
                Platform.runLater(() -> {
                    reachability.setBusy(false);
                    reachability.show(seen);
                });
            } catch (RuntimeException ex) {
                Platform.runLater(() -> {
                    reachability.setBusy(false);
                    reachability.setMessage("could not probe: " + (ex.getMessage() == null ? ex : ex.getMessage()));
                });
            }
        });
    }

    /** A cell's probe in the timeline, paused at its first hop: the view shows where it went. */
    private void showTrace(ReachabilityIntent.Cell cell) {
        List<PacketEvent> hops = cell.observed().hops();
        pause(true);
        int first = timeline.append(hops);
        timeline.select(first);
    }

    // ----- export

    /** The hops of the flow at the cursor, or of the last flow when nothing is selected; empty when none. */
    public List<PacketEvent> currentFlow() {
        int at = timeline.cursor() >= 0 ? timeline.cursor() : timeline.size() - 1;
        return at < 0 ? List.of() : timeline.flow(timeline.get(at).flowId());
    }

    /**
     * Films the current flow (or the whole timeline) at a size, off screen, and writes it: {@code .gif} an
     * animated GIF, a folder name PNG frames. The frames are made here on the JavaFX thread, the file is
     * written in the background; {@code done} gets the line to show.
     */
    public void exportFilm(Path out, boolean wholeTimeline, int width, int height, Consumer<String> done) {
        List<PacketEvent> hops = wholeTimeline ? timeline.events() : currentFlow();
        if (hops.isEmpty()) {
            done.accept("Nothing to film yet: send a request first.");
            return;
        }
        FlowFilm.Options o = FlowFilm.Options.defaults().withSize(width, height)
                .withLayer(sideBySide.isSelected() ? LayerMode.BOTH : view.layerMode()).withDark(dark)
                .withSpeed(view.speed());
        FlowFilm.Film film = FlowFilm.film(state, List.copyOf(hops), o);
        message.setText("writing " + out.getFileName() + "…");
        Thread t = new Thread(() -> {
            String line;
            try {
                line = FlowFilm.write(film, out);
            } catch (IOException | RuntimeException ex) {
                line = "could not write " + out + ": " + ex.getMessage();
            }
            String shown = line;
            Platform.runLater(() -> {
                message.setText(shown);
                done.accept(shown);
            });
        }, "netviz-export");
        t.setDaemon(true);
        t.start();
    }

    /** The view as it is on screen now: {@code .svg} as SVG, anything else as PNG. */
    public String exportView(Path out) throws IOException {
        if (out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg")) {
            Files.writeString(out, FlowFilm.svg(view));
        } else {
            FlowFilm.writePng(view.snapshot(null, null), out);
        }
        String line = "wrote " + out.getFileName() + " (" + (int) view.getWidth() + "x" + (int) view.getHeight() + ")";
        message.setText(line);
        return line;
    }

    public void saveRecording(Path file) throws IOException {
        EventRecording.write(file, timeline.events());
    }

    /** Replaces the timeline with a recording and plays it from the start. */
    public void openRecording(Path file) throws IOException {
        List<PacketEvent> recorded = EventRecording.read(file);
        view.clearFlights();
        twin.clearFlights();
        timeline.clear();
        figures.clear();
        details.clear();
        pause(false);
        accept(recorded);
        message.setText("replaying " + file.getFileName() + " (" + recorded.size() + " hops)");
    }

    // ----- internals

    private void showState(ClusterState s) {
        state = s;
        view.setState(s);
        twin.setState(s);
        status.show(s);
        traffic.show(s);
        faults.show(s);
        if (panels.getSelectionModel().getSelectedItem() == reachabilityTab) {
            refreshExpectations();
        }
    }

    private void showHop(int index) {
        if (index < 0 || index >= timeline.size()) {
            details.clear();
            view.highlight(-1);
            twin.highlight(-1);
            caption(-1);
            return;
        }
        if (paused()) {
            view.highlight(index);
            twin.highlight(index);
        }
        details.show(HopDetails.of(timeline, index, state, explain(index)));
        if (paused()) {
            caption(index);
        }
    }

    private void steady(boolean on) {
        steady.stop();
        if (!on) {
            return;
        }
        steady.getKeyFrames().setAll(new KeyFrame(Duration.millis(1000.0 / traffic.rate()),
                e -> traffic.request().ifPresent(this::send)));
        steady.setCycleCount(Timeline.INDEFINITE);
        steady.play();
    }

    private void chooseBackend(String old, String chosen) {
        if (switchingBackend || chosen == null || chosen.equals(session.backend())) {
            return;
        }
        message.setText("checking " + chosen + "…");
        worker.execute(() -> {
            try {
                session.useBackend(chosen);
                Platform.runLater(() -> message.setText(chosen + " selected; press Run"));
            } catch (RunSession.BackendUnavailableException ex) {
                Platform.runLater(() -> {
                    message.setText(ex.getMessage());
                    switchingBackend = true;
                    backend.setValue(old);
                    switchingBackend = false;
                });
            }
        });
    }

    private void refreshFigures() {
        var rates = figures.linkRates(System.nanoTime());
        view.setLinkRates(rates);
        figuresPane.show(rates, figures.requestsPerEndpoint());
    }

    private void chooseFile(boolean save) {
        FileChooser fc = new FileChooser();
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("KubeCanvas recording", "*.jsonl"));
        var window = getScene() == null ? null : getScene().getWindow();
        var file = save ? fc.showSaveDialog(window) : fc.showOpenDialog(window);
        if (file == null) {
            return;
        }
        try {
            if (save) {
                saveRecording(file.toPath());
                message.setText("saved " + timeline.size() + " hops to " + file.getName());
            } else {
                openRecording(file.toPath());
            }
        } catch (IOException ex) {
            message.setText(ex.getMessage());
        }
    }
}
