package io.kubecanvas.app.ui;

import io.kubecanvas.app.ui.files.Samples;
import io.kubecanvas.app.ui.pictures.DocsPictures;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window photographs itself; the pictures in docs/ come from docs/pictures.sh (a real window), never
 * from a test, and every picture the README shows is one that command makes.
 */
@ExtendWith(ApplicationExtension.class)
class ScreenshotTest {
    private final DesignerFixture fx = new DesignerFixture();
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = fx.start(stage);
    }

    private static Path root() {
        return Path.of(System.getProperty("kubecanvas.root", ".."));
    }

    @Test
    void theWindowPhotographsItselfInLightAndDark(FxRobot robot) throws Exception {
        Path light = fx.temp.resolve("light.png");
        Path dark = fx.temp.resolve("dark.png");
        robot.interact(() -> window.open(Samples.load("complete.yaml"), null));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            try {
                window.snapshotWindow(light);
                window.setDark(true);
                window.snapshotWindow(dark);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                window.setDark(false);
            }
        });
        BufferedImage l = ImageIO.read(light.toFile());
        BufferedImage d = ImageIO.read(dark.toFile());
        assertEquals(1500, l.getWidth());
        assertEquals(940, l.getHeight());
        assertTrue(brightness(l) > 0.75 && brightness(d) < 0.35, "light " + brightness(l) + ", dark " + brightness(d));
    }

    private static double brightness(BufferedImage img) {
        double sum = 0;
        int n = 0;
        for (int y = 0; y < img.getHeight(); y += 7) {
            for (int x = 0; x < img.getWidth(); x += 7) {
                int rgb = img.getRGB(x, y);
                sum += (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff)) / (3 * 255.0);
                n++;
            }
        }
        return sum / n;
    }

    @Test
    void everyPictureTheReadmeShowsIsMadeByTheCommandAtTheSizesItRuns() throws Exception {
        String readme = Files.readString(root().resolve("README.md"));
        String script = Files.readString(root().resolve("docs/pictures.sh"));
        Set<String> made = new HashSet<>();
        for (DocsPictures.Shot s : DocsPictures.SHOTS) {
            made.addAll(s.files());
            assertTrue(script.contains(s.width() + "x" + s.height()), "docs/pictures.sh runs a " + s.width() + "x" + s.height() + " screen");
        }
        Matcher m = Pattern.compile("\\]\\(docs/([^)]+\\.png)\\)").matcher(readme);
        List<String> shown = m.results().map(r -> r.group(1)).toList();
        assertFalse(shown.isEmpty());
        for (String png : shown) {
            assertTrue(made.contains(png), "README shows docs/" + png + ", which docs/pictures.sh does not make");
        }
        assertTrue(Set.copyOf(shown).containsAll(made), "README shows every picture the command makes");
        for (boolean dark : new boolean[]{false, true}) {
            for (int w : new int[]{1366, 1920}) {
                assertTrue(DocsPictures.SHOTS.stream().anyMatch(s -> s.dark() == dark && s.width() == w),
                        "a " + (dark ? "dark" : "light") + " picture at width " + w);
            }
        }
    }
}
