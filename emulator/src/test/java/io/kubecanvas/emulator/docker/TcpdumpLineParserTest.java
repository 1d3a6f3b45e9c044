package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.packet.PacketEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TcpdumpLineParserTest {
    private final List<PacketEvent> events = new ArrayList<>();
    private final TcpdumpLineParser parser = new TcpdumpLineParser("worker-1", 0, events::add);

    @Test
    void aPodVethLineIsAPacketLeavingThePodArrivingAtTheNode() {
        parser.accept("03:23:03.479635 veth12 In  ifindex 4 06:f2:3f:34:07:12 ethertype IPv4 (0x0800), length 104: "
                + "10.244.1.2 > 10.244.2.2: ICMP echo request, id 132, seq 1, length 64");
        assertEquals(1, events.size());
        PacketEvent e = events.get(0);
        assertEquals("worker-1", e.node());
        assertEquals("veth12", e.iface());
        assertEquals(PacketEvent.Direction.IN, e.direction());
        assertEquals((3 * 3600 + 23 * 60 + 3) * 1_000_000_000L + 479_635_000L, e.timeNanos());
        assertEquals("10.244.1.2", e.innerIp().get("src"));
        assertEquals("10.244.2.2", e.innerIp().get("dst"));
        assertEquals("icmp", e.headers().get(2).layer());
        assertEquals("echo request", e.headers().get(2).get("type"));
        assertFalse(e.encapsulated());
    }

    @Test
    void aVxlanPacketJoinsTheOuterLineAndItsContinuation() {
        parser.accept("03:23:03.479718 eth0  Out ifindex 28 02:42:ac:1c:00:0b ethertype IPv4 (0x0800), length 154: "
                + "172.28.0.11.52754 > 172.28.0.12.8472: OTV, flags [I] (0x08), overlay 0, instance 1");
        assertTrue(events.isEmpty(), "held until the continuation line is seen");
        parser.accept("0a:58:00:00:00:01 > 0a:58:00:00:00:02, ethertype IPv4 (0x0800), length 98: "
                + "10.244.1.2 > 10.244.2.2: ICMP echo request, id 132, seq 1, length 64");
        assertEquals(1, events.size());
        PacketEvent e = events.get(0);
        assertTrue(e.encapsulated());
        assertEquals(PacketEvent.Direction.OUT, e.direction());
        List<String> layers = e.headers().stream().map(PacketEvent.Header::layer).toList();
        assertEquals(List.of("eth", "ip", "udp", "vxlan", "eth", "ip", "icmp"), layers);
        assertEquals("1", e.headers().get(3).get("vni"));
        assertEquals("172.28.0.11", e.headers().get(1).get("src"));
        assertEquals("10.244.2.2", e.innerIp().get("dst"));
    }

    @Test
    void vxlanDecodedAsVxlanToo() {
        parser.accept("03:23:03.479718 eth0  In  ifindex 28 02:42:ac:1c:00:0b ethertype IPv4 (0x0800), length 154: "
                + "172.28.0.11.52754 > 172.28.0.12.8472: VXLAN, flags [I] (0x08), vni 7");
        parser.flush();
        assertEquals("7", events.get(0).headers().get(3).get("vni"));
    }

    @Test
    void tcpWithHttpRequestAndDnsQuery() {
        parser.accept("04:01:02.000001 cni0 Out ifindex 3 0a:58:0a:f4:01:01 ethertype IPv4 (0x0800), length 140: "
                + "10.244.0.2.41234 > 10.244.1.2.80: Flags [P.], seq 1:80, ack 1, win 502, length 79: HTTP: GET /np HTTP/1.1");
        parser.accept("04:01:02.000002 vethab12 In  ifindex 5 0a:58:0a:f4:00:02 ethertype IPv4 (0x0800), length 99: "
                + "10.244.0.2.53211 > 10.96.0.10.53: 4660+ A? web-service.default.svc.cluster.local. (55)");
        PacketEvent http = events.get(0);
        assertEquals("tcp", http.headers().get(2).layer());
        assertEquals("80", http.headers().get(2).get("dport"));
        assertEquals("P.", http.headers().get(2).get("flags"));
        assertEquals("/np", http.headers().get(3).get("path"));
        PacketEvent dns = events.get(1);
        assertEquals("dns", dns.headers().get(3).layer());
        assertEquals("web-service.default.svc.cluster.local.", dns.headers().get(3).get("qname"));
    }

    @Test
    void arpAndBannerLinesAreIgnored() {
        parser.accept("tcpdump: data link type LINUX_SLL2");
        parser.accept("03:23:03.000001 cni0 B   ifindex 3 0a:58:0a:f4:01:01 ethertype ARP (0x0806), length 48: "
                + "Request who-has 10.244.1.1 tell 10.244.1.2, length 28");
        parser.flush();
        assertTrue(events.isEmpty());
    }

    @Test
    void requestAndReplyShareAFlowId() {
        parser.accept("04:01:02.000001 cni0 Out ifindex 3 0a:58:0a:f4:01:01 ethertype IPv4 (0x0800), length 74: "
                + "10.244.0.2.41234 > 10.244.1.2.80: Flags [S], seq 1, win 64240, length 0");
        parser.accept("04:01:02.000009 cni0 In  ifindex 3 0a:58:0a:f4:01:02 ethertype IPv4 (0x0800), length 74: "
                + "10.244.1.2.80 > 10.244.0.2.41234: Flags [S.], seq 9, ack 2, win 64240, length 0");
        parser.accept("04:01:02.000010 cni0 In  ifindex 3 0a:58:0a:f4:01:02 ethertype IPv4 (0x0800), length 74: "
                + "10.244.1.2.80 > 10.244.0.3.41234: Flags [S.], seq 9, ack 2, win 64240, length 0");
        assertEquals(events.get(0).flowId(), events.get(1).flowId());
        assertTrue(events.get(0).flowId() != events.get(2).flowId());
    }
}
