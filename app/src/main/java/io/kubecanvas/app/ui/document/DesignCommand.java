package io.kubecanvas.app.ui.document;

import io.kubecanvas.model.Design;

/**
 * One user edit: the design before and after. Designs are immutable, so undo and redo are just a matter
 * of showing the other one.
 */
public record DesignCommand(String title, Design before, Design after) {
}
