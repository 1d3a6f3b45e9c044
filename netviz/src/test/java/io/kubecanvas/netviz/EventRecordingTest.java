package io.kubecanvas.netviz;

import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.netviz.record.EventRecording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventRecordingTest {
    @TempDir
    Path dir;

    @Test
    void aRecordingReadsBackEqualEvents() throws Exception {
        var pods = SeedFixture.pods();
        List<PacketEvent> events = SeedFixture.request(3, 0, pods.get(0), pods.get(2), true);
        Path file = dir.resolve("session.jsonl");
        EventRecording.write(file, events);
        assertEquals(events.size(), Files.readAllLines(file).size(), "one event per line");
        assertEquals(events, EventRecording.read(file));
    }

    @Test
    void aBadLineIsReportedWithFileAndLine() throws Exception {
        var pods = SeedFixture.pods();
        Path file = dir.resolve("broken.jsonl");
        Files.writeString(file, EventRecording.toLine(SeedFixture.request(1, 0, pods.get(0), pods.get(1), false).get(0))
                + "\n{\"flowId\": 1, \"node\": \"n\", \"verdict\": \"EXPLODED\"}\n");
        var e = assertThrows(EventRecording.RecordingFormatException.class, () -> EventRecording.read(file));
        assertTrue(e.getMessage().startsWith(file + ":2: "), e.getMessage());
    }
}
