/**
 * Lessons, challenges and behaviour grading. A {@link io.kubecanvas.lessons.Lesson} is a starting design and steps
 * whose {@link io.kubecanvas.lessons.Condition}s read what the learner did ({@link io.kubecanvas.lessons.LearnerView});
 * {@link io.kubecanvas.lessons.LessonRun} takes one step by step and {@link io.kubecanvas.lessons.Progress} keeps
 * where each user is. A {@link io.kubecanvas.lessons.Challenge} is a task with assertions that the
 * {@link io.kubecanvas.lessons.Grader} checks by running a design on the sim backend ({@link io.kubecanvas.lessons.SimRun}).
 * Both file formats are read by {@link io.kubecanvas.lessons.TeachingFiles} (docs/lessons.md); the shipped ones are in
 * the {@link io.kubecanvas.lessons.Catalog}. No JavaFX here: the app's lesson panel is a view of these classes.
 */
package io.kubecanvas.lessons;
