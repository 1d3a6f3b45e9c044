package io.kubecanvas.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Operations on plain YAML/JSON trees ({@code Map<String,Object>}, {@code List<Object>}, scalars).
 * Numbers compare by value whatever their Java type, as they do in JSON.
 */
public final class Trees {
    private Trees() {
    }

    @SuppressWarnings("unchecked")
    public static <T> T deepCopy(T value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), deepCopy(v)));
            return (T) out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(deepCopy(v)));
            return (T) out;
        }
        return value;
    }

    /** Equality as JSON sees it: maps ignore key order, numbers compare by value. */
    public static boolean equal(Object a, Object b) {
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            if (ma.size() != mb.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : ma.entrySet()) {
                if (!mb.containsKey(e.getKey()) || !equal(e.getValue(), mb.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (la.size() != lb.size()) {
                return false;
            }
            for (int i = 0; i < la.size(); i++) {
                if (!equal(la.get(i), lb.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Number na && b instanceof Number nb) {
            return na.doubleValue() == nb.doubleValue();
        }
        return Objects.equals(a, b);
    }

    /** The first difference between two trees as a path and both values, or null when equal. */
    public static String firstDifference(Object a, Object b) {
        return diff("", a, b);
    }

    private static String diff(String path, Object a, Object b) {
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            for (Map.Entry<?, ?> e : ma.entrySet()) {
                String p = path.isEmpty() ? String.valueOf(e.getKey()) : path + "." + e.getKey();
                if (!mb.containsKey(e.getKey())) {
                    return p + ": missing on the right";
                }
                String d = diff(p, e.getValue(), mb.get(e.getKey()));
                if (d != null) {
                    return d;
                }
            }
            for (Object k : mb.keySet()) {
                if (!ma.containsKey(k)) {
                    return (path.isEmpty() ? "" : path + ".") + k + ": missing on the left";
                }
            }
            return null;
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (la.size() != lb.size()) {
                return path + ": list sizes " + la.size() + " vs " + lb.size();
            }
            for (int i = 0; i < la.size(); i++) {
                String d = diff(path + "[" + i + "]", la.get(i), lb.get(i));
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        return equal(a, b) ? null : path + ": " + a + " vs " + b;
    }

    /**
     * The new tree with the old tree's key order wherever keys survive: kept keys stay where they were,
     * new keys follow. Lists merge item by item. Used when a typed object is written back.
     */
    @SuppressWarnings("unchecked")
    public static Object mergeOrdered(Object old, Object updated) {
        if (old instanceof Map<?, ?> mo && updated instanceof Map<?, ?> mu) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : mo.entrySet()) {
                if (mu.containsKey(e.getKey())) {
                    out.put(String.valueOf(e.getKey()), mergeOrdered(e.getValue(), mu.get(e.getKey())));
                }
            }
            for (Map.Entry<?, ?> e : mu.entrySet()) {
                out.putIfAbsent(String.valueOf(e.getKey()), deepCopy(e.getValue()));
            }
            return out;
        }
        if (old instanceof List<?> lo && updated instanceof List<?> lu) {
            List<Object> out = new ArrayList<>(lu.size());
            for (int i = 0; i < lu.size(); i++) {
                out.add(i < lo.size() ? mergeOrdered(lo.get(i), lu.get(i)) : deepCopy(lu.get(i)));
            }
            return out;
        }
        // Same value in another Java type (Integer vs Long): keep the original.
        return equal(old, updated) && old != null ? old : updated;
    }

    /** Parsed paths: validation asks for the same few dozen paths of every object. */
    private static final Map<String, Object[]> STEPS = new java.util.concurrent.ConcurrentHashMap<>();
    /** Beyond this many distinct paths the cache stops growing (paths with many indexes). */
    private static final int MAX_CACHED_PATHS = 50_000;

    /** Follows a dotted path ({@code spec.ports[0].port}); null when any step is missing. */
    public static Object get(Object tree, String path) {
        Object[] steps = STEPS.get(path);
        if (steps == null) {
            steps = steps(path).toArray();
            if (STEPS.size() < MAX_CACHED_PATHS) {
                STEPS.put(path, steps);
            }
        }
        Object cur = tree;
        for (Object step : steps) {
            if (step instanceof Integer i) {
                if (!(cur instanceof List<?> l) || i >= l.size()) {
                    return null;
                }
                cur = l.get(i);
            } else {
                if (!(cur instanceof Map<?, ?> m)) {
                    return null;
                }
                cur = m.get(step);
            }
        }
        return cur;
    }

    /** Sets a value at a path in a mutable tree, creating maps on the way; null removes the key. */
    @SuppressWarnings("unchecked")
    public static void set(Map<String, Object> tree, String path, Object value) {
        List<Object> steps = steps(path);
        Object cur = tree;
        for (int s = 0; s < steps.size() - 1; s++) {
            Object step = steps.get(s);
            Object nextStep = steps.get(s + 1);
            if (step instanceof Integer i) {
                List<Object> l = (List<Object>) cur;
                while (l.size() <= i) {
                    l.add(nextStep instanceof Integer ? new ArrayList<>() : new LinkedHashMap<>());
                }
                cur = l.get(i);
            } else {
                Map<String, Object> m = (Map<String, Object>) cur;
                Object next = m.get(step);
                if (next == null) {
                    next = nextStep instanceof Integer ? new ArrayList<>() : new LinkedHashMap<>();
                    m.put((String) step, next);
                }
                cur = next;
            }
        }
        Object last = steps.get(steps.size() - 1);
        if (last instanceof Integer i) {
            List<Object> l = (List<Object>) cur;
            if (value == null) {
                if (i < l.size()) {
                    l.remove((int) i);
                }
            } else {
                while (l.size() <= i) {
                    l.add(null);
                }
                l.set(i, value);
            }
        } else if (value == null) {
            ((Map<String, Object>) cur).remove(last);
        } else {
            ((Map<String, Object>) cur).put((String) last, value);
        }
    }

    /** Splits {@code a.b[0]["c.d"]} into {@code a, b, 0, c.d}. */
    public static List<Object> steps(String path) {
        List<Object> out = new ArrayList<>();
        int i = 0;
        int n = path.length();
        StringBuilder cur = new StringBuilder();
        while (i < n) {
            char c = path.charAt(i);
            if (c == '.') {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
                i++;
            } else if (c == '[') {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
                if (i + 1 < n && path.charAt(i + 1) == '"') {
                    int j = i + 2;
                    StringBuilder key = new StringBuilder();
                    while (j < n && path.charAt(j) != '"') {
                        if (path.charAt(j) == '\\' && j + 1 < n) {
                            j++;
                        }
                        key.append(path.charAt(j++));
                    }
                    out.add(key.toString());
                    i = j + 2;
                } else {
                    int j = path.indexOf(']', i);
                    out.add(Integer.parseInt(path.substring(i + 1, j)));
                    i = j + 1;
                }
            } else {
                cur.append(c);
                i++;
            }
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }
}
