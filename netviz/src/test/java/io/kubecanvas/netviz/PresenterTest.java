package io.kubecanvas.netviz;

import io.kubecanvas.netviz.presenter.PresenterMode;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** F5: the view full screen in large type, the hop's explanation as a caption, keys for send, play, step, follow, leave. */
@ExtendWith(ApplicationExtension.class)
class PresenterTest {
    static {
        System.setProperty("headless.geometry", "1366x768-32");
    }

    private NetworkWorkbench workbench;

    @Start
    void start(Stage stage) {
        workbench = new NetworkWorkbench(new ScriptedSession());
        stage.setScene(new Scene(workbench, 1366, 768));
        stage.show();
    }

    @Test
    void f5PresentsSpaceAndArrowsDriveTheCaptionFollowsThePacketAndEscapeComesBack(FxRobot robot) throws Exception {
        robot.interact(() -> workbench.send(new TrafficRequest("default/client", "default/web-service", "http", 80)));
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> workbench.timeline().size() > 5);
        robot.interact(() -> workbench.pause(true));

        robot.interact(() -> workbench.networkView().requestFocus());
        robot.type(KeyCode.F5);
        PresenterMode p = workbench.presenter();
        assertNotNull(p, "F5 opens presenter mode");
        assertTrue(p.stage().isShowing());
        assertTrue(p.stage().isFullScreen(), "full screen");
        assertSame(p.stage().getScene(), workbench.networkView().getScene(), "the live view moved into it");
        assertEquals(NetworkWorkbench.PRESENTER_TEXT, workbench.networkView().minLabelPixels(), "large type");
        assertTrue(NetworkWorkbench.PRESENTER_TEXT > 12);
        var screen = javafx.stage.Screen.getPrimary().getBounds();
        assertEquals(screen.getWidth(), p.stage().getWidth(), 1, "the whole screen");

        int first = workbench.timeline().cursor();
        assertEquals(workbench.explain(first), p.captionText(), "the caption explains the hop at the cursor");
        assertFalse(p.captionText().isBlank());
        assertTrue(p.whereText().startsWith("hop " + (first + 1) + " of "), p.whereText());

        robot.type(KeyCode.RIGHT);
        robot.type(KeyCode.RIGHT);
        assertEquals(first + 2, workbench.timeline().cursor(), "→ steps");
        assertEquals(workbench.explain(first + 2), p.captionText());
        robot.type(KeyCode.LEFT);
        assertEquals(first + 1, workbench.timeline().cursor(), "← steps back");

        robot.type(KeyCode.C);
        assertTrue(workbench.networkView().follow(), "C follows the packet");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> {
            Point2D at = workbench.networkView().highlightedPacketPosition();
            Point2D centre = new Point2D(workbench.networkView().getWidth() / 2, workbench.networkView().getHeight() / 2);
            return at != null && at.distance(centre) < 30;
        }).get());
        assertTrue(workbench.networkView().scale() > workbench.networkView().fitScale() * 1.3, "and zooms in on it");

        robot.type(KeyCode.SPACE);
        assertFalse(workbench.paused(), "space plays");
        robot.type(KeyCode.SPACE);
        assertTrue(workbench.paused(), "space pauses");

        int hops = workbench.timeline().size();
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> workbench.timeline().size() > hops);

        robot.type(KeyCode.ESCAPE);
        assertNull(workbench.presenter(), "Esc leaves");
        assertFalse(p.stage().isShowing());
        assertSame(workbench.getScene(), workbench.networkView().getScene(), "the view is back in the workbench");
        assertEquals(12, workbench.networkView().minLabelPixels());
        assertNotEquals(0, workbench.networkView().getWidth());
    }
}
