package io.kubecanvas.emulator.control;

import io.kubecanvas.emulator.state.ClusterState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RolloutTest {

    private static String hash(ControlPlane cp) {
        return cp.state().pods().stream().filter(p -> "Deployment/web".equals(p.owner())).map(p -> p.labels().get("pod-template-hash"))
                .findFirst().orElseThrow();
    }

    @Test
    void aRollingUpdateStepsWithinSurgeAndUnavailability() {
        ControlPlane cp = ControlPlane.start(Seeds.design(Seeds.deployment("web", 4, "")), 1);
        String oldHash = hash(cp);
        int mark = cp.events().size();
        cp.apply(Seeds.design(Seeds.deployment("web", 4, "").replace("image: nginx", "image: nginx:2")));
        String newHash = hash(cp);
        List<String> steps = cp.events().subList(mark, cp.events().size()).stream()
                .filter(e -> e.reason().equals("ScalingReplicaSet")).map(ClusterEvent::message)
                .map(m -> m.replace("web-" + oldHash, "old").replace("web-" + newHash, "new")).toList();
        // 25% of 4: surge 1, unavailable 1: one at a time, as kubectl describe deployment shows it.
        assertEquals(List.of("Scaled up replica set new to 1", "Scaled down replica set old to 3 from 4",
                "Scaled up replica set new to 2 from 1", "Scaled down replica set old to 2 from 3",
                "Scaled up replica set new to 3 from 2", "Scaled down replica set old to 1 from 2",
                "Scaled up replica set new to 4 from 3", "Scaled down replica set old to 0 from 1"), steps);
        assertTrue(Seeds.podsOf(cp.state(), "Deployment/web").stream().allMatch(p -> p.images().equals(List.of("nginx:2")) && p.ready()));
        assertEquals(4, Seeds.podsOf(cp.state(), "Deployment/web").size());
    }

    @Test
    void aRolloutThatCannotScheduleKeepsOldPodsServing() {
        ControlPlane cp = ControlPlane.start(Seeds.design(Seeds.deployment("web", 4, "")), 1);
        cp.apply(Seeds.design(Seeds.deployment("web", 4, "nodeSelector:\n  disk: none\n")));
        List<ClusterState.PodState> pods = Seeds.podsOf(cp.state(), "Deployment/web");
        assertEquals(3, pods.stream().filter(ClusterState.PodState::ready).count(), "replicas - maxUnavailable stay ready");
        assertEquals(2, pods.stream().filter(p -> p.node() == null).count(), "the new version is pending");
    }

    @Test
    void recreateRemovesOldPodsFirst() {
        String recreate = Seeds.deployment("web", 3, "").replace("  replicas: 3\n", "  replicas: 3\n  strategy:\n    type: Recreate\n");
        ControlPlane cp = ControlPlane.start(Seeds.design(recreate), 1);
        String oldHash = hash(cp);
        int mark = cp.events().size();
        cp.apply(Seeds.design(recreate.replace("image: nginx", "image: nginx:2")));
        String newHash = hash(cp);
        List<String> steps = cp.events().subList(mark, cp.events().size()).stream()
                .filter(e -> e.reason().equals("ScalingReplicaSet")).map(ClusterEvent::message)
                .map(m -> m.replace("web-" + oldHash, "old").replace("web-" + newHash, "new")).toList();
        assertEquals(List.of("Scaled down replica set old to 0 from 3", "Scaled up replica set new to 3"), steps);
    }

    @Test
    void explicitSurgeAndUnavailabilityAreHonoured() {
        String d = Seeds.deployment("web", 4, "").replace("  replicas: 4\n",
                "  replicas: 4\n  strategy:\n    rollingUpdate: {maxSurge: 0, maxUnavailable: 2}\n");
        ControlPlane cp = ControlPlane.start(Seeds.design(d), 1);
        String oldHash = hash(cp);
        int mark = cp.events().size();
        cp.apply(Seeds.design(d.replace("image: nginx", "image: nginx:2")));
        String newHash = hash(cp);
        List<String> steps = cp.events().subList(mark, cp.events().size()).stream()
                .filter(e -> e.reason().equals("ScalingReplicaSet")).map(ClusterEvent::message)
                .map(m -> m.replace("web-" + oldHash, "old").replace("web-" + newHash, "new")).toList();
        assertEquals(List.of("Scaled down replica set old to 2 from 4", "Scaled up replica set new to 2",
                "Scaled down replica set old to 0 from 2", "Scaled up replica set new to 4 from 2"), steps);
    }
}
