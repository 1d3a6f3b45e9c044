package io.kubecanvas.emulator.sim;

import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.backend.Protocol;
import io.kubecanvas.emulator.plan.ClusterFixture;
import io.kubecanvas.emulator.state.ClusterState;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.kubecanvas.emulator.plan.ClusterFixture.port;
import static io.kubecanvas.emulator.plan.ClusterFixture.tcp;
import static io.kubecanvas.emulator.plan.ClusterFixture.udp;

class SimSmokeTest {
    @Test
    void printsFlows() {
        ClusterState s = ClusterFixture.threeNodes()
                .pod("default", "a", "worker-1", Map.of("app", "a"), tcp(80), udp(53))
                .pod("default", "b", "worker-1", Map.of("app", "b"), tcp(80))
                .pod("default", "c", "worker-2", Map.of("app", "web"), tcp(80))
                .service("default", "web", "NodePort", Map.of("app", "web"), port(80, "80"))
                .build();
        SimBackend sim = new SimBackend().apply(s);
        for (ProbeRequest r : new ProbeRequest[]{
                ProbeRequest.tcp("default/a", "default/b", 80),
                ProbeRequest.tcp("default/a", "default/c", 80),
                ProbeRequest.tcp("default/a", "default/c", 81),
                ProbeRequest.tcp("default/a", "web", 0),
                ProbeRequest.tcp("external", "node/worker-1", 30080),
                new ProbeRequest("default/c", "default/a", 54, Protocol.UDP),
                new ProbeRequest("default/c", "default/a", 0, Protocol.ICMP)}) {
            ProbeResult res = sim.probe(r);
            System.out.println("== " + r + " -> " + res.outcome() + " by " + res.answeredBy() + " (" + res.reason() + ") at " + res.address());
            res.hops().forEach(e -> System.out.println(String.format("  %8d %-14s %-22s %-5s %-9s %s %s", e.timeNanos() / 1000, e.node(), e.iface(),
                    e.direction(), e.verdict(), e.info(), e.rule() == null ? "" : "[" + e.rule() + "]")));
        }
    }
}
