package io.kubecanvas.app.ui.lessons;

import io.kubecanvas.app.ui.MainWindow;
import io.kubecanvas.lessons.Challenge;
import io.kubecanvas.lessons.LearnerView;
import io.kubecanvas.lessons.Lesson;
import io.kubecanvas.lessons.Progress;
import io.kubecanvas.netviz.NetworkWorkbench;
import io.kubecanvas.netviz.view.LayerMode;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The side panel of the main window that teaches: a lesson being taken, a challenge with "Check my design", or a
 * challenge being authored. It reads what the learner does from the window (design, selection, tab) and the
 * network workbench (packets, layer, the running cluster), and shows a step's "what to show" through them.
 */
public final class LearnPanel extends BorderPane {
    static final double WIDTH = 360;
    private final MainWindow window;
    private final NetworkWorkbench workbench;
    private final Progress progress;
    private final Executor background;
    private final Label title = new Label();
    private Function<String, Path> chooseSave = name -> null;
    private Closeable content;

    /** What the panel shows; closed when another one replaces it. */
    interface Closeable {
        Node node();

        /** What stays under the scrolling part (Back/Next, Check, Save), or null. */
        default Node footer() {
            return null;
        }

        void close();
    }

    public LearnPanel(MainWindow window, NetworkWorkbench workbench, Progress progress, Executor background) {
        this.window = window;
        this.workbench = workbench;
        this.progress = progress;
        this.background = background;
        setId("learn-panel");
        getStyleClass().add("learn-panel");
        setPrefWidth(WIDTH);
        setMinWidth(300);
        title.getStyleClass().add("panel-title");
        title.setId("learn-title");
        Button close = new Button("\u2715");
        close.setId("learn-close");
        close.setOnAction(e -> close());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox head = new HBox(6, title, spacer, close);
        head.setAlignment(Pos.CENTER_LEFT);
        head.setPadding(new Insets(6, 8, 6, 10));
        setTop(head);
        setStyle("-fx-border-color: -color-border-default; -fx-border-width: 0 0 0 1;");
    }

    MainWindow window() {
        return window;
    }

    NetworkWorkbench workbench() {
        return workbench;
    }

    Progress progress() {
        return progress;
    }

    Executor background() {
        return background;
    }

    /** Where "Save challenge…" writes (a file chooser in the app; tests give a path). */
    public void setSaveChooser(Function<String, Path> chooser) {
        chooseSave = chooser;
    }

    Path chooseSave(String suggested) {
        return chooseSave.apply(suggested);
    }

    /** Opens a lesson on its starting design, where the learner left it last time. */
    public LessonView openLesson(Lesson lesson) {
        window.open(lesson.design(), null);
        LessonView v = new LessonView(this, lesson);
        show("LESSON", v);
        return v;
    }

    /** Opens a challenge on its starting design. */
    public ChallengeView openChallenge(Challenge challenge) {
        window.open(challenge.design(), null);
        ChallengeView v = new ChallengeView(this, challenge);
        show("CHALLENGE", v);
        return v;
    }

    /** Authoring a challenge from the open design. */
    public AuthoringView openAuthoring() {
        AuthoringView v = new AuthoringView(this);
        show("AUTHOR A CHALLENGE", v);
        return v;
    }

    public Node content() {
        return content == null ? null : content.node();
    }

    public void close() {
        if (content != null) {
            content.close();
            content = null;
        }
        window.setSidePanel(null);
    }

    private void show(String heading, Closeable view) {
        if (content != null) {
            content.close();
        }
        content = view;
        title.setText(heading);
        ScrollPane scroll = new ScrollPane(view.node());
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        setCenter(scroll);
        Node footer = view.footer();
        if (footer instanceof javafx.scene.layout.Region r) {
            r.setPadding(new Insets(8, 12, 10, 12));
            r.setStyle("-fx-border-color: -color-border-default; -fx-border-width: 1 0 0 0;");
        }
        setBottom(footer);
        boolean appeared = window.getRight() != this;
        window.setSidePanel(this);
        if (appeared) {
            // The canvas lost room to the panel: fit the design again once the window has laid out.
            javafx.animation.PauseTransition later = new javafx.animation.PauseTransition(javafx.util.Duration.millis(120));
            later.setOnFinished(e -> window.canvas().fit());
            later.play();
        }
    }

    /** What the learner has in front of them now (packet events are fed to the lesson as they come). */
    LearnerView view() {
        return new LearnerView(window.session().design(), workbench.session().state(), window.session().selection(),
                window.centreTab(), workbench.networkView().layerMode().name().toLowerCase(Locale.ROOT), List.of());
    }

    /** A step's "what to show": select an element, bring a tab to the front, set the network layer. */
    void show(Lesson.Show show) {
        if (show.select() != null) {
            window.session().select(List.of(show.select()));
        }
        if ("network".equals(show.tab())) {
            window.showNetworkTab();
        } else if ("design".equals(show.tab())) {
            window.showDesignTab();
        }
        if (show.layer() != null) {
            workbench.setLayerMode(LayerMode.valueOf(show.layer().toUpperCase(Locale.ROOT)));
        }
    }
}
