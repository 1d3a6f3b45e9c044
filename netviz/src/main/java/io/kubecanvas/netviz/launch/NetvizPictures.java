package io.kubecanvas.netviz.launch;

import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.netviz.NetworkWorkbench;
import io.kubecanvas.netviz.TrafficRequest;
import io.kubecanvas.netviz.export.FlowFilm;
import javafx.scene.image.WritableImage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The network view's pictures in docs/, taken from a workbench in a real window: a packet with the HTTP
 * request on the VXLAN tunnel, a DNAT hop's details, the logical and physical views side by side at that hop,
 * and the reachability tab. {@code docs/pictures.sh} (the app's {@code --pictures}) calls {@link #take} on the
 * main window's workbench; the tests never do.
 */
public final class NetvizPictures {
    /** The files {@link #take} writes. */
    public static final List<String> FILES = List.of("screenshot-network.png", "screenshot-packet-details.png",
            "screenshot-network-side-by-side.png", "screenshot-reachability.png");

    private NetvizPictures() {
    }

    /** Runs the workbench's design and writes {@link #FILES} into {@code out}; call it off the FX thread. */
    public static void take(NetworkWorkbench wb, Path out) throws Exception {
        Files.createDirectories(out);
        fx(() -> {
            wb.start();
            return null;
        });
        waitFor(() -> wb.session().running());
        ClusterState s = wb.session().state();
        ClusterState.PodState client = s.pods().stream().filter(p -> p.labels().containsKey("app") && p.ip() != null)
                .findFirst().orElseThrow();
        String service = s.services().stream().filter(sv -> !sv.namespace().equals("kube-system")).findFirst()
                .map(sv -> sv.namespace() + "/" + sv.name()).orElseThrow();
        fx(() -> {
            wb.setSpeed(2);
            for (int i = 0; i < 3; i++) {
                wb.send(new TrafficRequest(client.key(), service, "http", 0));
            }
            return null;
        });
        // A packet with the HTTP request on the tunnel, caught in the frame it is seen.
        CompletableFuture<WritableImage> tunnel = new CompletableFuture<>();
        waitFor(() -> fx(() -> {
            boolean on = wb.networkView().eventsOnTunnel().stream()
                    .anyMatch(e -> e.headers().stream().anyMatch(h -> h.layer().equals("http")));
            if (on) {
                tunnel.complete(wb.snapshot(null, null));
            }
            return on;
        }));
        FlowFilm.writePng(tunnel.get(), out.resolve("screenshot-network.png"));
        waitFor(() -> fx(() -> !wb.networkView().animating()));
        fx(() -> {
            wb.pause(true);
            List<PacketEvent> all = wb.timeline().events();
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).natAfter() != null && all.get(i).natBefore() != null) {
                    wb.timeline().select(i);
                    break;
                }
            }
            wb.showPanel("Events");
            return null;
        });
        Thread.sleep(400);
        shot(wb, out, "screenshot-packet-details.png");
        fx(() -> {
            wb.setSideBySide(true);
            return null;
        });
        Thread.sleep(600);
        shot(wb, out, "screenshot-network-side-by-side.png");
        fx(() -> {
            wb.setSideBySide(false);
            wb.showPanel("Reachability");
            wb.probeAll();
            return null;
        });
        waitFor(() -> fx(() -> wb.reachabilityPane().table() != null && wb.reachabilityPane().table().cells().stream()
                .anyMatch(c -> c.observed() != null)));
        fx(() -> {
            wb.reachabilityPane().select(0, 0);
            return null;
        });
        Thread.sleep(400);
        shot(wb, out, "screenshot-reachability.png");
        // The workbench as a user finds it again (the next picture of the same window starts from here).
        fx(() -> {
            wb.showPanel("Traffic");
            wb.pause(false);
            return null;
        });
    }

    private static void shot(NetworkWorkbench wb, Path out, String name) throws Exception {
        WritableImage img = fx(() -> wb.snapshot(null, null));
        FlowFilm.writePng(img, out.resolve(name));
    }

    private static void waitFor(Callable<Boolean> c) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!c.call()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the window did not get there within 60 s");
            }
            Thread.sleep(30);
        }
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return FxThread.call(c, 60);
    }
}
