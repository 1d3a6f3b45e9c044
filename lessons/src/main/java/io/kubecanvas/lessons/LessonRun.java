package io.kubecanvas.lessons;

import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.lessons.Lesson.Step;

import java.util.ArrayList;
import java.util.List;

/**
 * A lesson being taken: the current step, the steps done, hints shown, the answer to the step's question, the
 * packets seen since the step opened. The side panel is a thin view of this; a test drives it without a window.
 * When the current step's condition holds the step is done and the lesson moves on; Back and Next move freely.
 * Progress is saved as it changes.
 */
public final class LessonRun {
    private final Lesson lesson;
    private final Progress progress;
    private int index;
    private int hintsShown;
    private boolean answeredRight;
    private String feedback;
    private final List<PacketEvent> seen = new ArrayList<>();

    public LessonRun(Lesson lesson, Progress progress) {
        this.lesson = lesson;
        this.progress = progress;
        this.index = Math.max(0, Math.min(progress.lesson(lesson.id()).step, lesson.steps().size() - 1));
    }

    public Lesson lesson() {
        return lesson;
    }

    public int index() {
        return index;
    }

    public Step step() {
        return lesson.steps().get(index);
    }

    public int size() {
        return lesson.steps().size();
    }

    public boolean done(int step) {
        return progress.lesson(lesson.id()).done.contains(step);
    }

    public int doneCount() {
        return progress.lesson(lesson.id()).done.size();
    }

    /** Every step done. */
    public boolean finished() {
        return doneCount() >= size();
    }

    public boolean canGoBack() {
        return index > 0;
    }

    public boolean canGoForward() {
        return index < size() - 1;
    }

    public void back() {
        if (canGoBack()) {
            go(index - 1);
        }
    }

    /** The next step; a step without a condition is done once read. */
    public void next() {
        if (step().until() == null) {
            markDone();
        }
        if (canGoForward()) {
            go(index + 1);
        }
    }

    public void go(int step) {
        index = Math.max(0, Math.min(step, size() - 1));
        hintsShown = 0;
        answeredRight = false;
        feedback = null;
        seen.clear();
        progress.stepAt(lesson.id(), index);
    }

    /** The hints revealed so far (one more each call to {@link #revealHint()}). */
    public List<String> hints() {
        return step().hints().subList(0, Math.min(hintsShown, step().hints().size()));
    }

    public boolean hasMoreHints() {
        return hintsShown < step().hints().size();
    }

    public void revealHint() {
        if (hasMoreHints()) {
            hintsShown++;
        }
    }

    /** Packet events the learner's traffic produced; they count for the current step only. */
    public void seen(List<PacketEvent> events) {
        seen.addAll(events);
    }

    /** Checks an answer to the step's question; the feedback says whether it was right. */
    public boolean answer(String given, ClusterState state) {
        Question q = step().question();
        if (q == null) {
            return false;
        }
        boolean right = q.isRight(given, state);
        answeredRight |= right;
        if (right) {
            feedback = "Right." + (q.explanation() == null ? "" : " " + q.explanation());
        } else if (!q.multipleChoice() && q.accepted(state).isEmpty()) {
            feedback = "Run the design first (Network tab, Run): the answer depends on the running cluster.";
        } else {
            feedback = "Not quite: '" + given.trim() + "' is not it. Try again" + (step().hints().isEmpty() ? "." : ", or ask for a hint.");
        }
        return right;
    }

    /** What the last answer got, or null. */
    public String feedback() {
        return feedback;
    }

    /**
     * Checks the current step against what the learner has in front of them; when its condition holds the step
     * is done and the lesson moves to the next one. Returns true when the step changed or was completed.
     */
    public boolean update(LearnerView view) {
        Step s = step();
        // A step done before (the learner went back to it) is for reading again, not for moving on by itself.
        if (s.until() == null || done(index)) {
            return false;
        }
        if (!s.until().met(view.withEvents(seen), answeredRight)) {
            return false;
        }
        markDone();
        if (canGoForward()) {
            go(index + 1);
        }
        return true;
    }

    private void markDone() {
        progress.stepDone(lesson.id(), index);
    }
}
