package io.kubecanvas.emulator.sim;

import io.kubecanvas.model.net.Ipv4;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A network namespace: a node's host namespace, a Pod's, or the outside world's. Holds interfaces, local
 * addresses, the main routing table (longest prefix first), iptables and conntrack (nodes only) and the
 * sockets: listeners by port and the client sessions by local port.
 */
final class Netns {
    enum Kind { NODE, POD, EXTERNAL }

    final String name;
    final String node;
    final Kind kind;
    boolean up = true;
    final Map<String, Iface> ifaces = new HashMap<>();
    final Set<Integer> local = new HashSet<>();
    final List<Route> routes = new ArrayList<>();
    Netfilter netfilter;
    Conntrack conntrack;
    final Map<Integer, Sockets.Listener> tcp = new HashMap<>();
    final Map<Integer, Sockets.Listener> udp = new HashMap<>();
    final Map<Integer, Sockets.Listener> sctp = new HashMap<>();
    final Map<Long, Sockets.Session> sessions = new HashMap<>();
    /** Server-side TCP connections that completed a SYN: remote address, remote port, local port. */
    final Set<String> accepted = new HashSet<>();
    /** Server-side connections that sent their FIN and wait for the last ACK. */
    final Set<String> closing = new HashSet<>();
    private int nextPort = 40000;

    Netns(String name, String node, Kind kind) {
        this.name = name;
        this.node = node;
        this.kind = kind;
    }

    boolean forwarding() {
        return kind == Kind.NODE;
    }

    boolean isLocal(int ip) {
        return (ip >>> 24) == 127 || local.contains(ip);
    }

    int ephemeralPort() {
        return nextPort++;
    }

    static long sessionKey(int proto, int port) {
        return ((long) proto << 32) | (port & 0xffffffffL);
    }

    /** Longest prefix match. */
    Route lookup(int dst) {
        for (Route r : routes) {
            if ((dst & r.mask) == r.net) {
                return r;
            }
        }
        return null;
    }

    void addRoute(Route r) {
        routes.add(r);
        routes.sort((a, b) -> Integer.compare(b.prefix, a.prefix));
    }

    /** A route: {@code via} 0 when the destination is on the link. */
    record Route(int net, int mask, int prefix, int via, Iface dev, boolean onlink, int src, String text) {
        int nextHop(int dst) {
            return via == 0 ? dst : via;
        }
    }

    /** An interface. {@code eventName} is how events name it ({@code eth0@ns/pod} inside a Pod). */
    static final class Iface {
        enum Kind { LO, VETH, BRIDGE, VXLAN, ETH }

        final String name;
        final String eventName;
        final Kind kind;
        final String mac;
        final Netns ns;
        int addr;
        Iface peer;
        Bridge master;
        boolean hairpin;
        Bridge bridge;
        int vni;
        int vxlanPort;
        int vxlanLocal;
        final Map<Integer, String> neighbours = new HashMap<>();
        final Map<String, Integer> fdb = new HashMap<>();

        Iface(String name, String eventName, Kind kind, String mac, Netns ns) {
            this.name = name;
            this.eventName = eventName;
            this.kind = kind;
            this.mac = mac;
            this.ns = ns;
            ns.ifaces.put(name, this);
        }

        @Override
        public String toString() {
            return eventName + (addr != 0 ? " " + Ipv4.format(addr) : "");
        }
    }

    /** A Linux bridge: its own device, its ports, the forwarding database it learns, and who is on it. */
    static final class Bridge {
        final Iface dev;
        final List<Iface> ports = new ArrayList<>();
        final Map<String, Iface> fdb = new HashMap<>();
        /** What ARP would answer on this segment: IP to MAC. */
        final Map<Integer, String> arp = new HashMap<>();
        final Map<String, Iface> portByStationMac = new HashMap<>();

        Bridge(Iface dev) {
            this.dev = dev;
            dev.bridge = this;
        }
    }
}
