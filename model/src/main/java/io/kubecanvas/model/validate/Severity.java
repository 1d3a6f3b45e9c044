package io.kubecanvas.model.validate;

/** How bad a finding is. Only errors make {@code kubecanvas validate} exit 1. */
public enum Severity {
    ERROR, WARNING, INFO;

    public String label() {
        return name().toLowerCase();
    }
}
