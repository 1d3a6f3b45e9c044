package io.kubecanvas.emulator.intent;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.kubecanvas.model.net.Cidr;
import io.kubecanvas.model.net.Ipv4;
import io.kubecanvas.model.net.LabelSelectors;
import io.kubecanvas.emulator.plan.NetworkPolicyRules;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.emulator.state.ClusterState.PodState;
import io.kubecanvas.model.ObjectKey;

import java.util.List;
import java.util.Locale;

/**
 * Whether the NetworkPolicies let one connection through, as the API defines it: a Pod selected by no
 * policy of a direction allows everything in that direction; a selected Pod allows what at least one rule
 * of one selecting policy allows (the union). Ingress is judged at the destination Pod against the source
 * as the destination sees it; egress at the source Pod against the destination Pod. A Pod connecting to its
 * own IP never leaves its network namespace and is not policed; through a Service (hairpin) it leaves and
 * is judged like any other connection.
 *
 * @param allowed   the verdict
 * @param reason    one sentence: which policy and rule allowed it, or which policies select the Pod and allow nothing for it
 * @param decidedBy the policies that decided (the allowing one, or all that select the Pod when none allows)
 */
record PolicyVerdict(boolean allowed, String reason, List<ObjectKey> decidedBy) {

    static final PolicyVerdict OPEN = new PolicyVerdict(true, "", List.of());

    /**
     * A sender: a Pod, or an address outside the Pod network (the outside world, a node, the Ingress
     * controller in the host network) given as the addresses the destination may see.
     */
    record Peer(PodState pod, List<String> addresses, String name) {
        static Peer of(PodState pod) {
            return new Peer(pod, pod.ip() == null ? List.of() : List.of(pod.ip()), pod.key());
        }
    }

    /** The policies' verdict on {@code from} connecting to Pod {@code to} on {@code port}/{@code protocol}. */
    static PolicyVerdict of(ClusterState state, Peer from, PodState to, int port, String protocol, boolean viaService) {
        if (!viaService && from.pod() != null && from.pod().key().equals(to.key())) {
            return new PolicyVerdict(true, "a Pod's traffic to itself is not policed", List.of());
        }
        if (from.pod() != null && !from.pod().hostNetwork()) {
            PolicyVerdict egress = direction(state, from.pod(), Peer.of(to), to, port, protocol, false, from.name());
            if (!egress.allowed()) {
                return egress;
            }
        }
        if (to.hostNetwork()) {
            return new PolicyVerdict(true, to.key() + " runs in the host network, which NetworkPolicies do not police",
                    List.of());
        }
        return direction(state, to, from, to, port, protocol, true, from.name());
    }

    /**
     * @param selected the Pod whose policies are judged (the destination for ingress, the source for egress)
     * @param peer     the other end, as those policies' peers must match it
     */
    private static PolicyVerdict direction(ClusterState state, PodState selected, Peer peer, PodState destination,
                                           int port, String protocol, boolean ingress, String sourceName) {
        String type = ingress ? "Ingress" : "Egress";
        List<NetworkPolicy> policies = NetworkPolicyRules.selecting(state, selected, type);
        if (policies.isEmpty()) {
            return OPEN;
        }
        for (NetworkPolicy p : policies) {
            String ns = namespace(p);
            if (ingress) {
                List<NetworkPolicyIngressRule> rules = nullToEmpty(p.getSpec().getIngress());
                for (int i = 0; i < rules.size(); i++) {
                    if (peers(state, ns, rules.get(i).getFrom(), peer) && ports(rules.get(i).getPorts(), destination, port, protocol)) {
                        return new PolicyVerdict(true, "allowed by " + key(p) + " ingress rule " + (i + 1), List.of(objectKey(p)));
                    }
                }
            } else {
                List<NetworkPolicyEgressRule> rules = nullToEmpty(p.getSpec().getEgress());
                for (int i = 0; i < rules.size(); i++) {
                    if (peers(state, ns, rules.get(i).getTo(), peer) && ports(rules.get(i).getPorts(), destination, port, protocol)) {
                        return new PolicyVerdict(true, "allowed by " + key(p) + " egress rule " + (i + 1), List.of(objectKey(p)));
                    }
                }
            }
        }
        List<String> names = policies.stream().map(PolicyVerdict::key).toList();
        String reason = ingress
                ? destination.key() + " is selected by " + String.join(", ", names) + " (Ingress) and no rule allows "
                + sourceName + " on " + protocol + "/" + port
                : selected.key() + " is selected by " + String.join(", ", names) + " (Egress) and no rule allows it to reach "
                + destination.key() + " on " + protocol + "/" + port;
        return new PolicyVerdict(false, reason, policies.stream().map(PolicyVerdict::objectKey).toList());
    }

    /** Whether a rule's peers include {@code peer}; no peers at all means every source or destination. */
    private static boolean peers(ClusterState state, String policyNamespace, List<NetworkPolicyPeer> peers, Peer peer) {
        if (peers == null || peers.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPeer p : peers) {
            IPBlock block = p.getIpBlock();
            if (block != null) {
                if (block.getCidr() != null && !block.getCidr().contains(":") && peer.addresses().stream()
                        .anyMatch(a -> inBlock(block, a))) {
                    return true;
                }
                continue;
            }
            if (peer.pod() == null || peer.pod().hostNetwork()) {
                continue;   // Pod and namespace selectors choose Pods, never outside or host addresses
            }
            PodState pod = peer.pod();
            boolean nsOk = p.getNamespaceSelector() == null ? pod.namespace().equals(policyNamespace)
                    : LabelSelectors.matches(p.getNamespaceSelector(), state.namespaceLabels(pod.namespace()));
            // a peer without podSelector means every Pod of the namespaces it selects
            if (nsOk && (p.getPodSelector() == null || LabelSelectors.matches(p.getPodSelector(), pod.labels()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean inBlock(IPBlock block, String address) {
        int ip = Ipv4.parse(address);
        if (!Cidr.parse(block.getCidr()).contains(ip)) {
            return false;
        }
        return nullToEmpty(block.getExcept()).stream().filter(e -> !e.contains(":")).noneMatch(e -> Cidr.parse(e).contains(ip));
    }

    /** Whether a rule's ports include the destination port; no ports means all. Named ports are the destination's. */
    private static boolean ports(List<NetworkPolicyPort> ports, PodState destination, int port, String protocol) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPort p : ports) {
            String proto = p.getProtocol() == null ? "TCP" : p.getProtocol().toUpperCase(Locale.ROOT);
            if (!proto.equals(protocol)) {
                continue;
            }
            IntOrString value = p.getPort();
            if (value == null) {
                return true;
            }
            Integer number = value.getIntVal();
            if (number == null && value.getStrVal() != null) {
                String s = value.getStrVal();
                number = s.matches("\\d+") ? Integer.valueOf(s) : namedPort(destination, s, proto);
            }
            if (number == null) {
                continue;
            }
            int end = p.getEndPort() != null && p.getEndPort() > number ? p.getEndPort() : number;
            if (port >= number && port <= end) {
                return true;
            }
        }
        return false;
    }

    private static Integer namedPort(PodState pod, String name, String protocol) {
        return pod.ports().stream().filter(cp -> name.equals(cp.name())
                        && protocol.equalsIgnoreCase(cp.protocol() == null ? "TCP" : cp.protocol()))
                .map(ClusterState.ContainerPort::port).findFirst().orElse(null);
    }

    private static String namespace(NetworkPolicy p) {
        String ns = p.getMetadata().getNamespace();
        return ns == null || ns.isEmpty() ? "default" : ns;
    }

    private static ObjectKey objectKey(NetworkPolicy p) {
        return new ObjectKey("NetworkPolicy", namespace(p), p.getMetadata().getName());
    }

    private static String key(NetworkPolicy p) {
        return NetworkPolicyRules.key(p);
    }

    private static <T> List<T> nullToEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }
}
