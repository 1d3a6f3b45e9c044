package io.kubecanvas.app.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchValidateCommandTest {

    @Test
    void printsObjectsPerSecondForValidationAndForParsePlusValidation() {
        ValidateCommandTest.Run r = ValidateCommandTest.run("bench", "validate", "--objects", "300", "--runs", "1", "--warmup", "0");
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("bench validate: 300 generated objects"), r.out());
        assertTrue(lines.get(0).contains("load average"), r.out());
        assertTrue(lines.get(1).matches("validate: +[\\d,]+ objects/s .*findings\\)"), r.out());
        assertTrue(lines.get(2).matches("parse \\+ validate: +[\\d,]+ objects/s .*of process CPU time.*"), r.out());
        assertTrue(lines.get(3).matches("target: parse \\+ validate at least 30,000 objects/s \\(wall time\\): (met|MISSED) .*"), r.out());
        assertEquals(lines.get(3).contains(": met") ? 0 : 1, r.exit(), "a missed target exits 1: " + r.out());
    }

    @Test
    void realComparesTheValidateCommandWithKubectlKustomizeOnTheSameFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("m.yaml");
        java.nio.file.Files.writeString(file, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n");
        ValidateCommandTest.Run r = ValidateCommandTest.run("bench", "validate", "--real", file.toString(), "--runs", "1");
        assertTrue(r.out().contains("kubectl kustomize:"), r.out() + r.err());
        assertTrue(r.out().matches("(?s).*kubecanvas validate: +\\d+ ms +\\([\\d.]+x kubectl kustomize\\).*"), r.out());
        assertTrue(r.out().matches("(?s).*target: within 1.5x of kubectl kustomize: (met|MISSED).*"), r.out());
        assertEquals(r.out().contains("kustomize: met") ? 0 : 1, r.exit(), r.out());
    }

    @Test
    void benchWithoutSubcommandPrintsUsage() {
        ValidateCommandTest.Run r = ValidateCommandTest.run("bench");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("validate"), r.out());
    }

    @Test
    void rejectsZeroObjects() {
        assertEquals(2, ValidateCommandTest.run("bench", "validate", "--objects", "0").exit());
    }
}
