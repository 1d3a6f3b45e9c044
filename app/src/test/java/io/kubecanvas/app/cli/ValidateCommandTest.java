package io.kubecanvas.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValidateCommandTest {
    private static final Pattern LINE = Pattern.compile("^(.+):(\\d+):(\\d+): (error|warning|info): (.+) \\[([a-z0-9-]+)]$");

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = KubecanvasCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    static Path seed() {
        String shared = System.getProperty("kubecanvas.shared", "../../shared");
        return Path.of(shared, "examples", "seed").toAbsolutePath().normalize();
    }

    @Test
    void warningsOnlyExitZeroWithOneLinePerFindingAndASummary() {
        Path pod = seed().resolve("pod.yaml");
        Path svc = seed().resolve("service-nodeport.yaml");
        Run r = run("validate", pod.toString(), svc.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        List<String> lines = r.out().lines().toList();
        for (String l : lines.subList(0, lines.size() - 1)) {
            assertTrue(LINE.matcher(l).matches(), l);
        }
        assertTrue(lines.contains(svc + ":6:3: warning: Service web-service selects {app=web-app} but no Pod or Pod template "
                + "in namespace default carries these labels, so it has no endpoints; label the Pods or change the selector "
                + "[service-selector-matches-nothing]"), r.out());
        assertTrue(lines.get(lines.size() - 1).matches("0 errors, \\d+ warnings, 0 info in 2 files"), r.out());
    }

    @Test
    void anErrorExitsOneAndLinesAreSortedByFileAndLine(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.yaml");
        Files.writeString(a, """
                apiVersion: v1
                kind: Service
                metadata:
                  name: web
                spec:
                  ports:
                    - port: 70000
                """);
        Path b = dir.resolve("b.yaml");
        Files.writeString(b, "kind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      imagePullPolicyy: Always\n");
        Run r = run("validate", dir.toString());
        assertEquals(1, r.exit(), r.out());
        List<String> lines = r.out().lines().filter(l -> LINE.matcher(l).matches()).toList();
        assertTrue(lines.contains(a + ":7:7: error: port 70000 is outside 1-65535 [port-range]"), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(b + ":7:7: error: unknown field 'imagePullPolicyy'")
                && l.contains("did you mean 'imagePullPolicy'")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(b + ":1:1: error: apiVersion is missing")), r.out());
        int lastA = -1;
        int firstB = Integer.MAX_VALUE;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(a.toString())) {
                lastA = i;
            } else {
                firstB = Math.min(firstB, i);
            }
        }
        assertTrue(lastA < firstB, r.out());
    }

    @Test
    void aYamlSyntaxErrorIsReportedWithItsPositionAndOtherFilesStillValidated(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("broken.yaml"), "apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n");
        Files.copy(seed().resolve("service-nodeport.yaml"), dir.resolve("svc.yaml"));
        Run r = run("validate", dir.toString());
        assertEquals(1, r.exit());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith(dir.resolve("broken.yaml") + ":4:") && l.endsWith("[yaml-syntax]")), r.out());
        assertTrue(r.out().contains("[nodeport-service]"), r.out());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void jsonOutputIsAnArrayOfFindings() throws Exception {
        Run r = run("validate", "-o", "json", seed().resolve("pod.yaml").toString(), seed().resolve("service-nodeport.yaml").toString());
        assertEquals(0, r.exit());
        JsonNode tree = new ObjectMapper().readTree(r.out());
        assertTrue(tree.isArray() && tree.size() > 0);
        boolean found = false;
        for (JsonNode f : tree) {
            for (String field : List.of("file", "line", "column", "severity", "rule", "message", "object", "path")) {
                assertTrue(f.has(field), field + " in " + f);
            }
            if (f.get("rule").asText().equals("service-selector-matches-nothing")) {
                found = true;
                assertEquals(6, f.get("line").asInt());
                assertEquals("Service/default/web-service", f.get("object").asText());
                assertEquals("spec.selector", f.get("path").asText());
                assertEquals("warning", f.get("severity").asText());
            }
        }
        assertTrue(found, r.out());
        assertTrue(r.err().contains("in 2 files"), r.err());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run("validate").exit());
        assertEquals(2, run("validate", "-o", "xml", seed().resolve("pod.yaml").toString()).exit());
    }

    @Test
    void listRulesPrintsEveryRuleId() {
        Run r = run("validate", "--list-rules");
        assertEquals(0, r.exit());
        for (io.kubecanvas.model.validate.Rule rule : io.kubecanvas.model.validate.Rule.values()) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(rule.id() + " ")), rule.id());
            assertTrue(r.out().contains("source: " + rule.source() + "\n"), rule.id() + " documents its source");
        }
        assertTrue(r.out().contains("kube-linter liveness-port"), "the peers' check names are given");
    }

    @Test
    void aMissingFileIsAnErrorFinding() {
        Run r = run("validate", "does-not-exist.yaml");
        assertEquals(1, r.exit());
        assertTrue(r.out().startsWith("does-not-exist.yaml:1:1: error: no such file or folder; check the path [yaml-syntax]"), r.out());
    }
}
