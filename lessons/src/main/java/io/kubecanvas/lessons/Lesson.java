package io.kubecanvas.lessons;

import io.kubecanvas.model.Design;

import java.util.List;

/**
 * A lesson ({@code kind: Lesson}): a starting design and ordered steps; docs/lessons.md describes the file.
 *
 * @param order where it stands in the list of lessons (1 first)
 * @param file  the file it was read from (a path, or the resource name of a shipped lesson)
 */
public record Lesson(String id, String title, String summary, int order, Design design, List<Step> steps, String file)
        implements Teaching {

    public Lesson {
        steps = List.copyOf(steps);
    }

    /**
     * One step: a short Markdown text, what the app shows when the step opens, hints, what moves it on
     * ({@code until}, null for a step the learner reads and leaves with Next) and an optional button.
     */
    public record Step(String title, String text, Show show, List<String> hints, Condition until, Action action) {
        public Step {
            hints = List.copyOf(hints);
        }

        /** The question this step asks, or null. */
        public Question question() {
            return until == null ? null : until.question();
        }
    }

    /**
     * What the app shows when a step opens. Each part is null when the step leaves it as it is.
     *
     * @param select an element id as the designer writes it ({@code Service/default/web-service}, {@code Node/worker-1})
     * @param tab    "design" or "network"
     * @param layer  "physical", "logical" or "both" (the network view's layer)
     */
    public record Show(String select, String tab, String layer) {
        public static final Show NOTHING = new Show(null, null, null);
    }

    /** A button the step offers, doing one edit to the design: switching the cluster's CNI ({@code cni}). */
    public record Action(String label, String cni) {
    }
}
