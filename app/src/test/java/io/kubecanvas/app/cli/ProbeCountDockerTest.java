package io.kubecanvas.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubecanvas.emulator.docker.DockerJavaEngine;
import io.kubecanvas.emulator.docker.Labels;
import io.kubecanvas.emulator.docker.RunningClusters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code probe --count} over a running docker cluster: the kernel's {@code -m statistic} spreads requests over
 * all three endpoints, and kube-proxy's {@code -m recent} list (sessionAffinity: ClientIP) keeps one client on one
 * endpoint for all 100 (the Kubernetes Service docs, "Session affinity").
 */
@Tag("docker")
class ProbeCountDockerTest {
    static final String NAME = "hs-probe-count";

    @AfterAll
    static void remove() {
        CliRun.of("down", NAME); // ends the detached process (and its API server), which removes its containers
        try (DockerJavaEngine engine = DockerJavaEngine.connect()) {
            RunningClusters.remove(engine, NAME);
            assertTrue(engine.containers(Labels.clusterFilter(NAME)).isEmpty());
        }
    }

    static Map<String, Integer> spread(CliRun r) throws Exception {
        Map<String, Integer> out = new TreeMap<>();
        new ObjectMapper().readTree(r.out()).get("spread").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asInt()));
        return out;
    }

    @Test
    void requestsSpreadOverTheEndpointsAndClientIpAffinityKeepsThemOnOne(@TempDir Path dir) throws Exception {
        Path design = ProbeCommandTest.design(dir, "lb.yaml", ProbeCommandTest.THREE_ENDPOINTS + """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: sticky}
                spec:
                  selector: {app: web}
                  sessionAffinity: ClientIP
                  ports: [{port: 80, targetPort: 80}]
                """);
        CliRun up = CliRun.of("up", design.toString(), "--backend", "docker", "--name", NAME, "--detach", "--no-kubeconfig");
        assertEquals(0, up.exit(), up.err() + up.out());

        CliRun spread = CliRun.of("probe", "--cluster", NAME, "--from", "default/client", "--to", "web", "--count", "100",
                "-o", "json");
        assertEquals(0, spread.exit(), spread.err() + spread.out());
        Map<String, Integer> s = spread(spread);
        assertEquals(3, s.size(), "every endpoint answers some of 100: " + s);
        assertEquals(100, s.values().stream().mapToInt(Integer::intValue).sum());

        CliRun sticky = CliRun.of("probe", "--cluster", NAME, "--from", "default/client", "--to", "sticky", "--count", "100",
                "-o", "json");
        assertEquals(0, sticky.exit(), sticky.err() + sticky.out());
        Map<String, Integer> one = spread(sticky);
        assertEquals(1, one.size(), "one endpoint for one client: " + one);
        assertEquals(100, one.values().iterator().next());
    }
}
