package io.kubecanvas.app.ui;

import io.kubecanvas.app.ui.canvas.ClusterPicture;
import io.kubecanvas.app.ui.files.DocumentFiles;
import io.kubecanvas.app.ui.files.Samples;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.ObjectKey;
import io.kubecanvas.model.validate.Finding;
import io.kubecanvas.yamleditor.Diagnostic;
import javafx.geometry.Point2D;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.kubecanvas.app.ui.BuildCompleteExampleTest.canvasPoint;
import static io.kubecanvas.app.ui.BuildCompleteExampleTest.dragFromPalette;
import static io.kubecanvas.app.ui.BuildCompleteExampleTest.setField;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The main window driven as a user would: YAML typing, undo and redo, save and reopen, quick fixes. */
@ExtendWith(ApplicationExtension.class)
class DesignerWindowTest {
    private final DesignerFixture fx = new DesignerFixture();
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = fx.start(stage);
    }

    private void openSample(FxRobot robot, String name) {
        robot.interact(() -> window.open(Samples.load(name), null));
    }

    private void typeOver(FxRobot robot, String context, String find, String replacement) {
        DesignerFixture.typeOver(robot, window, context, find, replacement);
    }

    /** Converts a canvas (world) point to the screen. */
    private Point2D world(double x, double y) {
        Point2D l = window.canvas().toLocal(x, y);
        return window.canvas().localToScreen(l.getX(), l.getY());
    }

    private static void waitForDebounce() throws Exception {
        Thread.sleep(500);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private long replicasDrawn() {
        return window.canvas().picture().boxes().stream().filter(b -> b.shape() == ClusterPicture.Shape.REPLICA).count();
    }

    @Test
    void editingTheYamlChangesTheCanvas(FxRobot robot) throws Exception {
        openSample(robot, "complete.yaml");
        assertEquals(2, replicasDrawn());
        typeOver(robot, "replicas: 2", "2", "4");
        waitForDebounce();
        assertEquals(4, replicasDrawn());
        assertEquals(1, window.session().undoStack().size(), "the text edit is one command");
        typeOver(robot, "name: web-service", "web-service", "front");
        waitForDebounce();
        assertNotNull(window.canvas().picture().box("Service/default/front"));
        // The Ingress still names web-service, so its edge is gone and the validator says why.
        assertTrue(window.canvas().picture().edges().stream().noneMatch(e -> e.from().startsWith("Ingress/")));
        assertTrue(window.findings().stream().anyMatch(f -> "Ingress/default/web-ingress".equals(String.valueOf(f.subject()))),
                () -> "findings: " + window.findings());
    }

    @Test
    void invalidYamlKeepsTheCanvasAndMarksTheError(FxRobot robot) throws Exception {
        openSample(robot, "complete.yaml");
        Design before = window.session().design();
        typeOver(robot, "replicas: 2", "2", "[2");
        waitForDebounce();
        assertSame(before, window.session().design(), "the canvas keeps the last good design");
        assertEquals(2, replicasDrawn());
        assertNotNull(window.yamlPane().model().error());
        List<Diagnostic> marks = window.yamlPane().editor().getDiagnostics();
        assertEquals(1, marks.size());
        assertEquals(Diagnostic.ERROR, marks.get(0).level());
        int line = window.yamlPane().model().error().position().line();
        assertTrue(line >= 6 && line <= 9, "error near the edit, line " + line);
        assertTrue(window.yamlPane().editor().getText().contains("replicas: [2"), "the text is never discarded");
        // Fixing the text brings it back in step.
        typeOver(robot, "replicas: [2", "[2", "3");
        waitForDebounce();
        assertEquals(3, replicasDrawn());
        assertTrue(window.yamlPane().editor().getDiagnostics().stream().noneMatch(d -> d.level().equals(Diagnostic.ERROR)));
    }

    @Test
    void twentyEditsUndoToTheStartAndRedoToTheEnd(FxRobot robot) {
        robot.interact(() -> window.open(Design.empty(), null));
        robot.interact(() -> window.canvas().setView(1, 0, 0));
        List<Design> states = new ArrayList<>();
        states.add(window.session().design());
        String[] kinds = {"Pod", "Deployment", "Service", "Ingress", "NetworkPolicy", "Namespace", "Pod"};
        for (int i = 0; i < kinds.length; i++) {
            // Below the nodes (world y 300 and more), so no Pod lands in a node.
            Point2D at = window.canvas().toLocal(100 + (i % 4) * 170, 300 + (i / 4) * 120);
            dragFromPalette(robot, window, kinds[i], at.getX(), at.getY());
            states.add(window.session().design());
        }
        // Moves: each drag is one command.
        for (int i = 0; i < 7; i++) {
            String id = window.session().design().objects().get(i).key().toString();
            Point2D from = window.canvas().screenPointOf(id);
            robot.drag(from, MouseButton.PRIMARY).dropTo(new Point2D(from.getX() + 15, from.getY() + 25));
            WaitForAsyncUtils.waitForFxEvents();
            states.add(window.session().design());
        }
        // Inspector edits.
        robot.clickOn(robot.point(window.canvas().screenPointOf("Deployment/default/deployment-1")));
        for (int i = 2; i <= 7; i++) {
            setField(robot, "#field-replicas", String.valueOf(i));
            states.add(window.session().design());
        }
        assertEquals(21, states.size());
        for (int i = 1; i < states.size(); i++) {
            assertFalse(states.get(i) == states.get(i - 1), "edit " + i + " changed the design");
        }
        assertEquals(20, window.session().undoStack().size());
        robot.clickOn(canvasPoint(window, 15, 15)); // focus the canvas (empty space)
        for (int i = 19; i >= 0; i--) {
            robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
            WaitForAsyncUtils.waitForFxEvents();
            assertSame(states.get(i), window.session().design(), "after undo to step " + i);
        }
        assertTrue(window.session().design().objects().isEmpty());
        for (int i = 1; i <= 20; i++) {
            if (i % 2 == 0) {
                robot.press(KeyCode.CONTROL).type(KeyCode.Y).release(KeyCode.CONTROL);
            } else {
                robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.Z).release(KeyCode.SHIFT, KeyCode.CONTROL);
            }
            WaitForAsyncUtils.waitForFxEvents();
            assertSame(states.get(i), window.session().design(), "after redo to step " + i);
        }
    }

    @Test
    void saveAndReopenGivesTheSameDesign(FxRobot robot) throws Exception {
        openSample(robot, "three-tier.yaml");
        // Move something so the layout is part of what is saved.
        Point2D from = window.canvas().screenPointOf("Service/shop/api");
        robot.drag(from, MouseButton.PRIMARY).dropTo(new Point2D(from.getX() + 60, from.getY() + 40));
        WaitForAsyncUtils.waitForFxEvents();
        Design saved = window.session().design();
        assertTrue(window.session().isDirty());
        Path file = fx.temp.resolve("shop.yaml");
        fx.dialogs.answers.add(file);
        robot.interact(() -> window.files().save());
        assertFalse(window.session().isDirty());
        assertTrue(Files.exists(file));

        robot.interact(() -> window.open(Design.empty(), null));
        robot.interact(() -> window.files().load(List.of(file)));
        WaitForAsyncUtils.waitForFxEvents();
        Design reopened = window.session().design();
        assertEquals(file, window.session().file());
        assertEquals(saved.objects().size(), reopened.objects().size());
        for (KubeObject o : saved.objects()) {
            assertTrue(o.sameContent(reopened.find(o.key())), "same " + o.key());
        }
        assertEquals(saved.cluster(), reopened.cluster(), "nodes, network and layout survive");
        assertEquals(file.toAbsolutePath().normalize(), window.files().recent().list().get(0));
    }

    @Test
    void aQuickFixIsOneClickAndOneUndoableCommand(FxRobot robot) {
        robot.interact(() -> window.open(Design.empty(), null));
        robot.interact(() -> window.canvas().setView(1, 0, 0));
        dragFromPalette(robot, window, "Deployment", 300, 330);
        Finding f = window.findings().stream().filter(x -> x.fix() != null && x.subject() != null
                && x.subject().kind().equals("Deployment")).findFirst().orElseThrow(() ->
                new AssertionError("a fixable finding on the new Deployment: " + window.findings()));
        assertTrue(window.canvas().badges().containsKey("Deployment/default/deployment-1"), "badge on the canvas");
        Design before = window.session().design();
        int index = window.problems().getItems().indexOf(f);
        assertTrue(index >= 0);
        robot.interact(() -> window.problems().applyFix(f));
        assertFalse(before == window.session().design());
        assertTrue(window.findings().stream().noneMatch(x -> x.rule().equals(f.rule())
                && String.valueOf(x.subject()).equals(String.valueOf(f.subject()))), "the fix removed the finding");
        robot.interact(() -> window.session().undo());
        assertSame(before, window.session().design());
    }

    @Test
    void selectingAnElementSelectsItsYamlAndTheCaretSelectsBack(FxRobot robot) {
        openSample(robot, "complete.yaml");
        robot.clickOn(robot.point(window.canvas().screenPointOf("Service/default/web-service")));
        WaitForAsyncUtils.waitForFxEvents();
        String selected = window.yamlPane().editor().codeArea().getSelectedText();
        assertTrue(selected.startsWith("apiVersion: v1\nkind: Service"), selected);
        assertTrue(selected.contains("name: web-service"));
        String text = window.yamlPane().editor().getText();
        int ingressLine = (int) text.substring(0, text.indexOf("kind: Ingress")).chars().filter(c -> c == '\n').count();
        robot.interact(() -> {
            window.yamlPane().editor().codeArea().requestFocus();
            window.yamlPane().editor().codeArea().moveTo(ingressLine + 2, 0);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("Ingress/default/web-ingress"), List.copyOf(window.session().selection()));
    }

    @Test
    void aPodDroppedOnANodeIsPinnedAndDraggedOffIsLeftToTheScheduler(FxRobot robot) {
        robot.interact(() -> window.open(Design.empty(), null));
        robot.interact(() -> window.canvas().setView(1, 0, 0));
        ClusterPicture.Box node = window.canvas().picture().box("Node/worker-1");
        Point2D inNode = window.canvas().toLocal(node.cx(), node.y() + node.h() - 20);
        String pod = dragFromPalette(robot, window, "Pod", inNode.getX(), inNode.getY());
        assertEquals("worker-1", window.session().design().find(ObjectKey.parse(pod)).get("spec.nodeName"));
        Point2D at = window.canvas().screenPointOf(pod);
        robot.drag(at, MouseButton.PRIMARY).dropTo(canvasPoint(window, 700, 450));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(null, window.session().design().find(ObjectKey.parse(pod)).get("spec.nodeName"));
        assertEquals(2, window.session().undoStack().size());
    }

    @Test
    void unsavedWorkIsAutosavedAndRecovered(FxRobot robot) throws Exception {
        openSample(robot, "complete.yaml");
        robot.interact(() -> window.session().edit("Scale", d -> d.replace(d.objects().get(0), d.objects().get(0).with("spec.replicas", 5))));
        robot.interact(() -> window.files().autosaveNow());
        // A new window (as after a crash) offers the autosave.
        fx.dialogs.answers.add(Boolean.TRUE);
        robot.interact(() -> {
            window.open(Design.empty(), null);
            assertTrue(window.files().offerRecovery());
        });
        assertEquals(5L, ((Number) window.session().design().objects().get(0).get("spec.replicas")).longValue());
        assertTrue(window.session().isDirty());
        // Discarding on New asks first.
        fx.dialogs.answers.add(DocumentFiles.Answer.CANCEL);
        robot.interact(() -> assertFalse(window.files().newDesign()));
        assertFalse(window.session().design().objects().isEmpty());
    }

    @Test
    void longLoadsRunAsATaskAndReportProblemsPerFile(FxRobot robot) throws Exception {
        Path dir = fx.temp.resolve("manifests");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("a.yaml"), Samples.text("complete.yaml"));
        Files.writeString(dir.resolve("b.yaml"), "kind: [broken\n");
        robot.interact(() -> window.files().load(List.of(dir)));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !window.files().busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(3, window.session().design().objects().size());
        assertEquals(1, fx.dialogs.errors.size());
        assertTrue(fx.dialogs.errors.get(0).contains("b.yaml:1:"), fx.dialogs.errors.get(0));
        // Problems lists the file that would not open, with its file, line and column; the next open starts clean.
        Finding broken = window.problems().getItems().stream().filter(f -> f.rule().equals("yaml-syntax")).findFirst()
                .orElseThrow(() -> new AssertionError("the unreadable file in Problems: " + window.problems().getItems()));
        assertTrue(broken.position().file().endsWith("b.yaml"));
        assertTrue(window.problems().whereOf(broken).matches(".*b\\.yaml:1:\\d+ .*"), window.problems().whereOf(broken));
        robot.interact(() -> window.files().openSample("pod.yaml"));
        assertTrue(window.problems().getItems().stream().noneMatch(f -> f.rule().equals("yaml-syntax")));
    }
}
