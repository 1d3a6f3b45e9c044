package io.kubecanvas.netviz.presenter;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * A full-screen stage showing the views it is given (taken from the workbench, given back on close) with a
 * caption underneath: where the packet is and, in large type, what happens to it there. Keys: Enter sends the
 * chosen request, space plays or pauses, → and ← step, C follows the packet, F fits, + and − zoom, Esc or
 * F5 leave.
 */
public final class PresenterMode {

    /** What the keys do; the workbench implements it. */
    public interface Controls {
        void togglePlay();

        void stepForward();

        void stepBack();

        void setFollow(boolean on);

        boolean follow();

        void fit();

        void zoom(double factor);

        /** Sends the request chosen in the traffic panel again. */
        void send();
    }

    private final Stage stage = new Stage();
    private final Label where = new Label();
    private final Label caption = new Label();
    private final Label hint = new Label("Enter send   Space play/pause   ← → step   C follow   F fit   + − zoom   Esc leave");
    private final Region views;
    private final Controls controls;
    private final Runnable onClose;
    private boolean closed;

    private PresenterMode(Window owner, Region views, Controls controls, Runnable onClose, boolean dark) {
        this.views = views;
        this.controls = controls;
        this.onClose = onClose;
        where.setId("presenter-where");
        caption.setId("presenter-caption");
        caption.setWrapText(true);
        String fg = dark ? "#e6edf3" : "#1b262c";
        String bg = dark ? "#0d1117" : "#f7f9fc";
        where.setStyle("-fx-font-size: 22px; -fx-text-fill: " + (dark ? "#b0bec5" : "#455a64") + ";");
        caption.setStyle("-fx-font-size: 30px; -fx-font-weight: bold; -fx-text-fill: " + fg + ";");
        hint.setStyle("-fx-font-size: 14px; -fx-text-fill: " + (dark ? "#78909c" : "#78909c") + ";");
        hint.setMinWidth(Region.USE_PREF_SIZE);
        VBox text = new VBox(4, where, caption);
        HBox.setHgrow(text, Priority.ALWAYS);
        HBox bottom = new HBox(16, text, hint);
        bottom.setAlignment(Pos.BOTTOM_LEFT);
        bottom.setPadding(new Insets(12, 24, 16, 24));
        bottom.setStyle("-fx-background-color: " + bg + "; -fx-border-color: " + (dark ? "#30363d" : "#cfd8dc")
                + "; -fx-border-width: 1 0 0 0;");
        BorderPane root = new BorderPane(views);
        root.setBottom(bottom);
        root.setStyle("-fx-background-color: " + bg + ";");
        Scene scene = new Scene(root, 1280, 720);
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::key);
        stage.setScene(scene);
        stage.setTitle("KubeCanvas — presenter");
        if (owner != null) {
            stage.initOwner(owner);
        }
        stage.setFullScreenExitKeyCombination(KeyCombination.NO_MATCH);
        stage.setFullScreenExitHint("");
        stage.setOnHidden(e -> close());
        stage.fullScreenProperty().addListener((o, was, now) -> {
            if (was && !now && stage.isShowing()) {
                stage.hide();
            }
        });
    }

    /** Opens full screen with {@code views} (removed from wherever they were by the caller). */
    public static PresenterMode open(Window owner, Region views, Controls controls, Runnable onClose, boolean dark) {
        PresenterMode p = new PresenterMode(owner, views, controls, onClose, dark);
        // The whole screen even where no window manager grants full screen (a bare X server, a kiosk).
        var screen = javafx.stage.Screen.getPrimary().getBounds();
        p.stage.setX(screen.getMinX());
        p.stage.setY(screen.getMinY());
        p.stage.setWidth(screen.getWidth());
        p.stage.setHeight(screen.getHeight());
        p.stage.setFullScreen(true);
        p.stage.show();
        views.requestFocus();
        return p;
    }

    /** Shows where the packet is (short) and what happens there (large). */
    public void caption(String whereText, String captionText) {
        where.setText(whereText == null ? "" : whereText);
        caption.setText(captionText == null ? "" : captionText);
    }

    public String captionText() {
        return caption.getText();
    }

    public String whereText() {
        return where.getText();
    }

    public Stage stage() {
        return stage;
    }

    public boolean showing() {
        return !closed;
    }

    /** Leaves presenter mode and gives the views back. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ((BorderPane) stage.getScene().getRoot()).setCenter(null);
        if (stage.isShowing()) {
            stage.hide();
        }
        onClose.run();
    }

    private void key(KeyEvent e) {
        KeyCode k = e.getCode();
        switch (k) {
            case SPACE -> controls.togglePlay();
            case ENTER -> controls.send();
            case RIGHT, PAGE_DOWN -> controls.stepForward();
            case LEFT, PAGE_UP -> controls.stepBack();
            case C -> controls.setFollow(!controls.follow());
            case F, DIGIT0 -> controls.fit();
            case PLUS, EQUALS, ADD -> controls.zoom(1.25);
            case MINUS, SUBTRACT -> controls.zoom(1 / 1.25);
            case ESCAPE, F5 -> close();
            default -> {
                return;
            }
        }
        e.consume();
    }

    Region views() {
        return views;
    }
}
