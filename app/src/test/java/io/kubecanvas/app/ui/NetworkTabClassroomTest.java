package io.kubecanvas.app.ui;

import io.kubecanvas.app.ui.files.Samples;
import io.kubecanvas.netviz.NetworkWorkbench;
import io.kubecanvas.netviz.view.NetworkView;
import io.kubecanvas.netviz.view.Palette;
import io.kubecanvas.netviz.view.Topology;
import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Network tab of the main window on a projector (1366x768), measured in pixels: the names of Pods and
 * nodes are drawn at least as wide and as tall as the same words set in bold 12 px type; F5 presents; the
 * dark theme reaches the picture.
 */
@ExtendWith(ApplicationExtension.class)
class NetworkTabClassroomTest {
    private final DesignerFixture fx = new DesignerFixture();
    private MainWindow window;
    private NetworkRun run;

    @Start
    void start(Stage stage) {
        window = fx.start(stage, 1366, 768);
        window.open(Samples.load(Samples.DEFAULT), null);
        run = new NetworkRun(window, Runnable::run);
        stage.setOnHidden(e -> run.close());
    }

    private NetworkView running(FxRobot robot) throws Exception {
        robot.interact(window::showNetworkTab);
        robot.interact(() -> run.workbench().start());
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> run.workbench().message().startsWith("running"));
        NetworkView view = run.workbench().networkView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> view.topology() != null && !view.topology().state().pods().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        return view;
    }

    @Test
    void podAndNodeNamesAreAtLeast12PixelsAtFit(FxRobot robot) throws Exception {
        NetworkView view = running(robot);
        assertFalse(view.userCamera(), "the view is at fit");
        WritableImage shot = WaitForAsyncUtils.asyncFx(() -> view.snapshot(null, null)).get();
        Color ink = Palette.LIGHT.text;
        int checked = 0;
        for (Topology.Box b : view.topology().boxes()) {
            boolean pod = b.kind() == Topology.Kind.POD || b.kind() == Topology.Kind.POLICY;
            if (!pod && b.kind() != Topology.Kind.NODE) {
                continue;
            }
            Rectangle2D r = b.rect();
            Point2D a = view.toView(new Point2D(r.getMinX(), r.getMinY()));
            // A node's name sits in its header, above the Pods; a Pod's name fills its box.
            double bottom = pod ? r.getMaxY() : r.getMinY() + 30;
            Point2D z = view.toView(new Point2D(r.getMaxX(), bottom));
            PixelReader px = shot.getPixelReader();
            int x0 = (int) a.getX() + 3;
            int y0 = (int) a.getY() + 3;
            int x1 = (int) z.getX() - 3;
            int y1 = (int) z.getY() - 2;
            int[] drawn = {inkWidth(px, x0, y0, x1, y1, ink), inkHeight(px, x0, y0, x1, y1, ink)};
            Color fill = Palette.LIGHT.box(b.kind()).fill();
            String shown = view.shownLabel(b);
            int[] twelve = reference(shown, fill, ink);
            assertTrue(twelve[0] > 20, "the 12 px reference has ink: " + twelve[0]);
            assertTrue(drawn[0] >= twelve[0] - 1 && drawn[1] >= twelve[1] - 1, b.id() + ": '" + shown + "' is drawn "
                    + drawn[0] + "x" + drawn[1] + " px, the same words in bold 12 px type " + twelve[0] + "x" + twelve[1] + " px");
            checked++;
        }
        assertTrue(checked >= 5, "3 nodes and their Pods were measured: " + checked);
    }

    @Test
    void f5PresentsTheNetworkAndTheDarkThemeReachesThePicture(FxRobot robot) throws Exception {
        NetworkView view = running(robot);
        robot.interact(() -> window.setDark(true));
        assertTrue(run.workbench().dark());
        Color corner = WaitForAsyncUtils.asyncFx(() -> view.snapshot(null, null)).get().getPixelReader().getColor(2, 2);
        assertTrue(corner.getBrightness() < 0.2, "dark picture: " + corner);
        robot.interact(() -> window.setDark(false));

        robot.interact(window::presentNetwork);
        NetworkWorkbench wb = run.workbench();
        assertNotNull(wb.presenter(), "View > Present the network (F5) opens presenter mode");
        assertTrue(wb.presenter().stage().isFullScreen());
        robot.interact(() -> wb.presenter().close());
        assertTrue(wb.presenter() == null && view.getScene() == window.getScene(), "and comes back into the window");
    }

    /** How many rows of the rectangle hold pixels of the text colour (the cores of the glyphs' strokes). */
    static int inkHeight(PixelReader px, int x0, int y0, int x1, int y1, Color ink) {
        int top = -1;
        int bottom = -1;
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                if (close(px.getColor(x, y), ink)) {
                    if (top < 0) {
                        top = y;
                    }
                    bottom = y;
                    break;
                }
            }
        }
        return top < 0 ? 0 : bottom - top + 1;
    }

    /** How many columns of the rectangle hold pixels of the text colour. */
    static int inkWidth(PixelReader px, int x0, int y0, int x1, int y1, Color ink) {
        int left = -1;
        int right = -1;
        for (int x = x0; x <= x1; x++) {
            for (int y = y0; y <= y1; y++) {
                if (close(px.getColor(x, y), ink)) {
                    if (left < 0) {
                        left = x;
                    }
                    right = x;
                    break;
                }
            }
        }
        return left < 0 ? 0 : right - left + 1;
    }

    /** Width and height of the ink of {@code words} in bold 12 px type, on the same colours, measured the same way. */
    static int[] reference(String words, Color background, Color ink) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            Canvas c = new Canvas(400, 40);
            GraphicsContext g = c.getGraphicsContext2D();
            g.setFill(background);
            g.fillRect(0, 0, 400, 40);
            g.setFill(ink);
            g.setFont(Font.font("System", FontWeight.BOLD, 12));
            g.setTextBaseline(VPos.CENTER);
            g.fillText(words, 4, 20);
            PixelReader px = c.snapshot(null, null).getPixelReader();
            return new int[]{inkWidth(px, 0, 0, 399, 39, ink), inkHeight(px, 0, 0, 399, 39, ink)};
        }).get();
    }

    private static boolean close(Color a, Color b) {
        double d = Math.abs(a.getRed() - b.getRed()) + Math.abs(a.getGreen() - b.getGreen()) + Math.abs(a.getBlue() - b.getBlue());
        return d < 0.18;
    }

}
