package io.kubecanvas.app.ui;

import javafx.geometry.Rectangle2D;

import java.util.prefs.Preferences;

/**
 * Where the main window opens: where the user left it when that still fits on a screen, else centred and
 * large: 88% of the screen (a 1920x1080 classroom projector gets 1690x950, room for the network view beside a
 * lesson), never smaller than 1500x940 unless the screen is (a 1366x768 laptop gets the whole screen).
 */
public record WindowBounds(double x, double y, double width, double height, boolean maximized) {
    static final double MIN_W = 1500;
    static final double MIN_H = 940;
    private static final String KEY = "window";

    /** The default for this screen (its visual bounds). */
    public static WindowBounds centred(Rectangle2D screen) {
        double w = Math.min(screen.getWidth(), Math.max(MIN_W, Math.round(screen.getWidth() * 0.88)));
        double h = Math.min(screen.getHeight(), Math.max(MIN_H, Math.round(screen.getHeight() * 0.88)));
        return new WindowBounds(screen.getMinX() + (screen.getWidth() - w) / 2, screen.getMinY() + (screen.getHeight() - h) / 2,
                w, h, false);
    }

    /**
     * The saved bounds when they lie wholly on the screen and are at least 400x300, else {@link #centred}: a
     * window saved on a projector that is gone opens on the laptop, not off its edge.
     */
    public static WindowBounds choose(Rectangle2D screen, WindowBounds saved) {
        if (saved != null && saved.width() >= 400 && saved.height() >= 300
                && screen.contains(saved.x(), saved.y(), saved.width(), saved.height())) {
            return saved;
        }
        return saved != null && saved.maximized() ? centred(screen).maximize() : centred(screen);
    }

    WindowBounds maximize() {
        return new WindowBounds(x, y, width, height, true);
    }

    /** What {@link #save} wrote, or null (nothing saved, or unreadable). */
    public static WindowBounds load(Preferences prefs) {
        String[] v = prefs.get(KEY, "").split(" ");
        if (v.length != 5) {
            return null;
        }
        try {
            return new WindowBounds(Double.parseDouble(v[0]), Double.parseDouble(v[1]), Double.parseDouble(v[2]),
                    Double.parseDouble(v[3]), Boolean.parseBoolean(v[4]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public void save(Preferences prefs) {
        prefs.put(KEY, x + " " + y + " " + width + " " + height + " " + maximized);
    }

    public static Preferences forUser() {
        return Preferences.userRoot().node("io/kubecanvas/designer");
    }
}
