package io.kubecanvas.app.ui.edit;

import io.kubecanvas.model.KubeKinds;
import io.kubecanvas.model.KubeObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a palette item creates: the smallest object kubectl accepts, with the values the article uses
 * (nginx on port 80), so a learner only changes what differs.
 */
public final class ObjectTemplates {
    public static final String DEFAULT_IMAGE = "nginx:latest";

    private ObjectTemplates() {
    }

    public static KubeObject create(String kind, String name, String namespace) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("apiVersion", KubeKinds.API_VERSIONS.getOrDefault(kind, "v1"));
        t.put("kind", kind);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", name);
        if (namespace != null && !namespace.isEmpty() && !"default".equals(namespace) && KubeKinds.isNamespaced(kind)) {
            meta.put("namespace", namespace);
        }
        t.put("metadata", meta);
        switch (kind) {
            case KubeKinds.POD -> {
                meta.put("labels", map("app", name));
                t.put("spec", map("containers", List.of(container())));
            }
            case KubeKinds.DEPLOYMENT -> {
                Map<String, Object> spec = new LinkedHashMap<>();
                spec.put("replicas", 1);
                spec.put("selector", map("matchLabels", map("app", name)));
                Map<String, Object> template = new LinkedHashMap<>();
                template.put("metadata", map("labels", map("app", name)));
                template.put("spec", map("containers", List.of(container())));
                spec.put("template", template);
                t.put("spec", spec);
            }
            case KubeKinds.SERVICE -> {
                Map<String, Object> spec = new LinkedHashMap<>();
                spec.put("selector", new LinkedHashMap<>());
                Map<String, Object> port = new LinkedHashMap<>();
                port.put("port", 80);
                port.put("targetPort", 80);
                spec.put("ports", new ArrayList<>(List.of(port)));
                spec.put("type", "ClusterIP");
                t.put("spec", spec);
            }
            case KubeKinds.INGRESS -> t.put("spec", map("rules", new ArrayList<>()));
            case KubeKinds.NETWORK_POLICY -> {
                Map<String, Object> spec = new LinkedHashMap<>();
                spec.put("podSelector", new LinkedHashMap<>());
                spec.put("policyTypes", new ArrayList<>(List.of("Ingress")));
                spec.put("ingress", new ArrayList<>());
                t.put("spec", spec);
            }
            default -> {
            }
        }
        return KubeObject.of(t);
    }

    private static Map<String, Object> container() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", "nginx");
        c.put("image", DEFAULT_IMAGE);
        c.put("ports", new ArrayList<>(List.of(map("containerPort", 80))));
        return c;
    }

    static Map<String, Object> map(String k, Object v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k, v);
        return m;
    }
}
