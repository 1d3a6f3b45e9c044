package io.kubecanvas.app.ui.document;

import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignDocument;
import io.kubecanvas.model.KubeObject;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableSet;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The open document: one design, one selection, one undo stack, the file it belongs to. Every panel
 * observes this object; every edit goes through {@link #edit} and becomes one undoable command.
 *
 * <p>The selection holds element ids: an object's {@code ObjectKey.toString()} or {@code Node/name}.
 */
public final class DesignSession {
    private final ReadOnlyObjectWrapper<Design> design = new ReadOnlyObjectWrapper<>(Design.empty());
    private final ObservableSet<String> selection = FXCollections.observableSet(new LinkedHashSet<>());
    private final UndoStack undo = new UndoStack();
    private final ReadOnlyObjectWrapper<Path> file = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper();
    private Design saved = design.get();
    /** What the last change was caused by, so the YAML pane does not rewrite text the user is typing. */
    private Origin lastOrigin = Origin.OPEN;

    /** Where a design change came from. */
    public enum Origin { OPEN, EDIT, TEXT, UNDO }

    public ReadOnlyObjectProperty<Design> designProperty() {
        return design.getReadOnlyProperty();
    }

    public Design design() {
        return design.get();
    }

    public ObservableSet<String> selection() {
        return selection;
    }

    public UndoStack undoStack() {
        return undo;
    }

    public ReadOnlyObjectProperty<Path> fileProperty() {
        return file.getReadOnlyProperty();
    }

    public Path file() {
        return file.get();
    }

    public ReadOnlyBooleanProperty dirtyProperty() {
        return dirty.getReadOnlyProperty();
    }

    public boolean isDirty() {
        return dirty.get();
    }

    public Origin lastOrigin() {
        return lastOrigin;
    }

    /** Opens a design: no history, not dirty, nothing selected. */
    public void open(Design d, Path path) {
        undo.clear();
        selection.clear();
        saved = d;
        file.set(path);
        set(d, Origin.OPEN);
    }

    /** Marks the current design as saved to {@code path}. */
    public void markSaved(Path path) {
        saved = design.get();
        file.set(path);
        dirty.set(false);
    }

    /**
     * Applies one edit as one undoable command. Returns false (and pushes nothing) when the edit changes
     * nothing.
     */
    public boolean edit(String title, UnaryOperator<Design> change) {
        return apply(title, change.apply(design.get()), Origin.EDIT);
    }

    /**
     * A change from outside the window (kubectl, through the API server): one undoable command. Changes of
     * the same {@code group} (one kubectl invocation) that follow each other within two seconds merge into
     * one command, so {@code kubectl apply -f DIR} is one undo step. Returns false when nothing changed.
     */
    public boolean applyExternal(String title, UnaryOperator<Design> change, String group) {
        Design before = design.get();
        Design after = change.apply(before);
        if (after == null || after == before) {
            return false;
        }
        long now = System.currentTimeMillis();
        DesignCommand top = undo.peek();
        if (group != null && group.equals(lastExternalGroup) && top != null && top.after() == before && now - lastExternalAt < 2000) {
            undo.replaceTop(new DesignCommand(mergedTitle(top.title(), title), top.before(), after));
        } else {
            undo.push(new DesignCommand(title, before, after));
        }
        lastExternalGroup = group;
        lastExternalAt = now;
        set(after, Origin.EDIT);
        return true;
    }

    private String lastExternalGroup;
    private long lastExternalAt;

    /** "kubectl apply: ConfigMap default/a" then "...b": "kubectl apply: 2 objects". */
    private static String mergedTitle(String first, String next) {
        int colon = first.indexOf(": ");
        String verb = colon > 0 ? first.substring(0, colon) : first;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(.*): (\\d+) objects$").matcher(first);
        int n = m.matches() ? Integer.parseInt(m.group(2)) + 1 : 2;
        return verb + ": " + n + " objects";
    }

    /** A design that came from the YAML text (already parsed): one command too. */
    public boolean applyText(Design fromText) {
        return apply("Edit YAML", fromText, Origin.TEXT);
    }

    private boolean apply(String title, Design after, Origin origin) {
        Design before = design.get();
        // An edit that says the same (an auto-layout of a laid-out design, a move to where it was) is no
        // command: its undo would do nothing anyone can see.
        if (after == null || after == before || sameDesign(before, after, origin != Origin.TEXT)) {
            return false;
        }
        undo.push(new DesignCommand(title, before, after));
        set(after, origin);
        return true;
    }

    public boolean undo() {
        DesignCommand c = undo.undo();
        if (c == null) {
            return false;
        }
        set(c.before(), Origin.UNDO);
        return true;
    }

    public boolean redo() {
        DesignCommand c = undo.redo();
        if (c == null) {
            return false;
        }
        set(c.after(), Origin.UNDO);
        return true;
    }

    /**
     * True when two designs say the same: the same documents in the same order and the same cluster. A
     * gesture's edit that gives an object the same content is no change ({@code byContent}); typed text is
     * compared as text, since a comment is a change there.
     */
    static boolean sameDesign(Design a, Design b, boolean byContent) {
        List<DesignDocument> x = a.documents();
        List<DesignDocument> y = b.documents();
        if (x.size() != y.size() || !a.cluster().equals(b.cluster())) {
            return false;
        }
        for (int i = 0; i < x.size(); i++) {
            DesignDocument p = x.get(i);
            DesignDocument q = y.get(i);
            boolean same = p == q || (byContent && p instanceof KubeObject o && q instanceof KubeObject u && o.sameContent(u))
                    || p.text().equals(q.text());
            if (!same) {
                return false;
            }
        }
        return true;
    }

    public void select(Collection<String> ids) {
        if (!selection.equals(Set.copyOf(ids))) {
            selection.clear();
            selection.addAll(ids);
        }
    }

    private void set(Design d, Origin origin) {
        lastOrigin = origin;
        design.set(d);
        dirty.set(d != saved);
        // Elements that no longer exist cannot stay selected.
        selection.removeIf(id -> !Elements.exists(d, id));
    }
}
