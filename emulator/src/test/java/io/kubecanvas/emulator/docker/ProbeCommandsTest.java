package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.backend.ProbeTarget;
import io.kubecanvas.emulator.backend.Protocol;
import io.kubecanvas.emulator.plan.ClusterFixture;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.state.ClusterState;
import org.junit.jupiter.api.Test;

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
        return ProbeTarget.resolve(t, 0, p, state, plan, "default");
    }

    @Test
    void aServiceNameIsResolvedByThePodsOwnDnsAndAUrlGoesToTheIngressAddress() {
        String svc = ProbeCommands.command(Protocol.TCP, target("web", Protocol.TCP), true);
        assertTrue(svc.contains("'http://web:80/'"), svc);
        assertTrue(svc.contains("--connect-timeout 1"));
        String url = ProbeCommands.command(Protocol.TCP, target("http://example.local/api", Protocol.TCP), false);
        assertTrue(url.contains("--resolve example.local:80:" + plan.ingress().address()), url);
        assertTrue(url.contains("'http://example.local:80/api'"), url);
        String udp = ProbeCommands.command(Protocol.UDP, target("default/web", Protocol.UDP), true);
        assertTrue(udp.contains("nc -u"), udp);
    }

    @Test
    void curlExitCodesBecomeOutcomes() {
        ProbeRequest r = ProbeRequest.tcp("default/client", "web", 80);
        ProbeTarget t = target("web", Protocol.TCP);
        ProbeResult ok = ProbeCommands.result(r, t, "HTTP/1.0 200 OK\r\nX-Pod: default/web\r\n\r\nRESULT 200 10.96.0.20:80 rc=0\n", state);
        assertEquals(ProbeResult.Outcome.DELIVERED, ok.outcome());
        assertEquals("default/web", ok.answeredBy());
        assertEquals("10.96.0.20:80", ok.address());
        ProbeResult refused = ProbeCommands.result(r, t, "RESULT 000 : rc=7\n", state);
        assertEquals(ProbeResult.Outcome.REFUSED, refused.outcome());
        assertNull(refused.answeredBy());
        assertEquals(ProbeResult.Outcome.TIMEOUT, ProbeCommands.result(r, t, "RESULT 000 : rc=28\n", state).outcome());
        assertTrue(ProbeCommands.result(r, t, "RESULT 000 : rc=6\n", state).reason().contains("cannot resolve web"));
    }

    @Test
    void aUdpAnswerNamesThePod() {
        ProbeRequest r = new ProbeRequest("default/client", "default/web", 53, Protocol.UDP);
        ProbeResult ok = ProbeCommands.result(r, target("default/web", Protocol.UDP),
                "pod=web namespace=default node=worker-1 ip=10.244.1.2 port=53\nRESULT udp 10.244.1.2:53 rc=0\n", state);
        assertEquals(ProbeResult.Outcome.DELIVERED, ok.outcome());
        assertEquals("default/web", ok.answeredBy());
        ProbeResult silent = ProbeCommands.result(r, target("default/web", Protocol.UDP), "\nRESULT udp 10.244.1.2:53 rc=0\n", state);
        assertEquals(ProbeResult.Outcome.TIMEOUT, silent.outcome());
    }

    @Test
    void batchOutputIsSplitPerProbe() {
        Map<Integer, String> s = ProbeCommands.sections("### 0\nfirst\n### 1\nsecond\nmore\n");
        assertEquals("\nfirst\n", s.get(0));
        assertEquals("\nsecond\nmore\n", s.get(1));
    }
}
