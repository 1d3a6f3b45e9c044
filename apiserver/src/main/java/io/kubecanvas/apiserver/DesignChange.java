package io.kubecanvas.apiserver;

import io.kubecanvas.model.Cluster;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.ObjectKey;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One change made through the API, as a change to the design: objects written (their whole new tree) and
 * objects removed, and perhaps the cluster's nodes. It applies to whatever design is current when it is
 * applied, so an edit made on the canvas meanwhile is kept. The app pushes it as one undoable command
 * titled {@link #title()} ("kubectl scale: Deployment default/web").
 *
 * @param put     new trees by key; an existing object keeps its place and the positions of surviving paths
 * @param cluster the new Cluster document (nodes' labels and taints), or null when unchanged
 * @param group   what made it ({@code Kubectl-Session} of one kubectl invocation), for grouping undo steps; may be null
 */
public record DesignChange(String title, Map<ObjectKey, Map<String, Object>> put, Set<ObjectKey> removed, Cluster cluster,
                           String group) {

    public DesignChange {
        put = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(put));
        removed = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(removed));
    }

    public static DesignChange put(String title, ObjectKey key, Map<String, Object> tree, String group) {
        return new DesignChange(title, Map.of(key, tree), Set.of(), null, group);
    }

    public static DesignChange remove(String title, Set<ObjectKey> keys, String group) {
        return new DesignChange(title, Map.of(), keys, null, group);
    }

    public static DesignChange cluster(String title, Cluster cluster, String group) {
        return new DesignChange(title, Map.of(), Set.of(), cluster, group);
    }

    /** The objects this change touches, for "kubectl changed ..." messages. */
    public List<ObjectKey> changed() {
        List<ObjectKey> out = new ArrayList<>(put.keySet());
        out.addAll(removed);
        return out;
    }

    public boolean isEmpty() {
        return put.isEmpty() && removed.isEmpty() && cluster == null;
    }

    /** The design with this change made. */
    public Design applyTo(Design design) {
        Design d = design;
        for (ObjectKey k : removed) {
            KubeObject o = d.find(k);
            if (o != null) {
                d = d.remove(o);
            }
        }
        for (Map.Entry<ObjectKey, Map<String, Object>> e : put.entrySet()) {
            KubeObject old = d.find(e.getKey());
            d = old == null ? d.add(KubeObject.of(e.getValue())) : d.replace(old, old.withTree(e.getValue()));
        }
        if (cluster != null) {
            d = d.withCluster(cluster);
        }
        return d;
    }

    /** Two changes in a row as one (the app groups one {@code kubectl apply -f DIR} into one undo step). */
    public DesignChange then(DesignChange next, String newTitle) {
        Map<ObjectKey, Map<String, Object>> p = new LinkedHashMap<>(put);
        Set<ObjectKey> r = new LinkedHashSet<>(removed);
        for (ObjectKey k : next.removed) {
            p.remove(k);
            r.add(k);
        }
        for (Map.Entry<ObjectKey, Map<String, Object>> e : next.put.entrySet()) {
            r.remove(e.getKey());
            p.put(e.getKey(), e.getValue());
        }
        return new DesignChange(newTitle, p, r, next.cluster != null ? next.cluster : cluster, group);
    }
}
