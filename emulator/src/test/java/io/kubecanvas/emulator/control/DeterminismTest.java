package io.kubecanvas.emulator.control;

import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.Design;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class DeterminismTest {

    private static Design design() {
        return Seeds.design(Seeds.deployment("web", 5, "") + "---\n" + Seeds.deployment("api", 3, "") + """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec:
                  type: LoadBalancer
                  selector: {app: web}
                  ports: [{name: http, port: 80, targetPort: http}]
                """);
    }

    private static ClusterState run(long seed) {
        ControlPlane cp = ControlPlane.start(design(), seed);
        cp.deletePod("default", Seeds.podsOf(cp.state(), "Deployment/web").get(0).name());
        cp.stopNode("worker-2");
        cp.advance(Duration.ofMinutes(1));
        cp.scale("default", "api", 4);
        return cp.state();
    }

    @Test
    void theSameSeedGivesTheSameCluster() {
        ClusterState a = run(42);
        ClusterState b = run(42);
        assertEquals(a, b);
        assertEquals(a.toString(), b.toString());
    }

    @Test
    void anotherSeedGivesOtherNamesAndAddresses() {
        ClusterState a = ControlPlane.start(design(), 1).state();
        ClusterState b = ControlPlane.start(design(), 2).state();
        assertNotEquals(Seeds.podsOf(a, "Deployment/web").get(0).name(), Seeds.podsOf(b, "Deployment/web").get(0).name());
        assertNotEquals(a.service("default", "web").clusterIp(), b.service("default", "web").clusterIp());
        assertEquals("10.96.0.10", b.service("kube-system", "kube-dns").clusterIp());
    }

    @Test
    void templateHashDependsOnlyOnTheTemplate() {
        String a = Seeds.podsOf(ControlPlane.start(design(), 1).state(), "Deployment/web").get(0).labels().get("pod-template-hash");
        String b = Seeds.podsOf(ControlPlane.start(design(), 9).state(), "Deployment/web").get(0).labels().get("pod-template-hash");
        assertEquals(a, b);
    }

    @Test
    void addingAServiceDoesNotChangeTheNextPodsName() {
        String web = Seeds.deployment("web", 2, "");
        ControlPlane plain = ControlPlane.start(Seeds.design(web), 5);
        ControlPlane withService = ControlPlane.start(Seeds.design(web), 5);
        withService.apply(Seeds.design(web + """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: extra}
                spec:
                  type: NodePort
                  selector: {app: web}
                  ports: [{port: 80}]
                """));
        plain.scale("default", "web", 3);
        withService.scale("default", "web", 3);
        assertEquals(Seeds.podsOf(plain.state(), "Deployment/web").stream().map(ClusterState.PodState::name).toList(),
                Seeds.podsOf(withService.state(), "Deployment/web").stream().map(ClusterState.PodState::name).toList());
    }
}
