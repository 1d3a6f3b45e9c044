package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.packet.PacketEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class NatAnnotationTest {
    @Test
    void theSamePacketSeenWithAnotherDestinationWasDnated() {
        List<PacketEvent> ev = new ArrayList<>();
        TcpdumpLineParser p = new TcpdumpLineParser("worker-2", 0, ev::add);
        p.accept("04:01:02.000001 veth4a582b66 In  ifindex 5 0a:58:0a:f4:02:02 ethertype IPv4 (0x0800), length 74: "
                + "10.244.2.2.44462 > 10.107.166.52.80: Flags [S], seq 7, win 64240, length 0");
        p.accept("04:01:02.000002 cni0 In  ifindex 3 0a:58:0a:f4:02:02 ethertype IPv4 (0x0800), length 74: "
                + "10.244.2.2.44462 > 10.107.166.52.80: Flags [S], seq 7, win 64240, length 0");
        p.accept("04:01:02.000003 flannel.1 Out ifindex 4 0e:fa:ac:1e:00:04 ethertype IPv4 (0x0800), length 74: "
                + "10.244.2.2.44462 > 10.244.1.2.80: Flags [S], seq 7, win 64240, length 0");
        List<PacketEvent> a = NatAnnotation.annotate(ev);
        assertNull(a.get(1).natBefore(), "same addresses: no NAT");
        assertEquals("10.107.166.52:80", a.get(2).natBefore());
        assertEquals("10.244.1.2:80", a.get(2).natAfter());
        assertEquals("DNAT", a.get(2).rule());
    }
}
