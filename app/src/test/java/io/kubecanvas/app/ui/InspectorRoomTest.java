package io.kubecanvas.app.ui;

import io.kubecanvas.app.ui.files.Samples;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The inspector at 1366x768: an Ingress's host above the split, labels in full, a focused field in view. */
@ExtendWith(ApplicationExtension.class)
class InspectorRoomTest {
    private final DesignerFixture fx = new DesignerFixture();
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = fx.start(stage);
        stage.setWidth(1366);
        stage.setHeight(768);
    }

    private Bounds viewport() {
        var sp = window.inspector();
        return sp.localToScreen(sp.getLayoutBounds());
    }

    private boolean inView(Node n) {
        Bounds b = n.localToScreen(n.getLayoutBounds());
        Bounds v = viewport();
        return b.getMinY() >= v.getMinY() - 0.5 && b.getMaxY() <= v.getMaxY() + 0.5;
    }

    @Test
    void anIngressHostFieldIsInViewWithoutScrolling(FxRobot robot) {
        robot.interact(() -> window.open(Samples.load("complete.yaml"), null));
        robot.clickOn(robot.point(window.canvas().screenPointOf("Ingress/default/web-ingress")));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0, window.inspector().getVvalue());
        assertTrue(inView(robot.lookup("#field-rule-0-host").query()), "the host field shows above the split");
    }

    @Test
    void everyFieldLabelShowsInFull(FxRobot robot) {
        robot.interact(() -> window.open(Samples.load("complete.yaml"), null));
        for (String id : List.of("Deployment/default/web-deployment", "Service/default/web-service", "Ingress/default/web-ingress")) {
            robot.interact(() -> window.session().select(List.of(id)));
            List<Node> labels = List.copyOf(robot.from(window.inspector()).lookup(".field-label").queryAll());
            assertFalse(labels.isEmpty());
            for (Node n : labels) {
                Label l = (Label) n;
                assertEquals(l.getText(), ((Text) l.lookup(".text")).getText(), id + ": the label is not cut");
            }
        }
    }

    @Test
    void aFieldBelowTheSplitScrollsIntoViewWhenItTakesTheFocus(FxRobot robot) {
        robot.interact(() -> window.open(Samples.load("multi-host-ingress.yaml"), null));
        String ingress = window.session().design().objects().stream().filter(o -> o.kind().equals("Ingress"))
                .findFirst().orElseThrow().key().toString();
        robot.interact(() -> window.session().select(List.of(ingress)));
        Node secret = robot.lookup("#field-tls-secret").query();
        assertFalse(inView(secret), "the TLS secret starts below the split");
        robot.interact(secret::requestFocus);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(inView(secret), "focused, it scrolled into view");
    }
}
