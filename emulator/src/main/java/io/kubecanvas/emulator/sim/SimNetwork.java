package io.kubecanvas.emulator.sim;

import io.kubecanvas.emulator.plan.ServicePlan;
import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.packet.PacketEvent.Direction;
import io.kubecanvas.model.net.Cidr;
import io.kubecanvas.model.net.Ipv4;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.plan.NodePlan;
import io.kubecanvas.emulator.backend.LinkFault;
import io.kubecanvas.emulator.plan.PodPlan;
import io.kubecanvas.emulator.sim.Netns.Bridge;
import io.kubecanvas.emulator.sim.Netns.Iface;
import io.kubecanvas.emulator.sim.Netns.Route;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The simulated dataplane built from a plan: every namespace, interface, route, bridge, VXLAN device and
 * rule of the plan, and the kernel's packet path through them (transmit, receive, bridge, br_netfilter,
 * routing, netfilter hooks with conntrack, VXLAN encapsulation, local delivery). Time is virtual: each
 * step is a task on a queue ordered by time, so replies, nested connections (the Ingress controller's)
 * and time-outs interleave as they would.
 */
final class SimNetwork {
    static final long VETH_NS = 2_000;
    static final long BRIDGE_NS = 1_000;
    static final long VXLAN_NS = 4_000;
    static final long WIRE_NS = 60_000;
    static final long APP_NS = 20_000;

    final NetworkPlan plan;
    /** The faults in force: each node's link, and Pods whose containers were killed. */
    private final Map<String, LinkFault> links;
    private final java.util.Set<String> killedPods;
    final Map<String, Netns> namespaces = new HashMap<>();
    /** The nodes' host namespaces (the ones with netfilter and conntrack). */
    final List<Netns> nodes = new java.util.ArrayList<>();
    private final Map<String, Iface> underlay = new HashMap<>();
    private final Map<Integer, String> underlayArp = new HashMap<>();
    final Random random;

    long now;
    private long seq;
    long flow;
    long hops;
    /** The first drop of the current probe ("rule on node"), kept even when events are not recorded. */
    String firstDrop;
    /** The first REJECT of the current probe ("rule on node"): kube-router's policy chains reject. */
    String firstReject;
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    List<PacketEvent> recording;
    final List<Consumer<PacketEvent>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private record Task(long time, long seq, long flow, Runnable action, java.util.function.BooleanSupplier cancelled)
            implements Comparable<Task> {
        @Override
        public int compareTo(Task o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /**
     * @param stoppedNodes nodes taken off the network (besides those the plan says are not ready)
     * @param killedPods   Pods whose containers are dead: nothing of theirs listens
     * @param links        each node's underlay link fault
     */
    SimNetwork(NetworkPlan plan, Random random, java.util.Set<String> stoppedNodes, java.util.Set<String> killedPods,
               Map<String, LinkFault> links) {
        this.plan = plan;
        this.random = random;
        this.links = Map.copyOf(links);
        this.killedPods = java.util.Set.copyOf(killedPods);
        build(stoppedNodes);
    }

    /** Takes a node (and its Pods) off the network or brings it back. */
    void setNodeUp(String node, boolean up) {
        for (Netns ns : namespaces.values()) {
            if (node.equals(ns.node) && ns.kind != Netns.Kind.EXTERNAL) {
                ns.up = up;
            }
        }
    }

    // ---- building from the plan ---------------------------------------------------------------

    private void build(java.util.Set<String> stoppedNodes) {
        // The outside world: its client address, and the gateway (the host's side of the underlay) on the same link.
        Netns ext = new Netns("external", "external", Netns.Kind.EXTERNAL);
        int extIp = Ipv4.parse(plan.externalAddress());
        int gwIp = Ipv4.parse(plan.gateway());
        Iface extEth = new Iface("eth0", "eth0", Iface.Kind.ETH, Ipv4.macFromIp("02:42", extIp), ext);
        extEth.addr = extIp;
        ext.local.add(extIp);
        ext.local.add(gwIp);
        Cidr u = plan.underlayCidr();
        ext.addRoute(new Route(u.network(), u.mask(), u.prefix(), 0, extEth, false, extIp, u + " dev eth0"));
        underlay.put(extEth.mac, extEth);
        underlayArp.put(extIp, extEth.mac);
        underlayArp.put(gwIp, extEth.mac);
        namespaces.put(ext.name, ext);

        for (NodePlan n : plan.nodes()) {
            Netns ns = new Netns(n.name(), n.name(), Netns.Kind.NODE);
            ns.up = n.ready() && !stoppedNodes.contains(n.name());
            namespaces.put(ns.name, ns);
            nodes.add(ns);
            new Iface("lo", "lo", Iface.Kind.LO, "00:00:00:00:00:00", ns);
            Iface eth = new Iface(n.underlay().name(), n.underlay().name(), Iface.Kind.ETH, n.underlay().mac(), ns);
            eth.addr = n.underlay().address().address();
            ns.local.add(eth.addr);
            underlay.put(eth.mac, eth);
            underlayArp.put(eth.addr, eth.mac);
            for (String extra : n.extraAddresses()) {
                int ip = Ipv4.parse(extra);
                ns.local.add(ip);
                underlayArp.put(ip, eth.mac);
            }
            Iface br = new Iface(n.bridge().name(), n.bridge().name(), Iface.Kind.BRIDGE, n.bridge().mac(), ns);
            br.addr = n.bridge().address().address();
            ns.local.add(br.addr);
            Bridge bridge = new Bridge(br);
            bridge.arp.put(br.addr, br.mac);
            if (n.vxlan() != null) {
                NodePlan.VxlanDevice v = n.vxlan();
                Iface vx = new Iface(v.name(), v.name(), Iface.Kind.VXLAN, v.mac(), ns);
                vx.addr = v.address().address();
                vx.vni = v.vni();
                vx.vxlanPort = v.port();
                vx.vxlanLocal = Ipv4.parse(v.local());
                ns.local.add(vx.addr);
            }
            for (NodePlan.NeighbourEntry ne : n.neighbours()) {
                Iface dev = ns.ifaces.get(ne.dev());
                if (dev != null) {
                    dev.neighbours.put(Ipv4.parse(ne.address()), ne.mac());
                }
            }
            for (NodePlan.FdbEntry f : n.fdb()) {
                Iface dev = ns.ifaces.get(f.dev());
                if (dev != null) {
                    dev.fdb.put(f.mac(), Ipv4.parse(f.dst()));
                }
            }
            for (NodePlan.Route r : n.routes()) {
                Iface dev = ns.ifaces.get(r.dev());
                if (dev == null) {
                    continue;
                }
                Cidr d = r.destination().canonical();
                ns.addRoute(new Route(d.network(), d.mask(), d.prefix(), r.via() == null ? 0 : Ipv4.parse(r.via()), dev,
                        r.onlink(), r.src() == null ? 0 : Ipv4.parse(r.src()), r.render().substring("ip route replace ".length())));
            }
            ns.netfilter = new Netfilter(n.iptables());
            ns.conntrack = new Conntrack();
            for (NodePlan.VethPair v : n.veths()) {
                Netns pod = new Netns(v.podKey(), n.name(), Netns.Kind.POD);
                pod.up = ns.up;
                namespaces.put(pod.name, pod);
                new Iface("lo", "lo@" + v.podKey(), Iface.Kind.LO, "00:00:00:00:00:00", pod);
                Iface host = new Iface(v.hostName(), v.hostName(), Iface.Kind.VETH, v.hostMac(), ns);
                host.master = bridge;
                host.hairpin = v.hairpin();
                bridge.ports.add(host);
                Iface inPod = new Iface(v.podIfName(), v.podIfName() + "@" + v.podKey(), Iface.Kind.VETH, v.podMac(), pod);
                inPod.addr = v.podAddress().address();
                pod.local.add(inPod.addr);
                host.peer = inPod;
                inPod.peer = host;
                bridge.arp.put(inPod.addr, inPod.mac);
                bridge.portByStationMac.put(inPod.mac, host);
                Cidr net = v.podAddress().canonical();
                pod.addRoute(new Route(net.network(), net.mask(), net.prefix(), 0, inPod, false, inPod.addr,
                        net + " dev eth0 scope link"));
                int gw = Ipv4.parse(v.gateway());
                pod.addRoute(new Route(0, 0, 0, gw, inPod, false, inPod.addr, "default via " + v.gateway() + " dev eth0"));
            }
        }
        // What listens where: Pods on their declared ports, the DNS server, the Ingress controller.
        for (PodPlan p : plan.pods()) {
            Netns ns = !p.running() ? null : p.hostNetwork() ? namespaces.get(p.node()) : namespaces.get(p.key());
            if (ns == null || killedPods.contains(p.key())) {
                continue;
            }
            for (PodPlan.Listener l : p.listeners()) {
                Sockets.Listener server = Sockets.podServer(p.key());
                if ("UDP".equals(l.protocol())) {
                    ns.udp.put(l.port(), server);
                } else if ("SCTP".equals(l.protocol())) {
                    ns.sctp.put(l.port(), server);
                } else if ("TCP".equals(l.protocol())) {
                    ns.tcp.put(l.port(), server);
                }
            }
        }
        // The API server, on the node addresses behind default/kubernetes.
        ServicePlan api = plan.service("default", "kubernetes");
        if (api != null) {
            for (ServicePlan.Port port : api.ports()) {
                for (ServicePlan.Backend b : port.backends()) {
                    for (NodePlan n : plan.nodes()) {
                        if (n.underlay().address().addressText().equals(b.ip())) {
                            namespaces.get(n.name()).tcp.put(b.port(), Sockets.apiServer("kube-apiserver@" + n.name()));
                        }
                    }
                }
            }
        }
        Sockets.Listener dns = Sockets.dnsServer(plan.dns());
        if (plan.dns().hostedNode() != null) {
            Netns ns = namespaces.get(plan.dns().hostedNode());
            if (ns != null) {
                ns.udp.put(53, dns);
                ns.tcp.put(53, dns);
            }
        } else {
            for (String server : plan.dns().servers()) {
                for (PodPlan p : plan.pods()) {
                    Netns ns = server.equals(p.ip()) && !p.hostNetwork() && !killedPods.contains(p.key())
                            ? namespaces.get(p.key()) : null;
                    if (ns != null) {
                        ns.udp.put(53, dns);
                        ns.tcp.put(53, dns);
                    }
                }
            }
        }
        if (plan.ingress().node() != null && namespaces.containsKey(plan.ingress().node())) {
            Netns ns = namespaces.get(plan.ingress().node());
            Sockets.Listener ic = Sockets.ingressController(plan.ingress());
            ns.tcp.put(plan.ingress().httpPort(), ic);
            ns.tcp.put(plan.ingress().httpsPort(), ic);
        }
    }

    // ---- the clock --------------------------------------------------------------------------

    void schedule(long delay, Runnable action) {
        queue.add(new Task(now + delay, seq++, flow, action, null));
    }

    /** A timer that is skipped, without advancing the clock, once {@code cancelled} says so. */
    void timer(long delay, java.util.function.BooleanSupplier cancelled, Runnable action) {
        queue.add(new Task(now + delay, seq++, flow, action, cancelled));
    }

    /** Runs every queued step, in time order, until nothing is left. */
    void run() {
        Task t;
        while ((t = queue.poll()) != null) {
            if (t.cancelled() != null && t.cancelled().getAsBoolean()) {
                continue;
            }
            now = Math.max(now, t.time());
            long saved = flow;
            flow = t.flow();
            t.action().run();
            flow = saved;
        }
    }

    // ---- events -----------------------------------------------------------------------------

    boolean recording() {
        return recording != null || !listeners.isEmpty();
    }

    void emit(Netns ns, String iface, Direction dir, Packet p, PacketEvent.Verdict verdict, String rule, String natBefore,
              String natAfter, String info) {
        hops++;
        if (!recording()) {
            return;
        }
        PacketEvent e = new PacketEvent(now, flow, ns.node, iface, dir, p.headers(), natBefore, natAfter, verdict, rule,
                info != null ? info : p.infoLine());
        if (recording != null) {
            recording.add(e);
        }
        for (Consumer<PacketEvent> l : listeners) {
            l.accept(e);
        }
    }

    private void hop(Iface i, Direction dir, Packet p) {
        emit(i.ns, i.eventName, dir, p, PacketEvent.Verdict.FORWARDED, null, null, null, null);
    }

    void drop(Netns ns, String iface, Packet p, String rule, String why) {
        if (firstDrop == null) {
            firstDrop = rule + " on " + ns.node;
        }
        emit(ns, iface, Direction.LOCAL, p, PacketEvent.Verdict.DROPPED, rule, null, null,
                recording() ? why + ": " + p.info() : null);
    }

    // ---- sending ----------------------------------------------------------------------------

    /** The source address a socket in {@code ns} gets when it connects to {@code dst} (route selection). */
    int sourceFor(Netns ns, int dst) {
        if (ns.isLocal(dst)) {
            return dst;
        }
        Route r = ns.lookup(dst);
        return r == null ? 0 : r.src() != 0 ? r.src() : r.dev().addr;
    }

    /** A process in {@code ns} sends {@code p}; a zero source address is chosen by the route. */
    void output(Netns ns, Packet p) {
        if (!ns.up) {
            return;
        }
        if (ns.isLocal(p.dst)) {
            Iface lo = ns.ifaces.get("lo");
            if (p.src == 0) {
                p.src = p.dst;
            }
            p.srcMac = "00:00:00:00:00:00";
            p.dstMac = "00:00:00:00:00:00";
            hop(lo, Direction.OUT, p);
            localDeliver(ns, lo, p);
            return;
        }
        Route r = ns.lookup(p.dst);
        if (r == null) {
            drop(ns, "", p, "no route", "no route to host " + Ipv4.format(p.dst));
            Sockets.unreachable(this, ns, p, "no route to host " + Ipv4.format(p.dst) + " from " + ns.name);
            return;
        }
        if (p.src == 0) {
            p.src = r.src() != 0 ? r.src() : r.dev().addr;
        }
        if (ns.netfilter != null) {
            ns.conntrack.attach(p);
            int dstBefore = p.dst;
            if (p.ctNew) {
                natDestination(ns, p, "OUTPUT", r.dev().eventName);
            } else {
                manipDestination(ns, p, r.dev().eventName);
            }
            if (p.dst != dstBefore) {
                r = ns.lookup(p.dst);
                if (r == null) {
                    drop(ns, "", p, "no route", "no route to host " + Ipv4.format(p.dst));
                    return;
                }
            }
            Netfilter.Verdict v = ns.netfilter.run("filter", "OUTPUT", p, null, r.dev().name, ns::isLocal, random);
            if (!filterAllows(ns, r.dev().eventName, p, v, null, "OUTPUT")) {
                return;
            }
        }
        postrouting(ns, p, r.dev(), r.nextHop(p.dst));
    }

    private boolean filterAllows(Netns ns, String iface, Packet p, Netfilter.Verdict v, Iface in, String hook) {
        if (v.verdict == Netfilter.DROP) {
            drop(ns, iface, p, v.rule, "filter " + hook + ": DROP by " + v.rule);
            return false;
        }
        if (v.verdict == Netfilter.REJECT) {
            if (firstReject == null) {
                firstReject = v.rule + " on " + ns.node;
            }
            emit(ns, iface, Direction.LOCAL, p, PacketEvent.Verdict.REJECTED, v.rule, null, null,
                    recording() ? "filter " + hook + ": REJECT by " + v.rule + ": " + p.info() : null);
            int from = in != null && in.addr != 0 ? in.addr : ns.local.iterator().next();
            sendUnreachable(ns, p, 3, from);
            return false;
        }
        return true;
    }

    private void postrouting(Netns ns, Packet p, Iface out, int nextHop) {
        if (ns.netfilter != null) {
            natSource(ns, p, out);
        }
        String mac = neighbour(out, nextHop);
        if (mac == null) {
            drop(ns, out.eventName, p, "neighbour", "no ARP answer for " + Ipv4.format(nextHop) + " on " + out.name);
            return;
        }
        p.srcMac = out.mac;
        p.dstMac = mac;
        transmit(out, p);
    }

    private String neighbour(Iface out, int ip) {
        return switch (out.kind) {
            case BRIDGE -> out.bridge.arp.get(ip);
            case VETH -> out.peer != null && out.peer.master != null ? out.peer.master.arp.get(ip) : null;
            case VXLAN -> out.neighbours.get(ip);
            case ETH -> underlayArp.get(ip);
            case LO -> "00:00:00:00:00:00";
        };
    }

    private void transmit(Iface out, Packet p) {
        hop(out, Direction.OUT, p);
        switch (out.kind) {
            case VETH -> {
                Iface peer = out.peer;
                p.scrub();
                schedule(VETH_NS, () -> receive(peer, p));
            }
            case BRIDGE -> bridgeTransmit(out.bridge, p);
            case VXLAN -> encapsulate(out, p);
            case ETH -> {
                Iface target = underlay.get(p.dstMac);
                if (target == null) {
                    drop(out.ns, out.eventName, p, "underlay", "nobody has " + p.dstMac + " on the underlay");
                    return;
                }
                long delay = WIRE_NS;
                for (Iface end : new Iface[]{out, target}) {
                    LinkFault f = links.get(end.ns.node);
                    if (f == null || end.ns.kind == Netns.Kind.EXTERNAL) {
                        continue;
                    }
                    if (f.down()) {
                        drop(out.ns, out.eventName, p, "link down", "the link of node " + end.ns.node + " is down");
                        return;
                    }
                    if (f.lossPercent() > 0 && random.nextDouble() * 100 < f.lossPercent()) {
                        drop(out.ns, out.eventName, p, "link loss", "lost on the link of node " + end.ns.node + " ("
                                + f.lossPercent() + " % loss)");
                        return;
                    }
                    delay += f.delay().toNanos();
                }
                p.scrub();
                schedule(delay, () -> receive(target, p));
            }
            case LO -> localDeliver(out.ns, out, p);
        }
    }

    private void encapsulate(Iface vx, Packet inner) {
        Integer remote = vx.fdb.get(inner.dstMac);
        if (remote == null) {
            drop(vx.ns, vx.eventName, inner, "fdb", "no FDB entry for " + inner.dstMac + " on " + vx.name);
            return;
        }
        Packet outer = new Packet();
        outer.proto = Packet.UDP;
        outer.src = vx.vxlanLocal;
        outer.dst = remote;
        // flannel (the kernel) picks the source port from a hash of the inner flow, for ECMP.
        outer.sport = 32768 + Math.floorMod((inner.src * 31 + inner.dst) * 31 + inner.sport * 17 + inner.dport, 28000);
        outer.dport = vx.vxlanPort;
        outer.vni = vx.vni;
        outer.inner = inner;
        outer.length = inner.length + 50;
        inner.scrub();
        Netns ns = vx.ns;
        schedule(VXLAN_NS, () -> output(ns, outer));
    }

    // ---- receiving --------------------------------------------------------------------------

    void receive(Iface in, Packet p) {
        if (!in.ns.up) {
            drop(in.ns, in.eventName, p, "node down", "node " + in.ns.node + " is not ready");
            return;
        }
        hop(in, Direction.IN, p);
        if (in.master != null) {
            bridgeInput(in.master, in, p);
        } else {
            ipInput(in.ns, in, p);
        }
    }

    private void bridgeInput(Bridge br, Iface port, Packet p) {
        br.fdb.put(p.srcMac, port);
        Netns ns = br.dev.ns;
        boolean up = p.dstMac.equals(br.dev.mac);
        // br_netfilter: IPv4 frames entering a bridge port see the PREROUTING hook first.
        int dstBefore = p.dst;
        if (!prerouting(ns, p, br.dev)) {
            return;
        }
        if (p.dst != dstBefore) {
            Route r = ns.lookup(p.dst);
            if (r != null && r.dev() == br.dev && r.via() == 0 && !ns.isLocal(p.dst)) {
                String mac = br.arp.get(p.dst);
                if (mac != null) {
                    p.dstMac = mac; // bridged DNAT: the frame stays on the bridge
                    up = false;
                }
            } else {
                up = true;
            }
        }
        if (up) {
            hop(br.dev, Direction.IN, p);
            routeInput(ns, br.dev, p);
            return;
        }
        Iface out = br.fdb.get(p.dstMac);
        String how = "fdb";
        if (out == null) {
            out = br.portByStationMac.get(p.dstMac);
            how = "flood";
        }
        if (out == null) {
            drop(ns, br.dev.eventName, p, "bridge", "no port has " + p.dstMac);
            return;
        }
        if (out == port && !port.hairpin) {
            drop(ns, br.dev.eventName, p, "bridge", "would leave by the port it came in on, and hairpin is off");
            return;
        }
        Iface target = out;
        emit(ns, br.dev.eventName, Direction.LOCAL, p, PacketEvent.Verdict.FORWARDED, "bridge " + br.dev.name + " " + how,
                null, null, recording() ? "bridge " + br.dev.name + ": " + port.name + " -> " + target.name + " (" + how
                        + (target == port ? ", hairpin" : "") + ")" : null);
        Netfilter.Verdict v = ns.netfilter.run("filter", "FORWARD", p, br.dev.name, br.dev.name, ns::isLocal, random);
        if (!filterAllows(ns, br.dev.eventName, p, v, br.dev, "FORWARD")) {
            return;
        }
        natSource(ns, p, br.dev);
        schedule(BRIDGE_NS, () -> transmit(target, p));
    }

    private void bridgeTransmit(Bridge br, Packet p) {
        Iface out = br.fdb.get(p.dstMac);
        if (out == null) {
            out = br.portByStationMac.get(p.dstMac);
        }
        if (out == null) {
            drop(br.dev.ns, br.dev.eventName, p, "bridge", "no port has " + p.dstMac);
            return;
        }
        Iface target = out;
        schedule(BRIDGE_NS, () -> transmit(target, p));
    }

    private void ipInput(Netns ns, Iface in, Packet p) {
        if (!prerouting(ns, p, in)) {
            return;
        }
        routeInput(ns, in, p);
    }

    /** conntrack, then DNAT for a new connection or the recorded rewrite for a known one. */
    private boolean prerouting(Netns ns, Packet p, Iface in) {
        if (ns.netfilter == null) {
            return true;
        }
        ns.conntrack.attach(p);
        if (p.ctNew) {
            natDestination(ns, p, "PREROUTING", in.eventName);
        } else {
            manipDestination(ns, p, in.eventName);
        }
        return true;
    }

    private void routeInput(Netns ns, Iface in, Packet p) {
        if (ns.isLocal(p.dst)) {
            if (ns.netfilter != null) {
                Netfilter.Verdict v = ns.netfilter.run("filter", "INPUT", p, in.name, null, ns::isLocal, random);
                if (!filterAllows(ns, in.eventName, p, v, in, "INPUT")) {
                    return;
                }
                manipSource(ns, p, in.eventName);
                ns.conntrack.confirm(p);
            }
            localDeliver(ns, in, p);
            return;
        }
        if (!ns.forwarding()) {
            drop(ns, in.eventName, p, "not a router", ns.name + " does not forward packets");
            return;
        }
        Route r = ns.lookup(p.dst);
        if (r == null) {
            drop(ns, in.eventName, p, "no route", "no route to " + Ipv4.format(p.dst) + " on " + ns.name);
            return;
        }
        if (--p.ttl <= 0) {
            drop(ns, in.eventName, p, "ttl", "TTL exceeded");
            return;
        }
        Netfilter.Verdict v = ns.netfilter.run("filter", "FORWARD", p, in.name, r.dev().name, ns::isLocal, random);
        if (!filterAllows(ns, in.eventName, p, v, in, "FORWARD")) {
            return;
        }
        postrouting(ns, p, r.dev(), r.nextHop(p.dst));
    }

    // ---- NAT ---------------------------------------------------------------------------------

    private void natDestination(Netns ns, Packet p, String hook, String iface) {
        if (ns.netfilter.empty("nat", hook)) {
            return;
        }
        ns.netfilter.now = now;
        Netfilter.Verdict v = ns.netfilter.run("nat", hook, p, null, null, ns::isLocal, random);
        if (v.verdict == Netfilter.DNAT) {
            String before = p.dstText();
            Conntrack.Entry e = p.ct;
            p.dst = v.dnatIp;
            if (v.dnatPort != 0) {
                p.dport = v.dnatPort;
            }
            e.reply = new Conntrack.Tuple(p.proto, p.dst, p.dport, e.reply.dst(), e.reply.dport());
            e.dnatRule = v.dnatRule;
            emit(ns, iface, Direction.LOCAL, p, PacketEvent.Verdict.FORWARDED, v.dnatRule, before, p.dstText(),
                    recording() ? "nat " + hook + ": DNAT " + before + " -> " + p.dstText() + " (" + v.dnatRule + ")" : null);
        }
    }

    private void natSource(Netns ns, Packet p, Iface out) {
        Conntrack.Entry e = p.ct;
        if (e == null) {
            return;
        }
        if (p.ctNew && !e.confirmed) {
            Netfilter.Verdict v = ns.netfilter.run("nat", "POSTROUTING", p, null, out.name, ns::isLocal, random);
            if (v.verdict == Netfilter.MASQUERADE && out.addr != 0 && out.addr != p.src) {
                String before = p.srcText();
                p.src = out.addr;
                e.reply = new Conntrack.Tuple(p.proto, e.reply.src(), e.reply.sport(), p.src, e.reply.dport());
                e.snatRule = v.rule;
                emit(ns, out.eventName, Direction.LOCAL, p, PacketEvent.Verdict.FORWARDED, v.rule, before, p.srcText(),
                        recording() ? "nat POSTROUTING: MASQUERADE " + before + " -> " + p.srcText() + " (" + v.rule + ")" : null);
            }
        } else {
            manipSource(ns, p, out.eventName);
        }
        ns.conntrack.confirm(p);
    }

    /** The destination half of a known connection's NAT (DNAT forward, un-SNAT of replies). */
    private void manipDestination(Netns ns, Packet p, String iface) {
        Conntrack.Entry e = p.ct;
        if (e == null) {
            return;
        }
        String before = p.dstText();
        if (!p.ctReply && e.dnat()) {
            p.dst = e.reply.src();
            if (p.proto != Packet.ICMP) {
                p.dport = e.reply.sport();
            }
        } else if (p.ctReply && e.snat()) {
            p.dst = e.orig.src();
            if (p.proto != Packet.ICMP) {
                p.dport = e.orig.sport();
            }
        } else {
            return;
        }
        if (p.ctRelated && p.embedded != null) {
            p.embedded = p.embedded.copy();
            p.embedded.src = e.orig.src();
            p.embedded.sport = e.orig.sport();
            p.embedded.dst = e.orig.dst();
            p.embedded.dport = e.orig.dport();
        }
        emit(ns, iface, Direction.LOCAL, p, PacketEvent.Verdict.FORWARDED, p.ctReply ? e.snatRule : e.dnatRule, before,
                p.dstText(), recording() ? "conntrack: " + (p.ctReply ? "un-SNAT " : "DNAT ") + before + " -> " + p.dstText() : null);
    }

    /** The source half (SNAT forward, un-DNAT of replies: the Service address comes back). */
    private void manipSource(Netns ns, Packet p, String iface) {
        Conntrack.Entry e = p.ct;
        if (e == null) {
            return;
        }
        String before = p.srcText();
        if (!p.ctReply && e.snat()) {
            p.src = e.reply.dst();
            if (p.proto != Packet.ICMP) {
                p.sport = e.reply.dport();
            }
        } else if (p.ctReply && e.dnat()) {
            p.src = e.orig.dst();
            if (p.proto != Packet.ICMP || p.ctRelated) {
                if (p.proto != Packet.ICMP) {
                    p.sport = e.orig.dport();
                }
            }
        } else {
            return;
        }
        emit(ns, iface, Direction.LOCAL, p, PacketEvent.Verdict.FORWARDED, p.ctReply ? e.dnatRule : e.snatRule, before,
                p.srcText(), recording() ? "conntrack: " + (p.ctReply ? "un-DNAT " : "SNAT ") + before + " -> " + p.srcText() : null);
    }

    // ---- local delivery ---------------------------------------------------------------------

    private void localDeliver(Netns ns, Iface in, Packet p) {
        if (p.proto == Packet.UDP && p.inner != null) {
            Iface vx = ns.ifaces.values().stream().filter(i -> i.kind == Iface.Kind.VXLAN && i.vxlanPort == p.dport
                    && i.vni == p.vni).findFirst().orElse(null);
            if (vx == null) {
                drop(ns, in.eventName, p, "vxlan", "no VXLAN device for VNI " + p.vni);
                return;
            }
            Packet inner = p.inner;
            inner.scrub();
            schedule(VXLAN_NS, () -> receive(vx, inner));
            return;
        }
        Sockets.deliver(this, ns, in, p);
    }

    /** An ICMP destination unreachable (code 3 port, 1 host) from {@code from} about {@code offending}. */
    void sendUnreachable(Netns ns, Packet offending, int code, int from) {
        Packet icmp = new Packet();
        icmp.proto = Packet.ICMP;
        icmp.icmpType = 3;
        icmp.icmpCode = code;
        icmp.src = from;
        icmp.dst = offending.src;
        Packet quoted = offending.copy();
        quoted.app = null;
        quoted.inner = null;
        icmp.embedded = quoted;
        icmp.length = 36;
        schedule(APP_NS / 4, () -> output(ns, icmp));
    }
}
