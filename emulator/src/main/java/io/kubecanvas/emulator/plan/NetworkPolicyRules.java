package io.kubecanvas.emulator.plan;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.emulator.state.ClusterState.ContainerPort;
import io.kubecanvas.emulator.state.ClusterState.PodState;
import io.kubecanvas.model.net.Cidr;
import io.kubecanvas.model.net.LabelSelectors;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * NetworkPolicies as filter-table chains on the node where the selected Pods run, without ipsets: one
 * rule per allowed peer address (or CIDR) and port.
 *
 * <p>Design notes: {@code FORWARD} jumps first to {@code KUBE-NWPLCY}, which accepts established and
 * related packets (replies of allowed connections), then sends packets from a Pod selected by an egress
 * policy to its {@code KUBE-NWPLCY-E-*} chain and packets to a Pod selected by an ingress policy to its
 * {@code KUBE-NWPLCY-I-*} chain. A rule that allows sets a mark bit (egress 0x10000, ingress 0x20000); the
 * chain returns when the bit is set and drops otherwise, so rules of every policy selecting the Pod are a
 * union and {@code ipBlock.except} can be a sub-chain that returns before setting the bit. Peers are
 * resolved to Pod IPs here, when the plan is computed: a label change means a new plan, as it means new
 * ipset members for a real CNI. Egress is checked on the sender's node, ingress on the receiver's; Pods on
 * one node pass both in the same FORWARD traversal (br_netfilter). Host-network Pods are not policed.
 */
public final class NetworkPolicyRules {
    public static final String DISPATCH = "KUBE-NWPLCY";
    public static final String EGRESS_BIT = "0x10000";
    public static final String INGRESS_BIT = "0x20000";

    private NetworkPolicyRules() {
    }

    /** True for the chains these rules own: a drop there is a drop by a NetworkPolicy. */
    public static boolean isPolicyChain(String chain) {
        return chain != null && chain.startsWith(DISPATCH);
    }

    /** The filter rules for the Pods of one node. */
    public static List<IptablesRule> compute(ClusterState state, List<PodState> localPods) {
        List<IptablesRule> out = new ArrayList<>();
        out.add(IptablesRule.append("filter", "FORWARD").comment("kubecanvas network policies").jump(DISPATCH));
        out.add(IptablesRule.append("filter", DISPATCH).ctstate("RELATED,ESTABLISHED").jump("ACCEPT"));
        List<IptablesRule> chains = new ArrayList<>();
        List<PodState> pods = localPods.stream().filter(p -> p.ip() != null && !p.hostNetwork())
                .sorted(Comparator.comparing(PodState::key)).toList();
        for (PodState pod : pods) {
            List<NetworkPolicy> egress = selecting(state, pod, "Egress");
            List<NetworkPolicy> ingress = selecting(state, pod, "Ingress");
            if (!egress.isEmpty()) {
                String chain = "KUBE-NWPLCY-E-" + KubeProxyRules.shortHash("egress/" + pod.key(), 12);
                out.add(IptablesRule.append("filter", DISPATCH).comment(pod.key() + " egress").source(pod.ip() + "/32")
                        .jump(chain));
                directionChain(state, pod, egress, false, chain, chains);
            }
            if (!ingress.isEmpty()) {
                String chain = "KUBE-NWPLCY-I-" + KubeProxyRules.shortHash("ingress/" + pod.key(), 12);
                out.add(IptablesRule.append("filter", DISPATCH).comment(pod.key() + " ingress")
                        .destination(pod.ip() + "/32").jump(chain));
                directionChain(state, pod, ingress, true, chain, chains);
            }
        }
        out.addAll(chains);
        return out;
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

    private record PeerMatch(String cidr, List<String> except, PodState pod) {
    }

    private static void directionChain(ClusterState state, PodState pod, List<NetworkPolicy> policies, boolean ingress,
                                       String chain, List<IptablesRule> out) {
        String bit = ingress ? INGRESS_BIT : EGRESS_BIT;
        String word = ingress ? "ingress" : "egress";
        for (NetworkPolicy pol : policies) {
            List<List<NetworkPolicyPeer>> ruleSets = new ArrayList<>();
            List<List<NetworkPolicyPort>> portSets = new ArrayList<>();
            if (ingress) {
                for (NetworkPolicyIngressRule r : nullToEmpty(pol.getSpec().getIngress())) {
                    ruleSets.add(nullToEmpty(r.getFrom()));
                    portSets.add(nullToEmpty(r.getPorts()));
                }
            } else {
                for (NetworkPolicyEgressRule r : nullToEmpty(pol.getSpec().getEgress())) {
                    ruleSets.add(nullToEmpty(r.getTo()));
                    portSets.add(nullToEmpty(r.getPorts()));
                }
            }
            for (int i = 0; i < ruleSets.size(); i++) {
                String comment = key(pol) + " " + word + "[" + i + "]";
                List<PeerMatch> peers = peers(state, namespaceOf(pol), ruleSets.get(i));
                List<NetworkPolicyPort> ports = portSets.get(i);
                for (PeerMatch peer : peers) {
                    if (ports.isEmpty()) {
                        allow(out, chain, comment, peer, ingress, null, null, bit, pod, i);
                        continue;
                    }
                    for (NetworkPolicyPort port : ports) {
                        String proto = port.getProtocol() == null ? "tcp" : port.getProtocol().toLowerCase(Locale.ROOT);
                        IntOrString p = port.getPort();
                        String dport = null;
                        if (p != null) {
                            Integer number = p.getIntVal();
                            if (number == null && p.getStrVal() != null && p.getStrVal().matches("\\d+")) {
                                number = Integer.parseInt(p.getStrVal());
                            }
                            if (number != null) {
                                dport = String.valueOf(number);
                                if (port.getEndPort() != null && port.getEndPort() > number) {
                                    dport += ":" + port.getEndPort();
                                }
                            } else {
                                // A named port is the number the destination Pod gives that name.
                                PodState named = ingress ? pod : peer.pod();
                                int resolved = named == null ? 0 : namedPort(named, p.getStrVal(), proto);
                                if (resolved == 0) {
                                    continue;
                                }
                                dport = String.valueOf(resolved);
                            }
                        }
                        allow(out, chain, comment, peer, ingress, proto, dport, bit, pod, i);
                    }
                }
            }
        }
        out.add(IptablesRule.append("filter", chain).mark(bit + "/" + bit).jump("RETURN"));
        out.add(IptablesRule.append("filter", chain).comment(pod.key() + " " + word + " not allowed by "
                + String.join(", ", policies.stream().map(NetworkPolicyRules::key).toList())).jump("DROP"));
    }

    private static void allow(List<IptablesRule> out, String chain, String comment, PeerMatch peer, boolean ingress,
                              String proto, String dport, String bit, PodState pod, int ruleIndex) {
        IptablesRule.Builder b = IptablesRule.append("filter", chain).comment(comment).protocol(proto);
        if (peer.cidr() != null) {
            if (ingress) {
                b.source(peer.cidr());
            } else {
                b.destination(peer.cidr());
            }
        }
        b.dport(dport);
        if (peer.except().isEmpty()) {
            out.add(b.jump("MARK", "--or-mark " + bit));
            return;
        }
        String sub = "KUBE-NWPLCY-B-" + KubeProxyRules.shortHash(chain + comment + peer + proto + dport + ruleIndex, 12);
        out.add(b.jump(sub));
        for (String ex : peer.except()) {
            IptablesRule.Builder e = IptablesRule.append("filter", sub).comment(comment + " except");
            out.add((ingress ? e.source(ex) : e.destination(ex)).jump("RETURN"));
        }
        out.add(IptablesRule.append("filter", sub).comment(comment).jump("MARK", "--or-mark " + bit));
    }

    private static List<PeerMatch> peers(ClusterState state, String policyNamespace, List<NetworkPolicyPeer> peers) {
        List<PeerMatch> out = new ArrayList<>();
        if (peers.isEmpty()) {
            out.add(new PeerMatch(null, List.of(), null));
            return out;
        }
        for (NetworkPolicyPeer peer : peers) {
            IPBlock block = peer.getIpBlock();
            if (block != null) {
                if (block.getCidr() != null && !block.getCidr().contains(":")) {
                    List<String> except = nullToEmpty(block.getExcept()).stream().filter(e -> !e.contains(":")).toList();
                    out.add(new PeerMatch(Cidr.parse(block.getCidr()).canonical().toString(),
                            except.stream().map(e -> Cidr.parse(e).canonical().toString()).toList(), null));
                }
                continue;
            }
            for (PodState p : state.pods()) {
                if (p.ip() == null) {
                    continue;
                }
                boolean nsOk = peer.getNamespaceSelector() == null
                        ? p.namespace().equals(policyNamespace)
                        : LabelSelectors.matches(peer.getNamespaceSelector(), state.namespaceLabels(p.namespace()));
                // a peer without podSelector means every Pod of the namespaces it selects
                boolean podOk = peer.getPodSelector() == null || LabelSelectors.matches(peer.getPodSelector(), p.labels());
                if (nsOk && podOk) {
                    out.add(new PeerMatch(p.ip() + "/32", List.of(), p));
                }
            }
        }
        return out;
    }

    static int namedPort(PodState pod, String name, String proto) {
        for (ContainerPort cp : pod.ports()) {
            if (name.equals(cp.name()) && proto.equalsIgnoreCase(cp.protocol() == null ? "TCP" : cp.protocol())) {
                return cp.port();
            }
        }
        return 0;
    }

    private static <T> List<T> nullToEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }
}
