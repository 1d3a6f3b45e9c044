package io.kubecanvas.model.yaml;

import io.kubecanvas.model.SourcePosition;

import java.util.List;
import java.util.Map;

/**
 * One document of a multi-document YAML stream, as read.
 *
 * @param tree      the value as plain Java: {@code LinkedHashMap<String,Object>} (key order kept),
 *                  {@code ArrayList<Object>}, {@code String}, {@code Long}, {@code Double}, {@code Boolean},
 *                  or {@code null}; timestamps stay strings, as Kubernetes' JSON does
 * @param positions the position of every value, by {@link YamlPath} (the root is {@code ""})
 * @param text      the exact source text of this document, separator line and comments included,
 *                  so an unedited document is written back byte for byte
 * @param start     where the document's content starts
 * @param warnings  odd but readable things in this document (ignored tags), in source order
 * @param encoding  how its file was encoded (BOM included), so that it is written back the same way
 */
public record YamlDocument(Object tree, Map<String, SourcePosition> positions, String text, SourcePosition start,
                           List<YamlWarning> warnings, TextEncoding encoding) {

    public YamlDocument {
        warnings = List.copyOf(warnings);
    }

    public YamlDocument(Object tree, Map<String, SourcePosition> positions, String text, SourcePosition start,
                        List<YamlWarning> warnings) {
        this(tree, positions, text, start, warnings, TextEncoding.UTF_8);
    }

    public YamlDocument(Object tree, Map<String, SourcePosition> positions, String text, SourcePosition start) {
        this(tree, positions, text, start, List.of());
    }

    public boolean isEmpty() {
        return tree == null;
    }
}
