package io.kubecanvas.app.cli;

import io.kubecanvas.emulator.run.ClusterRun;
import io.kubecanvas.emulator.sim.SimBackend;
import io.kubecanvas.model.Cluster;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What {@code up} says of the Pods that do not run: each with its reason, in the control plane's words. */
class UpReasonsTest {
    @Test
    void everyPodThatDoesNotRunIsPrintedWithItsReason() throws Exception {
        Design d = Design.of(Cluster.defaults(), DesignIO.parse("t.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: worker-1
                  containers: [{name: c, image: nginx:1.27}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: configured}
                spec:
                  nodeName: worker-1
                  containers: [{name: c, image: nginx:1.27, env: [{name: K, valueFrom: {secretKeyRef: {name: db, key: pw}}}]}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: picky}
                spec:
                  nodeSelector: {disk: ssd}
                  containers: [{name: c, image: nginx:1.27}]
                """).objects());
        try (ClusterRun run = ClusterRun.start(d, new SimBackend())) {
            StringWriter out = new StringWriter();
            UpCommand.printNotRunning(new PrintWriter(out, true), run);
            List<String> lines = out.toString().lines().toList();
            assertEquals(2, lines.size(), out.toString());
            assertEquals("  not running: Pod default/configured is Pending (CreateContainerConfigError: secret \"db\" not found)",
                    lines.get(0));
            assertEquals(true, lines.get(1).startsWith("  not running: Pod default/picky is Pending (Unschedulable: 0/"),
                    lines.get(1));
        }
    }
}
