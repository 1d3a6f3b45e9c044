/**
 * Validation and lint of a design: each {@link io.kubecanvas.model.validate.Finding} carries a rule id
 * ({@link io.kubecanvas.model.validate.Rule}), a severity, a source position, a message saying what to do
 * and, where one exists, a {@link io.kubecanvas.model.validate.QuickFix} expressed as an edit of the design.
 *
 * <p>Entry point: {@link io.kubecanvas.model.validate.DesignValidator}. Field schemas come from the
 * fabric8 classes by Jackson introspection ({@code FieldSchema}); nothing is hand-written schema.
 */
package io.kubecanvas.model.validate;
