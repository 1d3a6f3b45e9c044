package io.kubecanvas.netviz;

import io.kubecanvas.emulator.control.ControlPlane;
import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.sim.SimBackend;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.ObjectKey;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed complete.yaml on the real control plane and the sim backend: a request from one nginx Pod to
 * web-service, hop by hop, in the workbench.
 */
@ExtendWith(ApplicationExtension.class)
class SimWorkbenchTest {
    static {
        System.setProperty("headless.geometry", "1600x1000-32");
    }

    private NetworkWorkbench workbench;
    private final AtomicReference<ObjectKey> revealed = new AtomicReference<>();

    @Start
    void start(Stage stage) {
        var loaded = DesignIO.load(ControlPlaneSessionTest.seed("complete.yaml"));
        ControlPlane cp = ControlPlane.start(loaded.design(), 1);
        workbench = new NetworkWorkbench(new EmulatorRunSession(cp, Map.of("sim", SimBackend::new)));
        workbench.setOnRevealObject(revealed::set);
        stage.setScene(new Scene(workbench, 1500, 950));
        stage.show();
    }

    /** Sends client -> web-service until the Service picks {@code server}; returns the index of that flow's first hop. */
    private int requestUntilAnswered(FxRobot robot, ClusterState.PodState client, ClusterState.PodState server) throws Exception {
        for (int attempt = 0; attempt < 12; attempt++) {
            int before = workbench.timeline().size();
            robot.interact(() -> workbench.send(new TrafficRequest(client.key(), "default/web-service", "http", 0)));
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> workbench.timeline().size() > before);
            List<PacketEvent> hops = workbench.timeline().events().subList(before, workbench.timeline().size());
            boolean reached = hops.stream().anyMatch(e -> e.verdict() == PacketEvent.Verdict.DELIVERED
                    && e.iface() != null && e.iface().endsWith("@" + server.key()));
            if (reached) {
                return before;
            }
        }
        throw new AssertionError("web-service never chose " + server.key());
    }

    private ClusterState.PodState[] clientAndRemoteServer() throws Exception {
        ClusterState s = workbench.session().state();
        List<ClusterState.PodState> web = s.pods().stream().filter(p -> "web-app".equals(p.labels().get("app"))).toList();
        assertEquals(2, web.size());
        assertNotEquals(web.get(0).node(), web.get(1).node(), "the seed's 2 replicas run on 2 workers");
        return new ClusterState.PodState[]{web.get(0), web.get(1)};
    }

    @Test
    void aPodToServiceRequestListsItsHopsInOrderStepsAndShowsTheDnat(FxRobot robot) throws Exception {
        robot.interact(() -> workbench.pause(true));
        robot.interact(workbench::start);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> workbench.session().running());
        ClusterState.PodState[] pods = clientAndRemoteServer();
        ClusterState.PodState client = pods[0];
        ClusterState.PodState server = pods[1];
        String vip = workbench.session().state().service("default", "web-service").clusterIp();
        int first = requestUntilAnswered(robot, client, server);

        // The hops of the HTTP request, in order: leave the Pod, DNAT on the client's node, VXLAN out,
        // across the underlay, decapsulated, bridged, delivered to the chosen Pod.
        List<PacketEvent> all = workbench.timeline().events();
        List<String> expected = List.of(
                client.node() + " eth0@" + client.key() + " OUT",
                client.node() + " DNAT " + vip + ":80",
                client.node() + " flannel.1 OUT",
                client.node() + " eth0 OUT",
                server.node() + " eth0 IN",
                server.node() + " flannel.1 IN",
                server.node() + " cni0 OUT",
                server.node() + " eth0@" + server.key() + " DELIVERED");
        List<Integer> found = new ArrayList<>();
        int at = first;
        for (String step : expected) {
            while (at < all.size() && !matches(all.get(at), step)) {
                at++;
            }
            assertTrue(at < all.size(), "hop '" + step + "' after " + found + " in " + describe(all.subList(first, all.size())));
            found.add(at);
            at++;
        }
        int dnat = found.get(1);
        // Load balancing made visible: the requests counted per endpoint behind web-service.
        var perEndpoint = workbench.figures().requestsPerEndpoint().get("default/web-service");
        assertNotNull(perEndpoint, workbench.figures().requestsPerEndpoint().toString());
        assertTrue(perEndpoint.getOrDefault(server.name() + " " + server.ip(), 0) >= 1, perEndpoint.toString());
        assertEquals(all.size(), workbench.eventList().rows().size(), "the event list shows every hop (no filter)");

        // Stepping forward and back moves the highlighted packet.
        robot.interact(() -> workbench.timeline().select(found.get(2)));
        Point2D atVtep = workbench.networkView().highlightedPacketPosition();
        robot.interact(() -> {
            workbench.stepForward();
            workbench.stepForward();
        });
        Point2D further = workbench.networkView().highlightedPacketPosition();
        robot.interact(() -> {
            workbench.stepBack();
            workbench.stepBack();
        });
        assertNotNull(atVtep);
        assertNotEquals(atVtep, further, "two steps from flannel.1 the packet is elsewhere");
        assertEquals(atVtep, workbench.networkView().highlightedPacketPosition(), "stepping back returns it");

        // The DNAT hop's details: ClusterIP to the chosen Pod, the conntrack entry, the Service to reveal.
        robot.interact(() -> workbench.timeline().select(dnat));
        HopDetails d = workbench.detailsPane().shown();
        assertEquals("DNAT " + vip + ":80 -> " + server.ip() + ":80", d.nat());
        assertTrue(d.inner().stream().anyMatch(r -> r.layer().equals("ip") && r.field().equals("dst") && r.changed()
                && vip.equals(r.before()) && server.ip().equals(r.after())), d.inner().toString());
        assertTrue(d.conntrack().contains("dst=" + vip + " sport") && d.conntrack().contains("src=" + server.ip()), d.conntrack());
        robot.interact(() -> ((javafx.scene.control.Hyperlink) robot.lookup("#reveal-object").query()).fire());
        assertEquals(new ObjectKey("Service", "default", "web-service"), revealed.get());

        Path docs = docs();
        if (docs != null) {
            WaitForAsyncUtils.waitForFxEvents();
            save(robot, docs.resolve("screenshot-packet-details.png"));
        }
    }

    @Test
    void packetsAnimateAcrossTheTunnelAndTheScreenshotShowsIt(FxRobot robot) throws Exception {
        robot.interact(workbench::start);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> workbench.session().running());
        ClusterState.PodState[] pods = clientAndRemoteServer();
        robot.interact(() -> workbench.setSpeed(4));
        for (int i = 0; i < 3; i++) {
            robot.interact(() -> workbench.send(new TrafficRequest(pods[0].key(), "default/web-service", "http", 0)));
        }
        // The HTTP request (after its DNS lookup) wrapped in VXLAN on its way to the other node, caught on the
        // FX thread in the very frame it is seen, so the picture holds it.
        AtomicReference<WritableImage> shot = new AtomicReference<>();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> {
            boolean onTunnel = workbench.networkView().eventsOnTunnel().stream()
                    .anyMatch(e -> e.headers().stream().anyMatch(h -> h.layer().equals("http")));
            if (onTunnel) {
                shot.set(workbench.getScene().getRoot().snapshot(null, null));
            }
            return onTunnel;
        }).get());
        assertNotNull(shot.get());
        Path docs = docs();
        if (docs != null) {
            ImageIO.write(SwingFXUtils.fromFXImage(shot.get(), null), "png", docs.resolve("screenshot-network.png").toFile());
        }
    }

    private static boolean matches(PacketEvent e, String step) {
        String[] p = step.split(" ");
        if (!p[0].equals(e.node())) {
            return false;
        }
        if (p[1].equals("DNAT")) {
            return p[2].equals(e.natBefore());
        }
        return p[1].equals(e.iface()) && (p[2].equals("DELIVERED") ? e.verdict() == PacketEvent.Verdict.DELIVERED
                : e.direction() != null && p[2].equals(e.direction().name()));
    }

    private static String describe(List<PacketEvent> hops) {
        StringBuilder b = new StringBuilder();
        for (PacketEvent e : hops) {
            b.append("\n  ").append(e.node()).append(' ').append(e.iface()).append(' ').append(e.direction()).append(' ')
                    .append(e.verdict()).append(e.natBefore() == null ? "" : " NAT " + e.natBefore() + "->" + e.natAfter());
        }
        return b.toString();
    }

    /** Pictures of a test go to target/, never into the tracked docs/ (NetvizPictures makes those). */
    private static Path docs() throws java.io.IOException {
        return Files.createDirectories(Path.of("target", "screenshots"));
    }

    private void save(FxRobot robot, Path file) throws Exception {
        AtomicReference<WritableImage> ref = new AtomicReference<>();
        robot.interact(() -> ref.set(workbench.getScene().getRoot().snapshot(null, null)));
        ImageIO.write(SwingFXUtils.fromFXImage(ref.get(), null), "png", file.toFile());
    }
}
