package io.kubecanvas.app.ui.lessons;

import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.lessons.Lesson;
import io.kubecanvas.lessons.LessonRun;
import io.kubecanvas.lessons.Question;
import io.kubecanvas.model.Cluster;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import java.util.ArrayList;
import java.util.List;

/**
 * A lesson in the side panel: progress, the step's text, what to do (ticked when done), its question, hints one at a
 * time, the step's button, Back and Next. A thin view of {@link LessonRun}: four times a second it checks the step's
 * condition against what the learner has in front of them, and moves on when it holds.
 */
public final class LessonView extends VBox implements LearnPanel.Closeable {
    private final LearnPanel panel;
    private final LessonRun run;
    private final Timeline poll;
    private final Runnable onEvents;
    private int eventsSeen;
    private int shownStep = -1;
    private boolean closed;
    private final Label hop = new Label();
    private final Label progressText = new Label();
    private final ProgressBar progressBar = new ProgressBar();
    private final VBox body = new VBox(8);
    private final Button back = new Button("\u25c0 Back");
    private final Button next = new Button("Next \u25b6");
    private final HBox nav;

    LessonView(LearnPanel panel, Lesson lesson) {
        super(8);
        this.panel = panel;
        this.run = new LessonRun(lesson, panel.progress());
        setPadding(new Insets(4, 12, 12, 12));
        setId("lesson-view");
        Label title = new Label(lesson.title());
        title.setWrapText(true);
        title.setStyle("-fx-font-size: 15px; -fx-font-weight: bold;");
        title.setId("lesson-title");
        progressText.setId("lesson-progress");
        progressBar.setMaxWidth(Double.MAX_VALUE);
        back.setId("lesson-back");
        next.setId("lesson-next");
        back.setOnAction(e -> {
            run.back();
            refresh();
        });
        next.setOnAction(e -> {
            run.next();
            refresh();
        });
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        nav = new HBox(6, back, spacer, next);
        getChildren().addAll(title, progressText, progressBar, body, hop);
        // Packets the learner sends count for the step in front of them.
        eventsSeen = panel.workbench().timeline().size();
        onEvents = () -> {
            var t = panel.workbench().timeline();
            if (closed) {
                return;         // the timeline keeps its listeners; a closed lesson ignores them
            }
            if (t.size() < eventsSeen) {
                eventsSeen = 0;
            }
            if (t.size() > eventsSeen) {
                List<PacketEvent> fresh = new ArrayList<>(t.events().subList(eventsSeen, t.size()));
                eventsSeen = t.size();
                run.seen(fresh);
            }
        };
        panel.workbench().timeline().addAppendListener(onEvents);
        // The hop in front of the learner, in words, under the step (the same sentence as the hop details).
        hop.setId("lesson-hop");
        hop.setWrapText(true);
        hop.setStyle("-fx-font-size: 11px; -fx-text-fill: #1a237e; -fx-padding: 4 0 0 0;");
        panel.workbench().timeline().addCursorListener(i -> showHop(i));
        poll = new Timeline(new KeyFrame(Duration.millis(250), e -> check()));
        poll.setCycleCount(Timeline.INDEFINITE);
        poll.play();
        refresh();
    }

    public LessonRun run() {
        return run;
    }

    @Override
    public Node node() {
        return this;
    }

    @Override
    public Node footer() {
        return nav;
    }

    @Override
    public void close() {
        closed = true;
        poll.stop();
    }

    private void showHop(int index) {
        var t = panel.workbench().timeline();
        if (closed || index < 0 || index >= t.size()) {
            hop.setText("");
            return;
        }
        String words = panel.workbench().explain(index);
        hop.setText(words.isBlank() ? "" : "Hop #" + (index + 1) + ": " + words);
    }

    /** Checks the step's condition now (the panel also does it four times a second). */
    public void check() {
        onEvents.run();
        if (run.update(panel.view())) {
            refresh();
        }
    }

    private void refresh() {
        Lesson.Step step = run.step();
        if (run.index() != shownStep) {
            shownStep = run.index();
            panel.show(step.show());
        }
        progressText.setText("Step " + (run.index() + 1) + " of " + run.size() + " \u00b7 " + run.doneCount() + " done"
                + (run.finished() ? " \u00b7 lesson complete" : ""));
        progressBar.setProgress((double) run.doneCount() / run.size());
        back.setDisable(!run.canGoBack());
        next.setDisable(!run.canGoForward());
        next.setText(run.canGoForward() && step.until() != null && !run.done(run.index()) ? "Skip \u25b6" : "Next \u25b6");
        body.getChildren().clear();
        Label stepTitle = new Label(step.title());
        stepTitle.setId("step-title");
        stepTitle.setWrapText(true);
        stepTitle.setStyle("-fx-font-size: 13px; -fx-font-weight: bold;");
        body.getChildren().add(stepTitle);
        if (!step.text().isBlank()) {
            body.getChildren().add(MarkdownText.render(step.text(), LearnPanel.WIDTH - 40));
        }
        if (step.until() != null) {
            boolean done = run.done(run.index());
            Label todo = new Label((done ? "\u2714 Done: " : "To do: ") + step.until().describe());
            todo.setId("step-todo");
            todo.setWrapText(true);
            todo.setStyle(done ? "-fx-text-fill: #2e7d32; -fx-font-weight: bold;" : "-fx-text-fill: #5d4037; -fx-font-weight: bold;");
            body.getChildren().add(todo);
        }
        if (step.question() != null && !run.done(run.index())) {
            body.getChildren().add(question(step.question()));
        }
        if (step.action() != null) {
            Button act = new Button(step.action().label());
            act.setId("step-action");
            act.setOnAction(e -> panel.window().session().edit(step.action().label(), d -> {
                Cluster.NetworkSettings n = d.cluster().network();
                return d.withCluster(d.cluster().withNetwork(new Cluster.NetworkSettings(step.action().cni(), n.clusterCidr(),
                        n.nodeCidrMaskSize(), n.serviceCidr(), n.clusterDomain(), n.loadBalancerPool(), n.underlayCidr())));
            }));
            body.getChildren().add(act);
        }
        if (!step.hints().isEmpty()) {
            for (String h : run.hints()) {
                Label hint = new Label("Hint: " + h);
                hint.setWrapText(true);
                hint.getStyleClass().add("lesson-hint");
                hint.setStyle("-fx-text-fill: #0d47a1;");
                body.getChildren().add(hint);
            }
            if (run.hasMoreHints()) {
                Button more = new Button(run.hints().isEmpty() ? "Show a hint" : "Another hint");
                more.setId("lesson-hint");
                more.setOnAction(e -> {
                    run.revealHint();
                    refresh();
                });
                body.getChildren().add(more);
            }
        }
    }

    private Node question(Question q) {
        VBox box = new VBox(6);
        box.setId("lesson-question");
        Label ask = new Label(q.ask());
        ask.setWrapText(true);
        ask.setStyle("-fx-font-weight: bold;");
        box.getChildren().add(ask);
        if (q.multipleChoice()) {
            FlowPane choices = new FlowPane(6, 6);
            for (String c : q.choices()) {
                Button b = new Button(c);
                b.getStyleClass().add("lesson-choice");
                b.setWrapText(true);
                b.setMaxWidth(LearnPanel.WIDTH - 40);
                b.setOnAction(e -> answer(c));
                choices.getChildren().add(b);
            }
            box.getChildren().add(choices);
        } else {
            TextField typed = new TextField();
            typed.setId("lesson-answer");
            typed.setPromptText("your answer");
            Button check = new Button("Check");
            check.setId("lesson-check");
            check.setOnAction(e -> answer(typed.getText()));
            typed.setOnAction(e -> answer(typed.getText()));
            HBox.setHgrow(typed, Priority.ALWAYS);
            box.getChildren().add(new HBox(6, typed, check));
        }
        if (run.feedback() != null) {
            Label f = new Label(run.feedback());
            f.setId("lesson-feedback");
            f.setWrapText(true);
            f.setStyle(run.feedback().startsWith("Right") ? "-fx-text-fill: #2e7d32;" : "-fx-text-fill: #c62828;");
            box.getChildren().add(f);
        }
        return box;
    }

    private void answer(String given) {
        boolean right = run.answer(given, panel.workbench().session().state());
        String feedback = run.feedback();
        if (right) {
            check();
        }
        refresh();
        if (right && run.feedback() == null) {
            // The step moved on: keep the word of praise on screen for the new step.
            Label f = new Label(feedback);
            f.setId("lesson-feedback");
            f.setWrapText(true);
            f.setStyle("-fx-text-fill: #2e7d32;");
            body.getChildren().add(1, f);
        }
    }
}
