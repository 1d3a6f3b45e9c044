/**
 * The inspector: a form per first-class kind. Each field checks its value as it is typed
 * ({@link io.kubecanvas.app.ui.inspector.FieldRules}); a bad value is marked and not applied, a good one is
 * applied on Enter or when the field loses focus, as one command.
 */
package io.kubecanvas.app.ui.inspector;
