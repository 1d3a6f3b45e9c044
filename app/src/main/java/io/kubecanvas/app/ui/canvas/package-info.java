/**
 * The canvas: {@link io.kubecanvas.app.ui.canvas.ClusterPicture} computes what is drawn where from a design
 * (a pure function, also the source of the SVG export), {@link io.kubecanvas.app.ui.canvas.CanvasView}
 * paints it on one JavaFX Canvas with culling, and {@link io.kubecanvas.app.ui.canvas.CanvasGestures}
 * turns mouse gestures into one command each, pushed on release.
 */
package io.kubecanvas.app.ui.canvas;
