package io.kubecanvas.emulator.plan;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.emulator.state.ClusterState.ContainerPort;
import io.kubecanvas.emulator.state.ClusterState.DnsRecord;
import io.kubecanvas.emulator.state.ClusterState.Endpoint;
import io.kubecanvas.emulator.state.ClusterState.NamespaceState;
import io.kubecanvas.emulator.state.ClusterState.NodeState;
import io.kubecanvas.emulator.state.ClusterState.PodState;
import io.kubecanvas.emulator.state.ClusterState.ServicePort;
import io.kubecanvas.emulator.state.ClusterState.ServiceState;
import io.kubecanvas.model.Cluster;
import io.kubecanvas.model.net.Cidr;
import io.kubecanvas.model.net.Ipv4;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.KubeObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds {@link ClusterState}s by hand for tests, the way the control plane would: Pod IPs from each node's
 * /24, ClusterIPs from 10.96.0.0/12, endpoints from the Pods a selector matches, DNS A records.
 */
public final class ClusterFixture {
    private Cluster.NetworkSettings network = Cluster.NetworkSettings.defaults();
    private final List<NodeState> nodes = new ArrayList<>();
    private final Map<String, Map<String, String>> namespaces = new LinkedHashMap<>();
    private final List<PodState> pods = new ArrayList<>();
    private final List<SvcSpec> services = new ArrayList<>();
    private final List<NetworkPolicy> policies = new ArrayList<>();
    private final List<Ingress> ingresses = new ArrayList<>();
    private final Map<String, Integer> nextPodIp = new HashMap<>();
    private final Map<String, ClusterState.TlsSecret> secrets = new LinkedHashMap<>();
    private final java.util.Set<String> localTraffic = new java.util.HashSet<>();
    private int nextClusterIp = 20;
    private int nextNodePort = 30080;
    private int nextLb = 200;

    private record SvcSpec(String ns, String name, String type, Map<String, String> selector, List<ServicePort> ports,
                           String clusterIp, String lbIp) {
    }

    /** A control plane and two workers on 172.30.0.2-4 with Pod CIDRs 10.244.0-2.0/24, flannel-vxlan. */
    public static ClusterFixture threeNodes() {
        return new ClusterFixture().node("control-plane", "control-plane").node("worker-1", "worker").node("worker-2", "worker");
    }

    public ClusterFixture cni(String cni) {
        Cluster.NetworkSettings d = network;
        network = new Cluster.NetworkSettings(cni, d.clusterCidr(), d.nodeCidrMaskSize(), d.serviceCidr(), d.clusterDomain(),
                d.loadBalancerPool(), d.underlayCidr(), d.networkPlugin());
        return this;
    }

    /** Sets what enforces NetworkPolicies: flannel (nothing), canal (the default) or kube-router. */
    public ClusterFixture networkPlugin(String plugin) {
        network = network.withNetworkPlugin(plugin);
        return this;
    }

    public ClusterFixture node(String name, String role) {
        int i = nodes.size();
        nodes.add(new NodeState(name, role, "172.30.0." + (2 + i), "10.244." + i + ".0/24", true,
                Map.of("kubernetes.io/hostname", name)));
        return this;
    }

    public ClusterFixture nodeDown(String name) {
        for (int i = 0; i < nodes.size(); i++) {
            NodeState n = nodes.get(i);
            if (n.name().equals(name)) {
                nodes.set(i, new NodeState(n.name(), n.role(), n.underlayIp(), n.podCidr(), false, n.labels()));
            }
        }
        return this;
    }

    public ClusterFixture namespace(String name, Map<String, String> labels) {
        Map<String, String> l = new LinkedHashMap<>(labels);
        l.put("kubernetes.io/metadata.name", name);
        namespaces.put(name, l);
        return this;
    }

    public static ContainerPort tcp(int port) {
        return new ContainerPort(null, port, "TCP");
    }

    public static ContainerPort udp(int port) {
        return new ContainerPort(null, port, "UDP");
    }

    public static ContainerPort named(String name, int port, String proto) {
        return new ContainerPort(name, port, proto);
    }

    public ClusterFixture pod(String ns, String name, String node, Map<String, String> labels, ContainerPort... ports) {
        namespaces.computeIfAbsent(ns, n -> new LinkedHashMap<>(Map.of("kubernetes.io/metadata.name", n)));
        NodeState n = nodes.stream().filter(x -> x.name().equals(node)).findFirst().orElseThrow();
        int host = nextPodIp.merge(node, 1, Integer::sum) + 1;
        String ip = Ipv4.format(Cidr.parse(n.podCidr()).nth(host));
        pods.add(new PodState(ns, name, ns + "-" + name, node, ip, "Running", true, labels, List.of(ports),
                List.of("nginx"), false, null));
        return this;
    }

    /** A host-network Pod: it has its node's address and listens in the node's own network namespace. */
    public ClusterFixture hostPod(String ns, String name, String node, Map<String, String> labels, ContainerPort... ports) {
        namespaces.computeIfAbsent(ns, n -> new LinkedHashMap<>(Map.of("kubernetes.io/metadata.name", n)));
        NodeState n = nodes.stream().filter(x -> x.name().equals(node)).findFirst().orElseThrow();
        pods.add(new PodState(ns, name, ns + "-" + name, node, n.underlayIp(), "Running", true, labels, List.of(ports),
                List.of("nginx"), true, null));
        return this;
    }

    public ClusterFixture labels(String ns, String name, Map<String, String> labels) {
        for (int i = 0; i < pods.size(); i++) {
            PodState p = pods.get(i);
            if (p.namespace().equals(ns) && p.name().equals(name)) {
                pods.set(i, new PodState(p.namespace(), p.name(), p.uid(), p.node(), p.ip(), p.phase(), p.ready(), labels,
                        p.ports(), p.images(), p.hostNetwork(), p.owner()));
            }
        }
        return this;
    }

    /** The Pod's one container runs {@code image} instead of nginx. */
    public ClusterFixture image(String ns, String name, String image) {
        for (int i = 0; i < pods.size(); i++) {
            PodState p = pods.get(i);
            if (p.namespace().equals(ns) && p.name().equals(name)) {
                pods.set(i, new PodState(p.namespace(), p.name(), p.uid(), p.node(), p.ip(), p.phase(), p.ready(), p.labels(),
                        p.ports(), List.of(image), p.hostNetwork(), p.owner()));
            }
        }
        return this;
    }

    public ClusterFixture removePod(String ns, String name) {
        pods.removeIf(p -> p.namespace().equals(ns) && p.name().equals(name));
        return this;
    }

    public ClusterFixture service(String ns, String name, String type, Map<String, String> selector, ServicePort... ports) {
        List<ServicePort> ps = new ArrayList<>();
        for (ServicePort p : ports) {
            int nodePort = !"ClusterIP".equals(type) && p.nodePort() == 0 ? nextNodePort++ : p.nodePort();
            ps.add(new ServicePort(p.name(), p.protocol(), p.port(), p.targetPort(), nodePort));
        }
        String lb = "LoadBalancer".equals(type) ? "172.30.0." + nextLb++ : null;
        services.add(new SvcSpec(ns, name, type, selector, ps, "10.96.0." + nextClusterIp++, lb));
        return this;
    }

    private final java.util.Set<String> clientIpAffinity = new java.util.HashSet<>();

    /** Sets {@code sessionAffinity: ClientIP} on a Service. */
    public ClusterFixture clientIpAffinity(String ns, String name) {
        clientIpAffinity.add(ns + "/" + name);
        return this;
    }

    /** Sets {@code externalTrafficPolicy: Local} on a Service. */
    public ClusterFixture externalTrafficLocal(String ns, String name) {
        localTraffic.add(ns + "/" + name);
        return this;
    }

    public static ServicePort port(int port, String targetPort) {
        return new ServicePort(null, "TCP", port, targetPort, 0);
    }

    public static ServicePort port(String name, String proto, int port, String targetPort) {
        return new ServicePort(name, proto, port, targetPort, 0);
    }

    public ClusterFixture policy(String yaml) {
        NetworkPolicy np = object(yaml).typed(NetworkPolicy.class);
        if (np == null) {
            io.kubecanvas.model.KubeKinds.MAPPER.convertValue(object(yaml).tree(), NetworkPolicy.class);
            throw new IllegalArgumentException("not a NetworkPolicy: " + object(yaml).tree());
        }
        policies.add(np);
        return this;
    }

    public ClusterFixture removePolicy(String ns, String name) {
        policies.removeIf(p -> p.getMetadata().getName().equals(name) && ns.equals(p.getMetadata().getNamespace()));
        return this;
    }

    public ClusterFixture ingress(String yaml) {
        Ingress ing = object(yaml).typed(Ingress.class);
        if (ing == null) {
            throw new IllegalArgumentException("not an Ingress: " + object(yaml).tree());
        }
        ingresses.add(ing);
        return this;
    }

    public ClusterFixture tlsSecret(String key) {
        secrets.put(key, new ClusterState.TlsSecret("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
                "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n"));
        return this;
    }

    private static KubeObject object(String yaml) {
        try {
            return DesignIO.parse("fixture.yaml", yaml).objects().get(0);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    public ClusterState build() {
        List<ServiceState> svcs = new ArrayList<>();
        List<DnsRecord> dns = new ArrayList<>();
        String domain = network.clusterDomain();
        for (SvcSpec s : services) {
            List<Endpoint> eps = new ArrayList<>();
            for (PodState p : pods) {
                if (!p.namespace().equals(s.ns()) || s.selector() == null || s.selector().isEmpty() || p.ip() == null) {
                    continue;
                }
                if (!p.labels().entrySet().containsAll(s.selector().entrySet())) {
                    continue;
                }
                Map<String, Integer> tps = new LinkedHashMap<>();
                for (ServicePort sp : s.ports()) {
                    String key = sp.name() != null ? sp.name() : String.valueOf(sp.port());
                    String tp = sp.targetPort() == null ? String.valueOf(sp.port()) : sp.targetPort();
                    if (tp.matches("\\d+")) {
                        tps.put(key, Integer.parseInt(tp));
                    } else {
                        p.ports().stream().filter(cp -> tp.equals(cp.name())).findFirst().ifPresent(cp -> tps.put(key, cp.port()));
                    }
                }
                eps.add(new Endpoint(p.namespace(), p.name(), p.ip(), p.node(), p.ready(), tps));
            }
            svcs.add(new ServiceState(s.ns(), s.name(), s.type(), s.clusterIp(), s.lbIp(), s.selector(), s.ports(), eps,
                    clientIpAffinity.contains(s.ns() + "/" + s.name()) ? "ClientIP" : "None", localTraffic.contains(s.ns() + "/" + s.name()) ? "Local" : "Cluster"));
            dns.add(new DnsRecord(s.name() + "." + s.ns() + ".svc." + domain, "A", s.clusterIp()));
        }
        List<NamespaceState> nss = new ArrayList<>();
        namespaces.forEach((n, l) -> nss.add(new NamespaceState(n, l)));
        return new ClusterState(1, network, nodes, nss, pods, svcs, policies, ingresses, dns, secrets);
    }
}
