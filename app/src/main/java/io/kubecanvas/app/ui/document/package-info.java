/**
 * The open document as the panels share it: the current immutable design, the selection, and one undo
 * stack of commands (each holding the design before and after). No JavaFX controls here, only
 * properties, so view-model tests need no window.
 */
package io.kubecanvas.app.ui.document;
