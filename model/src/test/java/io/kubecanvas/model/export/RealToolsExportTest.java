package io.kubecanvas.model.export;

import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.TestFiles;
import io.kubecanvas.model.Trees;
import io.kubecanvas.model.yaml.YamlDocument;
import io.kubecanvas.model.yaml.YamlReader;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 *
 * <p>Process starts are what costs on this machine, so the tools run on many exports at once: one
 * {@code helm lint} over all charts, one {@code helm template} of an umbrella chart holding every chart
 * (its "# Source:" comments say which chart rendered what), and {@code kubectl kustomize} over batches of
 * bases whose objects do not clash.
 */
class RealToolsExportTest {
    private static final Pattern SOURCE = Pattern.compile("# Source: umbrella/charts/([^/]+)/");

    @TempDir
    Path tmp;

    private static Design load(Path f) {
        DesignIO.LoadResult r = DesignIO.load(f);
        assertTrue(r.ok(), () -> r.errors().get(0).describe());
        return r.design();
    }

    private static String name(Path f) {
        return TestFiles.name(f);
    }

    private static Path helmOrSkip() {
        Path helm = RealTools.helm();
        assumeTrue(helm != null, "helm not found on PATH or at <repo>/tools/helm/helm; install it as .ci/run does");
        return helm;
    }

    private static Path kubectlOrSkip() {
        Path kubectl = RealTools.kubectl();
        assumeTrue(kubectl != null, "kubectl not found on PATH; install it (apt-get install kubectl) as .ci/run does");
        return kubectl;
    }

    @TestFactory
    Stream<DynamicTest> helmLintsAndRendersEveryManifestAsTheDesign() throws Exception {
        Path helm = helmOrSkip();
        List<Path> files = TestFiles.realWorldManifests();
        Path umbrella = tmp.resolve("umbrella");
        Files.createDirectories(umbrella.resolve("charts"));
        Files.writeString(umbrella.resolve("Chart.yaml"), "apiVersion: v2\nname: umbrella\nversion: 0.1.0\n");
        Map<Path, String> chartOf = new LinkedHashMap<>();
        List<String> lint = new ArrayList<>(List.of(helm.toString(), "lint"));
        for (Path f : files) {
            String chart = "c" + chartOf.size() + "-" + f.getFileName().toString().replaceAll("\\.ya?ml$", "");
            Exporter.export(load(f), ExportFormat.HELM, umbrella.resolve("charts").resolve(chart));
            chartOf.put(f, Exporter.chartName(chart));
            lint.add(umbrella.resolve("charts").resolve(chart).toString());
        }
        RealTools.Run lintRun = RealTools.run(tmp, lint);
        RealTools.Run template = RealTools.run(tmp, List.of(helm.toString(), "template", "rel", umbrella.toString()));
        assertTrue(template.ok(), template::err);
        Map<String, List<Object>> rendered = new LinkedHashMap<>();
        for (YamlDocument d : YamlReader.read("helm template", template.out())) {
            Matcher m = SOURCE.matcher(d.text());
            if (d.tree() instanceof Map<?, ?> && m.find()) {
                rendered.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(d.tree());
            }
        }
        return files.stream().map(f -> DynamicTest.dynamicTest(name(f), () -> {
            String report = lintSection(lintRun.out() + lintRun.err(), chartOf.get(f));
            assertTrue(report.contains("==> Linting") && !report.contains("[ERROR]"), () -> "helm lint: " + report);
            List<Object> mine = rendered.getOrDefault(chartOf.get(f), List.of());
            assertNull(ExportChecks.differences(load(f).objects(), mine), () -> "helm template rendered " + mine);
        }));
    }

    /** The part of a multi-chart helm lint report about one chart. */
    private static String lintSection(String report, String chart) {
        Matcher m = Pattern.compile("==> Linting \\S*/charts/" + Pattern.quote(chart) + "\\n").matcher(report);
        if (!m.find()) {
            return "no report for " + chart + " in:\n" + report;
        }
        int end = report.indexOf("==> Linting ", m.end());
        return report.substring(m.start(), end < 0 ? report.length() : end);
    }

    /** Files grouped so that no two objects of a group have the same identity (kustomize refuses that). */
    private static List<List<Path>> clashFreeBatches(List<Path> files) {
        List<List<Path>> batches = new ArrayList<>();
        List<Set<String>> ids = new ArrayList<>();
        for (Path f : files) {
            Set<String> mine = new HashSet<>();
            for (KubeObject o : load(f).objects()) {
                mine.add(o.apiVersion() + "/" + o.key());
            }
            int b = 0;
            while (b < batches.size() && ids.get(b).stream().anyMatch(mine::contains)) {
                b++;
            }
            if (b == batches.size()) {
                batches.add(new ArrayList<>());
                ids.add(new HashSet<>());
            }
            batches.get(b).add(f);
            ids.get(b).addAll(mine);
        }
        return batches;
    }

    private Stream<DynamicTest> kustomizeInBatches(ExportFormat format) throws Exception {
        Path kubectl = kubectlOrSkip();
        List<List<Path>> batches = clashFreeBatches(TestFiles.realWorldManifests());
        // Alternative installs of one project (argo-cd plain and HA, calico and canal) share identities: more batches.
        assertTrue(batches.size() < 40, "batches: " + batches.size());
        List<DynamicTest> tests = new ArrayList<>();
        for (int b = 0; b < batches.size(); b++) {
            List<Path> batch = batches.get(b);
            Path top = tmp.resolve(format.id() + b);
            StringBuilder kustomization = new StringBuilder("resources:\n");
            List<KubeObject> expected = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                Design d = load(batch.get(i));
                expected.addAll(d.objects());
                if (format == ExportFormat.KUSTOMIZE) {
                    Exporter.export(d, ExportFormat.KUSTOMIZE, top.resolve("base" + i));
                    kustomization.append("- base").append(i).append('\n');
                } else {
                    Exporter.export(d, ExportFormat.YAML, top.resolve("file" + i + ".yaml"));
                    kustomization.append("- file").append(i).append(".yaml\n");
                }
            }
            Files.writeString(top.resolve("kustomization.yaml"), kustomization.toString());
            tests.add(DynamicTest.dynamicTest("batch " + b + ": " + batch.stream().map(RealToolsExportTest::name).toList(), () -> {
                RealTools.Run k = RealTools.run(top, List.of(kubectl.toString(), "kustomize", top.toString()));
                assertTrue(k.ok(), () -> "kubectl kustomize: " + k.err());
                assertNull(ExportChecks.differences(expected, ExportChecks.objectTrees("kustomize", k.out())), k.out());
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> kubectlKustomizeRendersEveryManifestAsTheDesign() throws Exception {
        return kustomizeInBatches(ExportFormat.KUSTOMIZE);
    }

    /** kubectl kustomize is kubectl's own reader of manifest files, and it works offline. */
    @TestFactory
    Stream<DynamicTest> kubectlReadsEverySingleFileExportAsTheDesign() throws Exception {
        return kustomizeInBatches(ExportFormat.YAML);
    }

    @Test
    void helmRendersTrickyNamesAndTemplateLookingTextAndTheValuesReallyDriveTheChart() throws Exception {
        Path helm = helmOrSkip();
        Design d = DesignIO.parse("tricky.yaml", ExporterTest.TRICKY);
        Path chart = tmp.resolve("shop");
        Exporter.export(d, ExportFormat.HELM, chart);
        RealTools.Run lint = RealTools.run(tmp, List.of(helm.toString(), "lint", chart.toString()));
        assertTrue(lint.ok(), () -> lint.out() + lint.err());
        RealTools.Run t = RealTools.run(tmp, List.of(helm.toString(), "template", "rel", chart.toString()));
        assertTrue(t.ok(), t::err);
        assertNull(ExportChecks.differences(d.objects(), ExportChecks.objectTrees("helm", t.out())), t.out());
        assertTrue(t.out().contains("{{ $labels.instance }}"), "printed, not run");
        Path kubectl = RealTools.kubectl();
        if (kubectl != null) {
            // What Helm printed, read by Go YAML as kubectl will read it: still the design's objects and types.
            Path rendered = tmp.resolve("rendered");
            Files.createDirectories(rendered);
            Files.writeString(rendered.resolve("all.yaml"), t.out());
            Files.writeString(rendered.resolve("kustomization.yaml"), "resources:\n- all.yaml\n");
            RealTools.Run k = RealTools.run(rendered, List.of(kubectl.toString(), "kustomize", rendered.toString()));
            assertTrue(k.ok(), k::err);
            assertNull(ExportChecks.differences(d.objects(), ExportChecks.objectTrees("kubectl", k.out())), k.out());
        }

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
        Path kubectl = kubectlOrSkip();
        Design d = DesignIO.parse("tricky.yaml", ExporterTest.TRICKY);
        Path base = tmp.resolve("base");
        Exporter.export(d, ExportFormat.KUSTOMIZE, base);
        RealTools.Run k = RealTools.run(base, List.of(kubectl.toString(), "kustomize", base.toString()));
        assertTrue(k.ok(), k::err);
        assertNull(ExportChecks.differences(d.objects(), ExportChecks.objectTrees("kustomize", k.out())), k.out());
    }

    @Test
    void anEmptyDesignGivesAChartAndABaseTheToolsAccept() throws Exception {
        Design empty = Design.empty();
        Path helm = RealTools.helm();
        if (helm != null) {
            Path chart = tmp.resolve("empty-chart");
            Exporter.export(empty, ExportFormat.HELM, chart);
            RealTools.Run lint = RealTools.run(tmp, List.of(helm.toString(), "lint", chart.toString()));
            assertTrue(lint.ok(), () -> lint.out() + lint.err());
            RealTools.Run t = RealTools.run(tmp, List.of(helm.toString(), "template", "rel", chart.toString()));
            assertTrue(t.ok(), t::err);
            assertEquals(List.of(), ExportChecks.objectTrees("helm", t.out()));
        }
        Path kubectl = kubectlOrSkip();
        Path base = tmp.resolve("empty-base");
        Exporter.export(empty, ExportFormat.KUSTOMIZE, base);
        RealTools.Run k = RealTools.run(base, List.of(kubectl.toString(), "kustomize", base.toString()));
        assertTrue(k.ok(), k::err);
        assertEquals(List.of(), ExportChecks.objectTrees("kustomize", k.out()));
    }
}
