package io.kubecanvas.emulator.control;

import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.Cluster;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchedulerTest {

    private static String pod(String name, String spec) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                spec:
                %s  containers:
                    - name: c
                      image: busybox
                ---
                """.formatted(name, spec.isEmpty() ? "" : spec.indent(2));
    }

    @Test
    void seedCompleteSpreadsTwoReplicasOverBothWorkers() {
        ClusterState s = ControlPlane.start(Seeds.seed("complete.yaml"), 7).state();
        List<ClusterState.PodState> web = Seeds.podsOf(s, "Deployment/web-deployment");
        assertEquals(2, web.size());
        assertEquals(Set.of("worker-1", "worker-2"), web.stream().map(ClusterState.PodState::node).collect(Collectors.toSet()));
        assertTrue(web.stream().allMatch(p -> p.name().matches("web-deployment-[bcdfghjklmnpqrstvwxz2456789]{6,10}-[bcdfghjklmnpqrstvwxz2456789]{5}")),
                web.toString());
    }

    @Test
    void controlPlaneTaintKeepsWorkloadsOffUnlessTolerated() {
        ClusterState s = ControlPlane.start(Seeds.design(Seeds.deployment("web", 6, "")
                + "---\n" + pod("tolerant", """
                nodeSelector:
                  node-role.kubernetes.io/control-plane: ""
                tolerations:
                  - key: node-role.kubernetes.io/control-plane
                    operator: Exists
                    effect: NoSchedule
                """)), 1).state();
        assertTrue(Seeds.podsOf(s, "Deployment/web").stream().noneMatch(p -> p.node().equals("control-plane")));
        assertEquals("control-plane", s.pod("default", "tolerant").node());
    }

    @Test
    void untoleratedTaintLeavesPodPendingWithTheSchedulersReason() {
        ControlPlane cp = ControlPlane.start(Seeds.design(pod("cp-only", """
                nodeSelector:
                  node-role.kubernetes.io/control-plane: ""
                """)), 1);
        ClusterState.PodState p = cp.state().pod("default", "cp-only");
        assertNull(p.node());
        assertNull(p.ip());
        assertEquals("Pending", p.phase());
        assertEquals("0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: },"
                + " 2 node(s) didn't match Pod's node affinity/selector.", cp.pendingReason("default", "cp-only"));
        assertTrue(cp.events().stream().anyMatch(e -> e.reason().equals("FailedScheduling") && e.object().equals("pod/cp-only")));
    }

    @Test
    void nodeNameBypassesSchedulerAndTaints() {
        ClusterState s = ControlPlane.start(Seeds.design(pod("pinned", "nodeName: control-plane\n")), 1).state();
        ClusterState.PodState p = s.pod("default", "pinned");
        assertEquals("control-plane", p.node());
        assertTrue(p.ip().startsWith("10.244.0."), p.ip());
    }

    @Test
    void pinnedToMissingNodeStaysPending() {
        ControlPlane cp = ControlPlane.start(Seeds.design(pod("lost", "nodeName: nowhere\n")), 1);
        assertNull(cp.state().pod("default", "lost").ip());
        assertNull(cp.state().pod("default", "lost").node(), "the state names only nodes that exist");
        assertEquals("node \"nowhere\" not found", cp.pendingReason("default", "lost"));
    }

    @Test
    void nodeSelectorAndRequiredAffinityPickMatchingNodes() {
        Cluster c = Seeds.cluster(Cluster.NodeSpec.controlPlane("cp"),
                Seeds.worker("w-ssd", Map.of("disk", "ssd"), List.of(), Map.of()),
                Seeds.worker("w-hdd", Map.of("disk", "hdd", "zone", "b"), List.of(), Map.of()));
        ClusterState s = ControlPlane.start(Seeds.design(c, pod("sel", "nodeSelector:\n  disk: ssd\n") + pod("aff", """
                affinity:
                  nodeAffinity:
                    requiredDuringSchedulingIgnoredDuringExecution:
                      nodeSelectorTerms:
                        - matchExpressions:
                            - key: disk
                              operator: NotIn
                              values: [ssd]
                            - key: zone
                              operator: Exists
                """)), 1).state();
        assertEquals("w-ssd", s.pod("default", "sel").node());
        assertEquals("w-hdd", s.pod("default", "aff").node());
    }

    @Test
    void taintsNeedMatchingTolerations() {
        Cluster c = Seeds.cluster(Seeds.worker("gpu", Map.of(), List.of(new Cluster.Taint("gpu", "true", "NoSchedule")), Map.of()),
                Seeds.worker("plain", Map.of(), List.of(new Cluster.Taint("dedicated", "db", "NoExecute")), Map.of()));
        ClusterState s = ControlPlane.start(Seeds.design(c, pod("a", """
                tolerations:
                  - key: gpu
                    value: "true"
                    effect: NoSchedule
                """) + pod("b", """
                tolerations:
                  - key: gpu
                    value: "false"
                """) + pod("c", """
                tolerations:
                  - operator: Exists
                nodeSelector:
                  kubernetes.io/hostname: plain
                """)), 1).state();
        assertEquals("gpu", s.pod("default", "a").node());
        assertNull(s.pod("default", "b").node(), "a toleration with another value does not match");
        assertEquals("plain", s.pod("default", "c").node(), "operator Exists without key tolerates everything");
    }

    @Test
    void requestsMustFitCapacity() {
        Cluster c = Seeds.cluster(Seeds.worker("small", Map.of(), List.of(), Map.of("cpu", "1", "memory", "1Gi", "pods", "3")),
                Seeds.worker("big", Map.of(), List.of(), Map.of("cpu", "4", "memory", "8Gi", "pods", "110")));
        String requests = """
                  containers:
                    - name: c
                      image: busybox
                      resources:
                        requests:
                          cpu: 600m
                          memory: 512Mi
                """;
        String yaml = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: hungry
                spec:
                  replicas: 8
                  selector:
                    matchLabels: {app: hungry}
                  template:
                    metadata:
                      labels: {app: hungry}
                    spec:
                """ + requests.indent(4);
        ControlPlane cp = ControlPlane.start(Seeds.design(c, yaml), 1);
        Map<String, Long> perNode = Seeds.podsOf(cp.state(), "Deployment/hungry").stream().filter(p -> p.node() != null)
                .collect(Collectors.groupingBy(ClusterState.PodState::node, Collectors.counting()));
        // small: 1 (1000m / 600m); big: 6 (4000m / 600m = 6.67, 8Gi / 512Mi = 16) -> one of 8 stays pending.
        assertEquals(Map.of("small", 1L, "big", 6L), perNode);
        ClusterState.PodState pending = Seeds.podsOf(cp.state(), "Deployment/hungry").stream().filter(p -> p.node() == null)
                .findFirst().orElseThrow();
        assertEquals("0/2 nodes are available: 2 Insufficient cpu.", cp.pendingReason("default", pending.name()));
    }

    @Test
    void podCountCapacityIsEnforced() {
        Cluster c = Seeds.cluster(Seeds.worker("tiny", Map.of(), List.of(), Map.of("pods", "2")));
        ControlPlane cp = ControlPlane.start(Seeds.design(c, Seeds.deployment("web", 3, "")), 1);
        assertEquals(2, Seeds.podsOf(cp.state(), "Deployment/web").stream().filter(p -> p.node() != null).count());
        String pending = Seeds.podsOf(cp.state(), "Deployment/web").stream().filter(p -> p.node() == null).findFirst()
                .orElseThrow().name();
        assertEquals("0/1 nodes are available: 1 Too many pods.", cp.pendingReason("default", pending));
    }

    @Test
    void replicasSpreadEvenlyAndTiesGoByName() {
        Cluster c = Seeds.cluster(Seeds.worker("b", Map.of(), List.of(), Map.of()), Seeds.worker("a", Map.of(), List.of(), Map.of()),
                Seeds.worker("c", Map.of(), List.of(), Map.of()));
        ClusterState s = ControlPlane.start(Seeds.design(c, Seeds.deployment("web", 7, "")), 3).state();
        Map<String, Long> perNode = Seeds.podsOf(s, "Deployment/web").stream()
                .collect(Collectors.groupingBy(ClusterState.PodState::node, Collectors.counting()));
        assertEquals(Map.of("a", 3L, "b", 2L, "c", 2L), perNode);
    }

    @Test
    void notReadyNodesGetNoNewPods() {
        ControlPlane cp = ControlPlane.start(Seeds.design(""), 1);
        cp.stopNode("worker-1");
        cp.apply(Seeds.design(Seeds.deployment("web", 3, "")));
        assertTrue(Seeds.podsOf(cp.state(), "Deployment/web").stream().allMatch(p -> "worker-2".equals(p.node())));
    }

    @Test
    void preferNoScheduleIsAvoidedWhenPossible() {
        Cluster c = Seeds.cluster(Seeds.worker("a", Map.of(), List.of(new Cluster.Taint("spot", "", "PreferNoSchedule")), Map.of()),
                Seeds.worker("b", Map.of(), List.of(), Map.of("pods", "1")));
        ClusterState s = ControlPlane.start(Seeds.design(c, Seeds.deployment("web", 2, "")), 1).state();
        assertNotNull(s);
        Map<String, Long> perNode = Seeds.podsOf(s, "Deployment/web").stream()
                .collect(Collectors.groupingBy(ClusterState.PodState::node, Collectors.counting()));
        assertEquals(Map.of("a", 1L, "b", 1L), perNode, "b first (no taint), then a since b is full");
    }

    @Test
    void aNoExecuteTaintAddedLiveEvictsUntoleratedPods() {
        ControlPlane cp = ControlPlane.start(Seeds.design(Seeds.deployment("web", 4, "") + "---\n" + pod("tolerant", """
                nodeName: worker-1
                tolerations:
                  - key: maintenance
                    operator: Exists
                """)), 1);
        List<Cluster.NodeSpec> nodes = Cluster.defaults().nodes().stream().map(n -> !n.name().equals("worker-1") ? n
                : new Cluster.NodeSpec(n.name(), n.role(), n.labels(), List.of(new Cluster.Taint("maintenance", "", "NoExecute")),
                n.capacity())).toList();
        cp.apply(Seeds.design(Cluster.defaults().withNodes(nodes), Seeds.deployment("web", 4, "") + "---\n" + pod("tolerant", """
                nodeName: worker-1
                tolerations:
                  - key: maintenance
                    operator: Exists
                """)));
        assertTrue(Seeds.podsOf(cp.state(), "Deployment/web").stream().allMatch(p -> p.node().equals("worker-2")));
        assertEquals(4, Seeds.podsOf(cp.state(), "Deployment/web").size());
        assertEquals("worker-1", cp.state().pod("default", "tolerant").node());
    }

    @Test
    void hostPortsAreOnePerNode() {
        String d = Seeds.deployment("edge", 3, "").replace("- containerPort: 80\n", "- containerPort: 80\n              hostPort: 8080\n");
        ControlPlane cp = ControlPlane.start(Seeds.design(d), 1);
        List<ClusterState.PodState> pods = Seeds.podsOf(cp.state(), "Deployment/edge");
        assertEquals(Set.of("worker-1", "worker-2"), pods.stream().map(ClusterState.PodState::node).filter(java.util.Objects::nonNull)
                .collect(Collectors.toSet()));
        String pending = pods.stream().filter(p -> p.node() == null).findFirst().orElseThrow().name();
        assertEquals("0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: },"
                + " 2 node(s) didn't have free ports for the requested pod ports.", cp.pendingReason("default", pending));
    }
}
