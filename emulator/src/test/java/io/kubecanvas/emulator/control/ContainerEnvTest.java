package io.kubecanvas.emulator.control;

import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.plan.PodPlan;
import io.kubecanvas.emulator.run.ClusterRun;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.Design;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Container environments from ConfigMaps and Secrets, as the kubelet makes them (kuberuntime
 * makeEnvironmentVariables): envFrom first with its prefix, then env in order; a missing object or key that is
 * not optional keeps the Pod from starting with CreateContainerConfigError and the kubelet's message; the plan
 * carries the values, so the sim and the docker backend run the same environment.
 */
class ContainerEnvTest {

    static final String OBJECTS = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: cfg}
            data: {MODE: fast, LEVEL: "3", "bad key": x}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: db}
            data: {password: czNjcjN0}
            stringData: {user: admin}
            ---
            """;

    static String pod(String name, String container) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s}
                spec:
                  nodeName: worker-1
                  containers:
                %s
                ---
                """.formatted(name, container.stripIndent().lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n"));
    }

    static Map<String, String> env(NetworkPlan plan, String pod) {
        return plan.pods().stream().filter(p -> p.key().equals("default/" + pod)).findFirst().orElseThrow()
                .containers().get(0).env();
    }

    @Test
    void valuesFromConfigMapsAndSecretsReachThePlan() {
        Design d = Seeds.design(OBJECTS + pod("app", """
                - name: app
                  image: busybox:1.36
                  workingDir: /srv
                  envFrom:
                  - configMapRef: {name: cfg}
                    prefix: CFG_
                  - secretRef: {name: db}
                  env:
                  - {name: MODE, valueFrom: {configMapKeyRef: {name: cfg, key: MODE}}}
                  - {name: PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}
                  - {name: CFG_LEVEL, value: overridden}
                  - {name: IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
                  - {name: GONE, valueFrom: {configMapKeyRef: {name: nothere, key: x, optional: true}}}
                  - {name: NOKEY, valueFrom: {secretKeyRef: {name: db, key: nokey, optional: true}}}
                """));
        ControlPlane cp = ControlPlane.start(d, 1);
        ClusterState.PodState p = cp.state().pod("default", "app");
        assertEquals("Running", p.phase());
        assertNull(p.reason());
        NetworkPlan plan = ClusterRun.plan(cp.state());
        Map<String, String> want = new LinkedHashMap<>();
        want.put("CFG_MODE", "fast");
        want.put("password", "s3cr3t");
        want.put("user", "admin");
        want.put("MODE", "fast");
        want.put("PASSWORD", "s3cr3t");
        want.put("CFG_LEVEL", "overridden");
        want.put("IP", p.ip());
        assertEquals(want, env(plan, "app"), "envFrom keys (sorted per source), then env; a later definition replaces an earlier");
        assertEquals(List.of("CFG_MODE", "password", "user", "MODE", "PASSWORD", "CFG_LEVEL", "IP"),
                List.copyOf(env(plan, "app").keySet()), "in the order defined; a redefinition takes the later place");
        PodPlan.ContainerPlan c = plan.pod("default/app").containers().get(0);
        assertTrue(c.unresolved().isEmpty());
        assertEquals("/srv", c.workingDir());
        assertTrue(cp.events().stream().anyMatch(e -> e.reason().equals("InvalidEnvironmentVariableNames")
                        && e.message().equals("Keys [CFG_bad key] from the EnvFrom configMap default/cfg were skipped since"
                        + " they are considered invalid environment variable names.")),
                "the kubelet's warning for a key that is no variable name");
    }

    @Test
    void aMissingConfigMapSecretOrKeyKeepsThePodFromStarting() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("- {name: a, image: busybox:1.36, env: [{name: X, valueFrom: {configMapKeyRef: {name: nope, key: k}}}]}",
                "configmap \"nope\" not found");
        cases.put("- {name: a, image: busybox:1.36, env: [{name: X, valueFrom: {configMapKeyRef: {name: cfg, key: k}}}]}",
                "couldn't find key k in ConfigMap default/cfg");
        cases.put("- {name: a, image: busybox:1.36, env: [{name: X, valueFrom: {secretKeyRef: {name: nope, key: k}}}]}",
                "secret \"nope\" not found");
        cases.put("- {name: a, image: busybox:1.36, env: [{name: X, valueFrom: {secretKeyRef: {name: db, key: k}}}]}",
                "couldn't find key k in Secret default/db");
        cases.put("- {name: a, image: busybox:1.36, envFrom: [{configMapRef: {name: nope}}]}", "configmap \"nope\" not found");
        cases.put("- {name: a, image: busybox:1.36, envFrom: [{secretRef: {name: nope}}]}", "secret \"nope\" not found");
        for (var e : cases.entrySet()) {
            ControlPlane cp = ControlPlane.start(Seeds.design(OBJECTS + pod("app", e.getKey())), 1);
            ClusterState.PodState p = cp.state().pod("default", "app");
            assertEquals("Pending", p.phase(), e.getKey());
            assertNull(p.ip(), "no sandbox: " + e.getKey());
            assertEquals("CreateContainerConfigError: " + e.getValue(), p.reason(), e.getKey());
            assertEquals("Pending (CreateContainerConfigError: " + e.getValue() + ")", p.status());
            assertTrue(cp.events().stream().anyMatch(ev -> ev.reason().equals("Failed") && ev.object().equals("pod/app")
                    && ev.message().equals("Error: " + e.getValue())), "kubelet's event: " + e.getKey());
            PodPlan plan = ClusterRun.plan(cp.state()).pod("default/app");
            assertFalse(plan.running(), "no backend runs it");
            assertEquals("CreateContainerConfigError: " + e.getValue(), plan.reason());
        }
    }

    @Test
    void thePodStartsOnceTheConfigMapIsThere() {
        String pod = pod("app", "- {name: a, image: busybox:1.36, env: [{name: X, valueFrom: {configMapKeyRef: {name: late, key: k}}}]}");
        ControlPlane cp = ControlPlane.start(Seeds.design(pod), 1);
        assertEquals("CreateContainerConfigError: configmap \"late\" not found", cp.state().pod("default", "app").reason());
        cp.apply(Seeds.design("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: late}
                data: {k: v}
                ---
                """ + pod));
        ClusterState.PodState p = cp.state().pod("default", "app");
        assertEquals("Running", p.phase());
        assertNotNull(p.ip());
        assertNull(p.reason());
        assertEquals(Map.of("X", "v"), env(ClusterRun.plan(cp.state()), "app"));
    }

    @Test
    void initContainersComeFirstAndGetTheirEnvironmentToo() {
        ControlPlane cp = ControlPlane.start(Seeds.design(OBJECTS + """
                apiVersion: v1
                kind: Pod
                metadata: {name: app}
                spec:
                  nodeName: worker-1
                  initContainers:
                  - {name: migrate, image: busybox:1.36, command: [sh, -c, "echo $MODE"], env: [{name: MODE, valueFrom: {configMapKeyRef: {name: cfg, key: MODE}}}]}
                  - {name: missing, image: busybox:1.36, env: [{name: K, valueFrom: {configMapKeyRef: {name: cfg, key: nokey}}}]}
                  containers:
                  - {name: a, image: busybox:1.36}
                """), 1);
        ClusterState.PodState p = cp.state().pod("default", "app");
        assertEquals("CreateContainerConfigError: couldn't find key nokey in ConfigMap default/cfg", p.reason());
        assertEquals(List.of("migrate", "missing"), p.initContainers().stream().map(ClusterState.PodContainer::name).toList());
        PodPlan plan = ClusterRun.plan(cp.state()).pod("default/app");
        assertEquals(Map.of("MODE", "fast"), plan.initContainers().get(0).env());
        assertEquals(List.of("sh", "-c", "echo $MODE"), plan.initContainers().get(0).command());
    }

    @Test
    void pullPolicyDefaultsAsTheApiServerDoes() {
        assertEquals("Always", ClusterState.PodContainer.defaultPullPolicy("nginx"));
        assertEquals("Always", ClusterState.PodContainer.defaultPullPolicy("nginx:latest"));
        assertEquals("Always", ClusterState.PodContainer.defaultPullPolicy("localhost:5000/nginx"));
        assertEquals("IfNotPresent", ClusterState.PodContainer.defaultPullPolicy("localhost:5000/nginx:1.27"));
        assertEquals("IfNotPresent", ClusterState.PodContainer.defaultPullPolicy("nginx@sha256:abc"));
        ClusterState s = ControlPlane.start(Seeds.design(pod("app",
                "- {name: a, image: busybox:1.36, imagePullPolicy: Never}\n- {name: b, image: busybox}")), 1).state();
        PodPlan plan = ClusterRun.plan(s).pod("default/app");
        assertEquals(List.of("Never", "Always"), plan.containers().stream().map(PodPlan.ContainerPlan::imagePullPolicy).toList());
    }

    @Test
    void dollarParenReferencesAreExpandedAsTheKubeletDoes() {
        ClusterState s = ControlPlane.start(Seeds.design(OBJECTS + pod("app", """
                - name: a
                  image: busybox:1.36
                  command: [sh, -c, "echo $(GREETING) from $(IP) $$(IP) $(NOPE)"]
                  args: ["--mode=$(MODE)"]
                  env:
                  - {name: IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
                  - {name: MODE, valueFrom: {configMapKeyRef: {name: cfg, key: MODE}}}
                  - {name: GREETING, value: "hello $(MODE)"}
                  - {name: LATER, value: "$(UNDEFINED_YET) $$"}
                """)), 1).state();
        PodPlan.ContainerPlan c = ClusterRun.plan(s).pod("default/app").containers().get(0);
        String ip = s.pod("default", "app").ip();
        assertEquals("hello fast", c.env().get("GREETING"), "a value names a variable defined before it");
        assertEquals("$(UNDEFINED_YET) $", c.env().get("LATER"));
        assertEquals(List.of("sh", "-c", "echo hello fast from " + ip + " $(IP) $(NOPE)"), c.command());
        assertEquals(List.of("--mode=fast"), c.args());
    }
}
