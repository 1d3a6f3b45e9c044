package io.kubecanvas.emulator.intent;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.backend.Protocol;
import io.kubecanvas.emulator.backend.ReachabilityMatrix;
import io.kubecanvas.model.net.Cidr;
import io.kubecanvas.model.net.Ipv4;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.emulator.state.ClusterState.ContainerPort;
import io.kubecanvas.emulator.state.ClusterState.Endpoint;
import io.kubecanvas.emulator.state.ClusterState.PodState;
import io.kubecanvas.emulator.state.ClusterState.ServicePort;
import io.kubecanvas.emulator.state.ClusterState.ServiceState;
import io.kubecanvas.model.ObjectKey;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The reachability the design intends, as a table: rows are the sources (every Pod of the matrix, then the
 * outside world), columns the targets (each declared container port of a Pod, each Service port, each
 * NodePort or LoadBalancer port, each Ingress rule), each cell what should happen and why, computed from the
 * objects alone. {@link #observe} then probes every cell on a running backend and keeps the result beside
 * the expectation; {@link Cell#agreement()} compares the two.
 *
 * <p>What is expected: a Pod port is reached when it is declared ({@code containerPort}) and the policies
 * allow the connection ({@link PolicyVerdict}); a Service when one of its endpoints is; from outside, Pod IPs
 * and ClusterIPs are not routed, NodePorts and LoadBalancer addresses reach the Service's endpoints, and an
 * Ingress rule reaches its backend Service from the Ingress controller in the host network. Sources other
 * than Pods match a policy's {@code ipBlock} when it holds an address the destination may see (the client's,
 * a node's, or a node's Pod network gateway), never a Pod or namespace selector.
 */
public final class ReachabilityIntent {

    /** A row: a Pod ({@code ns/name}) or the outside world. */
    public record Source(String id, PodState pod) {
        public boolean outside() {
            return pod == null;
        }
    }

    public enum TargetKind { POD, SERVICE, NODE_PORT, LOAD_BALANCER, INGRESS }

    /**
     * A column.
     *
     * @param object   the object the column is about (Pod, Service or Ingress)
     * @param address  what a probe connects to: "ns/pod", an IP, or a URL
     * @param port     the port probed (the NodePort for NODE_PORT, 0 for a URL)
     * @param label    the column heading, e.g. "shop/db :5432" or "http://shop.example.com/"
     */
    public record Target(TargetKind kind, ObjectKey object, String label, String address, int port, Protocol protocol) {
        /** Only the outside world connects to NodePorts, LoadBalancer addresses and Ingress hosts in this table. */
        public boolean fromOutsideOnly() {
            return kind == TargetKind.NODE_PORT || kind == TargetKind.LOAD_BALANCER || kind == TargetKind.INGRESS;
        }
    }

    /**
     * What should happen.
     *
     * @param decidedBy the objects that decided: the policies, or the Service without endpoints
     */
    public record Expectation(boolean reachable, String reason, List<ObjectKey> decidedBy) {
    }

    /** How the probe compares with the expectation: the colour of a cell. */
    public enum Agreement {
        EXPECTED_AND_SEEN("expected and seen"),
        EXPECTED_BUT_BLOCKED("expected but blocked"),
        UNEXPECTED("reachable, not expected"),
        BLOCKED_AS_EXPECTED("blocked, as expected"),
        NOT_PROBED("not probed yet");

        private final String words;

        Agreement(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /** One cell; {@code observed} is null until probed, and null forever for cells that do not apply. */
    public record Cell(Source from, Target to, Expectation expected, ProbeResult observed) {
        public boolean applies() {
            return expected != null;
        }

        public Agreement agreement() {
            if (observed == null || expected == null) {
                return Agreement.NOT_PROBED;
            }
            if (expected.reachable()) {
                return observed.delivered() ? Agreement.EXPECTED_AND_SEEN : Agreement.EXPECTED_BUT_BLOCKED;
            }
            return observed.delivered() ? Agreement.UNEXPECTED : Agreement.BLOCKED_AS_EXPECTED;
        }

        /** The probe this cell makes. */
        public ProbeRequest request() {
            return new ProbeRequest(from.outside() ? ProbeRequest.EXTERNAL : from.id(), to.address(), to.port(), to.protocol());
        }
    }

    private final List<Source> sources;
    private final List<Target> targets;
    private final List<Cell> cells;

    private ReachabilityIntent(List<Source> sources, List<Target> targets, List<Cell> cells) {
        this.sources = List.copyOf(sources);
        this.targets = List.copyOf(targets);
        this.cells = List.copyOf(cells);
    }

    public List<Source> sources() {
        return sources;
    }

    public List<Target> targets() {
        return targets;
    }

    public List<Cell> cells() {
        return cells;
    }

    public Cell cell(int row, int column) {
        return cells.get(row * targets.size() + column);
    }

    /** The table with every expectation and nothing observed yet. */
    public static ReachabilityIntent expect(ClusterState state) {
        List<Source> sources = new ArrayList<>();
        for (String key : matrixPods(state)) {
            String[] nn = key.split("/", 2);
            sources.add(new Source(key, state.pod(nn[0], nn[1])));
        }
        sources.add(new Source(ProbeRequest.EXTERNAL, null));
        List<Target> targets = targets(state);
        List<Cell> cells = new ArrayList<>();
        for (Source s : sources) {
            for (Target t : targets) {
                cells.add(new Cell(s, t, t.fromOutsideOnly() && !s.outside() ? null : expectation(state, s, t), null));
            }
        }
        return new ReachabilityIntent(sources, targets, cells);
    }

    /**
     * Probes every cell that applies and keeps each result beside its expectation. A probe the backend
     * refuses to make (a bad target) is kept as a time-out with the backend's words.
     */
    public ReachabilityIntent observe(Function<ProbeRequest, ProbeResult> prober) {
        List<Cell> out = new ArrayList<>(cells.size());
        for (Cell c : cells) {
            if (!c.applies()) {
                out.add(c);
                continue;
            }
            ProbeResult r;
            try {
                r = prober.apply(c.request());
            } catch (IllegalArgumentException e) {
                r = new ProbeResult(c.request(), ProbeResult.Outcome.TIMEOUT, null, e.getMessage(), null, List.of());
            }
            out.add(new Cell(c.from(), c.to(), c.expected(), r));
        }
        return new ReachabilityIntent(sources, targets, out);
    }

    /** How many cells agree in each way. */
    public Map<Agreement, Integer> counts() {
        Map<Agreement, Integer> m = new LinkedHashMap<>();
        for (Agreement a : Agreement.values()) {
            m.put(a, 0);
        }
        cells.stream().filter(Cell::applies).forEach(c -> m.merge(c.agreement(), 1, Integer::sum));
        return m;
    }

    /** The Pods the reachability matrix probes from and to, in its order (running, not host-network, not kube-system). */
    static List<String> matrixPods(ClusterState state) {
        return state.pods().stream().filter(p -> p.node() != null && p.ip() != null && !p.hostNetwork()
                        && !"kube-system".equals(p.namespace()))
                .map(PodState::key).sorted().toList();
    }

    // ----- the columns

    static List<Target> targets(ClusterState state) {
        List<Target> out = new ArrayList<>();
        for (String key : matrixPods(state)) {
            String[] nn = key.split("/", 2);
            PodState p = state.pod(nn[0], nn[1]);
            for (ContainerPort cp : p.ports()) {
                Protocol proto = protocol(cp.protocol());
                if (proto == null) {
                    continue;
                }
                out.add(new Target(TargetKind.POD, new ObjectKey("Pod", p.namespace(), p.name()),
                        key + " :" + cp.port() + (proto == Protocol.UDP ? "/udp" : ""), key, cp.port(), proto));
            }
        }
        // The cluster's own Services (kube-system, and default/kubernetes, the API server on the control-plane node)
        // are not the design's: the table is about what the design allows.
        List<ServiceState> services = state.services().stream().filter(s -> !"kube-system".equals(s.namespace())
                && !("default".equals(s.namespace()) && "kubernetes".equals(s.name()))).toList();
        for (ServiceState s : services) {
            if (s.headless()) {
                continue;
            }
            for (ServicePort sp : s.ports()) {
                Protocol proto = protocol(sp.protocol());
                if (proto != null) {
                    out.add(new Target(TargetKind.SERVICE, serviceKey(s), "Service " + s.key() + " :" + sp.port() + udp(proto),
                            s.clusterIp(), sp.port(), proto));
                }
            }
        }
        String nodeIp = state.nodes().stream().filter(ClusterState.NodeState::ready).map(ClusterState.NodeState::underlayIp)
                .findFirst().orElse(null);
        for (ServiceState s : services) {
            for (ServicePort sp : s.ports()) {
                Protocol proto = protocol(sp.protocol());
                if (proto == null) {
                    continue;
                }
                if (sp.nodePort() > 0 && nodeIp != null) {
                    out.add(new Target(TargetKind.NODE_PORT, serviceKey(s), s.key() + " NodePort " + sp.nodePort() + udp(proto),
                            nodeIp, sp.nodePort(), proto));
                }
                if (s.loadBalancerIp() != null) {
                    out.add(new Target(TargetKind.LOAD_BALANCER, serviceKey(s), s.key() + " LB " + s.loadBalancerIp() + ":"
                            + sp.port() + udp(proto), s.loadBalancerIp(), sp.port(), proto));
                }
            }
        }
        for (Ingress ing : state.ingresses()) {
            ObjectKey key = new ObjectKey("Ingress", namespace(ing), ing.getMetadata().getName());
            for (IngressRule rule : ing.getSpec() == null || ing.getSpec().getRules() == null ? List.<IngressRule>of()
                    : ing.getSpec().getRules()) {
                String host = rule.getHost() == null || rule.getHost().isEmpty() ? "localhost" : rule.getHost();
                List<HTTPIngressPath> paths = rule.getHttp() == null ? List.of() : rule.getHttp().getPaths();
                for (HTTPIngressPath path : paths) {
                    String url = "http://" + host + (path.getPath() == null || path.getPath().isEmpty() ? "/" : path.getPath());
                    out.add(new Target(TargetKind.INGRESS, key, url, url, 0, Protocol.TCP));
                }
            }
        }
        return out;
    }

    private static String udp(Protocol p) {
        return p == Protocol.UDP ? "/udp" : "";
    }

    private static Protocol protocol(String p) {
        if (p == null || p.equalsIgnoreCase("TCP")) {
            return Protocol.TCP;
        }
        return p.equalsIgnoreCase("UDP") ? Protocol.UDP : null;
    }

    private static ObjectKey serviceKey(ServiceState s) {
        return new ObjectKey("Service", s.namespace(), s.name());
    }

    private static String namespace(Ingress ing) {
        String ns = ing.getMetadata().getNamespace();
        return ns == null || ns.isEmpty() ? "default" : ns;
    }

    // ----- the expectations

    static Expectation expectation(ClusterState state, Source from, Target to) {
        String proto = to.protocol() == Protocol.UDP ? "UDP" : "TCP";
        switch (to.kind()) {
            case POD -> {
                PodState dst = state.pod(to.object().namespace(), to.object().name());
                if (from.outside()) {
                    return new Expectation(false, "Pod IPs are not routed from outside the cluster", List.of());
                }
                return toPod(state, PolicyVerdict.Peer.of(from.pod()), dst, to.port(), proto, false);
            }
            case SERVICE -> {
                ServiceState s = state.service(to.object().namespace(), to.object().name());
                if (from.outside()) {
                    return new Expectation(false, "a ClusterIP (" + s.clusterIp() + ") is reachable only from inside the cluster",
                            List.of(to.object()));
                }
                return toService(state, PolicyVerdict.Peer.of(from.pod()), s, to.port(), proto, false, "");
            }
            case NODE_PORT, LOAD_BALANCER -> {
                ServiceState s = state.service(to.object().namespace(), to.object().name());
                int servicePort = to.kind() == TargetKind.LOAD_BALANCER ? to.port()
                        : s.ports().stream().filter(sp -> sp.nodePort() == to.port()).mapToInt(ServicePort::port).findFirst().orElse(0);
                return toService(state, outside(state, "the outside world"), s, servicePort, proto, true,
                        to.kind() == TargetKind.NODE_PORT ? "NodePort " + to.port() + " -> " : "LoadBalancer -> ");
            }
            case INGRESS -> {
                return toIngress(state, to);
            }
            default -> throw new IllegalStateException(to.kind().name());
        }
    }

    private static Expectation toPod(ClusterState state, PolicyVerdict.Peer from, PodState dst, int port, String proto,
                                     boolean viaService) {
        if (!"Running".equals(dst.phase()) || dst.ip() == null) {
            return new Expectation(false, dst.key() + " is not running (" + dst.phase() + ")", List.of());
        }
        boolean declared = dst.ports().stream().anyMatch(cp -> cp.port() == port
                && proto.equalsIgnoreCase(cp.protocol() == null ? "TCP" : cp.protocol()));
        if (!declared) {
            return new Expectation(false, dst.key() + " declares no container port " + proto + "/" + port + ": nothing listens there",
                    List.of(new ObjectKey("Pod", dst.namespace(), dst.name())));
        }
        PolicyVerdict v = PolicyVerdict.of(state, from, dst, port, proto, viaService);
        String why = v.reason().isEmpty() ? "no NetworkPolicy selects " + dst.key() + " or " + from.name() + "; "
                + dst.key() + " listens on " + proto + "/" + port : v.reason();
        return new Expectation(v.allowed(), why, v.decidedBy());
    }

    /** Reached when at least one ready endpoint is; the reason names the endpoint that decides. */
    private static Expectation toService(ClusterState state, PolicyVerdict.Peer from, ServiceState s, int servicePort,
                                         String proto, boolean fromOutside, String prefix) {
        ServicePort sp = s.ports().stream().filter(p -> p.port() == servicePort).findFirst().orElse(null);
        List<Endpoint> ready = s.endpoints().stream().filter(Endpoint::ready).toList();
        ObjectKey svc = serviceKey(s);
        if (sp == null || ready.isEmpty()) {
            return new Expectation(false, prefix + s.key() + " has no ready endpoints (its selector matches no running Pod)",
                    List.of(svc));
        }
        Expectation firstNo = null;
        int reached = 0;
        Expectation firstYes = null;
        for (Endpoint e : ready) {
            PodState pod = state.pod(e.podNamespace(), e.podName());
            Integer target = e.targetPorts().get(sp.name() != null && !sp.name().isEmpty() ? sp.name() : String.valueOf(sp.port()));
            if (pod == null || target == null) {
                continue;
            }
            Expectation x = toPod(state, from, pod, target, proto, true);
            if (x.reachable()) {
                reached++;
                if (firstYes == null) {
                    firstYes = x;
                }
            } else if (firstNo == null) {
                firstNo = x;
            }
        }
        if (firstYes != null) {
            String some = reached < ready.size() ? " (only " + reached + " of " + ready.size() + " endpoints: " + firstNo.reason() + ")" : "";
            return new Expectation(true, prefix + s.key() + " -> endpoint: " + firstYes.reason() + some, firstYes.decidedBy());
        }
        return firstNo == null ? new Expectation(false, prefix + s.key() + ": no endpoint has the port", List.of(svc))
                : new Expectation(false, prefix + s.key() + " -> every endpoint: " + firstNo.reason(), firstNo.decidedBy());
    }

    private static Expectation toIngress(ClusterState state, Target to) {
        String ns = to.object().namespace();
        Ingress ing = state.ingresses().stream().filter(i -> namespace(i).equals(ns)
                && i.getMetadata().getName().equals(to.object().name())).findFirst().orElseThrow();
        for (IngressRule rule : ing.getSpec().getRules()) {
            String host = rule.getHost() == null || rule.getHost().isEmpty() ? "localhost" : rule.getHost();
            for (HTTPIngressPath path : rule.getHttp() == null ? List.<HTTPIngressPath>of() : rule.getHttp().getPaths()) {
                String url = "http://" + host + (path.getPath() == null || path.getPath().isEmpty() ? "/" : path.getPath());
                if (!url.equals(to.address())) {
                    continue;
                }
                var backend = path.getBackend() == null ? null : path.getBackend().getService();
                ServiceState s = backend == null ? null : state.service(ns, backend.getName());
                if (s == null) {
                    return new Expectation(false, "the rule's backend Service " + (backend == null ? "(none)" : ns + "/"
                            + backend.getName()) + " does not exist", List.of(to.object()));
                }
                int port = backend.getPort() == null ? 0 : backend.getPort().getNumber() != null ? backend.getPort().getNumber()
                        : s.ports().stream().filter(p -> backend.getPort().getName().equals(p.name())).mapToInt(ServicePort::port)
                        .findFirst().orElse(0);
                Expectation e = toService(state, outside(state, "the Ingress controller"), s, port, "TCP", true,
                        "Ingress " + ns + "/" + ing.getMetadata().getName() + " -> ");
                List<ObjectKey> by = new ArrayList<>(List.of(to.object()));
                by.addAll(e.decidedBy());
                return new Expectation(e.reachable(), e.reason(), by);
            }
        }
        return new Expectation(false, "no rule of the Ingress matches " + to.address(), List.of(to.object()));
    }

    /**
     * A sender outside the Pod network: the addresses a Pod may see from it are the client's (the underlay's
     * first address), the nodes' and the nodes' Pod network gateways (after SNAT or from the host network).
     */
    private static PolicyVerdict.Peer outside(ClusterState state, String name) {
        List<String> addresses = new ArrayList<>();
        try {
            addresses.add(Ipv4.format(Cidr.parse(state.network().underlayCidr()).nth(1)));
        } catch (RuntimeException ignored) {
            // no underlay written down: the nodes' addresses still count
        }
        for (var n : state.nodes()) {
            addresses.add(n.underlayIp());
            if (n.podCidr() != null) {
                Cidr c = Cidr.parse(n.podCidr());
                addresses.add(Ipv4.format(c.nth(0)));
                addresses.add(Ipv4.format(c.nth(1)));
            }
        }
        return new PolicyVerdict.Peer(null, addresses, name.toLowerCase(Locale.ROOT));
    }
}
