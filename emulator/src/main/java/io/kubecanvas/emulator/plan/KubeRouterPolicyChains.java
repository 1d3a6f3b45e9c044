package io.kubecanvas.emulator.plan;

import io.kubecanvas.model.net.Cidr;
import io.kubecanvas.emulator.plan.PolicyAllowances.Allow;
import io.kubecanvas.emulator.plan.PolicyAllowances.PolicyAllows;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.emulator.state.ClusterState.PodState;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * NetworkPolicies as kube-router's network policy controller writes them (beside flannel, with
 * {@code --run-firewall} only), following its layout (pkg/controllers/netpol: npc_iptables.go, pod.go,
 * policy.go):
 * <ul>
 * <li>{@code INPUT}, {@code FORWARD} and {@code OUTPUT} jump first to {@code KUBE-ROUTER-INPUT},
 * {@code KUBE-ROUTER-FORWARD} and {@code KUBE-ROUTER-OUTPUT}. {@code KUBE-ROUTER-INPUT} first lets traffic
 * to the service range, the NodePort range and the load-balancer range through (RETURN).</li>
 * <li>Every Pod of the node has a {@code KUBE-POD-FW-*} chain, jumped to for traffic to the Pod
 * ({@code -d}, from FORWARD and OUTPUT) and from it ({@code -s}, from INPUT, FORWARD and OUTPUT, so a Pod's
 * traffic to its own node is policed too). It runs {@code KUBE-NWPLCY-COMMON} (established and related
 * accepted, invalid dropped, ICMP echo-request, destination-unreachable and time-exceeded accepted),
 * accepts traffic from the node itself ("from local node"), then each policy's {@code KUBE-NWPLCY-*}
 * chain, or {@code KUBE-NWPLCY-DEFAULT} (allow) for a direction no policy governs. A policy chain that
 * allows sets mark 0x10000; without it the Pod chain REJECTs (the client sees "connection refused",
 * ICMP port unreachable), else it trades 0x10000 for 0x20000 ("netpol-ok"), which
 * {@code KUBE-NWPLCY-TAIL} at the end of the top-level chains ACCEPTs.</li>
 * </ul>
 * Design notes: kube-router matches peers and targets with ipsets ({@code KUBE-SRC-*}, {@code KUBE-DST-*});
 * here a policy chain holds one rule per (selected Pod of this node, peer address, port), and an ipBlock's
 * except list, an ipset "nomatch" entry there, is a sub-chain that returns for the excepted CIDRs. The NFLOG
 * rule before the REJECT and the duplicate {@code -m physdev --physdev-is-bridged} jumps are left out: the
 * plain address jumps already see bridged traffic.
 */
final class KubeRouterPolicyChains {
    static final String PREFIX = "KUBE-";
    static final String INPUT = "KUBE-ROUTER-INPUT";
    static final String FORWARD = "KUBE-ROUTER-FORWARD";
    static final String OUTPUT = "KUBE-ROUTER-OUTPUT";
    static final String COMMON = "KUBE-NWPLCY-COMMON";
    static final String DEFAULT = "KUBE-NWPLCY-DEFAULT";
    static final String TAIL = "KUBE-NWPLCY-TAIL";
    static final String MATCHED = "0x10000/0x10000";
    static final String NETPOL_OK = "0x20000/0x20000";
    static final String NODE_PORTS = "30000:32767";

    private KubeRouterPolicyChains() {
    }

    static List<IptablesRule> compute(ClusterState state, List<PodState> pods) {
        List<IptablesRule> out = new ArrayList<>();
        Map<String, String> top = new LinkedHashMap<>();
        top.put("INPUT", INPUT);
        top.put("FORWARD", FORWARD);
        top.put("OUTPUT", OUTPUT);
        top.forEach((builtin, chain) -> out.add(IptablesRule.append("filter", builtin)
                .comment(withUuid(builtin, "kube-router netpol")).jump(chain)));
        String services = Cidr.parse(state.network().serviceCidr()).canonical().toString();
        out.add(IptablesRule.append("filter", INPUT).comment(withUuid(INPUT, "allow traffic to primary/secondary cluster IP range"))
                .destination(services).jump("RETURN"));
        for (String proto : List.of("tcp", "udp", "sctp")) {
            out.add(IptablesRule.append("filter", INPUT).comment(withUuid(INPUT, "allow LOCAL " + proto.toUpperCase()
                    + " traffic to node ports")).dstTypeLocal().protocol(proto).dport(NODE_PORTS).jump("RETURN"));
        }
        String lbPool = state.network().loadBalancerPool();
        if (lbPool != null && !lbPool.isBlank()) {
            String pool = Cidr.parse(lbPool).canonical().toString();
            out.add(IptablesRule.append("filter", INPUT).comment(withUuid(INPUT, "allow traffic to load balancer IP range: "
                    + pool)).destination(pool).jump("RETURN"));
        }

        List<IptablesRule> podChains = new ArrayList<>();
        Map<String, PolicyChain> policyChains = new LinkedHashMap<>();
        for (PodState pod : pods) {
            String fw = podFirewallChain(pod);
            String ip = pod.ip() + "/32";
            out.add(IptablesRule.append("filter", FORWARD).comment(pod.key() + " in").destination(ip).jump(fw));
            out.add(IptablesRule.append("filter", OUTPUT).comment(pod.key() + " in").destination(ip).jump(fw));
            for (String chain : top.values()) {
                out.add(IptablesRule.append("filter", chain).comment(pod.key() + " out").source(ip).jump(fw));
            }
            List<PolicyAllows> ingress = PolicyAllowances.of(state, pod, PolicyAllowances.INGRESS);
            List<PolicyAllows> egress = PolicyAllowances.of(state, pod, PolicyAllowances.EGRESS);
            podChains.add(IptablesRule.append("filter", fw).comment("common netpol rules").jump(COMMON));
            podChains.add(IptablesRule.append("filter", fw).comment("from local node").srcTypeLocal().destination(ip)
                    .jump("ACCEPT"));
            if (egress.isEmpty()) {
                podChains.add(IptablesRule.append("filter", fw).comment("default egress").source(ip).jump(DEFAULT));
            }
            if (ingress.isEmpty()) {
                podChains.add(IptablesRule.append("filter", fw).comment("default ingress").destination(ip).jump(DEFAULT));
            }
            // kube-router inserts each policy jump at the top, so the last policy comes first.
            Map<String, PolicyAllows[]> byPolicy = new LinkedHashMap<>();
            for (PolicyAllows p : ingress) {
                byPolicy.computeIfAbsent(p.key(), k -> new PolicyAllows[2])[0] = p;
            }
            for (PolicyAllows p : egress) {
                byPolicy.computeIfAbsent(p.key(), k -> new PolicyAllows[2])[1] = p;
            }
            List<IptablesRule> jumps = new ArrayList<>();
            byPolicy.forEach((key, both) -> {
                PolicyAllows any = both[0] != null ? both[0] : both[1];
                String pc = policyChain(any);
                PolicyChain c = policyChains.computeIfAbsent(pc, k -> new PolicyChain(pc));
                IptablesRule.Builder j = IptablesRule.append("filter", fw).comment(key + " policy");
                if (both[1] == null) {
                    j.destination(ip);
                } else if (both[0] == null) {
                    j.source(ip);
                }
                jumps.add(0, j.jump(pc));
                if (both[0] != null) {
                    c.add(both[0], pod, true);
                }
                if (both[1] != null) {
                    c.add(both[1], pod, false);
                }
            });
            podChains.addAll(jumps);
            String policies = String.join(", ", byPolicy.keySet());
            podChains.add(IptablesRule.append("filter", fw).comment(pod.key() + " reject"
                            + (policies.isEmpty() ? "" : ": not allowed by " + policies)).notMark(MATCHED)
                    .jump("REJECT", "--reject-with icmp-port-unreachable"));
            podChains.add(IptablesRule.append("filter", fw).jump("MARK", "--set-xmark 0x0/0x10000"));
            podChains.add(IptablesRule.append("filter", fw).comment("set netpol-ok mark")
                    .jump("MARK", "--set-xmark " + NETPOL_OK));
        }
        for (String chain : top.values()) {
            out.add(IptablesRule.append("filter", chain)
                    .comment("rule to explicitly handle traffic for network policies ACCEPT/REJECT decision").jump(TAIL));
            out.add(IptablesRule.append("filter", chain)
                    .comment("rule to explicitly ACCEPT traffic that comply to network policies").mark(NETPOL_OK).jump("ACCEPT"));
        }
        out.add(IptablesRule.append("filter", TAIL).comment("accept netpol-ok").mark(NETPOL_OK).jump("ACCEPT"));
        out.add(IptablesRule.append("filter", COMMON).comment("rule to drop invalid state for pod").ctstate("INVALID")
                .jump("DROP"));
        out.add(IptablesRule.append("filter", COMMON).comment("rule for stateful firewall for pod")
                .ctstate("RELATED,ESTABLISHED").jump("ACCEPT"));
        out.add(IptablesRule.append("filter", COMMON).comment("allow icmp echo requests").icmpType("echo-request")
                .jump("ACCEPT"));
        out.add(IptablesRule.append("filter", COMMON).comment("allow icmp destination unreachable messages")
                .icmpType("destination-unreachable").jump("ACCEPT"));
        out.add(IptablesRule.append("filter", COMMON).comment("allow icmp time exceeded messages")
                .icmpType("time-exceeded").jump("ACCEPT"));
        out.add(IptablesRule.append("filter", DEFAULT).comment("rule to mark traffic matching a network policy")
                .jump("MARK", "--set-xmark " + MATCHED));
        out.addAll(podChains);
        policyChains.values().forEach(c -> out.addAll(c.rules));
        return out;
    }

    static String podFirewallChain(PodState pod) {
        return PREFIX + "POD-FW-" + KubeProxyRules.hash(pod.namespace() + pod.name());
    }

    static String policyChain(PolicyAllows p) {
        return PREFIX + "NWPLCY-" + KubeProxyRules.hash(p.namespace() + p.name());
    }

    /** kube-router's positioned rules carry " - " and a hash of the rule in their comment. */
    private static String withUuid(String chain, String comment) {
        return comment + " - " + KubeProxyRules.hash(chain + comment);
    }

    /** One policy's chain: rules for each selected Pod of the node, target and peer by address. */
    private static final class PolicyChain {
        final String name;
        final List<IptablesRule> rules = new ArrayList<>();
        final Set<IptablesRule> seen = new HashSet<>();

        PolicyChain(String name) {
            this.name = name;
        }

        void add(PolicyAllows p, PodState target, boolean ingress) {
            String t = target.ip() + "/32";
            for (Allow a : p.allows()) {
                String comment = p.key() + " " + (ingress ? "ingress " : "egress ") + a.peerKind()
                        + (a.namedPort() != null ? " np" : "");
                IptablesRule.Builder b = IptablesRule.append("filter", name).comment(comment).protocol(a.protocol());
                if (ingress) {
                    b.destination(t);
                    if (a.peer() != null) {
                        b.source(a.peer());
                    }
                } else {
                    b.source(t);
                    if (a.peer() != null) {
                        b.destination(a.peer());
                    }
                }
                b.dport(a.ports());
                if (a.except().isEmpty()) {
                    IptablesRule rule = b.jump("MARK", "--set-xmark " + MATCHED);
                    if (seen.add(rule)) {
                        rules.add(rule);
                        rules.add(IptablesRule.append("filter", name).comment(comment).mark(MATCHED).jump("RETURN"));
                    }
                    continue;
                }
                String sub = PREFIX + "NWPLCY-" + KubeProxyRules.hash(name + t + a.rule() + a.peer() + a.except()
                        + a.protocol() + a.ports());
                IptablesRule rule = b.jump(sub);
                if (!seen.add(rule)) {
                    continue;
                }
                rules.add(rule);
                rules.add(IptablesRule.append("filter", name).comment(comment).mark(MATCHED).jump("RETURN"));
                String kind = ingress ? "except-src" : "except-dst";
                for (String ex : a.except()) {
                    IptablesRule.Builder e = IptablesRule.append("filter", sub).comment(p.key() + " " + kind);
                    rules.add((ingress ? e.source(ex) : e.destination(ex)).jump("RETURN"));
                }
                rules.add(IptablesRule.append("filter", sub).comment(p.key() + " ipblock").jump("MARK", "--set-xmark " + MATCHED));
            }
        }
    }
}
