package io.kubecanvas.model.export;

import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.Trees;
import io.kubecanvas.model.yaml.YamlWriter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A Helm chart of a design: one template per object, with images, replicas, Service types and Service
 * ports lifted into values.yaml, so {@code helm template} with the default values renders the design's
 * objects exactly.
 *
 * <p>values.yaml is grouped by kind, then by object name in camelCase (Go templates cannot name
 * {@code .Values.web-app}): {@code deployments.webApp.replicas}, {@code deployments.webApp.images.nginx},
 * {@code services.webService.type}, {@code services.webService.ports}.
 *
 * <p>Design notes. Each template is the object's tree written as YAML with a unique token where a value
 * goes; the token is then replaced by {@code {{ .Values.path | toJson }}}. JSON is valid YAML and keeps the
 * value's type (a port stays a number, "80" stays a string). Text of the object that happens to contain
 * {@code {{} is escaped so Helm prints it instead of running it.
 */
final class HelmChart {
    static final String VERSION = "0.1.0";

    private HelmChart() {
    }

    static Map<String, String> files(String chartName, List<KubeObject> objects, Map<KubeObject, String> paths) {
        Map<String, String> files = new LinkedHashMap<>();
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, Set<String>> keysByGroup = new HashMap<>();
        Map<String, String> templates = new LinkedHashMap<>();
        for (KubeObject o : objects) {
            templates.put("templates/" + paths.get(o), template(o, values, keysByGroup));
        }
        files.put("Chart.yaml", "apiVersion: v2\nname: " + chartName + "\n"
                + "description: Kubernetes objects exported from a KubeCanvas design\n"
                + "type: application\nversion: " + VERSION + "\nappVersion: \"1.0\"\n");
        files.put("values.yaml", "# Images, replicas, Service types and ports of the design, by kind and object name.\n"
                + "# Rendered with these defaults, the chart gives back the design's objects exactly.\n"
                + (values.isEmpty() ? "{}\n" : YamlWriter.write(values)));
        files.put(".helmignore", Exporter.MARKER + "\n");
        files.put("templates/NOTES.txt", "{{ .Chart.Name }} {{ .Chart.Version }}: " + objects.size()
                + " objects from a KubeCanvas design, released as {{ .Release.Name }}.\n");
        files.putAll(templates);
        return files;
    }

    /** The object's template; its lifted fields are added to {@code values} under its group and key. */
    private static String template(KubeObject o, Map<String, Object> values, Map<String, Set<String>> keysByGroup) {
        Map<String, Object> tree = Trees.deepCopy(o.tree());
        Map<String, Object> mine = new LinkedHashMap<>();
        Map<String, String> tokens = new LinkedHashMap<>();
        String group = group(o.kind());
        String key = unique(camel(o.name(), "object"), keysByGroup.computeIfAbsent(group, g -> new HashSet<>()));
        String base = ".Values." + group + "." + key;

        String kind = o.kind() == null ? "" : o.kind();
        Object replicas = Trees.get(tree, "spec.replicas");
        if (replicas != null && !(replicas instanceof Map) && !(replicas instanceof List)) {
            lift(tree, "spec.replicas", mine, "replicas", base + ".replicas", tokens);
        }
        String podSpec = podSpecPath(kind, tree);
        if (podSpec != null) {
            Map<String, Object> images = new LinkedHashMap<>();
            Set<String> imageKeys = new HashSet<>();
            for (String list : List.of("initContainers", "containers")) {
                if (!(Trees.get(tree, podSpec + "." + list) instanceof List<?> containers)) {
                    continue;
                }
                for (int i = 0; i < containers.size(); i++) {
                    if (containers.get(i) instanceof Map<?, ?> c && c.get("image") instanceof String) {
                        String ik = unique(camel(c.get("name") instanceof String n ? n : null, "container"), imageKeys);
                        String path = podSpec + "." + list + "[" + i + "].image";
                        images.put(ik, Trees.get(tree, path));
                        String t = token(tokens);
                        tokens.put(t, base + ".images." + ik);
                        Trees.set(tree, path, t);
                    }
                }
            }
            if (!images.isEmpty()) {
                mine.put("images", images);
            }
        }
        if ("Service".equals(kind)) {
            if (Trees.get(tree, "spec.type") instanceof String) {
                lift(tree, "spec.type", mine, "type", base + ".type", tokens);
            }
            if (Trees.get(tree, "spec.ports") instanceof List) {
                lift(tree, "spec.ports", mine, "ports", base + ".ports", tokens);
            }
        }
        if (!mine.isEmpty()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> g = (Map<String, Object>) values.computeIfAbsent(group, x -> new LinkedHashMap<>());
            g.put(key, mine);
        }
        String text = "# " + o.kind() + " " + (o.namespace().isEmpty() ? "" : o.namespace() + "/") + o.name() + "\n"
                + escapeTemplates(YamlWriter.write(tree));
        for (Map.Entry<String, String> t : tokens.entrySet()) {
            text = text.replace(t.getKey(), "{{ " + t.getValue() + " | toJson }}");
        }
        return text;
    }

    private static void lift(Map<String, Object> tree, String path, Map<String, Object> mine, String valueKey,
                             String valuePath, Map<String, String> tokens) {
        mine.put(valueKey, Trees.deepCopy(Trees.get(tree, path)));
        String t = token(tokens);
        tokens.put(t, valuePath);
        Trees.set(tree, path, t);
    }

    /** A token no YAML writer quotes, and none is a prefix of another ("_1__" vs "_12__"). */
    private static String token(Map<String, String> tokens) {
        return "__kubecanvas_value_" + tokens.size() + "__";
    }

    /** Where the Pod spec of a kind is: the Pod's spec, a template's spec, or a CronJob's job template. */
    private static String podSpecPath(String kind, Map<String, Object> tree) {
        if ("Pod".equals(kind)) {
            return "spec";
        }
        if ("CronJob".equals(kind)) {
            return "spec.jobTemplate.spec.template.spec";
        }
        if (Trees.get(tree, "spec.template.spec") instanceof Map) {
            return "spec.template.spec";
        }
        return null;
    }

    /** {@code Deployment} to {@code deployments}, {@code NetworkPolicy} to {@code networkPolicies}. */
    static String group(String kind) {
        String k = camel(kind, "object");
        if (k.endsWith("y") && !k.endsWith("ay") && !k.endsWith("ey") && !k.endsWith("oy")) {
            return k.substring(0, k.length() - 1) + "ies";
        }
        if (k.endsWith("s") || k.endsWith("x") || k.endsWith("ch") || k.endsWith("sh")) {
            return k + "es";
        }
        return k + "s";
    }

    /**
     * {@code web-app} to {@code webApp}, {@code redis.leader} to {@code redisLeader}, {@code Deployment} to
     * {@code deployment}; a leading digit gets '_' (Go template identifiers cannot start with one).
     */
    static String camel(String text, String fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        StringBuilder b = new StringBuilder();
        boolean upper = false;
        for (char c : text.toCharArray()) {
            boolean ok = c < 128 && Character.isLetterOrDigit(c);
            if (!ok) {
                upper = b.length() > 0;
                continue;
            }
            b.append(upper ? Character.toUpperCase(c) : b.length() == 0 ? Character.toLowerCase(c) : c);
            upper = false;
        }
        if (b.length() == 0) {
            return fallback;
        }
        String s = b.toString();
        return Character.isDigit(s.charAt(0)) ? "_" + s : s;
    }

    private static String unique(String key, Set<String> taken) {
        String k = key;
        for (int n = 2; !taken.add(k.toLowerCase(Locale.ROOT)); n++) {
            k = key + n;
        }
        return k;
    }

    /**
     * Lets Helm print {@code {{} literally: each one becomes {@code {{ "{{" }}}. ({@code }}} outside an
     * action is plain text to Go templates.)
     */
    static String escapeTemplates(String text) {
        return text.replace("{{", "{{ \"{{\" }}");
    }
}
