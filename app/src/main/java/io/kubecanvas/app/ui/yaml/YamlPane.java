package io.kubecanvas.app.ui.yaml;

import io.kubecanvas.app.ui.document.DesignSession;
import io.kubecanvas.model.SourcePosition;
import io.kubecanvas.model.validate.Finding;
import io.kubecanvas.yamleditor.YamlEditor;
import javafx.animation.PauseTransition;
import javafx.collections.SetChangeListener;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.util.Duration;

import java.util.List;

/**
 * The YAML editor bound to the session: edits are parsed 300 ms after the last keystroke; selection goes
 * both ways (an element selects its lines, the caret selects the element under it).
 */
public final class YamlPane extends BorderPane {
    public static final Duration DEBOUNCE = Duration.millis(300);

    private final YamlPaneModel model;
    private final YamlEditor editor = new YamlEditor();
    private final Label state = new Label();
    private final PauseTransition debounce = new PauseTransition(DEBOUNCE);
    private final DesignSession session;
    private boolean selectingFromCaret;
    static final int LARGE_TEXT = 200_000;
    private final io.kubecanvas.app.ui.AfterNextFrame textLater = new io.kubecanvas.app.ui.AfterNextFrame();

    public YamlPane(DesignSession session) {
        this.session = session;
        this.model = new YamlPaneModel(session);
        getStyleClass().add("yaml-pane");
        setCenter(editor);
        state.getStyleClass().add("yaml-state");
        state.setMaxWidth(Double.MAX_VALUE);
        setBottom(state);
        editor.setText(model.text());
        model.textProperty().addListener((o, a, t) -> {
            if (t.length() > LARGE_TEXT) {
                // A long text is laid out after the canvas has shown the design.
                textLater.run(() -> showText(model.text()));
            } else {
                showText(t);
            }
        });
        model.errorProperty().addListener((o, a, e) -> refreshDiagnostics());
        editor.setOnTextEdited(t -> {
            debounce.stop();
            debounce.playFromStart();
        });
        debounce.setOnFinished(e -> commit());
        editor.setOnCaretLine(line -> {
            String id = model.elementAtLine(line);
            if (id != null && !session.selection().contains(id)) {
                selectingFromCaret = true;
                try {
                    session.select(List.of(id));
                } finally {
                    selectingFromCaret = false;
                }
            }
        });
        session.selection().addListener((SetChangeListener<String>) c -> {
            if (!selectingFromCaret && session.selection().size() == 1) {
                int[] lines = model.linesOf(session.selection().iterator().next());
                if (lines != null) {
                    editor.selectLines(lines[0], lines[1]);
                }
            }
        });
        refreshDiagnostics();
    }

    private void showText(String t) {
        editor.setText(t);
        if (session.lastOrigin() == DesignSession.Origin.OPEN) {
            editor.jumpTo(1, 1); // a newly opened design starts at its top
        }
        refreshDiagnostics();
    }

    /** Parses what is typed now (the debounce calls this; tests may too). */
    public void commit() {
        debounce.stop();
        if (!editor.getText().equals(model.text()) || model.error() != null) {
            model.textEdited(editor.getText());
            refreshDiagnostics();
        }
    }

    /**
     * Routes the editor's undo and redo keys (Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y) to the document's one undo
     * stack: the editor keeps no text history of its own, so an undo never has two meanings.
     */
    public void setUndoRedo(Runnable undo, Runnable redo) {
        editor.setUndoRedo(undo, redo);
    }

    public YamlPaneModel model() {
        return model;
    }

    public YamlEditor editor() {
        return editor;
    }

    public void setFindings(List<Finding> findings) {
        model.setFindings(findings);
        refreshDiagnostics();
    }

    /** Puts the caret on a finding's line and column. */
    public void jumpTo(Finding f) {
        SourcePosition p = model.positionOf(f);
        if (p != null) {
            editor.jumpTo(p.line(), p.column());
            editor.codeArea().requestFocus();
        }
    }

    private void refreshDiagnostics() {
        editor.setDiagnostics(model.diagnostics());
        if (model.error() != null) {
            SourcePosition p = model.error().position();
            state.setText("Line " + p.line() + ":" + p.column() + ": " + model.error().getMessage()
                    + " \u2014 the canvas keeps the last valid design");
            state.getStyleClass().setAll("yaml-state", "yaml-state-error");
        } else {
            state.setText("YAML in step with the canvas");
            state.getStyleClass().setAll("yaml-state");
        }
    }
}
