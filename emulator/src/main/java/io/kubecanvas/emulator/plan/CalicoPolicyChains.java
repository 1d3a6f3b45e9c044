package io.kubecanvas.emulator.plan;

import io.kubecanvas.emulator.plan.PolicyAllowances.Allow;
import io.kubecanvas.emulator.plan.PolicyAllowances.PolicyAllows;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.emulator.state.ClusterState.PodState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * NetworkPolicies as canal enforces them: Calico's felix writes the filter chains (flannel carries the
 * traffic). The layout follows felix (felix/rules: static.go, endpoints.go, policy.go):
 * <ul>
 * <li>{@code INPUT}, {@code FORWARD} and {@code OUTPUT} jump first to {@code cali-INPUT}, {@code cali-FORWARD},
 * {@code cali-OUTPUT}; {@code FORWARD} ends with felix's "Policy explicitly accepted packet." ACCEPT.</li>
 * <li>{@code cali-FORWARD} sends traffic from workloads to {@code cali-from-wl-dispatch} and traffic to
 * workloads to {@code cali-to-wl-dispatch}, which pick the workload's {@code cali-fw-<iface>} (its egress)
 * or {@code cali-tw-<iface>} (its ingress) chain.</li>
 * <li>A workload chain accepts established and related packets, drops invalid ones, clears the accept and
 * pass marks (0x10000, 0x20000), then, in the "default" tier, jumps to each policy's {@code cali-pi-*}
 * (ingress) or {@code cali-po-*} (egress) chain; a policy that allows sets 0x10000 and the workload chain
 * returns; none did: "End of tier default. Drop if no policies passed packet". A workload no policy selects
 * goes to its namespace's profile ({@code cali-pri-kns.<ns>} / {@code cali-pro-kns.<ns>}), which allows all.</li>
 * <li>Traffic from a workload to its own node ({@code cali-INPUT} to {@code cali-wl-to-host}) passes the
 * workload's egress chain first, then felix's DefaultEndpointToHostAction (ACCEPT, as canal installs it);
 * traffic from the node to its workloads is never policed ({@code cali-OUTPUT}: {@code -o <workload
 * interfaces> -j RETURN}), as Kubernetes requires.</li>
 * </ul>
 * Design notes: Calico's own CNI gives each workload a routed {@code cali*} veth; here Pods sit on flannel's
 * {@code cni0} bridge, where iptables sees bridged packets with {@code -i cni0 -o cni0}, so the dispatch
 * chains match the workload's address instead of its interface (the per-workload chains keep the
 * interface's name). Felix matches peers with ipsets ({@code cali40s:...}); these chains hold one rule per
 * peer address, and an ipBlock's except list, which felix writes as a negated ipset match, is a small
 * {@code cali-nx-*} chain that returns for the excepted CIDRs. Kubernetes policies are Calico policies named
 * {@code knp.default.<name>}; the accept and pass marks are felix's defaults.
 */
final class CalicoPolicyChains {
    static final String PREFIX = "cali-";
    static final String ACCEPT_MARK = "0x10000/0x10000";
    static final String PASS_CLEAR = "0x0/0x20000";
    /** iptables' limit on chain names (XT_EXTENSION_MAXNAMELEN minus the NUL). */
    static final int MAX_CHAIN = 28;

    private CalicoPolicyChains() {
    }

    static List<IptablesRule> compute(ClusterState state, List<PodState> pods, String workloadDevice) {
        List<IptablesRule> out = new ArrayList<>();
        out.add(IptablesRule.append("filter", "INPUT").comment("cali:Cz_u1IQiXIMmKD4c").jump("cali-INPUT"));
        out.add(IptablesRule.append("filter", "FORWARD").comment("cali:wUHhoiAYhphO9Mso").jump("cali-FORWARD"));
        out.add(IptablesRule.append("filter", "OUTPUT").comment("cali:tVnHkvAo15HuiPy0").jump("cali-OUTPUT"));

        out.add(IptablesRule.append("filter", "cali-INPUT").in(workloadDevice).jump("cali-wl-to-host"));
        out.add(IptablesRule.append("filter", "cali-INPUT").mark(ACCEPT_MARK).jump("ACCEPT"));
        out.add(IptablesRule.append("filter", "cali-wl-to-host").jump("cali-from-wl-dispatch"));
        out.add(IptablesRule.append("filter", "cali-wl-to-host").comment("Configured DefaultEndpointToHostAction")
                .jump("ACCEPT"));
        out.add(IptablesRule.append("filter", "cali-OUTPUT").mark(ACCEPT_MARK).jump("ACCEPT"));
        out.add(IptablesRule.append("filter", "cali-OUTPUT").out(workloadDevice).jump("RETURN"));
        out.add(IptablesRule.append("filter", "cali-FORWARD").jump("MARK", "--set-xmark 0x0/0xe0000"));
        out.add(IptablesRule.append("filter", "cali-FORWARD").in(workloadDevice).jump("cali-from-wl-dispatch"));
        out.add(IptablesRule.append("filter", "cali-FORWARD").out(workloadDevice).jump("cali-to-wl-dispatch"));

        List<IptablesRule> dispatchFrom = new ArrayList<>();
        List<IptablesRule> dispatchTo = new ArrayList<>();
        List<IptablesRule> endpoints = new ArrayList<>();
        Map<String, PolicyChain> policyChains = new LinkedHashMap<>();
        Map<String, String> profiles = new LinkedHashMap<>();
        for (PodState pod : pods) {
            String iface = NodePlan.hostVethName(pod.key());
            String fw = PREFIX + "fw-" + iface;
            String tw = PREFIX + "tw-" + iface;
            dispatchFrom.add(IptablesRule.append("filter", "cali-from-wl-dispatch").source(pod.ip() + "/32").jump(fw));
            dispatchTo.add(IptablesRule.append("filter", "cali-to-wl-dispatch").destination(pod.ip() + "/32").jump(tw));
            for (boolean ingress : new boolean[]{true, false}) {
                String chain = ingress ? tw : fw;
                List<PolicyAllows> policies = PolicyAllowances.of(state, pod,
                        ingress ? PolicyAllowances.INGRESS : PolicyAllowances.EGRESS);
                endpoints.add(IptablesRule.append("filter", chain).ctstate("RELATED,ESTABLISHED").jump("ACCEPT"));
                endpoints.add(IptablesRule.append("filter", chain).ctstate("INVALID").jump("DROP"));
                endpoints.add(IptablesRule.append("filter", chain).jump("MARK", "--set-xmark 0x0/0x30000"));
                if (!policies.isEmpty()) {
                    endpoints.add(IptablesRule.append("filter", chain).comment("Start of tier default")
                            .jump("MARK", "--set-xmark " + PASS_CLEAR));
                    for (PolicyAllows p : policies) {
                        String pc = policyChain(p, ingress);
                        policyChains.computeIfAbsent(pc, k -> new PolicyChain()).add(pc, p, pod, ingress);
                        endpoints.add(IptablesRule.append("filter", chain).mark(PASS_CLEAR).jump(pc));
                        endpoints.add(IptablesRule.append("filter", chain).comment("Return if policy accepted")
                                .mark(ACCEPT_MARK).jump("RETURN"));
                    }
                    endpoints.add(IptablesRule.append("filter", chain).comment("End of tier default. Drop if no policies"
                            + " passed packet (" + pod.key() + " " + (ingress ? "ingress" : "egress") + ": not allowed by "
                            + String.join(", ", policies.stream().map(PolicyAllows::key).toList()) + ")")
                            .mark(PASS_CLEAR).jump("DROP"));
                }
                String profile = limited(PREFIX + (ingress ? "pri-" : "pro-"), "kns." + pod.namespace());
                profiles.put(profile, "Profile kns." + pod.namespace() + " " + (ingress ? "ingress" : "egress")
                        + ": allow all");
                endpoints.add(IptablesRule.append("filter", chain).jump(profile));
                endpoints.add(IptablesRule.append("filter", chain).comment("Return if profile accepted")
                        .mark(ACCEPT_MARK).jump("RETURN"));
                endpoints.add(IptablesRule.append("filter", chain).comment("Drop if no profiles matched").jump("DROP"));
            }
        }
        out.addAll(dispatchFrom);
        out.addAll(dispatchTo);
        out.addAll(endpoints);
        policyChains.values().forEach(c -> out.addAll(c.rules));
        profiles.forEach((chain, comment) -> {
            out.add(IptablesRule.append("filter", chain).comment(comment).jump("MARK", "--set-xmark " + ACCEPT_MARK));
            out.add(IptablesRule.append("filter", chain).mark(ACCEPT_MARK).jump("RETURN"));
        });
        return out;
    }

    /** felix's rule appended to FORWARD, after everything else there. */
    static List<IptablesRule> trailing() {
        return List.of(IptablesRule.append("filter", "FORWARD").comment("Policy explicitly accepted packet.")
                .mark(ACCEPT_MARK).jump("ACCEPT"));
    }

    static String policyChain(PolicyAllows p, boolean ingress) {
        return limited(PREFIX + (ingress ? "pi-" : "po-"), p.namespace() + "/knp.default." + p.name());
    }

    /**
     * One policy's chain, shared by every workload on the node the policy selects: each selected Pod adds
     * what the policy allows it, once (an ingress named port is that Pod's number, so such a rule also
     * matches the Pod's address).
     */
    private static final class PolicyChain {
        final List<IptablesRule> rules = new ArrayList<>();
        final Set<IptablesRule> seen = new HashSet<>();

        void add(String name, PolicyAllows p, PodState pod, boolean ingress) {
            String comment = "Policy " + p.namespace() + "/knp.default." + p.name() + " " + (ingress ? "ingress" : "egress");
            for (Allow a : p.allows()) {
                IptablesRule.Builder b = IptablesRule.append("filter", name).comment(comment).protocol(a.protocol());
                if (a.peer() != null) {
                    if (ingress) {
                        b.source(a.peer());
                    } else {
                        b.destination(a.peer());
                    }
                }
                if (ingress && a.namedPort() != null) {
                    b.destination(pod.ip() + "/32");
                }
                b.dport(a.ports());
                if (a.except().isEmpty()) {
                    IptablesRule rule = b.jump("MARK", "--set-xmark " + ACCEPT_MARK);
                    if (seen.add(rule)) {
                        rules.add(rule);
                        rules.add(IptablesRule.append("filter", name).mark(ACCEPT_MARK).jump("RETURN"));
                    }
                    continue;
                }
                String nx = PREFIX + "nx-" + KubeProxyRules.hash(name + a.rule() + a.peer() + a.except() + a.protocol()
                        + a.ports());
                IptablesRule rule = b.jump(nx);
                if (!seen.add(rule)) {
                    continue;
                }
                rules.add(rule);
                rules.add(IptablesRule.append("filter", name).mark(ACCEPT_MARK).jump("RETURN"));
                for (String ex : a.except()) {
                    IptablesRule.Builder e = IptablesRule.append("filter", nx).comment(comment + " except " + ex);
                    rules.add((ingress ? e.source(ex) : e.destination(ex)).jump("RETURN"));
                }
                rules.add(IptablesRule.append("filter", nx).comment(comment).jump("MARK", "--set-xmark " + ACCEPT_MARK));
            }
        }
    }

    /** felix's length-limited chain names: the id as is when it fits, else "_" and a hash of it. */
    static String limited(String prefix, String id) {
        String whole = prefix + id;
        if (whole.length() <= MAX_CHAIN) {
            return whole;
        }
        String h = "_" + KubeProxyRules.hash(id);
        return prefix + h.substring(0, Math.min(h.length(), MAX_CHAIN - prefix.length()));
    }
}
