package io.kubecanvas.app.ui;

import atlantafx.base.theme.PrimerLight;
import io.kubecanvas.app.ui.files.Autosave;
import io.kubecanvas.app.ui.files.RecentFiles;
import io.kubecanvas.app.ui.files.Samples;
import io.kubecanvas.app.ui.pictures.DocsPictures;
import io.kubecanvas.app.ui.lessons.LearnMenu;
import io.kubecanvas.app.ui.lessons.LearnPanel;
import io.kubecanvas.lessons.Catalog;
import io.kubecanvas.lessons.Progress;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.validate.DesignValidator;
import io.kubecanvas.model.validate.Finding;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The desktop application. Arguments: a design or manifest file to open, or {@code --sample NAME}, or
 * {@code --lesson ID} / {@code --challenge ID} (a shipped one, or a file); with none it offers to recover unsaved
 * work from a crash, else opens the article's complete example.
 * {@code --pictures DIR} takes the docs' pictures of this screen's size and exits ({@link DocsPictures}).
 */
public final class KubeCanvasApp extends Application {
    private NetworkRun networkRun;
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kubecanvas-background");
        t.setDaemon(true);
        return t;
    });

    /** What validates designs: the model's validator (schema, references, practices, cluster). */
    public static Function<Design, List<Finding>> validator() {
        DesignValidator v = new DesignValidator();
        return v::validate;
    }

    @Override
    public void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        FxDialogs dialogs = new FxDialogs(() -> stage);
        MainWindow window = new MainWindow(validator(), dialogs, background, RecentFiles.forUser(), Autosave.forUser());
        List<String> args = getParameters().getRaw();
        int pictures = args.indexOf("--pictures");
        // Where the user left it, else large and centred (see WindowBounds); the whole screen for the docs' pictures.
        Rectangle2D screen = pictures >= 0 ? Screen.getPrimary().getBounds() : Screen.getPrimary().getVisualBounds();
        WindowBounds bounds = pictures >= 0 ? new WindowBounds(screen.getMinX(), screen.getMinY(), screen.getWidth(), screen.getHeight(), false)
                : WindowBounds.choose(screen, WindowBounds.load(WindowBounds.forUser()));
        Scene scene = new Scene(window, bounds.width(), bounds.height());
        stage.setScene(scene);
        stage.setX(bounds.x());
        stage.setY(bounds.y());
        stage.setMaximized(bounds.maximized());
        stage.setTitle("KubeCanvas");
        stage.setOnCloseRequest(e -> {
            if (!window.files().confirmDiscard()) {
                e.consume();
            } else {
                window.files().closed();
                if (pictures < 0) {
                    new WindowBounds(stage.getX(), stage.getY(), scene.getWidth(), scene.getHeight(), stage.isMaximized())
                            .save(WindowBounds.forUser());
                }
            }
        });
        stage.show();
        Platform.runLater(() -> {
            if (pictures >= 0) {
                window.files().openSample(Samples.DEFAULT);
            } else {
                openFromArguments(window, args);
            }
            // After the first design is open, so the emulator starts from it.
            networkRun = new NetworkRun(window, background);
            LearnPanel learn = LearnMenu.install(window, networkRun.workbench(), Progress.forUser(), background);
            openTeachingFromArguments(learn, args);
            if (pictures >= 0) {
                Path dir = Path.of(pictures + 1 < args.size() ? args.get(pictures + 1) : "docs");
                new DocsPictures(window, () -> networkRun, () -> learn, dir).start();
            }
        });
    }

    private static void openFromArguments(MainWindow window, List<String> args) {
        int sample = args.indexOf("--sample");
        if (sample >= 0) {
            String name = sample + 1 < args.size() ? args.get(sample + 1) : Samples.DEFAULT;
            window.files().openSample(name.endsWith(".yaml") ? name : name + ".yaml");
        } else if (!args.isEmpty() && !args.get(0).startsWith("-")) {
            // As File > Open does it: what cannot be read is said (a dialog and Problems), not dropped.
            window.files().load(List.of(Path.of(args.get(0))));
        } else if (!window.files().offerRecovery()) {
            window.files().openSample(Samples.DEFAULT);
        }
        window.canvas().fit();
    }

    private static void openTeachingFromArguments(LearnPanel learn, List<String> args) {
        for (String flag : List.of("--lesson", "--challenge")) {
            int i = args.indexOf(flag);
            if (i < 0 || i + 1 >= args.size()) {
                continue;
            }
            String what = args.get(i + 1);
            Catalog c = Catalog.shipped();
            if (flag.equals("--lesson") && c.lesson(what).isPresent()) {
                learn.openLesson(c.lesson(what).get());
            } else if (flag.equals("--challenge") && c.challenge(what).isPresent()) {
                learn.openChallenge(c.challenge(what).get());
            } else {
                String error = LearnMenu.open(Path.of(what), learn);
                if (error != null) {
                    System.err.println(error);
                }
            }
        }
    }

    @Override
    public void stop() {
        if (networkRun != null) {
            networkRun.close();
        }
        background.shutdownNow();
    }
}
