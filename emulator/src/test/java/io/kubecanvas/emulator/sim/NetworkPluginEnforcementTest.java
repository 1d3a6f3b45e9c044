package io.kubecanvas.emulator.sim;

import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.backend.ProbeResult.Outcome;
import io.kubecanvas.emulator.backend.Protocol;
import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.plan.ClusterFixture;
import io.kubecanvas.emulator.plan.IptablesRule;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.plan.NetworkPolicyRules;
import io.kubecanvas.emulator.plan.NodePlan;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.kubecanvas.emulator.plan.ClusterFixture.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Policy enforcement as a choice of network plugin, probed through the sim. Expectations: the Kubernetes
 * docs, "Network Policies" (a NetworkPolicy without a plugin that implements it has no effect; "Pods
 * cannot ... block access from their resident node"; egress rules govern a Pod's traffic to any
 * destination, its own node included), and the plugins' own rule layouts (projectcalico/calico
 * felix/rules/static.go and endpoints.go; cloudnativelabs/kube-router pkg/controllers/netpol/pod.go and
 * npc_iptables.go, whose KUBE-NWPLCY-COMMON accepts ICMP echo requests and whose Pod chains REJECT).
 */
class NetworkPluginEnforcementTest {

    private static ClusterFixture cluster(String plugin) {
        return ClusterFixture.threeNodes().networkPlugin(plugin)
                .pod("shop", "web", "worker-1", Map.of("app", "web"), tcp(80))
                .pod("shop", "client", "worker-2", Map.of("app", "client"), tcp(80))
                .hostPod("kube-system", "node-agent", "worker-1", Map.of("app", "agent"), tcp(9100))
                .policy("""
                        apiVersion: networking.k8s.io/v1
                        kind: NetworkPolicy
                        metadata: {name: deny-all, namespace: shop}
                        spec:
                          podSelector: {}
                          policyTypes: [Ingress, Egress]
                        """);
    }

    private static List<String> chains(NetworkPlan plan, String node) {
        return plan.node(node).table("filter").chains();
    }

    @Test
    void plainFlannelEnforcesNothing() {
        SimBackend sim = AppliedSim.of(1, cluster("flannel").build());
        assertTrue(sim.probe(ProbeRequest.tcp("shop/client", "shop/web", 80)).delivered(), "flannel ignores the policy");
        NetworkPlan plan = sim.plan();
        for (NodePlan n : plan.nodes()) {
            assertTrue(n.table("filter").rules().stream().noneMatch(r -> NetworkPolicyRules.isPolicyRule(r.chain())
                    || NetworkPolicyRules.isPolicyRule(r.target())), n.name());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"canal", "kube-router"})
    void enforcingPluginsDenyAndHookInputForwardAndOutput(String plugin) {
        SimBackend sim = AppliedSim.of(1, cluster(plugin).build());
        ProbeResult r = sim.probe(ProbeRequest.tcp("shop/client", "shop/web", 80));
        assertEquals(Outcome.POLICY_DROPPED, r.outcome(), r.reason());
        NodePlan w1 = sim.plan().node("worker-1");
        String top = plugin.equals("canal") ? "cali-" : "KUBE-ROUTER-";
        for (String hook : List.of("INPUT", "FORWARD", "OUTPUT")) {
            IptablesRule first = w1.table("filter").rules(hook).get(0);
            assertTrue(first.target().startsWith(top), hook + " first jumps to the plugin: " + first.render());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"canal", "kube-router"})
    void aPodsTrafficToItsOwnNodeFollowsItsEgressRules(String plugin) {
        // shop/web and the host-network agent share worker-1: web's packet to the node goes through INPUT.
        SimBackend sim = AppliedSim.of(1, cluster(plugin).build());
        ProbeResult r = sim.probe(ProbeRequest.tcp("shop/web", "172.30.0.3", 9100));
        assertEquals(Outcome.POLICY_DROPPED, r.outcome(), r.reason());
        PacketEvent denied = r.hops().stream().filter(e -> e.verdict() != PacketEvent.Verdict.FORWARDED
                && e.verdict() != PacketEvent.Verdict.DELIVERED).findFirst().orElseThrow();
        assertEquals("worker-1", denied.node());
        assertTrue(NetworkPolicyRules.isPolicyRule(denied.rule()), denied.rule());

        ClusterFixture allowed = cluster(plugin).policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: to-node-agent, namespace: shop}
                spec:
                  podSelector: {matchLabels: {app: web}}
                  policyTypes: [Egress]
                  egress:
                  - to: [{ipBlock: {cidr: 172.30.0.0/24}}]
                    ports: [{port: 9100}]
                """);
        sim.apply(NetworkPlan.compute(allowed.build()));
        ProbeResult ok = sim.probe(ProbeRequest.tcp("shop/web", "172.30.0.3", 9100));
        assertEquals(Outcome.DELIVERED, ok.outcome(), ok.reason());
        assertEquals("kube-system/node-agent", ok.answeredBy(), "the host-network Pod listening there");
    }

    @ParameterizedTest
    @ValueSource(strings = {"canal", "kube-router"})
    void theResidentNodeMayAlwaysReachItsPods(String plugin) {
        SimBackend sim = AppliedSim.of(1, cluster(plugin).build());
        assertTrue(sim.probe(ProbeRequest.tcp("node/worker-1", "shop/web", 80)).delivered(), "from its own node");
        assertTrue(sim.probe(ProbeRequest.tcp("kube-system/node-agent", "shop/web", 80)).delivered(),
                "a host-network Pod of the same node is the node");
        ProbeResult other = sim.probe(ProbeRequest.tcp("node/worker-2", "shop/web", 80));
        assertEquals(Outcome.POLICY_DROPPED, other.outcome(), "another node is just another source: " + other.reason());
    }

    @Test
    void kubeRouterRejectsWhereCalicoDrops() {
        SimBackend calico = AppliedSim.of(1, cluster("canal").build());
        ProbeResult dropped = calico.probe(ProbeRequest.tcp("shop/client", "shop/web", 80));
        assertTrue(dropped.hops().stream().anyMatch(e -> e.verdict() == PacketEvent.Verdict.DROPPED), "felix drops");
        assertTrue(dropped.reason().startsWith("cali-fw-"), "the client's own egress chain denies first: " + dropped.reason());

        SimBackend kubeRouter = AppliedSim.of(1, cluster("kube-router").build());
        ProbeResult rejected = kubeRouter.probe(ProbeRequest.tcp("shop/client", "shop/web", 80));
        assertEquals(Outcome.POLICY_DROPPED, rejected.outcome());
        assertTrue(rejected.reason().startsWith("KUBE-POD-FW-") && rejected.reason().contains("connection refused"),
                rejected.reason());
        assertTrue(rejected.hops().stream().anyMatch(e -> e.verdict() == PacketEvent.Verdict.REJECTED));
    }

    @Test
    void kubeRouterLetsPingThroughADenyAllPolicyCalicoDoesNot() {
        ProbeRequest ping = new ProbeRequest("shop/client", "shop/web", 0, Protocol.ICMP);
        assertTrue(AppliedSim.of(1, cluster("kube-router").build()).probe(ping).delivered(),
                "KUBE-NWPLCY-COMMON accepts echo requests");
        assertFalse(AppliedSim.of(1, cluster("canal").build()).probe(ping).delivered());
    }

    @Test
    void canalEndsForwardWithFelixsAcceptAfterKubeProxyAndFlannel() {
        NetworkPlan plan = NetworkPlan.compute(cluster("canal").build());
        List<IptablesRule> forward = plan.node("worker-1").table("filter").rules("FORWARD");
        assertEquals("Policy explicitly accepted packet.", forward.get(forward.size() - 1).comment());
        assertTrue(chains(plan, "worker-1").containsAll(List.of("cali-FORWARD", "cali-INPUT", "cali-OUTPUT",
                "cali-from-wl-dispatch", "cali-to-wl-dispatch", "cali-wl-to-host")), chains(plan, "worker-1").toString());
        String web = NodePlan.hostVethName("shop/web");
        assertTrue(chains(plan, "worker-1").containsAll(List.of("cali-tw-" + web, "cali-fw-" + web)));
        assertTrue(chains(plan, "worker-1").stream().anyMatch(c -> c.startsWith("cali-pi-")), "the policy's ingress chain");
        assertTrue(chains(plan, "worker-1").stream().anyMatch(c -> c.startsWith("cali-po-")), "and its egress chain");
        assertFalse(chains(plan, "worker-2").contains("cali-tw-" + web), "a workload's chains live on its own node");
    }
}
