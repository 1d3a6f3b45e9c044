package io.kubecanvas.model.export;

import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.Trees;
import io.kubecanvas.model.yaml.YamlDocument;
import io.kubecanvas.model.yaml.YamlException;
import io.kubecanvas.model.yaml.YamlReader;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Compares what a tool rendered with the design's objects, as parsed trees, in any order. */
final class ExportChecks {
    private ExportChecks() {
    }

    /** The object documents of a YAML stream (empty documents and Helm's comments dropped). */
    static List<Object> objectTrees(String name, String yaml) throws YamlException {
        List<Object> out = new ArrayList<>();
        for (YamlDocument d : YamlReader.read(name, yaml)) {
            if (d.tree() instanceof Map<?, ?>) {
                out.add(d.tree());
            }
        }
        return out;
    }

    /** Null when {@code rendered} holds exactly the objects' trees (any order), else what differs. */
    /** A tree with map entries whose value is null or an empty map left out, at every level. */
    static Object withoutNulls(Object tree) {
        if (tree instanceof Map<?, ?> m) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            m.forEach((k, v) -> {
                Object w = withoutNulls(v);
                if (w != null && !(w instanceof Map<?, ?> e && e.isEmpty())) {
                    out.put(String.valueOf(k), w);
                }
            });
            return out;
        }
        if (tree instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(withoutNulls(v)));
            return out;
        }
        return tree;
    }

    @SuppressWarnings("unchecked")
    static String differences(List<KubeObject> designObjects, List<Object> rendered) {
        List<Object> left = new ArrayList<>(rendered);
        List<String> problems = new ArrayList<>();
        // kubectl kustomize reads a List as its items; Helm passes it through: expect what the tool printed.
        List<KubeObject> objects = new ArrayList<>();
        for (KubeObject o : designObjects) {
            boolean listKept = rendered.stream().anyMatch(r -> r instanceof Map<?, ?> m && String.valueOf(o.kind()).equals(m.get("kind")));
            if (o.kind() != null && o.kind().endsWith("List") && o.get("items") instanceof List<?> items && !listKept) {
                for (Object item : items) {
                    if (item instanceof Map<?, ?> m) {
                        objects.add(KubeObject.of((Map<String, Object>) m));
                    }
                }
            } else {
                objects.add(o);
            }
        }
        for (KubeObject o : objects) {
            int match = -1;
            // kubectl drops fields whose value is null or an empty map (omitempty; the API reads them as absent).
            Object mine = withoutNulls(o.tree());
            for (int i = 0; i < left.size() && match < 0; i++) {
                if (Trees.equal(mine, withoutNulls(left.get(i)))) {
                    match = i;
                }
            }
            if (match >= 0) {
                left.remove(match);
                continue;
            }
            // Name the closest candidate's first difference, to make a failure readable.
            String why = "not rendered";
            for (Object r : left) {
                if (r instanceof Map<?, ?> m && String.valueOf(o.kind()).equals(m.get("kind"))
                        && o.name() != null && o.name().equals(Trees.get(m, "metadata.name"))) {
                    why = Trees.firstDifference(mine, withoutNulls(r));
                    break;
                }
            }
            problems.add(o.key() + ": " + why);
        }
        if (!left.isEmpty()) {
            problems.add(left.size() + " extra rendered object(s), first: " + left.get(0));
        }
        return problems.isEmpty() ? null : String.join("\n", problems);
    }
}
