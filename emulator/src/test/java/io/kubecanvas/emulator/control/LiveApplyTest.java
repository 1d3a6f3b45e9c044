package io.kubecanvas.emulator.control;

import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.Cluster;
import io.kubecanvas.model.Design;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveApplyTest {

    private static final String SVC = """
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              type: NodePort
              selector: {app: web}
              ports: [{port: 80, targetPort: http}]
            """;

    /** name -> ip of the Pods of an owner. */
    private static Map<String, String> addresses(ClusterState s, String owner) {
        return Seeds.podsOf(s, owner).stream().collect(Collectors.toMap(ClusterState.PodState::name, ClusterState.PodState::ip));
    }

    @Test
    void addingObjectsLeavesUnaffectedPodsAlone() {
        ControlPlane cp = ControlPlane.start(Seeds.design(Seeds.deployment("web", 3, "") + SVC), 1);
        Map<String, String> web = addresses(cp.state(), "Deployment/web");
        ClusterState.ServiceState svc = cp.state().service("default", "web");
        cp.apply(Seeds.design(Seeds.deployment("web", 3, "") + SVC + "---\n" + Seeds.deployment("api", 2, "")));
        assertEquals(web, addresses(cp.state(), "Deployment/web"));
        assertEquals(svc.clusterIp(), cp.state().service("default", "web").clusterIp());
        assertEquals(svc.ports(), cp.state().service("default", "web").ports(), "the NodePort is kept");
        assertEquals(2, Seeds.podsOf(cp.state(), "Deployment/api").size());
    }

    @Test
    void applyingTheSameDesignChangesNothing() {
        Design d = Seeds.design(Seeds.deployment("web", 3, "") + SVC);
        ControlPlane cp = ControlPlane.start(d, 1);
        ClusterState before = cp.state();
        cp.apply(Seeds.design(Seeds.deployment("web", 3, "") + SVC));
        assertSame(before, cp.state());
    }

    @Test
    void changingReplicasInTheDesignScalesTheSameReplicaSet() {
        ControlPlane cp = ControlPlane.start(Seeds.design(Seeds.deployment("web", 3, "")), 1);
        Map<String, String> web = addresses(cp.state(), "Deployment/web");
        cp.apply(Seeds.design(Seeds.deployment("web", 5, "")));
        Map<String, String> after = addresses(cp.state(), "Deployment/web");
        assertEquals(5, after.size());
        assertTrue(after.entrySet().containsAll(web.entrySet()));
    }

    @Test
    void changingTheTemplateReplacesThePodsThroughANewReplicaSet() {
        ControlPlane cp = ControlPlane.start(Seeds.design(Seeds.deployment("web", 2, "")), 1);
        Set<String> before = addresses(cp.state(), "Deployment/web").keySet();
        cp.apply(Seeds.design(Seeds.deployment("web", 2, "").replace("image: nginx", "image: nginx:1.27")));
        Set<String> after = addresses(cp.state(), "Deployment/web").keySet();
        assertEquals(2, after.size());
        assertTrue(after.stream().noneMatch(before::contains));
        String oldHash = before.iterator().next().split("-")[1];
        String newHash = after.iterator().next().split("-")[1];
        assertNotEquals(oldHash, newHash);
        assertTrue(cp.state().pods().stream().allMatch(p -> !p.owner().equals("Deployment/web") || p.images().equals(List.of("nginx:1.27"))));
    }

    @Test
    void relabellingABarePodKeepsItsAddress() {
        String pod = """
                apiVersion: v1
                kind: Pod
                metadata: {name: solo, labels: {role: a}}
                spec: {containers: [{name: c, image: busybox}]}
                """;
        ControlPlane cp = ControlPlane.start(Seeds.design(pod), 1);
        ClusterState.PodState before = cp.state().pod("default", "solo");
        cp.apply(Seeds.design(pod.replace("role: a", "role: b")));
        ClusterState.PodState after = cp.state().pod("default", "solo");
        assertEquals(Map.of("role", "b"), after.labels());
        assertEquals(before.ip(), after.ip());
        assertEquals(before.uid(), after.uid());
        cp.apply(Seeds.design(pod.replace("image: busybox", "image: alpine")));
        assertNotEquals(before.uid(), cp.state().pod("default", "solo").uid(), "a spec change recreates the Pod");
    }

    @Test
    void removingObjectsDeletesThemAndTheirDependents() {
        ControlPlane cp = ControlPlane.start(Seeds.design(Seeds.deployment("web", 3, "") + SVC), 1);
        cp.apply(Seeds.design(""));
        assertEquals(List.of(), Seeds.userPods(cp.state()));
        assertNull(cp.state().service("default", "web"));
        assertTrue(cp.state().dns().stream().noneMatch(r -> r.name().startsWith("web.")));
    }

    @Test
    void nodesCanBeAddedAndRemovedLive() {
        ControlPlane cp = ControlPlane.start(Seeds.design(Seeds.deployment("web", 4, "")), 1);
        Map<String, String> onW1 = Seeds.podsOf(cp.state(), "Deployment/web").stream().filter(p -> p.node().equals("worker-1"))
                .collect(Collectors.toMap(ClusterState.PodState::name, ClusterState.PodState::ip));
        List<Cluster.NodeSpec> nodes = new ArrayList<>(Cluster.defaults().nodes());
        nodes.removeIf(n -> n.name().equals("worker-2"));
        nodes.add(Cluster.NodeSpec.worker("worker-3"));
        cp.apply(Seeds.design(Cluster.defaults().withNodes(nodes), Seeds.deployment("web", 4, "")));
        ClusterState s = cp.state();
        assertNull(s.node("worker-2"));
        assertEquals("10.244.3.0/24", s.node("worker-3").podCidr(), "a new node takes the next free CIDR");
        assertEquals("172.30.0.5", s.node("worker-3").underlayIp());
        assertEquals(Map.of("worker-1", 2L, "worker-3", 2L), Seeds.podsOf(s, "Deployment/web").stream()
                .collect(Collectors.groupingBy(ClusterState.PodState::node, Collectors.counting())));
        assertTrue(Seeds.podsOf(s, "Deployment/web").stream().collect(Collectors.toMap(ClusterState.PodState::name,
                ClusterState.PodState::ip)).entrySet().containsAll(onW1.entrySet()), "worker-1's Pods are untouched");
    }

    @Test
    void changedNetworkSettingsRebuildTheCluster() {
        ControlPlane cp = ControlPlane.start(Seeds.design(Seeds.deployment("web", 2, "")), 1);
        Cluster c = Cluster.defaults().withNetwork(new Cluster.NetworkSettings("host-gw", "10.50.0.0/16", 24, "10.96.0.0/12",
                "cluster.local", "172.30.0.200/29", "172.30.0.0/24"));
        cp.apply(Seeds.design(c, Seeds.deployment("web", 2, "")));
        assertEquals("host-gw", cp.state().network().cni());
        assertTrue(Seeds.podsOf(cp.state(), "Deployment/web").stream().allMatch(p -> p.ip().startsWith("10.50.")));
        assertTrue(cp.events().stream().anyMatch(e -> e.reason().equals("ClusterRebuilt")));
    }

    @Test
    void listenersSeeEveryChangeAndWatchersEveryWrite() {
        ControlPlane cp = ControlPlane.start(Seeds.design(Seeds.deployment("web", 1, "")), 1);
        List<ClusterState> seen = new ArrayList<>();
        List<ObjectStore.WatchEvent> writes = new ArrayList<>();
        Runnable stop = cp.addListener(seen::add);
        cp.watch(writes::add);
        cp.scale("default", "web", 2);
        assertEquals(1, seen.size());
        assertEquals(2, Seeds.podsOf(seen.get(0), "Deployment/web").size());
        assertTrue(writes.stream().anyMatch(w -> w.type() == ObjectStore.EventType.ADDED && w.key().kind().equals("Pod")));
        assertTrue(writes.stream().anyMatch(w -> w.type() == ObjectStore.EventType.MODIFIED && w.key().kind().equals("EndpointSlice"))
                || writes.stream().noneMatch(w -> w.key().kind().equals("EndpointSlice")));
        for (int i = 1; i < writes.size(); i++) {
            assertTrue(writes.get(i).resourceVersion() > writes.get(i - 1).resourceVersion());
        }
        assertEquals(cp.resourceVersion(), seen.get(0).resourceVersion());
        stop.run();
        cp.scale("default", "web", 3);
        assertEquals(1, seen.size());
    }

    @Test
    void policiesIngressesAndTlsSecretsAreInTheState() {
        Design design = Seeds.design("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny, namespace: shop}
                spec:
                  podSelector: {}
                  policyTypes: [Ingress]
                  ingress:
                    - ports: [{port: 80, protocol: TCP}, {port: http}]
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: cert}
                type: kubernetes.io/tls
                data:
                  tls.crt: Q0VSVA==
                  tls.key: S0VZ
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: plain}
                stringData: {password: x}
                """).add(Seeds.seed("ingress.yaml").objects().get(0));
        ClusterState s = ControlPlane.start(design, 1).state();
        assertEquals(1, s.policies().size());
        assertEquals("shop", s.policies().get(0).getMetadata().getNamespace());
        assertEquals(80, s.policies().get(0).getSpec().getIngress().get(0).getPorts().get(0).getPort().getIntVal());
        assertEquals("http", s.policies().get(0).getSpec().getIngress().get(0).getPorts().get(1).getPort().getStrVal());
        assertEquals("myapp.example.com", s.ingresses().get(0).getSpec().getRules().get(0).getHost());
        assertEquals("default", s.ingresses().get(0).getMetadata().getNamespace());
        assertEquals(Map.of("default/cert", new ClusterState.TlsSecret("CERT", "KEY")), s.tlsSecrets());
        assertTrue(s.namespaces().stream().anyMatch(n -> n.name().equals("shop")), "namespaces in use exist");
    }

    @Test
    void aScaledDeploymentKeepsItsScaleUntilTheDesignChangesIt() {
        ControlPlane cp = ControlPlane.start(Seeds.design(Seeds.deployment("web", 2, "")), 1);
        cp.scale("default", "web", 4);
        cp.apply(Seeds.design(Seeds.deployment("web", 2, "") + "---\n" + Seeds.deployment("api", 1, "")));
        assertEquals(4, Seeds.podsOf(cp.state(), "Deployment/web").size(), "an unchanged Deployment is not re-applied");
        cp.apply(Seeds.design(Seeds.deployment("web", 3, "")));
        assertEquals(3, Seeds.podsOf(cp.state(), "Deployment/web").size(), "a changed one takes the design's replicas");
    }

    @Test
    void changingAServiceTypeKeepsItsClusterIp() {
        ControlPlane cp = ControlPlane.start(Seeds.design(SVC), 1);
        ClusterState.ServiceState before = cp.state().service("default", "web");
        assertTrue(before.ports().get(0).nodePort() >= 30000);
        cp.apply(Seeds.design(SVC.replace("type: NodePort", "type: ClusterIP")));
        ClusterState.ServiceState after = cp.state().service("default", "web");
        assertEquals(before.clusterIp(), after.clusterIp());
        assertEquals(0, after.ports().get(0).nodePort());
        cp.apply(Seeds.design(SVC.replace("type: NodePort", "type: LoadBalancer")));
        assertEquals("172.30.0.200", cp.state().service("default", "web").loadBalancerIp());
        assertEquals(before.clusterIp(), cp.state().service("default", "web").clusterIp());
    }

    @Test
    void listenersMayCallBackFromAnotherThread() throws Exception {
        ControlPlane cp = ControlPlane.start(Seeds.design(Seeds.deployment("web", 1, "")), 1);
        java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
        cp.addListener(s -> {
            // A UI hands the state to its own thread, which reads more and waits: no deadlock.
            Thread t = new Thread(() -> seen.set(cp.state().pods().size()));
            t.start();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        cp.scale("default", "web", 2);
        assertEquals(3, seen.get(), "2 web Pods + CoreDNS");
    }
}
