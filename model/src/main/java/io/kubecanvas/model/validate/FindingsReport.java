package io.kubecanvas.model.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Findings as the CLI prints them: compiler-style lines with a summary, or a JSON array. */
public final class FindingsReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private FindingsReport() {
    }

    /** One {@code file:line:col: severity: message [rule]} line per finding, then the summary line. */
    public static String text(List<Finding> findings, int files) {
        StringBuilder b = new StringBuilder();
        for (Finding f : findings) {
            b.append(f.describe()).append('\n');
        }
        b.append(summary(findings, files)).append('\n');
        return b.toString();
    }

    /** {@code 2 errors, 3 warnings, 1 info in 4 files}. */
    public static String summary(List<Finding> findings, int files) {
        long errors = count(findings, Severity.ERROR);
        long warnings = count(findings, Severity.WARNING);
        long infos = count(findings, Severity.INFO);
        return plural(errors, "error") + ", " + plural(warnings, "warning") + ", " + plural(infos, "info")
                + " in " + plural(files, "file");
    }

    /** An array of {file, line, column, severity, rule, message, object, path}. */
    public static String json(List<Finding> findings) {
        List<Map<String, Object>> out = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", f.position().file());
            m.put("line", f.position().line());
            m.put("column", f.position().column());
            m.put("severity", f.severity().label());
            m.put("rule", f.rule());
            m.put("message", f.message());
            m.put("object", f.subject() == null ? null : f.subject().toString());
            m.put("path", f.path());
            if (f.fix() != null) {
                m.put("fix", f.fix().title());
            }
            out.add(m);
        }
        try {
            return JSON.writeValueAsString(out) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(List<Finding> findings, Severity s) {
        return findings.stream().filter(f -> f.severity() == s).count();
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 || word.equals("info") ? "" : "s");
    }
}
