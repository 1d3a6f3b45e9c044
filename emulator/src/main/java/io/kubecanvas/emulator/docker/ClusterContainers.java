package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.plan.HostExposure;
import io.kubecanvas.emulator.plan.NodePlan;
import io.kubecanvas.emulator.plan.NodeScript;
import io.kubecanvas.emulator.plan.PodPlan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Pure functions from the network plan to container and network specs: names, labels, capabilities,
 * namespaces. Nothing here touches Docker, so every argument can be checked by a unit test.
 */
public final class ClusterContainers {
    /** The node-local DNS address (as NodeLocal DNSCache uses) where each node's dnsmasq answers its Pods. */
    public static final String NODE_LOCAL_DNS = "169.254.20.10";
    /**
     * The only capabilities a node container has (every other is dropped; docs/docker-capabilities.md says why
     * each): NET_ADMIN (bridge, veths, VXLAN, routes, iptables in the node's own network namespace), SYS_ADMIN
     * (setns into its Pods' network namespaces, which the CNI plugin and {@code ip -n} do), NET_RAW (tcpdump,
     * ping), NET_BIND_SERVICE (dnsmasq on 53, nginx on 80/443), SETUID/SETGID (nginx's workers), CHOWN,
     * DAC_OVERRIDE, FOWNER (writing its own files as root), KILL (signals to its own processes), SETPCAP (the Pods
     * it runs itself, {@link NodePods}, get a smaller bounding set), SYS_CHROOT (entering such a Pod's mount namespace,
     * for its resolv.conf); SETPCAP and SYS_CHROOT are in Docker's default set for any container. The engine's
     * default seccomp profile and AppArmor profile stay on.
     */
    static final List<String> NODE_CAP_ADD = List.of("NET_ADMIN", "SYS_ADMIN", "NET_RAW", "NET_BIND_SERVICE", "SETUID",
            "SETGID", "CHOWN", "DAC_OVERRIDE", "FOWNER", "KILL", "SETPCAP", "SYS_CHROOT");
    static final List<String> DROP_ALL = List.of("ALL");
    /** Never given to any container of a cluster: each acts on the host, not on the container. */
    public static final List<String> FORBIDDEN = List.of("SYS_TIME", "SYS_MODULE", "SYS_BOOT", "SYS_RAWIO", "SYS_PTRACE");
    /** No process may gain privileges through exec (setuid binaries, file capabilities). */
    static final List<String> NO_NEW_PRIVILEGES = List.of("no-new-privileges:true");
    /**
     * The edge removes its default route, then its processes give up NET_ADMIN and SETPCAP (which dropping
     * needs) for good; they keep NET_BIND_SERVICE for 80/443.
     */
    static final List<String> EDGE_CAP_ADD = List.of("NET_ADMIN", "SETPCAP", "NET_BIND_SERVICE");
    /** The sandbox holds the Pod's namespace; probes run their clients in it, and ping needs NET_RAW (as in a Pod). */
    static final List<String> SANDBOX_CAP_ADD = List.of("NET_RAW");
    /** A stand-in binds the Pod's declared ports, some below 1024; nothing else. */
    static final List<String> STANDIN_CAP_ADD = List.of("NET_BIND_SERVICE");
    /** dnsmasq as the cluster DNS binds 53 and sets its groups at start (setgroups needs SETGID, its user SETUID). */
    static final List<String> DNS_CAP_ADD = List.of("NET_BIND_SERVICE", "SETUID", "SETGID");
    /** The access network's Docker options: no masquerade, so nothing on it reaches beyond the host. */
    public static final Map<String, String> ACCESS_NETWORK_OPTIONS = Map.of("com.docker.network.bridge.enable_ip_masquerade", "false");

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

    public String sandboxName(PodPlan pod) {
        return prefix() + "-" + Labels.namePart(pod.namespace()) + "-" + Labels.namePart(pod.name());
    }

    public String edgeName() {
        return prefix() + "-edge";
    }

    /** The token on the sandbox's command line that the node's script looks for with pgrep: the Pod's key. */
    public static String podToken(PodPlan pod) {
        return pod.key();
    }

    public Map<String, String> labels(String role) {
        Map<String, String> m = Labels.cluster(cluster, role);
        m.put(Labels.OWNER, owner);
        return m;
    }

    public ContainerSpec node(NodePlan node) {
        return node(node.name(), node.underlay().address().addressText());
    }

    /** The node container of node {@code nodeName} at {@code address} on the underlay. */
    public ContainerSpec node(String nodeName, String address) {
        Map<String, String> labels = labels(Labels.ROLE_NODE);
        labels.put(Labels.NODE, nodeName);
        Map<String, String> sysctls = new LinkedHashMap<>();
        sysctls.put("net.ipv4.ip_forward", "1");
        sysctls.put("net.ipv4.conf.all.rp_filter", "0");
        sysctls.put("net.ipv4.conf.default.rp_filter", "0");
        sysctls.put("net.ipv4.conf.all.route_localnet", "1");
        sysctls.put("net.bridge.bridge-nf-call-iptables", "1");
        return new ContainerSpec(nodeName(nodeName), image, List.of(), Map.of("NODE_NAME", nodeName),
                labels, nodeName, underlayNetworkName(), address, null, NODE_CAP_ADD,
                DROP_ALL, NO_NEW_PRIVILEGES, sysctls, List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /**
     * The Pod sandbox: no network of Docker's, the node's PID namespace, cluster DNS in resolv.conf. A hostNetwork
     * Pod's sandbox is in its node's network namespace instead (Docker then keeps the node's hostname and DNS).
     */
    public ContainerSpec sandbox(PodPlan pod, List<String> search, String nameserver) {
        return sandbox(pod, search, nameserver, false);
    }

    /**
     * The Pod sandbox; with {@code runsStandIn} (a Pod that {@link #standInOnly may}) it also runs the Pod's
     * stand-in, as its app container would (the same environment and labels, NET_BIND_SERVICE for its ports), so
     * the Pod is one container, not two: Docker starts about five containers a second on two cores, and this halves
     * what a design of stand-ins waits for.
     */
    public ContainerSpec sandbox(PodPlan pod, List<String> search, String nameserver, boolean runsStandIn) {
        return sandbox(pod, search, nameserver, runsStandIn, "cluster.local", null);
    }

    /**
     * The sandbox, a cluster DNS stand-in it runs answering for {@code clusterDomain}, starting with the records
     * {@code dns} (null: none yet).
     */
    public ContainerSpec sandbox(PodPlan pod, List<String> search, String nameserver, boolean runsStandIn, String clusterDomain,
                                 DnsFiles dns) {
        Map<String, String> labels = podLabels(pod, Labels.ROLE_SANDBOX);
        labels.put(Labels.POD_IP, String.valueOf(pod.ip()));
        List<String> cmd = List.of("/usr/local/bin/kubecanvas-pause", podToken(pod));
        String pid = "container:" + nodeName(pod.node());
        if (pod.hostNetwork()) {
            return new ContainerSpec(sandboxName(pod), image, cmd, Map.of(), labels, null, podNetwork(pod), null, pid,
                    SANDBOX_CAP_ADD, DROP_ALL, NO_NEW_PRIVILEGES, Map.of(), List.of(), List.of(), List.of(), List.of(), List.of());
        }
        Map<String, String> env = Map.of();
        List<String> caps = SANDBOX_CAP_ADD;
        if (runsStandIn) {
            if (!standInOnly(pod, img -> false)) {
                throw new IllegalArgumentException("Pod " + pod.key() + " has more than one container or init containers:"
                        + " its sandbox cannot run them");
            }
            ContainerSpec standIn = appContainers(pod, clusterDomain, img -> false, java.util.Set.of(), dns).get(0);
            for (String k : List.of(Labels.CONTAINER, Labels.IMAGE, Labels.STANDIN, Labels.DNS_SERVER, Labels.DNS_DIR)) {
                if (standIn.label(k) != null) {
                    labels.put(k, standIn.label(k));
                }
            }
            env = standIn.env();
            caps = new ArrayList<>(SANDBOX_CAP_ADD);
            caps.addAll(standIn.capAdd());
        }
        // its own name on its address in /etc/hosts, as the kubelet writes it (its containers share the file)
        return new ContainerSpec(sandboxName(pod), image, cmd, env, labels, hostname(pod.name()), "none", null, pid,
                caps, DROP_ALL, NO_NEW_PRIVILEGES, Map.of(), List.of(nameserver), search, List.of("ndots:5"),
                List.of(), List.of()).withExtraHosts(List.of(hostname(pod.name()) + ":" + pod.ip()));
    }

    /**
     * Whether a Pod's sandbox can run the Pod itself: one app container whose image cannot run (so a stand-in
     * would, the cluster DNS stand-in among them, with its capabilities), no init containers, its own network.
     */
    static boolean standInOnly(PodPlan pod, Predicate<String> imageUsable) {
        return !pod.hostNetwork() && pod.initContainers().isEmpty() && pod.containers().size() == 1
                && !imageUsable.test(pod.containers().get(0).image());
    }

    /** The network namespace a Pod's app containers join: its sandbox's, or its node's for a hostNetwork Pod. */
    String podNetwork(PodPlan pod) {
        return "container:" + (pod.hostNetwork() ? nodeName(pod.node()) : sandboxName(pod));
    }

    /**
     * The Pod's app containers, one per spec container, joined to the sandbox's network namespace. An image
     * that is present locally runs as is; otherwise a stand-in from the node image serves the Pod's declared
     * ports (only the first stand-in, so two stand-ins do not fight over a port), labelled with the reason.
     *
     * @param clusterDomain the domain the cluster DNS stand-in answers for
     */
    public List<ContainerSpec> appContainers(PodPlan pod, String clusterDomain, Predicate<String> imagePresent) {
        return appContainers(pod, clusterDomain, imagePresent, java.util.Set.of());
    }

    /**
     * The app containers but those named in {@code notStarted} (an image the kubelet may not pull:
     * {@code imagePullPolicy: Never}).
     */
    public List<ContainerSpec> appContainers(PodPlan pod, String clusterDomain, Predicate<String> imagePresent,
                                             java.util.Set<String> notStarted) {
        return appContainers(pod, clusterDomain, imagePresent, notStarted, null);
    }

    /**
     * The app containers, the cluster DNS stand-in starting with {@code dns} (null: none yet), so that a new one
     * answers at once, without a restart to read them.
     */
    public List<ContainerSpec> appContainers(PodPlan pod, String clusterDomain, Predicate<String> imagePresent,
                                             java.util.Set<String> notStarted, DnsFiles dns) {
        List<ContainerSpec> out = new ArrayList<>();
        boolean anyReal = pod.containers().stream().map(PodPlan.ContainerPlan::image).anyMatch(imagePresent);
        boolean portsTaken = anyReal;
        int i = 0;
        for (PodPlan.ContainerPlan c : pod.containers()) {
            if (notStarted.contains(c.name())) {
                i++;
                continue;
            }
            String img = c.image();
            String cname = c.name() == null || c.name().isBlank() || c.name().matches("c\\d+") ? containerName(img, i)
                    : Labels.namePart(c.name());
            Map<String, String> labels = podLabels(pod, Labels.ROLE_CONTAINER);
            labels.put(Labels.CONTAINER, cname);
            labels.put(Labels.IMAGE, img);
            String name = sandboxName(pod) + "-" + Labels.namePart(cname);
            if (imagePresent.test(img)) {
                // what the YAML says: command replaces the entrypoint, args its arguments, env as resolved by the plan
                Map<String, String> env = new LinkedHashMap<>();
                c.env().forEach((k, v) -> {
                    if (v != null) {
                        env.put(k, v);
                    }
                });
                if (!c.unresolved().isEmpty()) {
                    labels.put(Labels.UNRESOLVED_ENV, String.join(",", c.unresolved().keySet()));
                }
                out.add(new ContainerSpec(name, img, c.args(), env, labels, null,
                        podNetwork(pod), null, null, List.of(), List.of(), List.of(), Map.of(),
                        List.of(), List.of(), List.of(), List.of(), List.of(), c.command(), List.of(), c.workingDir()));
            } else if (isClusterDns(img)) {
                // CoreDNS's stand-in is a real DNS server: dnsmasq answering the cluster's records, which the
                // emulator copies in (hosts file) and reloads with SIGHUP as Services and Pods change (the stand-in
                // script runs it, beside its other declared ports: CoreDNS's metrics, 9153, answer as any
                // stand-in's do, as in the sim).
                String reason = "image " + img + " is not present locally: dnsmasq serves the cluster DNS records";
                labels.put(Labels.STANDIN, reason);
                labels.put(Labels.DNS_SERVER, "true");
                labels.put(Labels.DNS_DIR, dnsDir(pod));
                String others = portList(pod).replaceAll("(^| )53/[A-Z]+", "").trim();
                Map<String, String> env = standInEnv(pod, cname, reason, others);
                env.put("DNS_DIR", dnsDir(pod));
                env.put("DNS_DOMAIN", clusterDomain);
                env.put("DNS_HOSTS", dns == null ? "" : dns.hosts());
                env.put("DNS_SRV", dns == null ? "" : dns.srv());
                out.add(new ContainerSpec(name, image, List.of("/usr/local/bin/kubecanvas-standin"),
                        env, labels, null, podNetwork(pod), null, null,
                        DNS_CAP_ADD, DROP_ALL, NO_NEW_PRIVILEGES, Map.of(), List.of(), List.of(), List.of(), List.of(), List.of()));
                portsTaken = true;
            } else {
                String ports = portsTaken ? "" : portList(pod);
                String reason = "image " + img + " is not present locally and could not be pulled; serves " + serves(ports);
                labels.put(Labels.STANDIN, reason);
                Map<String, String> env = standInEnv(pod, cname, reason, ports);
                portsTaken = true;
                out.add(new ContainerSpec(name, image, List.of("/usr/local/bin/kubecanvas-standin"), env, labels, null,
                        podNetwork(pod), null, null, STANDIN_CAP_ADD, DROP_ALL, NO_NEW_PRIVILEGES, Map.of(),
                        List.of(), List.of(), List.of(), List.of(), List.of()));
            }
            i++;
        }
        return out;
    }

    /**
     * An init container of a Pod, in the Pod's network namespace: what the YAML says (image, command, args, env,
     * workingDir), as app containers with a present image run. It runs to completion before the next.
     */
    public ContainerSpec initContainer(PodPlan pod, PodPlan.ContainerPlan c, int index) {
        String cname = c.name() == null || c.name().isBlank() ? "init-" + index : Labels.namePart(c.name());
        Map<String, String> labels = podLabels(pod, Labels.ROLE_INIT);
        labels.put(Labels.CONTAINER, cname);
        labels.put(Labels.IMAGE, c.image());
        Map<String, String> env = new LinkedHashMap<>();
        c.env().forEach((k, v) -> {
            if (v != null) {
                env.put(k, v);
            }
        });
        if (!c.unresolved().isEmpty()) {
            labels.put(Labels.UNRESOLVED_ENV, String.join(",", c.unresolved().keySet()));
        }
        return new ContainerSpec(sandboxName(pod) + "-init-" + Labels.namePart(cname), c.image(), c.args(), env, labels, null,
                podNetwork(pod), null, null, List.of(), List.of(), List.of(), Map.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), c.command(), List.of(), c.workingDir());
    }

    /**
     * The edge: the host's way in. It sits on a non-internal access network (so Docker can publish its
     * ports on 127.0.0.1) and on the underlay, and forwards each published port to its target with socat; with
     * nothing to publish, on the underlay alone (it still keeps the plan and sends the probes "from outside").
     */
    public ContainerSpec edge(List<Exposure> exposures, String edgeIp) {
        // published on the host's loopback only; UDP ways in are relayed datagram by datagram
        Map<String, String> labels = labels(Labels.ROLE_EDGE);
        labels.put(Labels.EXPOSURES, Exposure.format(exposures));
        // The outside world reaches the cluster as the sim's does, through the underlay only: without a default
        // route, traffic for a Pod or Service address gets "no route to host" instead of leaving through the host.
        // Then its processes lose NET_ADMIN for good (bounding set), so nothing in it can add the route back.
        StringBuilder sh = new StringBuilder("ip route del default 2>/dev/null; exec setpriv --inh-caps=-net_admin,-setpcap "
                + "--bounding-set=-net_admin,-setpcap /bin/sh -c \"trap 'kill 0; exit 0' TERM INT; ");
        List<ContainerSpec.PublishedPort> publish = new ArrayList<>();
        for (Exposure e : exposures) {
            if ("UDP".equals(e.protocol())) {
                sh.append("socat -T5 UDP4-RECVFROM:").append(e.edgePort()).append(",fork,reuseaddr UDP4-SENDTO:")
                        .append(e.targetIp()).append(':').append(e.targetPort()).append(" & ");
            } else {
                sh.append("socat TCP4-LISTEN:").append(e.edgePort()).append(",fork,reuseaddr TCP4:")
                        .append(e.targetIp()).append(':').append(e.targetPort()).append(" & ");
            }
            publish.add(new ContainerSpec.PublishedPort(e.edgePort(), e.protocol(), 0));
        }
        sh.append("while :; do sleep 86400 & wait \\$!; done\"");
        // nothing to publish: the underlay alone (no access network to make and attach; a plan that exposes a port
        // later gets a new edge, its exposures being in its labels)
        boolean alone = exposures.isEmpty();
        return new ContainerSpec(edgeName(), image, List.of("/bin/sh", "-c", sh.toString()), Map.of(), labels, "edge",
                alone ? underlayNetworkName() : accessNetworkName(), alone ? edgeIp : null, null, EDGE_CAP_ADD, DROP_ALL,
                NO_NEW_PRIVILEGES, Map.of(), List.of(), List.of(), List.of(), publish,
                alone ? List.of() : List.of(new ContainerSpec.NetworkAttachment(underlayNetworkName(), edgeIp)));
    }

    private Map<String, String> podLabels(PodPlan pod, String role) {
        Map<String, String> labels = labels(role);
        labels.put(Labels.NODE, String.valueOf(pod.node()));
        labels.put(Labels.POD, pod.key());
        labels.put(Labels.POD_UID, String.valueOf(pod.uid()));
        return labels;
    }

    /** What a stand-in tells about itself in every answer, and the ports it serves ({@code 80/TCP 53/UDP}). */
    private static Map<String, String> standInEnv(PodPlan pod, String container, String reason, String ports) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("POD_NAME", pod.name());
        env.put("POD_NAMESPACE", pod.namespace());
        env.put("NODE_NAME", String.valueOf(pod.node()));
        env.put("POD_IP", String.valueOf(pod.ip()));
        env.put("CONTAINER_NAME", container);
        env.put("STANDIN_REASON", reason);
        env.put("PORTS", ports);
        return env;
    }

    /**
     * The cluster DNS server's files: {@code hosts} (A records) and {@code srv} (dnsmasq's cname= and srv-host=
     * lines, which it reads only at start).
     */
    public record DnsFiles(String hosts, String srv) {
        public static DnsFiles of(io.kubecanvas.emulator.plan.NetworkPlan plan) {
            StringBuilder hosts = new StringBuilder("# cluster DNS A records (kubecanvas)\n");
            for (var r : plan.dns().records()) {
                if ("A".equals(r.type())) {
                    hosts.append(r.value()).append(' ').append(r.name().replaceAll("\\.$", "")).append('\n');
                }
            }
            return new DnsFiles(hosts.toString(), plan.dns().cnames() + plan.dns().srvHosts());
        }
    }

    /**
     * Where a cluster DNS stand-in keeps its records: a directory of its Pod's own, as the Pod may be run by its
     * node, whose files it sees (the node's own dnsmasq keeps its files in {@link NodeScript#DIR}).
     */
    static String dnsDir(PodPlan pod) {
        return "/run/kubecanvas/dns/" + Labels.namePart(pod.namespace() + "-" + pod.name());
    }

    /** Whether a Pod runs the cluster DNS server (a container of CoreDNS's image). */
    static boolean isClusterDns(PodPlan pod) {
        return pod.containers().stream().anyMatch(c -> isClusterDns(c.image()));
    }

    /** The cluster DNS server's image (CoreDNS), whose stand-in answers DNS for real. */
    static boolean isClusterDns(String image) {
        return image != null && image.contains("coredns");
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

    /** Ports the stand-in answers with HTTP; every other TCP port gets a plain echo. */
    static final java.util.Set<Integer> HTTP_PORTS = java.util.Set.of(80, 8080, 443, 8443, 3000, 5000);
    static final java.util.Set<String> HTTP_NAMES = java.util.Set.of("http", "https", "web");

    /** Whether a declared TCP port looks like HTTP: named http, https or web (or http-...), or a usual HTTP number. */
    static boolean looksLikeHttp(PodPlan.Listener l) {
        String n = l.name() == null ? "" : l.name().toLowerCase(java.util.Locale.ROOT);
        return HTTP_PORTS.contains(l.port()) || HTTP_NAMES.contains(n) || n.startsWith("http-") || n.startsWith("https-");
    }

    /** The stand-in's ports: {@code 80/TCP} (HTTP), {@code 5432/ECHO} (plain TCP echo), {@code 53/UDP} (UDP echo). */
    static String portList(PodPlan pod) {
        StringBuilder sb = new StringBuilder();
        for (PodPlan.Listener l : pod.listeners()) {
            String kind = "TCP".equals(l.protocol()) && !looksLikeHttp(l) ? "ECHO" : l.protocol();
            sb.append(sb.length() == 0 ? "" : " ").append(l.port()).append('/').append(kind);
        }
        return sb.toString();
    }

    /** What a stand-in serves, in words for its label, {@code ls} and the UI. */
    static String serves(String ports) {
        if (ports.isBlank()) {
            return "no port";
        }
        List<String> out = new ArrayList<>();
        for (String p : ports.split(" ")) {
            String port = p.substring(0, p.indexOf('/'));
            String kind = p.substring(p.indexOf('/') + 1);
            out.add(switch (kind) {
                case "ECHO" -> port + "/TCP plain echo";
                case "UDP" -> port + "/UDP echo";
                case "TCP" -> port + "/TCP HTTP";
                default -> port + "/" + kind;
            });
        }
        return String.join(", ", out);
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
    public record Exposure(String key, String protocol, int edgePort, String targetIp, int targetPort) {
        /** The plan's ways in with the edge's ports: Ingress on 80/443, NodePorts on their number, the rest from 20000. */
        static List<Exposure> of(List<HostExposure> wanted) {
            List<Exposure> out = new ArrayList<>();
            int next = 20000;
            for (HostExposure h : wanted) {
                int port = h.key().startsWith("ingress-") || h.key().startsWith("nodeport/") ? h.targetPort() : next++;
                out.add(new Exposure(h.key(), h.protocol(), port, h.targetIp(), h.targetPort()));
            }
            return out;
        }

        static String format(List<Exposure> list) {
            StringBuilder sb = new StringBuilder();
            for (Exposure e : list) {
                sb.append(sb.length() == 0 ? "" : ",").append(e.key()).append('=').append(e.edgePort())
                        .append("UDP".equals(e.protocol()) ? "/udp" : "").append('>')
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
                String port = part.substring(eq + 1, gt);
                boolean udp = port.endsWith("/udp");
                out.add(new Exposure(part.substring(0, eq), udp ? "UDP" : "TCP",
                        Integer.parseInt(udp ? port.substring(0, port.length() - 4) : port),
                        part.substring(gt + 1, colon), Integer.parseInt(part.substring(colon + 1))));
            }
            return out;
        }
    }
}
