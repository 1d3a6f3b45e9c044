package io.kubecanvas.emulator.plan;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.emulator.state.ClusterState.Endpoint;
import io.kubecanvas.emulator.state.ClusterState.NodeState;
import io.kubecanvas.emulator.state.ClusterState.PodState;
import io.kubecanvas.emulator.state.ClusterState.ServicePort;
import io.kubecanvas.emulator.state.ClusterState.ServiceState;
import io.kubecanvas.model.Cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole cluster network as a pure description, computed from a {@link ClusterState} in one sync:
 * per node the plumbing and iptables rules ({@link NodePlan}), plus the cluster DNS server and the Ingress
 * controller's routing table. Printable with {@link #render(String)}; the sim backend interprets it and
 * the docker backend runs it.
 *
 * @param externalAddress the outside world's address on the underlay (the Docker host: the gateway, .1)
 */
public record NetworkPlan(String cni, Cidr clusterCidr, Cidr serviceCidr, Cidr underlayCidr, String externalAddress,
                          List<NodePlan> nodes, DnsTable dns, IngressTable ingress) {

    public static final String BRIDGE = "cni0";
    public static final String CONTROL_PLANE_ROLE = "control-plane";
    public static final String VXLAN = "flannel.1";
    public static final int VXLAN_VNI = 1;
    public static final int VXLAN_PORT = 8472;
    public static final String UNDERLAY_DEV = "eth0";

    public NetworkPlan {
        nodes = List.copyOf(nodes);
    }

    public NodePlan node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst().orElse(null);
    }

    public boolean vxlanMode() {
        return Cluster.NetworkSettings.FLANNEL_VXLAN.equals(cni);
    }

    /** Computes the plan for a cluster state. */
    public static NetworkPlan compute(ClusterState state) {
        Cluster.NetworkSettings net = state.network();
        boolean vxlan = !Cluster.NetworkSettings.HOST_GW.equals(net.cni());
        String cni = vxlan ? Cluster.NetworkSettings.FLANNEL_VXLAN : Cluster.NetworkSettings.HOST_GW;
        Cidr clusterCidr = Cidr.parse(net.clusterCidr()).canonical();
        Cidr serviceCidr = Cidr.parse(net.serviceCidr()).canonical();
        Cidr underlay = Cidr.parse(net.underlayCidr()).canonical();
        String gateway = Ipv4.format(underlay.nth(1));
        int mtu = vxlan ? 1450 : 1500;
        List<NodeState> nodes = state.nodes().stream().filter(n -> n.underlayIp() != null && n.podCidr() != null).toList();
        NodeState hostNode = nodes.stream().filter(n -> CONTROL_PLANE_ROLE.equals(n.role())).findFirst()
                .orElse(nodes.isEmpty() ? null : nodes.get(0));

        DnsTable dns = dns(state, serviceCidr, hostNode);
        List<ServiceState> services = new ArrayList<>(state.services());
        ServiceState kubeDns = state.service("kube-system", "kube-dns");
        if (dns.hostedNode() != null) {
            // No DNS Pods: kube-dns's ClusterIP leads to the server on the control-plane node's address.
            Endpoint ep = new Endpoint("kube-system", "dns@" + hostNode.name(), hostNode.underlayIp(), hostNode.name(),
                    true, Map.of("dns", 53, "dns-tcp", 53, "metrics", 9153));
            ServiceState synth = new ServiceState("kube-system", "kube-dns", "ClusterIP", dns.serviceIp(), null,
                    Map.of("k8s-app", "kube-dns"), List.of(new ServicePort("dns", "UDP", 53, "53", 0),
                    new ServicePort("dns-tcp", "TCP", 53, "53", 0)), List.of(ep), "None", "Cluster");
            services.remove(kubeDns);
            services.add(0, synth);
        }
        boolean perNode = KubeProxyRules.nodeDependent(services);
        KubeProxyRules shared = KubeProxyRules.compute(services, clusterCidr.toString(), null);

        // LoadBalancer addresses are announced by one node (MetalLB L2 style): the first ready worker.
        NodeState announcer = nodes.stream().filter(NodeState::ready).filter(n -> !CONTROL_PLANE_ROLE.equals(n.role()))
                .findFirst().orElse(hostNode);
        List<String> lbIps = state.services().stream().map(ServiceState::loadBalancerIp).filter(ip -> ip != null && !ip.isEmpty())
                .distinct().toList();

        List<NodePlan> plans = new ArrayList<>();
        for (NodeState n : nodes) {
            Cidr podCidr = Cidr.parse(n.podCidr()).canonical();
            int nodeIp = Ipv4.parse(n.underlayIp());
            NodePlan.UnderlayInterface eth0 = new NodePlan.UnderlayInterface(UNDERLAY_DEV, Ipv4.macFromIp("02:42", nodeIp),
                    new Cidr(nodeIp, underlay.prefix()), gateway);
            int gw = podCidr.nth(1);
            NodePlan.Bridge bridge = new NodePlan.Bridge(BRIDGE, Ipv4.macFromIp("0a:58", gw), new Cidr(gw, podCidr.prefix()), mtu);
            List<PodState> local = state.pods().stream().filter(p -> n.name().equals(p.node())).toList();
            List<NodePlan.VethPair> veths = new ArrayList<>();
            List<String> hostPods = new ArrayList<>();
            for (PodState p : local.stream().sorted(Comparator.comparing(PodState::key)).toList()) {
                if (p.hostNetwork()) {
                    hostPods.add(p.key());
                    continue;
                }
                if (p.ip() == null) {
                    continue;
                }
                String h = KubeProxyRules.shortHash(p.key(), 10);
                int ip = Ipv4.parse(p.ip());
                veths.add(new NodePlan.VethPair(p.key(), "cni-" + h.substring(0, 8), hostVethName(p.key()),
                        "0e:" + h.substring(0, 2) + ":" + h.substring(2, 4) + ":" + h.substring(4, 6) + ":" + h.substring(6, 8)
                                + ":" + h.substring(8, 10), "eth0", Ipv4.macFromIp("0a:58", ip),
                        new Cidr(ip, podCidr.prefix()), Ipv4.format(gw), mtu, true));
            }
            List<NodePlan.Route> routes = new ArrayList<>();
            routes.add(new NodePlan.Route(underlay, null, UNDERLAY_DEV, false, n.underlayIp()));
            routes.add(new NodePlan.Route(podCidr, null, BRIDGE, false, Ipv4.format(gw)));
            routes.add(new NodePlan.Route(new Cidr(0, 0), gateway, UNDERLAY_DEV, false, null));
            List<NodePlan.NeighbourEntry> neigh = new ArrayList<>();
            List<NodePlan.FdbEntry> fdb = new ArrayList<>();
            NodePlan.VxlanDevice vx = null;
            if (vxlan) {
                vx = new NodePlan.VxlanDevice(VXLAN, VXLAN_VNI, VXLAN_PORT, n.underlayIp(), UNDERLAY_DEV, vtepMac(n),
                        new Cidr(podCidr.network(), 32), 1450);
            }
            for (NodeState peer : nodes) {
                if (peer == n) {
                    continue;
                }
                Cidr peerCidr = Cidr.parse(peer.podCidr()).canonical();
                if (vxlan) {
                    String peerVtep = Ipv4.format(peerCidr.network());
                    routes.add(new NodePlan.Route(peerCidr, peerVtep, VXLAN, true, null));
                    neigh.add(new NodePlan.NeighbourEntry(peerVtep, vtepMac(peer), VXLAN));
                    fdb.add(new NodePlan.FdbEntry(vtepMac(peer), VXLAN, peer.underlayIp()));
                } else {
                    routes.add(new NodePlan.Route(peerCidr, peer.underlayIp(), UNDERLAY_DEV, false, null));
                }
            }
            IptablesTable.Builder nat = new IptablesTable.Builder("nat");
            IptablesTable.Builder filter = new IptablesTable.Builder("filter");
            KubeProxyRules kubeProxy = perNode ? KubeProxyRules.compute(services, clusterCidr.toString(), n.name()) : shared;
            nat.addAll(kubeProxy.nat());
            nat.addAll(flannelMasquerade(clusterCidr, podCidr));
            filter.addAll(NetworkPolicyRules.compute(state, local));
            filter.addAll(kubeProxy.filter());
            filter.add(IptablesRule.append("filter", "FORWARD").comment("flanneld forward").jump("FLANNEL-FWD"));
            filter.add(IptablesRule.append("filter", "FLANNEL-FWD").comment("flanneld forward")
                    .source(clusterCidr.toString()).jump("ACCEPT"));
            filter.add(IptablesRule.append("filter", "FLANNEL-FWD").comment("flanneld forward")
                    .destination(clusterCidr.toString()).jump("ACCEPT"));
            filter.addAll(NetworkPolicyRules.trailing(state));
            List<String> extra = announcer == n ? lbIps : List.of();
            plans.add(new NodePlan(n.name(), n.role(), n.ready(), eth0, bridge, veths, vx, routes, neigh, fdb, extra,
                    hostPods, List.of(nat.build(), filter.build())));
        }
        IngressTable ingress = ingress(state, hostNode);
        return new NetworkPlan(cni, clusterCidr, serviceCidr, underlay, gateway, plans, dns, ingress);
    }

    /** The host side of a Pod's veth pair, as the plan names it (the docker backend renames the CNI's to it). */
    public static String hostVethName(String podKey) {
        return "veth" + KubeProxyRules.shortHash(podKey, 8);
    }

    /** flannel's masquerade rules: Pod traffic leaving the cluster CIDR is SNAT'ed, Pod-to-Pod never is. */
    static List<IptablesRule> flannelMasquerade(Cidr cluster, Cidr podCidr) {
        String c = cluster.toString();
        String p = podCidr.toString();
        List<IptablesRule> r = new ArrayList<>();
        r.add(IptablesRule.append("nat", "POSTROUTING").comment("flanneld masq").jump("FLANNEL-POSTRTG"));
        r.add(IptablesRule.append("nat", "FLANNEL-POSTRTG").comment("flanneld masq").mark(KubeProxyRules.MASQ_MARK).jump("RETURN"));
        r.add(IptablesRule.append("nat", "FLANNEL-POSTRTG").comment("flanneld masq").source(p).destination(c).jump("RETURN"));
        r.add(IptablesRule.append("nat", "FLANNEL-POSTRTG").comment("flanneld masq").source(c).destination(p).jump("RETURN"));
        r.add(IptablesRule.append("nat", "FLANNEL-POSTRTG").comment("flanneld masq").notSource(c).destination(p).jump("RETURN"));
        r.add(IptablesRule.append("nat", "FLANNEL-POSTRTG").comment("flanneld masq").source(c).notDestination("224.0.0.0/4")
                .jump("MASQUERADE", "--random-fully"));
        r.add(IptablesRule.append("nat", "FLANNEL-POSTRTG").comment("flanneld masq").notSource(c).destination(c)
                .jump("MASQUERADE", "--random-fully"));
        return r;
    }

    static String vtepMac(NodeState n) {
        return Ipv4.macFromIp("0e:fa", Ipv4.parse(n.underlayIp()));
    }

    private static DnsTable dns(ClusterState state, Cidr serviceCidr, NodeState hostNode) {
        ServiceState kubeDns = state.service("kube-system", "kube-dns");
        String ip = kubeDns != null && !kubeDns.headless() ? kubeDns.clusterIp() : Ipv4.format(serviceCidr.nth(10));
        List<String> servers = new ArrayList<>();
        if (kubeDns != null) {
            kubeDns.endpoints().stream().filter(Endpoint::ready).filter(e -> e.ip() != null).forEach(e -> servers.add(e.ip()));
        }
        String hosted = null;
        if (servers.isEmpty() && hostNode != null) {
            hosted = hostNode.name();
            servers.add(hostNode.underlayIp());
        }
        return new DnsTable(ip, state.network().clusterDomain(), servers, hosted, state.dns());
    }

    private static IngressTable ingress(ClusterState state, NodeState hostNode) {
        List<IngressTable.Route> routes = new ArrayList<>();
        IngressTable.Route defaultBackend = null;
        Map<String, String> tls = new LinkedHashMap<>();
        List<IngressTable.NotRouted> notRouted = new ArrayList<>();
        for (Ingress ing : state.ingresses()) {
            String ns = ing.getMetadata().getNamespace() == null ? "default" : ing.getMetadata().getNamespace();
            String key = ns + "/" + ing.getMetadata().getName();
            if (ing.getSpec() == null) {
                continue;
            }
            String why = IngressClasses.whyNotServed(state, ing);
            if (why != null) {
                notRouted.add(new IngressTable.NotRouted(key, ing.getSpec().getRules() == null ? List.of()
                        : ing.getSpec().getRules().stream().map(IngressRule::getHost).filter(h -> h != null && !h.isEmpty())
                        .toList(), why));
                continue;
            }
            if (ing.getSpec().getDefaultBackend() != null && defaultBackend == null) {
                defaultBackend = route(state, key, null, "/", "Prefix", ns, ing.getSpec().getDefaultBackend());
            }
            if (ing.getSpec().getTls() != null) {
                for (IngressTLS t : ing.getSpec().getTls()) {
                    if (t.getHosts() != null) {
                        for (String h : t.getHosts()) {
                            tls.putIfAbsent(h.toLowerCase(), t.getSecretName() == null ? null : ns + "/" + t.getSecretName());
                        }
                    }
                }
            }
            if (ing.getSpec().getRules() == null) {
                continue;
            }
            for (IngressRule r : ing.getSpec().getRules()) {
                if (r.getHttp() == null || r.getHttp().getPaths() == null) {
                    continue;
                }
                for (HTTPIngressPath p : r.getHttp().getPaths()) {
                    if (p.getBackend() != null) {
                        routes.add(route(state, key, r.getHost() == null || r.getHost().isEmpty() ? null : r.getHost(),
                                p.getPath(), p.getPathType() == null ? "ImplementationSpecific" : p.getPathType(), ns, p.getBackend()));
                    }
                }
            }
        }
        tls.values().removeIf(v -> v == null);
        String node = hostNode == null ? null : hostNode.name();
        String addr = hostNode == null ? null : hostNode.underlayIp();
        return new IngressTable(node, addr, 80, 443, routes, defaultBackend, tls, notRouted);
    }

    private static IngressTable.Route route(ClusterState state, String ingress, String host, String path, String pathType,
                                            String ns, IngressBackend backend) {
        if (backend.getService() == null) {
            return new IngressTable.Route(ingress, host, path == null ? "/" : path, pathType, ns, "(resource)", "", null, 0);
        }
        String svcName = backend.getService().getName();
        String portText = "";
        int port = 0;
        ServiceState svc = state.service(ns, svcName);
        if (backend.getService().getPort() != null) {
            if (backend.getService().getPort().getNumber() != null) {
                port = backend.getService().getPort().getNumber();
                portText = String.valueOf(port);
            } else if (backend.getService().getPort().getName() != null) {
                portText = backend.getService().getPort().getName();
                if (svc != null) {
                    for (ServicePort sp : svc.ports()) {
                        if (portText.equals(sp.name())) {
                            port = sp.port();
                        }
                    }
                }
            }
        }
        String ip = svc == null || svc.headless() ? null : svc.clusterIp();
        return new IngressTable.Route(ingress, host, path == null || path.isEmpty() ? "/" : path, pathType, ns, svcName,
                portText, ip, port);
    }

    // ---- rendering ----------------------------------------------------------------------------

    /** One node's script: plumbing commands, the iptables-restore input and the built-in chain jumps. */
    public String render(String nodeName) {
        NodePlan n = node(nodeName);
        if (n == null) {
            throw new IllegalArgumentException("no node named " + nodeName + " (nodes: "
                    + String.join(", ", nodes.stream().map(NodePlan::name).toList()) + ")");
        }
        StringBuilder b = new StringBuilder();
        b.append("# node ").append(n.name()).append(" (").append(n.role()).append(n.ready() ? "" : ", not ready")
                .append("): ").append(n.underlay().name()).append(' ').append(n.underlay().address())
                .append(", Pod CIDR ").append(n.bridge().address().canonical()).append(", ").append(cni).append('\n');
        for (String c : n.commands()) {
            b.append(c).append('\n');
        }
        b.append("iptables-restore -w --noflush <<'EOF'\n").append(n.iptablesRestore()).append("EOF\n");
        for (String c : n.iptablesJumps()) {
            b.append(c).append('\n');
        }
        if (n.name().equals(dns.hostedNode())) {
            b.append("# cluster DNS server on this node, ").append(n.underlay().address().addressText())
                    .append(":53 (dnsmasq configuration)\n");
            b.append("cat > /etc/kubecanvas-dns.conf <<'EOF'\n").append(dns.dnsmasqConfig()).append("EOF\n");
        }
        if (n.name().equals(ingress.node())) {
            b.append("# Ingress controller on this node, ").append(ingress.address()).append(":80 and :443\n");
            for (IngressTable.Route r : ingress.routes()) {
                b.append("#   ").append(r.host() == null ? "*" : r.host()).append(r.path()).append(" (").append(r.pathType())
                        .append(") -> ").append(r.backend()).append(r.serviceIp() == null ? " (no such Service)"
                                : " = " + r.serviceIp() + ":" + r.port()).append('\n');
            }
            if (ingress.defaultBackend() != null) {
                b.append("#   default backend -> ").append(ingress.defaultBackend().backend()).append('\n');
            }
            ingress.tlsHosts().forEach((h, s) -> b.append("#   TLS ").append(h).append(" with secret ").append(s).append('\n'));
            ingress.notRouted().forEach(r -> b.append("#   not routed: ").append(r.ingress()).append(": ").append(r.reason())
                    .append('\n'));
        }
        return b.toString();
    }

    /** Every node's script, then the DNS records. */
    public String renderAll() {
        StringBuilder b = new StringBuilder();
        for (NodePlan n : nodes) {
            b.append(render(n.name())).append('\n');
        }
        b.append("# DNS (nameserver ").append(dns.serviceIp()).append(", servers ").append(String.join(", ", dns.servers()))
                .append(")\n");
        for (ClusterState.DnsRecord r : dns.records()) {
            b.append("#   ").append(r.name()).append(' ').append(r.type()).append(' ').append(r.value()).append('\n');
        }
        return b.toString();
    }
}
