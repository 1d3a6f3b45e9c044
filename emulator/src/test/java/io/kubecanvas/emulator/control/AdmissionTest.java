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
}
