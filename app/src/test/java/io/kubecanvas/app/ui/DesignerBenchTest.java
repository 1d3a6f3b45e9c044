package io.kubecanvas.app.ui;

import io.kubecanvas.app.ui.bench.DesignerBench;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The designer benchmark, headless (Monocle). Run it with
 * {@code mvn -B -o -pl app -am test -Dtest=DesignerBenchTest -Dtest.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false};
 * {@code kubecanvas bench designer} runs the same measurement in a real window. Figures are printed, not asserted.
 */
@Tag("bench")
class DesignerBenchTest {
    static {
        System.setProperty("headless.geometry", "1600x1000-32");
    }

    @Test
    void thousandPodsOnTwentyNodes() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        CompletableFuture<DesignerBench.Figures> result = new CompletableFuture<>();
        Platform.runLater(() -> DesignerBench.measure(stage, result::complete));
        DesignerBench.Figures f = result.get(120, TimeUnit.SECONDS);
        System.out.println(f.describe());
        assertTrue(f.framesPerSecond() > 0 && f.firstPaintMillis() > 0);
    }
}
