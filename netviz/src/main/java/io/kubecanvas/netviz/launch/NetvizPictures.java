package io.kubecanvas.netviz.launch;

import io.kubecanvas.emulator.control.ControlPlane;
import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.netviz.EmulatorRunSession;
import io.kubecanvas.netviz.NetworkWorkbench;
import io.kubecanvas.netviz.TrafficRequest;
import io.kubecanvas.netviz.export.FlowFilm;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Regenerates the network view's pictures in docs/ from a real window (needs a display): the workbench with
 * a packet on the VXLAN tunnel, a DNAT hop's details, the logical and physical views side by side at that
 * hop, and the reachability tab. Run by a person or the docs command, never by the tests:
 * {@code java -cp "$(cat app/target/kubecanvas.classpath)" io.kubecanvas.netviz.launch.NetvizPictures docs [design.yaml]}.
 */
public final class NetvizPictures {
    private static Path out;
    private static Path design;

    private NetvizPictures() {
    }

    public static void main(String[] args) {
        out = Path.of(args.length > 0 ? args[0] : "docs");
        design = args.length > 1 ? Path.of(args[1])
                : Path.of(System.getProperty("kubecanvas.shared", "../shared"), "examples/seed/complete.yaml");
        Application.launch(Window.class);
    }

    /** The window. */
    public static final class Window extends Application {
        @Override
        public void start(Stage stage) throws Exception {
            var loaded = DesignIO.load(design);
            if (!loaded.ok()) {
                throw new IllegalArgumentException(loaded.errors().get(0).getMessage());
            }
            EmulatorRunSession session = new EmulatorRunSession(ControlPlane.start(loaded.design(), 1), NetvizLauncher.backends());
            NetworkWorkbench wb = new NetworkWorkbench(session);
            stage.setScene(new Scene(wb, 1500, 940));
            stage.setTitle("KubeCanvas network view — pictures");
            stage.show();
            Thread t = new Thread(() -> {
                try {
                    take(wb);
                    System.out.println("wrote the network pictures to " + out.toAbsolutePath());
                } catch (Exception e) {
                    e.printStackTrace();
                }
                Platform.exit();
            }, "pictures");
            t.setDaemon(true);
            t.start();
        }
    }

    private static void take(NetworkWorkbench wb) throws Exception {
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
                tunnel.complete(wb.getScene().getRoot().snapshot(null, null));
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
        shot(wb, "screenshot-packet-details.png");
        fx(() -> {
            wb.setSideBySide(true);
            return null;
        });
        Thread.sleep(600);
        shot(wb, "screenshot-network-side-by-side.png");
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
        shot(wb, "screenshot-reachability.png");
    }

    private static void shot(NetworkWorkbench wb, String name) throws Exception {
        WritableImage img = fx(() -> wb.getScene().getRoot().snapshot(null, null));
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
