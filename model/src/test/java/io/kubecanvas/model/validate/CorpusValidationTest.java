package io.kubecanvas.model.validate;

import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.TestFiles;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorpusValidationTest {
    private final DesignValidator validator = new DesignValidator();

    @TestFactory
    Stream<DynamicTest> everySeedAndCorpusManifestValidatesWithPositionsInItsOwnFile() throws Exception {
        List<Path> files = TestFiles.allManifests();
        assertTrue(files.size() > 60, "expected the seed and corpus manifests, found " + files.size());
        return files.stream().map(f -> DynamicTest.dynamicTest(TestFiles.shared().relativize(f).toString(), () -> {
            List<Finding> findings = validator.validateFiles(List.of(f));
            for (Finding x : findings) {
                if (Boolean.getBoolean("kubecanvas.printFindings")) {
                    System.out.println(x.describe());
                }
                assertEquals(f.toString(), x.position().file(), x::describe);
                assertTrue(x.position().line() > 0, x::describe);
                assertTrue(x.position().column() > 0, x::describe);
                assertFalse(x.message().isBlank(), x::describe);
            }
        }));
    }

    @Test
    void podAndNodePortServiceTogetherReportTheSelectorAtTheSelectorLine() {
        Path pod = TestFiles.seed().resolve("pod.yaml");
        Path svc = TestFiles.seed().resolve("service-nodeport.yaml");
        DesignIO.LoadResult loaded = DesignIO.load(List.of(pod, svc));
        List<Finding> findings = validator.validate(loaded);
        Finding f = findings.stream().filter(x -> x.rule().equals("service-selector-matches-nothing")).findFirst()
                .orElseThrow(() -> new AssertionError("no selector finding in " + findings));
        assertEquals(svc.toString(), f.position().file());
        assertEquals(6, f.position().line(), "the line of 'selector:' in service-nodeport.yaml");
        assertEquals("spec.selector", f.path());
        assertTrue(f.message().contains("app=web-app"), f.message());

        Design fixed = f.fix().apply().apply(loaded.design());
        List<Finding> after = validator.validate(fixed);
        assertTrue(after.stream().noneMatch(x -> x.rule().equals("service-selector-matches-nothing")), after::toString);
        assertEquals("web-app", fixed.objects("Pod").get(0).labels().get("app"));
    }

    @Test
    void completeSeedHasNoErrors() {
        List<Finding> findings = validator.validateFiles(List.of(TestFiles.seed().resolve("complete.yaml")));
        assertFalse(DesignValidator.hasErrors(findings), findings::toString);
        assertTrue(findings.stream().noneMatch(x -> x.rule().startsWith("ingress-backend")), findings::toString);
        assertTrue(findings.stream().anyMatch(x -> x.rule().equals("latest-tag")), findings::toString);
    }
}
