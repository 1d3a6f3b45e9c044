package io.kubecanvas.emulator.sim;

import io.kubecanvas.emulator.plan.ServicePlan;
import io.kubecanvas.emulator.backend.EmulatorBackend;
import io.kubecanvas.emulator.backend.FaultResult;
import io.kubecanvas.emulator.backend.LinkFault;
import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.backend.ProbeResult.Outcome;
import io.kubecanvas.emulator.backend.ProbeTarget;
import io.kubecanvas.emulator.backend.Protocol;
import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.plan.NetworkPolicyRules;
import io.kubecanvas.emulator.plan.NodePlan;
import io.kubecanvas.emulator.plan.PodPlan;
import io.kubecanvas.model.net.Ipv4;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The {@code sim} backend: applies a plan by building the simulated dataplane from it, and probes by
 * running real client logic (DNS lookup through the cluster DNS Service, TCP handshake and request, UDP
 * datagram or DNS query, ICMP echo) through it. Deterministic for a given seed: the same probes give the same
 * answers. Faults persist across plans until undone: a stopped node stays off the network, a link keeps its
 * delay, loss or cut; killed Pods come back with the next {@link #apply} (the kubelet restarts them).
 * Not thread-safe: one probe at a time.
 */
public final class SimBackend implements EmulatorBackend {
    private final Random random;
    private SimNetwork network;
    private final List<Consumer<PacketEvent>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Set<String> stopped = new TreeSet<>();
    private final Set<String> killed = new HashSet<>();
    private final Map<String, LinkFault> links = new HashMap<>();
    private long flows;

    public SimBackend() {
        this(1L);
    }

    /** @param seed the seed of the random source behind {@code -m statistic --mode random} and link loss */
    public SimBackend(long seed) {
        this.random = new Random(seed);
    }

    @Override
    public String name() {
        return "sim";
    }

    @Override
    public synchronized void apply(NetworkPlan plan) {
        killed.clear(); // the kubelet restarts killed containers
        rebuild(plan);
    }

    private void rebuild(NetworkPlan plan) {
        SimNetwork n = new SimNetwork(plan, random, stopped, killed, links);
        if (network != null) {
            n.now = network.now;
            n.hops = network.hops;
        }
        n.listeners.addAll(listeners);
        network = n;
    }

    @Override
    public synchronized NetworkPlan plan() {
        return network == null ? null : network.plan;
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

    // ---- faults -----------------------------------------------------------------------------

    @Override
    public synchronized void stopNode(String node) {
        requireNode(node);
        stopped.add(node);
        network.setNodeUp(node, false);
    }

    @Override
    public synchronized void startNode(String node) {
        requireNode(node);
        stopped.remove(node);
        NodePlan n = network.plan.node(node);
        network.setNodeUp(node, n.ready());
    }

    @Override
    public synchronized void killPod(String podKey) {
        SimNetwork net = requireNetwork();
        PodPlan p = net.plan.pod(podKey);
        if (p == null) {
            throw new IllegalArgumentException("no Pod " + podKey);
        }
        killed.add(podKey);
        rebuild(net.plan);
    }

    @Override
    public synchronized FaultResult impairLink(String node, LinkFault fault) {
        requireNode(node);
        if (fault.none()) {
            links.remove(node);
        } else {
            links.put(node, fault);
        }
        rebuild(network.plan);
        return FaultResult.done("the link of node " + node + " is " + fault + " (simulated)");
    }

    @Override
    public synchronized Set<String> stoppedNodes() {
        return Set.copyOf(stopped);
    }

    private void requireNode(String node) {
        if (requireNetwork().plan.node(node) == null) {
            throw new IllegalArgumentException("no node named " + node);
        }
    }

    // ---- probes -----------------------------------------------------------------------------

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
        NetworkPlan plan = net.plan;
        Netns src;
        String fromNamespace = null;
        if (request.fromExternal()) {
            src = net.namespaces.get("external");
        } else if (request.fromNode()) {
            String name = request.from().substring(5);
            src = plan.node(name) == null ? null : net.namespaces.get(name);
            if (src == null) {
                throw new IllegalArgumentException("no node named " + name + " (nodes: "
                        + String.join(", ", plan.nodes().stream().map(NodePlan::name).toList()) + ")");
            }
        } else {
            String[] parts = request.from().split("/", 2);
            if (parts.length != 2) {
                throw new IllegalArgumentException("--from must be NS/POD, node/NAME or external, not '" + request.from() + "'");
            }
            PodPlan pod = plan.pod(parts[0], parts[1]);
            if (pod == null) {
                throw new IllegalArgumentException("no Pod " + request.from());
            }
            fromNamespace = pod.namespace();
            src = !pod.running() ? null : pod.hostNetwork() ? net.namespaces.get(pod.node()) : net.namespaces.get(pod.key());
            if (src == null) {
                throw new IllegalArgumentException("Pod " + request.from() + " is not running (phase " + pod.phase()
                        + (pod.node() == null ? ", not scheduled" : "") + ")");
            }
        }
        ProbeTarget target = ProbeTarget.resolve(request.target(), request.port(), request.protocol(), plan, fromNamespace);
        if (!src.up) {
            return new ProbeResult(request, Outcome.DROPPED, null, "node down on " + src.node + ": " + request.from()
                    + " cannot send", null, List.of());
        }
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
                ServicePlan svc = key == null || key.length != 2 ? null : plan.service(key[0], key[1]);
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
        return toResult(request, result[0], address[0], hops, plan, net.firstDrop, net.firstReject);
    }

    private ProbeResult toResult(ProbeRequest request, Sockets.Result r, String address, List<PacketEvent> hops,
                                 NetworkPlan plan, String firstDrop, String firstReject) {
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
            answeredBy = plan.ownerOf(answeredBy);
        }
        if (outcome == Outcome.DELIVERED && r.response() != null && "dns".equals(r.response().layer())) {
            String answers = r.response().fields().getOrDefault("answers", "");
            String cnames = r.response().fields().getOrDefault("cname", "");
            reason = r.response().fields().get("rcode") + " " + r.response().fields().get("qname")
                    + (cnames.isEmpty() ? "" : " CNAME " + String.join(", CNAME ", cnames.split(",")))
                    + (answers.isEmpty() ? "" : " A " + String.join(", A ", answers.split(",")));
        } else if (outcome == Outcome.DELIVERED && r.response() != null) {
            String status = r.response().fields().get("status");
            if (status != null && !status.equals("200")) {
                reason = "HTTP " + status + ": " + r.response().fields().getOrDefault("reason", "");
            } else if (r.response().fields().containsKey("via")) {
                reason = "via " + r.response().fields().get("via");
            }
        }
        String peer = null;
        String forwardedFor = null;
        if (outcome == Outcome.DELIVERED && r.response() != null && "http".equals(r.response().layer())
                && "200".equals(r.response().fields().get("status"))) {
            peer = r.response().fields().get("client");
            forwardedFor = r.response().fields().get("x-forwarded-for");
        }
        return new ProbeResult(request, outcome, answeredBy, reason, address, hops, peer, forwardedFor);
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
            case UDP -> new Sockets.UdpClient(net, src, ip, target.port(), target.dnsQuery() != null
                    ? dnsQuery(target.dnsQuery()) : new Packet.App("data", Map.of("payload", "probe"), "probe"),
                    Sockets.CLIENT_TIMEOUT_NS, done).start();
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
        new Sockets.UdpClient(net, src, server, 53, dnsQuery(q), Sockets.CLIENT_TIMEOUT_NS, r -> {
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

    /** A DNS question for the A record of {@code name}. */
    private static Packet.App dnsQuery(String name) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("qname", name);
        f.put("qtype", "A");
        return new Packet.App("dns", f, "A? " + name + ".");
    }

    private SimNetwork requireNetwork() {
        if (network == null) {
            throw new IllegalStateException("nothing applied yet: call apply(plan) first");
        }
        return network;
    }

    @Override
    public void close() {
        network = null;
    }
}
