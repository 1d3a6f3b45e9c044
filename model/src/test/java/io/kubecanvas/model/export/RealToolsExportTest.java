package io.kubecanvas.model.export;

import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.TestFiles;
import io.kubecanvas.model.Trees;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every seed example and corpus manifest, exported and checked by the real tools: {@code helm lint} and
 * {@code helm template} on the chart, {@code kubectl kustomize} on the kustomize base and on the single
 * file. What they render must equal the design's objects as parsed trees. Skipped, with the reason, on a
 * machine without the tool (.ci/run installs both).
 */
class RealToolsExportTest {

    @TempDir
    Path tmp;

    private static Design load(Path f) {
        DesignIO.LoadResult r = DesignIO.load(f);
        assertTrue(r.ok(), () -> r.errors().get(0).describe());
        return r.design();
    }

    private static String name(Path f) {
        return TestFiles.shared().relativize(f).toString();
    }

    @TestFactory
    Stream<DynamicTest> helmLintsAndRendersEveryManifestAsTheDesign() throws Exception {
        Path helm = RealTools.helm();
        assumeTrue(helm != null, "helm not found on PATH or at <repo>/tools/helm/helm; install it as .ci/run does");
        List<Path> files = TestFiles.allManifests();
        Map<Path, Path> charts = new LinkedHashMap<>();
        List<String> lintCommand = new ArrayList<>(List.of(helm.toString(), "lint"));
        for (Path f : files) {
            Path chart = tmp.resolve("charts").resolve("c" + charts.size()).resolve(f.getFileName().toString().replace(".yaml", ""));
            Exporter.export(load(f), ExportFormat.HELM, chart);
            charts.put(f, chart);
            lintCommand.add(chart.toString());
        }
        // One helm lint for all charts (process starts are what costs here); its report is split per chart.
        RealTools.Run lint = RealTools.run(tmp, lintCommand);
        return files.stream().map(f -> DynamicTest.dynamicTest(name(f), () -> {
            Path chart = charts.get(f);
            String report = lintSection(lint.out() + lint.err(), chart);
            assertTrue(report.contains("==> Linting") && !report.contains("[ERROR]"), () -> "helm lint: " + report);
            RealTools.Run t = RealTools.run(chart.getParent(), List.of(helm.toString(), "template", "rel", chart.toString()));
            assertTrue(t.ok(), () -> "helm template: " + t.err());
            assertNull(ExportChecks.differences(load(f).objects(), ExportChecks.objectTrees("helm template", t.out())), t.out());
        }));
    }

    /** The part of a multi-chart helm lint report about one chart. */
    private static String lintSection(String report, Path chart) {
        int at = report.indexOf("==> Linting " + chart + "\n");
        if (at < 0) {
            return "no report for " + chart + " in:\n" + report;
        }
        int end = report.indexOf("==> Linting ", at + 1);
        return report.substring(at, end < 0 ? report.length() : end);
    }

    @TestFactory
    Stream<DynamicTest> kubectlKustomizeRendersEveryManifestAsTheDesign() throws Exception {
        Path kubectl = RealTools.kubectl();
        assumeTrue(kubectl != null, "kubectl not found on PATH; install it (apt-get install kubectl) as .ci/run does");
        return TestFiles.allManifests().stream().map(f -> DynamicTest.dynamicTest(name(f), () -> {
            Design d = load(f);
            Path base = Files.createTempDirectory(tmp, "k").resolve("base");
            Exporter.export(d, ExportFormat.KUSTOMIZE, base);
            RealTools.Run k = RealTools.run(base, List.of(kubectl.toString(), "kustomize", base.toString()));
            assertTrue(k.ok(), () -> "kubectl kustomize: " + k.err());
            assertNull(ExportChecks.differences(d.objects(), ExportChecks.objectTrees("kustomize", k.out())), k.out());
        }));
    }

    @TestFactory
    Stream<DynamicTest> kubectlReadsTheSingleFileExportAsTheDesign() throws Exception {
        Path kubectl = RealTools.kubectl();
        assumeTrue(kubectl != null, "kubectl not found on PATH; install it (apt-get install kubectl) as .ci/run does");
        // The kustomize test above already has kubectl read every object's text; here the joined file of
        // every seed example and every third corpus file is enough (each kubectl start costs).
        List<Path> all = TestFiles.allManifests();
        List<Path> sample = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).startsWith(TestFiles.seed()) || i % 3 == 0) {
                sample.add(all.get(i));
            }
        }
        return sample.stream().map(f -> DynamicTest.dynamicTest(name(f), () -> {
            Design d = load(f);
            Path dir = Files.createTempDirectory(tmp, "y");
            Exporter.export(d, ExportFormat.YAML, dir.resolve("all.yaml"));
            // kubectl kustomize is kubectl's own reader of manifest files, and it works offline.
            Files.writeString(dir.resolve("kustomization.yaml"), "resources:\n- all.yaml\n");
            RealTools.Run k = RealTools.run(dir, List.of(kubectl.toString(), "kustomize", dir.toString()));
            assertTrue(k.ok(), () -> "kubectl kustomize: " + k.err());
            assertNull(ExportChecks.differences(d.objects(), ExportChecks.objectTrees("kubectl", k.out())), k.out());
        }));
    }

    @Test
    void helmRendersTrickyNamesAndTemplateLookingTextAndTheValuesReallyDriveTheChart() throws Exception {
        Path helm = RealTools.helm();
        assumeTrue(helm != null, "helm not found on PATH or at <repo>/tools/helm/helm; install it as .ci/run does");
        Design d = DesignIO.parse("tricky.yaml", ExporterTest.TRICKY);
        Path chart = tmp.resolve("shop");
        Exporter.export(d, ExportFormat.HELM, chart);
        RealTools.Run lint = RealTools.run(tmp, List.of(helm.toString(), "lint", chart.toString()));
        assertTrue(lint.ok(), () -> lint.out() + lint.err());
        RealTools.Run t = RealTools.run(tmp, List.of(helm.toString(), "template", "rel", chart.toString()));
        assertTrue(t.ok(), t::err);
        assertNull(ExportChecks.differences(d.objects(), ExportChecks.objectTrees("helm", t.out())), t.out());
        assertTrue(t.out().contains("{{ $labels.instance }}"), "printed, not run");

        RealTools.Run set = RealTools.run(tmp, List.of(helm.toString(), "template", "rel", chart.toString(),
                "--set", "deployments.web.replicas=5", "--set", "services.web.type=LoadBalancer",
                "--set", "deployments.web.images.webServer=nginx:1.27"));
        assertTrue(set.ok(), set::err);
        List<Object> trees = ExportChecks.objectTrees("helm", set.out());
        Object deployment = trees.stream().filter(o -> "Deployment".equals(Trees.get(o, "kind"))).findFirst().orElseThrow();
        assertEquals(5L, Trees.get(deployment, "spec.replicas"), "a number stays a number");
        assertEquals("nginx:1.27", Trees.get(deployment, "spec.template.spec.containers[0].image"));
        assertEquals("envoyproxy/envoy:v1.30", Trees.get(deployment, "spec.template.spec.containers[1].image"));
        assertTrue(trees.stream().anyMatch(o -> "LoadBalancer".equals(Trees.get(o, "spec.type"))));
    }

    @Test
    void kustomizeRendersTrickyNames() throws Exception {
        Path kubectl = RealTools.kubectl();
        assumeTrue(kubectl != null, "kubectl not found on PATH; install it (apt-get install kubectl) as .ci/run does");
        Design d = DesignIO.parse("tricky.yaml", ExporterTest.TRICKY);
        Path base = tmp.resolve("base");
        Exporter.export(d, ExportFormat.KUSTOMIZE, base);
        RealTools.Run k = RealTools.run(base, List.of(kubectl.toString(), "kustomize", base.toString()));
        assertTrue(k.ok(), k::err);
        assertNull(ExportChecks.differences(d.objects(), ExportChecks.objectTrees("kustomize", k.out())), k.out());
    }
}
