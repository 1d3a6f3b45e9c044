package io.kubecanvas.app.ui;

import io.kubecanvas.app.ui.files.Samples;
import io.kubecanvas.model.Design;
import javafx.geometry.Point2D;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.Set;

import static io.kubecanvas.app.ui.BuildCompleteExampleTest.canvasPoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Undo and redo say what they did, show it, and never do nothing. */
@ExtendWith(ApplicationExtension.class)
class VisibleUndoTest {
    private final DesignerFixture fx = new DesignerFixture();
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = fx.start(stage);
    }

    private void ctrl(FxRobot robot, KeyCode... keys) {
        robot.press(KeyCode.CONTROL).press(keys).release(keys).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void undoSaysWhatItUndidInTheStatusBarAndSelectsWhatChanged(FxRobot robot) {
        robot.interact(() -> window.open(Samples.load("complete.yaml"), null));
        Design start = window.session().design();
        Point2D from = window.canvas().screenPointOf("Service/default/web-service");
        robot.drag(from, MouseButton.PRIMARY).dropTo(new Point2D(from.getX() + 120, from.getY() + 30));
        WaitForAsyncUtils.waitForFxEvents();
        Design moved = window.session().design();
        robot.clickOn(canvasPoint(window, 15, 15)); // nothing selected, the canvas has the focus
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(window.session().selection().isEmpty());

        ctrl(robot, KeyCode.Z);
        assertSame(start, window.session().design());
        assertEquals("Undid: Move Service web-service", window.statusText());
        assertEquals(Set.of("Service/default/web-service"), Set.copyOf(window.session().selection()),
                "what the undo changed is selected, so it can be seen");

        ctrl(robot, KeyCode.SHIFT, KeyCode.Z);
        assertSame(moved, window.session().design());
        assertEquals("Redid: Move Service web-service", window.statusText());

        robot.interact(() -> window.session().select(List.of("Ingress/default/web-ingress")));
        robot.clickOn(robot.point(window.canvas().screenPointOf("Ingress/default/web-ingress")));
        robot.type(KeyCode.DELETE);
        WaitForAsyncUtils.waitForFxEvents();
        ctrl(robot, KeyCode.Z);
        assertSame(moved, window.session().design());
        assertTrue(window.statusText().startsWith("Undid: Delete Ingress/default/web-ingress \u00b7 Ctrl+Z undoes Move"),
                window.statusText());
        assertEquals(Set.of("Ingress/default/web-ingress"), Set.copyOf(window.session().selection()));

        ctrl(robot, KeyCode.Z);
        assertEquals("Undid: Move Service web-service", window.statusText(), "the last step names no next one");
        assertEquals(0, window.session().undoStack().size());
    }

    @Test
    void anEditThatChangesNothingPushesNoCommand(FxRobot robot) {
        robot.interact(() -> window.open(Samples.load("three-tier.yaml"), null));
        robot.interact(() -> window.edits().autoLayout());
        int after = window.session().undoStack().size();
        Design laidOut = window.session().design();
        robot.interact(() -> window.edits().autoLayout());
        assertEquals(after, window.session().undoStack().size(), "a second auto-layout changes nothing: no command");
        assertSame(laidOut, window.session().design());
        robot.interact(() -> window.session().edit("Scale", d -> {
            var deployment = d.objects("Deployment").get(0);
            return d.replace(deployment, deployment.with("spec.replicas", deployment.get("spec.replicas")));
        }));
        assertEquals(after, window.session().undoStack().size(), "setting a value to itself: no command");
    }

    @Test
    void ctrlZInTheYamlPaneUndoesTheDocumentTypedTextFirst(FxRobot robot) throws Exception {
        robot.interact(() -> window.open(Samples.load("complete.yaml"), null));
        Design start = window.session().design();
        DesignerFixture.typeOver(robot, window, "replicas: 2", "2", "5");
        // Undo at once, before the text is parsed: the typing becomes a command and that is undone.
        ctrl(robot, KeyCode.Z);
        assertSame(start, window.session().design());
        assertTrue(window.yamlPane().editor().getText().contains("replicas: 2"), "the text follows the undo");
        assertEquals("Undid: Edit YAML", window.statusText());
        assertTrue(window.yamlPane().editor().codeArea().isFocused());

        ctrl(robot, KeyCode.Y);
        assertTrue(window.yamlPane().editor().getText().contains("replicas: 5"));
        assertEquals(5L, ((Number) window.session().design().objects().get(0).get("spec.replicas")).longValue());
    }
}
