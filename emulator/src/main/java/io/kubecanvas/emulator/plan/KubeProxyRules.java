package io.kubecanvas.emulator.plan;

import io.kubecanvas.emulator.state.ClusterState.Endpoint;
import io.kubecanvas.emulator.state.ClusterState.ServicePort;
import io.kubecanvas.emulator.state.ClusterState.ServiceState;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * kube-proxy's iptables mode, in its own shape (pkg/proxy/iptables/proxier.go, syncProxyRules): one sync
 * turns every Service into nat and filter rules. Chain names use kube-proxy's hash (base32 of SHA-256 of
 * the service port name and protocol, 16 characters), so they match what a real node shows.
 *
 * <p>Design notes: endpoints are chosen by {@code -m statistic --mode random --probability 1/n, 1/(n-1)...}
 * so each of n endpoints gets 1/n of new connections; traffic from outside the cluster CIDR to a ClusterIP,
 * all NodePort and LoadBalancer traffic, and an endpoint reaching itself (hairpin) get the 0x4000 mark and
 * are masqueraded in KUBE-POSTROUTING. A Service without ready endpoints is rejected in the filter table.
 * sessionAffinity ClientIP uses {@code -m recent} lists named after the KUBE-SEP chains, as kube-proxy does;
 * externalTrafficPolicy Local sends external traffic to this node's endpoints only (KUBE-SVL) and keeps the
 * client address; internalTrafficPolicy Local sends traffic to the ClusterIP to this node's endpoints only
 * (KUBE-SVL, dropped as "has no local endpoints" where there is none). The filter table has kube-proxy's
 * KUBE-PROXY-FIREWALL hooks (its rules would enforce loadBalancerSourceRanges, not modelled, so it is empty)
 * and kubelet's KUBE-FIREWALL with the "block incoming localnet connections" rule. Not modelled: the
 * health-check node port, topology-aware routing, loadBalancerSourceRanges.
 */
public final class KubeProxyRules {
    public static final String MASQ_MARK = "0x4000/0x4000";
    /** sessionAffinityConfig.clientIP.timeoutSeconds' default. */
    public static final int AFFINITY_SECONDS = 10800;
    /** kube-proxy's chain for loadBalancerSourceRanges (empty: no Service restricts its sources here). */
    public static final String FIREWALL = "KUBE-PROXY-FIREWALL";
    /** kubelet's chain, which kube-proxy also writes: the localnet (route_localnet) protection of issue 90259. */
    public static final String KUBELET_FIREWALL = "KUBE-FIREWALL";

    private final List<IptablesRule> nat = new ArrayList<>();
    private final List<IptablesRule> filter = new ArrayList<>();

    private KubeProxyRules() {
    }

    public List<IptablesRule> nat() {
        return nat;
    }

    public List<IptablesRule> filter() {
        return filter;
    }

    /**
     * The rules for these Services on node {@code node}: the same on every node except for Services with
     * {@code externalTrafficPolicy: Local}, whose external traffic only goes to endpoints on this node.
     */
    public static KubeProxyRules compute(List<ServiceState> services, String clusterCidr, String node) {
        KubeProxyRules k = new KubeProxyRules();
        k.sync(services, clusterCidr, node);
        return k;
    }

    /** True when some Service's rules depend on the node (externalTrafficPolicy or internalTrafficPolicy Local). */
    public static boolean nodeDependent(List<ServiceState> services) {
        return services.stream().anyMatch(s -> local(s) || internalLocal(s));
    }

    static boolean internalLocal(ServiceState s) {
        return "Local".equals(s.internalTrafficPolicy());
    }

    static boolean local(ServiceState s) {
        return "Local".equals(s.externalTrafficPolicy()) && (s.loadBalancerIp() != null
                || s.ports().stream().anyMatch(p -> p.nodePort() > 0));
    }

    private void sync(List<ServiceState> services, String clusterCidr, String node) {
        nat.add(IptablesRule.append("nat", "PREROUTING").comment("kubernetes service portals").jump("KUBE-SERVICES"));
        nat.add(IptablesRule.append("nat", "OUTPUT").comment("kubernetes service portals").jump("KUBE-SERVICES"));
        nat.add(IptablesRule.append("nat", "POSTROUTING").comment("kubernetes postrouting rules").jump("KUBE-POSTROUTING"));
        nat.add(IptablesRule.append("nat", "KUBE-POSTROUTING").notMark(MASQ_MARK).jump("RETURN"));
        nat.add(IptablesRule.append("nat", "KUBE-POSTROUTING").jump("MARK", "--xor-mark 0x4000"));
        nat.add(IptablesRule.append("nat", "KUBE-POSTROUTING").comment("kubernetes service traffic requiring SNAT")
                .jump("MASQUERADE", "--random-fully"));
        nat.add(IptablesRule.append("nat", "KUBE-MARK-MASQ").jump("MARK", "--or-mark 0x4000"));

        for (String hook : List.of("INPUT", "FORWARD", "OUTPUT")) {
            filter.add(IptablesRule.append("filter", hook).ctstate("NEW").comment("kubernetes load balancer firewall")
                    .jump(FIREWALL));
        }
        filter.add(IptablesRule.append("filter", "INPUT").ctstate("NEW")
                .comment("kubernetes externally-visible service portals").jump("KUBE-EXTERNAL-SERVICES"));
        // kubelet's (and kube-proxy's copy of its) anti-martian rule: nothing from outside may reach 127.0.0.0/8.
        filter.add(IptablesRule.append("filter", "INPUT").jump(KUBELET_FIREWALL));
        filter.add(IptablesRule.append("filter", KUBELET_FIREWALL).comment("block incoming localnet connections")
                .destination("127.0.0.0/8").notSource("127.0.0.0/8").notCtstate("RELATED,ESTABLISHED,DNAT").jump("DROP"));
        filter.add(IptablesRule.append("filter", "FORWARD").comment("kubernetes forwarding rules").jump("KUBE-FORWARD"));
        filter.add(IptablesRule.append("filter", "FORWARD").ctstate("NEW").comment("kubernetes service portals")
                .jump("KUBE-SERVICES"));
        filter.add(IptablesRule.append("filter", "FORWARD").ctstate("NEW")
                .comment("kubernetes externally-visible service portals").jump("KUBE-EXTERNAL-SERVICES"));
        filter.add(IptablesRule.append("filter", "OUTPUT").ctstate("NEW").comment("kubernetes service portals")
                .jump("KUBE-SERVICES"));
        filter.add(IptablesRule.append("filter", "OUTPUT").jump(KUBELET_FIREWALL));
        filter.add(IptablesRule.append("filter", "KUBE-FORWARD").ctstate("INVALID").jump("DROP"));
        filter.add(IptablesRule.append("filter", "KUBE-FORWARD").comment("kubernetes forwarding rules").mark(MASQ_MARK)
                .jump("ACCEPT"));
        filter.add(IptablesRule.append("filter", "KUBE-FORWARD").comment("kubernetes forwarding conntrack rule")
                .ctstate("RELATED,ESTABLISHED").jump("ACCEPT"));

        List<IptablesRule> svcRules = new ArrayList<>();
        List<IptablesRule> nodePortRules = new ArrayList<>();
        List<IptablesRule> chains = new ArrayList<>();
        for (ServiceState svc : services) {
            if (svc.headless() || "ExternalName".equals(svc.type())) {
                continue;
            }
            for (ServicePort sp : svc.ports()) {
                String spn = servicePortName(svc, sp);
                String proto = protocol(sp.protocol());
                String svcChain = svcChain(spn, proto);
                String extChain = "KUBE-EXT-" + svcChain.substring("KUBE-SVC-".length());
                String cip = svc.clusterIp() + "/32";
                List<Endpoint> eps = svc.endpoints().stream().filter(Endpoint::ready).filter(e -> e.ip() != null)
                        .filter(e -> targetPort(e, sp) > 0).toList();
                boolean external = sp.nodePort() > 0 || svc.loadBalancerIp() != null;
                if (eps.isEmpty()) {
                    filter.add(IptablesRule.append("filter", "KUBE-SERVICES").comment(spn + " has no endpoints")
                            .protocol(proto).destination(cip).dport(sp.port()).jump("REJECT"));
                    if (sp.nodePort() > 0) {
                        filter.add(IptablesRule.append("filter", "KUBE-EXTERNAL-SERVICES").comment(spn + " has no endpoints")
                                .dstTypeLocal().protocol(proto).dport(sp.nodePort()).jump("REJECT"));
                    }
                    if (svc.loadBalancerIp() != null) {
                        filter.add(IptablesRule.append("filter", "KUBE-EXTERNAL-SERVICES").comment(spn + " has no endpoints")
                                .protocol(proto).destination(svc.loadBalancerIp() + "/32").dport(sp.port()).jump("REJECT"));
                    }
                    continue;
                }
                boolean itpLocal = internalLocal(svc);
                boolean etpLocal = external && local(svc);
                String svlChain = "KUBE-SVL-" + svcChain.substring("KUBE-SVC-".length());
                List<Endpoint> localEps = eps.stream().filter(e -> node != null && node.equals(e.node())).toList();
                // internalTrafficPolicy Local: traffic to the cluster IP goes to this node's endpoints only (KUBE-SVL).
                String internalChain = itpLocal ? svlChain : svcChain;
                boolean usesSvc = !itpLocal || external;
                boolean usesSvl = itpLocal || etpLocal;
                if (itpLocal && localEps.isEmpty()) {
                    filter.add(IptablesRule.append("filter", "KUBE-SERVICES").comment(spn + " has no local endpoints")
                            .protocol(proto).destination(cip).dport(sp.port()).jump("DROP"));
                } else {
                    svcRules.add(IptablesRule.append("nat", "KUBE-SERVICES").comment(spn + " cluster IP").protocol(proto)
                            .destination(cip).dport(sp.port()).jump(internalChain));
                    // Off-cluster traffic to the cluster IP is masqueraded, in the chain the cluster IP leads to.
                    chains.add(IptablesRule.append("nat", internalChain).comment(spn + " cluster IP").protocol(proto)
                            .notSource(clusterCidr).destination(cip).dport(sp.port()).jump("KUBE-MARK-MASQ"));
                }
                if (svc.loadBalancerIp() != null) {
                    svcRules.add(IptablesRule.append("nat", "KUBE-SERVICES").comment(spn + " loadbalancer IP")
                            .protocol(proto).destination(svc.loadBalancerIp() + "/32").dport(sp.port()).jump(extChain));
                }
                if (sp.nodePort() > 0) {
                    nodePortRules.add(IptablesRule.append("nat", "KUBE-NODEPORTS").comment(spn).protocol(proto)
                            .dport(sp.nodePort()).jump(extChain));
                }
                if (external && !etpLocal) {
                    chains.add(IptablesRule.append("nat", extChain)
                            .comment("masquerade traffic for " + spn + " external destinations").jump("KUBE-MARK-MASQ"));
                    chains.add(IptablesRule.append("nat", extChain).jump(svcChain));
                } else if (external) {
                    // externalTrafficPolicy Local: the client address is kept, and only this node's endpoints serve.
                    chains.add(IptablesRule.append("nat", extChain).comment("pod traffic for " + spn + " external destinations")
                            .source(clusterCidr).jump(svcChain));
                    chains.add(IptablesRule.append("nat", extChain)
                            .comment("masquerade LOCAL traffic for " + spn + " external destinations").srcTypeLocal()
                            .jump("KUBE-MARK-MASQ"));
                    chains.add(IptablesRule.append("nat", extChain)
                            .comment("route LOCAL traffic for " + spn + " external destinations").srcTypeLocal().jump(svcChain));
                    chains.add(IptablesRule.append("nat", extChain).jump(svlChain));
                    if (localEps.isEmpty()) {
                        if (sp.nodePort() > 0) {
                            filter.add(IptablesRule.append("filter", "KUBE-EXTERNAL-SERVICES").comment(spn + " has no local endpoints")
                                    .dstTypeLocal().protocol(proto).dport(sp.nodePort()).jump("DROP"));
                        }
                        if (svc.loadBalancerIp() != null) {
                            filter.add(IptablesRule.append("filter", "KUBE-EXTERNAL-SERVICES").comment(spn + " has no local endpoints")
                                    .protocol(proto).destination(svc.loadBalancerIp() + "/32").dport(sp.port()).jump("DROP"));
                        }
                    }
                }
                boolean affinity = "ClientIP".equals(svc.sessionAffinity());
                if (usesSvc) {
                    endpointJumps(chains, svcChain, spn, proto, sp, eps, affinity);
                }
                if (usesSvl) {
                    endpointJumps(chains, svlChain, spn, proto, sp, localEps, affinity);
                }
                for (Endpoint e : usesSvc ? eps : localEps) {
                    String epText = e.ip() + ":" + targetPort(e, sp);
                    String sepChain = sepChain(spn, proto, epText);
                    chains.add(IptablesRule.append("nat", sepChain).comment(spn).source(e.ip() + "/32").jump("KUBE-MARK-MASQ"));
                    IptablesRule.Builder dnat = IptablesRule.append("nat", sepChain).comment(spn).protocol(proto);
                    if (affinity) {
                        dnat.recentSet(sepChain);
                    }
                    chains.add(dnat.jump("DNAT", "--to-destination " + epText));
                }
            }
        }
        nat.addAll(svcRules);
        nat.add(IptablesRule.append("nat", "KUBE-SERVICES")
                .comment("kubernetes service nodeports; NOTE: this must be the last rule in this chain")
                .dstTypeLocal().jump("KUBE-NODEPORTS"));
        nat.addAll(nodePortRules);
        nat.addAll(chains);
    }

    /**
     * A service chain's jumps to its endpoints: with sessionAffinity ClientIP first the {@code -m recent}
     * checks (a client seen lately goes back to the endpoint it had), then one jump per endpoint with
     * probability 1/n, 1/(n-1)... so each gets an equal share.
     */
    private static void endpointJumps(List<IptablesRule> chains, String chain, String spn, String proto, ServicePort sp,
                                      List<Endpoint> eps, boolean affinity) {
        if (affinity) {
            for (Endpoint e : eps) {
                String epText = e.ip() + ":" + targetPort(e, sp);
                String sepChain = sepChain(spn, proto, epText);
                chains.add(IptablesRule.append("nat", chain).comment(spn + " -> " + epText)
                        .recentCheck(sepChain, AFFINITY_SECONDS).jump(sepChain));
            }
        }
        int n = eps.size();
        for (int i = 0; i < n; i++) {
            Endpoint e = eps.get(i);
            String epText = e.ip() + ":" + targetPort(e, sp);
            IptablesRule.Builder jump = IptablesRule.append("nat", chain).comment(spn + " -> " + epText);
            if (i < n - 1) {
                jump.probability(String.format(Locale.ROOT, "%.10f", 1.0 / (n - i)));
            }
            chains.add(jump.jump(sepChain(spn, proto, epText)));
        }
    }

    /** The Pod port an endpoint serves for a Service port, 0 when it serves none. */
    public static int targetPort(Endpoint e, ServicePort sp) {
        Integer p = null;
        if (sp.name() != null && !sp.name().isEmpty()) {
            p = e.targetPorts().get(sp.name());
        }
        if (p == null) {
            p = e.targetPorts().get(String.valueOf(sp.port()));
        }
        if (p == null && e.targetPorts().size() == 1 && (sp.name() == null || sp.name().isEmpty())) {
            p = e.targetPorts().values().iterator().next();
        }
        // An endpoint that lists its ports serves only those (a hand-written EndpointSlice may serve one port).
        if (p == null && e.targetPorts().isEmpty() && sp.targetPort() != null && sp.targetPort().matches("\\d+")) {
            p = Integer.parseInt(sp.targetPort());
        }
        if (p == null && e.targetPorts().isEmpty() && (sp.targetPort() == null || sp.targetPort().isEmpty())) {
            p = sp.port();
        }
        return p == null ? 0 : p;
    }

    /** kube-proxy's ServicePortName: {@code ns/name:port-name}, or {@code ns/name} for an unnamed port. */
    public static String servicePortName(ServiceState svc, ServicePort sp) {
        return svc.namespace() + "/" + svc.name() + (sp.name() == null || sp.name().isEmpty() ? "" : ":" + sp.name());
    }

    public static String protocol(String p) {
        return p == null || p.isEmpty() ? "tcp" : p.toLowerCase(Locale.ROOT);
    }

    public static String svcChain(String servicePortName, String protocol) {
        return "KUBE-SVC-" + hash(servicePortName + protocol);
    }

    public static String sepChain(String servicePortName, String protocol, String endpoint) {
        return "KUBE-SEP-" + hash(servicePortName + protocol + endpoint);
    }

    /** kube-proxy's portProtoHash: base32(sha256(text))[:16]. */
    static String hash(String text) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return base32(h).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base32(byte[] data) {
        final String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(alphabet.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    /** A short stable hex hash (for veth, netns and policy chain names). */
    static String shortHash(String text, int hexChars) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder b = new StringBuilder();
            for (byte x : h) {
                b.append(String.format("%02x", x & 0xff));
            }
            return b.substring(0, hexChars);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
