package io.kubecanvas.app.ui.files;

import io.kubecanvas.model.Design;
import io.kubecanvas.model.validate.DesignValidator;
import io.kubecanvas.model.validate.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.prefs.Preferences;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FilesTest {

    @Test
    void everySampleLoadsAndTheRichOnesHaveNoErrors() {
        for (String name : Samples.ALL.keySet()) {
            Design d = Samples.load(name);
            assertTrue(!d.objects().isEmpty(), name);
        }
        for (String name : List.of("complete.yaml", "three-tier.yaml", "multi-host-ingress.yaml")) {
            var errors = new DesignValidator().validate(Samples.load(name)).stream()
                    .filter(f -> f.severity() == Severity.ERROR).toList();
            assertTrue(errors.isEmpty(), name + ": " + errors);
        }
        assertEquals(12, Samples.load("three-tier.yaml").objects().size());
    }

    @Test
    void recentFilesAreNewestFirstWithoutDuplicates(@TempDir Path dir) throws Exception {
        Preferences prefs = Preferences.userRoot().node("io/kubecanvas/test/recent-" + System.nanoTime());
        RecentFiles r = new RecentFiles(prefs);
        r.add(dir.resolve("a.yaml"));
        r.add(dir.resolve("b.yaml"));
        r.add(dir.resolve("a.yaml"));
        assertEquals(List.of(dir.resolve("a.yaml"), dir.resolve("b.yaml")), r.list());
        prefs.removeNode();
    }

    @Test
    void anAutosaveNewerThanItsFileIsOfferedAndAnOlderOneIsNot(@TempDir Path dir) throws Exception {
        Autosave a = new Autosave(dir.resolve("autosave"));
        assertNull(a.pending());
        Path origin = dir.resolve("design.yaml");
        Files.writeString(origin, "");
        a.write(Samples.load("complete.yaml"), origin);
        Files.setLastModifiedTime(origin, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Autosave.Recovery r = a.pending();
        assertNotNull(r);
        assertEquals(origin.toAbsolutePath(), r.origin());
        Files.setLastModifiedTime(origin, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        assertNull(a.pending(), "the file was saved after the autosave");
        a.discard();
        assertNull(a.pending());
    }
}
