package io.kubecanvas.app.ui.pictures;

import io.kubecanvas.app.ui.MainWindow;
import io.kubecanvas.app.ui.NetworkRun;
import io.kubecanvas.app.ui.lessons.ChallengeView;
import io.kubecanvas.app.ui.lessons.LearnPanel;
import io.kubecanvas.lessons.Catalog;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.netviz.NetworkWorkbench;
import io.kubecanvas.netviz.TrafficRequest;
import io.kubecanvas.netviz.launch.NetvizPictures;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Rectangle2D;
import javafx.scene.image.WritableImage;
import javafx.scene.robot.Robot;
import javafx.stage.Screen;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The pictures in docs/, taken from the app's real window ({@code kubecanvas --pictures DIR}, run by
 * {@code docs/pictures.sh} on an Xvfb screen of each size): the window fills the screen, each picture is
 * set up as a user would leave it (a sample open, an element selected, a packet in flight) and the
 * screen is captured with the JavaFX robot, tooltips and all. Only the pictures of the screen's size are
 * taken, so one run per size makes them all.
 *
 * <p>To add a picture, add a {@link Shot} to {@link #SHOTS} (and its size to docs/pictures.sh if new).
 */
public final class DocsPictures {
    /** What a picture shows. */
    public enum View {
        DESIGN, NETWORK,
        /** The network view's own pictures ({@link NetvizPictures#FILES}), taken on the window's workbench. */
        NETVIZ,
        /** A challenge checked with "Check my design". */
        CHALLENGE
    }

    /**
     * One picture: file name, screen size, theme, view, the sample open, the element selected (or null) and
     * the lesson or challenge open in the Learn panel ("lesson:ID", "challenge:ID", or null).
     */
    public record Shot(String file, int width, int height, boolean dark, View view, String sample, String select,
                       String learn) {
        public Shot(String file, int width, int height, boolean dark, View view, String sample, String select) {
            this(file, width, height, dark, view, sample, select, null);
        }

        /** The files this shot writes (the network view's several for {@link View#NETVIZ}). */
        public List<String> files() {
            return view == View.NETVIZ ? NetvizPictures.FILES : List.of(file);
        }
    }

    public static final List<Shot> SHOTS = List.of(
            new Shot("designer-1366x768-light.png", 1366, 768, false, View.DESIGN, "complete.yaml", "Service/default/web-service"),
            new Shot("network-1366x768-dark.png", 1366, 768, true, View.NETWORK, "complete.yaml", null),
            new Shot("designer-1920x1080-dark.png", 1920, 1080, true, View.DESIGN, "three-tier.yaml", "NetworkPolicy/shop/db-from-api"),
            new Shot("network-1920x1080-light.png", 1920, 1080, false, View.NETWORK, "complete.yaml", null),
            new Shot("screenshot-network.png", 1920, 1080, false, View.NETVIZ, "complete.yaml", null),
            new Shot("screenshot-lesson.png", 1920, 1080, false, View.NETWORK, null, null, "lesson:pod-to-service"),
            new Shot("screenshot-challenge.png", 1920, 1080, false, View.CHALLENGE, null, null, "challenge:isolate-db"));

    private static final long TIMEOUT_SECONDS = 120;

    private final MainWindow window;
    private final Supplier<NetworkRun> network;
    private final Supplier<LearnPanel> learn;
    private final Path dir;

    public DocsPictures(MainWindow window, Supplier<NetworkRun> network, Supplier<LearnPanel> learn, Path dir) {
        this.window = window;
        this.network = network;
        this.learn = learn;
        this.dir = dir;
    }

    /** The shots for a screen of this size. */
    public static List<Shot> forScreen(double width, double height) {
        List<Shot> out = new ArrayList<>();
        for (Shot s : SHOTS) {
            if (s.width() == (int) width && s.height() == (int) height) {
                out.add(s);
            }
        }
        return out;
    }

    /** Takes this screen's pictures on a thread of its own, then ends the app (exit code 0, or 1 on a failure). */
    public void start() {
        Thread t = new Thread(() -> {
            int code = 0;
            try {
                Rectangle2D screen = fx(() -> Screen.getPrimary().getBounds());
                List<Shot> shots = forScreen(screen.getWidth(), screen.getHeight());
                if (shots.isEmpty()) {
                    throw new IllegalStateException("no pictures are made at " + (int) screen.getWidth() + "x"
                            + (int) screen.getHeight() + "; sizes: " + SHOTS.stream().map(s -> s.width() + "x" + s.height())
                            .distinct().toList());
                }
                Files.createDirectories(dir);
                for (Shot s : shots) {
                    take(s);
                    s.files().forEach(f -> System.out.println("pictures: wrote " + dir.resolve(f)));
                }
            } catch (Exception | AssertionError e) {
                System.err.println("pictures: " + e.getMessage());
                code = 1;
            }
            int exit = code;
            Platform.runLater(Platform::exit);
            // The FX toolkit and the emulator stop with the app; a stuck one must not keep the script waiting.
            sleep(3000);
            System.exit(exit);
        }, "docs-pictures");
        t.setDaemon(true);
        t.start();
    }

    private void take(Shot s) throws Exception {
        fx(() -> {
            window.setDark(s.dark());
            learn.get().close();
            if (s.learn() != null) {
                Catalog shipped = Catalog.shipped();
                String id = s.learn().substring(s.learn().indexOf(':') + 1);
                if (s.learn().startsWith("lesson:")) {
                    learn.get().openLesson(shipped.lesson(id).orElseThrow(() -> new IllegalStateException("no lesson " + id)));
                } else {
                    learn.get().openChallenge(shipped.challenge(id).orElseThrow(() -> new IllegalStateException("no challenge " + id)));
                }
            } else {
                window.files().openSample(s.sample());
            }
            window.showDesignTab();
            return null;
        });
        waitUntil("the scheduler's dry run", () -> !fx(() -> window.canvas().placing()));
        if (s.select() != null) {
            fx(() -> {
                window.session().select(List.of(s.select()));
                return null;
            });
        }
        if (s.view() == View.NETWORK) {
            WritableImage img = packetInFlight();
            write(img, s);
        } else if (s.view() == View.NETVIZ) {
            NetworkWorkbench workbench = waitFor("the network view", () -> network.get() == null ? null : network.get().workbench());
            fx(() -> {
                window.showNetworkTab();
                return null;
            });
            NetvizPictures.take(workbench, dir);
        } else if (s.view() == View.CHALLENGE) {
            ChallengeView challenge = fx(() -> (ChallengeView) learn.get().content());
            fx(() -> {
                challenge.checkDesign();
                return null;
            });
            waitUntil("the challenge's grade", () -> fx(() -> challenge.lastGrade() != null));
            settle();
            write(fx(this::capture), s);
        } else {
            settle();
            write(fx(this::capture), s);
        }
    }

    /** Runs the design on the sim backend, sends requests across nodes and captures a packet on the tunnel. */
    private WritableImage packetInFlight() throws Exception {
        NetworkWorkbench workbench = waitFor("the network view", () -> network.get() == null ? null : network.get().workbench());
        fx(() -> {
            window.showNetworkTab();
            workbench.start();
            return null;
        });
        waitUntil("the cluster to run", () -> fx(() -> workbench.session().running()));
        ClusterState state = fx(() -> workbench.session().state());
        List<ClusterState.PodState> web = state.pods().stream().filter(p -> "web-app".equals(p.labels().get("app"))).toList();
        ClusterState.PodState client = web.get(0);
        settle();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            fx(() -> {
                workbench.send(new TrafficRequest(client.key(), "default/web-service", "http", 0));
                return null;
            });
            for (int i = 0; i < 200; i++) {
                // Checked and captured in the same turn of the FX thread, so the picture holds the packet.
                WritableImage img = fx(() -> workbench.networkView().eventsOnTunnel().stream()
                        .anyMatch(e -> e.headers().stream().anyMatch(h -> h.layer().equals("http"))) ? capture() : null);
                if (img != null) {
                    return img;
                }
                sleep(25);
            }
        }
        throw new IllegalStateException("no HTTP request crossed the tunnel within " + TIMEOUT_SECONDS + " s");
    }

    private WritableImage capture() {
        Rectangle2D b = Screen.getPrimary().getBounds();
        return new Robot().getScreenCapture(null, b.getMinX(), b.getMinY(), b.getWidth(), b.getHeight(), false);
    }

    private void write(WritableImage img, Shot s) throws IOException {
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", dir.resolve(s.file()).toFile());
    }

    /** A few frames for layout, CSS and the canvas to catch up. */
    private void settle() {
        for (int i = 0; i < 6; i++) {
            fx(() -> null);
            sleep(120);
        }
    }

    private static <T> T fx(Supplier<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(work.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the window did not answer: " + e.getMessage(), e);
        }
    }

    private static void waitUntil(String what, BooleanSupplier condition) {
        waitFor(what, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
    }

    private static <T> T waitFor(String what, Supplier<T> value) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            T v = value.get();
            if (v != null) {
                return v;
            }
            sleep(50);
        }
        throw new IllegalStateException(String.format(Locale.ROOT, "waited %d s for %s", TIMEOUT_SECONDS, what));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
