package io.kubecanvas.emulator.explain;

import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.packet.PacketEvent.Header;
import io.kubecanvas.model.net.Cidr;
import io.kubecanvas.emulator.plan.IngressTable;
import io.kubecanvas.emulator.plan.IptablesRule;
import io.kubecanvas.emulator.plan.IptablesTable;
import io.kubecanvas.model.net.Ipv4;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.plan.NetworkPolicyRules;
import io.kubecanvas.emulator.plan.NodePlan;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Explains packet hops in plain sentences from the {@link NetworkPlan} that both backends apply, so the sim
 * and the docker backend get the same words for the same hop. Pure and thread-safe.
 *
 * <p>Design notes: the event says where the packet was and what it looked like; everything said about why
 * (which route, which kube-proxy chain and how many endpoints it chooses from, which node owns a Pod CIDR,
 * which policies select a Pod, what the Ingress routing table says) is looked up in the plan, never taken
 * from the backend's own wording, so a docker hop parsed from tcpdump is explained like a sim hop.
 */
public final class HopExplainer {
    private static final Pattern BRIDGE_PORTS = Pattern.compile("(\\S+) -> (\\S+)");

    private final NetworkPlan plan;
    /** Pod IP to the Pod and its veth pair. */
    private final Map<String, PodAt> podsByIp = new HashMap<>();
    /** "node hostVethName" to the Pod behind it. */
    private final Map<String, PodAt> podsByHostVeth = new HashMap<>();
    private final Map<String, PodAt> podsByKey = new HashMap<>();
    /** Underlay addresses (and announced LoadBalancer addresses) to their node. */
    private final Map<String, NodePlan> nodesByIp = new HashMap<>();
    /** ClusterIP and LoadBalancer IP to kube-proxy's service port name ({@code ns/name[:port]}). */
    private final Map<String, String> servicesByIp = new HashMap<>();

    private record PodAt(String pod, NodePlan node, NodePlan.VethPair veth) {
    }

    public HopExplainer(NetworkPlan plan) {
        this.plan = Objects.requireNonNull(plan, "plan");
        for (NodePlan n : plan.nodes()) {
            nodesByIp.put(n.underlay().address().addressText(), n);
            n.extraAddresses().forEach(a -> nodesByIp.putIfAbsent(a, n));
            for (NodePlan.VethPair v : n.veths()) {
                PodAt at = new PodAt(v.podKey(), n, v);
                podsByIp.put(v.podIp(), at);
                podsByHostVeth.put(n.name() + " " + v.hostName(), at);
                podsByKey.put(v.podKey(), at);
            }
        }
        if (!plan.nodes().isEmpty()) {
            NodePlan first = plan.nodes().get(0);
            for (IptablesTable t : first.iptables()) {
                for (IptablesRule r : t.rules("KUBE-SERVICES")) {
                    if (r.destination() != null && r.comment() != null && r.destination().endsWith("/32")) {
                        String c = r.comment();
                        String spn = c.replaceFirst(" (cluster IP|loadbalancer IP|has no endpoints)$", "");
                        if (!spn.equals(c)) {
                            servicesByIp.putIfAbsent(r.destination().substring(0, r.destination().length() - 3), spn);
                        }
                    }
                }
            }
        }
    }

    public NetworkPlan plan() {
        return plan;
    }

    /** One or two sentences saying what happened to the packet at this hop and why. Never null. */
    public String explain(PacketEvent event) {
        try {
            String s = explainOrNull(event);
            return s != null ? s : generic(event);
        } catch (RuntimeException e) {
            // An event the plan does not know (a replay of another cluster): say what was seen.
            return generic(event);
        }
    }

    private String explainOrNull(PacketEvent e) {
        if (e.verdict() == PacketEvent.Verdict.DROPPED) {
            return dropped(e);
        }
        if (e.verdict() == PacketEvent.Verdict.REJECTED) {
            return rejected(e);
        }
        if (e.verdict() == PacketEvent.Verdict.DELIVERED) {
            return delivered(e);
        }
        if (e.natAfter() != null && e.natBefore() != null) {
            return nat(e);
        }
        String rule = e.rule() == null ? "" : e.rule();
        if (rule.startsWith("bridge ")) {
            return bridged(e);
        }
        if (rule.startsWith("Ingress TLS")) {
            return tls(e);
        }
        if (rule.startsWith("Ingress ")) {
            return ingressRoute(e);
        }
        if (e.direction() == PacketEvent.Direction.IN || e.direction() == PacketEvent.Direction.OUT) {
            return interfaceHop(e);
        }
        return null;
    }

    private static String generic(PacketEvent e) {
        String info = e.info() == null ? "" : e.info();
        return "On " + e.node() + (e.iface() == null || e.iface().isEmpty() ? "" : " " + e.iface()) + ": " + info;
    }

    // ---- interfaces ---------------------------------------------------------------------------

    private String interfaceHop(PacketEvent e) {
        boolean out = e.direction() == PacketEvent.Direction.OUT;
        String iface = e.iface();
        Header ip = e.innerIp();
        if (ip == null) {
            return null;
        }
        String src = ip.get("src");
        String dst = ip.get("dst");
        if ("external".equals(e.node())) {
            return out ? "The outside client (" + src + ") sends to " + endpoint(dst, port(e, "dport")) + ", "
                    + who(dst) + "." : "The answer arrives back at the outside client from " + src + ", " + who(src) + ".";
        }
        NodePlan node = plan.node(e.node());
        if (node == null) {
            return null;
        }
        if (iface.startsWith("lo")) {
            return "The packet stays inside " + e.node() + " on the loopback interface: " + dst + " is its own address.";
        }
        int at = iface.indexOf('@');
        if (at > 0) {
            PodAt pod = podsByKey.get(iface.substring(at + 1));
            String podName = iface.substring(at + 1);
            if (!out) {
                return "The packet arrives on " + podName + "'s eth0 (" + dst + ") inside its own network namespace on "
                        + e.node() + ".";
            }
            if (pod != null && pod.veth().podAddress().canonical().contains(Ipv4.parse(dst))) {
                return podName + " (" + src + ") sends it out of its eth0 straight onto the link: " + dst
                        + " is in the same Pod CIDR " + pod.veth().podAddress().canonical() + ", reached through the bridge "
                        + NetworkPlan.BRIDGE + " of " + e.node() + ".";
            }
            String gw = pod == null ? "its gateway" : "its default gateway " + pod.veth().gateway();
            return podName + " (" + src + ") sends it out of its eth0 to " + gw + " (" + NetworkPlan.BRIDGE + " on "
                    + e.node() + "), because " + dst + " is not on its own link.";
        }
        PodAt veth = podsByHostVeth.get(e.node() + " " + iface);
        if (veth != null) {
            return out ? "The bridge " + NetworkPlan.BRIDGE + " on " + e.node() + " sends it down " + iface
                    + ", the veth pair into " + veth.pod() + " (" + veth.veth().podIp() + ")."
                    : iface + " is the node's end of " + veth.pod() + "'s veth pair: what the Pod sends enters the bridge "
                    + NetworkPlan.BRIDGE + " of " + e.node() + " here.";
        }
        if (iface.equals(NetworkPlan.BRIDGE)) {
            if (out) {
                return e.node() + " puts it on its bridge " + NetworkPlan.BRIDGE + " because " + dst + " is in the node's own Pod CIDR "
                        + node.bridge().address().canonical() + " (route " + routeFor(node, dst) + ").";
            }
            return NetworkPlan.BRIDGE + " hands the frame up to " + e.node() + "'s routing (it was sent to the Pods' gateway "
                    + node.bridge().address().addressText() + "); " + routeDecision(node, dst);
        }
        if (iface.equals(NetworkPlan.VXLAN)) {
            if (out) {
                NodePlan owner = podCidrOwner(dst);
                return e.node() + " routes " + dst + " by \"" + routeFor(node, dst) + "\", the route flannel keeps for "
                        + (owner == null ? "another node" : owner.name()) + "'s Pod CIDR: it leaves through " + NetworkPlan.VXLAN
                        + ", the VXLAN device.";
            }
            return NetworkPlan.VXLAN + " on " + e.node() + " unwrapped the VXLAN packet: the inner packet " + src + " > " + dst
                    + " goes on as if it had come from a local link.";
        }
        if (iface.equals(node.underlay().name())) {
            return underlay(e, node, out);
        }
        return null;
    }

    private String underlay(PacketEvent e, NodePlan node, boolean out) {
        List<Header> hs = e.headers();
        Header outer = hs.stream().filter(h -> h.layer().equals("ip")).findFirst().orElse(null);
        Header inner = e.innerIp();
        if (outer == null) {
            return null;
        }
        if (e.encapsulated()) {
            String innerDst = inner.get("dst");
            NodePlan peer = nodesByIp.get(outer.get(out ? "dst" : "src"));
            Header vx = hs.stream().filter(h -> h.layer().equals("vxlan")).findFirst().orElse(null);
            String vni = vx == null ? String.valueOf(NetworkPlan.VXLAN_VNI) : vx.get("vni");
            if (out) {
                NodePlan owner = podCidrOwner(innerDst);
                String cidr = owner == null ? innerDst : owner.bridge().address().canonical().toString();
                return NetworkPlan.VXLAN + " wrapped the packet in UDP to " + outer.get("dst") + ":" + NetworkPlan.VXLAN_PORT
                        + " (VXLAN VNI " + vni + ") because " + cidr + " lives on " + (owner == null ? nodeName(peer) : owner.name())
                        + "; the underlay sees only " + outer.get("src") + " > " + outer.get("dst") + ", the inner packet keeps "
                        + "the Pod addresses.";
            }
            return e.node() + " received a VXLAN packet from " + nodeName(peer) + " (" + outer.get("src") + ") on UDP "
                    + NetworkPlan.VXLAN_PORT + "; the kernel hands it to " + NetworkPlan.VXLAN + " to unwrap.";
        }
        String src = outer.get("src");
        String dst = outer.get("dst");
        if (out) {
            NodePlan owner = podCidrOwner(dst);
            if (owner != null && owner != node && !plan.vxlanMode()) {
                return "host-gw: " + e.node() + "'s route \"" + routeFor(node, dst) + "\" sends the packet to " + owner.name()
                        + " over the underlay as it is, Pod addresses and all (no encapsulation).";
            }
            return e.node() + " sends it out of " + node.underlay().name() + " onto the underlay to " + who(dst) + " (" + dst + ").";
        }
        if (nodesByIp.get(dst) == node) {
            String port = port(e, "dport");
            String what = port == null ? "" : ": " + listenerOn(node, dst, Integer.parseInt(port));
            return e.node() + " received it on " + node.underlay().name() + " from " + who(src) + ", addressed to the node itself"
                    + what + ".";
        }
        NodePlan owner = podCidrOwner(dst);
        if (owner == node) {
            return e.node() + " received it on " + node.underlay().name() + " from " + who(src) + " unwrapped (host-gw): " + dst
                    + " is in this node's Pod CIDR.";
        }
        return e.node() + " received it on " + node.underlay().name() + " from " + who(src) + " (" + src + ").";
    }

    /** What answers on a node's own address and port: the Ingress controller, a NodePort, the DNS server. */
    private String listenerOn(NodePlan node, String ip, int port) {
        IngressTable ing = plan.ingress();
        if (node.name().equals(ing.node()) && (port == ing.httpPort() || port == ing.httpsPort())) {
            return "port " + port + " is the Ingress controller, which runs in " + node.name() + "'s host network";
        }
        if (node.name().equals(plan.dns().hostedNode()) && port == 53) {
            return "port 53 is the cluster DNS server";
        }
        String spn = nodePortService(node, port);
        if (spn != null) {
            return "port " + port + " is the NodePort of " + serviceName(spn) + ", open on every node";
        }
        if (node.extraAddresses().contains(ip)) {
            String lb = servicesByIp.get(ip);
            return ip + " is the LoadBalancer address this node announces" + (lb == null ? "" : " for " + serviceName(lb));
        }
        return "nothing in the plan listens on port " + port;
    }

    // ---- NAT ----------------------------------------------------------------------------------

    private String nat(PacketEvent e) {
        Header ip = e.innerIp();
        String[] before = hostPort(e.natBefore());
        String[] after = hostPort(e.natAfter());
        boolean dstRewritten = ip != null && after[0].equals(ip.get("dst"));
        boolean established = e.info() != null && e.info().startsWith("conntrack");
        String where = " on " + e.node();
        String chain = firstWord(e.rule());
        if (dstRewritten) {
            boolean toService = servicesByIp.containsKey(before[0]) || isNodePortAddress(e.node(), before);
            if (!toService) {
                return "conntrack" + where + " undoes the source NAT for this reply: it goes back to " + e.natAfter() + ", the "
                        + "address that sent the request, instead of " + e.natBefore() + ".";
            }
            if (established) {
                return "conntrack" + where + " knows this connection: it rewrites the destination " + e.natBefore() + " to "
                        + e.natAfter() + " as for the connection's first packet, without reading kube-proxy's rules again.";
            }
            return dnat(e, chain);
        }
        if (servicesByIp.containsKey(after[0])) {
            return "conntrack" + where + " puts the Service address back as the source: the reply from " + e.natBefore()
                    + " appears to come from " + e.natAfter() + ", the address the client connected to.";
        }
        if (established) {
            return "conntrack" + where + " rewrites the source " + e.natBefore() + " to " + e.natAfter()
                    + " as it did for the connection's first packet.";
        }
        if (chain != null && chain.startsWith("FLANNEL")) {
            return "flannel masquerades Pod traffic leaving the Pod network: on " + e.node() + " the source " + e.natBefore()
                    + " became " + e.natAfter() + ", so the answer comes back to this node.";
        }
        return "kube-proxy marked this connection for source NAT (it came from outside the Pod network, or through a NodePort "
                + "or LoadBalancer), so " + e.node() + " masqueraded the source " + e.natBefore() + " to " + e.natAfter()
                + " (the address of the interface it leaves by): the reply must come back through this node.";
    }

    private String dnat(PacketEvent e, String sepChain) {
        NodePlan node = plan.node(e.node());
        String head = "kube-proxy on " + e.node() + " rewrote the destination " + e.natBefore() + " to " + e.natAfter();
        String[] after = hostPort(e.natAfter());
        PodAt endpoint = podsByIp.get(after[0]);
        String epText = endpoint == null ? "" : " (" + endpoint.pod() + " on " + endpoint.node().name() + ")";
        if (node == null || sepChain == null || !sepChain.startsWith("KUBE-SEP-")) {
            String spn = servicesByIp.get(hostPort(e.natBefore())[0]);
            return head + epText + (spn == null ? "." : ": it is an endpoint of " + serviceName(spn) + ".");
        }
        IptablesTable nat = node.table("nat");
        String svcChain = null;
        String spn = null;
        int endpoints = 0;
        boolean affinity = false;
        for (IptablesRule r : nat.rules()) {
            if (r.target().equals(sepChain) && r.chain().startsWith("KUBE-SV")) {
                svcChain = r.chain();
            }
            if (r.chain().equals(sepChain) && r.comment() != null) {
                spn = r.comment();
            }
        }
        if (svcChain != null) {
            for (IptablesRule r : nat.rules(svcChain)) {
                if (r.target().startsWith("KUBE-SEP-")) {
                    if (r.recent() == null) {
                        endpoints++;
                    } else {
                        affinity = true;
                    }
                }
            }
        }
        String svc = spn == null ? "the Service" : serviceName(spn);
        String entry = isNodePortAddress(e.node(), hostPort(e.natBefore())) ? " (NodePort " + hostPort(e.natBefore())[1] + ")" : "";
        if (endpoints <= 1) {
            return head + epText + entry + ": " + svc + " has 1 ready endpoint, so every connection goes to it.";
        }
        String how = affinity ? "this one was picked at random (probability 1/" + endpoints + ") unless the client was sent "
                + "elsewhere lately: sessionAffinity ClientIP keeps a client on its endpoint"
                : "this one was picked at random (probability 1/" + endpoints + ")";
        return head + epText + entry + ": " + svc + " has " + endpoints + " ready endpoints and " + how + ".";
    }

    private boolean isNodePortAddress(String nodeName, String[] hostPort) {
        NodePlan n = plan.node(nodeName);
        if (n == null || hostPort[1] == null || !nodesByIp.containsKey(hostPort[0])) {
            return false;
        }
        return nodePortService(n, Integer.parseInt(hostPort[1])) != null;
    }

    private static String nodePortService(NodePlan node, int port) {
        IptablesTable nat = node.table("nat");
        if (nat == null) {
            return null;
        }
        for (IptablesRule r : nat.rules("KUBE-NODEPORTS")) {
            if (String.valueOf(port).equals(r.dport())) {
                return r.comment();
            }
        }
        return null;
    }

    // ---- decisions ----------------------------------------------------------------------------

    private String bridged(PacketEvent e) {
        Matcher m = BRIDGE_PORTS.matcher(e.info() == null ? "" : e.info());
        String how = e.rule().endsWith("flood") ? "its MAC was not learned yet, so the bridge floods the frame and that port's "
                + "Pod takes it" : "found by its destination MAC in the bridge's forwarding database";
        if (!m.find()) {
            return "The bridge " + NetworkPlan.BRIDGE + " on " + e.node() + " switched the frame between two of its ports ("
                    + how + "): both Pods are on this node, so the packet never leaves it.";
        }
        PodAt from = podsByHostVeth.get(e.node() + " " + m.group(1));
        PodAt to = podsByHostVeth.get(e.node() + " " + m.group(2));
        return "The bridge " + NetworkPlan.BRIDGE + " on " + e.node() + " switched the frame from " + (from == null ? m.group(1)
                : from.pod() + "'s port") + " to " + (to == null ? m.group(2) : to.pod() + "'s port " + m.group(2)) + ", " + how
                + "; both ends are on " + e.node() + ", so the packet never leaves the node.";
    }

    private String delivered(PacketEvent e) {
        String rule = e.rule();
        Header ip = e.innerIp();
        String dst = ip == null ? "" : ip.get("dst");
        String src = ip == null ? "" : ip.get("src");
        if (rule == null) {
            String client = "external".equals(e.node()) ? "the outside client" : e.iface().contains("@")
                    ? e.iface().substring(e.iface().indexOf('@') + 1) : e.node();
            Header dns = header(e, "dns");
            if (dns != null && dns.get("answers") != null) {
                return "The resolver in " + client + " got its answer from " + src + ": " + dns.get("qname") + " is "
                        + (dns.get("answers").isEmpty() ? "unknown (NXDOMAIN)" : dns.get("answers")) + ".";
            }
            return "The packet reached " + client + " on its own connection (from " + endpoint(src, port(e, "sport")) + ").";
        }
        if (rule.equals("cluster DNS")) {
            Header dns = header(e, "dns");
            String q = dns == null ? null : dns.get("qname");
            if (q == null) {
                return "The cluster DNS server at " + dst + " on " + e.node() + " got the query.";
            }
            List<String> a = plan.dns().lookupA(q);
            return "The cluster DNS server (" + dst + " on " + e.node() + ") answers " + q + " with "
                    + (a.isEmpty() ? "NXDOMAIN (no such name), so the resolver tries its next search domain" : String.join(", ", a))
                    + ".";
        }
        if (rule.equals("ingress controller")) {
            Header http = header(e, "http");
            String route = http == null || http.get("host") == null ? "" : "; " + ingressMatch(http.get("host"), http.get("path"));
            return "The Ingress controller on " + e.node() + " (host network, port " + port(e, "dport") + ") accepted the connection"
                    + route + ".";
        }
        if (rule.equals("icmp echo")) {
            return dst + " (" + who(dst) + ") answers the echo request.";
        }
        if (podsByKey.containsKey(rule)) {
            String p = port(e, "dport");
            String proto = ip == null ? "" : ip.get("proto");
            return rule + " on " + e.node() + " accepted it: a container there listens on "
                    + (proto == null ? "" : proto.toUpperCase(java.util.Locale.ROOT) + " ") + p + ".";
        }
        return "Delivered to " + rule + " on " + e.node() + ".";
    }

    private String dropped(PacketEvent e) {
        String rule = e.rule() == null ? "" : e.rule();
        String chain = firstWord(rule);
        Header ip = e.innerIp();
        String src = ip == null ? "?" : ip.get("src");
        String dst = ip == null ? "?" : ip.get("dst");
        String port = port(e, "dport");
        String proto = ip == null || ip.get("proto") == null ? "" : ip.get("proto").toUpperCase(java.util.Locale.ROOT) + " ";
        if (chain != null && NetworkPolicyRules.isPolicyRule(chain)) {
            IptablesRule verdict = policyVerdictRule(e.node(), chain);
            String because = verdict == null ? null : verdict.comment();
            // felix: "... (ns/pod ingress: not allowed by a, b)"; kube-router: "ns/pod reject: not allowed by a"
            java.util.regex.Matcher m = because == null ? null
                    : POLICY_COMMENT.matcher(because);
            String pod = m != null && m.find() ? m.group(1) : null;
            String policies = pod == null ? null : m.group(3);
            boolean ingress = pod != null && !"reject".equals(m.group(2)) ? "ingress".equals(m.group(2))
                    : pod != null && plan.pod(pod) != null ? dst.equals(plan.pod(pod).ip()) : chain.startsWith("cali-tw-");
            boolean rejected = verdict != null && "REJECT".equals(verdict.target());
            String peer = ingress ? "from " + who(src) + " (" + src + ")" : "to " + who(dst) + " (" + dst + ")";
            return "The NetworkPolicies that select " + (pod == null ? "this Pod" : pod) + " for " + (ingress ? "ingress" : "egress")
                    + (policies == null ? "" : " (" + policies + ")") + " allow nothing that matches this packet " + peer + " on "
                    + proto + port + ", so the filter table of " + e.node() + (rejected
                    ? " rejected it (" + chain + "); the client sees connection refused."
                    : " dropped it (" + chain + "); the client sees only a time-out.");
        }
        if (rule.equals("node down")) {
            return e.node() + " is not ready (stopped), so the packet is lost here; the client sees a time-out.";
        }
        if (rule.equals("no route")) {
            return e.node() + " has no route to " + dst + ", so the packet is dropped here.";
        }
        if (chain != null && chain.startsWith("KUBE-")) {
            return "kube-proxy's rules on " + e.node() + " dropped it (" + rule + ").";
        }
        String info = e.info() == null ? rule : e.info();
        int colon = info.indexOf(": ");
        return "Dropped on " + e.node() + ": " + (colon > 0 ? info.substring(0, colon) : info) + ".";
    }

    private String rejected(PacketEvent e) {
        String rule = e.rule() == null ? "" : e.rule();
        Header ip = e.innerIp();
        String dst = ip == null ? "?" : ip.get("dst");
        String port = port(e, "dport");
        if (rule.startsWith("nothing listens")) {
            return "Nothing listens on " + port + " at " + who(dst) + ", so its kernel answers with a reset: connection refused "
                    + "(check the Service's targetPort and the Pod's containerPort).";
        }
        String spn = servicesByIp.get(dst);
        if (spn != null || rule.startsWith("KUBE-")) {
            return "kube-proxy on " + e.node() + " rejects connections to " + endpoint(dst, port) + ": "
                    + (spn == null ? "the Service" : serviceName(spn)) + " has no ready endpoints (no running, ready Pod matches "
                    + "its selector), so the client gets \"connection refused\" at once.";
        }
        return "Rejected on " + e.node() + " by " + rule + ": the client is told at once that the connection is refused.";
    }

    private String tls(PacketEvent e) {
        Header http = header(e, "tls");
        String sni = http == null ? "" : " for " + http.get("sni");
        boolean own = e.rule().startsWith("Ingress TLS ") && !e.rule().endsWith("default certificate");
        return "The Ingress controller on " + e.node() + " terminated TLS" + sni + " with "
                + (own ? "the certificate of secret " + e.rule().substring("Ingress TLS ".length())
                : "its default (fake) certificate, since no Ingress names a Secret for this host")
                + ": from here the request travels unencrypted inside the cluster.";
    }

    private String ingressRoute(PacketEvent e) {
        Header http = header(e, "http");
        String host = http == null ? null : http.get("host");
        String path = http == null ? "/" : http.get("path");
        if (host == null) {
            return "The Ingress controller on " + e.node() + " forwards the request by " + e.rule().substring(8) + ".";
        }
        Optional<IngressTable.Route> route = plan.ingress().match(host, path);
        String upstream = "";
        if (route.isPresent() && route.get().serviceIp() != null) {
            int n = route.get().endpoints().size();
            String svc = serviceName(route.get().serviceNamespace() + "/" + route.get().serviceName());
            upstream = n == 0 ? "; " + svc + " has no ready endpoints, so it answers 503"
                    : "; as ingress-nginx does, it proxies straight to the endpoints, not through the ClusterIP: " + svc + " has "
                    + n + " ready endpoint" + (n == 1 ? "" : "s") + (n > 1 ? ", taken in turn (round robin)" : "")
                    + ", and the controller opens a second TCP connection from its node's address, with X-Forwarded-For"
                    + " carrying the client";
        }
        return "The Ingress controller on " + e.node() + " looked up its routing table: " + ingressMatch(host, path)
                + upstream + ".";
    }

    private String ingressMatch(String host, String path) {
        Optional<IngressTable.Route> r = plan.ingress().match(host, path);
        if (r.isEmpty()) {
            return "no Ingress rule matches Host " + host + " and path " + path + ", so it answers 404";
        }
        IngressTable.Route route = r.get();
        return "Host " + host + " and path " + path + " match " + route.ingress() + " (" + route.pathType() + " " + route.path()
                + (route.host() == null ? ", any host" : "") + "), which sends them to " + route.backend()
                + (route.serviceIp() == null ? " (no such Service)" : " at " + route.serviceIp() + ":" + route.port());
    }

    // ---- lookups ------------------------------------------------------------------------------

    /** The comment of the DROP at the end of a policy chain: "ns/pod ingress not allowed by ns/a, ns/b". */
    private static final java.util.regex.Pattern POLICY_COMMENT =
            java.util.regex.Pattern.compile("([a-z0-9.-]+/[a-z0-9.-]+) (ingress|egress|reject)(?:: not allowed by ([^)]*))?");

    /** The policy engine's DROP or REJECT rule of a chain that says why (its comment names the Pod). */
    private IptablesRule policyVerdictRule(String nodeName, String chain) {
        NodePlan n = plan.node(nodeName);
        IptablesTable filter = n == null ? null : n.table("filter");
        if (filter == null) {
            return null;
        }
        for (IptablesRule r : filter.rules(chain)) {
            if ((r.target().equals("DROP") || r.target().equals("REJECT")) && r.comment() != null && r.comment().contains(" ")) {
                return r;
            }
        }
        return null;
    }

    private String routeDecision(NodePlan node, String dst) {
        if (nodesByIp.get(dst) == node || node.bridge().address().addressText().equals(dst)) {
            return "the destination " + dst + " is the node itself.";
        }
        NodePlan owner = podCidrOwner(dst);
        String route = routeFor(node, dst);
        if (owner == node) {
            return "the destination " + dst + " is on this node's bridge (route " + route + ").";
        }
        if (owner != null) {
            return "the route \"" + route + "\" sends " + dst + " toward " + owner.name() + ", whose Pod CIDR it is in.";
        }
        return "the route \"" + route + "\" sends " + dst + " on toward " + who(dst) + ".";
    }

    private static String routeFor(NodePlan node, String dst) {
        int ip = Ipv4.parse(dst);
        NodePlan.Route best = null;
        for (NodePlan.Route r : node.routes()) {
            if (r.destination().canonical().contains(ip) && (best == null || r.destination().prefix() > best.destination().prefix())) {
                best = r;
            }
        }
        return best == null ? "none" : best.render().substring("ip route replace ".length());
    }

    private NodePlan podCidrOwner(String ip) {
        if (ip == null || !Ipv4.isAddress(ip)) {
            return null;
        }
        int a = Ipv4.parse(ip);
        for (NodePlan n : plan.nodes()) {
            Cidr c = n.bridge().address().canonical();
            if (c.contains(a)) {
                return n;
            }
        }
        return null;
    }

    /** Who has an address, in words: a Pod, a node, a Service, the outside, the DNS server. */
    private String who(String ip) {
        if (ip == null) {
            return "?";
        }
        PodAt p = podsByIp.get(ip);
        if (p != null) {
            return p.pod() + " on " + p.node().name();
        }
        String spn = servicesByIp.get(ip);
        if (spn != null) {
            return "the Service address of " + serviceName(spn);
        }
        NodePlan n = nodesByIp.get(ip);
        if (n != null) {
            if (n.extraAddresses().contains(ip)) {
                return "a LoadBalancer address announced by " + n.name();
            }
            return "the node " + n.name() + (n.name().equals(plan.ingress().node()) ? " (the Ingress controller's address)" : "");
        }
        if (ip.equals(plan.externalAddress())) {
            return "the outside client";
        }
        NodePlan owner = podCidrOwner(ip);
        if (owner != null) {
            NodePlan.VxlanDevice vx = owner.vxlan();
            if (vx != null && vx.address().addressText().equals(ip)) {
                return owner.name() + "'s " + NetworkPlan.VXLAN;
            }
            return "an address in " + owner.name() + "'s Pod CIDR";
        }
        return ip;
    }

    private static String nodeName(NodePlan n) {
        return n == null ? "another node" : n.name();
    }

    /** "web-service" for the default namespace, else "ns/name", from kube-proxy's "ns/name[:port]". */
    private static String serviceName(String servicePortName) {
        String s = servicePortName;
        int colon = s.indexOf(':');
        if (colon > 0) {
            s = s.substring(0, colon);
        }
        return s.startsWith("default/") ? s.substring("default/".length()) : s;
    }

    private static Header header(PacketEvent e, String layer) {
        Header found = null;
        for (Header h : e.headers()) {
            if (h.layer().equals(layer)) {
                found = h;
            }
        }
        return found;
    }

    /** The innermost transport port ("sport" or "dport"), or null. */
    private static String port(PacketEvent e, String field) {
        String p = null;
        for (Header h : e.headers()) {
            if ((h.layer().equals("tcp") || h.layer().equals("udp")) && h.get(field) != null) {
                p = h.get(field);
            }
        }
        return p;
    }

    private static String endpoint(String ip, String port) {
        return port == null ? ip : ip + ":" + port;
    }

    private static String[] hostPort(String s) {
        int colon = s.lastIndexOf(':');
        return colon < 0 ? new String[]{s, null} : new String[]{s.substring(0, colon), s.substring(colon + 1)};
    }

    private static String firstWord(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        int sp = s.indexOf(' ');
        return sp < 0 ? s : s.substring(0, sp);
    }
}
