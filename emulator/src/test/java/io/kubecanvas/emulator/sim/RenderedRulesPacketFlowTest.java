package io.kubecanvas.emulator.sim;

import io.kubecanvas.emulator.plan.IptablesRule;
import io.kubecanvas.emulator.plan.IptablesTable;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.plan.NodePlan;
import io.kubecanvas.emulator.plan.NodePlanScripts;
import io.kubecanvas.emulator.plan.ServicePlan;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.net.Ipv4;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static io.kubecanvas.emulator.plan.NetworkPlanRenderTest.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In the style of kube-proxy's packet-flow tests (pkg/proxy/iptables/proxier_test.go): the rendered
 * iptables-restore text a node runs is parsed back by a parser written from iptables' syntax (not from our
 * renderer), then packets are traced through it. Every rule must read back as the rule the plan holds, and a
 * packet must get the same fate from the text as from the plan, so a rendering mistake fails here, not only on
 * a real kernel.
 */
class RenderedRulesPacketFlowTest {
    private final ClusterState state = sample("flannel-vxlan");
    private final NetworkPlan plan = NetworkPlan.compute(state);

    /** The tables of a node as its script's text says: the iptables-restore input, then the built-in chain jumps. */
    static List<IptablesTable> readBack(String script) {
        String restore = NodePlanScripts.written(script, "$D/iptables.rules");
        Map<String, IptablesTable.Builder> tables = new LinkedHashMap<>();
        Map<String, List<IptablesRule>> jumps = new LinkedHashMap<>();
        String table = null;
        for (String line : restore.split("\n")) {
            if (line.startsWith("*")) {
                table = line.substring(1);
                tables.put(table, new IptablesTable.Builder(table));
            } else if (line.startsWith(":")) {
                tables.get(table).declare(line.substring(1, line.indexOf(' ')));
            } else if (line.startsWith("-A ")) {
                tables.get(table).add(RestoreLine.parse(table, line));
            } else if (!line.equals("COMMIT") && !line.isBlank()) {
                throw new AssertionError("not iptables-restore input: " + line);
            }
        }
        for (String line : script.split("\n")) {
            // jump T '-A CHAIN SPEC': added to table T when iptables-save does not show it there yet
            if (line.startsWith("jump ") && line.endsWith("'")) {
                String t = line.split(" ", 3)[1];
                String rule = line.substring(line.indexOf('\'') + 1, line.length() - 1).replace("'\\''", "'");
                jumps.computeIfAbsent(t, k -> new ArrayList<>()).add(RestoreLine.parse(t, rule));
            }
        }
        List<IptablesTable> out = new ArrayList<>();
        tables.forEach((name, b) -> {
            jumps.getOrDefault(name, List.of()).forEach(b::add);
            out.add(b.build());
        });
        return out;
    }

    @Test
    void everyRenderedRuleReadsBackAsThePlansRule() {
        for (NodePlan n : plan.nodes()) {
            List<IptablesTable> back = readBack(plan.render(n.name()));
            for (IptablesTable t : n.iptables()) {
                IptablesTable b = back.stream().filter(x -> x.name().equals(t.name())).findFirst().orElseThrow();
                assertEquals(Set.copyOf(t.rules()), Set.copyOf(b.rules()), n.name() + " " + t.name());
                for (String chain : t.chains()) {
                    assertEquals(t.rules(chain), b.rules(chain), "rule order of " + chain + " on " + n.name());
                }
                for (String builtin : IptablesRule.BUILTIN_CHAINS) {
                    assertEquals(t.rules(builtin), b.rules(builtin), "jumps from " + builtin + " on " + n.name());
                }
            }
        }
    }

    /** What a packet's trip through one node's hooks decided, as a line. */
    record Fate(String text) {
    }

    static Fate trace(List<IptablesTable> tables, Packet p, String in, String out, Set<Integer> local, long seed) {
        return trace(tables, p, in, out, local, new Random(seed));
    }

    static Fate trace(List<IptablesTable> tables, Packet p, String in, String out, Set<Integer> local, Random random) {
        Netfilter nf = new Netfilter(tables);
        new Conntrack().attach(p);
        Netfilter.Verdict nat = nf.run("nat", in == null ? "OUTPUT" : "PREROUTING", p, in, null, local::contains, random);
        String dnat = nat.verdict == Netfilter.DNAT ? "DNAT " + Ipv4.format(nat.dnatIp) + ":" + nat.dnatPort : "no DNAT";
        if (nat.verdict == Netfilter.DNAT) {
            p.dst = nat.dnatIp;
            p.dport = nat.dnatPort;
        }
        boolean toLocal = local.contains(p.dst);
        Netfilter.Verdict filter = nf.run("filter", in == null ? "OUTPUT" : toLocal ? "INPUT" : "FORWARD", p, in,
                toLocal ? null : out, local::contains, random);
        String verdict = switch (filter.verdict) {
            case Netfilter.DROP -> "DROP by " + filter.rule;
            case Netfilter.REJECT -> "REJECT by " + filter.rule;
            default -> "ACCEPT";
        };
        if (filter.verdict != Netfilter.ACCEPT || toLocal) {
            return new Fate(dnat + ", " + verdict);
        }
        Netfilter.Verdict post = nf.run("nat", "POSTROUTING", p, null, out, local::contains, random);
        return new Fate(dnat + ", " + verdict + (post.verdict == Netfilter.MASQUERADE ? ", MASQUERADE" : ""));
    }

    static Packet tcp(String src, String dst, int dport) {
        Packet p = new Packet();
        p.proto = Packet.TCP;
        p.src = Ipv4.parse(src);
        p.dst = Ipv4.parse(dst);
        p.sport = 40000;
        p.dport = dport;
        p.flags = "S";
        return p;
    }

    private Set<Integer> local(NodePlan n) {
        Set<Integer> s = new java.util.HashSet<>();
        s.add(n.underlay().address().address());
        s.add(n.bridge().address().address());
        n.extraAddresses().forEach(a -> s.add(Ipv4.parse(a)));
        return s;
    }

    private String ip(String pod) {
        return plan.pod(pod).ip();
    }

    @Test
    void packetsMeetTheSameFateInTheRenderedTextAsInThePlan() {
        ServicePlan web = plan.service("default", "web");
        String cip = web.clusterIp();
        int nodePort = web.ports().get(0).nodePort();
        String lonely = plan.service("default", "lonely").clusterIp();
        String lb = plan.service("default", "edge").loadBalancerIp();
        NodePlan w1 = plan.node("worker-1");
        NodePlan w2 = plan.node("worker-2");
        List<IptablesTable> text1 = readBack(plan.render("worker-1"));
        List<IptablesTable> text2 = readBack(plan.render("worker-2"));
        Map<String, Object[]> cases = new LinkedHashMap<>();
        // {node's tables from text, node's plan, packet, in iface, out iface, expected fate (prefix)}
        cases.put("Pod to a ClusterIP is DNATed to an endpoint, no SNAT", new Object[]{text1, w1,
                tcp(ip("default/client"), cip, 80), "cni0", "flannel.1", "DNAT 10.244."});
        cases.put("a Service without endpoints is rejected", new Object[]{text1, w1,
                tcp(ip("default/client"), lonely, 80), "cni0", "eth0", "no DNAT, REJECT by KUBE-SERVICES (default/lonely has no endpoints)"});
        cases.put("outside to a NodePort is DNATed and masqueraded", new Object[]{text1, w1,
                tcp(plan.externalAddress(), w1.underlay().address().addressText(), nodePort), "eth0", "flannel.1", "DNAT 10.244."});
        cases.put("outside to the LoadBalancer address on its announcing node", new Object[]{text1, w1,
                tcp(plan.externalAddress(), lb, 8080), "eth0", "cni0", "DNAT 10.244."});
        cases.put("the policy drops a Pod the ingress rules do not name, after logging it", new Object[]{text2, w2,
                tcp("10.244.0.77", ip("default/web-2"), 80), "flannel.1", "cni0",
                "no DNAT, DROP by cali-tw-"});
        cases.put("the policy admits the client", new Object[]{text2, w2,
                tcp(ip("default/client"), ip("default/web-2"), 80), "flannel.1", "cni0", "no DNAT, ACCEPT"});
        cases.put("ipBlock except is carved out", new Object[]{text2, w2,
                tcp("172.30.0.9", ip("default/web-2"), 80), "eth0", "cni0", "no DNAT, DROP by cali-tw-"});
        cases.put("ipBlock admits the rest of its CIDR", new Object[]{text2, w2,
                tcp("172.30.0.8", ip("default/web-2"), 80), "eth0", "cni0", "no DNAT, ACCEPT"});
        for (var c : cases.entrySet()) {
            Object[] v = c.getValue();
            @SuppressWarnings("unchecked")
            List<IptablesTable> text = (List<IptablesTable>) v[0];
            NodePlan node = (NodePlan) v[1];
            Packet p = (Packet) v[2];
            for (long seed = 1; seed <= 5; seed++) {
                Fate fromText = trace(text, p.copy(), (String) v[3], (String) v[4], local(node), seed);
                Fate fromPlan = trace(node.iptables(), p.copy(), (String) v[3], (String) v[4], local(node), seed);
                assertEquals(fromPlan, fromText, c.getKey());
                assertTrue(fromText.text().startsWith((String) v[5]), c.getKey() + ": " + fromText.text());
            }
        }
        Fate np = trace(text1, tcp(plan.externalAddress(), w1.underlay().address().addressText(), nodePort), "eth0",
                "flannel.1", local(w1), 3);
        assertTrue(np.text().endsWith(", ACCEPT, MASQUERADE"), "NodePort traffic is masqueraded: " + np.text());
        Fate podToSvc = trace(text1, tcp(ip("default/client"), cip, 80), "cni0", "flannel.1", local(w1), 3);
        assertTrue(podToSvc.text().endsWith(", ACCEPT"), "Pod-to-Service traffic keeps its source: " + podToSvc.text());
    }

    @Test
    void everyEndpointOfAServiceIsReachedByTheRenderedRandomChoice() {
        ServicePlan web = plan.service("default", "web");
        NodePlan w1 = plan.node("worker-1");
        List<IptablesTable> text = readBack(plan.render("worker-1"));
        Set<String> chosen = new java.util.TreeSet<>();
        Random random = new Random(1);
        for (int k = 0; k < 60; k++) {
            chosen.add(trace(text, tcp(ip("default/client"), web.clusterIp(), 80), "cni0", "flannel.1", local(w1), random).text()
                    .replaceFirst(",.*", ""));
        }
        Set<String> endpoints = new java.util.TreeSet<>();
        web.ports().get(0).ready().forEach(b -> endpoints.add("DNAT " + b.ip() + ":" + b.port()));
        assertEquals(endpoints, chosen, "1/n, 1/(n-1), ... gives every endpoint a share");
    }

    /** One {@code -A} line of iptables-restore input read the way iptables reads it. */
    static final class RestoreLine {
        private final List<String> words;
        private int i;

        private RestoreLine(List<String> words) {
            this.words = words;
        }

        static IptablesRule parse(String table, String line) {
            return new RestoreLine(split(line)).rule(table);
        }

        /** Shell-like words: double quotes group, backslash escapes inside them. */
        static List<String> split(String line) {
            List<String> out = new ArrayList<>();
            StringBuilder w = new StringBuilder();
            boolean quoted = false;
            boolean any = false;
            for (int k = 0; k < line.length(); k++) {
                char c = line.charAt(k);
                if (quoted && c == '\\' && k + 1 < line.length()) {
                    w.append(line.charAt(++k));
                } else if (c == '"') {
                    quoted = !quoted;
                    any = true;
                } else if (c == ' ' && !quoted) {
                    if (any || w.length() > 0) {
                        out.add(w.toString());
                    }
                    w.setLength(0);
                    any = false;
                } else {
                    w.append(c);
                }
            }
            if (any || w.length() > 0) {
                out.add(w.toString());
            }
            return out;
        }

        private String next() {
            if (i >= words.size()) {
                throw new AssertionError("the rule ends too early: " + words);
            }
            return words.get(i++);
        }

        private IptablesRule rule(String table) {
            String chain = null;
            String comment = null;
            String protocol = null;
            String source = null;
            boolean notSource = false;
            String destination = null;
            boolean notDestination = false;
            String dport = null;
            String in = null;
            String out = null;
            String ctstate = null;
            String mark = null;
            boolean notMark = false;
            String probability = null;
            boolean dstLocal = false;
            boolean srcLocal = false;
            String recent = null;
            int recentSeconds = 0;
            String target = null;
            StringBuilder options = new StringBuilder();
            boolean negate = false;
            while (i < words.size()) {
                String w = next();
                switch (w) {
                    case "-A" -> chain = next();
                    case "!" -> negate = true;
                    case "-m" -> {
                        String module = next();
                        if (!Set.of("comment", "mark", "conntrack", "addrtype", "tcp", "udp", "sctp", "recent", "statistic")
                                .contains(module)) {
                            throw new AssertionError("unknown match module " + module + " in " + words);
                        }
                    }
                    case "--comment" -> comment = next();
                    case "--mark" -> {
                        mark = next();
                        notMark = negate;
                        negate = false;
                    }
                    case "--ctstate" -> {
                        ctstate = (negate ? "!" : "") + next();
                        negate = false;
                    }
                    case "--dst-type" -> dstLocal = "LOCAL".equals(next());
                    case "--src-type" -> srcLocal = "LOCAL".equals(next());
                    case "-p" -> protocol = next();
                    case "-s" -> {
                        source = next();
                        notSource = negate;
                        negate = false;
                    }
                    case "-d" -> {
                        destination = next();
                        notDestination = negate;
                        negate = false;
                    }
                    case "--dport" -> dport = next();
                    case "-i" -> in = next();
                    case "-o" -> out = next();
                    case "--name" -> recent = next();
                    case "--mask", "--seconds" -> {
                        String v = next();
                        if (w.equals("--seconds")) {
                            recentSeconds = Integer.parseInt(v);
                        }
                    }
                    case "--rsource", "--set", "--rcheck", "--reap" -> { }
                    case "--mode" -> next();
                    case "--probability" -> probability = next();
                    case "-j" -> {
                        target = next();
                        while (i < words.size()) {
                            options.append(options.length() == 0 ? "" : " ").append(next());
                        }
                    }
                    default -> throw new AssertionError("unknown option " + w + " in " + words);
                }
            }
            return new IptablesRule(table, chain, comment, protocol, source, notSource, destination, notDestination, dport,
                    in, out, ctstate, mark, notMark, probability, dstLocal, srcLocal, recent, recentSeconds, target,
                    options.toString());
        }
    }
}
