package io.kubecanvas.model.validate;

import io.kubecanvas.model.SourcePosition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Positions inside documents that carry text but no per-field positions (the Cluster document, documents
 * that are not objects): the document's text is found in its file and a token in the document. Files are
 * read only when such a finding exists, and once per run.
 */
final class DocumentLocator {
    private final Map<String, String> files = new HashMap<>();

    /** The position of the first occurrence of {@code token} (or the document start) in the document text. */
    SourcePosition locate(String file, String documentText, String token) {
        if (file == null) {
            return SourcePosition.UNKNOWN;
        }
        String content = files.computeIfAbsent(file, f -> {
            try {
                return Files.readString(Path.of(f));
            } catch (IOException | RuntimeException e) {
                return "";
            }
        });
        int base = documentText == null ? -1 : content.indexOf(documentText);
        String text = base >= 0 ? content : documentText == null ? "" : documentText;
        int start = Math.max(base, 0);
        int at = start;
        if (token != null && documentText != null) {
            int t = text.indexOf(token, start);
            if (t >= 0 && t < start + documentText.length()) {
                at = t;
            }
        }
        if (at == start) {
            // skip the separator line and comments: point at the first content line
            while (at < text.length()) {
                int eol = text.indexOf('\n', at);
                String line = (eol < 0 ? text.substring(at) : text.substring(at, eol)).strip();
                if (!line.isEmpty() && !line.startsWith("#") && !line.startsWith("---")) {
                    break;
                }
                if (eol < 0) {
                    break;
                }
                at = eol + 1;
            }
        }
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < at && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int column = at - lineStart + 1;
        while (at < text.length() && text.charAt(at) == ' ') {
            at++;
            column++;
        }
        return new SourcePosition(file, line, column);
    }
}
