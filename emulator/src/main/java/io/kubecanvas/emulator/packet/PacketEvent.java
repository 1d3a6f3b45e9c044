package io.kubecanvas.emulator.packet;

import java.util.List;

/**
 * One observation of a packet at one place, the single event type of both backends: the sim backend
 * emits it as it moves a packet, the docker backend parses it from tcpdump lines. The live view and the
 * CLI read only this.
 *
 * @param timeNanos  time since the start of the session
 * @param flowId     groups the packets of one connection (request and replies), for colouring
 * @param node       the node where it was seen ("external" for the outside world)
 * @param iface      interface name as in the plan ({@code veth-web-1}, {@code cni0}, {@code flannel.1}, {@code eth0})
 * @param direction  IN (arriving at the interface's owner), OUT (leaving it), or LOCAL for a decision
 *                   taken with no interface (a netfilter hook)
 * @param headers    outermost first: for a VXLAN packet the outer Ethernet/IP/UDP/VXLAN, then the inner frame
 * @param natBefore  the address:port before a NAT at this hop (null when no NAT happened here)
 * @param natAfter   the address:port after it
 * @param verdict    what happened to the packet here
 * @param rule       the chain/rule, policy or route that decided ("KUBE-SEP-ABC", "NetworkPolicy x/deny-all")
 * @param info       one human line, as a capture tool would print it
 */
public record PacketEvent(long timeNanos, long flowId, String node, String iface, Direction direction,
                          List<Header> headers, String natBefore, String natAfter, Verdict verdict, String rule,
                          String info) {

    public PacketEvent {
        headers = List.copyOf(headers);
    }

    public enum Direction { IN, OUT, LOCAL }

    public enum Verdict {
        /** The packet moves on. */
        FORWARDED,
        /** It reached the process that answers it. */
        DELIVERED,
        /** Dropped (policy, no route): the sender sees a time-out. */
        DROPPED,
        /** Answered with a reset or ICMP unreachable: the sender sees a refusal. */
        REJECTED
    }

    /**
     * One protocol header. {@code layer} is "eth", "ip", "tcp", "udp", "icmp", "vxlan", "http", "dns", "tls";
     * fields hold what a capture shows ("src", "dst", "sport", "dport", "flags", "vni", "host", "path"...).
     */
    public record Header(String layer, java.util.Map<String, String> fields) {
        public Header {
            fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
        }

        public String get(String field) {
            return fields.get(field);
        }
    }

    /** The innermost IP header, the one the application sent. */
    public Header innerIp() {
        Header ip = null;
        for (Header h : headers) {
            if (h.layer().equals("ip")) {
                ip = h;
            }
        }
        return ip;
    }

    public boolean encapsulated() {
        return headers.stream().anyMatch(h -> h.layer().equals("vxlan"));
    }
}
