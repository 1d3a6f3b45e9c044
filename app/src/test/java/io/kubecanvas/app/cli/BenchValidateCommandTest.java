package io.kubecanvas.app.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchValidateCommandTest {

    @Test
    void printsObjectsPerSecondForValidationAndForParsePlusValidation() {
        ValidateCommandTest.Run r = ValidateCommandTest.run("bench", "validate", "--objects", "300", "--runs", "1", "--warmup", "0");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("bench validate: 300 generated objects"), r.out());
        assertTrue(lines.get(1).matches("validate: +[\\d,]+ objects/s .*findings\\)"), r.out());
        assertTrue(lines.get(2).matches("parse \\+ validate: +[\\d,]+ objects/s .*"), r.out());
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
