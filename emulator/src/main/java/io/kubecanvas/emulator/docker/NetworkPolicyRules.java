package io.kubecanvas.emulator.docker;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.emulator.state.ClusterState.PodState;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * NetworkPolicy as iptables filter rules on one node, the way policy-enforcing CNI plugins do it: the
 * Pods of this node that a policy isolates get a chain per direction that accepts what some rule allows
 * and drops the rest; replies of allowed connections pass by conntrack. Ingress is checked on the node of
 * the destination Pod, egress on the node of the source Pod (after kube-proxy's DNAT, so on Pod IPs).
 */
final class NetworkPolicyRules {
    private final ClusterState state;
    private final String node;

    NetworkPolicyRules(ClusterState state, String node) {
        this.state = state;
        this.node = node;
    }

    /** Rules for the filter table; adds the chains it uses to {@code chains}. */
    String rules(List<String> chains) {
        StringBuilder sb = new StringBuilder();
        StringBuilder podRules = new StringBuilder();
        sb.append("-A KUBE-NWPLCY -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN\n");
        for (PodState pod : state.pods()) {
            if (!node.equals(pod.node()) || pod.ip() == null || pod.hostNetwork()) {
                continue;
            }
            for (String dir : List.of("Ingress", "Egress")) {
                List<NetworkPolicy> selecting = state.policies().stream().filter(p -> selects(p, pod, dir)).toList();
                if (selecting.isEmpty()) {
                    continue;
                }
                String chain = NodeDataplane.chain(dir.equals("Ingress") ? "KUBE-POL-IN-" : "KUBE-POL-EG-", pod.key());
                chains.add(chain);
                sb.append("-A KUBE-NWPLCY ").append(dir.equals("Ingress") ? "-d " : "-s ").append(pod.ip())
                        .append("/32 -m comment --comment \"").append(pod.key()).append(' ').append(dir.toLowerCase(Locale.ROOT))
                        .append(" isolated\" -j ").append(chain).append('\n');
                for (NetworkPolicy pol : selecting) {
                    String comment = " -m comment --comment \"NetworkPolicy " + ns(pol) + "/" + pol.getMetadata().getName() + "\"";
                    if (dir.equals("Ingress")) {
                        for (var rule : pol.getSpec().getIngress() == null ? List.<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule>of() : pol.getSpec().getIngress()) {
                            allow(podRules, chains, chain, "-s ", rule.getFrom(), rule.getPorts(), pol, pod, comment);
                        }
                    } else {
                        for (var rule : pol.getSpec().getEgress() == null ? List.<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule>of() : pol.getSpec().getEgress()) {
                            allow(podRules, chains, chain, "-d ", rule.getTo(), rule.getPorts(), pol, pod, comment);
                        }
                    }
                }
                podRules.append("-A ").append(chain).append(" -m comment --comment \"").append(pod.key())
                        .append(" default deny ").append(dir.toLowerCase(Locale.ROOT)).append("\" -j DROP\n");
            }
        }
        return sb.append(podRules).toString();
    }

    private void allow(StringBuilder out, List<String> chains, String chain, String peerFlag, List<NetworkPolicyPeer> peers,
                       List<NetworkPolicyPort> ports, NetworkPolicy pol, PodState pod, String comment) {
        List<String> portMatches = portMatches(ports, pod, peerFlag.equals("-s "));
        List<String> peerMatches = new ArrayList<>();
        if (peers == null || peers.isEmpty()) {
            peerMatches.add("");
        } else {
            for (NetworkPolicyPeer peer : peers) {
                if (peer.getIpBlock() != null) {
                    IPBlock b = peer.getIpBlock();
                    if (b.getExcept() == null || b.getExcept().isEmpty()) {
                        peerMatches.add(peerFlag + b.getCidr() + " ");
                    } else {
                        String sub = NodeDataplane.chain("KUBE-POL-IPB-", chain + b.getCidr() + b.getExcept());
                        if (!chains.contains(sub)) {
                            chains.add(sub);
                            for (String ex : b.getExcept()) {
                                out.append("-A ").append(sub).append(' ').append(peerFlag).append(ex).append(" -j RETURN\n");
                            }
                            for (String pm : portMatches) {
                                out.append("-A ").append(sub).append(' ').append(peerFlag).append(b.getCidr()).append(' ')
                                        .append(pm).append(comment).append(" -j ACCEPT\n");
                            }
                        }
                        out.append("-A ").append(chain).append(" -j ").append(sub).append('\n');
                    }
                    continue;
                }
                for (PodState other : state.pods()) {
                    if (other.ip() != null && peerMatches(pol, peer, other)) {
                        peerMatches.add(peerFlag + other.ip() + "/32 ");
                    }
                }
            }
        }
        for (String peer : peerMatches) {
            for (String pm : portMatches) {
                out.append("-A ").append(chain).append(' ').append(peer).append(pm).append(comment).append(" -j ACCEPT\n");
            }
        }
    }

    /** Port matches of a rule ("" = any port); named ports resolve against the destination Pod's ports. */
    private List<String> portMatches(List<NetworkPolicyPort> ports, PodState pod, boolean ingress) {
        List<String> out = new ArrayList<>();
        if (ports == null || ports.isEmpty()) {
            out.add("");
            return out;
        }
        for (NetworkPolicyPort p : ports) {
            String proto = p.getProtocol() == null ? "tcp" : p.getProtocol().toLowerCase(Locale.ROOT);
            IntOrString port = p.getPort();
            if (port == null) {
                out.add("-p " + proto + " ");
                continue;
            }
            List<Integer> numbers = new ArrayList<>();
            if (port.getIntVal() != null) {
                numbers.add(port.getIntVal());
            } else if (port.getStrVal() != null && port.getStrVal().matches("\\d+")) {
                numbers.add(Integer.parseInt(port.getStrVal()));
            } else if (port.getStrVal() != null) {
                List<PodState> owners = ingress ? List.of(pod) : state.pods();
                for (PodState o : owners) {
                    for (ClusterState.ContainerPort cp : o.ports()) {
                        if (port.getStrVal().equals(cp.name()) && !numbers.contains(cp.port())) {
                            numbers.add(cp.port());
                        }
                    }
                }
            }
            for (int n : numbers) {
                String range = p.getEndPort() != null ? n + ":" + p.getEndPort() : String.valueOf(n);
                out.add("-p " + proto + " -m " + proto + " --dport " + range + " ");
            }
        }
        if (out.isEmpty()) {
            out.add("-p tcp -m tcp --dport 0 "); // a named port no Pod declares: matches nothing
        }
        return out;
    }

    private boolean selects(NetworkPolicy pol, PodState pod, String dir) {
        if (pol.getSpec() == null || !ns(pol).equals(pod.namespace())) {
            return false;
        }
        if (!matches(pol.getSpec().getPodSelector(), pod.labels())) {
            return false;
        }
        List<String> types = pol.getSpec().getPolicyTypes();
        if (types == null || types.isEmpty()) {
            return dir.equals("Ingress") || (pol.getSpec().getEgress() != null && !pol.getSpec().getEgress().isEmpty());
        }
        return types.contains(dir);
    }

    private boolean peerMatches(NetworkPolicy pol, NetworkPolicyPeer peer, PodState other) {
        if (peer.getNamespaceSelector() == null) {
            if (!other.namespace().equals(ns(pol))) {
                return false;
            }
        } else if (!matches(peer.getNamespaceSelector(), state.namespaceLabels(other.namespace()))) {
            return false;
        }
        return peer.getPodSelector() == null || matches(peer.getPodSelector(), other.labels());
    }

    static boolean matches(LabelSelector sel, Map<String, String> labels) {
        if (sel == null) {
            return true;
        }
        if (sel.getMatchLabels() != null) {
            for (var e : sel.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(labels.get(e.getKey()))) {
                    return false;
                }
            }
        }
        if (sel.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : sel.getMatchExpressions()) {
                String v = labels.get(r.getKey());
                List<String> vals = r.getValues() == null ? List.of() : r.getValues();
                boolean ok = switch (r.getOperator()) {
                    case "In" -> v != null && vals.contains(v);
                    case "NotIn" -> v == null || !vals.contains(v);
                    case "Exists" -> labels.containsKey(r.getKey());
                    case "DoesNotExist" -> !labels.containsKey(r.getKey());
                    default -> false;
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String ns(NetworkPolicy p) {
        return p.getMetadata() == null || p.getMetadata().getNamespace() == null ? "default" : p.getMetadata().getNamespace();
    }
}
