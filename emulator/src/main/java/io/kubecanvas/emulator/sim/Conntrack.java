package io.kubecanvas.emulator.sim;

import java.util.HashMap;
import java.util.Map;

/**
 * A network namespace's connection tracking table, as netfilter keeps it: each connection has an original
 * and a reply tuple; NAT rewrites the reply tuple, and a packet matching either tuple is rewritten to the
 * other side's view. Only the first packet of a connection traverses the nat table.
 */
final class Conntrack {

    record Tuple(int proto, int src, int sport, int dst, int dport) {
        Tuple invert() {
            // ICMP echo keeps its id in sport both ways.
            return proto == Packet.ICMP ? new Tuple(proto, dst, sport, src, dport) : new Tuple(proto, dst, dport, src, sport);
        }
    }

    static final class Entry {
        final Tuple orig;
        Tuple reply;
        boolean seenReply;
        boolean confirmed;
        /** The rules that rewrote it, for events. */
        String dnatRule;
        String snatRule;

        Entry(Tuple orig) {
            this.orig = orig;
            this.reply = orig.invert();
        }

        boolean dnat() {
            return reply.src() != orig.dst() || reply.sport() != orig.dport();
        }

        boolean snat() {
            return reply.dst() != orig.src() || reply.dport() != orig.sport();
        }
    }

    private final Map<Tuple, Entry> table = new HashMap<>();

    static Tuple tupleOf(Packet p) {
        if (p.proto == Packet.ICMP) {
            return new Tuple(Packet.ICMP, p.src, p.sport, p.dst, 0);
        }
        return new Tuple(p.proto, p.src, p.sport, p.dst, p.dport);
    }

    /**
     * Attaches the packet's connection (creating an unconfirmed one when new) and sets its state flags.
     * ICMP errors attach to the connection of the packet they quote (RELATED).
     */
    void attach(Packet p) {
        if (p.ct != null) {
            return;
        }
        if (p.proto == Packet.ICMP && p.icmpType == 3 && p.embedded != null) {
            // The quoted packet travelled the other way: its tuple inverted is the direction of this error.
            Tuple back = tupleOf(p.embedded).invert();
            Entry e = table.get(back);
            if (e != null) {
                p.ct = e;
                p.ctRelated = true;
                p.ctReply = e.reply.equals(back);
                return;
            }
        }
        Tuple t = tupleOf(p);
        Entry e = table.get(t);
        if (e != null) {
            p.ct = e;
            p.ctReply = !e.orig.equals(t);
            if (p.ctReply) {
                e.seenReply = true;
            }
            return;
        }
        p.ct = new Entry(t);
        p.ctNew = true;
        p.ctReply = false;
    }

    /** Makes a new connection's tuples known (at the end of POSTROUTING or INPUT). */
    void confirm(Packet p) {
        Entry e = p.ct;
        if (e != null && !e.confirmed) {
            e.confirmed = true;
            table.put(e.orig, e);
            table.put(e.reply, e);
        }
    }

    /**
     * The conntrack states as {@code -m conntrack --ctstate} sees them, as bits: NEW 1, ESTABLISHED 2,
     * RELATED 4, INVALID 8, and DNAT 16 (a virtual state: the connection's destination was translated).
     */
    static int state(Packet p) {
        if (p.ct == null) {
            return 8; // INVALID
        }
        int dnat = p.ct.dnat() ? 16 : 0;
        if (p.ctRelated) {
            return 4 | dnat;
        }
        if (p.ctReply || p.ct.seenReply) {
            return 2 | dnat;
        }
        return 1 | dnat;
    }

    int size() {
        return table.size() / 2;
    }

    /** Forgets every connection (entries are not aged; a long session flushes between probes instead). */
    void clear() {
        table.clear();
    }
}
