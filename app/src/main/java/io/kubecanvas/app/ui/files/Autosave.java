package io.kubecanvas.app.ui.files;

import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * Keeps a copy of unsaved work in {@code ~/.kubecanvas/autosave} (or {@code $kubecanvas.home/autosave}).
 * A clean save or a clean exit deletes it; one found at start means the app did not end cleanly, and it
 * is offered for recovery when it is newer than the file it belongs to.
 */
public final class Autosave {
    private final Path dir;

    public Autosave(Path dir) {
        this.dir = dir;
    }

    public static Autosave forUser() {
        String home = System.getProperty("kubecanvas.home");
        Path base = home != null ? Path.of(home) : Path.of(System.getProperty("user.home"), ".kubecanvas");
        return new Autosave(base.resolve("autosave"));
    }

    public Path designFile() {
        return dir.resolve("autosave.yaml");
    }

    private Path originFile() {
        return dir.resolve("origin.txt");
    }

    /** Writes the design (atomically) and which file it belongs to (may be null for an unsaved design). */
    public void write(Design design, Path origin) throws IOException {
        Files.createDirectories(dir);
        DesignIO.save(design, designFile());
        Files.writeString(originFile(), origin == null ? "" : origin.toAbsolutePath().toString(), StandardCharsets.UTF_8);
    }

    public void discard() {
        try {
            Files.deleteIfExists(designFile());
            Files.deleteIfExists(originFile());
        } catch (IOException ignored) {
            // nothing to recover next time is the worst that can happen
        }
    }

    /** What can be recovered: the autosaved file and the file it belongs to (null if unsaved). */
    public record Recovery(Path autosaved, Path origin) {
    }

    /** A recovery when an autosave exists and is newer than its file (or its file never was saved). */
    public Recovery pending() {
        Path f = designFile();
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            String o = Files.exists(originFile()) ? Files.readString(originFile(), StandardCharsets.UTF_8).strip() : "";
            Path origin = o.isEmpty() ? null : Path.of(o);
            if (origin != null && Files.exists(origin)) {
                FileTime a = Files.getLastModifiedTime(f);
                FileTime b = Files.getLastModifiedTime(origin);
                if (a.compareTo(b) <= 0) {
                    return null;
                }
            }
            return new Recovery(f, origin);
        } catch (IOException e) {
            return null;
        }
    }
}
