package io.kubecanvas.emulator.control;

import io.kubecanvas.emulator.state.ClusterState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScalingTest {

    private static Set<String> names(ClusterState s) {
        return Seeds.podsOf(s, "Deployment/web").stream().map(ClusterState.PodState::name).collect(Collectors.toSet());
    }

    @Test
    void scaleUpKeepsExistingPodsAndSpreads() {
        ControlPlane cp = ControlPlane.start(Seeds.design(Seeds.deployment("web", 2, "")), 1);
        Set<String> before = names(cp.state());
        cp.scale("default", "web", 6);
        Set<String> after = names(cp.state());
        assertEquals(6, after.size());
        assertTrue(after.containsAll(before));
        assertEquals(6, cp.replicas("default", "web"));
        assertEquals(3L, Seeds.podsOf(cp.state(), "Deployment/web").stream().filter(p -> p.node().equals("worker-1")).count());
        assertTrue(cp.events().stream().anyMatch(e -> e.message().matches("Scaled up replica set web-\\w+ to 6 from 2")));
    }

    @Test
    void scaleDownRemovesFromTheBusiestNodeNewestFirst() {
        ControlPlane cp = ControlPlane.start(Seeds.design(Seeds.deployment("web", 4, "")), 1);
        cp.scale("default", "web", 5);
        String newest = names(cp.state()).stream().filter(n -> !names(ControlPlane.start(
                Seeds.design(Seeds.deployment("web", 4, "")), 1).state()).contains(n)).findFirst().orElseThrow();
        cp.scale("default", "web", 4);
        assertTrue(!names(cp.state()).contains(newest), "the newest Pod, on the node with 3, goes first");
        cp.scale("default", "web", 0);
        assertEquals(Set.of(), names(cp.state()));
        cp.scale("default", "web", 1);
        assertEquals(1, names(cp.state()).size());
    }

    @Test
    void replicaSetsOfTheDesignScaleToo() {
        ControlPlane cp = ControlPlane.start(Seeds.design("""
                apiVersion: apps/v1
                kind: ReplicaSet
                metadata: {name: front}
                spec:
                  replicas: 3
                  selector: {matchLabels: {tier: front}}
                  template:
                    metadata: {labels: {tier: front}}
                    spec: {containers: [{name: c, image: nginx}]}
                """), 1);
        List<ClusterState.PodState> pods = Seeds.podsOf(cp.state(), "ReplicaSet/front");
        assertEquals(3, pods.size());
        assertTrue(pods.stream().allMatch(p -> p.name().matches("front-[bcdfghjklmnpqrstvwxz2456789]{5}")));
        cp.scale("default", "front", 1);
        assertEquals(1, Seeds.podsOf(cp.state(), "ReplicaSet/front").size());
        cp.deletePod("default", Seeds.podsOf(cp.state(), "ReplicaSet/front").get(0).name());
        assertEquals(1, Seeds.podsOf(cp.state(), "ReplicaSet/front").size(), "a ReplicaSet replaces its Pods too");
    }

    @Test
    void scalingSomethingUnknownIsRefused() {
        ControlPlane cp = ControlPlane.start(Seeds.design(""), 1);
        assertThrows(IllegalArgumentException.class, () -> cp.scale("default", "ghost", 2));
        assertThrows(IllegalArgumentException.class, () -> cp.scale("kube-system", "coredns", -1));
    }
}
