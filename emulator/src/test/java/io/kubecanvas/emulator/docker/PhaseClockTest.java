package io.kubecanvas.emulator.docker;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhaseClockTest {
    @Test
    void phasesAreShownInTheOrderTheyStartedAsSpansFromTheOrigin() {
        PhaseClock c = new PhaseClock();
        long o = 1_000_000_000L;
        c.add("sandboxes", 10, o + 2_000_000_000L, o + 5_500_000_000L);
        c.add("nodes", 3, o + 500_000_000L, o + 2_000_000_000L);
        String text = c.format(o, "  ");
        List<String> lines = text.lines().toList();
        assertEquals(2, lines.size(), text);
        assertTrue(lines.get(0).startsWith("  nodes (3)") && lines.get(0).contains("0.50 -   2.00 s  ( 1.50 s)"), text);
        assertTrue(lines.get(1).startsWith("  sandboxes (10)") && lines.get(1).contains("2.00 -   5.50 s  ( 3.50 s)"), text);
    }

    @Test
    void aPhaseThatFailsIsStillRecorded() {
        PhaseClock c = new PhaseClock();
        assertThrows(IllegalStateException.class, () -> c.time("edge container", 0, () -> {
            throw new IllegalStateException("no");
        }));
        assertEquals("edge container", c.phases().get(0).name());
        assertTrue(c.phases().get(0).endNanos() >= c.phases().get(0).startNanos());
    }
}
