package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.packet.PacketEvent.Direction;
import io.kubecanvas.emulator.packet.PacketEvent.Header;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the lines of {@code tcpdump -i any -nn -e -l} on one node into {@link PacketEvent}s. A VXLAN
 * packet prints two lines (the outer packet, decoded as "OTV" or "VXLAN", then a continuation line with no
 * timestamp holding the inner frame); the parser keeps the outer line until it sees whether a continuation
 * follows, so call {@link #flush} when the stream ends. Interface names are the node's, which the docker
 * backend makes equal to the plan's (veth names, cni0, flannel.1, eth0). Not thread-safe: one per node.
 */
public final class TcpdumpLineParser {
    private static final Pattern LINE = Pattern.compile(
            "^(\\d{2}):(\\d{2}):(\\d{2})\\.(\\d{6})\\s+(\\S+)\\s+(In|Out|B|M|P)\\s+(?:ifindex \\d+\\s+)?"
                    + "([0-9a-f:]{17})\\s+ethertype (\\S+) \\(0x[0-9a-f]+\\), length (\\d+): (.*)$");
    private static final Pattern INNER = Pattern.compile(
            "^([0-9a-f:]{17}) > ([0-9a-f:]{17}), ethertype (\\S+) \\(0x[0-9a-f]+\\), length (\\d+): (.*)$");
    /** "a.b.c.d.port > e.f.g.h.port: rest" or "a.b.c.d > e.f.g.h: rest" */
    private static final Pattern IP_PAIR = Pattern.compile(
            "^(\\d+\\.\\d+\\.\\d+\\.\\d+)(?:\\.(\\d+))? > (\\d+\\.\\d+\\.\\d+\\.\\d+)(?:\\.(\\d+))?: (.*)$");
    private static final Pattern FLAGS = Pattern.compile("Flags \\[([^\\]]*)\\]");
    private static final Pattern VNI = Pattern.compile("(?:vni|instance) (\\d+)");
    private static final Pattern HTTP = Pattern.compile("HTTP: (GET|POST|PUT|DELETE|HEAD|PATCH|OPTIONS) (\\S+)");
    private static final Pattern HTTP_REPLY = Pattern.compile("HTTP: HTTP/\\d\\.\\d (\\d{3})");
    private static final Pattern DNS_Q = Pattern.compile("^\\d+\\+?\\s+(A|AAAA|SRV|PTR|CNAME|TXT)\\? (\\S+)");

    private final String node;
    private final Consumer<PacketEvent> sink;
    private final long originNanos;
    private Pending pending;

    private record Pending(long time, String iface, Direction dir, String srcMac, List<Header> outer, String info) {
    }

    /**
     * @param originNanos time of day (nanoseconds since midnight UTC) that is time zero of the session
     */
    public TcpdumpLineParser(String node, long originNanos, Consumer<PacketEvent> sink) {
        this.node = node;
        this.originNanos = originNanos;
        this.sink = sink;
    }

    /** Feeds one line; complete events go to the sink (possibly the previous line's). */
    public void accept(String raw) {
        String line = raw.stripTrailing();
        if (line.isEmpty()) {
            return;
        }
        Matcher inner = INNER.matcher(line.strip());
        if (pending != null && inner.matches()) {
            List<Header> headers = new ArrayList<>(pending.outer());
            headers.add(new Header("eth", fields("src", inner.group(1), "dst", inner.group(2))));
            if ("IPv4".equals(inner.group(3))) {
                headers.addAll(ipHeaders(inner.group(5)));
            }
            emit(pending.time(), pending.iface(), pending.dir(), headers, pending.info() + " | " + inner.group(5));
            pending = null;
            return;
        }
        flush();
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return; // not a frame line (tcpdump's banner, statistics): ignored
        }
        long time = ((Long.parseLong(m.group(1)) * 60 + Long.parseLong(m.group(2))) * 60 + Long.parseLong(m.group(3)))
                * 1_000_000_000L + Long.parseLong(m.group(4)) * 1000L;
        String iface = m.group(5);
        Direction dir = "Out".equals(m.group(6)) ? Direction.OUT : Direction.IN;
        if (!"IPv4".equals(m.group(8))) {
            return; // ARP and IPv6 are not part of the flows the view draws
        }
        String rest = m.group(10);
        List<Header> headers = new ArrayList<>();
        headers.add(new Header("eth", fields("src", m.group(7))));
        headers.addAll(ipHeaders(rest));
        boolean vxlan = headers.stream().anyMatch(h -> h.layer().equals("vxlan"));
        if (vxlan) {
            pending = new Pending(time, iface, dir, m.group(7), headers, rest);
        } else {
            emit(time, iface, dir, headers, rest);
        }
    }

    /** Emits a held outer VXLAN line that got no continuation. */
    public void flush() {
        if (pending != null) {
            emit(pending.time(), pending.iface(), pending.dir(), pending.outer(), pending.info());
            pending = null;
        }
    }

    private void emit(long time, String iface, Direction dir, List<Header> headers, String info) {
        long t = time - originNanos;
        if (t < 0) {
            t += 86_400_000_000_000L; // the session crossed midnight
        }
        sink.accept(new PacketEvent(t, flowId(headers), node, iface, dir, headers, null, null,
                PacketEvent.Verdict.FORWARDED, null, info));
    }

    /** The IP header and what is above it, from "src > dst: payload". */
    static List<Header> ipHeaders(String text) {
        List<Header> out = new ArrayList<>();
        Matcher p = IP_PAIR.matcher(text);
        if (!p.matches()) {
            return out;
        }
        String src = p.group(1);
        String dst = p.group(3);
        String sport = p.group(2);
        String dport = p.group(4);
        String payload = p.group(5);
        String proto;
        if (payload.startsWith("ICMP")) {
            proto = "icmp";
        } else if (payload.startsWith("Flags [")) {
            proto = "tcp";
        } else if (sport != null) {
            proto = "udp";
        } else {
            proto = "ip";
        }
        out.add(new Header("ip", fields("src", src, "dst", dst, "proto", proto)));
        switch (proto) {
            case "icmp" -> out.add(new Header("icmp", fields("type", payload.replaceFirst("^ICMP ", "").replaceFirst(",.*$", ""))));
            case "tcp" -> {
                Matcher f = FLAGS.matcher(payload);
                out.add(new Header("tcp", fields("sport", sport, "dport", dport, "flags", f.find() ? f.group(1) : "")));
                Matcher h = HTTP.matcher(payload);
                if (h.find()) {
                    out.add(new Header("http", fields("method", h.group(1), "path", h.group(2))));
                } else {
                    Matcher r = HTTP_REPLY.matcher(payload);
                    if (r.find()) {
                        out.add(new Header("http", fields("status", r.group(1))));
                    }
                }
            }
            case "udp" -> {
                out.add(new Header("udp", fields("sport", sport, "dport", dport)));
                if (payload.startsWith("OTV") || payload.startsWith("VXLAN")) {
                    Matcher v = VNI.matcher(payload);
                    out.add(new Header("vxlan", fields("vni", v.find() ? v.group(1) : "")));
                } else if ("53".equals(dport) || "53".equals(sport)) {
                    Matcher q = DNS_Q.matcher(payload);
                    out.add(new Header("dns", q.find() ? fields("qtype", q.group(1), "qname", q.group(2))
                            : fields("answer", payload.length() > 80 ? payload.substring(0, 80) : payload)));
                }
            }
            default -> { }
        }
        return out;
    }

    /** One id for both directions of a connection: the innermost addresses and ports, ordered. */
    static long flowId(List<Header> headers) {
        Header ip = null;
        Header l4 = null;
        for (Header h : headers) {
            if (h.layer().equals("ip")) {
                ip = h;
                l4 = null;
            } else if ((h.layer().equals("tcp") || h.layer().equals("udp")) && ip != null) {
                l4 = h;
            }
        }
        if (ip == null) {
            return 0;
        }
        String a = ip.get("src") + ":" + (l4 == null ? "" : l4.get("sport"));
        String b = ip.get("dst") + ":" + (l4 == null ? "" : l4.get("dport"));
        String key = a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
        return key.hashCode() & 0xffffffffL;
    }

    private static Map<String, String> fields(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            if (kv[i + 1] != null) {
                m.put(kv[i], kv[i + 1]);
            }
        }
        return m;
    }
}
