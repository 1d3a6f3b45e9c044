package io.kubecanvas.model.validate;

import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignDocument;
import io.kubecanvas.model.SourcePosition;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Positions inside documents that carry text but no per-field positions (the Cluster document, documents
 * that are not objects). Each document's text is the exact slice of its file from its separator to the
 * next one, so a document starts where the texts of the documents before it from the same file end;
 * within it, a token's first occurrence gives the line and column.
 */
final class DocumentLocator {
    private final Design design;
    private Map<DesignDocument, Integer> startLines;

    DocumentLocator(Design design) {
        this.design = design;
    }

    /** Counted on first use only: most designs never need it, and counting lines costs a pass over all text. */
    private synchronized Map<DesignDocument, Integer> startLines() {
        if (startLines != null) {
            return startLines;
        }
        startLines = new IdentityHashMap<>();
        Map<String, Integer> next = new HashMap<>();
        for (DesignDocument d : design.documents()) {
            if (d.sourceFile() == null) {
                continue;
            }
            int line = next.getOrDefault(d.sourceFile(), 1);
            startLines.put(d, line);
            String t = d.text();
            int lines = 0;
            for (int i = 0; i < t.length(); i++) {
                if (t.charAt(i) == '\n') {
                    lines++;
                }
            }
            if (!t.isEmpty() && t.charAt(t.length() - 1) != '\n') {
                lines++;
            }
            next.put(d.sourceFile(), line + lines);
        }
        return startLines;
    }

    /** The position of the first occurrence of {@code token} in the document, else of its first content line. */
    SourcePosition locate(DesignDocument doc, String token) {
        Integer start = startLines().get(doc);
        String text = doc.text();
        if (start == null || text == null) {
            return SourcePosition.UNKNOWN;
        }
        int at = token == null ? -1 : text.indexOf(token);
        if (at < 0) {
            at = firstContent(text);
        }
        int line = start;
        int lineStart = 0;
        for (int i = 0; i < at; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new SourcePosition(doc.sourceFile(), line, at - lineStart + 1);
    }

    /** The offset of the first character that is not blank, a comment or a separator line. */
    private static int firstContent(String text) {
        int at = 0;
        while (at < text.length()) {
            int eol = text.indexOf('\n', at);
            String line = eol < 0 ? text.substring(at) : text.substring(at, eol);
            String s = line.strip();
            if (!s.isEmpty() && !s.startsWith("#") && !s.equals("---") && !s.startsWith("--- ")) {
                return at + (line.length() - line.stripLeading().length());
            }
            if (eol < 0) {
                break;
            }
            at = eol + 1;
        }
        return 0;
    }
}
