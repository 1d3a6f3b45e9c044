package io.kubecanvas.app.ui;

import io.kubecanvas.model.Design;
import io.kubecanvas.model.validate.Finding;
import javafx.geometry.Point2D;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.kubecanvas.app.ui.BuildCompleteExampleTest.dragFromPalette;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A badge on the canvas says what it means when the pointer rests on it. */
@ExtendWith(ApplicationExtension.class)
class CanvasBadgeTest {
    private final DesignerFixture fx = new DesignerFixture();
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = fx.start(stage);
    }

    @Test
    void restingOnABadgeShowsItsFindingsAndLeavingHidesThem(FxRobot robot) throws Exception {
        robot.interact(() -> {
            window.open(Design.empty(), null);
            window.canvas().setView(1, 0, 0);
        });
        String id = dragFromPalette(robot, window, "Deployment", 300, 330);
        List<Finding> mine = window.findings().stream().filter(f -> id.equals(String.valueOf(f.subject()))).toList();
        assertFalse(mine.isEmpty());
        assertTrue(window.canvas().badges().containsKey(id));

        Point2D badge = window.canvas().screenPointOfBadge(id);
        robot.moveTo(badge);
        WaitForAsyncUtils.waitFor(3, TimeUnit.SECONDS, () -> window.canvas().badgeTooltip().isShowing());
        String tip = window.canvas().badgeTooltip().getText();
        assertTrue(tip.startsWith(mine.size() + " warnings"), tip);
        for (Finding f : mine) {
            assertTrue(tip.contains(f.message()), "the tooltip names " + f.rule() + ": " + tip);
        }

        Point2D centre = window.canvas().screenPointOf(id);
        robot.moveTo(new Point2D(centre.getX() - 60, centre.getY() + 20));
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(window.canvas().badgeTooltip().isShowing(), "off the badge, the tooltip goes");
        assertEquals(id, window.canvas().badgeAt(window.canvas().picture().box(id).x() + window.canvas().picture().box(id).w(),
                window.canvas().picture().box(id).y()));
    }
}
