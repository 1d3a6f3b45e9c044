package io.kubecanvas.yamleditor;

/**
 * Something to mark in the text: a 1-based line and column (column 0 or less marks the whole line).
 *
 * @param level   {@code error}, {@code warning} or {@code info}: also the CSS class suffix
 * @param message what the user reads on hover and in the gutter tooltip
 */
public record Diagnostic(int line, int column, String level, String message) {
    public static final String ERROR = "error";
    public static final String WARNING = "warning";
    public static final String INFO = "info";

    public Diagnostic {
        if (!ERROR.equals(level) && !WARNING.equals(level) && !INFO.equals(level)) {
            throw new IllegalArgumentException("level must be error, warning or info: " + level);
        }
    }

    int rank() {
        return switch (level) {
            case ERROR -> 3;
            case WARNING -> 2;
            default -> 1;
        };
    }
}
