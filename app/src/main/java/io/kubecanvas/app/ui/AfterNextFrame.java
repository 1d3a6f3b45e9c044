package io.kubecanvas.app.ui;

import javafx.animation.AnimationTimer;

/**
 * Runs work once the next frame is on screen, coalescing: only the latest request runs. Large designs use it
 * so that the canvas shows a design first and the YAML text and findings follow a frame later.
 */
public final class AfterNextFrame {
    private Runnable pending;
    private int ticks;
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            // The first tick starts the frame that shows the change; the second comes after it was rendered.
            if (++ticks < 2) {
                return;
            }
            stop();
            Runnable r = pending;
            pending = null;
            if (r != null) {
                r.run();
            }
        }
    };

    public void run(Runnable work) {
        pending = work;
        ticks = 0;
        timer.start();
    }
}
