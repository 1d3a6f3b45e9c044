package io.kubecanvas.emulator.control;

import io.kubecanvas.emulator.state.ClusterState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DaemonSets and StatefulSets. */
class WorkloadKindsTest {

    private static final String STATEFUL = """
            apiVersion: v1
            kind: Service
            metadata: {name: db}
            spec:
              clusterIP: None
              selector: {app: db}
              ports: [{name: pg, port: 5432}]
            ---
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db}
            spec:
              serviceName: db
              replicas: 3
              selector: {matchLabels: {app: db}}
              template:
                metadata: {labels: {app: db}}
                spec:
                  containers: [{name: pg, image: postgres, ports: [{containerPort: 5432}]}]
            """;

    private static List<String> names(ClusterState s, String owner) {
        return Seeds.podsOf(s, owner).stream().map(ClusterState.PodState::name).sorted().toList();
    }

    @Test
    void aDaemonSetRunsOnePodPerAdmittingNode() {
        ControlPlane cp = ControlPlane.start(Seeds.seed("../../corpus/k8s-website/controllers/daemonset.yaml"), 1);
        List<ClusterState.PodState> pods = Seeds.podsOf(cp.state(), "DaemonSet/fluentd-elasticsearch");
        // The corpus file tolerates the old "master" taint only, so the control plane is left out.
        assertEquals(Set.of("worker-1", "worker-2"), pods.stream().map(ClusterState.PodState::node).collect(Collectors.toSet()));
        assertTrue(pods.stream().allMatch(p -> p.namespace().equals("kube-system") && p.ready()));
    }

    @Test
    void daemonSetPodsWaitForTheirStoppedNodeAndFollowNewNodes() {
        String ds = """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: agent}
                spec:
                  selector: {matchLabels: {app: agent}}
                  template:
                    metadata: {labels: {app: agent}}
                    spec:
                      tolerations: [{operator: Exists}]
                      containers: [{name: a, image: agent}]
                """;
        ControlPlane cp = ControlPlane.start(Seeds.design(ds), 1);
        assertEquals(3, Seeds.podsOf(cp.state(), "DaemonSet/agent").size(), "tolerating everything: the control plane too");
        List<String> before = names(cp.state(), "DaemonSet/agent");
        cp.stopNode("worker-1");
        cp.advance(Duration.ofMinutes(2));
        assertEquals(before, names(cp.state(), "DaemonSet/agent"), "not evicted from an unreachable node");
        cp.deletePod("default", before.get(0));
        assertEquals(3, Seeds.podsOf(cp.state(), "DaemonSet/agent").size());
        cp.apply(Seeds.design(""));
        assertEquals(List.of(), names(cp.state(), "DaemonSet/agent"));
    }

    @Test
    void aStatefulSetCreatesOrdinalPodsWithStableDnsNames() {
        ControlPlane cp = ControlPlane.start(Seeds.design(STATEFUL), 1);
        ClusterState s = cp.state();
        assertEquals(List.of("db-0", "db-1", "db-2"), names(s, "StatefulSet/db"));
        for (String pod : List.of("db-0", "db-1", "db-2")) {
            String ip = s.pod("default", pod).ip();
            assertTrue(s.dns().contains(new ClusterState.DnsRecord(pod + ".db.default.svc.cluster.local", "A", ip)), pod);
        }
        List<String> created = cp.events().stream().filter(e -> e.reason().equals("SuccessfulCreate")
                && e.object().equals("statefulset/db")).map(ClusterEvent::message).toList();
        assertEquals(List.of("create Pod db-0 in StatefulSet db successful", "create Pod db-1 in StatefulSet db successful",
                "create Pod db-2 in StatefulSet db successful"), created, "in order, each after the previous is Ready");
    }

    @Test
    void aStatefulSetPodComesBackUnderItsNameAndScalesDownFromTheTop() {
        ControlPlane cp = ControlPlane.start(Seeds.design(STATEFUL), 1);
        ClusterState.PodState before = cp.state().pod("default", "db-1");
        cp.deletePod("default", "db-1");
        ClusterState.PodState after = cp.state().pod("default", "db-1");
        assertNotEquals(before.uid(), after.uid());
        assertNotEquals(before.ip(), after.ip());
        assertTrue(cp.state().dns().contains(new ClusterState.DnsRecord("db-1.db.default.svc.cluster.local", "A", after.ip())));
        cp.scale("default", "db", 1);
        assertEquals(List.of("db-0"), names(cp.state(), "StatefulSet/db"));
        cp.scale("default", "db", 2);
        assertEquals(List.of("db-0", "db-1"), names(cp.state(), "StatefulSet/db"));
    }
}
