/** The problems panel: validation findings with their place, one click to jump, one click to apply a quick fix. */
package io.kubecanvas.app.ui.problems;
