package io.kubecanvas.yamleditor;

/**
 * The indentation a new line gets when Return is pressed, from the text of the line before the caret:
 * the same column as that line's key, two more after a key that opens a block ({@code spec:}) or a block
 * scalar ({@code script: |}), and a list item's content column after {@code - name: web} (so the next key
 * of the same item lines up under {@code name}).
 */
public final class YamlIndent {
    /** YAML indents with spaces; the editor indents by two, as kubectl does. */
    public static final int STEP = 2;

    private YamlIndent() {
    }

    /** The spaces to insert after the line break. */
    public static String afterReturn(String lineBeforeCaret) {
        int lead = 0;
        while (lead < lineBeforeCaret.length() && lineBeforeCaret.charAt(lead) == ' ') {
            lead++;
        }
        String content = withoutComment(lineBeforeCaret.substring(lead)).stripTrailing();
        if (content.isEmpty()) {
            return " ".repeat(lead);
        }
        // The column of the line's key: after every "- " a list item begins (also "- - a").
        int column = lead;
        while (content.startsWith("- ") || content.equals("-")) {
            column += STEP;
            content = content.length() > 2 ? content.substring(2).stripLeading() : "";
        }
        if (content.isEmpty()) {
            return " ".repeat(column);
        }
        boolean opensBlock = content.endsWith(":") || endsWithBlockScalar(content);
        return " ".repeat(opensBlock ? column + STEP : column);
    }

    /** {@code key: |}, {@code key: >-}, {@code key: |+2} and the like. */
    private static boolean endsWithBlockScalar(String content) {
        int colon = content.lastIndexOf(": ");
        if (colon < 0) {
            return false;
        }
        String v = content.substring(colon + 2).strip();
        return v.matches("[|>][-+]?[0-9]?|[|>][0-9][-+]?");
    }

    /** The line without a trailing {@code # comment} (a {@code #} inside quotes is text). */
    static String withoutComment(String s) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && (i == 0 || s.charAt(i - 1) == ' ')) {
                return s.substring(0, i);
            }
        }
        return s;
    }
}
