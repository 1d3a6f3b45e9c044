package io.kubecanvas.netviz;

import io.kubecanvas.netviz.bench.NetvizBench;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Prints the rendering figures; the speed targets are printed, not asserted. */
@Tag("bench")
class NetvizBenchTest {
    static {
        System.setProperty("headless.geometry", "1600x1000-32");
    }

    @Test
    void rendersTwoHundredPodsWithAHundredPacketsInFlight() throws Exception {
        FxToolkit.registerPrimaryStage();
        NetvizBench.Figures f = NetvizBench.run(Double.parseDouble(System.getProperty("bench.seconds", "6")));
        System.out.println(f.report());
        assertTrue(f.inFlight() >= 90, "the load is what the benchmark claims: " + f.inFlight() + " packets in flight");
        assertTrue(f.delaySamples() > 0, "fresh events were drawn");
    }
}
