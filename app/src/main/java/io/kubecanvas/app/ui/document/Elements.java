package io.kubecanvas.app.ui.document;

import io.kubecanvas.model.Cluster;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.ObjectKey;

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

    public static boolean exists(Design d, String id) {
        return isNode(id) ? d.cluster().node(nodeName(id)) != null : d.find(ObjectKey.parse(id)) != null;
    }
}
