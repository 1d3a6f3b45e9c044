package io.kubecanvas.app.ui.lessons;

import io.kubecanvas.emulator.backend.ProbeReport;
import io.kubecanvas.emulator.explain.HopExplainer;
import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.lessons.Challenge;
import io.kubecanvas.lessons.GradeReport;
import io.kubecanvas.lessons.Grader;
import io.kubecanvas.lessons.Progress;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.util.List;
import java.util.Locale;

/**
 * A challenge in the side panel: its task and hints, and "Check my design", which grades the open design on the
 * sim and lists each assertion passed or failed, a failed reach with the trace of its probe (every hop, in words).
 */
public final class ChallengeView extends VBox implements LearnPanel.Closeable {
    private final LearnPanel panel;
    private final Challenge challenge;
    private final VBox results = new VBox(6);
    private final Label score = new Label();
    private final Button check = new Button("Check my design");
    private Grader.Grade last;
    private int hintsShown;
    private final VBox hints = new VBox(4);
    private final VBox footer;

    ChallengeView(LearnPanel panel, Challenge challenge) {
        super(8);
        this.panel = panel;
        this.challenge = challenge;
        setPadding(new Insets(4, 12, 12, 12));
        setId("challenge-view");
        Label title = new Label(challenge.title());
        title.setWrapText(true);
        title.setStyle("-fx-font-size: 15px; -fx-font-weight: bold;");
        Label id = new Label("kubecanvas grade DESIGN --challenge " + challenge.id());
        id.setStyle("-fx-font-family: monospace; -fx-font-size: 10px; -fx-text-fill: #757575;");
        check.setId("check-design");
        check.setDefaultButton(true);
        check.setOnAction(e -> checkDesign());
        score.setId("check-score");
        score.setStyle("-fx-font-weight: bold;");
        results.setId("check-results");
        Progress.ChallengeProgress best = panel.progress().challenge(challenge.id());
        if (best != null) {
            score.setText("Best so far: " + best.best + (best.passed ? " (passed)" : ""));
        }
        Button hint = new Button("Show a hint");
        hint.setId("challenge-hint");
        hint.setDisable(challenge.hints().isEmpty());
        hint.setOnAction(e -> {
            if (hintsShown < challenge.hints().size()) {
                Label h = new Label("Hint: " + challenge.hints().get(hintsShown++));
                h.setWrapText(true);
                h.setStyle("-fx-text-fill: #0d47a1;");
                hints.getChildren().add(h);
            }
            hint.setDisable(hintsShown >= challenge.hints().size());
        });
        footer = new VBox(4, new HBox(8, check, hint), score);
        getChildren().addAll(title, id, MarkdownText.render(challenge.task(), LearnPanel.WIDTH - 40), hints, results);
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
        // nothing runs between checks
    }

    public Grader.Grade lastGrade() {
        return last;
    }

    /** Grades the open design in the background and shows the result. */
    public void checkDesign() {
        check.setDisable(true);
        score.setText("Checking on the sim\u2026");
        var design = panel.window().session().design();
        panel.background().execute(() -> {
            Grader.Grade g;
            try {
                g = Grader.grade(challenge, design, "the open design");
            } catch (RuntimeException ex) {
                Platform.runLater(() -> {
                    check.setDisable(false);
                    score.setText("Could not check: " + ex.getMessage());
                });
                return;
            }
            Grader.Grade grade = g;
            Platform.runLater(() -> show(grade));
        });
    }

    private void show(Grader.Grade g) {
        last = g;
        check.setDisable(false);
        panel.progress().graded(challenge.id(), g);
        score.setText((g.passed() ? "\u2714 Passed " : "Not yet: ") + g.score() + String.format(Locale.ROOT,
                "  (graded in %.2f s)", g.nanos() / 1e9));
        score.setStyle(g.passed() ? "-fx-font-weight: bold; -fx-text-fill: #2e7d32;" : "-fx-font-weight: bold; -fx-text-fill: #c62828;");
        results.getChildren().clear();
        HopExplainer words = g.plan() == null ? null : new HopExplainer(g.plan());
        for (Grader.Result r : g.results()) {
            Label line = new Label((r.passed() ? "\u2714 " : "\u2718 ") + r.text());
            line.setWrapText(true);
            line.getStyleClass().add(r.passed() ? "assertion-passed" : "assertion-failed");
            line.setStyle(r.passed() ? "-fx-text-fill: #2e7d32; -fx-font-weight: bold;" : "-fx-text-fill: #c62828; -fx-font-weight: bold;");
            Label detail = new Label(r.detail());
            detail.setWrapText(true);
            detail.setStyle("-fx-font-size: 11px; -fx-text-fill: #455a64;");
            VBox row = new VBox(2, line, detail);
            // Long probe texts wrap inside the panel instead of widening it.
            double width = LearnPanel.WIDTH - 36;
            for (Label l : List.of(line, detail)) {
                l.setMaxWidth(width);
                l.setMinWidth(0);
            }
            row.setMaxWidth(width);
            if (!r.passed() && r.trace() != null && words != null) {
                PacketEvent died = GradeReport.lastDecision(r.trace().hops());
                if (died != null) {
                    Label where = new Label("Where: " + words.explain(died));
                    where.setWrapText(true);
                    where.setStyle("-fx-font-size: 11px;");
                    where.setMaxWidth(width);
                    row.getChildren().add(where);
                }
                TextArea trace = new TextArea(ProbeReport.text(r.trace(), words::explain));
                trace.setEditable(false);
                trace.setPrefRowCount(14);
                trace.setPrefWidth(width);
                trace.setMinWidth(0);
                trace.setStyle("-fx-font-family: monospace; -fx-font-size: 10px;");
                TitledPane pane = new TitledPane("Trace of the failing probe (" + r.trace().hops().size() + " hops)", trace);
                pane.setExpanded(false);
                pane.setMaxWidth(width);
                pane.setMinWidth(0);
                pane.getStyleClass().add("assertion-trace");
                row.getChildren().add(pane);
            }
            results.getChildren().add(row);
        }
    }
}
