package io.kubecanvas.model.validate;

import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignDocument;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.SourcePosition;
import io.kubecanvas.model.yaml.YamlDocument;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The items of {@code kind: List} and {@code *List} objects ({@code ConfigMapList}, what {@code kubectl get -o
 * yaml} prints) as objects of their own, with their positions in the file, so every rule checks them as it
 * checks a document. A quick fix found on an item edits the item inside its list.
 */
final class ListItems {
    /** Where an item view came from. */
    record Item(KubeObject list, int index) {
    }

    private final Map<KubeObject, Item> items = new IdentityHashMap<>();
    private final Map<KubeObject, List<KubeObject>> byList = new IdentityHashMap<>();

    /** A list holds its objects under {@code items}; a kind such as {@code PodList} or plain {@code List}. */
    static boolean isList(KubeObject o) {
        String kind = o.kind();
        return kind != null && kind.endsWith("List") && o.tree().get("items") instanceof List<?>;
    }

    /** The item views of a list; items that are not maps are left to the caller (they are not objects). */
    List<KubeObject> expand(KubeObject list) {
        List<?> raw = (List<?>) list.tree().get("items");
        // One pass over the list's positions, bucketed by item: "items[3].metadata.name" -> item 3, "metadata.name".
        Map<Integer, Map<String, SourcePosition>> byItem = new HashMap<>();
        for (Map.Entry<String, SourcePosition> e : list.positions().entrySet()) {
            String p = e.getKey();
            if (!p.startsWith("items[")) {
                continue;
            }
            int close = p.indexOf(']');
            int index;
            try {
                index = Integer.parseInt(p.substring(6, close));
            } catch (RuntimeException ex) {
                continue;
            }
            String rest = p.substring(close + 1);
            byItem.computeIfAbsent(index, k -> new HashMap<>()).put(rest.startsWith(".") ? rest.substring(1) : rest, e.getValue());
        }
        List<KubeObject> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            if (!(raw.get(i) instanceof Map<?, ?> tree)) {
                continue;
            }
            Map<String, SourcePosition> positions = byItem.getOrDefault(i, new HashMap<>());
            SourcePosition start = positions.getOrDefault("", list.position("items[" + i + "]"));
            positions.putIfAbsent("", start);
            KubeObject item = KubeObject.read(new YamlDocument(tree, positions, "", start));
            items.put(item, new Item(list, i));
            out.add(item);
        }
        byList.put(list, out);
        return out;
    }

    /** The objects rules see: each object of the design, a list replaced by its items. */
    List<KubeObject> objects(Design design) {
        List<KubeObject> out = new ArrayList<>();
        for (DesignDocument d : design.documents()) {
            if (d instanceof KubeObject o) {
                if (isList(o)) {
                    out.addAll(expand(o));
                } else {
                    out.add(o);
                }
            }
        }
        return out;
    }

    /** The item views of a list {@link #objects} expanded. */
    List<KubeObject> objectsOf(KubeObject list) {
        return byList.getOrDefault(list, List.of());
    }

    Item itemOf(KubeObject o) {
        return items.get(o);
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    /**
     * A fix found on an item, as an edit of its list: the fix runs on a design holding the item alone, the
     * changed item goes back at its index, and objects the fix added (a Namespace, a NetworkPolicy) are added.
     */
    static QuickFix inList(QuickFix fix, Item where, KubeObject item) {
        return new QuickFix(fix.title(), design -> {
            KubeObject list = QuickFixes.locate(design, where.list());
            if (list == null) {
                return design;
            }
            Design alone = fix.apply().apply(Design.of(List.<DesignDocument>of(item)));
            // The item stays first (edits replace in place, additions go after it).
            List<DesignDocument> docs = alone.documents();
            Design result = design;
            if (!docs.isEmpty() && docs.get(0) instanceof KubeObject changed && changed != item) {
                result = result.replace(list, list.with("items[" + where.index() + "]", changed.tree()));
            }
            for (int k = 1; k < docs.size(); k++) {
                if (docs.get(k) instanceof KubeObject added) {
                    result = result.add(added);
                }
            }
            return result;
        });
    }
}
