package io.kubecanvas.model.export;

import io.kubecanvas.model.yaml.TextEncoding;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an export will write, before anything is written: file contents by path relative to the output
 * (with '/' separators), in a stable order, plus notes for the user (documents left out and why).
 *
 * <p>For {@link ExportFormat#YAML} the plan holds one file, {@link #SINGLE_FILE}, written at the output
 * path itself. Files are written in the encoding their objects were read in ({@link #encodingOf}), BOM included.
 */
public record ExportPlan(ExportFormat format, Map<String, String> files, List<String> notes,
                         Map<String, TextEncoding> encodings) {
    public static final String SINGLE_FILE = "manifests.yaml";

    public ExportPlan {
        files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
        notes = List.copyOf(notes);
        encodings = Map.copyOf(encodings);
    }

    public ExportPlan(ExportFormat format, Map<String, String> files, List<String> notes) {
        this(format, files, notes, Map.of());
    }

    /** How a file of the plan is written: as its objects were read; UTF-8 for files the export makes up. */
    public TextEncoding encodingOf(String file) {
        return encodings.getOrDefault(file, TextEncoding.UTF_8);
    }

    /** The bytes of a file of the plan, as they go to disk. */
    public byte[] bytes(String file) {
        return encodingOf(file).encode(files.get(file));
    }
}
