package io.kubecanvas.app.ui.files;

import io.kubecanvas.app.ui.document.DesignSession;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignDocument;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.yaml.YamlException;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.concurrent.Task;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * New, Open (a design file, any manifest file, a folder of manifests), Save, Save As, samples, recent
 * files, autosave and recovery. Loading runs as a background {@link Task} with progress; dialogs are
 * behind {@link Dialogs} so tests answer them without a window.
 */
public final class DocumentFiles {

    /** The questions file operations ask. */
    public interface Dialogs {
        /** Files or a folder to open; empty when cancelled. */
        List<Path> chooseOpen(boolean folder);

        /** Where to save; null when cancelled. */
        Path chooseSave(String suggestedName);

        Answer askSaveChanges(String name);

        /** The file exists: replace it? (Asked when the app added the extension to a typed name.) */
        default boolean confirmReplace(Path file) {
            return true;
        }

        boolean askRecover(Autosave.Recovery recovery);

        void error(String message);
    }

    public enum Answer { SAVE, DISCARD, CANCEL }

    private final DesignSession session;
    private final Dialogs dialogs;
    private final RecentFiles recent;
    private final Autosave autosave;
    private final Executor background;
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<List<YamlException>> loadErrors = new ReadOnlyObjectWrapper<>(List.of());
    private String title = "Untitled";

    public DocumentFiles(DesignSession session, Dialogs dialogs, RecentFiles recent, Autosave autosave, Executor background) {
        this.session = session;
        this.dialogs = dialogs;
        this.recent = recent;
        this.autosave = autosave;
        this.background = background;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The files the last open could not read (each with its line and column); empty after any other open. */
    public ReadOnlyObjectProperty<List<YamlException>> loadErrorsProperty() {
        return loadErrors.getReadOnlyProperty();
    }

    public List<YamlException> loadErrors() {
        return loadErrors.get();
    }

    public RecentFiles recent() {
        return recent;
    }

    /** The document's display name: its file name, the sample's name, or Untitled. */
    public String title() {
        return session.file() != null ? session.file().getFileName().toString() : title;
    }

    /** Asks to save unsaved work; false when the user cancels. */
    public boolean confirmDiscard() {
        if (!session.isDirty()) {
            return true;
        }
        return switch (dialogs.askSaveChanges(title())) {
            case SAVE -> save();
            case DISCARD -> true;
            case CANCEL -> false;
        };
    }

    public boolean newDesign() {
        if (!confirmDiscard()) {
            return false;
        }
        title = "Untitled";
        loadErrors.set(List.of());
        session.open(Design.empty(), null);
        autosave.discard();
        return true;
    }

    /** Opens a design that has no file yet (an import from a cluster), named {@code name} until it is saved. */
    public void openUnsaved(Design d, String name) {
        title = name;
        session.open(d, null);
    }

    public boolean openSample(String name) {
        if (!confirmDiscard()) {
            return false;
        }
        title = name;
        loadErrors.set(List.of());
        session.open(Samples.load(name), null);
        return true;
    }

    public void openDialog(boolean folder) {
        if (!confirmDiscard()) {
            return;
        }
        List<Path> paths = dialogs.chooseOpen(folder);
        if (!paths.isEmpty()) {
            load(paths);
        }
    }

    /** Opens files or folders in the background (the caller has already confirmed discarding). */
    public Task<DesignIO.LoadResult> load(List<Path> paths) {
        Task<DesignIO.LoadResult> task = new Task<>() {
            @Override
            protected DesignIO.LoadResult call() {
                List<YamlException> errors = new ArrayList<>();
                List<Path> files = DesignIO.expand(paths, errors);
                List<DesignDocument> docs = new ArrayList<>();
                for (int i = 0; i < files.size(); i++) {
                    updateMessage("Reading " + files.get(i).getFileName() + " (" + (i + 1) + " of " + files.size() + ")");
                    updateProgress(i, files.size());
                    DesignIO.LoadResult r = DesignIO.load(files.get(i));
                    docs.addAll(r.design().documents());
                    errors.addAll(r.errors());
                }
                updateProgress(files.size(), files.size());
                return new DesignIO.LoadResult(Design.of(docs), errors);
            }
        };
        busy.set(true);
        progress.bind(task.progressProperty());
        message.bind(task.messageProperty());
        task.setOnSucceeded(e -> {
            finish();
            DesignIO.LoadResult r = task.getValue();
            boolean single = paths.size() == 1 && Files.isRegularFile(paths.get(0));
            title = single ? paths.get(0).getFileName().toString() : paths.get(0).getFileName() + (paths.size() > 1 ? " and more" : "");
            loadErrors.set(List.copyOf(r.errors()));
            session.open(r.design(), single ? paths.get(0) : null);
            paths.forEach(recent::add);
            if (!r.ok()) {
                StringBuilder s = new StringBuilder("Some files could not be read; everything else is open:\n");
                r.errors().forEach(x -> s.append(x.describe()).append('\n'));
                dialogs.error(s.toString());
            }
        });
        task.setOnFailed(e -> {
            finish();
            dialogs.error("Cannot open " + paths + ": " + task.getException().getMessage());
        });
        background.execute(task);
        return task;
    }

    private void finish() {
        progress.unbind();
        message.unbind();
        busy.set(false);
        progress.set(0);
        message.set("");
    }

    public boolean save() {
        Path f = session.file();
        if (f == null) {
            return saveAs();
        }
        return saveTo(f);
    }

    public boolean saveAs() {
        Path chosen = dialogs.chooseSave(title().endsWith(".yaml") ? title() : title() + ".yaml");
        if (chosen == null) {
            return false;
        }
        Path f = withYamlExtension(chosen);
        if (!f.equals(chosen) && Files.exists(f) && !dialogs.confirmReplace(f)) {
            return false;
        }
        return saveTo(f);
    }

    /**
     * A typed name without an extension gets {@code .yaml}: the file chooser (GTK) returns the name as typed,
     * so "shop" would be saved as a file {@code shop} that nobody finds among the designs.
     */
    public static Path withYamlExtension(Path chosen) {
        String name = chosen.getFileName().toString();
        return name.contains(".") ? chosen : chosen.resolveSibling(name + ".yaml");
    }

    public boolean saveTo(Path f) {
        try {
            DesignIO.save(session.design(), f);
        } catch (IOException e) {
            dialogs.error("Cannot save " + f + ": " + e.getMessage() + ". Choose another place with Save As.");
            return false;
        }
        session.markSaved(f);
        recent.add(f);
        autosave.discard();
        // Where it went, in full: a relative name lands in the folder the dialog was showing.
        say("Saved " + f.toAbsolutePath().normalize());
        return true;
    }

    /** A status line (set even when it is the same words as the last one, so it shows again). */
    private void say(String text) {
        if (!message.isBound()) {
            message.set("");
            message.set(text);
        }
    }

    /** Writes the autosave copy when there is unsaved work (called on a timer). */
    public void autosaveNow() {
        if (!session.isDirty()) {
            return;
        }
        try {
            autosave.write(session.design(), session.file());
        } catch (IOException e) {
            say("Autosave failed: " + e.getMessage());
        }
    }

    /** At start: offers the autosaved copy when the last run did not end cleanly. True when recovered. */
    public boolean offerRecovery() {
        Autosave.Recovery r = autosave.pending();
        if (r == null || !dialogs.askRecover(r)) {
            return false;
        }
        DesignIO.LoadResult loaded = DesignIO.load(r.autosaved());
        if (!loaded.ok()) {
            dialogs.error("The autosaved copy cannot be read: " + loaded.errors().get(0).describe());
            return false;
        }
        title = r.origin() == null ? "Recovered" : r.origin().getFileName().toString();
        loadErrors.set(List.of());
        session.open(Design.empty(), r.origin());
        // Recovered work is unsaved work: one command from empty, so it stays dirty and undoable.
        session.edit("Recover autosaved work", d -> loaded.design());
        return true;
    }

    /** A clean exit: no autosave left behind. */
    public void closed() {
        autosave.discard();
    }
}
