package io.kubecanvas.app.ui;

import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.KubeObject;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.kubecanvas.app.ui.BuildCompleteExampleTest.canvasPoint;
import static io.kubecanvas.app.ui.BuildCompleteExampleTest.dragFromPalette;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Saving a new design where the user typed: the file is there, under the name they will look for, and the
 * status bar says where. (It once "produced no file": a name typed without .yaml was saved as is.)
 */
@ExtendWith(ApplicationExtension.class)
class SaveToATypedPathTest {
    private final DesignerFixture fx = new DesignerFixture();
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = fx.start(stage);
    }

    private void ctrl(FxRobot robot, KeyCode key) {
        robot.press(KeyCode.CONTROL).type(key).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void aNewDesignSavedToATypedNameWithoutExtensionIsThereAsYaml(FxRobot robot) throws Exception {
        robot.clickOn(canvasPoint(window, 15, 15));
        ctrl(robot, KeyCode.N);
        robot.interact(() -> window.canvas().setView(1, 0, 0));
        dragFromPalette(robot, window, "Service", 400, 420);
        Design made = window.session().design();
        assertTrue(window.session().isDirty());

        // The user types a folder that does not exist yet and a name without .yaml.
        Path typed = fx.temp.resolve("new folder").resolve("my design");
        fx.dialogs.answers.add(typed);
        robot.clickOn(canvasPoint(window, 15, 15));
        ctrl(robot, KeyCode.S);

        Path saved = fx.temp.resolve("new folder").resolve("my design.yaml");
        assertTrue(Files.isRegularFile(saved), "saved as " + saved);
        assertFalse(Files.exists(typed), "not under the bare name");
        assertEquals("Saved " + saved.toAbsolutePath().normalize(), window.statusText());
        assertFalse(window.session().isDirty());
        assertEquals(saved, window.session().file());
        assertTrue(window.title().contains("my design.yaml"), window.title());
        Design reopened = DesignIO.load(saved).design();
        for (KubeObject o : made.objects()) {
            assertTrue(o.sameContent(reopened.find(o.key())), "same " + o.key());
        }
        assertEquals(made.cluster(), reopened.cluster());

        // Ctrl+S again writes the same file without asking, and says so again.
        robot.interact(() -> window.session().edit("Rename", d -> d.replace(d.objects().get(0),
                d.objects().get(0).with("metadata.labels", java.util.Map.of("tier", "web")))));
        ctrl(robot, KeyCode.S);
        assertEquals("Saved " + saved.toAbsolutePath().normalize(), window.statusText());
        assertTrue(Files.readString(saved).contains("tier: web"));
        assertTrue(fx.dialogs.answers.isEmpty());
    }

    @Test
    void anExistingFileIsNotReplacedWithoutAsking(FxRobot robot) throws Exception {
        Path existing = fx.temp.resolve("shop.yaml");
        Files.writeString(existing, "# mine\n");
        robot.interact(() -> window.open(Design.empty(), null));
        robot.interact(() -> window.canvas().setView(1, 0, 0));
        dragFromPalette(robot, window, "Pod", 400, 420);
        fx.dialogs.answers.add(fx.temp.resolve("shop"));
        fx.dialogs.answers.add(Boolean.FALSE); // "Replace shop.yaml?" No.
        robot.interact(() -> assertFalse(window.files().saveAs()));
        assertEquals("# mine\n", Files.readString(existing));
        assertTrue(window.session().isDirty());
    }
}
