package io.kubecanvas.netviz;

import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.netviz.simulation.EventTimeline;
import io.kubecanvas.netviz.view.NetworkView;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Packets are really drawn: the pixels along the underlay between two nodes change while one crosses. */
@ExtendWith(ApplicationExtension.class)
class PacketDrawingTest {
    static {
        System.setProperty("headless.geometry", "1600x1000-32");
    }

    private NetworkView view;
    private final EventTimeline timeline = new EventTimeline();
    private volatile int launched = -1;

    @Start
    void start(Stage stage) {
        view = new NetworkView();
        view.setTimeline(timeline);
        view.setState(SeedFixture.state(1, SeedFixture.pods(), true));
        view.setOnHopLaunched(i -> launched = i);
        stage.setScene(new Scene(view, 1100, 640));
        stage.show();
    }

    @Test
    void aPacketCrossingTheUnderlayChangesThePixelsAlongTheEdge(FxRobot robot) throws Exception {
        var pods = SeedFixture.pods();
        List<PacketEvent> hops = SeedFixture.request(7, 0, pods.get(0), pods.get(2), true);
        int arriving = -1;
        for (int i = 0; i < hops.size(); i++) {
            if ("worker-2".equals(hops.get(i).node()) && "eth0".equals(hops.get(i).iface())) {
                arriving = i;
                break;
            }
        }
        // The wire the packet takes from worker-1's eth0 to worker-2's: down to the underlay, across, up.
        List<Point2D> wire = view.topology().route(view.topology().anchor("worker-1|eth0"), view.topology().anchor("worker-2|eth0"))
                .stream().map(view::toView).toList();
        WritableImage idle = snapshot(robot);
        int from = arriving - 2;   // from the encapsulation on: VXLAN out of flannel.1, eth0, across
        List<PacketEvent> tail = hops.subList(from, hops.size());
        robot.interact(() -> {
            view.setSpeed(0.15);
            timeline.append(hops);
            view.play(from, tail);
        });
        int target = arriving;
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> launched == target);
        Thread.sleep(300);
        // The first picture and the packet's kind are taken in the same FX turn.
        AtomicReference<WritableImage> firstRef = new AtomicReference<>();
        boolean vxlan = WaitForAsyncUtils.asyncFx(() -> {
            firstRef.set(view.snapshot(null, null));
            return view.encapsulatedPacketOnTunnel();
        }).get();
        WritableImage first = firstRef.get();
        Thread.sleep(400);
        WritableImage second = snapshot(robot);
        int moved = differingPixels(first, second, wire);
        int drawn = differingPixels(idle, first, wire);
        assertTrue(drawn > 30, "a packet is drawn on the edge eth0-eth0: " + drawn + " pixels differ from the idle picture");
        assertTrue(moved > 30, "the packet moved along the edge between two frames: " + moved + " pixels differ");
        assertTrue(vxlan, "the packet between the nodes is drawn as a VXLAN packet");
    }

    @Test
    void severalFlowsMoveAtOnce(FxRobot robot) throws Exception {
        var pods = SeedFixture.pods();
        robot.interact(() -> {
            view.setSpeed(0.6);
            for (int f = 0; f < 3; f++) {
                List<PacketEvent> hops = SeedFixture.request(10 + f, 0, pods.get(f == 1 ? 1 : 0), pods.get(f == 0 ? 1 : 2), f != 1);
                int first = timeline.append(hops);
                view.play(first, hops);
            }
        });
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> view.encapsulatedPacketOnTunnel()
                && view.eventsInFlight().size() >= 2).get());
        Thread.sleep(200);
        assertTrue(WaitForAsyncUtils.asyncFx(view::packetsInFlight).get() >= 2, "three flows move side by side");
    }

    @Test
    void aPodThatGoesAwayFadesOutAndItsReplacementGlows(FxRobot robot) throws Exception {
        var pods = new java.util.ArrayList<>(SeedFixture.pods());
        var gone = pods.remove(2);
        pods.add(SeedFixture.pod("web-deployment-7c9f-zzzzz", "worker-1", "10.244.1.9", gone.labels(), gone.owner()));
        var oldBox = view.topology().boxes().stream().filter(b -> b.id().equals("Pod/" + gone.key())).findFirst().orElseThrow();
        // The view's clock stands still, so the fade is caught halfway however slow the machine is.
        long frozen = System.nanoTime();
        robot.interact(() -> {
            view.setClock(() -> frozen);
            view.setState(SeedFixture.state(2, pods, true));
        });
        assertTrue(WaitForAsyncUtils.asyncFx(() -> view.fadingPods().contains(gone.key())
                && view.newPods().contains("default/web-deployment-7c9f-zzzzz")).get());
        assertTrue(view.topology().boxes().stream().noneMatch(b -> b.id().equals("Pod/" + gone.key())), "gone from the layout");
        // While it fades, its place is still painted (red), not the bare node background.
        Thread.sleep(100);
        WritableImage img = snapshot(robot);
        Point2D c = view.toView(new Point2D(oldBox.rect().getMinX() + 6, oldBox.rect().getMinY() + oldBox.rect().getHeight() / 2));
        javafx.scene.paint.Color px = img.getPixelReader().getColor((int) c.getX(), (int) c.getY());
        assertTrue(px.getRed() > px.getGreen() + 0.05, "reddish ghost where the Pod was: " + px);
    }

    private WritableImage snapshot(FxRobot robot) {
        AtomicReference<WritableImage> ref = new AtomicReference<>();
        robot.interact(() -> ref.set(view.snapshot(null, null)));
        return ref.get();
    }

    /** Pixels that differ in a band of 14 px around the polyline. */
    private static int differingPixels(WritableImage x, WritableImage y, List<Point2D> wire) {
        PixelReader px = x.getPixelReader();
        PixelReader py = y.getPixelReader();
        java.util.Set<Long> seen = new java.util.HashSet<>();
        int n = 0;
        for (int s = 1; s < wire.size(); s++) {
            Point2D a = wire.get(s - 1);
            Point2D b = wire.get(s);
            int steps = (int) Math.max(1, a.distance(b));
            for (int k = 0; k <= steps; k++) {
                double t = k / (double) steps;
                int xc = (int) (a.getX() + t * (b.getX() - a.getX()));
                int yc = (int) (a.getY() + t * (b.getY() - a.getY()));
                for (int dx = -14; dx <= 14; dx++) {
                    for (int dy = -14; dy <= 14; dy++) {
                        int xx = xc + dx;
                        int yy = yc + dy;
                        if (xx < 0 || yy < 0 || xx >= x.getWidth() || yy >= x.getHeight() || !seen.add(((long) xx << 32) | yy)) {
                            continue;
                        }
                        if (px.getArgb(xx, yy) != py.getArgb(xx, yy)) {
                            n++;
                        }
                    }
                }
            }
        }
        return n;
    }
}
