package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.backend.PodRuntime;
import io.kubecanvas.emulator.plan.PodPlan;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The order and the decisions of a Pod's start on an engine that records: images by pull policy (a failed pull
 * is not asked again within the retry time), init containers one by one to completion before any app container,
 * a failing one stopping the Pod.
 */
class PodStartTest {
    static final String LOCAL = NodeImage.REPOSITORY + ":x";
    final FakeEngine engine = new FakeEngine();
    final ClusterContainers specs = new ClusterContainers("t", LOCAL, "1:1@b");

    static PodPlan.ContainerPlan c(String name, String image, String policy) {
        return new PodPlan.ContainerPlan(name, image, List.of("run"), List.of(), Map.of(), Map.of(), List.of(), "/w", policy);
    }

    static PodPlan pod(List<PodPlan.ContainerPlan> init, List<PodPlan.ContainerPlan> apps) {
        return new PodPlan("default", "p", "u", "w1", "10.244.1.5", "Running", false, null, apps, init, null);
    }

    @Test
    void initContainersRunToCompletionInOrderBeforeTheAppContainers() {
        PodPlan p = pod(List.of(c("one", LOCAL, "IfNotPresent"), c("two", LOCAL, "IfNotPresent")),
                List.of(c("app", LOCAL, "IfNotPresent")));
        assertNull(PodStart.start(engine, specs, p, "cluster.local", new PodStart.Images(engine, s -> { })));
        assertEquals(List.of("run kc-t-default-p-init-one", "await kc-t-default-p-init-one", "remove",
                        "run kc-t-default-p-init-two", "await kc-t-default-p-init-two", "remove", "run kc-t-default-p-app"),
                engine.calls.stream().map(x -> x.startsWith("remove") ? "remove" : x).toList());
        ContainerSpec app = engine.specs.values().stream().filter(x -> x.name().endsWith("-app")).findFirst().orElseThrow();
        assertEquals("/w", app.workingDir());
        assertEquals(List.of("run"), app.entrypoint());
    }

    @Test
    void aFailingInitContainerStopsThePod() {
        engine.exits.put("kc-t-default-p-init-one", 3);
        PodPlan p = pod(List.of(c("one", LOCAL, "IfNotPresent"), c("two", LOCAL, "IfNotPresent")),
                List.of(c("app", LOCAL, "IfNotPresent")));
        PodRuntime r = PodStart.start(engine, specs, p, "cluster.local", new PodStart.Images(engine, s -> { }));
        assertEquals("Init:Error: init container one exited with code 3", r.reason());
        assertFalse(r.started());
        assertTrue(engine.calls.stream().noneMatch(x -> x.contains("init-two") || x.endsWith("-app")), engine.calls.toString());
    }

    @Test
    void pullPolicies() {
        PodPlan p = pod(List.of(), List.of(c("never", "registry.invalid/a:1", "Never"), c("pulled", "registry.invalid/b:1",
                "IfNotPresent"), c("always", LOCAL, "Always"), c("present", LOCAL, "IfNotPresent")));
        java.util.List<String> log = new java.util.ArrayList<>();
        PodRuntime r = PodStart.start(engine, specs, p, "cluster.local", new PodStart.Images(engine, log::add));
        assertEquals("ErrImageNeverPull: container never: Container image \"registry.invalid/a:1\" is not present with pull"
                + " policy of Never; ErrImagePull: container pulled: failed to pull image \"registry.invalid/b:1\": Get"
                + " \"https://registry.invalid/v2/\": dial tcp: lookup: no such host; runs the labelled stand-in instead;"
                + " ErrImagePull: container always: failed to pull image \"" + LOCAL + "\": Get \"https://kubecanvas/v2/\": dial tcp:"
                + " lookup: no such host; runs the local image", r.reason());
        assertFalse(r.started(), "a container that may not be pulled does not run");
        assertEquals(List.of("pull registry.invalid/b:1", "pull " + LOCAL), engine.calls.stream().filter(x -> x.startsWith("pull"))
                .toList(), "Never and a present IfNotPresent image are not pulled");
        assertTrue(engine.calls.stream().noneMatch(x -> x.endsWith("-never")), "nothing stands in for Never");
        assertTrue(log.contains("pulling registry.invalid/b:1 (imagePullPolicy IfNotPresent)"), log.toString());
    }

    @Test
    void aFailedPullIsNotAskedAgainAtOnce() {
        Map<String, PodStart.Images.Failed> failed = new java.util.concurrent.ConcurrentHashMap<>();
        PodPlan p = pod(List.of(), List.of(c("app", "registry.invalid/b:1", "IfNotPresent")));
        PodStart.start(engine, specs, p, "cluster.local", new PodStart.Images(engine, s -> { }, failed));
        PodRuntime again = PodStart.start(engine, specs, p, "cluster.local", new PodStart.Images(engine, s -> { }, failed));
        assertEquals(1, engine.calls.stream().filter(x -> x.startsWith("pull")).count(), engine.calls.toString());
        assertTrue(again.reason().startsWith("ErrImagePull: container app: failed to pull image"), again.reason());
        assertTrue(again.started(), "the stand-in runs");
    }
}
