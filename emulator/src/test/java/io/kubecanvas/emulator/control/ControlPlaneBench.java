package io.kubecanvas.emulator.control;

import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.Design;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Prints how long the control plane takes to settle a 10-worker, 500-Pod, 100-Service cluster: the
 * first start in a fresh JVM (class loading of Jackson and the fabric8 model included), the first start
 * after a small cluster has loaded those classes, and the best of several warm starts.
 * Run: {@code mvn -pl emulator -am test -Dtest=ControlPlaneBench -Dtest.excludedGroups=docker -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("bench")
class ControlPlaneBench {
    @Test
    void startLargeCluster() {
        Design d = ScaleDesigns.design(10, 500, 100);
        long t0 = System.nanoTime();
        ControlPlane.start(ScaleDesigns.design(2, 5, 1), 99).state();
        long tiny = System.nanoTime() - t0;
        t0 = System.nanoTime();
        ClusterState s = ControlPlane.start(d, 0).state();
        long first = System.nanoTime() - t0;
        long best = Long.MAX_VALUE;
        for (int i = 1; i < 10; i++) {
            t0 = System.nanoTime();
            s = ControlPlane.start(d, i).state();
            best = Math.min(best, System.nanoTime() - t0);
        }
        System.out.printf("control plane: tiny cluster in a fresh JVM %.0f ms; 10 workers/500 Pods/100 Services: first %.0f ms,"
                + " warm best of 9 %.1f ms%n", tiny / 1e6, first / 1e6, best / 1e6);
        assertEquals(500, s.pods().stream().filter(p -> !p.namespace().equals("kube-system") && p.ready()).count());
        assertEquals(101, s.services().size());
        assertEquals(5, s.service("default", "svc-0").endpoints().size());
    }
}
