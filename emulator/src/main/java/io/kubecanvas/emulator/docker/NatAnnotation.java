package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.packet.PacketEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Marks where a captured packet was NAT'ed. tcpdump sees the same packet on two interfaces of a node, once
 * before and once after netfilter rewrote it (a Pod's veth shows the ClusterIP, cni0 or flannel.1 the
 * endpoint); the payload (flags, sequence numbers) is unchanged, only addresses differ. The later sighting
 * gets {@code natBefore}/{@code natAfter}, as the sim backend reports its DNAT and SNAT hops.
 */
final class NatAnnotation {
    private static final Pattern ADDRS = Pattern.compile("(?:^|\\| )(\\d+\\.\\d+\\.\\d+\\.\\d+\\.\\d+) > (\\d+\\.\\d+\\.\\d+\\.\\d+\\.\\d+): (.*)$");

    private NatAnnotation() {
    }

    static List<PacketEvent> annotate(List<PacketEvent> events) {
        List<PacketEvent> out = new ArrayList<>(events.size());
        Map<String, String[]> lastSeen = new HashMap<>();
        for (PacketEvent e : events) {
            Matcher m = e.info() == null ? null : ADDRS.matcher(e.info());
            if (m == null || !m.find()) {
                out.add(e);
                continue;
            }
            String key = e.node() + "|" + m.group(3);
            String[] prev = lastSeen.put(key, new String[]{m.group(1), m.group(2)});
            if (prev != null && !(prev[0].equals(m.group(1)) && prev[1].equals(m.group(2)))) {
                String before;
                String after;
                String rule;
                if (!prev[1].equals(m.group(2))) {
                    before = colon(prev[1]);
                    after = colon(m.group(2));
                    rule = "DNAT";
                } else {
                    before = colon(prev[0]);
                    after = colon(m.group(1));
                    rule = "SNAT (masquerade)";
                }
                e = new PacketEvent(e.timeNanos(), e.flowId(), e.node(), e.iface(), e.direction(), e.headers(), before, after,
                        e.verdict(), rule, e.info());
            }
            out.add(e);
        }
        return out;
    }

    /** tcpdump's a.b.c.d.port as a.b.c.d:port. */
    static String colon(String dotted) {
        int i = dotted.lastIndexOf('.');
        return dotted.substring(0, i) + ":" + dotted.substring(i + 1);
    }
}
