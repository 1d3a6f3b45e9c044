package io.kubecanvas.app.ui;

import io.kubecanvas.app.ui.files.Samples;
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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The app photographs itself with the complete example (docs/screenshot-designer*.png). */
@ExtendWith(ApplicationExtension.class)
class ScreenshotTest {
    private final DesignerFixture fx = new DesignerFixture();
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = fx.start(stage);
    }

    private static Path docs() {
        return Path.of(System.getProperty("kubecanvas.root", "..")).resolve("docs");
    }

    @Test
    void mainWindowWithTheCompleteExample(FxRobot robot) throws Exception {
        robot.interact(() -> {
            window.open(Samples.load("complete.yaml"), null);
            window.session().select(List.of("Service/default/web-service"));
        });
        WaitForAsyncUtils.waitForFxEvents();
        Path png = docs().resolve("screenshot-designer.png");
        robot.interact(() -> {
            try {
                window.snapshotWindow(png);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1500, img.getWidth());
        assertEquals(940, img.getHeight());
        assertTrue(Files.size(png) > 50_000, "a real picture, not a blank one");
    }

    @Test
    void darkThemeWithTheThreeTierSample(FxRobot robot) throws Exception {
        robot.interact(() -> {
            window.setDark(true);
            window.open(Samples.load("three-tier.yaml"), null);
            window.session().select(List.of("NetworkPolicy/shop/db-from-api"));
        });
        WaitForAsyncUtils.waitForFxEvents();
        Path png = docs().resolve("screenshot-designer-dark.png");
        robot.interact(() -> {
            try {
                window.snapshotWindow(png);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                window.setDark(false);
            }
        });
        assertTrue(Files.size(png) > 50_000);
    }
}
