package io.kubecanvas.model.validate;

import io.kubecanvas.model.ObjectKey;
import io.kubecanvas.model.SourcePosition;

/**
 * One result of validation or lint.
 *
 * @param rule     a stable rule id such as {@code service-selector-matches-nothing}
 * @param subject  the object it is about, or null for file-level findings
 * @param path     the field it is about ({@code spec.ports[0].targetPort}), or "" for the whole object
 * @param fix      a quick fix, or null
 */
public record Finding(String rule, Severity severity, SourcePosition position, String message, ObjectKey subject,
                      String path, QuickFix fix) {

    /** {@code file:line:col: severity: message [rule]}, the form of {@code kubecanvas validate}. */
    public String describe() {
        return position + ": " + severity.label() + ": " + message + " [" + rule + "]";
    }
}
