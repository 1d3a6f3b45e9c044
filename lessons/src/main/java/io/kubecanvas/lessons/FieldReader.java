package io.kubecanvas.lessons;

import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.SourcePosition;
import io.kubecanvas.model.yaml.YamlDocument;
import io.kubecanvas.model.yaml.YamlException;
import io.kubecanvas.model.yaml.YamlPath;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the fields of a Lesson or Challenge document as the model's YAML reader left them (plain maps, lists
 * and scalars with a position per path). Every mistake is a {@link YamlException} at the line and column of
 * the value (or of its parent when the field is missing), with a sentence saying what to write instead.
 */
final class FieldReader {
    /** The document as the model keeps an object, for its nearest-known-position lookup. */
    private final KubeObject located;

    FieldReader(YamlDocument doc) {
        this.located = KubeObject.read(doc);
    }

    Field root(Object tree) {
        return new Field(tree, "");
    }

    /** Where a path is, or its nearest ancestor that is there (a missing field is reported where its parent is). */
    SourcePosition position(String path) {
        return located.position(path);
    }

    /** One value of the document and its path ({@code spec.steps[2].until}); the value is null when missing. */
    final class Field {
        final Object value;
        final String path;

        Field(Object value, String path) {
            this.value = value;
            this.path = path;
        }

        boolean present() {
            return value != null;
        }

        YamlException error(String message) {
            return new YamlException(position(path), message);
        }

        String name() {
            return path.isEmpty() ? "the document" : path;
        }

        Field get(String key) {
            Object v = value instanceof Map<?, ?> m ? m.get(key) : null;
            return new Field(v, YamlPath.key(path, key));
        }

        Field require(String key) throws YamlException {
            Field f = get(key);
            if (!f.present()) {
                throw error(name() + " needs " + key);
            }
            return f;
        }

        /** Refuses keys other than these, so a misspelt field is not silently ignored. */
        Field allowOnly(Set<String> keys) throws YamlException {
            for (String k : map().keySet()) {
                if (!keys.contains(k)) {
                    throw get(k).error("unknown field '" + k + "' in " + name() + ": use one of "
                            + String.join(", ", keys.stream().sorted().toList()));
                }
            }
            return this;
        }

        Map<String, Object> map() throws YamlException {
            if (value == null) {
                return Map.of();
            }
            if (!(value instanceof Map<?, ?> m)) {
                throw error(name() + " must be a mapping (key: value lines)");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        }

        List<Field> items() throws YamlException {
            if (value == null) {
                return List.of();
            }
            if (!(value instanceof List<?> l)) {
                throw error(name() + " must be a list (lines starting with '- ')");
            }
            List<Field> out = new ArrayList<>();
            for (int i = 0; i < l.size(); i++) {
                out.add(new Field(l.get(i), YamlPath.index(path, i)));
            }
            return out;
        }

        String text() throws YamlException {
            if (value == null) {
                return null;
            }
            if (value instanceof Map<?, ?> || value instanceof List<?>) {
                throw error(name() + " must be a single value, not a " + (value instanceof Map<?, ?> ? "mapping" : "list"));
            }
            return String.valueOf(value);
        }

        String text(String fallback) throws YamlException {
            String t = text();
            return t == null ? fallback : t;
        }

        String requireText() throws YamlException {
            String t = text();
            if (t == null || t.isBlank()) {
                throw error(name() + " must not be empty");
            }
            return t;
        }

        int number(int fallback) throws YamlException {
            if (value == null) {
                return fallback;
            }
            if (value instanceof Number n && n.doubleValue() == n.intValue()) {
                return n.intValue();
            }
            try {
                return Integer.parseInt(String.valueOf(value).trim());
            } catch (NumberFormatException e) {
                throw error(name() + " must be a whole number, not '" + value + "'");
            }
        }

        boolean bool(boolean fallback) throws YamlException {
            if (value == null) {
                return fallback;
            }
            if (value instanceof Boolean b) {
                return b;
            }
            throw error(name() + " must be true or false, not '" + value + "'");
        }

        /** A string or a list of strings. */
        List<String> texts() throws YamlException {
            if (value == null) {
                return List.of();
            }
            if (!(value instanceof List<?>)) {
                return List.of(text());
            }
            List<String> out = new ArrayList<>();
            for (Field f : items()) {
                out.add(f.requireText());
            }
            return out;
        }

        /** A mapping of strings (labels). */
        Map<String, String> labels() throws YamlException {
            Map<String, String> out = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : map().entrySet()) {
                out.put(e.getKey(), get(e.getKey()).text(""));
            }
            return out;
        }

        /** One of {@code choices}, as written (case-insensitive). */
        String oneOf(List<String> choices, String fallback) throws YamlException {
            String t = text();
            if (t == null) {
                return fallback;
            }
            for (String c : choices) {
                if (c.equalsIgnoreCase(t.trim())) {
                    return c;
                }
            }
            throw error(name() + " must be one of " + String.join(", ", choices) + ", not '" + t + "'");
        }
    }
}
