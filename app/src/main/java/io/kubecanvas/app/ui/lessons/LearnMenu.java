package io.kubecanvas.app.ui.lessons;

import io.kubecanvas.app.ui.MainWindow;
import io.kubecanvas.lessons.Catalog;
import io.kubecanvas.lessons.Challenge;
import io.kubecanvas.lessons.Lesson;
import io.kubecanvas.lessons.Progress;
import io.kubecanvas.lessons.Teaching;
import io.kubecanvas.lessons.TeachingFiles;
import io.kubecanvas.model.yaml.YamlException;
import io.kubecanvas.netviz.NetworkWorkbench;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.stage.FileChooser;

import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.Executor;

/** The Learn menu: the shipped lessons and challenges, a lesson or challenge file, and authoring a challenge. */
public final class LearnMenu {
    private LearnMenu() {
    }

    /** Adds the Learn menu and the side panel to the window; the panel opens when something is chosen. */
    public static LearnPanel install(MainWindow window, NetworkWorkbench workbench, Progress progress, Executor background) {
        LearnPanel panel = new LearnPanel(window, workbench, progress, background);
        panel.setSaveChooser(name -> {
            FileChooser fc = new FileChooser();
            fc.setInitialFileName(name);
            fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("KubeCanvas challenge", "*.yaml"));
            File f = fc.showSaveDialog(window.getScene() == null ? null : window.getScene().getWindow());
            return f == null ? null : f.toPath();
        });
        Menu learn = new Menu("Learn");
        learn.setId("menu-learn");
        Catalog catalog = Catalog.shipped();
        // The progress marks are read again each time the menu opens.
        learn.setOnShowing(e -> learn.getItems().forEach(i -> {
            if (i.getUserData() instanceof Lesson shown) {
                i.setText("Lesson " + shown.order() + ": " + shown.title() + progressNote(progress, shown));
            }
        }));
        for (Lesson l : catalog.lessons()) {
            MenuItem m = new MenuItem();
            m.setUserData(l);
            m.setText("Lesson " + l.order() + ": " + l.title() + progressNote(progress, l));
            m.setOnAction(e -> {
                if (window.files().confirmDiscard()) {
                    panel.openLesson(l);
                }
            });
            learn.getItems().add(m);
        }
        learn.getItems().add(new SeparatorMenuItem());
        for (Challenge c : catalog.challenges()) {
            MenuItem m = new MenuItem("Challenge: " + c.title() + " (" + c.id() + ")");
            m.setOnAction(e -> {
                if (window.files().confirmDiscard()) {
                    panel.openChallenge(c);
                }
            });
            learn.getItems().add(m);
        }
        MenuItem open = new MenuItem("Open a lesson or challenge file\u2026");
        open.setOnAction(e -> openFile(window, panel));
        MenuItem author = new MenuItem("Author a challenge from this design\u2026");
        author.setOnAction(e -> panel.openAuthoring());
        learn.getItems().addAll(new SeparatorMenuItem(), open, author);
        window.addMenu(learn);
        return panel;
    }

    private static String progressNote(Progress p, Lesson l) {
        int done = p.lesson(l.id()).done.size();
        return done == 0 ? "" : done >= l.steps().size() ? "  \u2714" : "  (" + done + "/" + l.steps().size() + ")";
    }

    private static void openFile(MainWindow window, LearnPanel panel) {
        FileChooser fc = new FileChooser();
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Lessons and challenges", "*.yaml", "*.yml"));
        File f = fc.showOpenDialog(window.getScene() == null ? null : window.getScene().getWindow());
        if (f == null || !window.files().confirmDiscard()) {
            return;
        }
        String error = open(Path.of(f.getPath()), panel);
        if (error != null) {
            new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.ERROR, error).showAndWait();
        }
    }

    /** Opens a file as a lesson or a challenge; an unreadable one is reported with its file:line:col. */
    public static String open(Path file, LearnPanel panel) {
        try {
            Teaching t = TeachingFiles.read(file);
            if (t instanceof Lesson l) {
                panel.openLesson(l);
            } else {
                panel.openChallenge((Challenge) t);
            }
            return null;
        } catch (YamlException ex) {
            return ex.describe();
        }
    }
}
