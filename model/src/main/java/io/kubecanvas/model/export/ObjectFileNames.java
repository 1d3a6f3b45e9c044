package io.kubecanvas.model.export;

import io.kubecanvas.model.KubeObject;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Stable, collision-free file names for objects: {@code <namespace>/<kind>-<name>.yaml}, with
 * {@code _cluster/} for cluster-scoped kinds (no namespace can start with '_', so the two never meet).
 *
 * <p>Names are lower case (two objects differing only in case would collide on macOS and Windows) and
 * keep only {@code [a-z0-9.-]}; anything else becomes '_', so a hostile name cannot leave the folder.
 * Objects that still collide (duplicates, the same kind in two API groups) get {@code -2}, {@code -3}...
 * in file order, so the same design always gives the same names.
 */
public final class ObjectFileNames {
    public static final String CLUSTER_SCOPED_FOLDER = "_cluster";

    private ObjectFileNames() {
    }

    /** A path per object, by identity, in the objects' order. */
    public static Map<KubeObject, String> assign(List<KubeObject> objects) {
        Map<KubeObject, String> out = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        for (KubeObject o : objects) {
            String ns = o.namespace().isEmpty() ? CLUSTER_SCOPED_FOLDER : safe(o.namespace(), "default");
            String base = ns + "/" + safe(o.kind(), "object") + "-" + safe(o.name(), "unnamed");
            String path = base + ".yaml";
            for (int n = 2; !taken.add(path); n++) {
                path = base + "-" + n + ".yaml";
            }
            out.put(o, path);
        }
        return out;
    }

    /** Lower case, {@code [a-z0-9.-]} only, never empty, never starting with a dot. */
    static String safe(String text, String fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        StringBuilder b = new StringBuilder();
        for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
            b.append(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-' ? c : '_');
        }
        String s = b.length() > 100 ? b.substring(0, 100) : b.toString();
        if (s.replace(".", "").isEmpty()) {
            return fallback;
        }
        // A leading dot would hide the file (and "../" is already impossible: '/' became '_').
        return s.startsWith(".") ? "_" + s.substring(1) : s;
    }
}
