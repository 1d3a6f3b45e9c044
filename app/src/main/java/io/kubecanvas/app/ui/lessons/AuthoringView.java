package io.kubecanvas.app.ui.lessons;

import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.backend.Protocol;
import io.kubecanvas.emulator.explain.HopExplainer;
import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.lessons.AuthoredChecks;
import io.kubecanvas.lessons.Challenge;
import io.kubecanvas.lessons.Challenge.Assertion;
import io.kubecanvas.lessons.ChallengeWriter;
import io.kubecanvas.lessons.Check;
import io.kubecanvas.lessons.GradeReport;
import io.kubecanvas.lessons.Grader;
import io.kubecanvas.lessons.SimRun;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.ObjectKey;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Authoring a challenge from the open design: drag a "must reach" (or "must not reach") arrow between two objects on
 * the canvas, record a probe's current result as the expected one, add object facts, then save the challenge file.
 * The starting design is the design open when authoring began (or when "Use the open design" is pressed), so an
 * instructor can open the task, start authoring, then build the solution and record its behaviour.
 */
public final class AuthoringView extends VBox implements LearnPanel.Closeable {
    private final LearnPanel panel;
    private final TextField id = new TextField("my-challenge");
    private final TextField title = new TextField("My challenge");
    private final TextArea task = new TextArea("Describe the task for the students.");
    private final VBox list = new VBox(4);
    private final Label status = new Label();
    private final ComboBox<String> from = new ComboBox<>();
    private final ComboBox<String> to = new ComboBox<>();
    private final TextField port = new TextField();
    private final Label probeResult = new Label();
    private final Button record = new Button("Record as expected");
    private final ReachArrowTool arrows;
    private final Map<Assertion, ReachArrowTool.Arrow> drawn = new LinkedHashMap<>();
    private final List<Assertion> assertions = new ArrayList<>();
    private Design start;
    private Design probed;
    private SimRun run;
    private ProbeResult lastProbe;
    private final VBox footer;

    AuthoringView(LearnPanel panel) {
        super(8);
        this.panel = panel;
        this.start = panel.window().session().design();
        setPadding(new Insets(4, 12, 12, 12));
        setId("authoring-view");
        id.setId("author-id");
        title.setId("author-title");
        task.setId("author-task");
        task.setPrefRowCount(3);
        task.setWrapText(true);
        GridPane meta = new GridPane();
        meta.setHgap(6);
        meta.setVgap(4);
        meta.addRow(0, new Label("Id"), id);
        meta.addRow(1, new Label("Title"), title);
        GridPane.setHgrow(id, Priority.ALWAYS);
        GridPane.setHgrow(title, Priority.ALWAYS);

        arrows = new ReachArrowTool(panel.window().canvas());
        panel.window().addCanvasOverlay(arrows.layer());
        arrows.setOnArrow(this::arrowDrawn);
        ToggleGroup tools = new ToggleGroup();
        ToggleButton reach = new ToggleButton("Must reach \u2192");
        ToggleButton deny = new ToggleButton("Must not reach \u2192");
        reach.setId("author-must-reach");
        deny.setId("author-must-not-reach");
        reach.setToggleGroup(tools);
        deny.setToggleGroup(tools);
        tools.selectedToggleProperty().addListener((o, a, t) -> {
            arrows.arm(t == reach ? Boolean.TRUE : t == deny ? Boolean.FALSE : null);
            if (t != null) {
                panel.window().showDesignTab();
                status.setText("Drag from one object on the canvas to another.");
            }
        });

        from.setId("author-probe-from");
        to.setId("author-probe-to");
        to.setEditable(true);
        port.setId("author-probe-port");
        port.setPromptText("port");
        port.setPrefColumnCount(5);
        from.setOnShowing(e -> fillProbeChoices());
        to.setOnShowing(e -> fillProbeChoices());
        from.setMaxWidth(Double.MAX_VALUE);
        to.setMaxWidth(Double.MAX_VALUE);
        Button probe = new Button("Probe");
        probe.setId("author-probe");
        probe.setOnAction(e -> probe());
        record.setId("author-record");
        record.setDisable(true);
        record.setOnAction(e -> {
            if (lastProbe != null) {
                add(AuthoredChecks.recorded(lastProbe, run.state()), null);
            }
        });
        probeResult.setWrapText(true);
        probeResult.setId("author-probe-result");
        GridPane probeForm = new GridPane();
        probeForm.setHgap(6);
        probeForm.setVgap(4);
        probeForm.addRow(0, new Label("From"), from);
        probeForm.addRow(1, new Label("To"), to);
        probeForm.addRow(2, new Label("Port"), new HBox(6, port, probe));
        GridPane.setHgrow(from, Priority.ALWAYS);
        GridPane.setHgrow(to, Priority.ALWAYS);

        Button noNodePort = new Button("No NodePort or LoadBalancer");
        noNodePort.setOnAction(e -> add(new Assertion("No NodePort or LoadBalancer Service",
                new Check.ObjectFact(true, "Service", "spec.type", List.of("NodePort", "LoadBalancer"))), null));
        Button defaultDeny = new Button("Default deny everywhere");
        defaultDeny.setOnAction(e -> add(new Assertion("Every namespace has a default-deny ingress NetworkPolicy",
                new Check.DefaultDeny(List.of())), null));

        Button useOpen = new Button("Use the open design as the start");
        useOpen.setOnAction(e -> {
            start = panel.window().session().design();
            status.setText("Starting design: the open design (" + start.objects().size() + " objects).");
        });
        Button grade = new Button("Grade the open design");
        grade.setId("author-grade");
        grade.setOnAction(e -> gradeOpen());
        Button save = new Button("Save challenge\u2026");
        save.setId("author-save");
        save.setOnAction(e -> save());
        status.setWrapText(true);
        status.setId("author-status");
        list.setId("author-assertions");

        getChildren().addAll(meta, new Label("Task (Markdown)"), task,
                section("Assertions"), list,
                section("Add an arrow"), new HBox(6, reach, deny),
                section("Record a probe"), probeForm, probeResult, record,
                section("Add a fact"), new HBox(6, noNodePort, defaultDeny),
                section("Starting design"), wrapped("Students start from the design open when authoring began."), useOpen);
        footer = new VBox(4, new HBox(6, grade, save), status);
        refreshList();
    }

    private static Label wrapped(String s) {
        Label l = new Label(s);
        l.setWrapText(true);
        return l;
    }

    private static Label section(String s) {
        Label l = new Label(s);
        l.setStyle("-fx-font-weight: bold; -fx-padding: 6 0 0 0;");
        return l;
    }

    @Override
    public Node node() {
        return this;
    }

    @Override
    public Node footer() {
        return footer;
    }

    @Override
    public void close() {
        arrows.dispose();
        if (run != null) {
            run.close();
        }
    }

    public List<Assertion> assertions() {
        return List.copyOf(assertions);
    }

    /** The challenge as it stands. */
    public Challenge challenge() {
        return new Challenge(id.getText().trim(), title.getText().trim(), task.getText(), List.of(), assertions, start, null);
    }

    private void arrowDrawn(String fromId, String toId) {
        boolean allowed = Boolean.TRUE.equals(arrows.armed());
        try {
            Assertion a = AuthoredChecks.arrow(panel.window().session().design(), ObjectKey.parse(fromId), ObjectKey.parse(toId),
                    allowed);
            add(a, new ReachArrowTool.Arrow(fromId, toId, allowed));
        } catch (IllegalArgumentException ex) {
            status.setText(ex.getMessage());
        }
    }

    private void add(Assertion a, ReachArrowTool.Arrow arrow) {
        assertions.add(a);
        if (arrow != null) {
            drawn.put(a, arrow);
            arrows.add(arrow);
        }
        status.setText("Added: " + a.text());
        refreshList();
    }

    private void refreshList() {
        list.getChildren().clear();
        if (assertions.isEmpty()) {
            list.getChildren().add(new Label("None yet."));
        }
        for (Assertion a : assertions) {
            Label text = new Label(a.text());
            text.setWrapText(true);
            text.getStyleClass().add("authored-assertion");
            Button remove = new Button("\u2715");
            remove.setOnAction(e -> {
                assertions.remove(a);
                ReachArrowTool.Arrow arrow = drawn.remove(a);
                if (arrow != null) {
                    arrows.remove(arrow);
                }
                refreshList();
            });
            Region spacer = new Region();
            HBox.setHgrow(spacer, Priority.ALWAYS);
            HBox.setHgrow(text, Priority.ALWAYS);
            list.getChildren().add(new HBox(6, text, spacer, remove));
        }
    }

    /** The running design the probe form talks to: the open design on the sim, started again when it changed. */
    private SimRun running() {
        Design d = panel.window().session().design();
        if (run == null || probed != d) {
            if (run != null) {
                run.close();
            }
            run = SimRun.start(d, List.of());
            probed = d;
        }
        return run;
    }

    private void fillProbeChoices() {
        ClusterState s;
        try {
            s = running().state();
        } catch (IllegalArgumentException ex) {
            status.setText(ex.getMessage());
            return;
        }
        List<String> sources = new ArrayList<>();
        sources.add(ProbeRequest.EXTERNAL);
        List<String> targets = new ArrayList<>();
        s.pods().stream().filter(p -> p.ip() != null && !"kube-system".equals(p.namespace())).forEach(p -> {
            sources.add(p.key());
            targets.add(p.key());
        });
        s.services().stream().filter(x -> !"kube-system".equals(x.namespace())).forEach(x -> targets.add(x.name() + "." + x.namespace()));
        s.ingresses().forEach(i -> {
            if (i.getSpec() != null && i.getSpec().getRules() != null) {
                i.getSpec().getRules().forEach(r -> targets.add("http://" + (r.getHost() == null ? "localhost" : r.getHost()) + "/"));
            }
        });
        String f = from.getValue();
        String t = to.getValue();
        from.getItems().setAll(sources);
        to.getItems().setAll(targets);
        from.setValue(f != null ? f : sources.get(0));
        to.setValue(t);
    }

    /** Probes from and to as chosen, on the open design; shows the outcome and keeps it for recording. */
    public void probe() {
        if (from.getValue() == null || to.getValue() == null || to.getValue().isBlank()) {
            fillProbeChoices();
            probeResult.setText("Choose where the probe starts and what it reaches.");
            return;
        }
        int p = 0;
        if (!port.getText().isBlank()) {
            try {
                p = Integer.parseInt(port.getText().trim());
            } catch (NumberFormatException ex) {
                probeResult.setText("The port must be a number.");
                return;
            }
        }
        try {
            SimRun r = running();
            lastProbe = r.probe(new ProbeRequest(from.getValue(), to.getValue().trim(), p, Protocol.TCP));
            PacketEvent died = GradeReport.lastDecision(lastProbe.hops());
            probeResult.setText(lastProbe.outcome().word() + (lastProbe.answeredBy() == null ? "" : ", answered by "
                    + lastProbe.answeredBy()) + (lastProbe.reason() == null ? "" : " (" + lastProbe.reason() + ")")
                    + (died == null ? "" : "\n" + new HopExplainer(r.plan()).explain(died)));
            record.setDisable(false);
        } catch (IllegalArgumentException ex) {
            lastProbe = null;
            record.setDisable(true);
            probeResult.setText(ex.getMessage());
        }
    }

    public void setProbe(String source, String target, int targetPort) {
        fillProbeChoices();
        from.setValue(source);
        to.setValue(target);
        port.setText(targetPort > 0 ? String.valueOf(targetPort) : "");
    }

    private void gradeOpen() {
        if (assertions.isEmpty()) {
            status.setText("Add an assertion first.");
            return;
        }
        Grader.Grade g = Grader.grade(challenge(), panel.window().session().design(), "the open design");
        status.setText("The open design scores " + g.score() + (g.passed() ? ": a correct solution." : ": "
                + g.results().stream().filter(r -> !r.passed()).map(Grader.Result::text).findFirst().orElse("")));
    }

    /** Writes the challenge file where the chooser says. */
    public Path save() {
        if (assertions.isEmpty()) {
            status.setText("Add an assertion first.");
            return null;
        }
        if (!id.getText().trim().matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
            status.setText("The id must be lower-case letters, digits and '-', like expose-web.");
            return null;
        }
        Path file = panel.chooseSave(id.getText().trim() + ".yaml");
        if (file == null) {
            return null;
        }
        try {
            Files.writeString(file, ChallengeWriter.write(challenge()), StandardCharsets.UTF_8);
            status.setText("Saved " + file + " (kubecanvas grade DESIGN --challenge " + file + ")");
            return file;
        } catch (IOException ex) {
            status.setText("Could not save: " + ex.getMessage());
            return null;
        }
    }
}
