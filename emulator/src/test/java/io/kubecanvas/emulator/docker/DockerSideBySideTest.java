package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.control.ControlPlane;
import io.kubecanvas.emulator.run.ClusterRun;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Clusters of the same design side by side: each gets an underlay of its own, and both carry traffic. */
@Tag("docker")
class DockerSideBySideTest {
    static final String DESIGN = """
            apiVersion: kubecanvas.io/v1alpha1
            kind: Cluster
            metadata: {name: twins}
            spec:
              nodes:
                - {name: control-plane, role: control-plane}
                - {name: worker-1, role: worker}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: web, labels: {app: web}}
            spec:
              containers: [{name: web, image: nginx:latest, ports: [{containerPort: 80}]}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: client}
            spec:
              containers: [{name: c, image: busybox:latest}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              selector: {app: web}
              ports: [{port: 80}]
            """;

    @Test
    void twoClustersOfOneDesignRunSideBySideAndAnUnavoidableOverlapNamesTheNetworkAndTheSetting() throws Exception {
        Design design = DesignIO.parse("twins.yaml", DESIGN);
        try (DockerJavaEngine engine = DockerJavaEngine.connect()) {
            for (String n : new String[]{"kc-test-twin-a", "kc-test-twin-b", "kc-test-twin-c"}) {
                RunningClusters.remove(engine, n);
            }
            try (ClusterRun a = ClusterRun.start(design, DockerBackend.create(engine, "kc-test-twin-a", s -> { }));
                 ClusterRun b = ClusterRun.start(design, DockerBackend.create(engine, "kc-test-twin-b", s -> { }))) {
                assertNotEquals(a.plan().underlayCidr(), b.plan().underlayCidr(), "each cluster has its own underlay");
                assertTrue(b.plan().nodes().stream().allMatch(n -> b.plan().underlayCidr().contains(n.underlay().address().address())),
                        "the second cluster's nodes are addressed in its underlay");
                for (ClusterRun r : new ClusterRun[]{a, b}) {
                    ProbeResult p = r.probe(ProbeRequest.tcp("default/client", "web", 80));
                    assertEquals(ProbeResult.Outcome.DELIVERED, p.outcome(), p.toString());
                }
                // a control plane started elsewhere (as the app's window does) keeps its underlay: a clear refusal
                ControlPlane cp = ControlPlane.start(design, 1);
                String taken = a.plan().underlayCidr().toString();
                if (!taken.equals(design.cluster().network().underlayCidr())) {
                    return; // the design's range was already taken by something else on this machine
                }
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> ClusterRun.start(cp, DockerBackend.create(engine, "kc-test-twin-c", s -> { })));
                assertTrue(e.getMessage().contains("overlaps Docker network kc-kc-test-twin-a-underlay"), e.getMessage());
                assertTrue(e.getMessage().contains("spec.network.underlayCIDR"), e.getMessage());
                assertTrue(RunningClusters.list(engine).stream().noneMatch(s -> s.name().equals("kc-test-twin-c")),
                        "the refused cluster left nothing");
            } finally {
                for (String n : new String[]{"kc-test-twin-a", "kc-test-twin-b", "kc-test-twin-c"}) {
                    RunningClusters.remove(engine, n);
                }
            }
        }
    }
}
