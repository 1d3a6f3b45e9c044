package io.kubecanvas.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The three patch types of the API: JSON patch (RFC 6902, through fabric8's zjsonpatch), JSON merge patch
 * (RFC 7386) and strategic merge patch, Kubernetes' own, where some lists merge element by element on a
 * key (containers by {@code name}, a container's ports by {@code containerPort}, a Service's ports by
 * {@code port}) and directives ({@code $patch}, {@code $setElementOrder/...}, {@code $retainKeys},
 * {@code $deleteFromPrimitiveList/...}) say what to delete, keep or order. {@link #mergeKey} is the one
 * table of those keys; server-side apply and the OpenAPI document read it too.
 */
final class Patches {
    private Patches() {
    }

    /**
     * The merge key of the list at {@code path} (dotted, without list indexes, from the object's root, as
     * {@code spec.template.spec.containers.ports}) in an object of {@code kind}, or null for an atomic list.
     */
    static String mergeKey(String kind, String path) {
        String p = path;
        if (p.endsWith(".containers") || p.endsWith(".initContainers") || p.endsWith(".ephemeralContainers")
                || p.equals("containers")) {
            return "name";
        }
        if (p.endsWith("ontainers.ports")) {
            return "containerPort";
        }
        if (p.endsWith("ontainers.env")) {
            return "name";
        }
        if (p.endsWith("ontainers.volumeMounts")) {
            return "mountPath";
        }
        if (p.endsWith("ontainers.volumeDevices")) {
            return "devicePath";
        }
        if (p.endsWith("ontainers.resizePolicy")) {
            return "resourceName";
        }
        if (p.endsWith("spec.volumes") || p.endsWith("spec.imagePullSecrets")) {
            return "name";
        }
        if (p.endsWith("spec.hostAliases")) {
            return "ip";
        }
        if (p.endsWith("spec.topologySpreadConstraints")) {
            return "topologyKey";
        }
        if (p.equals("metadata.ownerReferences")) {
            return "uid";
        }
        if (p.equals("status.conditions")) {
            return "type";
        }
        if ("Service".equals(kind) && p.equals("spec.ports")) {
            return "port";
        }
        return null;
    }

    /** Lists of strings merged as sets by a strategic patch. */
    static boolean primitiveMergeList(String path) {
        return path.equals("metadata.finalizers");
    }

    // ---- JSON patch and merge patch ----------------------------------------------------------

    static JsonNode jsonPatch(JsonNode target, JsonNode patch) {
        if (!patch.isArray()) {
            throw ApiException.badRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch:"
                    + " a JSON patch is a list of operations such as [{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":3}]");
        }
        try {
            return JsonPatch.apply(patch, target);
        } catch (JsonPatchException | IllegalArgumentException e) {
            throw new ApiException(422, "Invalid", "the JSON patch could not be applied: " + e.getMessage(), null, null, null,
                    List.of());
        }
    }

    /** RFC 7386: objects merge, {@code null} deletes, anything else replaces. */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode out = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : ObjectRenderer.JSON.objectNode();
        Iterator<Map.Entry<String, JsonNode>> it = patch.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                out.remove(e.getKey());
            } else {
                out.set(e.getKey(), mergePatch(out.get(e.getKey()), e.getValue()));
            }
        }
        return out;
    }

    // ---- strategic merge patch ---------------------------------------------------------------

    static JsonNode strategic(String kind, JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            throw ApiException.badRequest("a strategic merge patch must be a JSON object");
        }
        JsonNode out = strategicObject(kind, "", target, (ObjectNode) patch);
        return out == null ? ObjectRenderer.JSON.objectNode() : out;
    }

    /** Merges an object; returns null when the patch deletes it. */
    private static JsonNode strategicObject(String kind, String path, JsonNode target, ObjectNode patch) {
        String directive = patch.path("$patch").asText("");
        if (directive.equals("delete")) {
            return null;
        }
        if (directive.equals("replace")) {
            ObjectNode copy = patch.deepCopy();
            copy.remove("$patch");
            return stripDirectives(copy);
        }
        ObjectNode out = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : ObjectRenderer.JSON.objectNode();
        List<Map.Entry<String, JsonNode>> orders = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = patch.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = e.getKey();
            JsonNode value = e.getValue();
            if (field.equals("$patch") || field.equals("$retainKeys")) {
                continue;
            }
            if (field.startsWith("$setElementOrder/")) {
                orders.add(e);
                continue;
            }
            if (field.startsWith("$deleteFromPrimitiveList/")) {
                String f = field.substring("$deleteFromPrimitiveList/".length());
                if (out.get(f) instanceof ArrayNode list && value.isArray()) {
                    Set<JsonNode> drop = new HashSet<>();
                    value.forEach(drop::add);
                    ArrayNode kept = ObjectRenderer.JSON.arrayNode();
                    list.forEach(x -> {
                        if (!drop.contains(x)) {
                            kept.add(x);
                        }
                    });
                    out.set(f, kept);
                }
                continue;
            }
            String childPath = path.isEmpty() ? field : path + "." + field;
            if (value.isNull()) {
                out.remove(field);
            } else if (value.isObject()) {
                JsonNode merged = strategicObject(kind, childPath, out.get(field), (ObjectNode) value);
                if (merged == null) {
                    out.remove(field);
                } else {
                    out.set(field, merged);
                }
            } else if (value.isArray()) {
                String key = mergeKey(kind, childPath);
                if (key != null) {
                    out.set(field, mergeList(kind, childPath, out.get(field), (ArrayNode) value, key));
                } else if (primitiveMergeList(childPath) && out.get(field) instanceof ArrayNode existing) {
                    ArrayNode union = existing.deepCopy();
                    Set<JsonNode> have = new HashSet<>();
                    existing.forEach(have::add);
                    value.forEach(v -> {
                        if (have.add(v)) {
                            union.add(v);
                        }
                    });
                    out.set(field, union);
                } else {
                    out.set(field, stripDirectives(value.deepCopy()));
                }
            } else {
                out.set(field, value.deepCopy());
            }
        }
        for (Map.Entry<String, JsonNode> e : orders) {
            String field = e.getKey().substring("$setElementOrder/".length());
            String key = mergeKey(kind, path.isEmpty() ? field : path + "." + field);
            if (out.get(field) instanceof ArrayNode list && e.getValue().isArray()) {
                out.set(field, ordered(list, (ArrayNode) e.getValue(), key));
            }
        }
        if (patch.get("$retainKeys") instanceof ArrayNode retain) {
            Set<String> keep = new HashSet<>();
            retain.forEach(k -> keep.add(k.asText()));
            List<String> names = new ArrayList<>();
            out.fieldNames().forEachRemaining(names::add);
            for (String f : names) {
                if (!keep.contains(f)) {
                    out.remove(f);
                }
            }
        }
        return out;
    }

    private static ArrayNode mergeList(String kind, String path, JsonNode target, ArrayNode patch, String key) {
        ArrayNode out = target != null && target.isArray() ? ((ArrayNode) target).deepCopy() : ObjectRenderer.JSON.arrayNode();
        for (JsonNode el : patch) {
            if (el.isObject() && "replace".equals(el.path("$patch").asText())) {
                ArrayNode replaced = ObjectRenderer.JSON.arrayNode();
                for (JsonNode other : patch) {
                    if (other != el) {
                        replaced.add(stripDirectives(other.deepCopy()));
                    }
                }
                return replaced;
            }
        }
        for (JsonNode el : patch) {
            if (!el.isObject()) {
                out.add(el.deepCopy());
                continue;
            }
            JsonNode id = el.get(key);
            int at = indexOf(out, key, id);
            if ("delete".equals(el.path("$patch").asText())) {
                if (at >= 0) {
                    out.remove(at);
                }
                continue;
            }
            if (at >= 0) {
                JsonNode merged = strategicObject(kind, path, out.get(at), (ObjectNode) el);
                if (merged == null) {
                    out.remove(at);
                } else {
                    out.set(at, merged);
                }
            } else {
                JsonNode added = strategicObject(kind, path, null, (ObjectNode) el);
                if (added != null) {
                    out.add(added);
                }
            }
        }
        return out;
    }

    private static int indexOf(ArrayNode list, String key, JsonNode id) {
        for (int i = 0; i < list.size(); i++) {
            JsonNode k = list.get(i).get(key);
            if (k != null && id != null && k.asText().equals(id.asText())) {
                return i;
            }
        }
        return -1;
    }

    /** Orders a list as {@code $setElementOrder} says; elements it does not mention keep their place after. */
    private static ArrayNode ordered(ArrayNode list, ArrayNode order, String key) {
        ArrayNode out = ObjectRenderer.JSON.arrayNode();
        List<JsonNode> rest = new ArrayList<>();
        list.forEach(rest::add);
        for (JsonNode o : order) {
            for (Iterator<JsonNode> it = rest.iterator(); it.hasNext(); ) {
                JsonNode el = it.next();
                boolean same = key == null ? el.equals(o) : el.get(key) != null && o.get(key) != null
                        && el.get(key).asText().equals(o.get(key).asText());
                if (same) {
                    out.add(el);
                    it.remove();
                    break;
                }
            }
        }
        rest.forEach(out::add);
        return out;
    }

    /** A value without any {@code $...} directive keys, at any depth. */
    private static JsonNode stripDirectives(JsonNode n) {
        prune(n, (field, value) -> field.startsWith("$"));
        return n;
    }

    /** Removes, at any depth of objects and lists, the fields {@code drop} picks. */
    static void prune(JsonNode n, java.util.function.BiPredicate<String, JsonNode> drop) {
        if (n instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String f : names) {
                if (drop.test(f, o.get(f))) {
                    o.remove(f);
                } else {
                    prune(o.get(f), drop);
                }
            }
        } else if (n instanceof ArrayNode a) {
            a.forEach(x -> prune(x, drop));
        }
    }
}
