package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.backend.ProbeTarget;
import io.kubecanvas.emulator.backend.Protocol;
import io.kubecanvas.emulator.plan.ClusterFixture;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.state.ClusterState;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProbeCommandsTest {
    private final ClusterState state = ClusterFixture.threeNodes()
            .pod("default", "web", "worker-1", Map.of("app", "web"), ClusterFixture.tcp(80), ClusterFixture.udp(53))
            .pod("default", "client", "worker-2", Map.of())
            .service("default", "web", "ClusterIP", Map.of("app", "web"), ClusterFixture.port(80, "80"))
            .build();
    private final NetworkPlan plan = NetworkPlan.compute(state);

    private ProbeTarget target(String t, Protocol p) {
        return ProbeTarget.resolve(t, 0, p, plan, "default");
    }

    @Test
    void aServiceNameIsResolvedByThePodsOwnDnsAndAUrlGoesToTheIngressAddress() {
        String svc = ProbeCommands.command(Protocol.TCP, target("web", Protocol.TCP), true, 0);
        assertTrue(svc.contains("'http://web:80/'"), svc);
        assertTrue(svc.contains("--connect-timeout 1"));
        String url = ProbeCommands.command(Protocol.TCP, target("http://example.local/api", Protocol.TCP), false, 1);
        assertTrue(url.contains("--resolve example.local:80:" + plan.ingress().address()), url);
        assertTrue(url.contains("'http://example.local:80/api'"), url);
        String udp = ProbeCommands.command(Protocol.UDP, ProbeTarget.resolve("default/web", 5353, Protocol.UDP, plan, "default"), true, 2);
        assertTrue(udp.contains("perl -e '") && udp.contains(" 5353 1 2>&1"), udp);
    }

    @Test
    void curlExitCodesBecomeOutcomes() {
        ProbeRequest r = ProbeRequest.tcp("default/client", "web", 80);
        ProbeTarget t = target("web", Protocol.TCP);
        ProbeResult ok = ProbeCommands.result(r, t, "HTTP/1.0 200 OK\r\nX-Pod: default/web\r\n\r\nRESULT 200 10.96.0.20:80 rc=0\n", plan);
        assertEquals(ProbeResult.Outcome.DELIVERED, ok.outcome());
        assertEquals("default/web", ok.answeredBy());
        assertEquals("10.96.0.20:80", ok.address());
        ProbeResult refused = ProbeCommands.result(r, t, "* connect to 10.96.0.20 port 80 failed: Connection refused\n"
                + "RESULT 000 : rc=7\n", plan);
        assertEquals(ProbeResult.Outcome.REFUSED, refused.outcome());
        assertNull(refused.answeredBy());
        ProbeResult unreachable = ProbeCommands.result(new ProbeRequest("external", "10.244.1.7", 80, Protocol.TCP),
                ProbeTarget.resolve("10.244.1.7", 80, Protocol.TCP, plan, null),
                "* Immediate connect fail for 10.244.1.7: Network is unreachable\nRESULT 000 : rc=7\n", plan);
        assertEquals(ProbeResult.Outcome.DROPPED, unreachable.outcome(), "no route: dropped before it left, as in the sim");
        assertEquals("no route to host 10.244.1.7 from external", unreachable.reason());
        assertEquals(ProbeResult.Outcome.TIMEOUT, ProbeCommands.result(r, t, "RESULT 000 : rc=28\n", plan).outcome());
        assertTrue(ProbeCommands.result(r, t, "RESULT 000 : rc=6\n", plan).reason().contains("cannot resolve web"));
    }

    @Test
    void aUdpAnswerNamesThePodAndAnIcmpPortUnreachableIsARefusal() {
        ProbeRequest r = new ProbeRequest("default/client", "default/web", 5353, Protocol.UDP);
        ProbeTarget t = ProbeTarget.resolve("default/web", 5353, Protocol.UDP, plan, "default");
        ProbeResult ok = ProbeCommands.result(r, t,
                "pod=web namespace=default node=worker-1 ip=10.244.1.2 port=5353\nRESULT udp 10.244.1.2:5353 rc=0\n", plan);
        assertEquals(ProbeResult.Outcome.DELIVERED, ok.outcome());
        assertEquals("default/web", ok.answeredBy());
        ProbeResult silent = ProbeCommands.result(r, t, "\nRESULT udp 10.244.1.2:5353 rc=0\n", plan);
        assertEquals(ProbeResult.Outcome.TIMEOUT, silent.outcome());
        ProbeResult refused = ProbeCommands.result(r, t, "2026/12/02 01:28:33 socat[19] E read(5, 0x56, 8192): Connection refused\n"
                + "RESULT udp 10.244.1.2:5353 rc=1\n", plan);
        assertEquals(ProbeResult.Outcome.REFUSED, refused.outcome());
        assertEquals("ICMP port unreachable", refused.reason());
    }

    /** The UDP client as a Pod runs it (bash, the image's perl), against sockets of this test on 127.0.0.1. */
    @Test
    void theUdpClientEndsAtTheAnswerAndTellsARefusalFromSilence() throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        try (DatagramSocket echo = new DatagramSocket(0, lo); DatagramSocket silent = new DatagramSocket(0, lo)) {
            Thread server = new Thread(() -> {
                byte[] b = new byte[512];
                DatagramPacket in = new DatagramPacket(b, b.length);
                try {
                    echo.receive(in);
                    byte[] reply = ("echo " + new String(b, 0, in.getLength(), StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
                    echo.send(new DatagramPacket(reply, reply.length, in.getSocketAddress()));
                } catch (java.io.IOException e) {
                    // the test fails on the missing answer
                }
            });
            server.start();
            int closed;
            try (DatagramSocket gone = new DatagramSocket(0, lo)) {
                closed = gone.getLocalPort();
            }
            long t0 = System.nanoTime();
            ProbeResult answered = runUdp(echo.getLocalPort());
            double answeredSeconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(ProbeResult.Outcome.DELIVERED, answered.outcome(), answered.reason());
            assertTrue(answeredSeconds < 0.45, "ends at the answer, not half a second after its input as socat: " + answeredSeconds);
            ProbeResult refused = runUdp(closed);
            assertEquals(ProbeResult.Outcome.REFUSED, refused.outcome(), refused.reason());
            t0 = System.nanoTime();
            ProbeResult timedOut = runUdp(silent.getLocalPort());
            double waited = (System.nanoTime() - t0) / 1e9;
            assertEquals(ProbeResult.Outcome.TIMEOUT, timedOut.outcome());
            assertEquals("no answer within 1 s", timedOut.reason());
            assertTrue(waited >= 0.95 && waited < 2.5, "waits its second: " + waited);
            server.join(2000);
        }
    }

    private ProbeResult runUdp(int port) throws Exception {
        ProbeTarget t = ProbeTarget.resolve("127.0.0.1", port, Protocol.UDP, plan, null);
        Process p = new ProcessBuilder("bash", "-c", ProbeCommands.command(Protocol.UDP, t, false, 0)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return ProbeCommands.result(new ProbeRequest("default/client", "127.0.0.1", port, Protocol.UDP), t, out, plan);
    }

    @Test
    void aDnsProbeSendsARealQueryAndReadsTheAnswer() {
        ProbeTarget t = ProbeTarget.resolve(plan.dns().serviceIp(), 53, Protocol.UDP, plan, "default");
        assertEquals("kube-dns.kube-system.svc.cluster.local", t.dnsQuery());
        String cmd = ProbeCommands.command(Protocol.UDP, t, true, 0);
        byte[] q = DnsWire.query(0x4b43, "kube-dns.kube-system.svc.cluster.local");
        assertTrue(cmd.contains(DnsWire.printfEscaped(q)), cmd);
        assertEquals(8, q[12], "the first label's length");
        assertEquals("kube-dns", new String(q, 13, 8, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(11, q[21]);
        assertEquals("kube-system", new String(q, 22, 11, java.nio.charset.StandardCharsets.US_ASCII));
        // the server's reply: same id, QR and RD/RA set, one question, one A answer (compressed name)
        String reply = "4b4381800001000100000000" + hexName("kube-dns.kube-system.svc.cluster.local") + "00010001"
                + "c00c000100010000001e0004" + "0a60000a";
        ProbeRequest r = new ProbeRequest("default/client", plan.dns().serviceIp(), 53, Protocol.UDP);
        ProbeResult ok = ProbeCommands.result(r, t, "DNS " + reply + "\nRESULT dns 10.96.0.10:53 rc=0\n", plan);
        assertEquals(ProbeResult.Outcome.DELIVERED, ok.outcome(), ok.reason());
        assertEquals("cluster DNS", ok.answeredBy());
        assertEquals("NOERROR kube-dns.kube-system.svc.cluster.local A 10.96.0.10", ok.reason());
        String nx = "4b4381830001000000000000" + hexName("kube-dns.kube-system.svc.cluster.local") + "00010001";
        assertTrue(ProbeCommands.result(r, t, "DNS " + nx + "\nRESULT dns 10.96.0.10:53 rc=0\n", plan).reason().startsWith("NXDOMAIN"));
        assertEquals(ProbeResult.Outcome.TIMEOUT, ProbeCommands.result(r, t, "DNS \nRESULT dns 10.96.0.10:53 rc=0\n", plan).outcome());
    }

    private static String hexName(String name) {
        StringBuilder b = new StringBuilder();
        for (String l : name.split("\\.")) {
            b.append(String.format("%02x", l.length()));
            for (char c : l.toCharArray()) {
                b.append(String.format("%02x", (int) c));
            }
        }
        return b.append("00").toString();
    }

    @Test
    void batchOutputIsSplitPerProbe() {
        Map<Integer, String> s = ProbeCommands.sections("### 0\nfirst\n### 1\nsecond\nmore\n");
        assertEquals("\nfirst\n", s.get(0));
        assertEquals("\nsecond\nmore\n", s.get(1));
    }

    @Test
    void whatTheServerSawOfItsClientComesFromTheStandInsHeaders() {
        ProbeRequest r = ProbeRequest.tcp("external", "http://example.local/", 0);
        ProbeTarget t = target("http://example.local/", Protocol.TCP);
        ProbeResult proxied = ProbeCommands.result(r, t, "HTTP/1.1 200 OK\r\nX-Pod: default/web\r\nX-Peer: 10.244.0.0\r\n"
                + "X-Forwarded-For-Received: 172.30.0.254\r\n\r\nRESULT 200 172.30.0.2:80 rc=0\n", plan);
        assertEquals("10.244.0.0", proxied.peer());
        assertEquals("172.30.0.254", proxied.forwardedFor());
        ProbeResult direct = ProbeCommands.result(ProbeRequest.tcp("default/client", "web", 80), target("web", Protocol.TCP),
                "HTTP/1.0 200 OK\r\nX-Pod: default/web\r\nX-Peer: 10.244.2.2\r\nX-Forwarded-For-Received: \r\n\r\n"
                        + "RESULT 200 10.96.0.20:80 rc=0\n", plan);
        assertEquals("10.244.2.2", direct.peer());
        assertNull(direct.forwardedFor(), "no proxy, no X-Forwarded-For");
    }

    /**
     * SCTP is an SCTP association, not curl (upstream: test/e2e/network/service.go "should allow creating a basic
     * SCTP service with pod and endpoints", which connects with an SCTP client); where the kernel has no SCTP the
     * probe says so instead of sending anything.
     */
    @Test
    void anSctpProbeIsAnSctpAssociationOrSaysTheKernelHasNoSctp() {
        ProbeTarget t = ProbeTarget.resolve("default/web", 5060, Protocol.SCTP, plan, "default");
        String cmd = ProbeCommands.command(Protocol.SCTP, t, true, 0);
        String ip = plan.pod("default", "web").ip();
        assertTrue(cmd.contains("SCTP4-CONNECT:" + ip + ":5060,connect-timeout=1,shut-none"), cmd);
        assertTrue(cmd.startsWith("if [ ! -e /proc/net/sctp ]"), "no SCTP socket is made where the kernel lacks SCTP: " + cmd);
        assertTrue(!cmd.contains("curl"), cmd);

        ProbeRequest r = new ProbeRequest("default/client", "default/web", 5060, Protocol.SCTP);
        ProbeResult none = ProbeCommands.result(r, t, ProbeCommands.NO_SCTP_MARK + "\nRESULT sctp " + ip + ":5060 rc=97\n", plan);
        assertEquals(ProbeResult.Outcome.DROPPED, none.outcome());
        assertEquals("SCTP not sent from default/client: this machine's kernel has no SCTP support (module sctp not loaded);"
                + " KubeCanvas does not load kernel modules: load it yourself (modprobe sctp) where the kernel has it, or probe"
                + " SCTP in the sim", none.reason());
        assertNull(none.answeredBy());

        ProbeResult ok = ProbeCommands.result(r, t, "pod=web namespace=default node=worker-1 ip=" + ip + " port=5060 "
                + "standin=true echo=sctp\nprobe\nRESULT sctp " + ip + ":5060 rc=0\n", plan);
        assertEquals(ProbeResult.Outcome.DELIVERED, ok.outcome(), ok.reason());
        assertEquals("default/web", ok.answeredBy());
        ProbeResult aborted = ProbeCommands.result(r, t, "2026/12/02 13:33:46 socat[9] E connect(5, AF=2 " + ip
                + ":5060, 16): Connection refused\nRESULT sctp " + ip + ":5060 rc=1\n", plan);
        assertEquals(ProbeResult.Outcome.REFUSED, aborted.outcome());
        assertTrue(aborted.reason().contains("association aborted"), aborted.reason());
        ProbeResult silent = ProbeCommands.result(r, t, "2026/12/02 13:33:46 socat[9] E connecting to AF=2 " + ip
                + ":5060: Operation timed out\nRESULT sctp " + ip + ":5060 rc=1\n", plan);
        assertEquals(ProbeResult.Outcome.TIMEOUT, silent.outcome());
    }

    /** dns:NAME asks the cluster DNS for NAME itself; a CNAME in the answer (an ExternalName Service) is read back. */
    @Test
    void aDnsProbeForANameReadsBackItsCname() {
        String fqdn = "ext.default.svc.cluster.local";
        ProbeTarget t = ProbeTarget.resolve("dns:" + fqdn + ".", 0, Protocol.UDP, plan, "default");
        assertEquals(fqdn, t.dnsQuery());
        assertEquals(plan.dns().serviceIp(), t.ip());
        assertEquals(53, t.port());
        assertTrue(ProbeCommands.command(Protocol.UDP, t, true, 0).contains(DnsWire.printfEscaped(DnsWire.query(0x4b43, fqdn))));
        // id, flags, 1 question, 2 answers: CNAME foo.example.com (owner a pointer to the question's name), then an A
        // record whose owner is a pointer to the CNAME's target
        String question = hexName(fqdn) + "00010001";
        String cnameTarget = hexName("foo.example.com");
        String reply = "4b4381800001000200000000" + question
                + "c00c00050001000000050" + String.format("%03x", cnameTarget.length() / 2) + cnameTarget
                + "c0" + Integer.toHexString(12 + question.length() / 2 + 12) + "000100010000001e0004" + "0a000001";
        DnsWire.Answer a = DnsWire.parse(reply);
        assertEquals(List.of("foo.example.com"), a.cnames());
        assertEquals(List.of("10.0.0.1"), a.addresses());
        ProbeRequest r = new ProbeRequest("default/client", "dns:" + fqdn, 0, Protocol.UDP);
        ProbeResult res = ProbeCommands.result(r, t, "DNS " + reply + "\nRESULT dns " + t.ip() + ":53 rc=0\n", plan);
        assertEquals("NOERROR " + fqdn + " CNAME foo.example.com A 10.0.0.1", res.reason());
        IllegalArgumentException tcp = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ProbeTarget.resolve("dns:" + fqdn, 0, Protocol.TCP, plan, "default"));
        assertTrue(tcp.getMessage().contains("--protocol udp"), tcp.getMessage());
    }
}
