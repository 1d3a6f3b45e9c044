package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.run.ClusterRun;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.DesignIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Readiness probes run for real on docker (kubelet semantics, Kubernetes docs "Configure Liveness, Readiness and
 * Startup Probes"): a probe against a port nothing listens on keeps the Pod out of its Service's endpoints, an
 * httpGet and an exec probe that succeed put it in; and a Pod's /etc/hosts names the Pod on its own address.
 */
@Tag("docker")
class DockerReadinessTest {
    static final String NAME = "kc-test-readiness";

    @Test
    void realProbesDecideWhichPodsAreEndpointsAndAPodsHostsFileNamesItself() throws Exception {
        String pod = """
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: NAME, labels: {app: web}}
                spec:
                  nodeName: worker-1
                  containers:
                    - name: web
                      image: nginx:latest
                      ports: [{containerPort: 80, name: http}]
                      readinessProbe: {PROBE, periodSeconds: 2}
                """;
        String design = """
                apiVersion: kubecanvas.io/v1alpha1
                kind: Cluster
                metadata: {name: readiness}
                spec:
                  nodes: [{name: control-plane, role: control-plane}, {name: worker-1, role: worker}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: client}
                spec:
                  nodeName: worker-1
                  containers: [{name: c, image: busybox:latest}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec:
                  selector: {app: web}
                  ports: [{port: 80, targetPort: http}]
                """ + pod.replace("NAME", "good").replace("PROBE", "httpGet: {port: http, path: /healthz}")
                + pod.replace("NAME", "shell").replace("PROBE", "exec: {command: [cat, /etc/hostname]}")
                + pod.replace("NAME", "bad").replace("PROBE", "tcpSocket: {port: 81}");
        try (DockerJavaEngine engine = DockerJavaEngine.connect()) {
            RunningClusters.remove(engine, NAME);
            try (ClusterRun run = ClusterRun.start(DesignIO.parse("readiness.yaml", design),
                    DockerBackend.create(engine, NAME, s -> { }))) {
                run.advance(Duration.ofSeconds(10));
                ClusterState.PodState good = run.state().pod("default", "good");
                ClusterState.PodState bad = run.state().pod("default", "bad");
                assertTrue(good.ready(), "an httpGet probe that gets 200 makes the Pod ready: " + good.readiness());
                assertTrue(run.state().pod("default", "shell").ready(), run.state().pod("default", "shell").readiness());
                assertFalse(bad.ready());
                assertTrue(String.valueOf(bad.readiness()).contains("connection refused"), bad.readiness());
                for (int i = 0; i < 6; i++) {
                    ProbeResult r = run.probe(ProbeRequest.tcp("default/client", "web", 80));
                    assertEquals(ProbeResult.Outcome.DELIVERED, r.outcome(), r.toString());
                    assertTrue(List.of("default/good", "default/shell").contains(r.answeredBy()),
                            "the unready Pod is no endpoint: " + r);
                }
                String hosts = run.backend() instanceof DockerBackend d
                        ? d.cluster().execInPod("default", "good", List.of("cat", "/etc/hosts")).stdout() : "";
                assertTrue(hosts.lines().anyMatch(l -> l.matches(good.ip().replace(".", "\\.") + "\\s+good")),
                        "the Pod's own name on its address: " + hosts);
            } finally {
                RunningClusters.remove(engine, NAME);
            }
        }
    }
}
