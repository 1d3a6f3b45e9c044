package io.kubecanvas.model;

/**
 * One document of a design file, in file order: a Kubernetes object, the design's own Cluster document,
 * or text kept as it was (an empty document, a comment-only file, a non-object value).
 */
public sealed interface DesignDocument permits KubeObject, ClusterDocument, OpaqueDocument {

    /**
     * The document as it will be written: for an unedited document its exact source text (which may begin
     * with its {@code ---} line and comments), otherwise freshly written YAML.
     */
    String text();

    /** The file the document came from, or null for a document made in the app. */
    String sourceFile();

    /** How the document's file was encoded (written back the same way), or null when not known. */
    default io.kubecanvas.model.yaml.TextEncoding encoding() {
        return null;
    }
}
