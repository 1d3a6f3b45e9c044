package io.kubecanvas.app.ui.document;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.ArrayDeque;
import java.util.Deque;

/** The one undo stack of a document. Pushing a command clears the redo side. */
public final class UndoStack {
    private static final int LIMIT = 500;

    private final Deque<DesignCommand> undo = new ArrayDeque<>();
    private final Deque<DesignCommand> redo = new ArrayDeque<>();
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper undoTitle = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper redoTitle = new ReadOnlyStringWrapper("");

    public void push(DesignCommand command) {
        undo.push(command);
        if (undo.size() > LIMIT) {
            undo.removeLast();
        }
        redo.clear();
        update();
    }

    /** The command to undo, taken off the stack, or null. */
    public DesignCommand undo() {
        DesignCommand c = undo.poll();
        if (c != null) {
            redo.push(c);
        }
        update();
        return c;
    }

    public DesignCommand redo() {
        DesignCommand c = redo.poll();
        if (c != null) {
            undo.push(c);
        }
        update();
        return c;
    }

    /** The command undo would undo next, or null. */
    public DesignCommand peek() {
        return undo.peek();
    }

    /** Replaces the command on top (a run of changes from one source merged into one step). */
    public void replaceTop(DesignCommand command) {
        undo.poll();
        undo.push(command);
        redo.clear();
        update();
    }

    public void clear() {
        undo.clear();
        redo.clear();
        update();
    }

    public int size() {
        return undo.size();
    }

    public ReadOnlyBooleanProperty canUndoProperty() {
        return canUndo.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRedoProperty() {
        return canRedo.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty undoTitleProperty() {
        return undoTitle.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty redoTitleProperty() {
        return redoTitle.getReadOnlyProperty();
    }

    private void update() {
        canUndo.set(!undo.isEmpty());
        canRedo.set(!redo.isEmpty());
        undoTitle.set(undo.isEmpty() ? "" : undo.peek().title());
        redoTitle.set(redo.isEmpty() ? "" : redo.peek().title());
    }
}
