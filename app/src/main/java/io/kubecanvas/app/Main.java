package io.kubecanvas.app;

import io.kubecanvas.app.cli.KubecanvasCommand;

/**
 * The {@code kubecanvas} entry point: with no arguments (or only a design file) it opens the desktop app;
 * with a command it runs the headless CLI, which never loads JavaFX.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (opensWindow(args)) {
            // Loaded by name so that the CLI path never touches a JavaFX class.
            try {
                Class.forName("io.kubecanvas.app.ui.DesktopLauncher").getMethod("launch", String[].class)
                        .invoke(null, (Object) args);
            } catch (ReflectiveOperationException e) {
                System.err.println("kubecanvas: cannot start the desktop app: " + e);
                System.exit(2);
            }
            return;
        }
        System.exit(KubecanvasCommand.run(args));
    }

    /** No arguments, or a file to open, or window options only (--backend, --sample, --lesson, --challenge, --pictures). */
    static boolean opensWindow(String[] args) {
        if (args.length == 0) {
            return true;
        }
        String first = args[0];
        return first.equals("--sample") || first.equals("--backend") || first.equals("--gui") || first.equals("--pictures")
                || first.equals("--lesson") || first.equals("--challenge")
                || (!first.startsWith("-") && (first.endsWith(".yaml") || first.endsWith(".yml")));
    }
}
