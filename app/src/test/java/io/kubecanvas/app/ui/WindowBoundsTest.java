package io.kubecanvas.app.ui;

import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;

import java.util.prefs.Preferences;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WindowBoundsTest {
    private static final Rectangle2D LAPTOP = new Rectangle2D(0, 0, 1366, 768);
    private static final Rectangle2D PROJECTOR = new Rectangle2D(0, 0, 1920, 1048); // 1920x1080 less a 32 px panel

    @Test
    void aLaptopGetsTheWholeScreenAndAProjectorMostOfIt() {
        assertEquals(new WindowBounds(0, 0, 1366, 768, false), WindowBounds.centred(LAPTOP));
        WindowBounds big = WindowBounds.centred(PROJECTOR);
        assertEquals(1690, big.width());
        assertEquals(940, big.height(), "88% of 1048 is 922: the 940 floor wins");
        assertEquals((1920 - 1690) / 2.0, big.x());
        assertEquals((1048 - 940) / 2.0, big.y());
        WindowBounds fourK = WindowBounds.centred(new Rectangle2D(0, 0, 3840, 2160));
        assertEquals(3379, fourK.width());
        assertEquals(1901, fourK.height());
    }

    @Test
    void whereTheUserLeftItWinsWhileItFitsOnTheScreen() {
        WindowBounds left = new WindowBounds(100, 50, 1200, 700, false);
        assertEquals(left, WindowBounds.choose(PROJECTOR, left));
        // saved on a bigger screen that is gone: centred on this one, not off its edge
        assertEquals(WindowBounds.centred(LAPTOP), WindowBounds.choose(LAPTOP, new WindowBounds(1500, 0, 1800, 1000, false)));
        assertEquals(WindowBounds.centred(LAPTOP), WindowBounds.choose(LAPTOP, new WindowBounds(0, 0, 120, 80, false)), "too small to use");
        assertTrue(WindowBounds.choose(LAPTOP, new WindowBounds(0, 0, 1920, 1048, true)).maximized(), "maximized stays maximized");
        assertEquals(WindowBounds.centred(LAPTOP), WindowBounds.choose(LAPTOP, null));
    }

    @Test
    void savedBoundsComeBackAndGarbageIsIgnored() throws Exception {
        Preferences prefs = Preferences.userRoot().node("io/kubecanvas/test-window-" + ProcessHandle.current().pid());
        try {
            assertNull(WindowBounds.load(prefs));
            WindowBounds b = new WindowBounds(10.5, 20, 1400, 900, true);
            b.save(prefs);
            assertEquals(b, WindowBounds.load(prefs));
            prefs.put("window", "10 20 wide 900 false");
            assertNull(WindowBounds.load(prefs));
        } finally {
            prefs.removeNode();
        }
    }
}
