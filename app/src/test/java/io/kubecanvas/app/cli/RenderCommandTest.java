package io.kubecanvas.app.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code kubecanvas render}: a request through the seed design filmed headless, and clear words for bad input. */
class RenderCommandTest {

    @BeforeAll
    static void toolkit() throws Exception {
        // The test JVM shares one JavaFX toolkit with the window tests; render uses it when it runs already.
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void filmsARequestThroughTheIngressAsAnAnimatedGif(@TempDir Path dir) throws Exception {
        Path gif = dir.resolve("slides/ingress.gif");
        CliRun r = CliRun.of("render", CliRun.seed("complete.yaml").toString(), "--flow", "external:http://example.local/",
                "-o", gif.toString(), "--size", "640x360", "--fps", "6", "--speed", "6");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("wrote " + gif + ": animated GIF, "), r.out());
        assertTrue(r.out().contains("delivered"), r.out());
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            reader.setInput(in);
            assertTrue(reader.getNumImages(true) > 5, "an animation, not one picture");
            assertEquals(640, reader.getWidth(0));
            assertEquals(360, reader.getHeight(0));
        } finally {
            reader.dispose();
        }
    }

    @Test
    void aStillWithTheDnatStepAndAnSvg(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("dnat.png");
        CliRun r = CliRun.of("render", CliRun.seed("complete.yaml").toString(), "--flow",
                "external:http://example.local/", "-o", png.toString(), "--step", "3");
        assertEquals(0, r.exit(), r.err());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1280, img.getWidth());
        assertTrue(r.out().contains("hop 3 of "), r.out());
        Path svg = dir.resolve("view.svg");
        assertEquals(0, CliRun.of("render", CliRun.seed("complete.yaml").toString(), "--flow", "external:http://example.local/",
                "-o", svg.toString(), "--dark").exit());
        assertTrue(Files.readString(svg).contains("<text"));
    }

    @Test
    void badInputSaysWhatToWrite(@TempDir Path dir) {
        CliRun noColon = CliRun.of("render", CliRun.seed("complete.yaml").toString(), "--flow", "external", "-o",
                dir.resolve("x.gif").toString());
        assertEquals(2, noColon.exit());
        assertTrue(noColon.err().contains("--flow must be FROM:TO"), noColon.err());
        CliRun size = CliRun.of("render", CliRun.seed("complete.yaml").toString(), "--flow", "external:http://example.local/",
                "-o", dir.resolve("x.gif").toString(), "--size", "big");
        assertEquals(2, size.exit());
        assertTrue(size.err().contains("--size must be WIDTHxHEIGHT"), size.err());
        CliRun target = CliRun.of("render", CliRun.seed("complete.yaml").toString(), "--flow", "default/nobody:default/web-service",
                "-o", dir.resolve("x.gif").toString());
        assertEquals(2, target.exit());
        assertTrue(target.err().startsWith("kubecanvas render: "), target.err());
        CliRun step = CliRun.of("render", CliRun.seed("complete.yaml").toString(), "--flow", "external:http://example.local/",
                "-o", dir.resolve("x.png").toString(), "--step", "9999");
        assertEquals(2, step.exit());
        assertTrue(step.err().contains("step 9999 does not exist"), step.err());
    }
}
