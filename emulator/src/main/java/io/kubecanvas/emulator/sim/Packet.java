package io.kubecanvas.emulator.sim;

import io.kubecanvas.emulator.packet.PacketEvent.Header;
import io.kubecanvas.model.net.Ipv4;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A frame on the wire: Ethernet, IPv4, TCP/UDP/ICMP and an application payload; {@code inner} holds the
 * encapsulated frame when this is a VXLAN packet. Mutable as a kernel skb is (NAT rewrites it in place);
 * {@link #copy()} before keeping one. {@code mark} and {@code ct} are skb state that does not cross network
 * namespaces.
 */
final class Packet {
    static final int ICMP = 1;
    static final int TCP = 6;
    static final int UDP = 17;
    static final int SCTP = 132;

    String srcMac;
    String dstMac;
    int src;
    int dst;
    int proto;
    int ttl = 64;
    int sport;
    int dport;
    /** TCP flags as tcpdump prints them: S, S., ., P., R.; for SCTP the chunk: INIT, INIT ACK, DATA, ABORT... */
    String flags = "";
    long seq;
    long ack;
    /** ICMP: 8 echo request, 0 echo reply, 3 destination unreachable. */
    int icmpType;
    int icmpCode;
    /** For ICMP errors: the header of the packet that caused it. */
    Packet embedded;
    int vni;
    Packet inner;
    App app;
    int length;

    int mark;
    Conntrack.Entry ct;
    boolean ctReply;
    boolean ctNew;
    boolean ctRelated;

    /** Application data: "http", "dns" or "tls", with the fields a capture would show. */
    record App(String layer, Map<String, String> fields, String summary) {
    }

    /** A deep copy: the encapsulated and quoted packets are copied too. */
    Packet copy() {
        Packet p = shallowCopy();
        p.embedded = embedded == null ? null : embedded.copy();
        p.inner = inner == null ? null : inner.copy();
        return p;
    }

    /** Clears skb state when the packet enters another network namespace (skb_scrub_packet). */
    void scrub() {
        mark = 0;
        ct = null;
        ctReply = false;
        ctNew = false;
        ctRelated = false;
    }

    String srcText() {
        return proto == ICMP ? Ipv4.format(src) : Ipv4.format(src) + ":" + sport;
    }

    String dstText() {
        return proto == ICMP ? Ipv4.format(dst) : Ipv4.format(dst) + ":" + dport;
    }

    String protoName() {
        return switch (proto) {
            case TCP -> "tcp";
            case UDP -> "udp";
            case ICMP -> "icmp";
            case SCTP -> "sctp";
            default -> String.valueOf(proto);
        };
    }

    /** What the cached headers and info line were built from (a shallow copy), or null. */
    private Packet shownAs;
    private List<Header> shownHeaders;
    private String shownInfo;

    /** The headers, outermost first; rebuilt only when a field changed since the last call (most hops change nothing). */
    List<Header> headers() {
        refreshShown();
        if (shownHeaders == null) {
            List<Header> out = new ArrayList<>(8);
            addHeaders(out);
            shownHeaders = List.copyOf(out);
        }
        return shownHeaders;
    }

    /** {@link #info()}, cached like the headers. */
    String infoLine() {
        refreshShown();
        if (shownInfo == null) {
            shownInfo = info();
        }
        return shownInfo;
    }

    private void refreshShown() {
        if (shownAs == null || !unchangedSince()) {
            shownHeaders = null;
            shownInfo = null;
            shownAs = shallowCopy();
        }
    }

    private boolean unchangedSince() {
        Packet o = shownAs;
        return o != null && o.src == src && o.dst == dst && o.sport == sport && o.dport == dport && o.ttl == ttl
                && o.proto == proto && o.seq == seq && o.ack == ack && o.icmpType == icmpType && o.icmpCode == icmpCode
                && o.vni == vni && o.length == length && o.inner == inner && o.embedded == embedded && o.app == app
                && java.util.Objects.equals(o.srcMac, srcMac) && java.util.Objects.equals(o.dstMac, dstMac)
                && o.flags.equals(flags);
    }

    private Packet shallowCopy() {
        Packet p = new Packet();
        p.srcMac = srcMac;
        p.dstMac = dstMac;
        p.src = src;
        p.dst = dst;
        p.proto = proto;
        p.ttl = ttl;
        p.sport = sport;
        p.dport = dport;
        p.flags = flags;
        p.seq = seq;
        p.ack = ack;
        p.icmpType = icmpType;
        p.icmpCode = icmpCode;
        p.embedded = embedded;
        p.vni = vni;
        p.inner = inner;
        p.app = app;
        p.length = length;
        return p;
    }

    private void addHeaders(List<Header> out) {
        Map<String, String> eth = new LinkedHashMap<>(4);
        eth.put("src", srcMac);
        eth.put("dst", dstMac);
        out.add(new Header("eth", eth));
        Map<String, String> ip = new LinkedHashMap<>(4);
        ip.put("src", Ipv4.format(src));
        ip.put("dst", Ipv4.format(dst));
        ip.put("proto", protoName());
        ip.put("ttl", Integer.toString(ttl));
        out.add(new Header("ip", ip));
        if (proto == TCP || proto == UDP || proto == SCTP) {
            Map<String, String> l4 = new LinkedHashMap<>(4);
            l4.put("sport", Integer.toString(sport));
            l4.put("dport", Integer.toString(dport));
            if (proto == TCP) {
                l4.put("flags", flags);
                l4.put("seq", Long.toString(seq));
            } else if (proto == SCTP) {
                l4.put("chunk", flags);
            }
            out.add(new Header(protoName(), l4));
        } else if (proto == ICMP) {
            Map<String, String> ic = new LinkedHashMap<>(4);
            ic.put("type", Integer.toString(icmpType));
            ic.put("code", Integer.toString(icmpCode));
            if (embedded != null) {
                ic.put("original", embedded.info());
            }
            out.add(new Header("icmp", ic));
        }
        if (inner != null) {
            out.add(new Header("vxlan", Map.of("vni", Integer.toString(vni))));
            inner.addHeaders(out);
        } else if (app != null) {
            out.add(new Header(app.layer(), app.fields()));
        }
    }

    /** One line as tcpdump prints it (an encapsulated packet: outer, then the inner frame after " | "). */
    String info() {
        StringBuilder b = new StringBuilder();
        if (proto == TCP) {
            b.append(Ipv4.format(src)).append('.').append(sport).append(" > ").append(Ipv4.format(dst)).append('.')
                    .append(dport).append(": Flags [").append(flags).append("], seq ").append(seq);
            if (flags.contains(".")) {
                b.append(", ack ").append(ack);
            }
            b.append(", length ").append(length);
        } else if (proto == UDP) {
            b.append(Ipv4.format(src)).append('.').append(sport).append(" > ").append(Ipv4.format(dst)).append('.')
                    .append(dport).append(": ");
            if (inner != null) {
                b.append("VXLAN, flags [I] (0x08), vni ").append(vni).append(" | ").append(inner.srcMac).append(" > ")
                        .append(inner.dstMac).append(", ").append(inner.info());
                return b.toString();
            }
            b.append("UDP, length ").append(length);
        } else if (proto == SCTP) {
            b.append(Ipv4.format(src)).append('.').append(sport).append(" > ").append(Ipv4.format(dst)).append('.')
                    .append(dport).append(": sctp (1) [").append(flags).append(']');
        } else if (proto == ICMP) {
            b.append(Ipv4.format(src)).append(" > ").append(Ipv4.format(dst)).append(": ICMP ");
            switch (icmpType) {
                case 8 -> b.append("echo request, id ").append(sport).append(", seq ").append(seq);
                case 0 -> b.append("echo reply, id ").append(sport).append(", seq ").append(seq);
                case 3 -> b.append(embedded == null ? "unreachable" : Ipv4.format(embedded.dst) + " "
                        + embedded.protoName() + " port " + embedded.dport + " unreachable");
                default -> b.append("type ").append(icmpType);
            }
        }
        if (app != null && inner == null) {
            b.append(' ').append(app.summary());
        }
        return b.toString();
    }
}
