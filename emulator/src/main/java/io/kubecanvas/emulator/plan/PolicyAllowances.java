package io.kubecanvas.emulator.plan;

import io.kubecanvas.model.net.LabelSelectors;
import io.kubecanvas.model.net.Ipv4;
import io.kubecanvas.model.net.Cidr;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the NetworkPolicies selecting one Pod allow in one direction, resolved to addresses and port
 * numbers: the one meaning of a policy that every enforcement style renders (Calico's chains for canal,
 * kube-router's chains). Peers become Pod IPs (or the ipBlock's CIDR), which is what the plugins' ipsets
 * hold; a named port becomes the number the destination Pod gives that name: the selected Pod for
 * ingress, each destination Pod for egress. An egress rule whose peer is "anywhere" or an ipBlock with a
 * named port therefore allows every Pod (in the block) that names the port, on its own number, as
 * upstream's "should allow egress access on one named port" expects.
 */
final class PolicyAllowances {
    static final String INGRESS = "Ingress";
    static final String EGRESS = "Egress";

    private PolicyAllowances() {
    }

    /**
     * One thing a rule allows.
     *
     * @param rule      the rule's index in the policy's ingress or egress list
     * @param peer      the other end as a CIDR ({@code 10.244.1.5/32} for a Pod), null for anywhere
     * @param except    CIDRs inside {@code peer} that are not allowed (ipBlock.except)
     * @param peerPod   the Pod behind {@code peer}, when it is one
     * @param protocol  tcp, udp or sctp, null for every protocol
     * @param ports     a port or range ({@code 80}, {@code 80:90}), null for every port
     * @param namedPort the port name the number came from, or null; for ingress the number is the selected Pod's
     */
    record Allow(int rule, String peer, List<String> except, PodState peerPod, String protocol, String ports,
                 String namedPort) {
        Allow {
            except = List.copyOf(except);
        }

        /** kube-router's words for the rule's kind: pods, cidr or any. */
        String peerKind() {
            return peer == null ? "any" : peerPod != null ? "pods" : "cidr";
        }
    }

    /** A policy selecting the Pod, and what it allows for it in the direction asked. */
    record PolicyAllows(NetworkPolicy policy, String key, List<Allow> allows) {
        PolicyAllows {
            allows = List.copyOf(allows);
        }

        String namespace() {
            return NetworkPolicyRules.namespaceOf(policy);
        }

        String name() {
            return policy.getMetadata().getName();
        }
    }

    /** For each policy selecting {@code pod} in {@code direction} ("Ingress" or "Egress"), in key order. */
    static List<PolicyAllows> of(ClusterState state, PodState pod, String direction) {
        List<PolicyAllows> out = new ArrayList<>();
        for (NetworkPolicy pol : NetworkPolicyRules.selecting(state, pod, direction)) {
            out.add(new PolicyAllows(pol, NetworkPolicyRules.key(pol), allows(state, pod, pol, INGRESS.equals(direction))));
        }
        return out;
    }

    private record PeerMatch(String cidr, List<String> except, PodState pod) {
    }

    private static List<Allow> allows(ClusterState state, PodState pod, NetworkPolicy pol, boolean ingress) {
        List<List<NetworkPolicyPeer>> peerSets = new ArrayList<>();
        List<List<NetworkPolicyPort>> portSets = new ArrayList<>();
        if (ingress) {
            for (NetworkPolicyIngressRule r : nullToEmpty(pol.getSpec().getIngress())) {
                peerSets.add(nullToEmpty(r.getFrom()));
                portSets.add(nullToEmpty(r.getPorts()));
            }
        } else {
            for (NetworkPolicyEgressRule r : nullToEmpty(pol.getSpec().getEgress())) {
                peerSets.add(nullToEmpty(r.getTo()));
                portSets.add(nullToEmpty(r.getPorts()));
            }
        }
        List<Allow> out = new ArrayList<>();
        for (int i = 0; i < peerSets.size(); i++) {
            List<PeerMatch> peers = peers(state, NetworkPolicyRules.namespaceOf(pol), peerSets.get(i));
            List<NetworkPolicyPort> ports = portSets.get(i);
            for (PeerMatch peer : peers) {
                if (ports.isEmpty()) {
                    out.add(new Allow(i, peer.cidr(), peer.except(), peer.pod(), null, null, null));
                    continue;
                }
                for (NetworkPolicyPort port : ports) {
                    String proto = port.getProtocol() == null ? "tcp" : port.getProtocol().toLowerCase(Locale.ROOT);
                    String name = portName(port.getPort());
                    if (name == null) {
                        out.add(new Allow(i, peer.cidr(), peer.except(), peer.pod(), proto, portRange(port), null));
                    } else if (ingress) {
                        int n = namedPort(pod, name, proto);
                        if (n > 0) {
                            out.add(new Allow(i, peer.cidr(), peer.except(), peer.pod(), proto, String.valueOf(n), name));
                        }
                    } else if (peer.pod() != null) {
                        int n = namedPort(peer.pod(), name, proto);
                        if (n > 0) {
                            out.add(new Allow(i, peer.cidr(), List.of(), peer.pod(), proto, String.valueOf(n), name));
                        }
                    } else {
                        // Egress to anywhere (or a CIDR) on a named port: every Pod there that names the port.
                        for (PodState dst : state.pods()) {
                            if (dst.ip() == null || dst.hostNetwork() || !inside(dst.ip(), peer)) {
                                continue;
                            }
                            int n = namedPort(dst, name, proto);
                            if (n > 0) {
                                out.add(new Allow(i, dst.ip() + "/32", List.of(), dst, proto, String.valueOf(n), name));
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    private static boolean inside(String ip, PeerMatch peer) {
        if (peer.cidr() == null) {
            return true;
        }
        int a = Ipv4.parse(ip);
        if (!Cidr.parse(peer.cidr()).contains(a)) {
            return false;
        }
        return peer.except().stream().noneMatch(e -> Cidr.parse(e).contains(a));
    }

    /** The port's name when it is a name (not a number written as text), else null. */
    private static String portName(IntOrString p) {
        if (p == null || p.getIntVal() != null || p.getStrVal() == null || p.getStrVal().matches("\\d+")) {
            return null;
        }
        return p.getStrVal();
    }

    private static String portRange(NetworkPolicyPort port) {
        IntOrString p = port.getPort();
        if (p == null) {
            return null;
        }
        int number = p.getIntVal() != null ? p.getIntVal() : Integer.parseInt(p.getStrVal());
        return port.getEndPort() != null && port.getEndPort() > number ? number + ":" + port.getEndPort()
                : String.valueOf(number);
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
                    List<String> except = nullToEmpty(block.getExcept()).stream().filter(e -> !e.contains(":"))
                            .map(e -> Cidr.parse(e).canonical().toString()).toList();
                    out.add(new PeerMatch(Cidr.parse(block.getCidr()).canonical().toString(), except, null));
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
                if (nsOk && (peer.getPodSelector() == null || LabelSelectors.matches(peer.getPodSelector(), p.labels()))) {
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

    static <T> List<T> nullToEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }
}
