package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.backend.ProbeResult.Outcome;
import io.kubecanvas.emulator.backend.Protocol;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.run.ClusterRun;
import io.kubecanvas.model.DesignIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SCTP on docker. Upstream: test/e2e/network/service.go "should allow creating a basic SCTP service with pod and
 * endpoints" (an SCTP association to the Pod and through its Service's ClusterIP), and the kernel's own rule that
 * an SCTP socket needs the sctp module (Linux Documentation/networking/sctp.rst; socket(2) fails with
 * EPROTONOSUPPORT without it). Where the host's kernel has SCTP (/proc/net/sctp exists) the probes are real
 * associations and give the sim's verdicts; where it has none, as on this project's build machine, every SCTP
 * probe says so (and sends nothing: KubeCanvas loads no kernel module), the stand-in says which port it cannot
 * serve, and TCP to the same Pod still works.
 */
@Tag("docker")
class DockerSctpTest {
    static final String NAME = "kc-test-sctp";

    /** SctpTest's cluster (the sim's SCTP test) as a design: the underlay is left to the backend to choose. */
    static final String DESIGN = """
            apiVersion: kubecanvas.io/v1alpha1
            kind: Cluster
            metadata: {name: sctp}
            spec:
              nodes: [{name: control-plane, role: control-plane}, {name: worker-1, role: worker}, {name: worker-2, role: worker}]
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: x}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: server, namespace: x, labels: {app: server}}
            spec:
              nodeName: worker-1
              containers:
                - name: server
                  image: example.local/sctp-server:1
                  ports: [{containerPort: 80, name: sctp, protocol: SCTP}, {containerPort: 80, name: http, protocol: TCP}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: client, namespace: x}
            spec:
              nodeName: worker-2
              containers: [{name: c, image: example.local/client:1}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: sctp-svc, namespace: x}
            spec:
              selector: {app: server}
              ports: [{name: sctp, protocol: SCTP, port: 5060, targetPort: 80}]
            """;

    static ProbeRequest sctp(String from, String to, int port) {
        return new ProbeRequest(from, to, port, Protocol.SCTP);
    }

    @Test
    void sctpIsARealAssociationOrAClearWordThatTheKernelHasNone() throws Exception {
        List<ProbeRequest> reqs = List.of(
                sctp("x/client", "x/server", 80),        // an association to the Pod, across nodes
                sctp("x/client", "sctp-svc", 5060),      // through the Service (kube-proxy's -p sctp DNAT)
                sctp("x/client", "x/server", 81),        // no socket there: ABORT
                ProbeRequest.tcp("x/client", "x/server", 80));
        boolean kernelHasSctp = Files.exists(Path.of("/proc/net/sctp"));
        try (DockerJavaEngine engine = DockerJavaEngine.connect()) {
            RunningClusters.remove(engine, NAME);
            try (ClusterRun run = ClusterRun.start(DesignIO.parse("sctp.yaml", DESIGN), DockerBackend.create(engine, NAME, s -> { }))) {
                NetworkPlan plan = run.plan();
                DockerBackend docker = (DockerBackend) run.backend();
                List<ProbeResult> results = run.probeAll(reqs);
                if (kernelHasSctp) {
                    assertEquals(DockerDifferentialTest.simVerdicts(plan, reqs), DockerDifferentialTest.verdicts(reqs, results));
                    assertEquals("x/server", results.get(0).answeredBy(), results.get(0).toString());
                    assertEquals(Outcome.REFUSED, results.get(2).outcome(), results.get(2).toString());
                } else {
                    for (ProbeResult r : results.subList(0, 3)) {
                        assertEquals(Outcome.DROPPED, r.outcome(), r.toString());
                        assertEquals("SCTP not sent from x/client: " + ProbeCommands.NO_SCTP, r.reason());
                        assertNull(r.answeredBy(), "not an HTTP verdict of some TCP server: " + r);
                    }
                    assertTrue(ProbeCommands.NO_SCTP.startsWith("this machine's kernel has no SCTP support (module sctp not"
                            + " loaded); KubeCanvas does not load kernel modules"), ProbeCommands.NO_SCTP);
                    assertFalse(Files.exists(Path.of("/proc/net/sctp")), "no SCTP module was loaded by the probes");
                    String log = engine.logs(docker.cluster().podContainer("x", "server", null), 50);
                    assertTrue(log.contains("port 80/SCTP is not served: this machine's kernel has no SCTP support"), log);
                }
                ProbeResult tcp = results.get(3);
                assertEquals(Outcome.DELIVERED, tcp.outcome(), "TCP on the same port number is its own socket: " + tcp);
                assertEquals("x/server", tcp.answeredBy());
            } finally {
                RunningClusters.remove(engine, NAME);
            }
        }
    }
}
