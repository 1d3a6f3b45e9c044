package io.kubecanvas.emulator.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MininetReferenceTest {
    @Test
    void theReferenceIsTheFastestRunThatLostNothing() {
        // a first run that waited a second for one lost ping, then two clean ones: the fastest clean run counts
        MininetReference.Result r = MininetReference.fastest(List.of(
                new MininetReference.Result(10, 1.62, 0), new MininetReference.Result(10, 0.47, 0),
                new MininetReference.Result(10, 0.31, 1.1)));
        assertEquals(0.47, r.seconds());
        assertEquals(0.0, r.lossPercent());
        assertEquals(List.of(1.62, 0.47, 0.31), r.runSeconds());
    }

    @Test
    void whenEveryRunLostPingsTheLeastLossyIsKeptWithItsLoss() {
        MininetReference.Result r = MininetReference.fastest(List.of(
                new MininetReference.Result(10, 0.2, 100), new MininetReference.Result(10, 0.9, 2.2)));
        assertEquals(2.2, r.lossPercent());
        assertEquals(0.9, r.seconds());
    }
}
