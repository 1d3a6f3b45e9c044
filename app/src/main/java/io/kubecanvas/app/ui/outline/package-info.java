/** The outline: the design's objects by namespace and kind, and the cluster's nodes, in step with the selection. */
package io.kubecanvas.app.ui.outline;
