package io.kubecanvas.lessons;

import io.kubecanvas.model.DesignIO;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every shipped challenge against its folder of solutions (src/test/resources/solutions/ID/{correct,incorrect}):
 * each correct solution, however it is written, passes every assertion; each incorrect one fails; the starting
 * design fails (a challenge that starts solved teaches nothing).
 */
class SolutionsTest {

    static Path solutions() {
        return Path.of("src/test/resources/solutions");
    }

    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(DesignIO::isManifestName).sorted().toList();
        }
    }

    @TestFactory
    List<DynamicTest> everyShippedChallengeHasSolutionsThatGradeAsWritten() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Challenge c : Catalog.shipped().challenges()) {
            Path dir = solutions().resolve(c.id());
            tests.add(DynamicTest.dynamicTest(c.id() + " has correct and incorrect solutions", () -> {
                assertTrue(files(dir.resolve("correct")).size() >= 2, "at least two correct solutions for " + c.id());
                assertTrue(files(dir.resolve("incorrect")).size() >= 2, "at least two incorrect solutions for " + c.id());
            }));
            tests.add(DynamicTest.dynamicTest(c.id() + ": the starting design fails", () -> {
                Grader.Grade g = Grader.grade(c, c.design(), c.id() + " start");
                assertFalse(g.passed(), GradeReport.text(c, List.of(g)));
            }));
            if (!Files.isDirectory(dir)) {
                continue;
            }
            for (Path f : files(dir.resolve("correct"))) {
                tests.add(DynamicTest.dynamicTest(c.id() + " correct/" + f.getFileName(), () -> {
                    Grader.Grade g = Grader.grade(c, load(f), f.toString());
                    assertTrue(g.passed(), GradeReport.text(c, List.of(g)));
                }));
            }
            for (Path f : files(dir.resolve("incorrect"))) {
                tests.add(DynamicTest.dynamicTest(c.id() + " incorrect/" + f.getFileName(), () -> {
                    Grader.Grade g = Grader.grade(c, load(f), f.toString());
                    assertFalse(g.passed(), GradeReport.text(c, List.of(g)));
                }));
            }
        }
        return tests;
    }

    static io.kubecanvas.model.Design load(Path f) {
        DesignIO.LoadResult r = DesignIO.load(f);
        assertTrue(r.ok(), r.errors().toString());
        return r.design();
    }
}
