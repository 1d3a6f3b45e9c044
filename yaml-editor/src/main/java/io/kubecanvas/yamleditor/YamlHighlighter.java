package io.kubecanvas.yamleditor;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits YAML text into styled runs, line by line (YAML's syntax is line-shaped enough for a highlighter
 * that never needs the parser, so it stays fast and works on text that does not parse).
 */
public final class YamlHighlighter {

    /** A run of {@code length} characters drawn with the CSS class {@code style} ("" for plain text). */
    public record Run(String style, int length) {
    }

    public static final String KEY = "yaml-key";
    public static final String STRING = "yaml-string";
    public static final String NUMBER = "yaml-number";
    public static final String LITERAL = "yaml-literal";
    public static final String COMMENT = "yaml-comment";
    public static final String SEPARATOR = "yaml-separator";
    public static final String PUNCTUATION = "yaml-punct";
    public static final String ANCHOR = "yaml-anchor";

    private static final Pattern KEY_LINE = Pattern.compile(
            "^(\\s*)(-\\s+)?((?:\"[^\"]*\"|'[^']*'|[^\\s#'\"{\\[][^:#]*?))(\\s*:)(?=\\s|$)");
    private static final Pattern DASH_LINE = Pattern.compile("^(\\s*)(-)(?=\\s|$)");
    private static final Pattern NUMBER_VALUE = Pattern.compile("[-+]?(\\d[\\d_]*(\\.\\d*)?([eE][-+]?\\d+)?|0x[0-9a-fA-F]+|\\.inf|\\.nan)");
    private static final Pattern LITERAL_VALUE = Pattern.compile("true|false|True|False|TRUE|FALSE|null|Null|NULL|~|yes|no|on|off");

    private YamlHighlighter() {
    }

    /** Runs covering the whole text, newlines included (as plain runs). */
    public static List<Run> highlight(String text) {
        List<Run> runs = new ArrayList<>();
        int start = 0;
        int n = text.length();
        while (start <= n) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = n;
            }
            line(text.substring(start, end), runs);
            if (end < n) {
                add(runs, "", 1);
            }
            start = end + 1;
        }
        return runs;
    }

    private static void line(String line, List<Run> runs) {
        if (line.startsWith("---") || line.startsWith("...")) {
            int sepEnd = 3;
            add(runs, SEPARATOR, sepEnd);
            value(line.substring(sepEnd), runs);
            return;
        }
        String trimmed = line.stripLeading();
        if (trimmed.startsWith("#")) {
            add(runs, "", line.length() - trimmed.length());
            add(runs, COMMENT, trimmed.length());
            return;
        }
        Matcher m = KEY_LINE.matcher(line);
        if (m.find()) {
            add(runs, "", m.group(1).length());
            if (m.group(2) != null) {
                add(runs, PUNCTUATION, 1);
                add(runs, "", m.group(2).length() - 1);
            }
            add(runs, KEY, m.group(3).length());
            add(runs, PUNCTUATION, m.group(4).length());
            value(line.substring(m.end()), runs);
            return;
        }
        Matcher d = DASH_LINE.matcher(line);
        if (d.find()) {
            add(runs, "", d.group(1).length());
            add(runs, PUNCTUATION, 1);
            value(line.substring(d.end()), runs);
            return;
        }
        value(line, runs);
    }

    /** A value part: leading blanks, the scalar, then an optional comment. */
    private static void value(String rest, List<Run> runs) {
        int i = 0;
        while (i < rest.length() && rest.charAt(i) == ' ') {
            i++;
        }
        add(runs, "", i);
        String v = rest.substring(i);
        if (v.isEmpty()) {
            return;
        }
        int comment = commentStart(v);
        String scalar = comment >= 0 ? v.substring(0, comment) : v;
        String body = scalar.stripTrailing();
        String style;
        if (body.startsWith("\"") || body.startsWith("'")) {
            style = STRING;
        } else if (body.startsWith("&") || body.startsWith("*") || body.startsWith("!")) {
            style = ANCHOR;
        } else if (body.startsWith("|") || body.startsWith(">") || body.startsWith("{") || body.startsWith("[")) {
            style = PUNCTUATION;
        } else if (NUMBER_VALUE.matcher(body).matches()) {
            style = NUMBER;
        } else if (LITERAL_VALUE.matcher(body).matches()) {
            style = LITERAL;
        } else {
            style = STRING;
        }
        add(runs, style, body.length());
        add(runs, "", scalar.length() - body.length());
        if (comment >= 0) {
            add(runs, COMMENT, v.length() - comment);
        }
    }

    /** Where a {@code #} comment starts outside quotes (YAML needs a blank before it), or -1. */
    static int commentStart(String v) {
        char quote = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                if (i == 0) {
                    quote = c;
                }
            } else if (c == '#' && (i == 0 || v.charAt(i - 1) == ' ' || v.charAt(i - 1) == '\t')) {
                return i;
            }
        }
        return -1;
    }

    private static void add(List<Run> runs, String style, int length) {
        if (length <= 0) {
            return;
        }
        if (!runs.isEmpty() && runs.get(runs.size() - 1).style().equals(style)) {
            Run last = runs.remove(runs.size() - 1);
            runs.add(new Run(style, last.length() + length));
        } else {
            runs.add(new Run(style, length));
        }
    }
}
