package io.kubecanvas.netviz.quiz;

import io.kubecanvas.netviz.simulation.EventTimeline;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * Challenge mode in the workbench's side panel: while it is on, every forward step first asks about the hop it
 * would show (its headers stay hidden until answered), then shows it; the score counts right answers. The
 * workbench calls {@link #beforeStep} with the index of the hop a step would show.
 */
public final class ChallengeModePane extends VBox {
    private final HopQuiz quiz;
    private final Runnable step;
    private final ToggleButton enabled = new ToggleButton("Challenge mode");
    private final Label question = new Label("Turn challenge mode on, pause, and press Step ▶: before each hop is shown you "
            + "are asked where the packet goes next or what its addresses will be.");
    private final FlowPane choices = new FlowPane(6, 6);
    private final TextField typed = new TextField();
    private final Button check = new Button("Check");
    private final Label feedback = new Label();
    private final Label score = new Label("Score 0/0");
    private HopQuiz.Question open;

    /**
     * @param timeline the workbench's events
     * @param step     takes one step forward (called after an answer, to show the hop)
     */
    public ChallengeModePane(EventTimeline timeline, Runnable step) {
        super(8);
        this.quiz = new HopQuiz(timeline);
        this.step = step;
        setPadding(new Insets(8));
        setId("challenge-mode");
        enabled.setId("challenge-toggle");
        question.setWrapText(true);
        question.setId("challenge-question");
        feedback.setWrapText(true);
        feedback.setId("challenge-feedback");
        score.setId("challenge-score");
        score.setStyle("-fx-font-weight: bold;");
        typed.setPromptText("or type the answer");
        typed.setId("challenge-typed");
        check.setId("challenge-check");
        check.setOnAction(e -> answer(typed.getText()));
        typed.setOnAction(e -> answer(typed.getText()));
        enabled.setOnAction(e -> {
            if (!enabled.isSelected()) {
                close();
            }
        });
        timeline.addAppendListener(() -> {
            if (timeline.size() == 0) {
                quiz.reset();
                close();
                score.setText("Score 0/0");
            }
        });
        getChildren().addAll(enabled, question, choices, new HBox(6, typed, check), feedback, score);
        close();
    }

    public HopQuiz quiz() {
        return quiz;
    }

    public boolean isOn() {
        return enabled.isSelected();
    }

    public void setOn(boolean on) {
        enabled.setSelected(on);
        if (!on) {
            close();
        }
    }

    /** The question on screen, or null. */
    public HopQuiz.Question openQuestion() {
        return open;
    }

    /** Whether a forward step to {@code hop} may show it now; false opens its question instead. */
    public boolean beforeStep(int hop) {
        if (!enabled.isSelected() || quiz.answered(hop)) {
            return true;
        }
        if (open == null || open.hop() != hop) {
            ask(quiz.question(hop));
        }
        return false;
    }

    private void ask(HopQuiz.Question q) {
        open = q;
        question.setText(q.text());
        feedback.setText("");
        typed.clear();
        choices.getChildren().clear();
        for (String c : q.choices()) {
            Button b = new Button(c);
            b.getStyleClass().add("challenge-choice");
            b.setOnAction(e -> answer(c));
            choices.getChildren().add(b);
        }
        typed.setDisable(false);
        check.setDisable(false);
    }

    /** Answers the open question (a choice's text or a typed value), scores it and shows the hop. */
    public void answer(String given) {
        if (open == null || given == null || given.isBlank()) {
            return;
        }
        HopQuiz.Question q = open;
        boolean right = quiz.answer(q, given);
        feedback.setText(right ? "Right: " + q.answer() + "." : "Not this time: the answer was " + q.answer() + ".");
        feedback.setStyle(right ? "-fx-text-fill: #2e7d32;" : "-fx-text-fill: #c62828;");
        score.setText("Score " + quiz.score());
        choices.getChildren().clear();
        open = null;
        typed.setDisable(true);
        check.setDisable(true);
        question.setText("Press Step ▶ for the next question.");
        step.run();
    }

    private void close() {
        open = null;
        choices.getChildren().clear();
        typed.setDisable(true);
        check.setDisable(true);
    }
}
