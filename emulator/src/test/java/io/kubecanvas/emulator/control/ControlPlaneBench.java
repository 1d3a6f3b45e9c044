package io.kubecanvas.emulator.control;

import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.Design;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Prints how long the control plane takes to settle a 10-worker, 500-Pod, 100-Service cluster: the
 * first start in a fresh JVM after a tiny cluster has loaded Jackson and the fabric8 model, and the best
 * of several warm starts, as wall time and as this thread's CPU time (steadier on a busy machine).
 * Run: {@code mvn -pl emulator -am test -Dtest=ControlPlaneBench -Dtest.excludedGroups=docker -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("bench")
class ControlPlaneBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Test
    void startLargeCluster() {
        Design d = ScaleDesigns.design(10, 500, 100);
        long[] tiny = time(() -> ControlPlane.start(ScaleDesigns.design(2, 5, 1), 99).state());
        long[] first = time(() -> ControlPlane.start(d, 0).state());
        long bestWall = Long.MAX_VALUE;
        long bestCpu = Long.MAX_VALUE;
        for (int i = 1; i < 10; i++) {
            int seed = i;
            long[] t = time(() -> ControlPlane.start(d, seed).state());
            bestWall = Math.min(bestWall, t[0]);
            bestCpu = Math.min(bestCpu, t[1]);
        }
        System.out.printf("control plane, 10 workers/500 Pods/100 Services: first %.0f ms wall (%.0f ms CPU), warm best %.1f ms wall"
                + " (%.1f ms CPU); class loading on a tiny cluster before: %.0f ms wall (%.0f ms CPU)%n",
                first[0] / 1e6, first[1] / 1e6, bestWall / 1e6, bestCpu / 1e6, tiny[0] / 1e6, tiny[1] / 1e6);
        ClusterState s = ControlPlane.start(d, 0).state();
        assertEquals(500, s.pods().stream().filter(p -> !p.namespace().equals("kube-system") && p.ready()).count());
        assertEquals(101, s.services().size());
        assertEquals(5, s.service("default", "svc-0").endpoints().size());
    }

    private static long[] time(Runnable r) {
        long w = System.nanoTime();
        long c = THREADS.getCurrentThreadCpuTime();
        r.run();
        return new long[]{System.nanoTime() - w, THREADS.getCurrentThreadCpuTime() - c};
    }
}
