package io.kubecanvas.model.validate;

import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.yaml.YamlPath;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Unknown fields and wrong types: walks an object's plain tree beside the schema of its fabric8 class.
 * {@code null} values are accepted everywhere, as the API server treats them as absent.
 */
final class SchemaRules {
    private static final Pattern QUANTITY = Pattern.compile(
            "^[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([KMGTPE]i|[numkMGTPE]|[eE][+-]?\\d+)?$");
    private static final Pattern INTEGER = Pattern.compile("^[+-]?\\d{1,18}$");

    private SchemaRules() {
    }

    /** Walks the object beside the schema of {@code type} (the fabric8 class of its kind and version); null: skipped. */
    static void check(KubeObject o, Class<?> type, Findings out) {
        if (type == null) {
            return;
        }
        walk(o, out, o.tree(), FieldSchema.of(type), null);
    }

    private static void walk(KubeObject o, Findings out, Object value, FieldSchema schema, Step path) {
        if (value == null) {
            return;
        }
        switch (schema.shape) {
            case OBJECT -> {
                if (!(value instanceof Map<?, ?> m)) {
                    wrongType(o, out, value, schema, Step.text(path));
                    return;
                }
                if (schema.fields().isEmpty()) {
                    return; // free-form objects such as FieldsV1
                }
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    String key = String.valueOf(e.getKey());
                    FieldSchema f = schema.field(key);
                    if (f == null) {
                        String parent = Step.text(path);
                        unknownField(o, out, schema, parent, key, YamlPath.key(parent, key));
                    } else {
                        walk(o, out, e.getValue(), f, new Step(path, key, -1));
                    }
                }
            }
            case MAP -> {
                if (!(value instanceof Map<?, ?> m)) {
                    wrongType(o, out, value, schema, Step.text(path));
                    return;
                }
                FieldSchema el = schema.element();
                if (el.shape != FieldSchema.Shape.ANY) {
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        walk(o, out, e.getValue(), el, new Step(path, String.valueOf(e.getKey()), -1));
                    }
                }
            }
            case LIST -> {
                if (!(value instanceof List<?> l)) {
                    wrongType(o, out, value, schema, Step.text(path));
                    return;
                }
                FieldSchema el = schema.element();
                if (el.shape != FieldSchema.Shape.ANY) {
                    for (int i = 0; i < l.size(); i++) {
                        walk(o, out, l.get(i), el, new Step(path, null, i));
                    }
                }
            }
            case STRING -> {
                if (!(value instanceof String)) {
                    wrongType(o, out, value, schema, Step.text(path));
                }
            }
            case INTEGER -> {
                if (!isInteger(value)) {
                    wrongType(o, out, value, schema, Step.text(path));
                }
            }
            case NUMBER -> {
                if (!(value instanceof Number)) {
                    wrongType(o, out, value, schema, Step.text(path));
                }
            }
            case BOOLEAN -> {
                if (!(value instanceof Boolean)) {
                    wrongType(o, out, value, schema, Step.text(path));
                }
            }
            case INT_OR_STRING -> {
                if (!(value instanceof String) && !isInteger(value)) {
                    wrongType(o, out, value, schema, Step.text(path));
                }
            }
            case QUANTITY -> {
                if (value instanceof String s) {
                    if (!QUANTITY.matcher(s).matches()) {
                        out.add(Rule.INVALID_VALUE, o, Step.text(path), "'" + s + "' is not a quantity; write a number with an "
                                + "optional suffix such as 500m, 128Mi or 2Gi");
                    }
                } else if (!(value instanceof Number)) {
                    wrongType(o, out, value, schema, Step.text(path));
                }
            }
            case ANY -> {
            }
        }
    }

    /** A path built only when a finding needs it: walking allocates one small object per step, no strings. */
    private record Step(Step parent, String key, int index) {
        static String text(Step s) {
            if (s == null) {
                return "";
            }
            String p = text(s.parent);
            return s.key != null ? YamlPath.key(p, s.key) : YamlPath.index(p, s.index);
        }
    }

    private static boolean isInteger(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof BigInteger || v instanceof Short;
    }

    private static void unknownField(KubeObject o, Findings out, FieldSchema schema, String parentPath, String key,
                                     String path) {
        String suggestion = QuickFixes.closest(key, schema.fields().keySet());
        String where = parentPath.isEmpty() ? o.kind() : parentPath + " (" + schema.typeName + ")";
        if (suggestion != null) {
            out.add(Rule.UNKNOWN_FIELD, o, path, "unknown field '" + key + "' in " + where + "; did you mean '"
                            + suggestion + "'?",
                    QuickFixes.renameKey("Rename '" + key + "' to '" + suggestion + "'", o, parentPath, key, suggestion));
        } else {
            out.add(Rule.UNKNOWN_FIELD, o, path, "unknown field '" + key + "' in " + where
                            + "; the API server rejects it: remove it or check the spelling",
                    QuickFixes.set("Remove '" + key + "'", o, path, null));
        }
    }

    private static void wrongType(KubeObject o, Findings out, Object value, FieldSchema schema, String path) {
        String found = describe(value);
        String message = path + " must be " + schema.describe() + ", not " + found;
        QuickFix fix = null;
        switch (schema.shape) {
            case STRING -> {
                if (value instanceof Number || value instanceof Boolean) {
                    message += "; quote it: \"" + value + "\"";
                    fix = QuickFixes.set("Quote " + value, o, path, String.valueOf(value));
                }
            }
            case INTEGER, INT_OR_STRING -> {
                if (value instanceof String s && INTEGER.matcher(s.strip()).matches()) {
                    message += "; write it without quotes";
                    fix = QuickFixes.set("Write " + s.strip() + " as a number", o, path, Long.parseLong(s.strip()));
                }
            }
            case BOOLEAN -> {
                if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
                    message += "; write it without quotes";
                    fix = QuickFixes.set("Write " + s + " as a boolean", o, path, Boolean.parseBoolean(s));
                }
            }
            case LIST -> {
                if (value instanceof Map<?, ?>) {
                    message += "; write each item on a line starting with '- '";
                    fix = QuickFixes.set("Put it in a list", o, path, List.of(value));
                }
            }
            default -> {
            }
        }
        out.add(Rule.WRONG_TYPE, o, path, message, fix);
    }

    static String describe(Object v) {
        if (v instanceof Map<?, ?>) {
            return "a map";
        }
        if (v instanceof List<?>) {
            return "a list";
        }
        if (v instanceof String s) {
            return "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
        }
        if (v instanceof Boolean) {
            return "the boolean " + v;
        }
        if (v instanceof Number) {
            return "the number " + v;
        }
        return String.valueOf(v);
    }
}
