package io.kubecanvas.app.ui.document;

import io.kubecanvas.app.ui.edit.DesignEdits;
import io.kubecanvas.model.Cluster.Point;
import io.kubecanvas.model.Design;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The document without a window: one command per edit, undo and redo, dirty state, selection cleanup. */
class DesignSessionTest {

    @Test
    void editsAreCommandsOnOneStack() {
        DesignSession s = new DesignSession();
        Design start = s.design();
        assertTrue(s.edit("Add Pod", d -> DesignEdits.add(d, "Pod", new Point(1, 1), null).design()));
        assertFalse(s.edit("Nothing", d -> d), "an edit that changes nothing is not a command");
        assertEquals(1, s.undoStack().size());
        assertEquals("Add Pod", s.undoStack().undoTitleProperty().get());
        assertTrue(s.isDirty());
        Design after = s.design();
        assertTrue(s.undo());
        assertSame(start, s.design());
        assertFalse(s.isDirty());
        assertTrue(s.undoStack().canRedoProperty().get());
        assertTrue(s.redo());
        assertSame(after, s.design());
        s.edit("Add Service", d -> DesignEdits.add(d, "Service", null, null).design());
        assertFalse(s.undoStack().canRedoProperty().get(), "a new edit clears redo");
    }

    @Test
    void selectionDropsWhatNoLongerExists() {
        DesignSession s = new DesignSession();
        s.edit("Add Pod", d -> DesignEdits.add(d, "Pod", null, null).design());
        s.select(List.of("Pod/default/pod-1", "Node/worker-1"));
        s.undo();
        assertEquals(List.of("Node/worker-1"), List.copyOf(s.selection()));
    }

    @Test
    void savingMarksClean() {
        DesignSession s = new DesignSession();
        s.edit("Add Pod", d -> DesignEdits.add(d, "Pod", null, null).design());
        s.markSaved(java.nio.file.Path.of("x.yaml"));
        assertFalse(s.isDirty());
        s.undo();
        assertTrue(s.isDirty(), "undoing past the save makes it dirty again");
    }
}
