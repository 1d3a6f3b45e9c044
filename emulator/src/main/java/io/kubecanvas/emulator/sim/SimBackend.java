package io.kubecanvas.emulator.sim;

import io.kubecanvas.emulator.backend.EmulatorBackend;
import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.backend.ProbeResult.Outcome;
import io.kubecanvas.emulator.backend.ProbeTarget;
import io.kubecanvas.emulator.backend.Protocol;
import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.plan.Ipv4;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.plan.NetworkPolicyRules;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.emulator.state.ClusterState.NodeState;
import io.kubecanvas.emulator.state.ClusterState.PodState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The {@code sim} backend: applies a plan by building the simulated dataplane from it, and probes by
 * running real client logic (DNS lookup through the cluster DNS Service, TCP handshake and request, UDP
 * datagram, ICMP echo) through it. Deterministic for a given seed: the same probes give the same answers.
 * Not thread-safe: one probe at a time.
 */
public final class SimBackend implements EmulatorBackend {
    private final Random random;
    private SimNetwork network;
    private final List<Consumer<PacketEvent>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private long flows;

    public SimBackend() {
        this(1L);
    }

    /** @param seed the seed of the random source behind {@code -m statistic --mode random} */
    public SimBackend(long seed) {
        this.random = new Random(seed);
    }

    @Override
    public String name() {
        return "sim";
    }

    @Override
    public synchronized void apply(ClusterState state, NetworkPlan plan) {
        SimNetwork n = new SimNetwork(state, plan, random);
        if (network != null) {
            n.now = network.now;
            n.hops = network.hops;
        }
        n.listeners.addAll(listeners);
        network = n;
    }

    /** Builds the plan from the state and applies both. */
    public SimBackend apply(ClusterState state) {
        apply(state, NetworkPlan.compute(state));
        return this;
    }

    public NetworkPlan plan() {
        return requireNetwork().plan;
    }

    /** Packet steps simulated so far (every event, recorded or not). */
    public long hops() {
        return network == null ? 0 : network.hops;
    }

    @Override
    public Subscription subscribe(Consumer<PacketEvent> listener) {
        listeners.add(listener);
        if (network != null) {
            network.listeners.add(listener);
        }
        return () -> {
            listeners.remove(listener);
            if (network != null) {
                network.listeners.remove(listener);
            }
        };
    }

    @Override
    public synchronized ProbeResult probe(ProbeRequest request) {
        return probe(request, true);
    }

    /**
     * Runs one probe; with {@code recordHops} false the events are not kept in the result (the reachability
     * matrix needs only outcomes) but subscribers still see them.
     */
    @Override
    public synchronized ProbeResult probe(ProbeRequest request, boolean recordHops) {
        SimNetwork net = requireNetwork();
        ClusterState state = net.state;
        Netns src;
        String fromNamespace = null;
        if (request.fromExternal()) {
            src = net.namespaces.get("external");
        } else if (request.fromNode()) {
            String name = request.from().substring(5);
            src = state.node(name) == null ? null : net.namespaces.get(name);
            if (src == null) {
                throw new IllegalArgumentException("no node named " + name + " (nodes: "
                        + String.join(", ", state.nodes().stream().map(NodeState::name).toList()) + ")");
            }
        } else {
            String[] parts = request.from().split("/", 2);
            if (parts.length != 2) {
                throw new IllegalArgumentException("--from must be NS/POD, node/NAME or external, not '" + request.from() + "'");
            }
            PodState pod = state.pod(parts[0], parts[1]);
            if (pod == null) {
                throw new IllegalArgumentException("no Pod " + request.from());
            }
            fromNamespace = pod.namespace();
            src = pod.hostNetwork() ? net.namespaces.get(pod.node()) : net.namespaces.get(pod.key());
            if (src == null) {
                throw new IllegalArgumentException("Pod " + request.from() + " is not running (phase " + pod.phase()
                        + (pod.node() == null ? ", not scheduled" : "") + ")");
            }
        }
        ProbeTarget target = ProbeTarget.resolve(request.target(), request.port(), request.protocol(), state, net.plan,
                fromNamespace);
        net.flow = ++flows;
        // Connections are not aged out as in a kernel; between probes nothing is in flight, so a full table is flushed.
        for (Netns ns : net.nodes) {
            if (ns.conntrack.size() > 50_000) {
                ns.conntrack.clear();
            }
        }
        List<PacketEvent> recording = recordHops ? new ArrayList<>() : null;
        net.recording = recording;
        net.firstDrop = null;
        net.firstReject = null;
        Sockets.Result[] result = new Sockets.Result[1];
        String[] address = new String[1];
        Consumer<Integer> connect = ip -> {
            address[0] = Ipv4.format(ip) + (request.protocol() == Protocol.ICMP ? "" : ":" + target.port());
            connect(net, src, ip, target, request.protocol(), r -> result[0] = r);
        };
        try {
            if (target.dnsName() != null && src.kind == Netns.Kind.POD) {
                lookup(net, src, fromNamespace, target.dnsName(), ip -> {
                    if (ip == null) {
                        result[0] = new Sockets.Result(Outcome.REFUSED, null, "cannot resolve " + target.dnsName()
                                + " (NXDOMAIN for every search domain)", null);
                    } else {
                        connect.accept(ip);
                    }
                }, failure -> result[0] = failure);
            } else if (target.ip() == null) {
                String[] key = target.description().startsWith("Service ")
                        ? target.description().substring("Service ".length()).split("/", 2) : null;
                ClusterState.ServiceState svc = key == null || key.length != 2 ? null : state.service(key[0], key[1]);
                if (svc != null && "ExternalName".equals(svc.type())) {
                    throw new IllegalArgumentException(target.description() + " is an ExternalName Service, a DNS alias"
                            + " with no address of its own: probe it from a Pod, which looks the alias up");
                }
                throw new IllegalArgumentException(target.description() + " has no ClusterIP (headless): probe it from a Pod, "
                        + "which resolves its name to Pod addresses");
            } else {
                connect.accept(Ipv4.parse(target.ip()));
            }
            net.run();
        } finally {
            net.recording = null;
        }
        List<PacketEvent> hops = recordHops ? List.copyOf(recording) : List.of();
        return toResult(request, result[0], address[0], hops, state, net.firstDrop, net.firstReject);
    }

    private ProbeResult toResult(ProbeRequest request, Sockets.Result r, String address, List<PacketEvent> hops,
                                 ClusterState state, String firstDrop, String firstReject) {
        if (r == null) {
            r = new Sockets.Result(Outcome.TIMEOUT, null, "no answer", null);
        }
        Outcome outcome = r.outcome();
        String reason = r.reason();
        if (outcome == Outcome.TIMEOUT) {
            // The client only sees silence; the simulator knows where the packet died.
            if (firstDrop != null) {
                outcome = NetworkPolicyRules.isPolicyRule(firstDrop) ? Outcome.POLICY_DROPPED : Outcome.DROPPED;
                reason = firstDrop;
            }
        } else if (outcome == Outcome.REFUSED && NetworkPolicyRules.isPolicyRule(firstReject)) {
            // kube-router rejects what no policy allows: the client sees "connection refused", yet it is a policy's.
            outcome = Outcome.POLICY_DROPPED;
            reason = firstReject + " (REJECT: the client sees connection refused)";
        }
        String answeredBy = r.answeredBy();
        if (answeredBy != null && Ipv4.isAddress(answeredBy)) {
            answeredBy = ownerOf(answeredBy, state);
        }
        if (outcome == Outcome.DELIVERED && r.response() != null) {
            String status = r.response().fields().get("status");
            if (status != null && !status.equals("200")) {
                reason = "HTTP " + status + ": " + r.response().fields().getOrDefault("reason", "");
            } else if (r.response().fields().containsKey("via")) {
                reason = "via " + r.response().fields().get("via");
            }
        }
        return new ProbeResult(request, outcome, answeredBy, reason, address, hops);
    }

    private static String ownerOf(String ip, ClusterState state) {
        for (PodState p : state.pods()) {
            if (ip.equals(p.ip()) && !p.hostNetwork()) {
                return p.key();
            }
        }
        for (NodeState n : state.nodes()) {
            if (ip.equals(n.underlayIp())) {
                return "node/" + n.name();
            }
        }
        return ip;
    }

    private static void connect(SimNetwork net, Netns src, int ip, ProbeTarget target, Protocol protocol,
                                Consumer<Sockets.Result> done) {
        switch (protocol) {
            case TCP -> {
                Map<String, String> f = new LinkedHashMap<>();
                f.put("method", "GET");
                String host = target.host() != null ? target.host() : target.text();
                f.put("host", host);
                f.put("path", target.path() != null ? target.path() : "/");
                Packet.App app = target.tls()
                        ? new Packet.App("tls", f, "TLSv1.3 Application Data, SNI " + host)
                        : new Packet.App("http", f, "GET " + f.get("path") + " HTTP/1.1 Host: " + host);
                new Sockets.TcpClient(net, src, ip, target.port(), app, Sockets.CLIENT_TIMEOUT_NS, done).start();
            }
            case UDP -> new Sockets.UdpClient(net, src, ip, target.port(),
                    new Packet.App("data", Map.of("payload", "probe"), "probe"), Sockets.CLIENT_TIMEOUT_NS, done).start();
            case SCTP -> new Sockets.SctpClient(net, src, ip, target.port(),
                    new Packet.App("data", Map.of("payload", "probe"), "probe"), Sockets.CLIENT_TIMEOUT_NS, done).start();
            case ICMP -> new Sockets.PingClient(net, src, ip, done).start();
        }
    }

    /** A stub resolver: each search-path candidate in turn, UDP to the nameserver of resolv.conf. */
    private static void lookup(SimNetwork net, Netns src, String namespace, String name, Consumer<Integer> found,
                               Consumer<Sockets.Result> failed) {
        List<String> candidates = net.plan.dns().candidates(name, namespace);
        int server = Ipv4.parse(net.plan.dns().serviceIp());
        tryCandidate(net, src, server, candidates, 0, found, failed);
    }

    private static void tryCandidate(SimNetwork net, Netns src, int server, List<String> candidates, int i,
                                     Consumer<Integer> found, Consumer<Sockets.Result> failed) {
        if (i >= candidates.size()) {
            found.accept(null);
            return;
        }
        String q = candidates.get(i);
        Map<String, String> f = new LinkedHashMap<>();
        f.put("qname", q);
        f.put("qtype", "A");
        new Sockets.UdpClient(net, src, server, 53, new Packet.App("dns", f, "A? " + q + "."), Sockets.CLIENT_TIMEOUT_NS, r -> {
            if (r.outcome() != Outcome.DELIVERED) {
                failed.accept(new Sockets.Result(r.outcome(), null, "DNS query for " + q + " to "
                        + Ipv4.format(server) + ":53: " + r.outcome().word() + (r.reason() == null ? "" : " (" + r.reason() + ")"), null));
                return;
            }
            String answers = r.response() == null ? "" : r.response().fields().getOrDefault("answers", "");
            String cname = r.response() == null ? "" : r.response().fields().getOrDefault("cname", "");
            if (!answers.isEmpty()) {
                found.accept(Ipv4.parse(answers.split(",")[0]));
            } else if (!cname.isEmpty()) {
                // The name exists (an ExternalName alias) but its end has no address here: no more search domains.
                String end = cname.substring(cname.lastIndexOf(',') + 1);
                failed.accept(new Sockets.Result(Outcome.REFUSED, null, "cannot resolve " + q + ": it is an alias (CNAME) of "
                        + end + ", which the cluster DNS cannot resolve (the emulated cluster has no upstream DNS)", null));
            } else {
                tryCandidate(net, src, server, candidates, i + 1, found, failed);
            }
        }).start();
    }

    private SimNetwork requireNetwork() {
        if (network == null) {
            throw new IllegalStateException("nothing applied yet: call apply(state, plan) first");
        }
        return network;
    }

    @Override
    public void close() {
        network = null;
    }
}
