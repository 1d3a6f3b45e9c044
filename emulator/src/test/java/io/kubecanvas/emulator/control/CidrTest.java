package io.kubecanvas.emulator.control;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CidrTest {
    @Test
    void parsesSplitsAndContains() {
        Cidr c = Cidr.parse("10.244.7.9/16");
        assertEquals("10.244.0.0/16", c.toString(), "host bits are cleared");
        assertEquals("10.244.3.0/24", c.subnet(24, 3).toString());
        assertEquals(256, c.subnetCount(24));
        assertTrue(c.contains("10.244.255.255"));
        assertFalse(c.contains("10.245.0.0"));
        assertFalse(c.contains("not-an-ip"));
        assertEquals("10.96.0.10", Cidr.parse("10.96.0.0/12").addressText(10));
        assertEquals(1 << 20, Cidr.parse("10.96.0.0/12").size());
    }

    @Test
    void badTextIsRefusedWithTheText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.300/8"));
        assertTrue(e.getMessage().contains("10.0.0.300"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/16").subnet(8, 0));
    }
}
