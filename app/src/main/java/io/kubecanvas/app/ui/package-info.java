/**
 * The desktop designer: the application, the main window that puts the panels together (palette,
 * canvas, inspector, YAML, problems, outline, a place for the network view), icons and dialogs.
 * Sub-packages hold the document and its commands, the edits, the canvas and each panel.
 */
package io.kubecanvas.app.ui;
