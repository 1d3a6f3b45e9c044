package io.kubecanvas.app.ui.files;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.Preferences;

/** The most recently opened or saved files, newest first, kept in the user's preferences. */
public final class RecentFiles {
    private static final int MAX = 8;
    private static final String KEY = "recent";
    private final Preferences prefs;

    public RecentFiles(Preferences prefs) {
        this.prefs = prefs;
    }

    public static RecentFiles forUser() {
        return new RecentFiles(Preferences.userRoot().node("io/kubecanvas/designer"));
    }

    public List<Path> list() {
        List<Path> out = new ArrayList<>();
        for (String s : prefs.get(KEY, "").split("\n")) {
            if (!s.isBlank()) {
                out.add(Path.of(s));
            }
        }
        return out;
    }

    public void add(Path p) {
        List<Path> l = new ArrayList<>(list());
        Path abs = p.toAbsolutePath().normalize();
        l.remove(abs);
        l.add(0, abs);
        while (l.size() > MAX) {
            l.remove(l.size() - 1);
        }
        prefs.put(KEY, String.join("\n", l.stream().map(Path::toString).toList()));
    }

    public void clear() {
        prefs.remove(KEY);
    }
}
