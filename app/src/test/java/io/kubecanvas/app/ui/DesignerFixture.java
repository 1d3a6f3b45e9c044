package io.kubecanvas.app.ui;

import atlantafx.base.theme.PrimerLight;
import io.kubecanvas.app.ui.files.Autosave;
import io.kubecanvas.app.ui.files.DocumentFiles;
import io.kubecanvas.app.ui.files.RecentFiles;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.prefs.Preferences;

/** A main window for tests: scripted dialogs, loads on the calling thread, preferences and autosave in temp places. */
public final class DesignerFixture {
    static {
        // Monocle's headless screen is 1280x800 unless told otherwise; the window is larger.
        System.setProperty("headless.geometry", "1600x1000-32");
    }

    public final Path temp;
    public final ScriptedDialogs dialogs = new ScriptedDialogs();
    public MainWindow window;

    public DesignerFixture() {
        try {
            temp = Files.createTempDirectory("kubecanvas-ui-test");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public MainWindow start(Stage stage) {
        return start(stage, 1500, 940);
    }

    /** The window at a given size (a projector's 1366x768). */
    public MainWindow start(Stage stage, double width, double height) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        Preferences prefs = Preferences.userRoot().node("io/kubecanvas/test/" + temp.getFileName());
        window = new MainWindow(KubeCanvasApp.validator(), dialogs, Runnable::run, new RecentFiles(prefs),
                new Autosave(temp.resolve("autosave")));
        stage.setScene(new Scene(window, width, height));
        stage.show();
        return window;
    }

    /** Selects {@code find} (the first after {@code context}) in the YAML editor and types over it, as a user would. */
    public static void typeOver(FxRobot robot, MainWindow window, String context, String find, String replacement) {
        String text = window.yamlPane().editor().getText();
        int at = text.indexOf(context);
        if (at < 0) {
            throw new AssertionError("the YAML has no " + context);
        }
        int from = text.indexOf(find, at);
        robot.interact(() -> {
            window.yamlPane().editor().codeArea().requestFocus();
            window.yamlPane().editor().codeArea().selectRange(from, from + find.length());
        });
        robot.write(replacement);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Dialog answers queued by the test; errors are collected. */
    public static final class ScriptedDialogs implements DocumentFiles.Dialogs {
        public final Deque<Object> answers = new ArrayDeque<>();
        public final List<String> errors = new ArrayList<>();

        @Override
        @SuppressWarnings("unchecked")
        public List<Path> chooseOpen(boolean folder) {
            return (List<Path>) answers.removeFirst();
        }

        @Override
        public Path chooseSave(String suggestedName) {
            return (Path) answers.removeFirst();
        }

        @Override
        public DocumentFiles.Answer askSaveChanges(String name) {
            return (DocumentFiles.Answer) answers.removeFirst();
        }

        @Override
        public boolean confirmReplace(Path file) {
            return (Boolean) answers.removeFirst();
        }

        @Override
        public boolean askRecover(Autosave.Recovery recovery) {
            return (Boolean) answers.removeFirst();
        }

        @Override
        public void error(String message) {
            errors.add(message);
        }
    }
}
