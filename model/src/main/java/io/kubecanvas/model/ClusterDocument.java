package io.kubecanvas.model;

import io.kubecanvas.model.yaml.YamlWriter;

import java.util.Map;

/**
 * The design's own document ({@code kind: Cluster}). Written back as read until the cluster changes.
 */
public record ClusterDocument(Cluster cluster, String originalText, String sourceFile) implements DesignDocument {

    public static boolean isClusterDocument(Object tree) {
        return tree instanceof Map<?, ?> m && Cluster.KIND.equals(m.get("kind"))
                && Cluster.API_VERSION.equals(m.get("apiVersion"));
    }

    @Override
    public String text() {
        return originalText != null ? originalText : YamlWriter.write(cluster.toTree());
    }

    public ClusterDocument with(Cluster changed) {
        return changed.equals(cluster) ? this : new ClusterDocument(changed, null, sourceFile);
    }
}
