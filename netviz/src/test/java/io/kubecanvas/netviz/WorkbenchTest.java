package io.kubecanvas.netviz;

import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.model.ObjectKey;
import io.kubecanvas.netviz.simulation.EventTimeline;
import io.kubecanvas.netviz.simulation.HopDetails;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(ApplicationExtension.class)
class WorkbenchTest {
    static {
        // Monocle's headless screen is 1280x800 unless told; the window below is larger.
        System.setProperty("headless.geometry", "1600x1000-32");
    }

    private NetworkWorkbench workbench;
    private final AtomicReference<ObjectKey> revealed = new AtomicReference<>();

    @Start
    void start(Stage stage) {
        workbench = new NetworkWorkbench(new ScriptedSession());
        workbench.setOnRevealObject(revealed::set);
        stage.setScene(new Scene(workbench, 1500, 950));
        stage.show();
    }

    private void runAndSend(FxRobot robot, String source, String target) throws Exception {
        robot.interact(workbench::start);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> workbench.session().running()
                && workbench.networkView().topology() != null);
        int before = workbench.timeline().size();
        robot.interact(() -> workbench.send(new TrafficRequest(source, target, "http", 80)));
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> workbench.timeline().size() > before);
    }

    @Test
    void requestToServiceIsListedHopByHopAndSteppingMovesTheHighlightedPacket(FxRobot robot) throws Exception {
        robot.interact(() -> workbench.pause(true));
        runAndSend(robot, "default/client", "default/web-service");
        // The first request goes to the endpoint on the other node (round robin starts at the second endpoint? no: first).
        List<String> where = new ArrayList<>();
        for (PacketEvent e : workbench.timeline().events()) {
            where.add(EventTimeline.where(e));
        }
        int prerouting = where.indexOf("worker-1 PREROUTING");
        assertTrue(prerouting > where.indexOf("worker-1 cni0"), where.toString());
        assertTrue(where.indexOf("worker-1 veth-client") == 0, where.toString());
        assertEquals(where.size(), workbench.eventList().rows().size(), "the event list shows every hop");

        // Stepping moves the highlighted packet; stepping back returns it.
        robot.interact(() -> workbench.timeline().select(0));
        Point2D p0 = workbench.networkView().highlightedPacketPosition();
        robot.interact(workbench::stepForward);
        Point2D p1 = workbench.networkView().highlightedPacketPosition();
        robot.interact(workbench::stepBack);
        Point2D p2 = workbench.networkView().highlightedPacketPosition();
        assertNotNull(p0);
        assertNotEquals(p0, p1, "step forward moves the packet from the veth to the bridge");
        assertEquals(p0, p2, "step back returns it");

        // The DNAT hop's details show the ClusterIP translated to the chosen Pod.
        robot.interact(() -> workbench.timeline().select(prerouting));
        HopDetails d = workbench.detailsPane().shown();
        assertEquals("DNAT " + SeedFixture.VIP + ":80 -> 10.244.1.3:80", d.nat());
        assertTrue(d.inner().stream().anyMatch(r -> r.layer().equals("ip") && r.field().equals("dst") && r.changed()
                && SeedFixture.VIP.equals(r.before()) && "10.244.1.3".equals(r.after())), d.inner().toString());
        assertTrue(d.conntrack().contains("dst=" + SeedFixture.VIP) && d.conntrack().contains("src=10.244.1.3"), d.conntrack());
        robot.interact(() -> ((javafx.scene.control.Hyperlink) robot.lookup("#reveal-object").query()).fire());
        assertEquals(new ObjectKey("Service", "default", "web-service"), revealed.get());
    }

    @Test
    void encapsulatedHopShowsOuterAndInnerHeadersAndSavesTheDetailsScreenshot(FxRobot robot) throws Exception {
        robot.interact(() -> workbench.pause(true));
        runAndSend(robot, "default/client", "default/web-deployment-7c9f-fghij");
        int tunnel = -1;
        for (int i = 0; i < workbench.timeline().size(); i++) {
            PacketEvent e = workbench.timeline().get(i);
            if (e.encapsulated() && "eth0".equals(e.iface())) {
                tunnel = i;
                break;
            }
        }
        assertTrue(tunnel > 0);
        int at = tunnel;
        robot.interact(() -> workbench.timeline().select(at));
        HopDetails d = workbench.detailsPane().shown();
        assertTrue(d.outer().stream().anyMatch(r -> r.layer().equals("vxlan") && "1".equals(r.after())));
        assertTrue(d.inner().stream().anyMatch(r -> r.layer().equals("ip") && "10.244.2.2".equals(r.after())));
    }

    @Test
    void clickingAMovingPacketPausesAndShowsItsHop(FxRobot robot) throws Exception {
        robot.interact(() -> workbench.setSpeed(0.1));
        runAndSend(robot, "default/client", "default/web-deployment-7c9f-fghij");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> !workbench.networkView().packetPositions().isEmpty()).get());
        // Read where the packet is and click there in the same FX turn, so it cannot have moved on.
        int index = WaitForAsyncUtils.asyncFx(() -> {
            var positions = workbench.networkView().packetPositions();
            int hop = positions.keySet().iterator().next();
            Point2D at = positions.get(hop);
            Point2D screen = workbench.networkView().localToScreen(at);
            Point2D scene = workbench.networkView().localToScene(at);   // a MouseEvent's x, y are scene coordinates
            javafx.event.Event.fireEvent(workbench.networkView().getChildrenUnmodifiable().get(1), new javafx.scene.input.MouseEvent(
                    javafx.scene.input.MouseEvent.MOUSE_CLICKED, scene.getX(), scene.getY(), screen.getX(), screen.getY(),
                    javafx.scene.input.MouseButton.PRIMARY, 1, false, false, false, false, true, false, false, true, false,
                    false, null));
            return hop;
        }).get();
        assertTrue(workbench.paused(), "a click on a packet enters simulation mode");
        assertEquals(index, workbench.timeline().cursor(), "and selects its hop");
        assertNotNull(workbench.detailsPane().shown());
        assertTrue(workbench.detailsPane().shown().title().startsWith("#" + (index + 1) + " "));
    }

    @Test
    void killingAPodThroughTheFaultPanelRedrawsTheCluster(FxRobot robot) throws Exception {
        robot.interact(workbench::start);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> workbench.networkView().topology() != null
                && !workbench.networkView().topology().state().pods().isEmpty());
        robot.interact(() -> workbench.faultPanel().pod().setValue("default/web-deployment-7c9f-fghij"));
        robot.interact(() -> ((javafx.scene.control.Button) robot.lookup("#fault-kill-pod").query()).fire());
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                workbench.faultPanel().message().getText().contains("deleted Pod")
                        && workbench.networkView().topology().boxes().stream().anyMatch(b -> b.id().endsWith("zzzzz"))).get());
        var boxes = workbench.networkView().topology().boxes().stream().map(b -> b.id()).toList();
        assertTrue(boxes.contains("Pod/default/web-deployment-7c9f-zzzzz"), boxes.toString());
        assertTrue(!boxes.contains("Pod/default/web-deployment-7c9f-fghij"), boxes.toString());
        assertTrue(workbench.faultPanel().message().getText().contains("deleted Pod"), workbench.faultPanel().message().getText());
    }

    @Test
    void dockerChoiceWithoutAnEngineSaysSoAndKeepsSim(FxRobot robot) throws Exception {
        robot.interact(() -> ((javafx.scene.control.ComboBox<String>) robot.lookup("#backend").query()).setValue("docker"));
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> workbench.message().contains("Docker"));
        assertEquals("sim", workbench.session().backend());
        assertEquals("sim", ((javafx.scene.control.ComboBox<String>) robot.lookup("#backend").query()).getValue());
    }

    @Test
    void aSavedSessionReplaysIntoTheTimeline(FxRobot robot, @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        runAndSend(robot, "default/client", "default/web-service");
        int n = workbench.timeline().size();
        Path file = dir.resolve("s.jsonl");
        robot.interact(() -> {
            try {
                workbench.saveRecording(file);
                workbench.openRecording(file);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
        assertEquals(n, workbench.timeline().size());
        assertTrue(workbench.networkView().animating(), "the replay plays");
        assertTrue(workbench.message().startsWith("replaying s.jsonl"), workbench.message());
    }

    private WritableImage snapshot(FxRobot robot) {
        AtomicReference<WritableImage> ref = new AtomicReference<>();
        robot.interact(() -> ref.set(workbench.getScene().getRoot().snapshot(null, null)));
        return ref.get();
    }
}
