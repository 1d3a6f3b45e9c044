package io.kubecanvas.netviz.export;

import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.netviz.simulation.EventTimeline;
import io.kubecanvas.netviz.view.LayerMode;
import io.kubecanvas.netviz.view.NetworkView;
import io.kubecanvas.netviz.view.Palette;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The animation of a flow (or a whole recording) rendered off screen, frame by frame on a clock of its own,
 * so a film has the same frames whatever the machine's speed: an animated GIF, a folder of PNG frames, or
 * one still (PNG or SVG) with the packet at a chosen step. Runs on the JavaFX thread; needs no window.
 */
public final class FlowFilm {

    /**
     * @param fps       frames per second of the film
     * @param speed     playback speed as in the view (1 = a hop across a node in about 0.3 s)
     * @param maxFrames a cap, so a long recording does not make an endless film
     */
    public record Options(int width, int height, int fps, double speed, LayerMode layer, boolean dark, int maxFrames) {
        public Options {
            if (width < 64 || height < 64 || width > 7680 || height > 4320) {
                throw new IllegalArgumentException("the size must be between 64x64 and 7680x4320, not " + width + "x" + height);
            }
            if (fps < 1 || fps > 60) {
                throw new IllegalArgumentException("frames per second must be between 1 and 60, not " + fps);
            }
            if (speed <= 0) {
                throw new IllegalArgumentException("the speed must be above 0");
            }
        }

        public static Options defaults() {
            return new Options(1280, 720, 15, 1, LayerMode.BOTH, false, 900);
        }

        public Options withSize(int w, int h) {
            return new Options(w, h, fps, speed, layer, dark, maxFrames);
        }

        public Options withLayer(LayerMode m) {
            return new Options(width, height, fps, speed, m, dark, maxFrames);
        }

        public Options withDark(boolean d) {
            return new Options(width, height, fps, speed, layer, d, maxFrames);
        }

        public Options withFps(int f) {
            return new Options(width, height, f, speed, layer, dark, maxFrames);
        }

        public Options withSpeed(double s) {
            return new Options(width, height, fps, s, layer, dark, maxFrames);
        }
    }

    /** The frames, and where each moving packet was in each (view pixels, by hop index). */
    public record Film(List<WritableImage> frames, List<Map<Integer, Point2D>> packets, int delayMillis) {
        public List<BufferedImage> images() {
            return frames.stream().map(f -> SwingFXUtils.fromFXImage(f, null)).toList();
        }
    }

    private FlowFilm() {
    }

    /** Plays {@code hops} from the start and photographs every frame until nothing moves, plus one second. */
    public static Film film(ClusterState state, List<PacketEvent> hops, Options o) {
        if (hops.isEmpty()) {
            throw new IllegalArgumentException("there are no hops to animate");
        }
        long[] now = {1_000_000_000L};
        NetworkView view = stage(state, hops, o, now);
        view.play(0, hops);
        long frameNanos = 1_000_000_000L / o.fps();
        List<WritableImage> frames = new ArrayList<>();
        List<Map<Integer, Point2D>> packets = new ArrayList<>();
        int hold = -1;
        while (frames.size() < o.maxFrames()) {
            view.renderFrame();
            frames.add(view.snapshot(null, null));
            packets.add(view.packetPositions());
            if (hold < 0 && view.settled()) {
                hold = o.fps();     // the last picture stays a second before the loop starts again
            }
            if (hold >= 0 && hold-- == 0) {
                break;
            }
            now[0] += frameNanos;
        }
        return new Film(frames, packets, 1000 / o.fps());
    }

    /** One picture: the cluster, with the packet highlighted at hop {@code step} (0-based; -1 for none). */
    public static WritableImage still(ClusterState state, List<PacketEvent> hops, int step, Options o) {
        NetworkView view = stillView(state, hops, step, o);
        return view.snapshot(null, null);
    }

    /** The same picture as {@link #still} in SVG. */
    public static String svg(ClusterState state, List<PacketEvent> hops, int step, Options o) {
        NetworkView view = stillView(state, hops, step, o);
        return svg(view);
    }

    /** A view as it is now, in SVG (the app's "SVG of the current view"). */
    public static String svg(NetworkView view) {
        SvgSketch s = new SvgSketch(view.getWidth(), view.getHeight());
        view.drawTo(s);
        return s.finish();
    }

    private static NetworkView stillView(ClusterState state, List<PacketEvent> hops, int step, Options o) {
        if (step >= hops.size()) {
            throw new IllegalArgumentException("the flow has " + hops.size() + " hops; step " + (step + 1) + " does not exist");
        }
        NetworkView view = stage(state, hops, o, new long[]{1_000_000_000L});
        view.highlight(step);
        view.renderFrame();
        return view;
    }

    private static NetworkView stage(ClusterState state, List<PacketEvent> hops, Options o, long[] clock) {
        NetworkView view = new NetworkView();
        view.stopAnimation();
        view.setClock(() -> clock[0]);
        EventTimeline timeline = new EventTimeline();
        timeline.append(hops);
        view.setTimeline(timeline);
        view.setPalette(o.dark() ? Palette.DARK : Palette.LIGHT);
        view.setLayerMode(o.layer());
        view.setSpeed(o.speed());
        // The text floor grows with the picture so a 1080p film reads like a 720p one on the same screen.
        view.setMinLabelPixels(Math.max(12, Math.round(12 * Math.min(o.width() / 1280.0, o.height() / 720.0))));
        new Scene(view, o.width(), o.height());
        view.resize(o.width(), o.height());
        view.setState(state);
        view.layout();
        return view;
    }

    // ----- writing

    /** Writes the film: {@code .gif} as one animated GIF, anything else as a folder of numbered PNG frames. */
    public static String write(Film film, Path out) throws IOException {
        List<BufferedImage> images = film.images();
        if (out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gif")) {
            GifWriter.write(out, images, film.delayMillis());
            return "wrote " + out + ": animated GIF, " + images.size() + " frames of " + images.get(0).getWidth() + "x"
                    + images.get(0).getHeight() + " at " + (1000 / film.delayMillis()) + " frames/s";
        }
        Files.createDirectories(out);
        for (int i = 0; i < images.size(); i++) {
            ImageIO.write(images.get(i), "png", out.resolve(String.format(Locale.ROOT, "frame-%04d.png", i + 1)).toFile());
        }
        return "wrote " + out + "/frame-0001.png .. frame-" + String.format(Locale.ROOT, "%04d", images.size()) + ".png ("
                + images.get(0).getWidth() + "x" + images.get(0).getHeight() + ", " + (1000 / film.delayMillis()) + " frames/s)";
    }

    public static void writePng(WritableImage image, Path out) throws IOException {
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", out.toFile());
    }
}
