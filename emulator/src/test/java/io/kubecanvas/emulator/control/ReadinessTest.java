package io.kubecanvas.emulator.control;

import io.kubecanvas.emulator.sim.AppliedSim;
import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.backend.ProbeResult.Outcome;
import io.kubecanvas.emulator.sim.SimBackend;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.emulator.state.ReadinessProber;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Readiness probes on the virtual clock, their results in the state and in the EndpointSlices. Upstream:
 * test/e2e/common/node/container_probe.go ("with readiness probe should not be ready before initial delay
 * and never restart", "with readiness probe that fails should never be ready and never restart"),
 * test/e2e/network/service.go ("should create endpoints for unready pods", publishNotReadyAddresses), and
 * the docs, "Configure Liveness, Readiness and Startup Probes" (thresholds and defaults).
 */
class ReadinessTest {

    static String pod(String name, String probe, String ports) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, labels: {app: web}}
                spec:
                  nodeName: worker-1
                  containers:
                  - name: web
                    image: nginx:1.27
                    ports: [%s]
                    readinessProbe:
                %s
                ---
                """.formatted(name, ports, probe.stripIndent().lines().map(l -> "      " + l)
                .reduce("", (a, b) -> a + b + "\n"));
    }

    static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              selector: {app: web}
              ports: [{port: 80, targetPort: 8080}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: client}
            spec:
              nodeName: worker-2
              containers: [{name: c, image: busybox:1.36}]
            """;

    static ClusterState.Endpoint endpoint(ClusterState s, String service, String pod) {
        return s.service("default", service).endpoints().stream().filter(e -> pod.equals(e.podName())).findFirst()
                .orElseThrow();
    }

    @Test
    void notReadyBeforeTheInitialDelayThenReadyAndServing() {
        ControlPlane cp = ControlPlane.start(Seeds.design(pod("web", """
                httpGet: {path: /healthz, port: 8080}
                initialDelaySeconds: 5
                periodSeconds: 10
                """, "{containerPort: 8080}") + SERVICE), 1);
        ClusterState s = cp.state();
        assertFalse(s.pod("default", "web").ready());
        assertEquals("Running, not ready: readiness probe GET :8080/healthz not run yet (initialDelaySeconds 5)",
                s.pod("default", "web").status());
        assertFalse(endpoint(s, "web", "web").ready(), "in the slice, not ready");
        ProbeResult before = AppliedSim.of(1, s).probe(ProbeRequest.tcp("default/client", "web", 80));
        assertEquals(Outcome.REFUSED, before.outcome(), "kube-proxy: the Service has no ready endpoint: " + before.reason());

        cp.advance(Duration.ofSeconds(4));
        assertFalse(cp.state().pod("default", "web").ready(), "4 s: still before the first probe");
        cp.advance(Duration.ofSeconds(1));
        s = cp.state();
        assertTrue(s.pod("default", "web").ready(), "the first probe at 5 s succeeds");
        assertNull(s.pod("default", "web").readiness());
        assertEquals("Running", s.pod("default", "web").status());
        assertTrue(endpoint(s, "web", "web").ready());
        ProbeResult after = AppliedSim.of(1, s).probe(ProbeRequest.tcp("default/client", "web", 80));
        assertEquals("default/web", after.answeredBy(), after.reason());
    }

    @Test
    void aProbeOnAPortNothingListensOnNeverSucceeds() {
        ControlPlane cp = ControlPlane.start(Seeds.design(pod("web", """
                httpGet: {path: /healthz, port: 8080}
                """, "{containerPort: 80}") + SERVICE), 1);
        cp.advance(Duration.ofMinutes(5));
        ClusterState.PodState p = cp.state().pod("default", "web");
        assertFalse(p.ready());
        assertEquals("readiness probe GET :8080/healthz failed: connection refused", p.readiness());
        assertEquals("Running", p.phase(), "readiness never restarts a container");
        assertTrue(cp.events().stream().anyMatch(e -> e.reason().equals("Unhealthy")
                && e.message().equals("Readiness probe failed: GET :8080/healthz: connection refused")));
    }

    @Test
    void tcpNamedPortAndExecProbes() {
        ControlPlane cp = ControlPlane.start(Seeds.design(pod("tcp", "tcpSocket: {port: db}", "{name: db, containerPort: 5432}")
                + pod("missing", "tcpSocket: {port: nope}", "{containerPort: 5432}")
                + pod("exec-ok", "exec: {command: [cat, /tmp/healthy]}", "{containerPort: 80}")
                + pod("exec-fails", "exec: {command: [sh, -c, exit 1]}", "{containerPort: 80}") + SERVICE), 1);
        ClusterState s = cp.state();
        assertTrue(s.pod("default", "tcp").ready());
        assertEquals("TCP :5432", s.pod("default", "tcp").readinessProbes().get(0).describe());
        assertEquals("readiness probe TCP :nope failed: container web has no port named \"nope\"",
                s.pod("default", "missing").readiness());
        assertTrue(s.pod("default", "exec-ok").ready(), "the emulator runs no processes: exec is taken to succeed");
        assertFalse(s.pod("default", "exec-fails").ready());
        assertTrue(s.pod("default", "exec-fails").readiness().startsWith("readiness probe exec [sh, -c, exit 1] failed"),
                s.pod("default", "exec-fails").readiness());
    }

    @Test
    void publishNotReadyAddressesServesUnreadyPods() {
        String design = pod("unready", "exec: {command: [/bin/false]}", "{containerPort: 8080}") + """
                apiVersion: v1
                kind: Service
                metadata: {name: tolerant}
                spec:
                  selector: {app: web}
                  publishNotReadyAddresses: true
                  ports: [{port: 80, targetPort: 8080}]
                ---
                """ + SERVICE;
        ControlPlane cp = ControlPlane.start(Seeds.design(design), 1);
        ClusterState s = cp.state();
        assertFalse(s.pod("default", "unready").ready());
        assertTrue(endpoint(s, "tolerant", "unready").ready(), "publishNotReadyAddresses counts it as ready");
        assertFalse(endpoint(s, "web", "unready").ready());
        SimBackend sim = AppliedSim.of(1, s);
        assertEquals("default/unready", sim.probe(ProbeRequest.tcp("default/client", "tolerant", 80)).answeredBy());
        assertEquals(Outcome.REFUSED, sim.probe(ProbeRequest.tcp("default/client", "web", 80)).outcome());
    }

    @Test
    void thresholdsCountConsecutiveResultsOfAPluggedInProber() {
        AtomicBoolean healthy = new AtomicBoolean(true);
        ControlPlane cp = ControlPlane.start(Seeds.design(pod("web", """
                tcpSocket: {port: 8080}
                periodSeconds: 10
                successThreshold: 2
                failureThreshold: 3
                """, "{containerPort: 8080}") + SERVICE), 1);
        cp.setReadinessProber((pod, probe) -> new ReadinessProber.Result(healthy.get(), healthy.get() ? "ok" : "timeout"));
        assertFalse(cp.state().pod("default", "web").ready(), "one success of two needed");
        cp.advance(Duration.ofSeconds(10));
        assertTrue(cp.state().pod("default", "web").ready(), "two successes in a row");
        healthy.set(false);
        cp.advance(Duration.ofSeconds(20));
        assertTrue(cp.state().pod("default", "web").ready(), "two failures of three");
        cp.advance(Duration.ofSeconds(10));
        assertFalse(cp.state().pod("default", "web").ready(), "the third failure in a row");
        assertEquals("readiness probe TCP :8080 failed: timeout", cp.state().pod("default", "web").readiness());
        healthy.set(true);
        cp.advance(Duration.ofSeconds(10));
        assertFalse(cp.state().pod("default", "web").ready());
        cp.advance(Duration.ofSeconds(10));
        assertTrue(cp.state().pod("default", "web").ready(), "back after successThreshold successes");
    }
}
