/**
 * The live YAML pane: {@link io.kubecanvas.app.ui.yaml.YamlPaneModel} keeps the text and the design in step
 * (a canvas edit rewrites the text at once; text that parses becomes one command; text that does not is
 * kept and its error marked while the canvas keeps the last good design), and maps findings and
 * selections between objects and lines. {@link io.kubecanvas.app.ui.yaml.YamlPane} is the thin view.
 */
package io.kubecanvas.app.ui.yaml;
