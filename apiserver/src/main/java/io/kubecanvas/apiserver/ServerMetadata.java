package io.kubecanvas.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the API server keeps about an object that does not belong in the design: annotations the server
 * or kubectl maintain ({@code kubectl.kubernetes.io/last-applied-configuration}, annotations written on
 * objects the controllers made) and {@code managedFields}. Keyed by {@link #key(ResourceType, String, String)}.
 * Thread-safe; values are replaced, never mutated.
 */
final class ServerMetadata {
    /** Annotations that live on the served object only; the design never carries them. */
    static final java.util.Set<String> SERVER_ANNOTATIONS = java.util.Set.of(
            "kubectl.kubernetes.io/last-applied-configuration",
            "deployment.kubernetes.io/revision");

    private final Map<String, Map<String, String>> annotations = new ConcurrentHashMap<>();
    private final Map<String, ArrayNode> managedFields = new ConcurrentHashMap<>();
    private final Map<String, Long> versions = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong stamp = new java.util.concurrent.atomic.AtomicLong();

    /** Changes whenever the object's annotations or managed fields do (0 before any), for rendering caches. */
    long version(String key) {
        return versions.getOrDefault(key, 0L);
    }

    /** Changes with every change of any object's server metadata. */
    long stamp() {
        return stamp.get();
    }

    private void touch(String key) {
        versions.put(key, stamp.incrementAndGet());
    }

    static String key(ResourceType t, String namespace, String name) {
        return t.group() + "/" + t.plural() + "/" + (namespace == null ? "" : namespace) + "/" + name;
    }

    Map<String, String> annotations(String key) {
        return annotations.getOrDefault(key, Map.of());
    }

    void setAnnotations(String key, Map<String, String> values) {
        touch(key);
        if (values.isEmpty()) {
            annotations.remove(key);
        } else {
            annotations.put(key, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values)));
        }
    }

    ArrayNode managedFields(String key) {
        return managedFields.get(key);
    }

    void setManagedFields(String key, ArrayNode fields) {
        touch(key);
        if (fields == null || fields.isEmpty()) {
            managedFields.remove(key);
        } else {
            managedFields.put(key, fields.deepCopy());
        }
    }

    /** Forgets an object that was deleted. */
    void forget(String key) {
        touch(key);
        annotations.remove(key);
        managedFields.remove(key);
    }

    static Map<String, String> stringMap(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n != null && n.isObject()) {
            n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
        }
        return out;
    }
}
