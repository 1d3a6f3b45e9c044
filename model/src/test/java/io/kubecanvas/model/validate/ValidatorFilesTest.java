package io.kubecanvas.model.validate;

import io.kubecanvas.model.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValidatorFilesTest {
    private final DesignValidator validator = new DesignValidator();

    @Test
    void aFileThatIsNotYamlIsAnErrorAndTheOthersAreStillValidated(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("a-bad.yaml");
        Files.writeString(bad, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n   broken: [\n");
        Path good = dir.resolve("b-good.yaml");
        Files.copy(TestFiles.seed().resolve("service-nodeport.yaml"), good);
        List<Finding> findings = validator.validateFiles(List.of(dir));
        Finding syntax = findings.get(0);
        assertEquals("yaml-syntax", syntax.rule());
        assertEquals(Severity.ERROR, syntax.severity());
        assertEquals(bad.toString(), syntax.position().file());
        assertTrue(syntax.position().line() > 0, syntax::describe);
        assertTrue(findings.stream().anyMatch(f -> f.rule().equals("nodeport-service") && f.position().file().equals(good.toString())),
                findings::toString);
        assertTrue(DesignValidator.hasErrors(findings));
    }

    @Test
    void findingsAreSortedByFileLineAndColumn() throws Exception {
        List<Finding> findings = validator.validateFiles(List.of(TestFiles.seed()));
        assertFalse(findings.isEmpty());
        for (int i = 1; i < findings.size(); i++) {
            assertTrue(DesignValidator.ORDER.compare(findings.get(i - 1), findings.get(i)) <= 0);
        }
    }

    @Test
    void aMissingPathIsAnError() {
        List<Finding> findings = validator.validateFiles(List.of(Path.of("no/such/file.yaml")));
        assertEquals(1, findings.size());
        assertEquals("yaml-syntax", findings.get(0).rule());
        assertTrue(findings.get(0).message().contains("no such file"), findings.get(0).message());
    }

    @Test
    void reportPrintsCompilerStyleLinesAndJson() throws Exception {
        List<Finding> findings = validator.validateFiles(List.of(TestFiles.seed().resolve("pod.yaml"),
                TestFiles.seed().resolve("service-nodeport.yaml")));
        String text = FindingsReport.text(findings, 2);
        String selectorLine = TestFiles.seed().resolve("service-nodeport.yaml") + ":6:3: warning: ";
        assertTrue(text.lines().anyMatch(l -> l.startsWith(selectorLine) && l.endsWith("[service-selector-matches-nothing]")), text);
        assertTrue(text.endsWith("0 errors, " + findings.size() + " warnings, 0 info in 2 files\n"), text);
        String json = FindingsReport.json(findings);
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertEquals(findings.size(), tree.size());
        var first = tree.get(0);
        for (String field : List.of("file", "line", "column", "severity", "rule", "message", "object", "path")) {
            assertTrue(first.has(field), field);
        }
    }

    @Test
    void checkingObjectsInParallelGivesTheSameFindingsInTheSameOrder() throws Exception {
        var design = io.kubecanvas.model.DesignIO.parse("generated.yaml", GeneratedManifests.yaml(3_000, 7));
        List<String> parallel = new DesignValidator(1).validate(design).stream().map(Finding::describe).toList();
        List<String> sequential = new DesignValidator(Integer.MAX_VALUE).validate(design).stream().map(Finding::describe).toList();
        assertFalse(sequential.isEmpty());
        assertEquals(sequential, parallel);
    }

    @Test
    void generatedManifestsHaveTheRequestedCountAndRealisticFindings() throws Exception {
        String yaml = GeneratedManifests.yaml(500, 1);
        var design = io.kubecanvas.model.DesignIO.parse("generated.yaml", yaml);
        assertEquals(500, design.objects().size());
        List<Finding> findings = validator.validate(design);
        assertFalse(DesignValidator.hasErrors(findings) && findings.stream().anyMatch(f -> f.rule().equals("unknown-field")),
                "the generator writes only fields the API knows");
        assertTrue(findings.stream().noneMatch(f -> f.rule().equals("wrong-type") || f.rule().equals("missing-field")),
                findings::toString);
    }
}
