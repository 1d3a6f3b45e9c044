package io.kubecanvas.emulator.plan;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.emulator.state.ClusterState.PodState;
import io.kubecanvas.model.Cluster;
import io.kubecanvas.model.net.LabelSelectors;

import java.util.Comparator;
import java.util.List;

/**
 * NetworkPolicies as the cluster's network plugin enforces them, in the filter table of the node where the
 * selected Pods run: nothing for plain {@code flannel} (which implements no NetworkPolicy), Calico's chains
 * for {@code canal} ({@link CalicoPolicyChains}), kube-router's for {@code kube-router}
 * ({@link KubeRouterPolicyChains}). Both read one resolution of what each policy allows
 * ({@link PolicyAllowances}); peers are resolved to Pod IPs when the plan is computed, so a label change
 * means a new plan, as it means new ipset members for a real plugin. Egress is checked on the sender's
 * node, ingress on the receiver's; Pods on one node pass both in the same FORWARD traversal (br_netfilter);
 * a Pod's traffic to its own node passes its egress rules in INPUT, and the node may always reach its own
 * Pods. Host-network Pods are not policed.
 */
public final class NetworkPolicyRules {
    private static final List<String> CHAIN_PREFIXES = List.of(CalicoPolicyChains.PREFIX, "KUBE-ROUTER-",
            "KUBE-POD-FW-", "KUBE-NWPLCY-");

    private NetworkPolicyRules() {
    }

    /** The filter rules for the Pods of one node, to come first in the built-in chains. */
    public static List<IptablesRule> compute(ClusterState state, List<PodState> localPods) {
        List<PodState> pods = localPods.stream().filter(p -> p.ip() != null && !p.hostNetwork())
                .sorted(Comparator.comparing(PodState::key)).toList();
        return switch (state.network().networkPlugin()) {
            case Cluster.NetworkSettings.CANAL -> CalicoPolicyChains.compute(state, pods, NetworkPlan.BRIDGE);
            case Cluster.NetworkSettings.KUBE_ROUTER -> KubeRouterPolicyChains.compute(state, pods);
            default -> List.of();
        };
    }

    /** The rules the plugin appends after everything else in the built-in chains (felix's accept in FORWARD). */
    public static List<IptablesRule> trailing(ClusterState state) {
        return Cluster.NetworkSettings.CANAL.equals(state.network().networkPlugin()) ? CalicoPolicyChains.trailing()
                : List.of();
    }

    /**
     * True when a rule (its chain, as the sim and the events name it: {@code cali-tw-veth1a2b3c4d (...)}) is
     * the policy engine's, so a drop or reject there is a NetworkPolicy's doing.
     */
    public static boolean isPolicyRule(String rule) {
        return rule != null && CHAIN_PREFIXES.stream().anyMatch(rule::startsWith);
    }

    /** The policies in the Pod's namespace that select it for a direction ("Ingress" or "Egress"). */
    public static List<NetworkPolicy> selecting(ClusterState state, PodState pod, String direction) {
        return state.policies().stream()
                .filter(p -> pod.namespace().equals(namespaceOf(p)))
                // spec.podSelector is a value in the API, not a pointer: absent means {} (every Pod of the namespace)
                .filter(p -> LabelSelectors.matches(LabelSelectors.orEverything(p.getSpec().getPodSelector()), pod.labels()))
                .filter(p -> policyTypes(p).contains(direction))
                .sorted(Comparator.comparing(NetworkPolicyRules::key)).toList();
    }

    public static String key(NetworkPolicy p) {
        return namespaceOf(p) + "/" + p.getMetadata().getName();
    }

    static String namespaceOf(NetworkPolicy p) {
        String ns = p.getMetadata().getNamespace();
        return ns == null || ns.isEmpty() ? "default" : ns;
    }

    /** spec.policyTypes, or its default: Ingress, plus Egress when the policy has egress rules. */
    public static List<String> policyTypes(NetworkPolicy p) {
        List<String> types = p.getSpec().getPolicyTypes();
        if (types != null && !types.isEmpty()) {
            return types;
        }
        List<NetworkPolicyEgressRule> eg = p.getSpec().getEgress();
        return eg != null && !eg.isEmpty() ? List.of("Ingress", "Egress") : List.of("Ingress");
    }

}
