package io.kubecanvas.model;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dependencies point one way: the model knows no JavaFX or Docker, the emulator no JavaFX, lessons neither. */
class ModuleRulesTest {

    private static Path root() {
        String p = System.getProperty("kubecanvas.root");
        return p != null ? Path.of(p) : Path.of("..");
    }

    private static List<String> offending(String module, List<String> forbidden) throws IOException {
        Path src = root().resolve(module).resolve("src/main/java");
        assertTrue(Files.isDirectory(src), "no sources at " + src);
        List<String> bad = new ArrayList<>();
        try (Stream<Path> files = Files.walk(src)) {
            for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    String l = line.strip();
                    if (l.startsWith("import ")) {
                        for (String prefix : forbidden) {
                            if (l.startsWith("import " + prefix) || l.startsWith("import static " + prefix)) {
                                bad.add(src.relativize(f) + ": " + l);
                            }
                        }
                    }
                }
            }
        }
        return bad;
    }

    @Test
    void modelImportsNeitherJavaFxNorDocker() throws IOException {
        assertEquals(List.of(), offending("model", List.of("javafx.", "com.github.dockerjava.")));
    }

    @Test
    void emulatorImportsNoJavaFx() throws IOException {
        assertEquals(List.of(), offending("emulator", List.of("javafx.", "org.fxmisc.")));
    }

    @Test
    void remoteImportsNeitherJavaFxNorDockerNorTheEmulator() throws IOException {
        assertEquals(List.of(), offending("remote", List.of("javafx.", "org.fxmisc.", "com.github.dockerjava.", "io.kubecanvas.emulator.")));
    }

    @Test
    void lessonsImportNeitherJavaFxNorDockerNorTheDockerBackend() throws IOException {
        // Lessons grade on the sim: a grading never needs a Docker engine or a window.
        assertEquals(List.of(), offending("lessons", List.of("javafx.", "org.fxmisc.", "com.github.dockerjava.",
                "io.kubecanvas.emulator.docker.")));
    }

    @Test
    void onlyTheAppUsesTheLessons() throws IOException {
        for (String module : List.of("model", "emulator", "netviz", "yaml-editor", "remote")) {
            assertEquals(List.of(), offending(module, List.of("io.kubecanvas.lessons.")), module);
        }
    }
}
