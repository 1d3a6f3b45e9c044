package io.kubecanvas.lessons;

import io.kubecanvas.model.yaml.YamlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stepping through a lesson: conditions move it on, Back and Next, hints one at a time, progress kept per user. */
class LessonRunTest {
    @TempDir
    Path temp;

    private static Lesson lesson() throws YamlException {
        return TeachingFiles.lesson("l.yaml", """
                apiVersion: kubecanvas.io/v1alpha1
                kind: Lesson
                metadata: {id: three, title: Three steps}
                spec:
                  steps:
                    - title: Read
                      text: Just read this.
                    - title: Select
                      hints: [first, second]
                      until: {selected: Node/worker-1}
                    - title: Network
                      until: {tab: network}
                """);
    }

    private static LearnerView view(Set<String> selection, String tab) {
        return new LearnerView(io.kubecanvas.model.Design.empty(), null, selection, tab, null, List.of());
    }

    @Test
    void conditionsMoveTheLessonOnAndProgressIsKeptForTheNextTime() throws Exception {
        Path file = temp.resolve("progress.json");
        LessonRun run = new LessonRun(lesson(), Progress.open(file));
        assertFalse(run.update(view(Set.of(), "design")), "a step without a condition waits for Next");
        run.next();
        assertEquals(1, run.index());
        assertTrue(run.done(0), "a step without a condition is done once read");
        assertFalse(run.update(view(Set.of("Node/worker-2"), "design")));
        assertTrue(run.update(view(Set.of("Node/worker-1"), "design")));
        assertEquals(2, run.index(), "moved on by itself");
        assertTrue(Files.readString(file).contains("\"three\""), "saved");

        LessonRun again = new LessonRun(lesson(), Progress.open(file));
        assertEquals(2, again.index(), "the next session resumes where the learner was");
        assertEquals(2, again.doneCount());
        assertTrue(again.update(view(Set.of(), "network")));
        assertTrue(again.finished());
    }

    @Test
    void goingBackToADoneStepDoesNotBounceForward() throws Exception {
        LessonRun run = new LessonRun(lesson(), Progress.open(temp.resolve("p.json")));
        run.next();
        assertTrue(run.update(view(Set.of("Node/worker-1"), "design")));
        run.back();
        assertEquals(1, run.index());
        assertFalse(run.update(view(Set.of("Node/worker-1"), "design")), "read it again in peace");
        assertEquals(1, run.index());
    }

    @Test
    void hintsAreShownOneAtATimeAndResetPerStep() throws Exception {
        LessonRun run = new LessonRun(lesson(), Progress.open(temp.resolve("p.json")));
        run.next();
        assertEquals(List.of(), run.hints());
        run.revealHint();
        assertEquals(List.of("first"), run.hints());
        run.revealHint();
        run.revealHint();
        assertEquals(List.of("first", "second"), run.hints());
        assertFalse(run.hasMoreHints());
        run.back();
        run.next();
        assertEquals(List.of(), run.hints());
    }

    @Test
    void anUnreadableProgressFileStartsFreshAndIsKeptAside() throws Exception {
        Path file = temp.resolve("progress.json");
        Files.writeString(file, "{ not json");
        Progress p = Progress.open(file);
        assertEquals(0, p.lesson("x").step);
        assertTrue(Files.exists(temp.resolve("progress.json.unreadable")));
    }
}
