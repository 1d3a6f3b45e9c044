package io.kubecanvas.model.validate;

import io.kubecanvas.model.Design;

import java.util.function.UnaryOperator;

/**
 * A fix offered with a finding, as an edit of the model: applying it returns the changed design, so the
 * designer pushes it as one undoable command.
 */
public record QuickFix(String title, UnaryOperator<Design> apply) {
}
