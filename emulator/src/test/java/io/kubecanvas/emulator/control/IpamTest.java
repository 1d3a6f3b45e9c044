package io.kubecanvas.emulator.control;

import io.kubecanvas.model.net.Cidr;
import io.kubecanvas.model.net.Ipv4;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.Cluster;
import io.kubecanvas.model.Design;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpamTest {

    private static String service(String name, String type, String extraSpec, String ports) {
        return """
                apiVersion: v1
                kind: Service
                metadata:
                  name: %s
                spec:
                  type: %s
                  selector: {app: web}
                %s  ports:
                %s---
                """.formatted(name, type, extraSpec.isEmpty() ? "" : extraSpec.indent(2), ports.indent(4));
    }

    @Test
    void nodesGetPodCidrsAndUnderlayAddressesControlPlaneFirst() {
        Cluster c = Seeds.cluster(Cluster.NodeSpec.worker("w1"), Cluster.NodeSpec.controlPlane("cp"), Cluster.NodeSpec.worker("w2"));
        ClusterState s = ControlPlane.start(Seeds.design(c, ""), 1).state();
        assertEquals("10.244.0.0/24", s.node("cp").podCidr());
        assertEquals("10.244.1.0/24", s.node("w1").podCidr());
        assertEquals("10.244.2.0/24", s.node("w2").podCidr());
        assertEquals("172.30.0.2", s.node("cp").underlayIp());
        assertEquals("172.30.0.3", s.node("w1").underlayIp());
        assertEquals("172.30.0.4", s.node("w2").underlayIp());
        assertEquals(List.of("w1", "cp", "w2"), s.nodes().stream().map(ClusterState.NodeState::name).toList(),
                "nodes are listed in design order");
    }

    @Test
    void theForecastOfNewNodeAddressesIsWhatTheControlPlaneGives() {
        // what the docker backend starts node containers at while the control plane still runs
        for (Cluster c : List.of(
                Seeds.cluster(Cluster.NodeSpec.worker("w1"), Cluster.NodeSpec.controlPlane("cp"), Cluster.NodeSpec.worker("w2")),
                Cluster.defaults().withNetwork(new Cluster.NetworkSettings("host-gw", "10.10.0.0/16", 25, "10.0.0.0/16",
                        "corp.internal", "192.168.50.240/28", "192.168.50.0/24")),
                // a cluster range with Pod CIDRs for two nodes only: the third gets no address
                Seeds.cluster(Cluster.NodeSpec.controlPlane("cp"), Cluster.NodeSpec.worker("w1"), Cluster.NodeSpec.worker("w2"))
                        .withNetwork(new Cluster.NetworkSettings("flannel-vxlan", "10.244.0.0/23", 24, "10.96.0.0/12",
                                "cluster.local", "172.30.0.240/28", "172.30.0.0/24")))) {
            Design d = Seeds.design(c, "");
            ClusterState s = ControlPlane.start(d, 1).state();
            Map<String, String> given = new java.util.LinkedHashMap<>();
            s.nodes().stream().filter(n -> n.underlayIp() != null).forEach(n -> given.put(n.name(), n.underlayIp()));
            assertEquals(given, ControlPlane.newNodeAddresses(d), c.nodes().toString());
        }
    }

    @Test
    void customNetworkSettingsAreHonoured() {
        Cluster c = Cluster.defaults().withNetwork(new Cluster.NetworkSettings("host-gw", "10.10.0.0/16", 25,
                "10.0.0.0/16", "corp.internal", "192.168.50.240/28", "192.168.50.0/24"));
        ClusterState s = ControlPlane.start(Seeds.design(c, Seeds.deployment("web", 2, "")), 1).state();
        assertEquals("10.10.0.0/25", s.node("control-plane").podCidr());
        assertEquals("10.10.0.128/25", s.node("worker-1").podCidr());
        assertEquals("10.10.1.0/25", s.node("worker-2").podCidr());
        assertEquals("10.0.0.10", s.service("kube-system", "kube-dns").clusterIp());
        assertTrue(s.dns().stream().anyMatch(r -> r.name().equals("kube-dns.kube-system.svc.corp.internal")));
    }

    @Test
    void podIpsComeFromTheirNodesCidrStartingAtDotTwo() {
        ClusterState s = ControlPlane.start(Seeds.design(Seeds.deployment("web", 6, "")), 1).state();
        Set<String> ips = new HashSet<>();
        for (ClusterState.PodState p : s.pods()) {
            Cidr cidr = Cidr.parse(s.node(p.node()).podCidr());
            assertTrue(cidr.contains(p.ip()), p + " outside " + cidr);
            assertTrue(Ipv4.parse(p.ip()) - cidr.network() >= 2, ".1 is the cni0 gateway");
            assertTrue(ips.add(p.ip()), "duplicate " + p.ip());
        }
        assertEquals("10.244.0.2", s.pods().stream().filter(p -> p.namespace().equals("kube-system")).findFirst().orElseThrow().ip());
        assertEquals(Set.of("10.244.1.2", "10.244.1.3", "10.244.1.4", "10.244.2.2", "10.244.2.3", "10.244.2.4"),
                new HashSet<>(Seeds.podsOf(s, "Deployment/web").stream().map(ClusterState.PodState::ip).toList()));
    }

    @Test
    void aReplacementPodGetsTheNextAddressNotTheFreedOne() {
        ControlPlane cp = ControlPlane.start(Seeds.design(Seeds.deployment("web", 2, "")), 1);
        ClusterState.PodState victim = Seeds.podsOf(cp.state(), "Deployment/web").get(0);
        cp.deletePod("default", victim.name());
        ClusterState.PodState replacement = Seeds.podsOf(cp.state(), "Deployment/web").stream()
                .filter(p -> p.node().equals(victim.node())).findFirst().orElseThrow();
        assertNotEquals(victim.ip(), replacement.ip());
        assertEquals(Ipv4.parse(victim.ip()) + 1, Ipv4.parse(replacement.ip()), "host-local hands out the next address");
    }

    @Test
    void hostNetworkPodsUseTheNodeAddress() {
        ClusterState s = ControlPlane.start(Seeds.design("""
                apiVersion: v1
                kind: Pod
                metadata: {name: agent}
                spec:
                  hostNetwork: true
                  nodeName: worker-2
                  containers: [{name: a, image: busybox}]
                """), 1).state();
        assertEquals("172.30.0.4", s.pod("default", "agent").ip());
        assertTrue(s.pod("default", "agent").hostNetwork());
    }

    @Test
    void kubeDnsIsAtTheTenthServiceAddressAndOthersAreRandomInTheUpperBand() {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            yaml.append(service("s" + i, "ClusterIP", "", "- port: 80"));
        }
        ClusterState s = ControlPlane.start(Seeds.design(yaml.toString()), 1).state();
        assertEquals("10.96.0.10", s.service("kube-system", "kube-dns").clusterIp());
        assertEquals("10.96.0.1", s.service("default", "kubernetes").clusterIp());
        Cidr range = Cidr.parse("10.96.0.0/12");
        Set<String> ips = new HashSet<>();
        for (ClusterState.ServiceState svc : s.services()) {
            assertTrue(range.contains(svc.clusterIp()), svc.clusterIp());
            assertTrue(ips.add(svc.clusterIp()));
            if (!svc.name().equals("kube-dns") && !svc.name().equals("kubernetes")) {
                assertTrue(Ipv4.parse(svc.clusterIp()) - range.network() >= 256, "dynamic IPs avoid the static band");
            }
        }
    }

    @Test
    void explicitClusterIpIsHonouredAndCheckedForRangeAndConflicts() {
        ControlPlane cp = ControlPlane.start(Seeds.design(service("a", "ClusterIP", "clusterIP: 10.96.0.50", "- port: 80")
                + service("b", "ClusterIP", "clusterIP: 10.96.0.50", "- port: 80")
                + service("c", "ClusterIP", "clusterIP: 10.0.0.1", "- port: 80")
                + service("d", "ClusterIP", "clusterIP: 10.96.0.10", "- port: 80")), 1);
        assertEquals("10.96.0.50", cp.state().service("default", "a").clusterIp());
        assertNull(cp.state().service("default", "b"));
        assertNull(cp.state().service("default", "c"));
        assertNull(cp.state().service("default", "d"));
        Map<String, String> messages = new java.util.HashMap<>();
        cp.rejections().forEach(r -> messages.put(r.key().name(), r.message()));
        assertTrue(messages.get("b").endsWith("provided IP is already allocated"), messages.get("b"));
        assertTrue(messages.get("c").contains("is not in the valid range. The range of valid IPs is 10.96.0.0/12"), messages.get("c"));
        assertTrue(messages.get("d").endsWith("provided IP is already allocated"), "kube-dns owns .10");
        assertTrue(cp.rejections().get(0).toString().startsWith("test.yaml:"), "rejections say where the object is written");
    }

    @Test
    void headlessServicesGetNoAddress() {
        ClusterState s = ControlPlane.start(Seeds.design(service("h", "ClusterIP", "clusterIP: None", "- port: 80")), 1).state();
        assertNull(s.service("default", "h").clusterIp());
        assertTrue(s.service("default", "h").headless());
    }

    @Test
    void nodePortsComeFromTheRangeExplicitOnesHonouredConflictsRejected() {
        ControlPlane cp = ControlPlane.start(Seeds.design(service("np", "NodePort", "", "- port: 80\n  name: http\n- port: 443\n  name: https")
                + service("fixed", "NodePort", "", "- port: 80\n  nodePort: 30080")
                + service("clash", "NodePort", "", "- port: 81\n  nodePort: 30080")
                + service("outside", "NodePort", "", "- port: 81\n  nodePort: 8080")
                + service("plain", "ClusterIP", "", "- port: 80")), 1);
        ClusterState s = cp.state();
        for (ClusterState.ServicePort p : s.service("default", "np").ports()) {
            assertTrue(p.nodePort() >= 30000 && p.nodePort() <= 32767, String.valueOf(p.nodePort()));
        }
        assertNotEquals(s.service("default", "np").ports().get(0).nodePort(), s.service("default", "np").ports().get(1).nodePort());
        assertEquals(30080, s.service("default", "fixed").ports().get(0).nodePort());
        assertEquals(0, s.service("default", "plain").ports().get(0).nodePort());
        assertNull(s.service("default", "clash"));
        assertNull(s.service("default", "outside"));
        assertTrue(cp.rejections().stream().anyMatch(r -> r.message().equals(
                "Service \"clash\" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated")));
        assertTrue(cp.rejections().stream().anyMatch(r -> r.message().contains(
                "provided port is not in the valid range. The range of valid ports is 30000-32767")));
    }

    @Test
    void seedNodePortServiceGetsANodePort() {
        ClusterState s = ControlPlane.start(Seeds.seed("service-nodeport.yaml"), 1).state();
        ClusterState.ServiceState svc = s.service("default", "web-service");
        assertEquals("NodePort", svc.type());
        assertEquals("Cluster", svc.externalTrafficPolicy());
        int np = svc.ports().get(0).nodePort();
        assertTrue(np >= 30000 && np <= 32767);
    }

    @Test
    void loadBalancersTakePoolAddressesInOrderUntilExhausted() {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            yaml.append(service("lb" + i, "LoadBalancer", "", "- port: 80"));
        }
        ControlPlane cp = ControlPlane.start(Seeds.design(yaml.toString()), 1);
        ClusterState s = cp.state();
        for (int i = 0; i < 8; i++) {
            assertEquals("172.30.0." + (200 + i), s.service("default", "lb" + i).loadBalancerIp());
            assertTrue(s.service("default", "lb" + i).ports().get(0).nodePort() >= 30000, "a LoadBalancer has NodePorts too");
        }
        assertNull(s.service("default", "lb8").loadBalancerIp(), "the /29 pool has 8 addresses");
        assertTrue(cp.events().stream().anyMatch(e -> e.reason().equals("AllocationFailed") && e.object().equals("service/lb8")));
        // Freeing one address lets the waiting Service have it.
        Design less = Seeds.design(yaml.toString().replace("name: lb0\n", "name: other\n").replace(
                "name: other\nspec:\n  type: LoadBalancer", "name: other\nspec:\n  type: ClusterIP"));
        cp.apply(less);
        assertEquals("172.30.0.200", cp.state().service("default", "lb8").loadBalancerIp());
        assertEquals("172.30.0.201", cp.state().service("default", "lb1").loadBalancerIp(), "others keep theirs");
    }

    @Test
    void requestedLoadBalancerIpIsHonouredInsideThePool() {
        ClusterState s = ControlPlane.start(Seeds.design(service("lb", "LoadBalancer", "loadBalancerIP: 172.30.0.205", "- port: 80")
                + service("lb2", "LoadBalancer", "", "- port: 80")), 1).state();
        assertEquals("172.30.0.205", s.service("default", "lb").loadBalancerIp());
        assertEquals("172.30.0.200", s.service("default", "lb2").loadBalancerIp());
    }

    @Test
    void unusableNetworkSettingsAreRefusedNamingTheSetting() {
        Cluster.NetworkSettings d = Cluster.NetworkSettings.defaults();
        java.util.function.Function<Cluster.NetworkSettings, String> fail = n -> org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> ControlPlane.start(Seeds.design(Cluster.defaults().withNetwork(n), ""), 1)).getMessage();
        assertEquals("cluster network: clusterCIDR \"10.244.0.0\" is not an IPv4 CIDR such as 10.244.0.0/16",
                fail.apply(new Cluster.NetworkSettings(d.cni(), "10.244.0.0", 24, d.serviceCidr(), d.clusterDomain(), d.loadBalancerPool(), d.underlayCidr())));
        assertTrue(fail.apply(new Cluster.NetworkSettings(d.cni(), d.clusterCidr(), 8, d.serviceCidr(), d.clusterDomain(), d.loadBalancerPool(), d.underlayCidr()))
                .startsWith("cluster network: nodeCIDRMaskSize 8"));
        assertTrue(fail.apply(new Cluster.NetworkSettings(d.cni(), "10.96.0.0/16", 24, d.serviceCidr(), d.clusterDomain(), d.loadBalancerPool(), d.underlayCidr()))
                .contains("overlap"));
    }
}
