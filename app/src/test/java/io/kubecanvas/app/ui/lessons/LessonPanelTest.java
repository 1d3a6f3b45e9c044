package io.kubecanvas.app.ui.lessons;

import io.kubecanvas.app.ui.DesignerFixture;
import io.kubecanvas.app.ui.MainWindow;
import io.kubecanvas.app.ui.NetworkRun;
import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.lessons.Catalog;
import io.kubecanvas.lessons.Challenge;
import io.kubecanvas.lessons.Grader;
import io.kubecanvas.lessons.Progress;
import io.kubecanvas.lessons.TeachingFiles;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.KubeObject;
import javafx.geometry.Point2D;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Learn menu and side panel in the main window, driven by clicks and typing: a lesson walked from its first
 * step to its last (each step's condition firing), "Check my design" on a failing then a passing design with the
 * failing probe's trace, and a challenge authored with must-reach arrows dragged on the canvas and a recorded probe.
 */
@ExtendWith(ApplicationExtension.class)
class LessonPanelTest {
    private final DesignerFixture fx = new DesignerFixture();
    private MainWindow window;
    private NetworkRun run;
    private LearnPanel panel;

    @Start
    void start(Stage stage) {
        window = fx.start(stage);
        run = new NetworkRun(window, Runnable::run);
        panel = LearnMenu.install(window, run.workbench(), Progress.open(fx.temp.resolve("progress.json")), Runnable::run);
        stage.setOnHidden(e -> run.close());
    }

    /** Waits for the condition, then for the FX thread to finish what it was doing (the panel's refresh). */
    private static void waitFor(BooleanSupplier c) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, c::getAsBoolean);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private LessonView lesson() {
        return (LessonView) panel.content();
    }

    private String label(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    /** Types into an editable combo box, as a user picks From and To in the traffic panel. */
    private void choose(FxRobot robot, String comboId, String item) {
        ComboBox<?> combo = robot.lookup(comboId).queryAs(ComboBox.class);
        robot.doubleClickOn(combo.getEditor());
        robot.interact(() -> combo.getEditor().selectAll());
        robot.write(item).type(javafx.scene.input.KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(item, String.valueOf(combo.getValue()));
    }

    @Test
    void theServiceLessonIsWalkedToTheEndByClicksAndEachStepsConditionFires(FxRobot robot) throws Exception {
        robot.clickOn("Learn");
        robot.clickOn("Lesson 5: Pod to Service (kube-proxy's DNAT)");
        waitFor(() -> panel.content() instanceof LessonView);
        assertEquals("Pod to Service (kube-proxy's DNAT)", label(robot, "#lesson-title"));
        assertEquals(Catalog.shipped().lesson("pod-to-service").orElseThrow().design().objects(),
                window.session().design().objects(), "the lesson's starting design is open");
        assertTrue(label(robot, "#lesson-progress").startsWith("Step 1 of 6"));

        // 1. Select the Service on the canvas.
        robot.clickOn(robot.point(window.canvas().screenPointOf("Service/default/web-service")));
        waitFor(() -> lesson().run().index() == 1);
        assertTrue(lesson().run().done(0));

        // 2. Open the Network tab.
        robot.clickOn("Network");
        waitFor(() -> lesson().run().index() == 2);

        // 3. Run, and send client -> web-service (a hint first).
        robot.clickOn("#lesson-hint");
        assertTrue(robot.lookup(".lesson-hint").queryAll().size() == 1, "one hint shown");
        robot.clickOn("#run");
        waitFor(() -> run.workbench().session().running());
        choose(robot, "#traffic-source", "default/client");
        choose(robot, "#traffic-target", "default/web-service");
        robot.clickOn("#traffic-send");
        waitFor(() -> lesson().run().index() == 3);

        // 4. The question: first a wrong address, then the endpoint the DNAT hop shows.
        String clusterIp = run.controlPlane().state().service("default", "web-service").clusterIp();
        PacketEvent dnat = run.workbench().timeline().events().stream()
                .filter(e -> e.natBefore() != null && e.natBefore().startsWith(clusterIp + ":")).findFirst().orElseThrow();
        int dnatIndex = run.workbench().timeline().events().indexOf(dnat);
        robot.interact(() -> run.workbench().timeline().select(dnatIndex));
        assertTrue(label(robot, "#lesson-hop").startsWith("Hop #" + (dnatIndex + 1) + ": kube-proxy on "),
                "the lesson shows the selected hop in words: " + label(robot, "#lesson-hop"));
        robot.clickOn("#lesson-answer").write(clusterIp).clickOn("#lesson-check");
        assertTrue(label(robot, "#lesson-feedback").startsWith("Not quite"), label(robot, "#lesson-feedback"));
        assertEquals(3, lesson().run().index(), "a wrong answer does not move on");
        TextField answer = robot.lookup("#lesson-answer").queryAs(TextField.class);
        robot.interact(answer::clear);
        robot.clickOn(answer).write(dnat.natAfter()).clickOn("#lesson-check");
        waitFor(() -> lesson().run().index() == 4);
        assertTrue(label(robot, "#lesson-feedback").startsWith("Right"), "the praise stays on screen");

        // 5. Twenty requests (steady traffic), and load balancing over both endpoints.
        robot.clickOn("Steady");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> lesson().run().index() == 5);
        robot.clickOn("Steady");
        WaitForAsyncUtils.waitForFxEvents();

        // 6. Multiple choice: wrong, then right; the lesson is complete and remembered.
        robot.clickOn("All to the first one");
        assertTrue(label(robot, "#lesson-feedback").startsWith("Not quite"));
        robot.clickOn("1/2");
        waitFor(() -> lesson().run().finished());
        assertTrue(label(robot, "#lesson-progress").endsWith("lesson complete"), label(robot, "#lesson-progress"));
        assertTrue(Files.readString(fx.temp.resolve("progress.json")).contains("pod-to-service"));

        robot.clickOn("#lesson-back");
        assertEquals(4, lesson().run().index());
        assertTrue(label(robot, "#step-todo").startsWith("\u2714 Done"), label(robot, "#step-todo"));
    }

    @Test
    void checkMyDesignFailsWithTheTraceThenPassesOnceThePolicyIsWritten(FxRobot robot) throws Exception {
        robot.clickOn("Learn");
        robot.clickOn("Challenge: Only the API may talk to the database (isolate-db)");
        waitFor(() -> panel.content() instanceof ChallengeView);
        ChallengeView view = (ChallengeView) panel.content();

        robot.clickOn("#check-design");
        waitFor(() -> view.lastGrade() != null);
        assertEquals("2/4", view.lastGrade().score());
        assertTrue(label(robot, "#check-score").startsWith("Not yet: 2/4"), label(robot, "#check-score"));
        List<Label> failed = robot.lookup(".assertion-failed").queryAllAs(Label.class).stream().toList();
        assertEquals(List.of("\u2718 web cannot reach db on TCP 5432", "\u2718 A Pod of another namespace cannot reach db on TCP 5432"),
                failed.stream().map(Label::getText).toList());
        TitledPane trace = robot.lookup(".assertion-trace").queryAllAs(TitledPane.class).iterator().next();
        robot.clickOn(trace);
        assertTrue(trace.isExpanded());
        String text = ((javafx.scene.control.TextArea) trace.getContent()).getText();
        assertTrue(text.startsWith("probe shop/web-"), text);
        assertTrue(text.contains("accepted it: a container there listens on TCP 5432"), "the trace explains each hop: " + text);

        Design solution = DesignIO.load(Path.of(System.getProperty("kubecanvas.root", ".."),
                "lessons/src/test/resources/solutions/isolate-db/correct/match-expressions.yaml")).design();
        KubeObject policy = solution.objects("NetworkPolicy").get(0);
        robot.interact(() -> window.session().edit("Add the policy", d -> d.add(policy)));
        robot.clickOn("#check-design");
        waitFor(() -> view.lastGrade().passed());
        assertTrue(label(robot, "#check-score").startsWith("\u2714 Passed 4/4"), label(robot, "#check-score"));
        assertTrue(robot.lookup(".assertion-failed").queryAll().isEmpty());
        assertTrue(Files.readString(fx.temp.resolve("progress.json")).contains("\"best\" : \"4/4\""));
    }

    @Test
    void aChallengeIsAuthoredWithArrowsOnTheCanvasAndARecordedProbe(FxRobot robot) throws Exception {
        Design start = Catalog.shipped().challenge("isolate-db").orElseThrow().design();
        Design solution = DesignIO.load(Path.of(System.getProperty("kubecanvas.root", ".."),
                "lessons/src/test/resources/solutions/isolate-db/correct/match-labels.yaml")).design();
        robot.interact(() -> window.open(start, null));
        robot.clickOn("Learn");
        robot.clickOn("Author a challenge from this design\u2026");
        waitFor(() -> panel.content() instanceof AuthoringView);
        AuthoringView author = (AuthoringView) panel.content();
        // The instructor builds the solution on the starting design, then records its behaviour.
        robot.interact(() -> window.session().edit("solution", d -> d.add(solution.objects("NetworkPolicy").get(0))));
        robot.interact(() -> window.canvas().fit());
        WaitForAsyncUtils.waitForFxEvents();

        var layoutBefore = window.session().design().cluster().layout();
        robot.clickOn("#author-must-reach");
        Point2D api = window.canvas().screenPointOf("Deployment/shop/api");
        Point2D db = window.canvas().screenPointOf("Deployment/shop/db");
        robot.drag(api, MouseButton.PRIMARY).dropTo(db);
        waitFor(() -> author.assertions().size() == 1);
        assertEquals("The Pods app=api in shop reach the Pods app=db in shop on TCP 5432", author.assertions().get(0).text());
        robot.clickOn("#author-must-not-reach");
        robot.drag(window.canvas().screenPointOf("Deployment/shop/web"), MouseButton.PRIMARY).dropTo(db);
        waitFor(() -> author.assertions().size() == 2);
        assertTrue(author.assertions().get(1).text().contains("cannot reach the Pods app=db"));
        assertEquals(layoutBefore, window.session().design().cluster().layout(), "drawing arrows moved nothing");

        String web = run.controlPlane().state().pods().stream().filter(p -> "web".equals(p.labels().get("app")))
                .findFirst().orElseThrow().key();
        robot.interact(() -> author.setProbe(web, run.controlPlane().state().pods().stream()
                .filter(p -> "api".equals(p.labels().get("app"))).findFirst().orElseThrow().key(), 8080));
        robot.clickOn("#author-probe");
        assertTrue(label(robot, "#author-probe-result").startsWith("delivered"), label(robot, "#author-probe-result"));
        robot.clickOn("#author-record");
        assertEquals(3, author.assertions().size());

        TextField id = robot.lookup("#author-id").queryAs(TextField.class);
        robot.interact(id::clear);
        robot.clickOn(id).write("db-behind-api");
        Path file = fx.temp.resolve("db-behind-api.yaml");
        panel.setSaveChooser(name -> {
            assertEquals("db-behind-api.yaml", name);
            return file;
        });
        robot.clickOn("#author-save");
        assertTrue(label(robot, "#author-status").startsWith("Saved " + file), label(robot, "#author-status"));

        Challenge saved = TeachingFiles.challenge(file.toString(), Files.readString(file));
        assertEquals(3, saved.assertions().size());
        assertEquals(0, saved.design().objects("NetworkPolicy").size(), "students start from the design open when authoring began");
        Grader.Grade startGrade = Grader.grade(saved, saved.design(), "start");
        assertFalse(startGrade.passed());
        assertTrue(Grader.grade(saved, DesignIO.load(Path.of(System.getProperty("kubecanvas.root", ".."),
                "lessons/src/test/resources/solutions/isolate-db/correct/default-deny-and-namespace-selector.yaml")).design(),
                "x").passed(), "another correct solution passes the authored challenge");
        Button close = robot.lookup("#learn-close").queryAs(Button.class);
        robot.clickOn(close);
        assertNotNull(window);
        assertTrue(window.getRight() == null, "closing the panel gives the room back");
    }
}
