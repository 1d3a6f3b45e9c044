package io.kubecanvas.yamleditor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class YamlIndentTest {

    @Test
    void aKeyThatOpensABlockIndentsByTwoAndAPlainValueKeepsTheColumn() {
        assertEquals("  ", YamlIndent.afterReturn("spec:"));
        assertEquals("    ", YamlIndent.afterReturn("  selector:"));
        assertEquals("  ", YamlIndent.afterReturn("  replicas: 2"));
        assertEquals("", YamlIndent.afterReturn("kind: Pod"));
        assertEquals("    ", YamlIndent.afterReturn("  metadata:   # the object's name"));
        assertEquals("  ", YamlIndent.afterReturn("  image: \"nginx#1\""), "a # inside quotes is no comment");
    }

    @Test
    void aListItemsNextKeyLinesUpUnderItsFirstKey() {
        assertEquals("      ", YamlIndent.afterReturn("    - name: nginx"));
        assertEquals("        ", YamlIndent.afterReturn("    - ports:"));
        assertEquals("      ", YamlIndent.afterReturn("    -"));
        assertEquals("      ", YamlIndent.afterReturn("  - - a"), "a nested list item's content column");
    }

    @Test
    void blockScalarsAndBlankLines() {
        assertEquals("    ", YamlIndent.afterReturn("  script: |"));
        assertEquals("    ", YamlIndent.afterReturn("  text: >-"));
        assertEquals("    ", YamlIndent.afterReturn("    "));
        assertEquals("", YamlIndent.afterReturn(""));
        assertEquals("  ", YamlIndent.afterReturn("  url: http://a/b"), "a colon in a value opens nothing");
    }
}
