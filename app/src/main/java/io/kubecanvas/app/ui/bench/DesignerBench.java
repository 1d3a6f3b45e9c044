package io.kubecanvas.app.ui.bench;

import atlantafx.base.theme.PrimerLight;
import io.kubecanvas.app.ui.KubeCanvasApp;
import io.kubecanvas.app.ui.MainWindow;
import io.kubecanvas.app.ui.files.Autosave;
import io.kubecanvas.app.ui.files.DocumentFiles;
import io.kubecanvas.app.ui.files.RecentFiles;
import io.kubecanvas.model.Cluster;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.KubeObject;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Opens a design of 1,000 Pods over 20 worker nodes (and 50 Services selecting them) in the full main
 * window, measures the time until the first frame with it is on screen, then pans and zooms for a fixed
 * number of frames and measures the frame rate.
 */
public final class DesignerBench {
    public static final int PODS = 1000;
    public static final int NODES = 20;
    public static final int SERVICES = 50;
    static final int FRAMES = 180;

    /** What was measured. */
    public record Figures(int pods, int nodes, double firstPaintMillis, double openMillis, double framesPerSecond, double meanFrameMillis,
                          double meanCanvasPaintMillis) {
        public String describe() {
            return describeFigures() + machineLoad();
        }

        private String describeFigures() {
            return String.format(java.util.Locale.ROOT,
                    "designer: %d Pods on %d nodes: first paint %.0f ms (target < 2000 ms; of which opening the design %.0f ms); pan and zoom %.1f frames/s, "
                            + "%.1f ms per frame, canvas paint %.2f ms (target >= 30 frames/s)",
                    pods, nodes, firstPaintMillis, openMillis, framesPerSecond, meanFrameMillis, meanCanvasPaintMillis);
        }
    }

    private DesignerBench() {
    }

    /** The figures depend on what else the machine runs: say so. */
    static String machineLoad() {
        try {
            String[] avg = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return "; machine load average " + avg[0] + " on " + Runtime.getRuntime().availableProcessors() + " cores";
        } catch (java.io.IOException | RuntimeException e) {
            return "";
        }
    }

    /** The benchmark design: Pods pinned round-robin to the workers, one Service per 20 Pods. */
    public static Design design() {
        List<Cluster.NodeSpec> nodes = new ArrayList<>();
        nodes.add(Cluster.NodeSpec.controlPlane("control-plane"));
        for (int i = 1; i <= NODES; i++) {
            nodes.add(Cluster.NodeSpec.worker("worker-" + i));
        }
        Cluster cluster = Cluster.defaults().withNodes(nodes);
        List<KubeObject> objects = new ArrayList<>();
        for (int i = 0; i < PODS; i++) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("apiVersion", "v1");
            t.put("kind", "Pod");
            t.put("metadata", new LinkedHashMap<>(Map.of("name", "pod-" + i, "labels", Map.of("app", "app-" + (i % SERVICES)))));
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", "app");
            c.put("image", "nginx:1.27");
            c.put("ports", List.of(Map.of("containerPort", 80)));
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("nodeName", "worker-" + (1 + i % NODES));
            spec.put("containers", List.of(c));
            t.put("spec", spec);
            objects.add(KubeObject.of(t));
        }
        for (int s = 0; s < SERVICES; s++) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("apiVersion", "v1");
            t.put("kind", "Service");
            t.put("metadata", Map.of("name", "svc-" + s));
            t.put("spec", Map.of("selector", Map.of("app", "app-" + s), "ports", List.of(Map.of("port", 80, "targetPort", 80))));
            objects.add(KubeObject.of(t));
        }
        return Design.of(cluster, objects);
    }

    /**
     * Runs on the FX thread with a stage to show the window in; calls {@code done} with the figures.
     */
    public static void measure(Stage stage, Consumer<Figures> done) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        Path temp;
        try {
            temp = Files.createTempDirectory("kubecanvas-bench");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        MainWindow window = new MainWindow(KubeCanvasApp.validator(), new NoDialogs(), Runnable::run,
                new RecentFiles(java.util.prefs.Preferences.userRoot().node("io/kubecanvas/bench")), new Autosave(temp));
        stage.setScene(new Scene(window, 1500, 940));
        stage.show();
        Design design = design();
        long[] t0 = {0};
        long[] firstPaint = {0};
        int[] frame = {0};
        long[] frameStart = {0};
        long[] paintNanos = {0};
        long[] openNanos = {0};
        AnimationTimer timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                // A tick starts a pulse, so the tick after opening means the opened design was rendered.
                if (firstPaint[0] == 0) {
                    if (frame[0]++ >= 1) {
                        firstPaint[0] = System.nanoTime() - t0[0];
                        frame[0] = 0;
                        frameStart[0] = System.nanoTime();
                    }
                    return;
                }
                if (frame[0] < FRAMES) {
                    int f = frame[0]++;
                    if (f % 60 < 30) {
                        window.canvas().panBy(f % 2 == 0 ? 7 : -4, 3);
                    } else {
                        window.canvas().zoomBy(f % 60 < 45 ? 1.03 : 1 / 1.03);
                    }
                    paintNanos[0] += window.canvas().lastPaintNanos();
                    return;
                }
                stop();
                double seconds = (System.nanoTime() - frameStart[0]) / 1e9;
                done.accept(new Figures(PODS, NODES, firstPaint[0] / 1e6, openNanos[0] / 1e6, FRAMES / seconds, seconds * 1000 / FRAMES,
                        paintNanos[0] / 1e6 / FRAMES));
            }
        };
        Platform.runLater(() -> {
            // Started first so that, in each frame, it runs before the work large designs defer to the next frame.
            timer.start();
            t0[0] = System.nanoTime();
            window.open(design, null);
            openNanos[0] = System.nanoTime() - t0[0];
        });
    }

    /** The command-line entry ({@code kubecanvas bench designer}): needs a display (or Xvfb). */
    public static int run(PrintWriter out, PrintWriter err) {
        CompletableFuture<Figures> result = new CompletableFuture<>();
        try {
            Platform.startup(() -> measure(new Stage(), result::complete));
        } catch (UnsupportedOperationException | IllegalStateException e) {
            err.println("kubecanvas: bench designer needs a display; run it under Xvfb, e.g. DISPLAY=:99 ("
                    + e.getMessage() + ")");
            return 2;
        }
        try {
            Figures f = result.get(120, TimeUnit.SECONDS);
            out.println(f.describe());
            return 0;
        } catch (Exception e) {
            err.println("kubecanvas: bench designer did not finish: " + e);
            return 1;
        } finally {
            Platform.exit();
        }
    }

    private static final class NoDialogs implements DocumentFiles.Dialogs {
        @Override
        public List<Path> chooseOpen(boolean folder) {
            return List.of();
        }

        @Override
        public Path chooseSave(String suggestedName) {
            return null;
        }

        @Override
        public DocumentFiles.Answer askSaveChanges(String name) {
            return DocumentFiles.Answer.DISCARD;
        }

        @Override
        public boolean askRecover(Autosave.Recovery recovery) {
            return false;
        }

        @Override
        public void error(String message) {
        }
    }
}
