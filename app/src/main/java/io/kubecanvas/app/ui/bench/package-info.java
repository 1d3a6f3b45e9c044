/**
 * The designer benchmark ({@code kubecanvas bench designer}): time to first paint of a large design and
 * the frame rate while panning and zooming it.
 */
package io.kubecanvas.app.ui.bench;
