package io.kubecanvas.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster a design runs on: its nodes, network settings and canvas layout. Stored in a design file as
 * the document {@code apiVersion: kubecanvas.io/v1alpha1, kind: Cluster}.
 */
public record Cluster(String name, List<NodeSpec> nodes, NetworkSettings network, Layout layout) {

    public static final String API_VERSION = "kubecanvas.io/v1alpha1";
    public static final String KIND = "Cluster";

    public Cluster {
        nodes = List.copyOf(nodes);
    }

    /** One control plane and two workers, flannel VXLAN, the usual CIDRs. */
    public static Cluster defaults() {
        return new Cluster("kubecanvas", List.of(NodeSpec.controlPlane("control-plane"),
                NodeSpec.worker("worker-1"), NodeSpec.worker("worker-2")), NetworkSettings.defaults(), Layout.EMPTY);
    }

    public List<NodeSpec> workers() {
        return nodes.stream().filter(n -> !n.isControlPlane()).toList();
    }

    public NodeSpec node(String nodeName) {
        return nodes.stream().filter(n -> n.name().equals(nodeName)).findFirst().orElse(null);
    }

    public Cluster withNodes(List<NodeSpec> newNodes) {
        return new Cluster(name, newNodes, network, layout);
    }

    public Cluster withNetwork(NetworkSettings newNetwork) {
        return new Cluster(name, nodes, newNetwork, layout);
    }

    public Cluster withLayout(Layout newLayout) {
        return new Cluster(name, nodes, network, newLayout);
    }

    /** A node of the cluster. {@code capacity} holds Kubernetes quantities (cpu, memory, pods). */
    public record NodeSpec(String name, String role, Map<String, String> labels, List<Taint> taints,
                           Map<String, String> capacity) {
        public static final String CONTROL_PLANE = "control-plane";
        public static final String WORKER = "worker";
        /** The taint kubeadm puts on control-plane nodes. */
        public static final Taint CONTROL_PLANE_TAINT = new Taint("node-role.kubernetes.io/control-plane", "", "NoSchedule");

        public NodeSpec {
            labels = Map.copyOf(labels);
            taints = List.copyOf(taints);
            capacity = Map.copyOf(capacity);
        }

        public static NodeSpec worker(String name) {
            return new NodeSpec(name, WORKER, Map.of("kubernetes.io/hostname", name),
                    List.of(), Map.of("cpu", "4", "memory", "8Gi", "pods", "110"));
        }

        public static NodeSpec controlPlane(String name) {
            return new NodeSpec(name, CONTROL_PLANE, Map.of("kubernetes.io/hostname", name,
                    "node-role.kubernetes.io/control-plane", ""),
                    List.of(CONTROL_PLANE_TAINT),
                    Map.of("cpu", "2", "memory", "4Gi", "pods", "110"));
        }

        public boolean isControlPlane() {
            return CONTROL_PLANE.equals(role);
        }
    }

    public record Taint(String key, String value, String effect) {
    }

    /**
     * @param cni              {@code flannel-vxlan} or {@code host-gw}: how flannel carries Pod traffic between nodes
     * @param clusterCidr      Pod addresses; each node gets a /{@code nodeCidrMaskSize} of it
     * @param loadBalancerPool addresses handed to LoadBalancer Services (a CIDR)
     * @param underlayCidr     the network the nodes share (the Docker network of the docker backend)
     * @param networkPlugin    what enforces NetworkPolicies: {@code flannel} (flannel alone, nothing: policies are
     *                         stored but have no effect), {@code canal} (flannel with Calico's policy engine, felix)
     *                         or {@code kube-router} (flannel with kube-router's network policy controller).
     *                         A design that does not say is {@code canal}, so policies keep being enforced.
     */
    public record NetworkSettings(String cni, String clusterCidr, int nodeCidrMaskSize, String serviceCidr,
                                  String clusterDomain, String loadBalancerPool, String underlayCidr,
                                  String networkPlugin) {
        public static final String FLANNEL_VXLAN = "flannel-vxlan";
        public static final String HOST_GW = "host-gw";
        public static final String FLANNEL = "flannel";
        public static final String CANAL = "canal";
        public static final String KUBE_ROUTER = "kube-router";
        public static final java.util.List<String> NETWORK_PLUGINS = java.util.List.of(FLANNEL, CANAL, KUBE_ROUTER);

        /** Settings with the default network plugin ({@code canal}). */
        public NetworkSettings(String cni, String clusterCidr, int nodeCidrMaskSize, String serviceCidr,
                               String clusterDomain, String loadBalancerPool, String underlayCidr) {
            this(cni, clusterCidr, nodeCidrMaskSize, serviceCidr, clusterDomain, loadBalancerPool, underlayCidr, CANAL);
        }

        public NetworkSettings {
            networkPlugin = networkPlugin == null || networkPlugin.isBlank() ? CANAL : networkPlugin;
        }

        public static NetworkSettings defaults() {
            return new NetworkSettings(FLANNEL_VXLAN, "10.244.0.0/16", 24, "10.96.0.0/12", "cluster.local",
                    "172.30.0.200/29", "172.30.0.0/24", CANAL);
        }

        /** False for plain flannel, which stores NetworkPolicies but enforces none of them. */
        public boolean enforcesPolicy() {
            return !FLANNEL.equals(networkPlugin);
        }

        public NetworkSettings withNetworkPlugin(String plugin) {
            return new NetworkSettings(cni, clusterCidr, nodeCidrMaskSize, serviceCidr, clusterDomain, loadBalancerPool,
                    underlayCidr, plugin);
        }
    }

    /** Where each element is drawn, by {@link ObjectKey#toString()} (or {@code Node/name}). */
    public record Layout(Map<String, Point> positions) {
        public static final Layout EMPTY = new Layout(Map.of());

        public Layout {
            positions = Map.copyOf(positions);
        }

        public Layout with(String key, Point p) {
            Map<String, Point> m = new LinkedHashMap<>(positions);
            if (p == null) {
                m.remove(key);
            } else {
                m.put(key, p);
            }
            return new Layout(m);
        }
    }

    public record Point(double x, double y) {
    }

    // ---- tree form ----------------------------------------------------------------------------

    /** The Cluster document as a tree, in a stable key order. */
    public Map<String, Object> toTree() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("apiVersion", API_VERSION);
        doc.put("kind", KIND);
        doc.put("metadata", new LinkedHashMap<>(Map.of("name", name)));
        Map<String, Object> spec = new LinkedHashMap<>();
        List<Object> nodeList = new ArrayList<>();
        for (NodeSpec n : nodes) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", n.name());
            m.put("role", n.role());
            if (!n.labels().isEmpty()) {
                m.put("labels", new java.util.TreeMap<>(n.labels()));
            }
            if (!n.taints().isEmpty()) {
                List<Object> ts = new ArrayList<>();
                for (Taint t : n.taints()) {
                    Map<String, Object> tm = new LinkedHashMap<>();
                    tm.put("key", t.key());
                    if (t.value() != null && !t.value().isEmpty()) {
                        tm.put("value", t.value());
                    }
                    tm.put("effect", t.effect());
                    ts.add(tm);
                }
                m.put("taints", ts);
            } else if (n.isControlPlane() && !workers().isEmpty()) {
                m.put("taints", new ArrayList<>()); // untainted on purpose: read back without kubeadm's taint
            }
            if (!n.capacity().isEmpty()) {
                m.put("capacity", new java.util.TreeMap<>(n.capacity()));
            }
            nodeList.add(m);
        }
        spec.put("nodes", nodeList);
        Map<String, Object> net = new LinkedHashMap<>();
        net.put("cni", network.cni());
        net.put("networkPlugin", network.networkPlugin());
        net.put("clusterCIDR", network.clusterCidr());
        net.put("nodeCIDRMaskSize", network.nodeCidrMaskSize());
        net.put("serviceCIDR", network.serviceCidr());
        net.put("clusterDomain", network.clusterDomain());
        net.put("loadBalancerPool", network.loadBalancerPool());
        net.put("underlayCIDR", network.underlayCidr());
        spec.put("network", net);
        if (!layout.positions().isEmpty()) {
            Map<String, Object> pos = new LinkedHashMap<>();
            new java.util.TreeMap<>(layout.positions()).forEach((k, p) -> {
                Map<String, Object> xy = new LinkedHashMap<>();
                xy.put("x", Math.round(p.x() * 10) / 10.0);
                xy.put("y", Math.round(p.y() * 10) / 10.0);
                pos.put(k, xy);
            });
            spec.put("layout", new LinkedHashMap<>(Map.of("positions", pos)));
        }
        doc.put("spec", spec);
        return doc;
    }

    /** Reads a Cluster document tree; missing parts take their defaults. */
    public static Cluster fromTree(Map<String, Object> doc) {
        Cluster d = defaults();
        String name = str(Trees.get(doc, "metadata.name"), d.name());
        List<NodeSpec> nodes = new ArrayList<>();
        List<Integer> untaintedControlPlanes = new ArrayList<>();
        if (Trees.get(doc, "spec.nodes") instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof Map<?, ?> m)) {
                    continue;
                }
                String nodeName = str(m.get("name"), "node-" + (nodes.size() + 1));
                String role = str(m.get("role"), NodeSpec.WORKER);
                List<Taint> taints = new ArrayList<>();
                if (m.get("taints") instanceof List<?> tl) {
                    for (Object t : tl) {
                        if (t instanceof Map<?, ?> tm) {
                            taints.add(new Taint(str(tm.get("key"), ""), str(tm.get("value"), ""),
                                    str(tm.get("effect"), "NoSchedule")));
                        }
                    }
                }
                if (NodeSpec.CONTROL_PLANE.equals(role) && !m.containsKey("taints")) {
                    untaintedControlPlanes.add(nodes.size());
                }
                nodes.add(new NodeSpec(nodeName, role, stringMap(m.get("labels")), taints,
                        stringMap(m.get("capacity"))));
            }
            // kubeadm taints a control-plane node NoSchedule; kind leaves a single-node cluster untainted. A
            // node that lists its taints (even none) keeps exactly those.
            if (nodes.stream().anyMatch(n -> !n.isControlPlane())) {
                for (int i : untaintedControlPlanes) {
                    NodeSpec n = nodes.get(i);
                    nodes.set(i, new NodeSpec(n.name(), n.role(), n.labels(), List.of(NodeSpec.CONTROL_PLANE_TAINT),
                            n.capacity()));
                }
            }
        } else {
            nodes.addAll(d.nodes());
        }
        NetworkSettings dn = d.network();
        Object net = Trees.get(doc, "spec.network");
        NetworkSettings network = dn;
        if (net instanceof Map<?, ?> n) {
            Object mask = n.get("nodeCIDRMaskSize");
            network = new NetworkSettings(str(n.get("cni"), dn.cni()), str(n.get("clusterCIDR"), dn.clusterCidr()),
                    mask instanceof Number num ? num.intValue() : dn.nodeCidrMaskSize(),
                    str(n.get("serviceCIDR"), dn.serviceCidr()), str(n.get("clusterDomain"), dn.clusterDomain()),
                    str(n.get("loadBalancerPool"), dn.loadBalancerPool()), str(n.get("underlayCIDR"), dn.underlayCidr()),
                    str(n.get("networkPlugin"), dn.networkPlugin()));
        }
        Map<String, Point> positions = new LinkedHashMap<>();
        if (Trees.get(doc, "spec.layout.positions") instanceof Map<?, ?> pm) {
            pm.forEach((k, v) -> {
                if (v instanceof Map<?, ?> xy && xy.get("x") instanceof Number x && xy.get("y") instanceof Number y) {
                    positions.put(String.valueOf(k), new Point(x.doubleValue(), y.doubleValue()));
                }
            });
        }
        return new Cluster(name, nodes, network, new Layout(positions));
    }

    private static String str(Object o, String fallback) {
        return o == null ? fallback : String.valueOf(o);
    }

    private static Map<String, String> stringMap(Object o) {
        Map<String, String> out = new LinkedHashMap<>();
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        }
        return out;
    }
}
