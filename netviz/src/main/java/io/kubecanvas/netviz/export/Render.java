package io.kubecanvas.netviz.export;

import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.netviz.view.LayerMode;
import javafx.application.Platform;
import javafx.scene.image.WritableImage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code kubecanvas render}'s drawing half, headless: starts JavaFX on Monocle's headless screen and the
 * software renderer (no display needed), films the hops and writes what the output's name asks for:
 * {@code .gif} an animated GIF, {@code .png} one picture, {@code .svg} one SVG picture, anything else a
 * folder of PNG frames. The CLI loads this class by name, so the rest of the command line never loads JavaFX.
 */
public final class Render {
    private Render() {
    }

    /**
     * @param step the hop to show in a still (0-based), -1 for the picture without a packet
     * @return one line saying what was written
     */
    public static String render(ClusterState state, List<PacketEvent> hops, Path out, int width, int height, int fps,
                                double speed, String layer, boolean dark, int step) throws Exception {
        FlowFilm.Options o = new FlowFilm.Options(width, height, fps, speed, layer(layer), dark, 900);
        startHeadless();
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        if (name.endsWith(".png")) {
            WritableImage img = onFx(() -> FlowFilm.still(state, hops, step, o));
            FlowFilm.writePng(img, out);
            return "wrote " + out + ": " + width + "x" + height + " PNG" + stepWords(step, hops);
        }
        if (name.endsWith(".svg")) {
            String svg = onFx(() -> FlowFilm.svg(state, hops, step, o));
            Files.writeString(out, svg);
            return "wrote " + out + ": " + width + "x" + height + " SVG" + stepWords(step, hops);
        }
        FlowFilm.Film film = onFx(() -> FlowFilm.film(state, hops, o));
        return FlowFilm.write(film, out) + ", " + hops.size() + " hops";
    }

    private static String stepWords(int step, List<PacketEvent> hops) {
        return step < 0 ? " (no packet; --step N shows hop N)" : ", hop " + (step + 1) + " of " + hops.size() + " highlighted";
    }

    static LayerMode layer(String text) {
        try {
            return LayerMode.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--layer must be physical, logical or both, not '" + text + "'");
        }
    }

    private static boolean started;

    /** JavaFX on the headless Monocle screen with the software renderer, once per process. */
    static synchronized void startHeadless() throws InterruptedException {
        if (started) {
            return;
        }
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("java.awt.headless", "true");
        CountDownLatch up = new CountDownLatch(1);
        try {
            Platform.startup(up::countDown);
        } catch (IllegalStateException alreadyRunning) {
            up.countDown();
        }
        Platform.setImplicitExit(false);
        if (!up.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("JavaFX did not start within 30 s");
        }
        started = true;
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> c) throws Exception {
        return io.kubecanvas.netviz.launch.FxThread.call(c, 600);
    }
}
