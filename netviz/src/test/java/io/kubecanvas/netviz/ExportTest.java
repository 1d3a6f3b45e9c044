package io.kubecanvas.netviz;

import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.netviz.export.FlowFilm;
import javafx.geometry.Point2D;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Export for slides: a GIF whose frames change along the packet's path, PNG frames, an SVG with the labels as text. */
@ExtendWith(ApplicationExtension.class)
class ExportTest {
    private final List<PacketEvent> hops = SeedFixture.request(3, 0, SeedFixture.pods().get(0), SeedFixture.pods().get(2), true);

    @Start
    void start(Stage stage) {
        // The films are made off screen; no window is needed.
    }

    private FlowFilm.Film film(FlowFilm.Options o) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> FlowFilm.film(SeedFixture.state(1, SeedFixture.pods(), true), hops, o)).get();
    }

    @Test
    void anExportedGifHasFramesThatDifferAlongThePacketsPath(@TempDir Path dir) throws Exception {
        FlowFilm.Options o = FlowFilm.Options.defaults().withSize(800, 450).withFps(10).withSpeed(3);
        FlowFilm.Film film = film(o);
        Path gif = dir.resolve("flow.gif");
        String line = FlowFilm.write(film, gif);
        assertTrue(line.startsWith("wrote " + gif + ": animated GIF, " + film.frames().size() + " frames of 800x450"), line);

        List<BufferedImage> frames = readGif(gif, film.delayMillis());
        assertEquals(film.frames().size(), frames.size(), "every frame is in the file (unchanged ones as a longer delay)");
        BufferedImage first = frames.get(0);
        // Each place the packet was drawn at (taken from the film) must look different from the first frame there.
        int checked = 0;
        int differing = 0;
        List<Point2D> places = new ArrayList<>();
        for (int i = 1; i < frames.size(); i++) {
            for (Point2D p : film.packets().get(i).values()) {
                if (places.stream().anyMatch(q -> q.distance(p) < 40)) {
                    continue;    // one check per stretch of the path
                }
                places.add(p);
                checked++;
                if (differs(first, frames.get(i), p, 6)) {
                    differing++;
                }
            }
        }
        assertTrue(checked >= 8, "the packet crossed at least 8 separate places: " + checked);
        assertTrue(differing >= checked * 0.9, differing + " of " + checked + " places along the path differ from the first frame");
        // And where no packet ever passes (the corner), the frames are the same picture.
        assertEquals(first.getRGB(2, 2), frames.get(frames.size() / 2).getRGB(2, 2));
    }

    @Test
    void pngFramesAndAnSvgStillWithItsLabelsAsText(@TempDir Path dir) throws Exception {
        FlowFilm.Options o = FlowFilm.Options.defaults().withSize(640, 360).withFps(5).withSpeed(4);
        FlowFilm.Film film = film(o);
        Path frames = dir.resolve("frames");
        FlowFilm.write(film, frames);
        assertTrue(Files.exists(frames.resolve("frame-0001.png")));
        assertEquals(film.frames().size(), Files.list(frames).count());
        assertEquals(640, ImageIO.read(frames.resolve("frame-0001.png").toFile()).getWidth());

        int dnat = 2;
        String svg = WaitForAsyncUtils.asyncFx(() -> FlowFilm.svg(SeedFixture.state(1, SeedFixture.pods(), true), hops, dnat,
                o.withSize(1280, 720))).get();
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new org.xml.sax.InputSource(new StringReader(svg)));
        Element root = doc.getDocumentElement();
        assertEquals("svg", root.getTagName());
        assertEquals("1280", root.getAttribute("width"));
        NodeList texts = doc.getElementsByTagName("text");
        List<String> words = new ArrayList<>();
        for (int i = 0; i < texts.getLength(); i++) {
            words.add(texts.item(i).getTextContent());
        }
        assertTrue(words.contains("worker-1") && words.contains("client"), words.toString());
        assertTrue(words.stream().anyMatch(w -> w.contains(SeedFixture.VIP + ":80") && w.contains("⇒")),
                "the DNAT at the highlighted step is written as text: " + words);
        assertTrue(doc.getElementsByTagName("rect").getLength() > 20);
    }

    /**
     * The GIF's frames as shown, one per {@code frameMillis}: each stored rectangle drawn over the picture
     * before it and held for its delay.
     */
    static List<BufferedImage> readGif(Path gif, int frameMillis) throws Exception {
        List<BufferedImage> out = new ArrayList<>();
        ImageReader r = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            r.setInput(in);
            int n = r.getNumImages(true);
            BufferedImage canvas = null;
            for (int i = 0; i < n; i++) {
                BufferedImage part = r.read(i);
                IIOMetadataNode root = (IIOMetadataNode) r.getImageMetadata(i).getAsTree("javax_imageio_gif_image_1.0");
                IIOMetadataNode d = (IIOMetadataNode) root.getElementsByTagName("ImageDescriptor").item(0);
                int x = Integer.parseInt(d.getAttribute("imageLeftPosition"));
                int y = Integer.parseInt(d.getAttribute("imageTopPosition"));
                if (canvas == null) {
                    canvas = new BufferedImage(part.getWidth(), part.getHeight(), BufferedImage.TYPE_INT_RGB);
                }
                BufferedImage next = new BufferedImage(canvas.getWidth(), canvas.getHeight(), BufferedImage.TYPE_INT_RGB);
                next.getGraphics().drawImage(canvas, 0, 0, null);
                next.getGraphics().drawImage(part, x, y, null);
                canvas = next;
                IIOMetadataNode gce = (IIOMetadataNode) root.getElementsByTagName("GraphicControlExtension").item(0);
                int delay = Integer.parseInt(gce.getAttribute("delayTime")) * 10;
                for (int k = 0; k < Math.max(1, Math.round(delay / (float) frameMillis)); k++) {
                    out.add(next);
                }
            }
        } finally {
            r.dispose();
        }
        return out;
    }

    private static boolean differs(BufferedImage a, BufferedImage b, Point2D at, int r) {
        int n = 0;
        for (int dx = -r; dx <= r; dx++) {
            for (int dy = -r; dy <= r; dy++) {
                int x = (int) at.getX() + dx;
                int y = (int) at.getY() + dy;
                if (x >= 0 && y >= 0 && x < a.getWidth() && y < a.getHeight() && a.getRGB(x, y) != b.getRGB(x, y)) {
                    n++;
                }
            }
        }
        return n > 10;
    }

}
