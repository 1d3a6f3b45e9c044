package io.kubecanvas.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Field ownership as {@code metadata.managedFields} records it, and server-side apply on top of it.
 *
 * <p>A field is a path of FieldsV1 steps: {@code f:spec}, {@code f:replicas}, or for an element of a list
 * merged by key {@code k:{"name":"web"}} (with {@code .} for the element itself). Lists without a merge key
 * ({@link Patches#mergeKey}) are atomic: owned as one value, as the structured-merge-diff library treats
 * lists without a list type. Each write records its manager: an update owns the fields it changed, an
 * apply owns exactly the fields it applied, and fields a manager stops applying are removed unless
 * another manager owns them too. Applying a value that differs from one another manager owns is a
 * conflict, unless forced.
 */
final class ManagedFields {
    /** Fields nobody owns: identity and server-set metadata. */
    private static final Set<String> UNOWNED_METADATA = Set.of("name", "namespace", "uid", "resourceVersion", "generation",
            "creationTimestamp", "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds");

    private ManagedFields() {
    }

    /** One entry of {@code metadata.managedFields}. */
    record Entry(String manager, String operation, String apiVersion, String time, String subresource, Set<List<String>> fields) {
        boolean sameManager(String m, String op, String sub) {
            return manager.equals(m) && operation.equals(op) && Objects.equals(subresource, sub);
        }
    }

    // ---- field sets ------------------------------------------------------------------------------

    /** The leaf fields of an object (what an apply or a create owns). */
    static Set<List<String>> leaves(String kind, JsonNode obj) {
        Set<List<String>> out = new LinkedHashSet<>();
        if (obj instanceof ObjectNode o) {
            o.fields().forEachRemaining(e -> {
                String f = e.getKey();
                if (f.equals("apiVersion") || f.equals("kind") || f.equals("status")) {
                    return;
                }
                if (f.equals("metadata") && e.getValue() instanceof ObjectNode meta) {
                    meta.fields().forEachRemaining(m -> {
                        if (!UNOWNED_METADATA.contains(m.getKey())) {
                            collect(kind, "metadata." + m.getKey(), List.of("f:metadata", "f:" + m.getKey()), m.getValue(), out);
                        }
                    });
                    return;
                }
                collect(kind, f, List.of("f:" + f), e.getValue(), out);
            });
        }
        return out;
    }

    private static void collect(String kind, String path, List<String> at, JsonNode v, Set<List<String>> out) {
        if (v instanceof ObjectNode o && !o.isEmpty()) {
            o.fields().forEachRemaining(e -> collect(kind, path + "." + e.getKey(), plus(at, "f:" + e.getKey()), e.getValue(), out));
            return;
        }
        String key = v.isArray() ? Patches.mergeKey(kind, path) : null;
        if (key != null && !v.isEmpty()) {
            for (JsonNode el : v) {
                if (!el.isObject() || el.get(key) == null) {
                    out.add(at);
                    return;
                }
                List<String> elAt = plus(at, elementStep(key, el.get(key)));
                out.add(plus(elAt, "."));
                el.fields().forEachRemaining(e -> collect(kind, path + "." + e.getKey(), plus(elAt, "f:" + e.getKey()), e.getValue(), out));
            }
            return;
        }
        out.add(at);
    }

    private static String elementStep(String key, JsonNode value) {
        ObjectNode k = ObjectRenderer.JSON.objectNode();
        k.set(key, value);
        return "k:" + k;
    }

    private static List<String> plus(List<String> at, String step) {
        List<String> out = new ArrayList<>(at.size() + 1);
        out.addAll(at);
        out.add(step);
        return List.copyOf(out);
    }

    /** The value at a field path, or null when it is not there. */
    static JsonNode valueAt(JsonNode obj, List<String> path) {
        JsonNode n = obj;
        for (String step : path) {
            if (n == null) {
                return null;
            }
            if (step.equals(".")) {
                continue;
            }
            if (step.startsWith("f:")) {
                n = n.get(step.substring(2));
            } else if (step.startsWith("k:")) {
                n = element(n, step);
            } else {
                return null;
            }
        }
        return n;
    }

    private static JsonNode element(JsonNode list, String step) {
        if (!(list instanceof ArrayNode a)) {
            return null;
        }
        try {
            JsonNode k = ObjectRenderer.MAPPER.readTree(step.substring(2));
            Map.Entry<String, JsonNode> kv = k.fields().next();
            for (JsonNode el : a) {
                JsonNode v = el.get(kv.getKey());
                if (v != null && v.asText().equals(kv.getValue().asText())) {
                    return el;
                }
            }
        } catch (java.io.IOException | java.util.NoSuchElementException e) {
            return null;
        }
        return null;
    }

    /** Removes the field at {@code path} (a list element when the path ends in {@code .}). */
    static void removeAt(JsonNode obj, List<String> path) {
        if (path.isEmpty()) {
            return;
        }
        boolean element = path.get(path.size() - 1).equals(".");
        List<String> target = element ? path.subList(0, path.size() - 1) : path;
        JsonNode parent = valueAt(obj, target.subList(0, target.size() - 1));
        String last = target.get(target.size() - 1);
        if (last.startsWith("f:") && parent instanceof ObjectNode o) {
            o.remove(last.substring(2));
        } else if (last.startsWith("k:") && parent instanceof ArrayNode a) {
            JsonNode el = element(a, last);
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i) == el) {
                    a.remove(i);
                    break;
                }
            }
        }
    }

    // ---- FieldsV1 --------------------------------------------------------------------------------

    static ObjectNode toFieldsV1(Set<List<String>> fields) {
        ObjectNode root = ObjectRenderer.JSON.objectNode();
        for (List<String> path : fields) {
            ObjectNode n = root;
            for (String step : path) {
                n = n.with(step);
            }
        }
        return root;
    }

    static Set<List<String>> fromFieldsV1(JsonNode tree) {
        Set<List<String>> out = new LinkedHashSet<>();
        walk(tree, List.of(), out);
        return out;
    }

    private static void walk(JsonNode n, List<String> at, Set<List<String>> out) {
        if (n == null || !n.isObject() || n.isEmpty()) {
            if (!at.isEmpty()) {
                out.add(at);
            }
            return;
        }
        n.fields().forEachRemaining(e -> walk(e.getValue(), plus(at, e.getKey()), out));
    }

    static List<Entry> read(JsonNode managedFields) {
        List<Entry> out = new ArrayList<>();
        if (managedFields != null && managedFields.isArray()) {
            for (JsonNode m : managedFields) {
                out.add(new Entry(m.path("manager").asText(""), m.path("operation").asText("Update"),
                        m.path("apiVersion").asText(""), m.path("time").asText(""),
                        m.has("subresource") ? m.path("subresource").asText() : null, fromFieldsV1(m.path("fieldsV1"))));
            }
        }
        return out;
    }

    static ArrayNode write(List<Entry> entries) {
        ArrayNode a = ObjectRenderer.JSON.arrayNode();
        for (Entry e : entries) {
            if (e.fields().isEmpty()) {
                continue;
            }
            ObjectNode m = a.addObject();
            m.put("manager", e.manager());
            m.put("operation", e.operation());
            m.put("apiVersion", e.apiVersion());
            m.put("time", e.time());
            m.put("fieldsType", "FieldsV1");
            m.set("fieldsV1", toFieldsV1(e.fields()));
            if (e.subresource() != null) {
                m.put("subresource", e.subresource());
            }
        }
        return a;
    }

    // ---- updates ---------------------------------------------------------------------------------

    /**
     * The managed fields after an update (create, replace, patch) by {@code manager}: it owns the fields it
     * changed or added; no other manager owns them any more.
     */
    static List<Entry> afterUpdate(List<Entry> before, String kind, JsonNode oldObj, JsonNode newObj, String manager,
                                   String apiVersion, String subresource) {
        Set<List<String>> newLeaves = leaves(kind, newObj);
        Set<List<String>> changed = new LinkedHashSet<>();
        for (List<String> f : newLeaves) {
            JsonNode was = oldObj == null ? null : valueAt(oldObj, f);
            JsonNode now = valueAt(newObj, f);
            if (oldObj == null || !Objects.equals(was, now)) {
                changed.add(f);
            }
        }
        List<Entry> out = new ArrayList<>();
        Set<List<String>> mine = new LinkedHashSet<>();
        for (Entry e : before) {
            Set<List<String>> kept = new LinkedHashSet<>();
            for (List<String> f : e.fields()) {
                if (newLeaves.contains(f) && !changed.contains(f)) {
                    kept.add(f);
                }
            }
            if (e.sameManager(manager, "Update", subresource)) {
                mine.addAll(kept);
            } else {
                out.add(new Entry(e.manager(), e.operation(), e.apiVersion(), e.time(), e.subresource(), kept));
            }
        }
        mine.addAll(changed);
        if (!mine.isEmpty()) {
            out.add(new Entry(manager, "Update", apiVersion, ObjectRenderer.timestamp(Instant.now()), subresource, mine));
        }
        out.removeIf(e -> e.fields().isEmpty());
        return out;
    }

    // ---- server-side apply ---------------------------------------------------------------------

    /** What an apply produced: the merged object and the managed fields that go with it. */
    record Applied(ObjectNode object, List<Entry> managedFields) {
    }

    /**
     * Server-side apply of {@code config} by {@code manager} onto {@code live} (null to create).
     *
     * @throws ApiException 409 Conflict naming each conflicting field and its manager, unless {@code force}
     */
    static Applied apply(ResourceType type, ObjectNode live, ObjectNode config, List<Entry> before, String manager, boolean force) {
        String kind = type.kind();
        Set<List<String>> applied = leaves(kind, config);
        List<String> conflicts = new ArrayList<>();
        Map<Entry, Set<List<String>>> taken = new LinkedHashMap<>();
        for (Entry e : before) {
            if (e.sameManager(manager, "Apply", null)) {
                continue;
            }
            for (List<String> f : e.fields()) {
                if (applied.contains(f) && live != null && !Objects.equals(valueAt(live, f), valueAt(config, f))) {
                    conflicts.add("conflict with \"" + e.manager() + "\"" + (e.subresource() != null
                            ? " with subresource \"" + e.subresource() + "\"" : "") + " using " + e.apiVersion() + ": " + dotted(f));
                    taken.computeIfAbsent(e, k -> new LinkedHashSet<>()).add(f);
                }
            }
        }
        if (!conflicts.isEmpty() && !force) {
            String msg = "Apply failed with " + conflicts.size() + " conflict" + (conflicts.size() == 1 ? "" : "s") + ": "
                    + String.join("\n", conflicts);
            List<ApiException.Cause> causes = new ArrayList<>();
            for (Map.Entry<Entry, Set<List<String>>> e : taken.entrySet()) {
                for (List<String> f : e.getValue()) {
                    causes.add(new ApiException.Cause("FieldManagerConflict", "conflict with \"" + e.getKey().manager() + "\"",
                            dotted(f)));
                }
            }
            String name = config.path("metadata").path("name").asText();
            throw new ApiException(409, "Conflict", msg, name, type.group(), type.plural(), causes);
        }
        ObjectNode merged = live == null ? config.deepCopy() : (ObjectNode) merge(kind, "", live, config);
        Set<List<String>> previous = new LinkedHashSet<>();
        for (Entry e : before) {
            if (e.sameManager(manager, "Apply", null)) {
                previous.addAll(e.fields());
            }
        }
        Set<List<String>> ownedByOthers = new LinkedHashSet<>();
        for (Entry e : before) {
            if (!e.sameManager(manager, "Apply", null)) {
                Set<List<String>> theirs = new LinkedHashSet<>(e.fields());
                if (taken.containsKey(e)) {
                    theirs.removeAll(taken.get(e));
                }
                ownedByOthers.addAll(theirs);
            }
        }
        for (List<String> f : previous) {
            if (!applied.contains(f) && !ownedByOthers.contains(f)) {
                removeAt(merged, f);
            }
        }
        List<Entry> out = new ArrayList<>();
        for (Entry e : before) {
            if (e.sameManager(manager, "Apply", null)) {
                continue;
            }
            Set<List<String>> theirs = new LinkedHashSet<>(e.fields());
            if (taken.containsKey(e)) {
                theirs.removeAll(taken.get(e));
            }
            out.add(new Entry(e.manager(), e.operation(), e.apiVersion(), e.time(), e.subresource(), theirs));
        }
        out.add(new Entry(manager, "Apply", type.apiVersion(), ObjectRenderer.timestamp(Instant.now()), null, applied));
        out.removeIf(e -> e.fields().isEmpty());
        return new Applied(merged, out);
    }

    /** Merges an applied configuration into the live object: maps deep, keyed lists by key, the rest replaced. */
    private static JsonNode merge(String kind, String path, JsonNode live, JsonNode config) {
        if (live instanceof ObjectNode l && config instanceof ObjectNode c) {
            ObjectNode out = l.deepCopy();
            Iterator<Map.Entry<String, JsonNode>> it = c.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String childPath = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                out.set(e.getKey(), merge(kind, childPath, out.get(e.getKey()), e.getValue()));
            }
            return out;
        }
        if (live instanceof ArrayNode l && config instanceof ArrayNode c) {
            String key = Patches.mergeKey(kind, path);
            if (key == null) {
                return c.deepCopy();
            }
            ArrayNode out = l.deepCopy();
            for (JsonNode el : c) {
                boolean found = false;
                for (int i = 0; i < out.size(); i++) {
                    JsonNode k = out.get(i).get(key);
                    if (k != null && el.get(key) != null && k.asText().equals(el.get(key).asText())) {
                        out.set(i, merge(kind, path, out.get(i), el));
                        found = true;
                        break;
                    }
                }
                if (!found) {
                    out.add(el.deepCopy());
                }
            }
            return out;
        }
        return config.deepCopy();
    }

    /** {@code .spec.replicas}, {@code .spec.template.spec.containers[name="web"].image}: how conflicts read. */
    static String dotted(List<String> path) {
        StringBuilder b = new StringBuilder();
        for (String step : path) {
            if (step.startsWith("f:")) {
                b.append('.').append(step.substring(2));
            } else if (step.startsWith("k:")) {
                try {
                    JsonNode k = ObjectRenderer.MAPPER.readTree(step.substring(2));
                    Map.Entry<String, JsonNode> kv = k.fields().next();
                    b.append('[').append(kv.getKey()).append('=').append(kv.getValue()).append(']');
                } catch (java.io.IOException e) {
                    b.append(step);
                }
            }
        }
        return b.toString();
    }
}
