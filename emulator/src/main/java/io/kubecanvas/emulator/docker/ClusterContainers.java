package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.net.Cidr;
import io.kubecanvas.emulator.state.ClusterState.NodeState;
import io.kubecanvas.emulator.state.ClusterState.PodState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Pure functions from the cluster state to container and network specs: names, labels, capabilities,
 * namespaces. Nothing here touches Docker, so every argument can be checked by a unit test.
 */
public final class ClusterContainers {
    /** The node-local DNS address (as NodeLocal DNSCache uses) where each node's dnsmasq answers its Pods. */
    public static final String NODE_LOCAL_DNS = "169.254.20.10";
    /** Capabilities a node needs when the engine refuses --privileged (the VM lacks CAP_SYS_RESOURCE). */
    static final List<String> NODE_CAP_ADD = List.of("ALL");
    static final List<String> NODE_CAP_DROP = List.of("SYS_RESOURCE");
    static final List<String> UNCONFINED = List.of("seccomp=unconfined", "apparmor=unconfined");

    private final String cluster;
    private final String image;
    private final String owner;

    /**
     * @param cluster the cluster name (label value and name prefix)
     * @param image   the node image reference
     * @param owner   the owner label: {@code pid:start@boot} of the foreground process, or "detached"
     */
    public ClusterContainers(String cluster, String image, String owner) {
        this.cluster = cluster;
        this.image = image;
        this.owner = owner;
    }

    public String cluster() {
        return cluster;
    }

    public String prefix() {
        return "kc-" + Labels.namePart(cluster);
    }

    public String underlayNetworkName() {
        return prefix() + "-underlay";
    }

    public String accessNetworkName() {
        return prefix() + "-access";
    }

    public String nodeName(String node) {
        return prefix() + "-" + Labels.namePart(node);
    }

    public String sandboxName(PodState pod) {
        return prefix() + "-" + Labels.namePart(pod.namespace()) + "-" + Labels.namePart(pod.name());
    }

    public String edgeName() {
        return prefix() + "-edge";
    }

    /** The token on the sandbox's command line that the node's apply script looks for with pgrep. */
    public static String podToken(PodState pod) {
        return pod.namespace() + "/" + pod.name();
    }

    public Map<String, String> labels(String role) {
        Map<String, String> m = Labels.cluster(cluster, role);
        m.put(Labels.OWNER, owner);
        return m;
    }

    /**
     * The edge container's underlay address: the highest address of the underlay that is not the gateway,
     * a node, or in the LoadBalancer pool.
     */
    public static String edgeAddress(ClusterState state, String gateway) {
        Cidr c = Cidr.parse(state.network().underlayCidr());
        java.util.Set<String> used = new java.util.HashSet<>();
        used.add(gateway);
        state.nodes().forEach(n -> used.add(n.underlayIp()));
        state.services().forEach(s -> used.add(s.loadBalancerIp()));
        Cidr pool = Cidr.parseOrNull(state.network().loadBalancerPool());
        for (long a = c.size() - 2; a > 0; a--) {
            String ip = c.nthText(a);
            if (!used.contains(ip) && (pool == null || !pool.contains(ip))) {
                return ip;
            }
        }
        throw new IllegalArgumentException("the underlay " + c + " has no free address for the edge container");
    }

    public ContainerSpec node(NodeState node) {
        Map<String, String> labels = labels(Labels.ROLE_NODE);
        labels.put(Labels.NODE, node.name());
        Map<String, String> sysctls = new LinkedHashMap<>();
        sysctls.put("net.ipv4.ip_forward", "1");
        sysctls.put("net.ipv4.conf.all.rp_filter", "0");
        sysctls.put("net.ipv4.conf.default.rp_filter", "0");
        sysctls.put("net.ipv4.conf.all.route_localnet", "1");
        return new ContainerSpec(nodeName(node.name()), image, List.of(), Map.of("NODE_NAME", node.name()),
                labels, node.name(), underlayNetworkName(), node.underlayIp(), null, true, NODE_CAP_ADD,
                NODE_CAP_DROP, UNCONFINED, sysctls, List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /** The Pod sandbox: no network of Docker's, the node's PID namespace, cluster DNS in resolv.conf. */
    public ContainerSpec sandbox(PodState pod, String clusterDomain, String nameserver) {
        Map<String, String> labels = podLabels(pod, Labels.ROLE_SANDBOX);
        List<String> search = List.of(pod.namespace() + ".svc." + clusterDomain, "svc." + clusterDomain, clusterDomain);
        return new ContainerSpec(sandboxName(pod), image, List.of("/usr/local/bin/kubecanvas-pause", podToken(pod)),
                Map.of(), labels, hostname(pod.name()), "none", null, "container:" + nodeName(pod.node()), false,
                List.of(), List.of(), List.of(), Map.of(), List.of(nameserver), search, List.of("ndots:5"),
                List.of(), List.of());
    }

    /**
     * The Pod's app containers, one per image, joined to the sandbox's network namespace. An image that is
     * present locally runs as is; otherwise a stand-in from the node image serves the Pod's declared ports
     * (only the first stand-in, so two stand-ins do not fight over a port), labelled with the reason.
     */
    public List<ContainerSpec> appContainers(PodState pod, Predicate<String> imagePresent) {
        List<ContainerSpec> out = new ArrayList<>();
        boolean anyReal = pod.images().stream().anyMatch(imagePresent);
        boolean portsTaken = anyReal;
        int i = 0;
        for (String img : pod.images()) {
            String cname = containerName(img, i);
            Map<String, String> labels = podLabels(pod, Labels.ROLE_CONTAINER);
            labels.put(Labels.CONTAINER, cname);
            labels.put(Labels.IMAGE, img);
            String name = sandboxName(pod) + "-" + Labels.namePart(cname);
            if (imagePresent.test(img)) {
                out.add(new ContainerSpec(name, img, List.of(), Map.of(), labels, null,
                        "container:" + sandboxName(pod), null, null, false, List.of(), List.of(), List.of(), Map.of(),
                        List.of(), List.of(), List.of(), List.of(), List.of()));
            } else if (isClusterDns(img)) {
                // CoreDNS's stand-in is a real DNS server: dnsmasq answering the cluster's records, which the
                // emulator copies in (hosts file) and reloads with SIGHUP as Services and Pods change.
                String reason = "image " + img + " is not present locally: dnsmasq serves the cluster DNS records";
                labels.put(Labels.STANDIN, reason);
                labels.put(Labels.DNS_SERVER, "true");
                String d = NodeDataplane.DIR + "/dns";
                out.add(new ContainerSpec(name, image, List.of("/bin/sh", "-c", "mkdir -p " + d + " && touch " + d + "/hosts "
                        + d + "/srv.conf && exec dnsmasq -k --no-resolv --no-hosts --no-negcache --user=root --log-facility=- "
                        + "--addn-hosts=" + d + "/hosts --conf-file=" + d + "/srv.conf --local=/" + clusterDomain(pod) + "/"),
                        Map.of("POD_NAME", pod.name()), labels, null, "container:" + sandboxName(pod), null, null, false,
                        List.of(), List.of(), List.of(), Map.of(), List.of(), List.of(), List.of(), List.of(), List.of()));
                portsTaken = true;
            } else {
                String reason = "image " + img + " is not present locally and no registry is used";
                labels.put(Labels.STANDIN, reason);
                Map<String, String> env = new LinkedHashMap<>();
                env.put("POD_NAME", pod.name());
                env.put("POD_NAMESPACE", pod.namespace());
                env.put("NODE_NAME", String.valueOf(pod.node()));
                env.put("POD_IP", String.valueOf(pod.ip()));
                env.put("CONTAINER_NAME", cname);
                env.put("STANDIN_REASON", reason);
                env.put("PORTS", portsTaken ? "" : portList(pod));
                portsTaken = true;
                out.add(new ContainerSpec(name, image, List.of("/usr/local/bin/kubecanvas-standin"), env, labels, null,
                        "container:" + sandboxName(pod), null, null, false, List.of(), List.of(), List.of(), Map.of(),
                        List.of(), List.of(), List.of(), List.of(), List.of()));
            }
            i++;
        }
        return out;
    }

    /**
     * The edge: the host's way in. It sits on a non-internal access network (so Docker can publish its
     * ports on 127.0.0.1) and on the underlay, and forwards each published port to its target with socat.
     */
    public ContainerSpec edge(List<Exposure> exposures, String edgeIp) {
        Map<String, String> labels = labels(Labels.ROLE_EDGE);
        labels.put(Labels.EXPOSURES, Exposure.format(exposures));
        StringBuilder sh = new StringBuilder("trap 'kill 0; exit 0' TERM INT; ");
        List<ContainerSpec.PublishedPort> publish = new ArrayList<>();
        for (Exposure e : exposures) {
            sh.append("socat TCP4-LISTEN:").append(e.edgePort()).append(",fork,reuseaddr TCP4:")
                    .append(e.targetIp()).append(':').append(e.targetPort()).append(" & ");
            publish.add(new ContainerSpec.PublishedPort(e.edgePort(), "TCP", 0));
        }
        sh.append("while :; do sleep 86400 & wait $!; done");
        return new ContainerSpec(edgeName(), image, List.of("/bin/sh", "-c", sh.toString()), Map.of(), labels, "edge",
                accessNetworkName(), null, null, false, List.of(), List.of(), List.of(), Map.of(), List.of(), List.of(),
                List.of(), publish, List.of(new ContainerSpec.NetworkAttachment(underlayNetworkName(), edgeIp)));
    }

    private Map<String, String> podLabels(PodState pod, String role) {
        Map<String, String> labels = labels(role);
        labels.put(Labels.NODE, String.valueOf(pod.node()));
        labels.put(Labels.POD, pod.key());
        labels.put(Labels.POD_UID, String.valueOf(pod.uid()));
        return labels;
    }

    /** The cluster DNS server's image (CoreDNS), whose stand-in answers DNS for real. */
    static boolean isClusterDns(String image) {
        return image != null && image.contains("coredns");
    }

    private String clusterDomain = "cluster.local";

    /** The cluster domain the DNS stand-in answers for (from the state's network settings). */
    public ClusterContainers withClusterDomain(String domain) {
        if (domain != null && !domain.isBlank()) {
            this.clusterDomain = domain;
        }
        return this;
    }

    private String clusterDomain(PodState pod) {
        return clusterDomain;
    }

    static String containerName(String image, int index) {
        String base = image;
        int at = base.indexOf('@');
        if (at >= 0) {
            base = base.substring(0, at);
        }
        base = base.substring(base.lastIndexOf('/') + 1);
        int colon = base.indexOf(':');
        if (colon >= 0) {
            base = base.substring(0, colon);
        }
        return index == 0 ? Labels.namePart(base) : Labels.namePart(base) + "-" + index;
    }

    static String portList(PodState pod) {
        StringBuilder sb = new StringBuilder();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (ClusterState.ContainerPort p : pod.ports()) {
            String proto = p.protocol() == null ? "TCP" : p.protocol().toUpperCase(java.util.Locale.ROOT);
            if (seen.add(p.port() + "/" + proto)) {
                sb.append(sb.length() == 0 ? "" : " ").append(p.port()).append('/').append(proto);
            }
        }
        return sb.toString();
    }

    private static String hostname(String podName) {
        return podName.length() > 63 ? podName.substring(0, 63) : podName;
    }

    /**
     * A port of the cluster the host reaches through the edge.
     *
     * @param key       what it is: {@code ingress-http}, {@code ingress-https}, {@code nodeport/ns/svc/80},
     *                  {@code lb/ns/svc/80}
     * @param edgePort  the edge container's port (published on 127.0.0.1)
     */
    public record Exposure(String key, int edgePort, String targetIp, int targetPort) {
        static String format(List<Exposure> list) {
            StringBuilder sb = new StringBuilder();
            for (Exposure e : list) {
                sb.append(sb.length() == 0 ? "" : ",").append(e.key()).append('=').append(e.edgePort()).append('>')
                        .append(e.targetIp()).append(':').append(e.targetPort());
            }
            return sb.toString();
        }

        public static List<Exposure> parse(String label) {
            List<Exposure> out = new ArrayList<>();
            if (label == null || label.isBlank()) {
                return out;
            }
            for (String part : label.split(",")) {
                int eq = part.lastIndexOf('=');
                int gt = part.indexOf('>', eq);
                int colon = part.lastIndexOf(':');
                out.add(new Exposure(part.substring(0, eq), Integer.parseInt(part.substring(eq + 1, gt)),
                        part.substring(gt + 1, colon), Integer.parseInt(part.substring(colon + 1))));
            }
            return out;
        }
    }
}
