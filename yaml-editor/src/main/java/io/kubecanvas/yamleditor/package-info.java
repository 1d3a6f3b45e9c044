/**
 * A reusable YAML editor control on RichTextFX: syntax highlighting, diagnostics (underlined, in the
 * gutter, on hover) and selection by line and column. It knows YAML text only, nothing of Kubernetes.
 */
package io.kubecanvas.yamleditor;
