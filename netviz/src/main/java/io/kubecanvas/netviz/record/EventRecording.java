package io.kubecanvas.netviz.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubecanvas.emulator.packet.PacketEvent;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A session's packet events as JSON lines, one {@link PacketEvent} per line, field names as in the record.
 * Written by hand (no Jackson data binding of records) so the file format is fixed here and does not follow
 * refactorings of the record by accident.
 */
public final class EventRecording {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventRecording() {
    }

    public static void write(Path file, List<PacketEvent> events) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (PacketEvent e : events) {
                w.write(toLine(e));
                w.newLine();
            }
        }
    }

    /**
     * Reads a recording.
     *
     * @throws RecordingFormatException naming the file and line of the first bad line
     */
    public static List<PacketEvent> read(Path file) throws IOException {
        List<PacketEvent> events = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    events.add(fromLine(line));
                } catch (IllegalArgumentException | JsonProcessingException e) {
                    throw new RecordingFormatException(file + ":" + n + ": not a packet event ("
                            + e.getMessage().lines().findFirst().orElse("") + "); is this a KubeCanvas recording (.jsonl)?");
                }
            }
        }
        return events;
    }

    public static String toLine(PacketEvent e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("timeNanos", e.timeNanos());
        o.put("flowId", e.flowId());
        o.put("node", e.node());
        o.put("iface", e.iface());
        o.put("direction", e.direction() == null ? null : e.direction().name());
        var hs = o.putArray("headers");
        for (PacketEvent.Header h : e.headers()) {
            ObjectNode ho = hs.addObject();
            ho.put("layer", h.layer());
            ObjectNode f = ho.putObject("fields");
            h.fields().forEach(f::put);
        }
        o.put("natBefore", e.natBefore());
        o.put("natAfter", e.natAfter());
        o.put("verdict", e.verdict() == null ? null : e.verdict().name());
        o.put("rule", e.rule());
        o.put("info", e.info());
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    public static PacketEvent fromLine(String line) throws JsonProcessingException {
        JsonNode o = JSON.readTree(line);
        if (o == null || !o.isObject() || !o.has("flowId") || !o.has("node")) {
            throw new IllegalArgumentException("expected an object with flowId and node");
        }
        List<PacketEvent.Header> headers = new ArrayList<>();
        for (JsonNode h : o.path("headers")) {
            Map<String, String> fields = new LinkedHashMap<>();
            h.path("fields").fields().forEachRemaining(en -> fields.put(en.getKey(), en.getValue().asText()));
            headers.add(new PacketEvent.Header(h.path("layer").asText(), fields));
        }
        return new PacketEvent(o.path("timeNanos").asLong(), o.path("flowId").asLong(), text(o, "node"),
                text(o, "iface"), text(o, "direction") == null ? null : PacketEvent.Direction.valueOf(text(o, "direction")),
                headers, text(o, "natBefore"), text(o, "natAfter"),
                text(o, "verdict") == null ? null : PacketEvent.Verdict.valueOf(text(o, "verdict")), text(o, "rule"),
                text(o, "info"));
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** A recording that cannot be read; the message names file and line. */
    public static final class RecordingFormatException extends IOException {
        public RecordingFormatException(String message) {
            super(message);
        }
    }
}
