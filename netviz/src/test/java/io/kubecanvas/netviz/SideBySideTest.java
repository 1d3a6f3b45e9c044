package io.kubecanvas.netviz;

import io.kubecanvas.netviz.view.LayerMode;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The logical and the physical view side by side show the same packet at the same step, playing or stepping. */
@ExtendWith(ApplicationExtension.class)
class SideBySideTest {
    static {
        System.setProperty("headless.geometry", "1600x1000-32");
    }

    private NetworkWorkbench workbench;

    @Start
    void start(Stage stage) {
        workbench = new NetworkWorkbench(new ScriptedSession());
        stage.setScene(new Scene(workbench, 1500, 900));
        stage.show();
    }

    @Test
    void bothViewsMoveTheSameHopWhilePlayingAndHighlightTheSameStepWhenPaused(FxRobot robot) throws Exception {
        robot.interact(() -> {
            workbench.setSideBySide(true);
            workbench.setSpeed(0.5);
            workbench.start();
        });
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> workbench.session().running()
                && workbench.logicalView().topology() != null && workbench.networkView().topology() != null);
        assertEquals(LayerMode.PHYSICAL, workbench.networkView().layerMode());
        assertEquals(LayerMode.LOGICAL, workbench.logicalView().layerMode());
        assertNotNull(workbench.logicalView().getScene(), "the logical view is on screen");
        assertTrue(workbench.logicalView().getWidth() > 300 && workbench.networkView().getWidth() > 300);

        robot.interact(() -> workbench.send(new TrafficRequest("default/client", "default/web-service", "http", 80)));
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> workbench.timeline().size() > 0);
        int samples = 0;
        long end = System.nanoTime() + 6_000_000_000L;
        while (System.nanoTime() < end && samples < 5) {
            List<List<Integer>> both = WaitForAsyncUtils.asyncFx(() -> List.of(workbench.networkView().hopsInFlight(),
                    workbench.logicalView().hopsInFlight())).get();
            if (!both.get(0).isEmpty()) {
                assertEquals(both.get(0), both.get(1), "the same hop moves in both views");
                samples++;
            }
            Thread.sleep(150);
        }
        assertTrue(samples >= 3, "the packet was seen moving in both views " + samples + " times");

        robot.interact(() -> workbench.pause(true));
        int dnat = -1;
        for (int i = 0; i < workbench.timeline().size(); i++) {
            if (workbench.timeline().get(i).natAfter() != null) {
                dnat = i;
                break;
            }
        }
        int at = dnat;
        robot.interact(() -> workbench.timeline().select(at));
        assertEquals(at, workbench.networkView().highlighted());
        assertEquals(at, workbench.logicalView().highlighted());
        var physical = workbench.networkView().highlightedPacketPosition();
        var logical = workbench.logicalView().highlightedPacketPosition();
        assertNotNull(physical);
        assertNotNull(logical);
        assertEquals(workbench.logicalView().toView(workbench.logicalView().topology().anchor("Service/default/web-service")),
                logical, "in the logical view the DNAT happens at the Service");
        assertEquals(workbench.networkView().toView(workbench.networkView().topology().anchor("worker-1|netfilter")),
                physical, "in the physical view at the node's iptables");
        robot.interact(workbench::stepForward);
        assertEquals(at + 1, workbench.logicalView().highlighted(), "a step moves both");
        assertNotEquals(physical, workbench.networkView().highlightedPacketPosition());
    }
}
