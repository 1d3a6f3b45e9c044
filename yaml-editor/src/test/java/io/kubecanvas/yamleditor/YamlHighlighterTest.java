package io.kubecanvas.yamleditor;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class YamlHighlighterTest {

    /** The style of each character, as a string the test can compare. */
    private static String styleAt(String text, int offset) {
        int pos = 0;
        for (YamlHighlighter.Run r : YamlHighlighter.highlight(text)) {
            if (offset < pos + r.length()) {
                return r.style();
            }
            pos += r.length();
        }
        return null;
    }

    @Test
    void runsCoverTheWholeText() {
        String text = "apiVersion: v1\nkind: Pod # a pod\n---\nspec:\n  - name: x\n    port: 80\n";
        int total = YamlHighlighter.highlight(text).stream().mapToInt(YamlHighlighter.Run::length).sum();
        assertEquals(text.length(), total);
    }

    @Test
    void keysValuesCommentsAndSeparatorsGetTheirStyles() {
        String text = "kind: Pod # note\n---\n  - port: 80\n    on: true\n    name: \"web\"\n# whole\n";
        assertEquals(YamlHighlighter.KEY, styleAt(text, 0));
        assertEquals(YamlHighlighter.PUNCTUATION, styleAt(text, 4));
        assertEquals(YamlHighlighter.STRING, styleAt(text, 6));
        assertEquals(YamlHighlighter.COMMENT, styleAt(text, text.indexOf("# note")));
        assertEquals(YamlHighlighter.SEPARATOR, styleAt(text, text.indexOf("---")));
        assertEquals(YamlHighlighter.PUNCTUATION, styleAt(text, text.indexOf("- port")));
        assertEquals(YamlHighlighter.KEY, styleAt(text, text.indexOf("port")));
        assertEquals(YamlHighlighter.NUMBER, styleAt(text, text.indexOf("80")));
        assertEquals(YamlHighlighter.LITERAL, styleAt(text, text.indexOf("true")));
        assertEquals(YamlHighlighter.STRING, styleAt(text, text.indexOf("\"web\"")));
        assertEquals(YamlHighlighter.COMMENT, styleAt(text, text.indexOf("# whole")));
    }

    @Test
    void aHashInsideAValueIsNotAComment() {
        String text = "url: http://x/#frag\n";
        assertEquals(YamlHighlighter.STRING, styleAt(text, text.indexOf("#frag")));
        assertEquals(List.of(), YamlHighlighter.highlight("").stream().toList());
    }
}
