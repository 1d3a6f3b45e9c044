package io.kubecanvas.model.yaml;

import io.kubecanvas.model.validate.GeneratedManifests;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A large text read in runs of documents side by side gives exactly what a reading from the start gives. */
class ParallelReadTest {

    @Test
    void runsReadSideBySideEqualOneReading() throws Exception {
        String text = "# header comment\n" + GeneratedManifests.yaml(3000, 7) + "---\n# trailing comment only\n";
        assertTrue(text.length() > YamlReader.PARALLEL_CHARS);
        assertTrue(YamlReader.chunks(text).size() > 1, "the text is cut");
        List<YamlDocument> parallel = YamlReader.read("big.yaml", text);
        List<YamlDocument> sequential = YamlReader.readDocuments("big.yaml", text, 0, TextEncoding.UTF_8);
        assertEquals(sequential.size(), parallel.size());
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < sequential.size(); i++) {
            YamlDocument a = sequential.get(i);
            YamlDocument b = parallel.get(i);
            assertEquals(a.tree(), b.tree(), "document " + i);
            assertEquals(a.positions(), b.positions(), "positions of document " + i);
            assertEquals(a.text(), b.text(), "text of document " + i);
            assertEquals(a.start(), b.start());
            joined.append(b.text());
        }
        assertEquals(text, joined.toString(), "the documents' texts are the file");
    }

    @Test
    void anErrorInALaterRunIsReportedAsAReadingFromTheStartReportsIt() {
        String text = GeneratedManifests.yaml(3000, 7) + "---\nkind: Pod\nmetadata:\n  name: [unclosed\n";
        YamlException e = assertThrows(YamlException.class, () -> YamlReader.read("big.yaml", text));
        YamlException s = assertThrows(YamlException.class, () -> YamlReader.readDocuments("big.yaml", text, 0, TextEncoding.UTF_8));
        assertEquals(s.describe(), e.describe());
    }

    @Test
    void directivesKeepTheTextInOnePiece() {
        assertEquals(List.of(), YamlReader.chunks("%YAML 1.2\n---\na: 1\n"));
    }
}
