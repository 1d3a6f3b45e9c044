package io.kubecanvas.app.ui;

import javafx.application.Application;

/**
 * Starts the desktop app. A plain class (not an Application subclass) so that it can be called by name
 * from {@code Main} with JavaFX on the class path.
 */
public final class DesktopLauncher {
    private DesktopLauncher() {
    }

    public static void launch(String[] args) {
        Application.launch(KubeCanvasApp.class, args);
    }
}
