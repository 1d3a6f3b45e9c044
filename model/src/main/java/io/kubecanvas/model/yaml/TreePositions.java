package io.kubecanvas.model.yaml;

import io.kubecanvas.model.SourcePosition;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The positions of a document's values as a map from {@link YamlPath} to position, kept as three numbers per value
 * in the order of the tree (the value itself first, then each of its entries or items in turn, each followed by
 * what it holds), which is the order they were read in when the document has no anchors or merge keys: line,
 * column, and the number of the first value after everything the value holds.
 *
 * <p>Design notes. Validation asks for a handful of positions per object (those of its findings), while a map of
 * path strings costs a string, a position and a map entry per value, which made most of the reading time and
 * memory. So a lookup walks the path through the tree instead, stepping over each entry before the one it
 * follows by that entry's end number (a walk costs the entries passed, not the values they hold); the whole map is
 * built only when someone iterates it. The tree must stay as read, which {@link io.kubecanvas.model.KubeObject}
 * guarantees (edits copy the tree).
 */
final class TreePositions extends AbstractMap<String, SourcePosition> {
    private final String file;
    private final Object tree;
    /** Numbers kept per value: line and column (1-based, the file's), end. */
    static final int STRIDE = 3;
    /** {@link #STRIDE} numbers for each value, in tree order. */
    private final int[] lineColumn;
    private volatile Map<String, SourcePosition> all;

    TreePositions(String file, Object tree, int[] lineColumn) {
        this.file = file;
        this.tree = tree;
        this.lineColumn = lineColumn;
    }

    @Override
    public SourcePosition get(Object key) {
        int index = key instanceof String path ? indexOf(path) : -1;
        return index < 0 ? null : at(index);
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public int size() {
        return lineColumn.length / STRIDE;
    }

    @Override
    public boolean isEmpty() {
        return lineColumn.length == 0;
    }

    @Override
    public Set<Entry<String, SourcePosition>> entrySet() {
        return all().entrySet();
    }

    private SourcePosition at(int index) {
        return new SourcePosition(file, lineColumn[STRIDE * index], lineColumn[STRIDE * index + 1]);
    }

    private Map<String, SourcePosition> all() {
        Map<String, SourcePosition> a = all;
        if (a == null) {
            Map<String, SourcePosition> m = new HashMap<>(size() * 4 / 3 + 1);
            int[] next = {0};
            collect(tree, "", m, next);
            a = Collections.unmodifiableMap(m);
            all = a;
        }
        return a;
    }

    private void collect(Object node, String path, Map<String, SourcePosition> into, int[] next) {
        into.put(path, at(next[0]++));
        if (node instanceof Map<?, ?> m) {
            for (Entry<?, ?> e : m.entrySet()) {
                collect(e.getValue(), YamlPath.key(path, (String) e.getKey()), into, next);
            }
        } else if (node instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                collect(l.get(i), YamlPath.index(path, i), into, next);
            }
        }
    }

    /** The number of the first value after value {@code index} and all it holds. */
    private int end(int index) {
        return lineColumn[STRIDE * index + 2];
    }

    /**
     * The tree-order index of the value at {@code path}, or -1 when the tree has no such value or the path is not
     * written the way {@link YamlPath} writes it (a map of path strings would not hold it either).
     */
    int indexOf(String path) {
        Object node = tree;
        int index = 0;
        int i = 0;
        int n = path.length();
        while (i < n) {
            char c = path.charAt(i);
            if (c == '[' && i + 1 < n && path.charAt(i + 1) != '"') {
                int end = path.indexOf(']', i);
                if (end < 0 || !(node instanceof List<?> list)) {
                    return -1;
                }
                int item = canonicalIndex(path, i + 1, end);
                if (item < 0 || item >= list.size()) {
                    return -1;
                }
                index++;
                for (int k = 0; k < item; k++) {
                    index = end(index);
                }
                node = list.get(item);
                i = end + 1;
                continue;
            }
            String key;
            if (c == '[') {
                StringBuilder k = new StringBuilder();
                int j = i + 2;
                while (j < n && path.charAt(j) != '"') {
                    char ch = path.charAt(j);
                    if (ch == '\\') {
                        if (j + 1 >= n || (path.charAt(j + 1) != '\\' && path.charAt(j + 1) != '"')) {
                            return -1;
                        }
                        ch = path.charAt(++j);
                    }
                    k.append(ch);
                    j++;
                }
                if (j + 1 >= n || path.charAt(j + 1) != ']') {
                    return -1;
                }
                key = k.toString();
                if (plain(key)) {
                    return -1; // YamlPath writes this key with a dot
                }
                i = j + 2;
            } else {
                if (i > 0) {
                    if (c != '.') {
                        return -1;
                    }
                    i++;
                }
                int j = i;
                while (j < n && path.charAt(j) != '.' && path.charAt(j) != '[') {
                    j++;
                }
                key = path.substring(i, j);
                if (!plain(key)) {
                    return -1;
                }
                i = j;
            }
            if (!(node instanceof Map<?, ?> map)) {
                return -1;
            }
            index++;
            Object found = null;
            boolean hit = false;
            for (Entry<?, ?> e : map.entrySet()) {
                if (key.equals(e.getKey())) {
                    found = e.getValue();
                    hit = true;
                    break;
                }
                index = end(index);
            }
            if (!hit) {
                return -1;
            }
            node = found;
        }
        return index;
    }

    /** A key {@link YamlPath#key} writes after a dot. */
    private static boolean plain(String key) {
        if (key.isEmpty()) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '$')) {
                return false;
            }
        }
        return true;
    }

    /** The number between from and end when written as {@link YamlPath#index} writes it, else -1. */
    private static int canonicalIndex(String path, int from, int end) {
        if (from == end || end - from > 9 || (path.charAt(from) == '0' && end - from > 1)) {
            return -1;
        }
        int v = 0;
        for (int k = from; k < end; k++) {
            char d = path.charAt(k);
            if (d < '0' || d > '9') {
                return -1;
            }
            v = v * 10 + (d - '0');
        }
        return v;
    }
}
