package io.kubecanvas.app.ui;

import io.kubecanvas.app.ui.files.Autosave;
import io.kubecanvas.app.ui.files.DocumentFiles;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The real dialogs: file choosers and alerts owned by the main window. */
public final class FxDialogs implements DocumentFiles.Dialogs {
    private final Supplier<Window> owner;

    public FxDialogs(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public List<Path> chooseOpen(boolean folder) {
        if (folder) {
            DirectoryChooser c = new DirectoryChooser();
            c.setTitle("Open a folder of manifests");
            File f = c.showDialog(owner.get());
            return f == null ? List.of() : List.of(f.toPath());
        }
        FileChooser c = new FileChooser();
        c.setTitle("Open a design or manifests");
        c.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("YAML and JSON", "*.yaml", "*.yml", "*.json"),
                new FileChooser.ExtensionFilter("All files", "*"));
        List<File> files = c.showOpenMultipleDialog(owner.get());
        return files == null ? List.of() : files.stream().map(File::toPath).toList();
    }

    @Override
    public Path chooseSave(String suggestedName) {
        return chooseFile("Save the design", suggestedName, "*.yaml");
    }

    public Path chooseFile(String title, String suggestedName, String pattern) {
        FileChooser c = new FileChooser();
        c.setTitle(title);
        c.setInitialFileName(suggestedName);
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter(pattern, pattern));
        File f = c.showSaveDialog(owner.get());
        return f == null ? null : f.toPath();
    }

    public Path chooseFolder(String title) {
        DirectoryChooser c = new DirectoryChooser();
        c.setTitle(title);
        File f = c.showDialog(owner.get());
        return f == null ? null : f.toPath();
    }

    @Override
    public DocumentFiles.Answer askSaveChanges(String name) {
        ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType("Don't save", ButtonBar.ButtonData.NO);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "Save the changes to " + name + "?", save, discard, ButtonType.CANCEL);
        a.initOwner(owner.get());
        a.setHeaderText("Unsaved changes");
        Optional<ButtonType> r = a.showAndWait();
        if (r.isEmpty() || r.get() == ButtonType.CANCEL) {
            return DocumentFiles.Answer.CANCEL;
        }
        return r.get() == save ? DocumentFiles.Answer.SAVE : DocumentFiles.Answer.DISCARD;
    }

    @Override
    public boolean confirmReplace(Path file) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, file.getFileName() + " already exists in " + file.toAbsolutePath().getParent()
                + ". Replace it?", ButtonType.YES, ButtonType.CANCEL);
        a.initOwner(owner.get());
        a.setHeaderText("Replace " + file.getFileName() + "?");
        return a.showAndWait().filter(b -> b == ButtonType.YES).isPresent();
    }

    @Override
    public boolean askRecover(Autosave.Recovery recovery) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "KubeCanvas did not close cleanly last time. Recover the unsaved work"
                + (recovery.origin() == null ? "" : " on " + recovery.origin().getFileName()) + "?", ButtonType.YES, ButtonType.NO);
        a.initOwner(owner.get());
        a.setHeaderText("Recover unsaved work");
        return a.showAndWait().filter(b -> b == ButtonType.YES).isPresent();
    }

    @Override
    public void error(String message) {
        Alert a = new Alert(Alert.AlertType.ERROR, message, ButtonType.OK);
        a.initOwner(owner.get());
        a.setHeaderText("KubeCanvas");
        a.showAndWait();
    }
}
