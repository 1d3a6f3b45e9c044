package io.kubecanvas.model;

/**
 * Where something stands in a source file: 1-based line and column, as editors and compilers print them.
 * {@code file} is the display name of the source (a path, or a label such as {@code <editor>}).
 */
public record SourcePosition(String file, int line, int column) {

    public static final SourcePosition UNKNOWN = new SourcePosition("", 0, 0);

    public boolean isKnown() {
        return line > 0;
    }

    /** {@code file:line:col}, the form compilers use and editors can jump to. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
