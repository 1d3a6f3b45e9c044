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
        return files.stream().map(f -> DynamicTest.dynamicTest(TestFiles.name(f), () -> {
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

    /**
     * Errors the Kubernetes API really returns for corpus files (the file, and why the API rejects it); any other
     * error on a real-world manifest is a false finding.
     */
    static final java.util.Map<String, String> API_REJECTS = java.util.Map.of(
            "k8s-website/service/networking/example-ingress.yaml",
            "networking.k8s.io/v1beta1 Ingress was removed in 1.22, and its backend uses the v1 field names",
            "k8s-website/service/networking/dual-stack-ipv6-svc.yaml", "spec.ipFamily was removed in 1.20 (now ipFamilies)",
            "k8s-website/service/networking/dual-stack-ipv6-lb-svc.yaml", "spec.ipFamily was removed in 1.20 (now ipFamilies)");

    @TestFactory
    Stream<DynamicTest> realWorldManifestsHaveNoErrorTheApiWouldNotReport() throws Exception {
        // The peers' fixtures are wrong on purpose; everything else is what projects ship.
        List<Path> files = TestFiles.corpusManifests();
        assertTrue(files.size() > 60, "expected the collected corpus, found " + files.size());
        return files.stream().map(f -> DynamicTest.dynamicTest(TestFiles.name(f), () -> {
            List<Finding> errors = validator.validateFiles(List.of(f)).stream().filter(x -> x.severity() == Severity.ERROR).toList();
            String rejected = API_REJECTS.get(TestFiles.inCorpus(f));
            if (rejected != null) {
                assertFalse(errors.isEmpty(), "the API rejects this file (" + rejected + "), so must we");
            } else {
                assertEquals(List.of(), errors.stream().map(Finding::describe).toList());
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
