package io.kubecanvas.model.yaml;

/**
 * Paths into a document tree, written the way kubectl explain and kube-linter do:
 * {@code spec.template.spec.containers[0].ports[1].containerPort}. Keys holding dots or brackets are
 * quoted: {@code metadata.labels["app.kubernetes.io/name"]}.
 */
public final class YamlPath {
    private YamlPath() {
    }

    public static String key(String parent, String key) {
        boolean plain = !key.isEmpty();
        for (int i = 0; i < key.length() && plain; i++) {
            char c = key.charAt(i);
            plain = Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '$';
        }
        if (!plain) {
            return parent + "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
        }
        return parent.isEmpty() ? key : parent + "." + key;
    }

    public static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** The parent path of {@code path}, or {@code ""} at the root. */
    public static String parent(String path) {
        if (path.isEmpty()) {
            return "";
        }
        if (path.endsWith("]")) {
            int depth = 0;
            boolean quoted = false;
            for (int i = path.length() - 1; i >= 0; i--) {
                char c = path.charAt(i);
                if (c == '"' && (i == 0 || path.charAt(i - 1) != '\\')) {
                    quoted = !quoted;
                } else if (!quoted && c == ']') {
                    depth++;
                } else if (!quoted && c == '[' && --depth == 0) {
                    return path.substring(0, i);
                }
            }
            return "";
        }
        int dot = path.lastIndexOf('.');
        int bracket = path.lastIndexOf(']');
        return dot > bracket ? path.substring(0, dot) : (bracket >= 0 ? path.substring(0, bracket + 1) : "");
    }
}
