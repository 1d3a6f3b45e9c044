package io.kubecanvas.app.ui;

import io.kubecanvas.app.ui.files.Samples;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.SourcePosition;
import io.kubecanvas.model.validate.Finding;
import io.kubecanvas.model.validate.Severity;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;

import static io.kubecanvas.app.ui.BuildCompleteExampleTest.dragFromPalette;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Problems panel as a user meets it: YAML errors with line:col and a click to get there, rows that wrap. */
@ExtendWith(ApplicationExtension.class)
class ProblemsPanelTest {
    private final DesignerFixture fx = new DesignerFixture();
    private MainWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        window = fx.start(stage);
    }

    @Test
    void aYamlErrorIsListedWithItsLineAndColumnAndAClickPutsTheCaretThere(FxRobot robot) throws Exception {
        robot.interact(() -> window.open(Samples.load("complete.yaml"), null));
        DesignerFixture.typeOver(robot, window, "replicas: 2", "2", "[2");
        Thread.sleep(500);
        WaitForAsyncUtils.waitForFxEvents();

        SourcePosition error = window.yamlPane().model().error().position();
        Finding first = window.problems().getItems().get(0);
        assertEquals("yaml-syntax", first.rule());
        assertEquals(Severity.ERROR, first.severity());
        assertTrue(window.status().countsText().contains("1 error,"), window.status().countsText());
        Label where = robot.lookup(".finding-where").queryAll().stream().map(Label.class::cast)
                .filter(l -> l.getText().endsWith("yaml-syntax")).findFirst().orElseThrow();
        assertTrue(where.getText().startsWith("line " + error.line() + ":" + error.column()), where.getText());

        // The caret is elsewhere; one click on the row puts it on the error, in the YAML pane.
        robot.interact(() -> window.yamlPane().editor().jumpTo(1, 1));
        robot.clickOn(where);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(error.line(), window.yamlPane().editor().caretLine());
        assertEquals(error.column() - 1, window.yamlPane().editor().codeArea().getCaretColumn());
        assertTrue(window.yamlPane().editor().codeArea().isFocused(), "typing goes on where the error is");

        // Mended, the error leaves the list.
        DesignerFixture.typeOver(robot, window, "replicas: [2", "[2", "3");
        Thread.sleep(500);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(window.problems().getItems().stream().noneMatch(f -> f.rule().equals("yaml-syntax")));
        assertTrue(window.status().countsText().contains("0 errors"), window.status().countsText());
    }

    @Test
    void longMessagesWrapAndEveryFixButtonStaysInsideTheList(FxRobot robot) {
        robot.interact(() -> {
            stage.setWidth(1366);
            stage.setHeight(768);
            window.open(Design.empty(), null);
            window.canvas().setView(1, 0, 0);
        });
        dragFromPalette(robot, window, "Deployment", 300, 330);
        WaitForAsyncUtils.waitForFxEvents();
        Bounds list = window.problems().localToScreen(window.problems().getLayoutBounds());
        assertTrue(list.getHeight() >= 140, "room for more than one row at 1366x768: " + list.getHeight());
        boolean wrapped = false;
        int fixes = 0;
        for (int i = 0; i < window.problems().getItems().size(); i++) {
            int row = i;
            robot.interact(() -> window.problems().scrollTo(row));
            for (Node n : robot.lookup(".finding-message").queryAll()) {
                Label l = (Label) n;
                Bounds b = l.localToScreen(l.getLayoutBounds());
                if (b == null || b.getMinY() >= list.getMaxY() || b.getMaxY() <= list.getMinY()) {
                    continue; // a recycled cell out of view
                }
                Text shown = (Text) l.lookup(".text");
                assertNotNull(shown);
                assertEquals(l.getText(), shown.getText(), "shown in full, not cut with an ellipsis");
                assertTrue(b.getMaxX() <= list.getMaxX() + 0.5, l.getText() + " ends inside the list");
                wrapped |= b.getHeight() > 2 * l.getFont().getSize();
            }
            for (Node n : robot.lookup(".finding-fix").queryAll()) {
                Bounds b = n.localToScreen(n.getLayoutBounds());
                if (b == null || b.getMinY() >= list.getMaxY() || b.getMaxY() <= list.getMinY()) {
                    continue;
                }
                fixes++;
                assertTrue(b.getMaxX() <= list.getMaxX() + 0.5, ((Button) n).getText() + " inside the list");
            }
        }
        assertTrue(wrapped, "at 1366x768 a long message takes two lines or more");
        assertTrue(fixes >= 3, "the new Deployment's fixes were seen: " + fixes);
    }
}
