package io.kubecanvas.netviz;

import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.ObjectKey;
import io.kubecanvas.netviz.panel.ClusterStatusPane;
import io.kubecanvas.netviz.panel.EventListPane;
import io.kubecanvas.netviz.panel.FaultPanel;
import io.kubecanvas.netviz.panel.FiguresPane;
import io.kubecanvas.netviz.panel.PacketDetailsPane;
import io.kubecanvas.netviz.panel.TrafficPanel;
import io.kubecanvas.netviz.quiz.ChallengeModePane;
import io.kubecanvas.netviz.record.EventRecording;
import io.kubecanvas.netviz.simulation.EventTimeline;
import io.kubecanvas.netviz.simulation.HopDetails;
import io.kubecanvas.netviz.stats.TrafficFigures;
import io.kubecanvas.netviz.view.LayerMode;
import io.kubecanvas.netviz.view.NetworkView;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
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
import javafx.scene.layout.BorderPane;
import javafx.stage.FileChooser;
import javafx.util.Duration;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The live network workbench the app mounts next to the designer: Run/Stop with the backend choice, the
 * network view with packets, simulation mode (pause, event list, step, speed, details), traffic, faults,
 * live figures and record/replay. Built from a {@link RunSession}; calls into the session run on one
 * background thread so a slow backend never blocks the window.
 *
 * <pre>
 *   NetworkWorkbench w = new NetworkWorkbench(session);
 *   w.setOnRevealObject(key -&gt; designer.showYaml(key));
 * </pre>
 */
public final class NetworkWorkbench extends BorderPane {
    private final RunSession session;
    private final EventTimeline timeline = new EventTimeline();
    private final TrafficFigures figures = new TrafficFigures();
    private final NetworkView view = new NetworkView();
    private final ClusterStatusPane status = new ClusterStatusPane();
    private final TrafficPanel traffic = new TrafficPanel();
    private final FiguresPane figuresPane = new FiguresPane();
    private final EventListPane events = new EventListPane(timeline);
    private final PacketDetailsPane details = new PacketDetailsPane();
    private final FaultPanel faults;
    private final ChallengeModePane challenge = new ChallengeModePane(timeline, timeline::stepForward);
    private final ComboBox<String> backend = new ComboBox<>();
    private final ToggleButton run = new ToggleButton("Run");
    private final ToggleButton pause = new ToggleButton("Pause");
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

    public NetworkWorkbench(RunSession session) {
        this.session = session;
        getStyleClass().add("network-workbench");
        faults = new FaultPanel(session, worker);
        view.setTimeline(timeline);
        view.setOnPacketClicked(i -> {
            pause(true);
            timeline.select(i);
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
        layer = new ComboBox<>();
        layer.getItems().setAll(LayerMode.values());
        layer.setValue(view.layerMode());
        layer.setOnAction(e -> view.setLayerMode(layer.getValue()));
        pause.setId("pause");
        pause.setOnAction(e -> pause(pause.isSelected()));
        Button back = new Button("◀ Step");
        Button fwd = new Button("Step ▶");
        back.setId("step-back");
        fwd.setId("step-forward");
        back.setOnAction(e -> stepBack());
        fwd.setOnAction(e -> stepForward());
        speed.setPrefWidth(110);
        speed.valueProperty().addListener((o, a, b) -> view.setSpeed(b.doubleValue()));
        Button save = new Button("Save…");
        Button open = new Button("Replay…");
        save.setOnAction(e -> chooseFile(true));
        open.setOnAction(e -> chooseFile(false));
        message.setId("workbench-message");
        ToolBar bar = new ToolBar(new Label("Backend"), backend, run, new Separator(Orientation.VERTICAL),
                new Label("Layer"), layer, new Separator(Orientation.VERTICAL), pause, back, fwd, new Label("Speed"), speed,
                new Separator(Orientation.VERTICAL), save, open, message);
        setTop(bar);

        SplitPane bottom = new SplitPane(events, details);
        bottom.setDividerPositions(0.58);
        SplitPane center = new SplitPane(view, bottom);
        center.setOrientation(Orientation.VERTICAL);
        center.setDividerPositions(0.64);
        setCenter(center);

        traffic.setOnSend(this::send);
        traffic.setOnSteady(this::steady);
        TabPane side = new TabPane(tab("Traffic", traffic), tab("Cluster", status), tab("Faults", faults),
                tab("Figures", figuresPane), tab("Challenge", challenge));
        side.setPrefWidth(330);
        setRight(side);

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

    public NetworkView networkView() {
        return view;
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
        message.setText("starting on " + session.backend() + "…");
        worker.execute(() -> {
            try {
                session.start();
                ClusterState s = session.state();
                Platform.runLater(() -> {
                    message.setText("running on " + session.backend());
                    run.setText("Stop");
                    showState(s);
                });
            } catch (RunSession.BackendUnavailableException | RuntimeException ex) {
                Platform.runLater(() -> {
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

    /** Sends one request (in the background); its hops join the timeline and animate unless paused. */
    public void send(TrafficRequest request) {
        if (!session.running()) {
            traffic.setMessage("Press Run first.");
            return;
        }
        worker.execute(() -> {
            try {
                List<PacketEvent> hops = session.send(request);
                Platform.runLater(() -> accept(hops));
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
            if (timeline.cursor() < 0 && timeline.size() > 0) {
                timeline.select(0);
            } else {
                showHop(timeline.cursor());
            }
        } else {
            view.highlight(-1);
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

    /** Shows the physical layer, the logical layer, or both. */
    public void setLayerMode(LayerMode mode) {
        layer.setValue(mode);
        view.setLayerMode(mode);
    }

    public void setSpeed(double s) {
        speed.setValue(s);
        view.setSpeed(s);
    }

    public void saveRecording(Path file) throws IOException {
        EventRecording.write(file, timeline.events());
    }

    /** Replaces the timeline with a recording and plays it from the start. */
    public void openRecording(Path file) throws IOException {
        List<PacketEvent> recorded = EventRecording.read(file);
        view.clearFlights();
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
        status.show(s);
        traffic.show(s);
        faults.show(s);
    }

    private void showHop(int index) {
        if (index < 0 || index >= timeline.size()) {
            details.clear();
            view.highlight(-1);
            return;
        }
        if (paused()) {
            view.highlight(index);
        }
        details.show(HopDetails.of(timeline, index, state));
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
