package io.kubecanvas.emulator.sim;

import io.kubecanvas.model.net.Cidr;
import io.kubecanvas.emulator.plan.IptablesRule;
import io.kubecanvas.emulator.plan.IptablesTable;
import io.kubecanvas.model.net.Ipv4;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntPredicate;

/**
 * A node's iptables rules compiled from the plan for fast matching, and their traversal: jumps, RETURN,
 * terminal verdicts, the built-in policy ACCEPT, marks, {@code -m statistic} from a seeded random source.
 */
final class Netfilter {
    static final int ACCEPT = 0;
    static final int DROP = 1;
    static final int REJECT = 2;
    static final int RETURN = 3;
    static final int DNAT = 4;
    static final int MASQUERADE = 5;
    static final int MARK = 6;
    static final int JUMP = 7;
    /** NFLOG: the packet is logged (for the docker backend's drop attribution) and moves on. */
    static final int LOG = 8;

    /** What a traversal decided. */
    static final class Verdict {
        int verdict = ACCEPT;
        /** The rule that decided (chain, comment). */
        String rule;
        int dnatIp;
        int dnatPort;
        String dnatRule;
    }

    static final class Rule {
        String chain;
        String label;
        int proto;
        boolean hasSrc;
        boolean notSrc;
        int srcNet;
        int srcMask;
        boolean hasDst;
        boolean notDst;
        int dstNet;
        int dstMask;
        int dportLo = -1;
        int dportHi = -1;
        String in;
        String out;
        int ctMask;
        boolean notCt;
        int icmpType = -1;
        boolean hasMark;
        boolean notMark;
        int markValue;
        int markMask;
        double probability = -1;
        boolean dstLocal;
        boolean srcLocal;
        String recent;
        long recentNanos;
        int target;
        Chain jumpTo;
        String jumpName;
        int dnatIp;
        int dnatPort;
        int markAnd = -1;
        int markOr;
        int markXor;
    }

    static final class Chain {
        final String name;
        Rule[] rules = new Rule[0];

        Chain(String name) {
            this.name = name;
        }
    }

    private final Map<String, Chain> nat = new HashMap<>();
    /** The xt_recent lists: name to source address to when it was last set (virtual nanoseconds). */
    private final Map<String, Map<Integer, Long>> recentLists = new HashMap<>();
    /** The virtual clock, for {@code -m recent}. */
    long now;
    private final Map<String, Chain> filter = new HashMap<>();

    Netfilter(List<IptablesTable> tables) {
        for (IptablesTable t : tables) {
            Map<String, Chain> chains = "nat".equals(t.name()) ? nat : "filter".equals(t.name()) ? filter : null;
            if (chains == null) {
                continue;
            }
            Map<String, List<Rule>> byChain = new HashMap<>();
            for (String c : IptablesRule.BUILTIN_CHAINS) {
                chains.put(c, new Chain(c));
            }
            for (String c : t.chains()) {
                chains.computeIfAbsent(c, Chain::new);
            }
            for (IptablesRule r : t.rules()) {
                chains.computeIfAbsent(r.chain(), Chain::new);
                if (r.jumps()) {
                    chains.computeIfAbsent(r.target(), Chain::new);
                }
                byChain.computeIfAbsent(r.chain(), k -> new ArrayList<>()).add(compile(r, chains));
            }
            byChain.forEach((c, rs) -> chains.get(c).rules = rs.toArray(new Rule[0]));
        }
    }

    private static Rule compile(IptablesRule r, Map<String, Chain> chains) {
        Rule c = new Rule();
        c.chain = r.chain();
        c.label = r.label();
        c.proto = r.protocol() == null ? 0 : switch (r.protocol()) {
            case "tcp" -> Packet.TCP;
            case "udp" -> Packet.UDP;
            case "icmp" -> Packet.ICMP;
            default -> Packet.SCTP;
        };
        if (r.source() != null) {
            Cidr s = Cidr.parse(r.source());
            c.hasSrc = true;
            c.notSrc = r.notSource();
            c.srcNet = s.network();
            c.srcMask = s.mask();
        }
        if (r.destination() != null) {
            Cidr d = Cidr.parse(r.destination());
            c.hasDst = true;
            c.notDst = r.notDestination();
            c.dstNet = d.network();
            c.dstMask = d.mask();
        }
        if (r.dport() != null && c.proto == Packet.ICMP) {
            c.icmpType = switch (r.dport()) {
                case "echo-reply" -> 0;
                case "destination-unreachable" -> 3;
                case "echo-request" -> 8;
                case "time-exceeded" -> 11;
                default -> Integer.parseInt(r.dport());
            };
        } else if (r.dport() != null) {
            String[] range = r.dport().split(":");
            c.dportLo = Integer.parseInt(range[0]);
            c.dportHi = range.length > 1 ? Integer.parseInt(range[1]) : c.dportLo;
        }
        c.in = r.inInterface();
        c.out = r.outInterface();
        if (r.ctstate() != null) {
            c.notCt = r.ctstate().startsWith("!");
            for (String s : r.ctstate().replace("!", "").split(",")) {
                c.ctMask |= switch (s.trim()) {
                    case "NEW" -> 1;
                    case "ESTABLISHED" -> 2;
                    case "RELATED" -> 4;
                    case "DNAT" -> 16;
                    default -> 8;
                };
            }
        }
        if (r.mark() != null) {
            String[] vm = r.mark().split("/");
            c.hasMark = true;
            c.notMark = r.notMark();
            c.markValue = Integer.decode(vm[0]);
            c.markMask = vm.length > 1 ? Integer.decode(vm[1]) : -1;
        }
        if (r.probability() != null) {
            c.probability = Double.parseDouble(r.probability());
        }
        c.dstLocal = r.dstTypeLocal();
        c.srcLocal = r.srcTypeLocal();
        c.recent = r.recent();
        c.recentNanos = r.recentSeconds() * 1_000_000_000L;
        String opts = r.targetOptions();
        switch (r.target()) {
            case "ACCEPT" -> c.target = ACCEPT;
            case "DROP" -> c.target = DROP;
            case "REJECT" -> c.target = REJECT;
            case "RETURN" -> c.target = RETURN;
            case "MASQUERADE", "SNAT" -> c.target = MASQUERADE;
            case "NFLOG" -> c.target = LOG;
            case "DNAT" -> {
                c.target = DNAT;
                String to = option(opts, "--to-destination");
                int colon = to.lastIndexOf(':');
                c.dnatIp = Ipv4.parse(colon < 0 ? to : to.substring(0, colon));
                c.dnatPort = colon < 0 ? 0 : Integer.parseInt(to.substring(colon + 1));
            }
            case "MARK" -> {
                c.target = MARK;
                String or = option(opts, "--or-mark");
                String xor = option(opts, "--xor-mark");
                String setX = option(opts, "--set-xmark");
                c.markOr = or == null ? 0 : Integer.decode(or);
                c.markXor = xor == null ? 0 : Integer.decode(xor);
                if (setX != null) {
                    // --set-xmark value/mask: zero the mask's bits, then XOR the value in (xt_MARK).
                    String[] vm = setX.split("/");
                    c.markXor = Integer.decode(vm[0]);
                    c.markAnd = vm.length > 1 ? ~Integer.decode(vm[1]) : 0;
                }
            }
            default -> {
                c.target = JUMP;
                c.jumpName = r.target();
                c.jumpTo = chains.computeIfAbsent(r.target(), Chain::new);
            }
        }
        return c;
    }

    private static String option(String opts, String name) {
        String[] parts = opts.trim().split("\\s+");
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i].equals(name)) {
                return parts[i + 1];
            }
        }
        return null;
    }

    /**
     * Runs a built-in chain of a table for a packet.
     *
     * @param isLocal tells whether an address is one of the node's own ({@code -m addrtype --dst-type LOCAL})
     */
    Verdict run(String table, String builtin, Packet p, String in, String out, IntPredicate isLocal, Random random) {
        Verdict v = new Verdict();
        Chain c = ("nat".equals(table) ? nat : filter).get(builtin);
        if (c == null || c.rules.length == 0) {
            return v;
        }
        int r = traverse(c, p, in, out, isLocal, random, v, 0);
        v.verdict = r == RETURN ? ACCEPT : r;
        return v;
    }

    boolean empty(String table, String builtin) {
        Chain c = ("nat".equals(table) ? nat : filter).get(builtin);
        return c == null || c.rules.length == 0;
    }

    private int traverse(Chain chain, Packet p, String in, String out, IntPredicate isLocal, Random random, Verdict v,
                         int depth) {
        if (depth > 32) {
            v.rule = chain.name + " (loop)";
            return DROP;
        }
        for (Rule r : chain.rules) {
            if (!matches(r, p, in, out, isLocal, random)) {
                continue;
            }
            switch (r.target) {
                case ACCEPT:
                    v.rule = r.label;
                    return ACCEPT;
                case DROP:
                case REJECT:
                    v.rule = r.label;
                    return r.target;
                case RETURN:
                    return RETURN;
                case DNAT:
                    v.dnatIp = r.dnatIp;
                    v.dnatPort = r.dnatPort;
                    v.dnatRule = r.label;
                    v.rule = r.label;
                    return DNAT;
                case MASQUERADE:
                    v.rule = r.label;
                    return MASQUERADE;
                case MARK:
                    p.mark = ((p.mark & r.markAnd) | r.markOr) ^ r.markXor;
                    break;
                case LOG:
                    break;
                default:
                    int res = traverse(r.jumpTo, p, in, out, isLocal, random, v, depth + 1);
                    if (res != RETURN) {
                        return res;
                    }
            }
        }
        return RETURN;
    }

    private boolean matches(Rule r, Packet p, String in, String out, IntPredicate isLocal, Random random) {
        if (r.proto != 0 && r.proto != p.proto) {
            return false;
        }
        if (r.hasSrc && (((p.src & r.srcMask) == r.srcNet) == r.notSrc)) {
            return false;
        }
        if (r.hasDst && (((p.dst & r.dstMask) == r.dstNet) == r.notDst)) {
            return false;
        }
        if (r.dportLo >= 0 && (p.dport < r.dportLo || p.dport > r.dportHi)) {
            return false;
        }
        if (r.in != null && !r.in.equals(in)) {
            return false;
        }
        if (r.out != null && !r.out.equals(out)) {
            return false;
        }
        if (r.ctMask != 0 && ((r.ctMask & Conntrack.state(p)) == 0) != r.notCt) {
            return false;
        }
        if (r.icmpType >= 0 && p.icmpType != r.icmpType) {
            return false;
        }
        if (r.hasMark && (((p.mark & r.markMask) == r.markValue) == r.notMark)) {
            return false;
        }
        if (r.dstLocal && !isLocal.test(p.dst)) {
            return false;
        }
        if (r.srcLocal && !isLocal.test(p.src)) {
            return false;
        }
        if (r.recent != null) {
            Map<Integer, Long> list = recentLists.computeIfAbsent(r.recent, k -> new HashMap<>());
            if (r.recentNanos == 0) {
                list.put(p.src, now);
            } else {
                Long seen = list.get(p.src);
                if (seen == null || now - seen > r.recentNanos) {
                    return false;
                }
            }
        }
        // Evaluated last, as the statistic match is: only packets that matched everything else draw.
        return r.probability < 0 || random.nextDouble() < r.probability;
    }
}
