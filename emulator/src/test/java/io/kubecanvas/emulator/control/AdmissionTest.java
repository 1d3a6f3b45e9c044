package io.kubecanvas.emulator.control;

import io.kubecanvas.emulator.state.ClusterState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdmissionTest {

    @Test
    void aDeploymentWhoseSelectorMissesItsTemplateIsRefused() {
        ControlPlane cp = ControlPlane.start(Seeds.design(Seeds.deployment("web", 2, "").replace("      app: web\n  template", "      app: other\n  template")), 1);
        assertEquals(List.of(), Seeds.userPods(cp.state()));
        Rejection r = cp.rejections().get(0);
        assertEquals("Deployment/default/web", r.key().toString());
        assertTrue(r.message().startsWith("Deployment.apps \"web\" is invalid: spec.template.metadata.labels: Invalid value:"), r.message());
        assertTrue(r.message().endsWith("`selector` does not match template `labels`"));
        assertEquals(1, r.position().line());
    }

    @Test
    void fixingARefusedObjectAdmitsIt() {
        String bad = Seeds.deployment("web", 2, "").replace("      app: web\n  template", "      app: other\n  template");
        ControlPlane cp = ControlPlane.start(Seeds.design(bad), 1);
        cp.apply(Seeds.design(Seeds.deployment("web", 2, "")));
        assertEquals(List.of(), cp.rejections());
        assertEquals(2, Seeds.podsOf(cp.state(), "Deployment/web").size());
    }

    @Test
    void removingARefusedObjectFromTheDesignClearsItsRefusal() {
        String bad = Seeds.deployment("web", 2, "").replace("      app: web\n  template", "      app: other\n  template");
        ControlPlane cp = ControlPlane.start(Seeds.design(bad), 1);
        assertEquals(1, cp.rejections().size());
        cp.apply(Seeds.design(""));
        assertEquals(List.of(), cp.rejections());
    }

    @Test
    void kindsTheEmulatorDoesNotRunAreAcceptedQuietly() {
        ControlPlane cp = ControlPlane.start(Seeds.design("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: cfg}
                data: {a: b}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata: {name: r}
                rules: []
                """), 1);
        assertEquals(List.of(), cp.rejections());
    }

    @Test
    void everySeedExampleRunsWithoutRefusals() {
        for (String file : List.of("complete.yaml", "pod.yaml", "service-nodeport.yaml", "ingress.yaml")) {
            ControlPlane cp = ControlPlane.start(Seeds.seed(file), 1);
            assertEquals(List.of(), cp.rejections(), file);
            ClusterState s = cp.state();
            assertTrue(s.pods().stream().allMatch(p -> p.ip() != null && p.ready()), file + ": every Pod runs");
        }
        ClusterState pod = ControlPlane.start(Seeds.seed("pod.yaml"), 1).state();
        assertEquals("worker-1", pod.pod("default", "web-app").node());
    }

    @Test
    void aRefusedUpdateLeavesThePreviousVersionRunning() {
        String svc = """
                apiVersion: v1
                kind: Service
                metadata: {name: a}
                spec:
                  type: NodePort
                  selector: {app: a}
                  ports: [{port: 80, nodePort: 30100}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: b}
                spec:
                  type: NodePort
                  selector: {app: b}
                  ports: [{port: 80, nodePort: 30200}]
                """;
        ControlPlane cp = ControlPlane.start(Seeds.design(svc), 1);
        cp.apply(Seeds.design(svc.replace("30200", "30100")));
        assertEquals(30200, cp.state().service("default", "b").ports().get(0).nodePort());
        assertEquals(1, cp.rejections().size());
        assertTrue(cp.rejections().get(0).message().endsWith("provided port is already allocated"));
        cp.apply(Seeds.design(svc.replace("30200", "30300")));
        assertEquals(30300, cp.state().service("default", "b").ports().get(0).nodePort());
        assertEquals(List.of(), cp.rejections());
    }

    @Test
    void namesAreValidatedAsTheApiServerDoes() {
        ControlPlane cp = ControlPlane.start(Seeds.design("""
                apiVersion: v1
                kind: Service
                metadata: {name: 1web}
                spec: {selector: {app: web}, ports: [{port: 80}]}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: Web_App}
                spec: {containers: [{name: c, image: nginx}]}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: web.v1}
                spec: {containers: [{name: c, image: nginx}]}
                """), 1);
        assertEquals(List.of("Pod/default/Web_App", "Service/default/1web"),
                cp.rejections().stream().map(r -> r.key().toString()).sorted().toList());
        assertTrue(cp.rejections().stream().anyMatch(r -> r.message().startsWith(
                "Service \"1web\" is invalid: metadata.name: Invalid value: \"1web\": a DNS-1035 label")));
        assertTrue(cp.state().pod("default", "web.v1").ready(), "dots are fine in Pod names");
    }

    @Test
    void fieldsOfTheWrongTypeAndMissingNamesAreRefusedSayingWhere() {
        ControlPlane cp = ControlPlane.start(Seeds.design("""
                apiVersion: v1
                kind: Pod
                metadata: {name: bad}
                spec:
                  containers:
                    - name: c
                      image: nginx
                      ports: [{containerPort: eighty}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {labels: {a: b}}
                spec: {ports: [{port: 80}]}
                """), 1);
        List<String> messages = cp.rejections().stream().map(Rejection::message).sorted().toList();
        assertEquals(2, messages.size(), messages.toString());
        assertTrue(messages.get(0).startsWith("Pod \"bad\" is invalid: spec.containers[0].ports[0].containerPort: Invalid value:"),
                messages.get(0));
        assertEquals("Service is invalid: metadata.name: Required value: name or generateName is required", messages.get(1));
        assertTrue(cp.rejections().stream().allMatch(r -> r.position().line() > 0));
    }
}
