package io.kubecanvas.netviz;

import io.kubecanvas.netviz.view.NetworkView;
import io.kubecanvas.netviz.view.Palette;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.TableColumn;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.input.ScrollEvent;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The workbench at projector size (1366x768): the view fits and fills, zooms and pans, keeps text readable. */
@ExtendWith(ApplicationExtension.class)
class ClassroomViewTest {
    static {
        System.setProperty("headless.geometry", "1366x768-32");
    }

    private NetworkWorkbench workbench;
    private NetworkView view;

    @Start
    void start(Stage stage) {
        workbench = new NetworkWorkbench(new ScriptedSession());
        view = workbench.networkView();
        stage.setScene(new Scene(workbench, 1366, 768));
        stage.show();
    }

    private void running(FxRobot robot) throws Exception {
        robot.interact(workbench::start);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> workbench.session().running()
                && view.topology() != null && !view.topology().state().pods().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theClusterFitsAndFillsTheViewOnFirstShowWithTextOfAtLeast12Pixels(FxRobot robot) throws Exception {
        running(robot);
        assertTrue(view.getWidth() >= 1300, "the view spans the workbench: " + view.getWidth());
        assertTrue(view.getHeight() >= 400, "and most of its height: " + view.getHeight());
        Point2D topLeft = view.toView(new Point2D(0, 0));
        Point2D bottomRight = view.toView(new Point2D(view.topology().width(), view.topology().height()));
        assertTrue(topLeft.getX() >= -0.5 && topLeft.getY() >= -0.5, "nothing cut at the top left: " + topLeft);
        assertTrue(bottomRight.getX() <= view.getWidth() + 0.5 && bottomRight.getY() <= view.getHeight() + 0.5,
                "nothing cut at the bottom right: " + bottomRight);
        double usedW = (bottomRight.getX() - topLeft.getX()) / view.getWidth();
        double usedH = (bottomRight.getY() - topLeft.getY()) / view.getHeight();
        assertTrue(Math.max(usedW, usedH) > 0.9, "the picture fills the view in one direction: " + usedW + " x " + usedH);
        assertTrue(view.podLabelPixels() >= 12, "Pod names at least 12 px: " + view.podLabelPixels());
        assertEquals(view.fitScale(), view.scale(), 1e-9);
    }

    @Test
    void wheelZoomsAroundThePointerDragPansKeysZoomAndFFitsAgain(FxRobot robot) throws Exception {
        running(robot);
        double fit = view.scale();
        Point2D at = new Point2D(view.getWidth() * 0.3, view.getHeight() * 0.4);
        Point2D worldUnder = view.toWorld(at);
        Point2D scene = view.localToScene(at);
        robot.interact(() -> javafx.event.Event.fireEvent(view.getChildrenUnmodifiable().get(1), new ScrollEvent(
                ScrollEvent.SCROLL, scene.getX(), scene.getY(), 0, 0, false, false, false, false, false, false, 0, 200, 0, 200,
                ScrollEvent.HorizontalTextScrollUnits.NONE, 0, ScrollEvent.VerticalTextScrollUnits.NONE, 0, 0, null)));
        assertTrue(view.scale() > fit * 1.2, "the wheel zooms in: " + view.scale() + " from " + fit);
        Point2D stays = view.toView(worldUnder);
        assertEquals(at.getX(), stays.getX(), 0.5, "the point under the pointer stays put");
        assertEquals(at.getY(), stays.getY(), 0.5);
        double labels = view.podLabelPixels();
        assertTrue(labels > 12, "text grows when zoomed in: " + labels);

        Point2D origin = view.toView(new Point2D(0, 0));
        Point2D screen = view.localToScreen(view.getWidth() / 2, view.getHeight() / 2);
        robot.moveTo(screen).press(MouseButton.PRIMARY).moveBy(-120, -40).release(MouseButton.PRIMARY);
        Point2D moved = view.toView(new Point2D(0, 0));
        assertEquals(origin.getX() - 120, moved.getX(), 2, "a drag pans");
        assertEquals(origin.getY() - 40, moved.getY(), 2);

        robot.interact(view::requestFocus);
        double before = view.scale();
        robot.type(KeyCode.MINUS);
        assertTrue(view.scale() < before, "- zooms out");
        assertTrue(view.userCamera());
        robot.type(KeyCode.F);
        assertFalse(view.userCamera(), "F fits again");
        assertEquals(fit, view.scale(), 1e-6);
    }

    @Test
    void sendRunsTheClusterWhenItIsNotRunning(FxRobot robot) throws Exception {
        assertFalse(workbench.session().running());
        robot.interact(() -> workbench.send(new TrafficRequest("default/client", "default/web-service", "http", 80)));
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> workbench.timeline().size() > 0);
        assertTrue(workbench.session().running(), "Send started the cluster first");
        assertTrue(workbench.message().startsWith("running"), workbench.message());
        assertEquals("", workbench.trafficPanel().getChildren().stream().filter(n -> n instanceof javafx.scene.control.Label)
                .map(n -> ((javafx.scene.control.Label) n).getText()).reduce("", String::concat), "no 'Press Run first.'");
    }

    @Test
    void theEventListGivesItsColumnsRoomAndWrapsTheInfo(FxRobot robot) throws Exception {
        running(robot);
        robot.interact(() -> workbench.showPanel("Events"));
        robot.interact(() -> workbench.send(new TrafficRequest("default/client", "default/web-service", "http", 80)));
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> workbench.timeline().size() > 0);
        WaitForAsyncUtils.waitForFxEvents();
        var table = workbench.eventList().table();
        TableColumn<Integer, ?> where = table.getColumns().get(2);
        TableColumn<Integer, ?> info = table.getColumns().get(table.getColumns().size() - 1);
        assertEquals("info", info.getText(), "info is last and takes what is left");
        double others = table.getColumns().stream().filter(c -> c != info).mapToDouble(TableColumn::getWidth).sum();
        assertEquals(table.getWidth(), others + info.getWidth(), 30, "the columns fill the table");
        assertTrue(where.getWidth() >= 150, "'where' holds 'worker-1 PREROUTING': " + where.getWidth());
        var cells = robot.lookup(".table-cell").queryAll().stream()
                .filter(n -> n instanceof javafx.scene.control.TableCell<?, ?> c && c.getTableColumn() == info
                        && c.getGraphic() instanceof javafx.scene.text.Text t && !t.getText().isEmpty()).toList();
        assertFalse(cells.isEmpty());
        var text = (javafx.scene.text.Text) ((javafx.scene.control.TableCell<?, ?>) cells.get(0)).getGraphic();
        assertTrue(text.getWrappingWidth() > 100 && text.getWrappingWidth() <= info.getWidth(),
                "the info text wraps at the column's width: " + text.getWrappingWidth());
    }

    @Test
    void darkThemeDarkensThePicture(FxRobot robot) throws Exception {
        running(robot);
        robot.interact(() -> workbench.setDark(true));
        assertEquals(Palette.DARK, view.palette());
        var img = WaitForAsyncUtils.asyncFx(() -> view.snapshot(null, null)).get();
        var px = img.getPixelReader().getColor(3, (int) view.getHeight() - 3);
        assertTrue(px.getBrightness() < 0.2, "a dark background: " + px);
    }
}
