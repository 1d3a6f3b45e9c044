/**
 * The edits a designer gesture makes, as pure functions from design to design (add from the palette,
 * pin a Pod, connect a Service, an Ingress or a NetworkPolicy, rename, delete, paste, move, auto-layout),
 * plus label selection as Kubernetes computes it. Tested without a window.
 */
package io.kubecanvas.app.ui.edit;
