package io.kubecanvas.model;

/** A document that is not an object (empty, comments only, a list or scalar): carried through as text. */
public record OpaqueDocument(String text, String sourceFile, Object tree) implements DesignDocument {
}
