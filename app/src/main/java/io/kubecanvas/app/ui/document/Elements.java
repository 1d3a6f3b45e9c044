package io.kubecanvas.app.ui.document;

import io.kubecanvas.model.Cluster;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.ObjectKey;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Element ids: what the canvas, the outline and the selection call things. An object is its
 * {@link ObjectKey#toString()}, a cluster node is {@code Node/name} (the same keys the layout uses).
 */
public final class Elements {
    public static final String NODE_PREFIX = "Node/";

    private Elements() {
    }

    public static String of(KubeObject o) {
        return o.key().toString();
    }

    public static String node(String name) {
        return NODE_PREFIX + name;
    }

    public static boolean isNode(String id) {
        return id.startsWith(NODE_PREFIX) && id.indexOf('/', NODE_PREFIX.length()) < 0;
    }

    public static String nodeName(String id) {
        return id.substring(NODE_PREFIX.length());
    }

    public static KubeObject object(Design d, String id) {
        return isNode(id) ? null : d.find(ObjectKey.parse(id));
    }

    public static Cluster.NodeSpec nodeSpec(Design d, String id) {
        return isNode(id) ? d.cluster().node(nodeName(id)) : null;
    }

    /**
     * The elements that differ between two designs and exist in {@code after}: objects added or changed,
     * nodes added or changed, elements moved on the canvas (what an undo or redo shows by selecting).
     */
    public static Set<String> changed(Design before, Design after) {
        Set<String> out = new LinkedHashSet<>();
        for (KubeObject o : after.objects()) {
            KubeObject was = o.name() == null ? null : before.find(o.key());
            if (o.name() != null && (was == null || (was != o && !was.text().equals(o.text())))) {
                out.add(of(o));
            }
        }
        for (Cluster.NodeSpec n : after.cluster().nodes()) {
            if (!n.equals(before.cluster().node(n.name()))) {
                out.add(node(n.name()));
            }
        }
        Map<String, Cluster.Point> was = before.cluster().layout().positions();
        Map<String, Cluster.Point> now = after.cluster().layout().positions();
        Set<String> placed = new LinkedHashSet<>(now.keySet());
        placed.addAll(was.keySet());
        for (String id : placed) {
            if (!java.util.Objects.equals(was.get(id), now.get(id)) && exists(after, id)) {
                out.add(id);
            }
        }
        return out;
    }

    public static boolean exists(Design d, String id) {
        return isNode(id) ? d.cluster().node(nodeName(id)) != null : d.find(ObjectKey.parse(id)) != null;
    }
}
