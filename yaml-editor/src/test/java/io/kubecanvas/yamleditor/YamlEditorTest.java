package io.kubecanvas.yamleditor;

import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(ApplicationExtension.class)
class YamlEditorTest {
    private YamlEditor editor;
    private final List<String> edits = new ArrayList<>();

    @Start
    void start(Stage stage) {
        editor = new YamlEditor();
        editor.setOnTextEdited(edits::add);
        stage.setScene(new Scene(editor, 500, 300));
        stage.show();
    }

    @Test
    void programmaticTextIsNotAUserEditButTypingIs(FxRobot robot) {
        robot.interact(() -> editor.setText("kind: Pod\nmetadata:\n  name: a\n"));
        assertTrue(edits.isEmpty());
        robot.interact(() -> editor.jumpTo(3, 10));
        robot.write("b");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, edits.size());
        assertEquals("kind: Pod\nmetadata:\n  name: ab\n", edits.get(0));
    }

    @Test
    void settingTextKeepsTheCaretWhereTheTextIsUnchanged(FxRobot robot) {
        robot.interact(() -> {
            editor.setText("a: 1\nb: 2\nc: 3\n");
            editor.jumpTo(3, 1);
            editor.setText("a: 1\nb: 22\nc: 3\n");
        });
        assertEquals(3, editor.caretLine());
    }

    @Test
    void diagnosticsAreUnderlinedAndFoundByOffset(FxRobot robot) {
        String text = "kind: Pod\nspec:\n  replicas: x\n";
        robot.interact(() -> {
            editor.setText(text);
            editor.setDiagnostics(List.of(new Diagnostic(3, 13, Diagnostic.ERROR, "not a number")));
        });
        int x = text.indexOf("x\n");
        assertTrue(editor.stylesAt(x).contains("diag-error"), () -> "styles " + editor.stylesAt(x));
        assertEquals("not a number", editor.diagnosticAt(x).message());
        assertNull(editor.diagnosticAt(0));
        assertTrue(editor.stylesAt(0).contains(YamlHighlighter.KEY));
    }

    @Test
    void returnIndentsTheNewLineAsTheYamlAroundItAsks(FxRobot robot) {
        robot.interact(() -> editor.setText("spec:\n  containers:\n    - name: web"));
        robot.interact(() -> {
            editor.codeArea().requestFocus();
            editor.jumpTo(3, 16);
        });
        robot.type(KeyCode.ENTER);
        robot.write("image: nginx");
        robot.type(KeyCode.ENTER);
        robot.write("ports:");
        robot.type(KeyCode.ENTER);
        robot.write("- containerPort: 80");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("spec:\n  containers:\n    - name: web\n      image: nginx\n      ports:\n        - containerPort: 80",
                editor.getText());
        assertEquals(edits.get(edits.size() - 1), editor.getText(), "Return is a user edit like any keystroke");

        // Return in the middle of a line splits it; the rest starts at the key's column.
        robot.interact(() -> editor.setText("a:\n  b: 1 c: 2"));
        robot.interact(() -> editor.jumpTo(2, 8));
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("a:\n  b: 1 \n  c: 2", editor.getText());
    }

    @Test
    void tabInsertsTwoSpaces(FxRobot robot) {
        robot.interact(() -> {
            editor.setText("a:\n");
            editor.codeArea().requestFocus();
            editor.jumpTo(2, 1);
        });
        robot.type(KeyCode.TAB);
        robot.write("b: 1");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("a:\n  b: 1", editor.getText());
    }

    @Test
    void selectLinesSelectsWholeLines(FxRobot robot) {
        robot.interact(() -> {
            editor.setText("a: 1\nb: 2\nc: 3\n");
            editor.selectLines(2, 3);
        });
        assertEquals("b: 2\nc: 3", editor.codeArea().getSelectedText());
        assertNotNull(editor.getDiagnostics());
    }
}
