package io.kubecanvas.model.export;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an export will write, before anything is written: file contents by path relative to the output
 * (with '/' separators), in a stable order, plus notes for the user (documents left out and why).
 *
 * <p>For {@link ExportFormat#YAML} the plan holds one file, {@link #SINGLE_FILE}, written at the output
 * path itself.
 */
public record ExportPlan(ExportFormat format, Map<String, String> files, List<String> notes) {
    public static final String SINGLE_FILE = "manifests.yaml";

    public ExportPlan {
        files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
        notes = List.copyOf(notes);
    }
}
