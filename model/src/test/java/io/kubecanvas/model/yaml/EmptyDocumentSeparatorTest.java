package io.kubecanvas.model.yaml;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A comment-only document between two others keeps its own "---" (kube-linter's env-var-value-from.yml has one). */
class EmptyDocumentSeparatorTest {
    @Test
    void eachDocumentKeepsTheSeparatorThatOpensIt() throws YamlException {
        String text = "a: 1\n---\n# only a comment\n---\nb: 2\n";
        List<YamlDocument> docs = YamlReader.read("f.yaml", text);
        assertEquals(3, docs.size());
        assertEquals("a: 1\n", docs.get(0).text());
        assertEquals("---\n# only a comment\n", docs.get(1).text());
        assertEquals("---\nb: 2\n", docs.get(2).text());
        assertEquals(text, String.join("", docs.stream().map(YamlDocument::text).toList()));
    }
}
