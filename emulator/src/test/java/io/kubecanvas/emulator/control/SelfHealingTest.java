package io.kubecanvas.emulator.control;

import io.kubecanvas.emulator.state.ClusterState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelfHealingTest {

    private static final String BARE = """
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: bare, labels: {app: bare}}
            spec:
              nodeName: worker-1
              containers: [{name: c, image: busybox}]
            """;

    private static Set<String> names(List<ClusterState.PodState> pods) {
        return pods.stream().map(ClusterState.PodState::name).collect(Collectors.toSet());
    }

    @Test
    void aDeletedDeploymentPodIsReplaced() {
        ControlPlane cp = ControlPlane.start(Seeds.seed("complete.yaml"), 1);
        List<ClusterState.PodState> before = Seeds.podsOf(cp.state(), "Deployment/web-deployment");
        String victim = before.get(0).name();
        assertTrue(cp.deletePod("default", victim));
        List<ClusterState.PodState> after = Seeds.podsOf(cp.state(), "Deployment/web-deployment");
        assertEquals(2, after.size());
        assertFalse(names(after).contains(victim));
        assertTrue(names(after).contains(before.get(1).name()), "the other Pod is untouched");
        ClusterState.PodState fresh = after.stream().filter(p -> !p.name().equals(before.get(1).name())).findFirst().orElseThrow();
        assertEquals("Running", fresh.phase());
        assertTrue(fresh.ready());
        assertTrue(fresh.name().startsWith(victim.substring(0, victim.lastIndexOf('-') + 1)), "same ReplicaSet");
        List<String> reasons = cp.events().stream().filter(e -> e.at() == 0).map(ClusterEvent::reason).toList();
        assertTrue(reasons.containsAll(List.of("Killing", "SuccessfulCreate", "Scheduled", "Started")), reasons.toString());
        assertFalse(cp.deletePod("default", victim), "already gone");
    }

    @Test
    void aDeletedBarePodIsNotRecreated() {
        ControlPlane cp = ControlPlane.start(Seeds.design(BARE), 1);
        assertTrue(cp.deletePod("default", "bare"));
        assertNull(cp.state().pod("default", "bare"));
        cp.advance(Duration.ofMinutes(5));
        assertNull(cp.state().pod("default", "bare"));
    }

    @Test
    void aStoppedNodesPodsMoveAfterTheGracePeriod() {
        ControlPlane cp = ControlPlane.start(Seeds.design(Seeds.deployment("web", 4, "") + BARE), 1);
        Set<String> onW1 = Seeds.podsOf(cp.state(), "Deployment/web").stream().filter(p -> p.node().equals("worker-1"))
                .map(ClusterState.PodState::name).collect(Collectors.toSet());
        assertEquals(2, onW1.size());
        cp.stopNode("worker-1");
        ClusterState stopped = cp.state();
        assertFalse(stopped.node("worker-1").ready());
        assertTrue(names(Seeds.podsOf(stopped, "Deployment/web")).containsAll(onW1),
                "the control plane does not know yet: the Pods stay until the grace period ends");

        cp.advance(Duration.ofSeconds(39));
        assertTrue(names(Seeds.podsOf(cp.state(), "Deployment/web")).containsAll(onW1));
        cp.advance(Duration.ofSeconds(1));
        List<ClusterState.PodState> web = Seeds.podsOf(cp.state(), "Deployment/web");
        assertEquals(4, web.size());
        assertTrue(web.stream().allMatch(p -> p.node().equals("worker-2")), web.toString());
        assertTrue(web.stream().noneMatch(p -> onW1.contains(p.name())));
        assertNull(cp.state().pod("default", "bare"), "a bare Pod on a dead node is gone for good");
        ClusterEvent eviction = cp.events().stream().filter(e -> e.reason().equals("TaintManagerEviction")).findFirst().orElseThrow();
        assertEquals(40_000, eviction.at(), "eviction happens when the grace period ends, not at the end of advance()");
        assertEquals(Duration.ofSeconds(40), cp.now());
    }

    @Test
    void aNodeThatComesBackInTimeKeepsItsPods() {
        ControlPlane cp = ControlPlane.start(Seeds.design(Seeds.deployment("web", 2, "")), 1);
        Set<String> before = names(Seeds.podsOf(cp.state(), "Deployment/web"));
        cp.stopNode("worker-2");
        cp.advance(Duration.ofSeconds(20));
        cp.startNode("worker-2");
        cp.advance(Duration.ofMinutes(2));
        assertEquals(before, names(Seeds.podsOf(cp.state(), "Deployment/web")));
        assertTrue(cp.state().node("worker-2").ready());
    }

    @Test
    void theGracePeriodIsConfigurable() {
        ControlPlane cp = ControlPlane.start(Seeds.design(Seeds.deployment("web", 2, "")), 1, Duration.ofSeconds(5));
        cp.stopNode("worker-1");
        cp.advance(Duration.ofSeconds(5));
        assertTrue(Seeds.podsOf(cp.state(), "Deployment/web").stream().allMatch(p -> p.node().equals("worker-2")));
    }

    @Test
    void podsWithNowhereToGoWaitPendingUntilANodeReturns() {
        ControlPlane cp = ControlPlane.start(Seeds.design(Seeds.deployment("web", 2, "")), 1);
        cp.stopNode("worker-1");
        cp.stopNode("worker-2");
        cp.advance(Duration.ofMinutes(1));
        List<ClusterState.PodState> web = Seeds.podsOf(cp.state(), "Deployment/web");
        assertEquals(2, web.size());
        assertTrue(web.stream().allMatch(p -> p.node() == null && "Pending".equals(p.phase())));
        assertTrue(cp.pendingReason("default", web.get(0).name()).contains("2 node(s) had untolerated taint {node.kubernetes.io/unreachable: }"),
                cp.pendingReason("default", web.get(0).name()));
        cp.startNode("worker-1");
        assertTrue(Seeds.podsOf(cp.state(), "Deployment/web").stream().allMatch(p -> "worker-1".equals(p.node()) && p.ready()));
    }

    @Test
    void unknownNodesAndNegativeTimeAreRefused() {
        ControlPlane cp = ControlPlane.start(Seeds.design(""), 1);
        assertThrows(IllegalArgumentException.class, () -> cp.stopNode("nope"));
        assertThrows(IllegalArgumentException.class, () -> cp.advance(Duration.ofSeconds(-1)));
    }

    @Test
    void replacementPodsGetNewAddresses() {
        ControlPlane cp = ControlPlane.start(Seeds.design(Seeds.deployment("web", 1, "")), 1);
        ClusterState.PodState first = Seeds.podsOf(cp.state(), "Deployment/web").get(0);
        cp.deletePod("default", first.name());
        ClusterState.PodState second = Seeds.podsOf(cp.state(), "Deployment/web").get(0);
        assertNotEquals(first.ip(), second.ip());
        assertNotEquals(first.uid(), second.uid());
    }
}
