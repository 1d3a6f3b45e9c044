package io.kubecanvas.model.yaml;

import io.kubecanvas.model.SourcePosition;
import io.kubecanvas.model.TestFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Positions kept in reading order ({@link TreePositions}, the fast way) give exactly what recording every path
 * while reading gives: the same documents, texts, positions (looked up one by one and iterated) and errors, on
 * every manifest of the corpus and on broken ones.
 */
class ReadingOrderPositionsTest {

    @Test
    void everyCorpusManifestReadsTheSameEitherWay() throws Exception {
        int files = 0;
        int values = 0;
        for (Path f : TestFiles.allManifests()) {
            String text = YamlReader.decode(f.toString(), Files.readAllBytes(f));
            values += compare(f.toString(), text);
            files++;
        }
        System.out.printf("ReadingOrderPositionsTest: %d files, %d positions compared%n", files, values);
        assertTrue(files > 30 && values > 1_500, files + " files, " + values + " values");
    }

    @Test
    void aLargeGeneratedFileReadsTheSameEitherWay() throws Exception {
        String yaml = io.kubecanvas.model.validate.GeneratedManifests.yaml(3000, 7);
        int values = compare("generated.yaml", yaml);
        assertTrue(values > 50_000, values + " values");
        // Cut in runs read side by side (as a large file is), the documents and positions are the same again.
        assertTrue(yaml.length() >= YamlReader.PARALLEL_CHARS, "large enough to be read in parallel");
        List<YamlDocument> whole = YamlReader.readDocuments("generated.yaml", yaml, 0, TextEncoding.UTF_8, true);
        List<YamlDocument> parallel = YamlReader.read("generated.yaml", yaml);
        assertEquals(whole.size(), parallel.size());
        for (int i = 0; i < whole.size(); i++) {
            assertEquals(whole.get(i).text(), parallel.get(i).text());
            assertEquals(whole.get(i).start(), parallel.get(i).start());
            assertEquals(whole.get(i).positions(), new java.util.HashMap<>(parallel.get(i).positions()));
        }
    }

    @Test
    void brokenManifestsFailTheSameEitherWay() throws Exception {
        Random random = new Random(20270114);
        List<String> sources = new ArrayList<>();
        for (Path f : TestFiles.allManifests()) {
            if (Files.size(f) < 32 * 1024) {
                sources.add(YamlReader.decode(f.toString(), Files.readAllBytes(f)));
            }
        }
        String typed = ":-[]{}\"'\t&*!|>#%@`,? \n";
        int errors = 0;
        for (int i = 0; i < 1500; i++) {
            StringBuilder b = new StringBuilder(sources.get(random.nextInt(sources.size())));
            for (int e = 0; e < 1 + random.nextInt(3) && b.length() > 0; e++) {
                int at = random.nextInt(b.length());
                switch (random.nextInt(3)) {
                    case 0 -> b.deleteCharAt(at);
                    case 1 -> b.insert(at, typed.charAt(random.nextInt(typed.length())));
                    default -> b.setCharAt(at, typed.charAt(random.nextInt(typed.length())));
                }
            }
            errors += compare("m.yaml", b.toString()) < 0 ? 1 : 0;
        }
        assertTrue(errors > 150, "the mutations should break many files, broke " + errors);
    }

    @Test
    void anchorsAndMergeKeysReadByPath() throws Exception {
        String text = "a: 1\n---\nbase: &b {app: web, tier: front}\nlabels:\n  <<: *b\n  tier: back\ncopy: *b\n---\nz: [1, 2]\n";
        compare("anchors.yaml", text);
        List<YamlDocument> docs = YamlReader.read("anchors.yaml", text);
        assertEquals(new SourcePosition("anchors.yaml", 3, 11), docs.get(1).positions().get("labels.app"),
                "a merged value is where its anchor wrote it");
        assertEquals(new SourcePosition("anchors.yaml", 9, 5), docs.get(2).positions().get("z[0]"));
    }

    @Test
    void onlyPathsWrittenAsYamlPathWritesThemAreFound() throws Exception {
        String text = "metadata:\n  labels:\n    app.kubernetes.io/name: web\n    \"\": empty\n    'q\"\\': odd\n"
                + "  name: x\nlist:\n- a\n- [b, c]\n";
        Map<String, SourcePosition> p = YamlReader.read("p.yaml", text).get(0).positions();
        assertEquals(new SourcePosition("p.yaml", 3, 5), p.get("metadata.labels[\"app.kubernetes.io/name\"]"));
        assertEquals(new SourcePosition("p.yaml", 4, 5), p.get("metadata.labels[\"\"]"));
        assertEquals(new SourcePosition("p.yaml", 5, 5), p.get("metadata.labels[\"q\\\"\\\\\"]"));
        assertEquals(new SourcePosition("p.yaml", 9, 7), p.get("list[1][1]"));
        assertEquals(new SourcePosition("p.yaml", 1, 1), p.get(""));
        for (String absent : List.of("metadata[\"name\"]", "metadata..name", ".metadata", "list[01]", "list[2]", "list.0",
                "metadata.labels.app.kubernetes.io/name", "metadata.name.x", "list[1][1][0]", "nope", "list[")) {
            assertNull(p.get(absent), absent);
        }
        compare("p.yaml", text);
    }

    /** Reads both ways and compares; the number of positions compared, or -1 when both fail alike. */
    private static int compare(String name, String text) {
        List<YamlDocument> fast;
        List<YamlDocument> byPath;
        try {
            byPath = YamlReader.readDocuments(name, text, 0, TextEncoding.UTF_8, true);
        } catch (YamlException e) {
            YamlException f = org.junit.jupiter.api.Assertions.assertThrows(YamlException.class,
                    () -> YamlReader.readDocuments(name, text, 0, TextEncoding.UTF_8), () -> "read by path fails:\n" + text);
            assertEquals(e.describe(), f.describe(), () -> "the errors differ on:\n" + text);
            return -1;
        }
        try {
            fast = YamlReader.readDocuments(name, text, 0, TextEncoding.UTF_8);
        } catch (YamlException e) {
            throw new AssertionError("read by path works, in reading order fails with " + e.describe() + " on:\n" + text, e);
        }
        assertEquals(byPath.size(), fast.size(), name);
        int n = 0;
        for (int i = 0; i < byPath.size(); i++) {
            YamlDocument a = byPath.get(i);
            YamlDocument b = fast.get(i);
            int doc = i;
            assertEquals(a.tree(), b.tree(), () -> name + " document " + doc);
            assertEquals(a.text(), b.text(), () -> name + " text of document " + doc);
            assertEquals(a.start(), b.start(), () -> name + " start of document " + doc);
            assertEquals(a.warnings(), b.warnings(), () -> name + " warnings of document " + doc);
            // Each path looked up (a walk through the tree), then the whole map as iterated (built from the tree).
            for (Map.Entry<String, SourcePosition> e : a.positions().entrySet()) {
                assertEquals(e.getValue(), b.positions().get(e.getKey()), () -> name + " document " + doc + " at " + e.getKey());
            }
            assertEquals(a.positions(), new java.util.HashMap<>(b.positions()), () -> name + " positions of document " + doc);
            n += a.positions().size();
        }
        return n;
    }
}
