package io.kubecanvas.netviz.simulation;

import io.kubecanvas.emulator.explain.HopExplainer;
import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.packet.PacketEvent.Header;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.ObjectKey;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the details pane shows for one hop: every header field before and after the hop (outer and inner for
 * VXLAN), the NAT done here, the flow's conntrack entry, the verdict with its rule, and the object whose YAML
 * caused the hop's behaviour.
 *
 * @param outer    the outer (underlay) headers' fields, empty when the packet is not encapsulated here
 * @param inner    the headers the application sent (the only ones when not encapsulated)
 * @param nat      "DNAT 10.96.0.10:80 -> 10.244.2.2:80" or null
 * @param cause    the object to reveal in the YAML pane, or null
 * @param explanation what happened at this hop and why, in one or two sentences from the plan ({@link HopExplainer})
 */
public record HopDetails(String title, List<FieldRow> outer, List<FieldRow> inner, String nat, String conntrack,
                         String verdict, String rule, String info, ObjectKey cause, String explanation) {

    /** One header field; {@code changed} when this hop rewrote it. */
    public record FieldRow(String layer, String field, String before, String after, boolean changed) {
    }

    public static HopDetails of(EventTimeline timeline, int index, ClusterState state) {
        return of(timeline, index, state, null);
    }

    /** The hop at {@code index} with its explanation in words (the workbench's, from the plan its backend applies). */
    public static HopDetails of(EventTimeline timeline, int index, ClusterState state, String explanation) {
        PacketEvent e = timeline.get(index);
        int prevIndex = timeline.previousInFlow(index);
        PacketEvent prev = prevIndex < 0 ? null : timeline.get(prevIndex);
        List<Header> now = e.headers();
        List<Header> before = prev == null ? now : prev.headers();
        List<FieldRow> outer = new ArrayList<>();
        List<FieldRow> inner = new ArrayList<>();
        int split = vxlanIndex(now);
        List<Header> nowInner = split < 0 ? now : now.subList(split + 1, now.size());
        List<Header> beforeInner = vxlanIndex(before) < 0 ? before : before.subList(vxlanIndex(before) + 1, before.size());
        if (split >= 0) {
            List<Header> beforeOuter = vxlanIndex(before) < 0 ? List.of() : before.subList(0, vxlanIndex(before) + 1);
            rows(beforeOuter, now.subList(0, split + 1), outer);
        }
        rows(beforeInner, nowInner, inner);
        String nat = null;
        if (e.natAfter() != null) {
            String kind = natKind(e, nowInner);
            nat = kind + " " + e.natBefore() + " -> " + e.natAfter();
        }
        String title = "#" + (index + 1) + "  " + EventTimeline.where(e) + "  "
                + (e.direction() == null ? "" : e.direction().name().toLowerCase(Locale.ROOT)) + "  flow " + e.flowId();
        return new HopDetails(title, outer, inner, nat, conntrack(timeline, index),
                e.verdict() == null ? "" : e.verdict().name(), e.rule(), e.info(), cause(timeline, index, state),
                explanation == null || explanation.isBlank() ? null : explanation);
    }

    /** DNAT rewrites the destination, SNAT (masquerade, or un-DNAT on a reply) the source. */
    private static String natKind(PacketEvent e, List<Header> inner) {
        String info = e.info() == null ? "" : e.info();
        for (String word : List.of("un-DNAT", "un-SNAT", "MASQUERADE", "DNAT", "SNAT")) {
            if (info.contains(word)) {
                return word;
            }
        }
        String after = e.natAfter();
        for (Header h : inner) {
            if (h.layer().equals("ip")) {
                String dst = h.get("dst");
                if (dst != null && after.startsWith(dst)) {
                    return "DNAT";
                }
                String src = h.get("src");
                if (src != null && after.startsWith(src)) {
                    return "SNAT";
                }
            }
        }
        return "NAT";
    }

    private static int vxlanIndex(List<Header> hs) {
        for (int i = 0; i < hs.size(); i++) {
            if (hs.get(i).layer().equals("vxlan")) {
                return i;
            }
        }
        return -1;
    }

    private static void rows(List<Header> before, List<Header> after, List<FieldRow> out) {
        Set<String> layers = new LinkedHashSet<>();
        after.forEach(h -> layers.add(h.layer()));
        before.forEach(h -> layers.add(h.layer()));
        for (String layer : layers) {
            Header b = find(before, layer);
            Header a = find(after, layer);
            Set<String> fields = new LinkedHashSet<>();
            if (a != null) {
                fields.addAll(a.fields().keySet());
            }
            if (b != null) {
                fields.addAll(b.fields().keySet());
            }
            for (String f : fields) {
                String bv = b == null ? null : b.get(f);
                String av = a == null ? null : a.get(f);
                out.add(new FieldRow(layer, f, bv, av, !java.util.Objects.equals(bv, av)));
            }
        }
    }

    private static Header find(List<Header> hs, String layer) {
        return hs.stream().filter(h -> h.layer().equals(layer)).findFirst().orElse(null);
    }

    /**
     * The flow's conntrack entry as {@code conntrack -L} prints it: the original tuple, then the reply tuple
     * the NAT expects back. Built from the first NAT of the flow.
     */
    static String conntrack(EventTimeline timeline, int index) {
        PacketEvent hop = timeline.get(index);
        List<PacketEvent> flow = timeline.flow(hop.flowId());
        String key = connection(hop);
        // One flow can hold several connections (the DNS lookup, then the TCP connection): take this hop's.
        List<PacketEvent> conn = flow.stream().filter(e -> connection(e).equals(key)).toList();
        if (conn.isEmpty()) {
            return "";
        }
        PacketEvent first = conn.get(0);
        String proto = EventTimeline.protocol(first).toLowerCase(Locale.ROOT);
        String l4 = proto.equals("http") || proto.equals("tls") ? "tcp" : proto.equals("dns") ? "udp" : proto;
        String[] orig = tuple(first);
        if (orig == null) {
            return "";
        }
        String[] reply = {orig[1], orig[0], orig[3], orig[2]};
        for (PacketEvent e : conn) {
            if (e.verdict() == PacketEvent.Verdict.DELIVERED) {
                break;                      // NAT on the way back only undoes what the entry says
            }
            if (e.natAfter() != null && e.natBefore() != null) {
                String[] before = hostPort(e.natBefore());
                String[] after = hostPort(e.natAfter());
                if (before[0].equals(orig[1]) && reply[0].equals(orig[1])) {
                    reply[0] = after[0];       // DNAT: the reply comes from the chosen endpoint
                    if (after[1] != null) {
                        reply[2] = after[1];
                    }
                } else if (before[0].equals(orig[0])) {
                    reply[1] = after[0];       // SNAT / masquerade: the reply goes to the rewritten source
                    if (after[1] != null) {
                        reply[3] = after[1];
                    }
                }
            }
        }
        return l4 + "  src=" + orig[0] + " dst=" + orig[1] + (orig[2] == null ? "" : " sport=" + orig[2] + " dport=" + orig[3])
                + "  src=" + reply[0] + " dst=" + reply[1] + (reply[2] == null ? "" : " sport=" + reply[2] + " dport=" + reply[3])
                + (reply[0].equals(orig[1]) && reply[1].equals(orig[0]) ? "  (no NAT)" : "  [ASSURED]");
    }

    /** The L4 protocol and the two ports, direction-free: what tells the connections of one flow apart. */
    private static String connection(PacketEvent e) {
        String l4 = "";
        String a = "";
        String b = "";
        PacketEvent.Header ip = e.innerIp();
        boolean afterIp = false;
        for (Header h : e.headers()) {
            if (h == ip) {
                afterIp = true;
            } else if (afterIp && h.get("sport") != null) {
                l4 = h.layer();
                a = h.get("sport");
                b = h.get("dport");
                break;
            }
        }
        return l4 + ":" + (a.compareTo(b) < 0 ? a + "-" + b : b + "-" + a);
    }

    private static String[] tuple(PacketEvent e) {
        String from = EventTimeline.from(e);
        String to = EventTimeline.to(e);
        if (from.isEmpty() || to.isEmpty()) {
            return null;
        }
        String[] f = hostPort(from);
        String[] t = hostPort(to);
        return new String[]{f[0], t[0], f[1], t[1]};
    }

    private static String[] hostPort(String s) {
        int colon = s.lastIndexOf(':');
        return colon < 0 ? new String[]{s, null} : new String[]{s.substring(0, colon), s.substring(colon + 1)};
    }

    /**
     * The object that made this hop behave as it did: the NetworkPolicy named by the rule, the Service whose
     * ClusterIP was translated, the Ingress for an Ingress hop, the workload of the Pod it was delivered to.
     */
    static ObjectKey cause(EventTimeline timeline, int index, ClusterState state) {
        PacketEvent e = timeline.get(index);
        String rule = e.rule() == null ? "" : e.rule();
        if (rule.startsWith("NetworkPolicy ")) {
            ObjectKey k = namespaced("NetworkPolicy", rule.substring("NetworkPolicy ".length()).trim());
            if (k != null) {
                return k;
            }
        }
        // The policy engine's words: "cali-tw-... (... not allowed by ns/policy)", "KUBE-POD-FW-... (... not allowed by ...)".
        java.util.regex.Matcher byPolicy = java.util.regex.Pattern
                .compile("allowed by ([a-z0-9][-a-z0-9.]*)/([a-z0-9][-a-z0-9.]*)").matcher(rule);
        if (io.kubecanvas.emulator.plan.NetworkPolicyRules.isPolicyRule(rule) && byPolicy.find()) {
            return new ObjectKey("NetworkPolicy", byPolicy.group(1), byPolicy.group(2));
        }
        // "KUBE-SEP-... (ns/service:port)" and "KUBE-SVC-... (ns/service)".
        java.util.regex.Matcher svc = java.util.regex.Pattern
                .compile("^KUBE-(?:SEP|SVC|EXT|NODEPORTS|FW)\\S*\\s+\\(([a-z0-9][-a-z0-9.]*)/([a-z0-9][-a-z0-9.]*)").matcher(rule);
        if (svc.find()) {
            return new ObjectKey("Service", svc.group(1), svc.group(2));
        }
        if (rule.startsWith("Ingress ")) {
            ObjectKey k = namespaced("Ingress", rule.substring("Ingress ".length()).trim());
            if (k != null) {
                return k;
            }
        }
        if (state == null) {
            return null;
        }
        String natted = e.natBefore() != null ? hostPort(e.natBefore())[0] : null;
        String natAfter = e.natAfter() != null ? hostPort(e.natAfter())[0] : null;
        for (ClusterState.ServiceState s : state.services()) {
            if (natted != null && (natted.equals(s.clusterIp()) || natted.equals(s.loadBalancerIp()))
                    || natAfter != null && natAfter.equals(s.clusterIp())) {
                return new ObjectKey("Service", s.namespace(), s.name());
            }
        }
        if (rule.startsWith("KUBE-")) {
            PacketEvent.Header ip = e.innerIp();
            for (ClusterState.ServiceState s : state.services()) {
                if (ip != null && ip.get("dst") != null && ip.get("dst").equals(s.clusterIp())) {
                    return new ObjectKey("Service", s.namespace(), s.name());
                }
            }
        }
        PacketEvent.Header ip = e.innerIp();
        if (ip != null) {
            String dst = ip.get("dst");
            for (ClusterState.PodState p : state.pods()) {
                if (dst != null && dst.equals(p.ip())) {
                    if (p.owner() != null && p.owner().contains("/")) {
                        String[] o = p.owner().split("/", 2);
                        return new ObjectKey(o[0], p.namespace(), o[1]);
                    }
                    return new ObjectKey("Pod", p.namespace(), p.name());
                }
            }
        }
        return null;
    }

    private static ObjectKey namespaced(String kind, String nsName) {
        String[] parts = nsName.split("[/ ]", 2);
        return parts.length == 2 ? new ObjectKey(kind, parts[0], parts[1]) : new ObjectKey(kind, "default", parts[0]);
    }
}
