package io.kubecanvas.netviz;

import io.kubecanvas.netviz.bench.NetvizBench;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Prints the rendering figures headless; the speed targets are printed (and judged by `kubecanvas bench netviz`). */
@Tag("bench")
class NetvizBenchTest {
    static {
        System.setProperty("headless.geometry", "1920x1080-32");
    }

    @Test
    void rendersTwoHundredPodsWithAHundredLabelledPacketsInFlightAt1080p() throws Exception {
        FxToolkit.registerPrimaryStage();
        NetvizBench.Figures f = NetvizBench.run(Double.parseDouble(System.getProperty("bench.seconds", "6")));
        System.out.println(f.report());
        assertEquals(1920, f.width());
        assertEquals(1080, f.height());
        assertTrue(f.inFlight() >= 90, "the load is what the benchmark claims: " + f.inFlight() + " packets in flight");
        assertTrue(f.framesOnScreenPerSecond() > 0, "frames reached the screen");
        assertTrue(f.delaySamples() > 0, "fresh events were drawn and presented");
    }
}
