package io.kubecanvas.emulator.run;

import io.kubecanvas.emulator.control.ControlPlane;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.sim.SimBackend;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ClusterRun#startBatching}: a burst of changes (an API client writing one object after another) is
 * planned a few times, not once per quiet period of 50 ms, and never later than five of them after the
 * burst began; once the burst ends the dataplane runs the latest state.
 */
class ClusterRunBatchingTest {
    private static Design design(int services) throws Exception {
        StringBuilder y = new StringBuilder("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                spec:
                  replicas: 2
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                      - name: web
                        image: nginx:1.27
                        ports:
                        - containerPort: 80
                """);
        for (int i = 0; i < services; i++) {
            y.append("""
                    ---
                    apiVersion: v1
                    kind: Service
                    metadata:
                      name: web-%d
                    spec:
                      selector: {app: web}
                      ports:
                      - port: 80
                    """.formatted(i));
        }
        return DesignIO.parse("batching.yaml", y.toString());
    }

    @Test
    void aBurstOfChangesIsPlannedAFewTimesAndTheLatestStateRuns() throws Exception {
        try (ClusterRun run = ClusterRun.startBatching(ControlPlane.start(design(0), 1L), new SimBackend(), Duration.ofMillis(50))) {
            List<Long> planned = new CopyOnWriteArrayList<>();
            run.addPlanListener(p -> planned.add(System.nanoTime()));
            long t0 = System.nanoTime();
            int changes = 60;
            for (int i = 1; i <= changes; i++) {
                run.apply(design(i));
                Thread.sleep(10);
            }
            long burstEnd = System.nanoTime();
            long burstMs = (burstEnd - t0) / 1_000_000;
            Thread.sleep(400);
            long during = planned.stream().filter(t -> t < burstEnd).count();
            // A plan every 250 ms at most during a burst that never pauses for 50 ms: about burst/250 + 1 in all.
            assertTrue(planned.size() <= burstMs / 250 + 3, planned.size() + " plans for a burst of " + burstMs + " ms");
            assertTrue(during >= 1, "a burst that does not pause is still planned while it lasts (" + burstMs + " ms, no plan)");
            // The dataplane runs the latest state (the last Service is planned) and nothing was left to plan.
            int before = planned.size();
            NetworkPlan now = run.plan();
            assertEquals(before, planned.size(), "nothing was left to plan after the burst");
            assertNotNull(now.service("default", "web-" + (changes - 1)));
        }
    }

    @Test
    void aSingleChangeIsPlannedAfterTheQuietPeriod() throws Exception {
        try (ClusterRun run = ClusterRun.startBatching(ControlPlane.start(design(0), 1L), new SimBackend(), Duration.ofMillis(50))) {
            List<Long> planned = new CopyOnWriteArrayList<>();
            run.addPlanListener(p -> planned.add(System.nanoTime()));
            long t0 = System.nanoTime();
            run.apply(design(1));
            long deadline = t0 + Duration.ofSeconds(5).toNanos();
            while (planned.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(1, planned.size(), "one change, one plan");
            long ms = (planned.get(0) - t0) / 1_000_000;
            assertTrue(ms >= 45, "planned after the quiet period, not at once (" + ms + " ms)");
        }
    }
}
