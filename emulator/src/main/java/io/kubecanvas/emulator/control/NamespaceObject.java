package io.kubecanvas.emulator.control;

import java.util.LinkedHashMap;
import java.util.Map;

/** A Namespace; its labels always include {@code kubernetes.io/metadata.name}, as the API server sets it. */
public record NamespaceObject(String name, Map<String, String> labels) {

    public NamespaceObject {
        Map<String, String> l = new LinkedHashMap<>(labels);
        l.put("kubernetes.io/metadata.name", name);
        labels = Map.copyOf(l);
    }
}
