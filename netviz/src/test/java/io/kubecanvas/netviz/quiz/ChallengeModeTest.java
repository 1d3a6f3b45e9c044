package io.kubecanvas.netviz.quiz;

import io.kubecanvas.emulator.control.ControlPlane;
import io.kubecanvas.emulator.sim.SimBackend;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.netviz.EmulatorRunSession;
import io.kubecanvas.netviz.NetworkWorkbench;
import io.kubecanvas.netviz.TrafficRequest;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Challenge mode in the workbench, by clicks: the step is held until the question about the next hop is answered;
 * a right and a wrong answer are scored; the hop details then explain the hop in words.
 */
@ExtendWith(ApplicationExtension.class)
class ChallengeModeTest {
    static {
        System.setProperty("headless.geometry", "1600x1000-32");
    }

    private NetworkWorkbench workbench;

    @Start
    void start(Stage stage) {
        Path seed = Path.of(System.getProperty("kubecanvas.shared", "../../shared"), "examples/seed/complete.yaml");
        ControlPlane cp = ControlPlane.start(DesignIO.load(seed).design(), 1);
        workbench = new NetworkWorkbench(new EmulatorRunSession(cp, Map.of("sim", SimBackend::new)));
        stage.setScene(new Scene(workbench, 1500, 950));
        stage.show();
    }

    private Button choice(FxRobot robot, String text) {
        return robot.lookup(".challenge-choice").queryAllAs(Button.class).stream().filter(b -> b.getText().equals(text))
                .findFirst().orElseThrow(() -> new AssertionError("no choice " + text));
    }

    private Button wrongChoice(FxRobot robot, String answer) {
        return robot.lookup(".challenge-choice").queryAllAs(Button.class).stream().filter(b -> !b.getText().equals(answer))
                .findFirst().orElseThrow(() -> new AssertionError("no wrong choice offered"));
    }

    /** Runs the cluster, pauses, and sends one request from a web Pod to web-service. */
    private void runAndSendOnePaused(FxRobot robot) throws Exception {
        robot.interact(workbench::start);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> workbench.session().running());
        String web = workbench.session().state().pods().stream().filter(p -> "web-app".equals(p.labels().get("app")))
                .findFirst().orElseThrow().key();
        robot.interact(() -> workbench.pause(true));
        robot.interact(() -> workbench.send(new TrafficRequest(web, "default/web-service", "http", 0)));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> workbench.timeline().size() > 10);
    }

    @Test
    void aRightAndAWrongAnswerAreScoredAndTheHopIsShownAfterEach(FxRobot robot) throws Exception {
        runAndSendOnePaused(robot);

        robot.clickOn("Challenge");
        robot.clickOn("#challenge-toggle");
        ChallengeModePane pane = workbench.challengeMode();
        assertTrue(pane.isOn());
        int before = workbench.timeline().cursor();
        robot.clickOn("#step-forward");
        HopQuiz.Question q = pane.openQuestion();
        assertNotNull(q, "the step asks first");
        assertEquals(before, workbench.timeline().cursor(), "the next hop is hidden until answered");
        assertEquals(before + 1, q.hop());
        assertEquals(HopQuiz.place(workbench.timeline().get(q.hop())), q.answer(), "where next: the hop itself");
        assertTrue(q.choices().size() >= 2 && q.choices().contains(q.answer()), q.choices().toString());

        robot.clickOn(choice(robot, q.answer()));
        assertEquals(before + 1, workbench.timeline().cursor(), "answered: the hop is shown");
        assertEquals("Score 1/1", robot.lookup("#challenge-score").queryAs(Label.class).getText());
        assertTrue(robot.lookup("#challenge-feedback").queryAs(Label.class).getText().startsWith("Right"));

        robot.clickOn("#step-forward");
        HopQuiz.Question second = pane.openQuestion();
        assertNotNull(second);
        assertNotEquals(q.hop(), second.hop());
        robot.clickOn(wrongChoice(robot, second.answer()));
        assertEquals("Score 1/2", robot.lookup("#challenge-score").queryAs(Label.class).getText());
        assertTrue(robot.lookup("#challenge-feedback").queryAs(Label.class).getText()
                .contains("the answer was " + second.answer()));
        assertNull(pane.openQuestion());
        assertEquals(second.hop(), workbench.timeline().cursor(), "a wrong answer shows the hop too");
    }

    @Test
    void theDnatHopAsksForTheDestinationAndTakesATypedAnswer(FxRobot robot) throws Exception {
        runAndSendOnePaused(robot);
        int dnat = -1;
        String clusterIp = workbench.session().state().service("default", "web-service").clusterIp();
        for (int i = 0; i < workbench.timeline().size(); i++) {
            var e = workbench.timeline().get(i);
            if (e.natBefore() != null && e.natBefore().startsWith(clusterIp + ":")) {
                dnat = i;
                break;
            }
        }
        assertTrue(dnat > 0, "a DNAT hop to the ClusterIP");
        int target = dnat;
        robot.interact(() -> workbench.timeline().select(target - 1));
        robot.clickOn("Challenge");
        robot.clickOn("#challenge-toggle");
        robot.clickOn("#step-forward");
        HopQuiz.Question q = workbench.challengeMode().openQuestion();
        assertEquals(HopQuiz.Kind.DESTINATION_AFTER, q.kind());
        assertEquals(workbench.timeline().get(dnat).natAfter(), q.answer());
        robot.clickOn("#challenge-typed").write(q.answer()).clickOn("#challenge-check");
        assertEquals("Score 1/1", robot.lookup("#challenge-score").queryAs(Label.class).getText());
        assertEquals(dnat, workbench.timeline().cursor());
        Node why = robot.lookup("#hop-explanation").query();
        String text = ((Label) why).getText();
        assertTrue(text.startsWith("kube-proxy on ") && text.contains("rewrote the destination " + clusterIp + ":80")
                && text.contains("web-service has 2 ready endpoints"), "the details explain the hop: " + text);
    }
}
