package io.kubecanvas.emulator.plan;

import io.kubecanvas.model.net.Cidr;
import io.kubecanvas.model.net.Ipv4;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The whole cluster network as a pure description, computed from a {@link ClusterState} in one sync, and the
 * complete and only input of a backend: per node the plumbing and iptables rules ({@link NodePlan}); every Pod
 * with its containers and listeners ({@link PodPlan}); every Service with its endpoints ({@link ServicePlan});
 * the cluster DNS server's records; the Ingress controller's routing table with its TLS material; and the
 * ways in from the host ({@link HostExposure}). The sim backend interprets it, the docker backend runs its
 * rendering ({@link #render(String)}, the text {@code kubecanvas plan --node N} prints).
 *
 * @param version         the resource version of the state it was computed from
 * @param gateway         the underlay's gateway (.1: the Docker host's bridge, the Pods' way out)
 * @param externalAddress the outside world's client address on the underlay (probes from "external")
 */
public record NetworkPlan(long version, String cni, Cidr clusterCidr, Cidr serviceCidr, Cidr underlayCidr,
                          String gateway, String externalAddress, List<NodePlan> nodes, List<PodPlan> pods,
                          List<ServicePlan> services, DnsTable dns, IngressTable ingress, List<HostExposure> exposures) {

    public static final String BRIDGE = "cni0";
    public static final String CONTROL_PLANE_ROLE = "control-plane";
    public static final String VXLAN = "flannel.1";
    public static final int VXLAN_VNI = 1;
    public static final int VXLAN_PORT = 8472;
    public static final String UNDERLAY_DEV = "eth0";
    /** NFLOG groups of the policy drop rules start here (one group per drop rule of a node). */
    public static final int FIRST_DROP_LOG_GROUP = 100;

    public NetworkPlan {
        nodes = List.copyOf(nodes);
        pods = List.copyOf(pods);
        services = List.copyOf(services);
        exposures = List.copyOf(exposures);
    }

    public NodePlan node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst().orElse(null);
    }

    public PodPlan pod(String namespace, String name) {
        return pods.stream().filter(p -> p.namespace().equals(namespace) && p.name().equals(name)).findFirst().orElse(null);
    }

    /** A Pod by {@code ns/name}, or null. */
    public PodPlan pod(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? null : pod(key.substring(0, slash), key.substring(slash + 1));
    }

    public ServicePlan service(String namespace, String name) {
        return services.stream().filter(s -> s.namespace().equals(namespace) && s.name().equals(name)).findFirst()
                .orElse(null);
    }

    public boolean vxlanMode() {
        return Cluster.NetworkSettings.FLANNEL_VXLAN.equals(cni);
    }

    /** Who has an address: {@code ns/pod} for a Pod's own address, {@code node/NAME} for a node's, else the address. */
    public String ownerOf(String ip) {
        for (PodPlan p : pods) {
            if (ip.equals(p.ip()) && !p.hostNetwork()) {
                return p.key();
            }
        }
        for (NodePlan n : nodes) {
            if (ip.equals(n.underlay().address().addressText()) || n.extraAddresses().contains(ip)) {
                return "node/" + n.name();
            }
        }
        return ip;
    }

    /** Computes the plan for a cluster state. */
    public static NetworkPlan compute(ClusterState state) {
        Cluster.NetworkSettings net = state.network();
        boolean vxlan = !Cluster.NetworkSettings.HOST_GW.equals(net.cni());
        String cni = vxlan ? Cluster.NetworkSettings.FLANNEL_VXLAN : Cluster.NetworkSettings.HOST_GW;
        Cidr clusterCidr = Cidr.parse(net.clusterCidr()).canonical();
        Cidr serviceCidr = Cidr.parse(net.serviceCidr()).canonical();
        Cidr underlay = Cidr.parse(net.underlayCidr()).canonical();
        String gateway = underlay.nthText(1);
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
                veths.add(new NodePlan.VethPair(p.key(), NodePlan.netnsName(p.key()), NodePlan.hostVethName(p.key()),
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
            List<NodePlan.DropLog> dropLogs = new ArrayList<>();
            filter.addAll(logPolicyDrops(NetworkPolicyRules.compute(state, local), dropLogs));
            filter.addAll(kubeProxy.filter());
            filter.add(IptablesRule.append("filter", "FORWARD").comment("flanneld forward").jump("FLANNEL-FWD"));
            filter.add(IptablesRule.append("filter", "FLANNEL-FWD").comment("flanneld forward")
                    .source(clusterCidr.toString()).jump("ACCEPT"));
            filter.add(IptablesRule.append("filter", "FLANNEL-FWD").comment("flanneld forward")
                    .destination(clusterCidr.toString()).jump("ACCEPT"));
            filter.addAll(NetworkPolicyRules.trailing(state));
            List<String> extra = announcer == n ? lbIps : List.of();
            plans.add(new NodePlan(n.name(), n.role(), n.ready(), eth0, bridge, veths, vx, routes, neigh, fdb, extra,
                    hostPods, List.of(nat.build(), filter.build()), dropLogs));
        }
        List<ServicePlan> servicePlans = services(services);
        IngressTable ingress = ingress(state, hostNode, servicePlans);
        String external = externalAddress(state, underlay, gateway);
        return new NetworkPlan(state.resourceVersion(), cni, clusterCidr, serviceCidr, underlay, gateway, external, plans,
                pods(state), servicePlans, dns, ingress, exposures(state, ingress, hostNode));
    }

    /**
     * Puts an NFLOG rule before each NetworkPolicy drop, one group per drop, so a backend that only sees the
     * kernel (docker) can tell which policy rule dropped a packet; the sim reads the same rules.
     */
    private static List<IptablesRule> logPolicyDrops(List<IptablesRule> rules, List<NodePlan.DropLog> logs) {
        List<IptablesRule> out = new ArrayList<>(rules.size() + 8);
        for (IptablesRule r : rules) {
            if (("DROP".equals(r.target()) || "REJECT".equals(r.target())) && NetworkPolicyRules.isPolicyRule(r.chain())) {
                int group = FIRST_DROP_LOG_GROUP + logs.size();
                logs.add(new NodePlan.DropLog(group, r.chain(), r.label()));
                out.add(new IptablesRule(r.table(), r.chain(), r.comment(), r.protocol(), r.source(), r.notSource(),
                        r.destination(), r.notDestination(), r.dport(), r.inInterface(), r.outInterface(), r.ctstate(),
                        r.mark(), r.notMark(), r.probability(), r.dstTypeLocal(), r.srcTypeLocal(), r.recent(),
                        r.recentSeconds(), "NFLOG", "--nflog-group " + group));
            }
            out.add(r);
        }
        return out;
    }

    /** The outside world's client: the highest underlay address that is not the gateway, a node, or a LoadBalancer's. */
    static String externalAddress(ClusterState state, Cidr underlay, String gateway) {
        Set<String> used = new HashSet<>();
        used.add(gateway);
        state.nodes().forEach(n -> used.add(n.underlayIp()));
        state.services().forEach(s -> used.add(s.loadBalancerIp()));
        Cidr pool = Cidr.parseOrNull(state.network().loadBalancerPool());
        for (long a = underlay.size() - 2; a > 0; a--) {
            String ip = underlay.nthText(a);
            if (!used.contains(ip) && (pool == null || !pool.contains(ip))) {
                return ip;
            }
        }
        throw new IllegalArgumentException("the underlay " + underlay + " has no free address for the outside world's client");
    }

    private static List<PodPlan> pods(ClusterState state) {
        List<PodPlan> out = new ArrayList<>();
        for (PodState p : state.pods()) {
            NodeState node = p.node() == null ? null : state.node(p.node());
            out.add(new PodPlan(p.namespace(), p.name(), p.uid(), p.node(), p.ip(), p.phase(), p.hostNetwork(), p.owner(),
                    containers(p.containers(), p, node), containers(p.initContainers(), p, node), p.reason()));
        }
        return out;
    }

    private static List<PodPlan.ContainerPlan> containers(List<ClusterState.PodContainer> spec, PodState p, NodeState node) {
        List<PodPlan.ContainerPlan> containers = new ArrayList<>();
        for (ClusterState.PodContainer c : spec) {
            Map<String, String> env = new LinkedHashMap<>();
            Map<String, String> unresolved = new LinkedHashMap<>();
            for (ClusterState.EnvVar e : c.env()) {
                // a value the control plane resolved (a literal, a ConfigMap's or Secret's), else a field reference;
                // a literal's $(VAR) references name the variables defined before it, as the kubelet expands them
                String v = e.value() != null ? (e.valueFrom() == null ? expand(e.value(), env) : e.value())
                        : fieldRef(e.valueFrom(), p, node);
                env.remove(e.name());
                env.put(e.name(), v);
                if (v == null) {
                    unresolved.put(e.name(), e.valueFrom());
                }
            }
            List<PodPlan.Port> ports = c.ports().stream().map(cp -> new PodPlan.Port(cp.name(), cp.port(),
                    cp.protocol() == null ? "TCP" : cp.protocol().toUpperCase(Locale.ROOT))).toList();
            // command and args may name the container's variables too: $(POD_IP)
            List<String> command = c.command().stream().map(a -> expand(a, env)).toList();
            List<String> args = c.args().stream().map(a -> expand(a, env)).toList();
            containers.add(new PodPlan.ContainerPlan(c.name(), c.image(), command, args, env, unresolved, ports,
                    c.workingDir(), c.imagePullPolicy()));
        }
        return containers;
    }

    /**
     * The kubelet's variable expansion (third_party/forked/golang/expansion): {@code $(NAME)} becomes the value of a
     * variable defined so far, an unknown or unresolved one stays as written, {@code $$} is one {@code $} (so
     * {@code $$(NAME)} is the text {@code $(NAME)}).
     */
    static String expand(String text, Map<String, String> vars) {
        if (text == null || text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char ch = text.charAt(i);
            if (ch != '$' || i + 1 >= text.length()) {
                out.append(ch);
                i++;
                continue;
            }
            char next = text.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '(') {
                int close = text.indexOf(')', i + 2);
                if (close < 0) {
                    out.append(text, i, text.length());
                    break;
                }
                String name = text.substring(i + 2, close);
                String v = vars.get(name);
                out.append(v != null ? v : text.substring(i, close + 1));
                i = close + 1;
            } else {
                out.append(ch);
                i++;
            }
        }
        return out.toString();
    }

    /** The downward API's field references a Pod can resolve by itself; null for the others. */
    private static String fieldRef(String valueFrom, PodState p, NodeState node) {
        return switch (String.valueOf(valueFrom)) {
            case "fieldRef:metadata.name" -> p.name();
            case "fieldRef:metadata.namespace" -> p.namespace();
            case "fieldRef:metadata.uid" -> p.uid();
            case "fieldRef:status.podIP" -> p.ip();
            case "fieldRef:spec.nodeName" -> p.node();
            case "fieldRef:status.hostIP" -> node == null ? null : node.underlayIp();
            case "fieldRef:spec.serviceAccountName" -> "default";
            default -> null;
        };
    }

    private static List<ServicePlan> services(List<ServiceState> services) {
        List<ServicePlan> out = new ArrayList<>();
        for (ServiceState s : services) {
            List<ServicePlan.Port> ports = new ArrayList<>();
            for (ServicePort sp : s.ports()) {
                List<ServicePlan.Backend> backends = new ArrayList<>();
                for (Endpoint e : s.endpoints()) {
                    int tp = KubeProxyRules.targetPort(e, sp);
                    if (e.ip() != null && tp > 0) {
                        backends.add(new ServicePlan.Backend(e.podNamespace() + "/" + e.podName(), e.ip(), tp, e.node(), e.ready()));
                    }
                }
                ports.add(new ServicePlan.Port(sp.name(), sp.protocol() == null ? "TCP" : sp.protocol().toUpperCase(Locale.ROOT),
                        sp.port(), sp.nodePort(), backends));
            }
            String lb = s.loadBalancerIp() == null || s.loadBalancerIp().isBlank() ? null : s.loadBalancerIp();
            out.add(new ServicePlan(s.namespace(), s.name(), s.type(), s.headless() ? null : s.clusterIp(), lb, ports));
        }
        return out;
    }

    /** The Ingress controller's ports (when Ingresses exist), every NodePort (on the controller's node) and LoadBalancer port. */
    private static List<HostExposure> exposures(ClusterState state, IngressTable ingress, NodeState hostNode) {
        List<HostExposure> out = new ArrayList<>();
        if (hostNode == null) {
            return out;
        }
        if (!state.ingresses().isEmpty()) {
            out.add(new HostExposure("ingress-http", "TCP", ingress.address(), ingress.httpPort()));
            out.add(new HostExposure("ingress-https", "TCP", ingress.address(), ingress.httpsPort()));
        }
        for (ServiceState s : state.services()) {
            for (ServicePort sp : s.ports()) {
                String proto = sp.protocol() == null ? "TCP" : sp.protocol().toUpperCase(Locale.ROOT);
                if (!"TCP".equals(proto) && !"UDP".equals(proto)) {
                    continue;
                }
                if (sp.nodePort() > 0) {
                    out.add(new HostExposure("nodeport/" + s.key() + "/" + sp.port(), proto, hostNode.underlayIp(), sp.nodePort()));
                }
                if (s.loadBalancerIp() != null && !s.loadBalancerIp().isBlank()) {
                    out.add(new HostExposure("lb/" + s.key() + "/" + sp.port(), proto, s.loadBalancerIp(), sp.port()));
                }
            }
        }
        return out;
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
        return new DnsTable(ip, state.network().clusterDomain(), servers, hosted,
                state.dns().stream().map(r -> new DnsTable.Record(r.name(), r.type(), r.value())).toList());
    }

    private static IngressTable ingress(ClusterState state, NodeState hostNode, List<ServicePlan> services) {
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
                defaultBackend = route(services, key, null, "/", "Prefix", ns, ing.getSpec().getDefaultBackend());
            }
            if (ing.getSpec().getTls() != null) {
                for (IngressTLS t : ing.getSpec().getTls()) {
                    if (t.getHosts() != null) {
                        for (String h : t.getHosts()) {
                            tls.putIfAbsent(h.toLowerCase(Locale.ROOT), t.getSecretName() == null ? null : ns + "/" + t.getSecretName());
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
                        routes.add(route(services, key, r.getHost() == null || r.getHost().isEmpty() ? null : r.getHost(),
                                p.getPath(), p.getPathType() == null ? "ImplementationSpecific" : p.getPathType(), ns, p.getBackend()));
                    }
                }
            }
        }
        Map<String, IngressTable.Certificate> certs = new LinkedHashMap<>();
        tls.forEach((host, secret) -> {
            ClusterState.TlsSecret material = secret == null ? null : state.tlsSecrets().get(secret);
            certs.put(host, new IngressTable.Certificate(secret, material == null ? null : material.certPem(),
                    material == null ? null : material.keyPem()));
        });
        String node = hostNode == null ? null : hostNode.name();
        String addr = hostNode == null ? null : hostNode.underlayIp();
        return new IngressTable(node, addr, 80, 443, routes, defaultBackend, certs, IngressTable.UPSTREAM_TIMEOUT_MILLIS,
                notRouted);
    }

    /**
     * One Ingress path resolved as ingress-nginx resolves it: the Service port (by number or name) and that port's
     * ready endpoints, which the controller proxies to directly (a headless Service works too).
     */
    private static IngressTable.Route route(List<ServicePlan> services, String ingress, String host, String path,
                                            String pathType, String ns, IngressBackend backend) {
        String p = path == null || path.isEmpty() ? "/" : path;
        if (backend.getService() == null) {
            return new IngressTable.Route(ingress, host, p, pathType, ns, "(resource)", "", null, 0, List.of(),
                    "a resource backend is not a Service: nothing to proxy to");
        }
        String svcName = backend.getService().getName();
        ServicePlan svc = services.stream().filter(s -> s.namespace().equals(ns) && s.name().equals(svcName))
                .findFirst().orElse(null);
        String portText = "";
        ServicePlan.Port port = null;
        if (backend.getService().getPort() != null) {
            Integer number = backend.getService().getPort().getNumber();
            String name = backend.getService().getPort().getName();
            portText = number != null ? String.valueOf(number) : name == null ? "" : name;
            if (svc != null) {
                port = svc.ports().stream().filter(sp -> number != null ? sp.port() == number : sp.name() != null
                        && sp.name().equals(name)).findFirst().orElse(null);
            }
        }
        List<IngressTable.Endpoint> endpoints = port == null ? List.of() : port.ready().stream()
                .map(b -> new IngressTable.Endpoint(b.pod(), b.ip(), b.port())).toList();
        String unavailable = svc == null ? "no Service " + ns + "/" + svcName
                : port == null ? "Service " + svc.key() + " has no port " + portText
                : endpoints.isEmpty() ? "Service " + svc.key() + " has no ready endpoints" : null;
        return new IngressTable.Route(ingress, host, p, pathType, ns, svcName, portText,
                svc == null ? null : svc.clusterIp(), port == null ? 0 : port.port(), endpoints, unavailable);
    }

    // ---- rendering ----------------------------------------------------------------------------

    /**
     * One node's script: the exact text the docker backend runs on that node (plumbing through the CNI bridge
     * plugin with its config, VXLAN or host-gw routes, the iptables-restore input and jumps, the DNS server's
     * and the Ingress controller's configuration). Idempotent.
     */
    public String render(String nodeName) {
        NodePlan n = node(nodeName);
        if (n == null) {
            throw new IllegalArgumentException("no node named " + nodeName + " (nodes: "
                    + String.join(", ", nodes.stream().map(NodePlan::name).toList()) + ")");
        }
        return NodeScript.render(this, n);
    }

    /** Every node's script, then the Services, DNS records and ways in from the host as comments. */
    public String renderAll() {
        StringBuilder b = new StringBuilder();
        for (NodePlan n : nodes) {
            b.append(render(n.name())).append('\n');
        }
        b.append("# Services\n");
        for (ServicePlan s : services) {
            for (ServicePlan.Port p : s.ports()) {
                b.append("#   ").append(s.key()).append(' ').append(s.type()).append(' ')
                        .append(s.headless() ? "headless" : s.clusterIp() + ":" + p.port()).append('/').append(p.protocol())
                        .append(p.nodePort() > 0 ? " nodePort " + p.nodePort() : "")
                        .append(s.loadBalancerIp() != null ? " lb " + s.loadBalancerIp() : "").append(" -> ")
                        .append(p.backends().isEmpty() ? "(no endpoints)" : String.join(", ", p.backends().stream()
                                .map(e -> e.ip() + ":" + e.port() + (e.ready() ? "" : " (not ready)")).toList()))
                        .append('\n');
            }
        }
        b.append("# DNS (nameserver ").append(dns.serviceIp()).append(", servers ").append(String.join(", ", dns.servers()))
                .append(")\n");
        for (DnsTable.Record r : dns.records()) {
            b.append("#   ").append(r.name()).append(' ').append(r.type()).append(' ').append(r.value()).append('\n');
        }
        if (!exposures.isEmpty()) {
            b.append("# from the host (external client ").append(externalAddress).append(")\n");
            for (HostExposure e : exposures) {
                b.append("#   ").append(e.key()).append(" -> ").append(e.targetIp()).append(':').append(e.targetPort())
                        .append('/').append(e.protocol()).append('\n');
            }
        }
        return b.toString();
    }
}
