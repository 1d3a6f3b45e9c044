package io.kubecanvas.emulator.plan;

/**
 * One iptables rule as kube-proxy writes it: the matches this project uses and a target. The sim backend
 * interprets these fields; {@link #render()} prints the {@code -A} line that iptables-restore reads.
 *
 * @param table          nat or filter
 * @param source         CIDR or null; {@code notSource} negates it
 * @param dport          a port or a range {@code 80:90}, with {@code protocol}; with {@code -p icmp} the ICMP
 *                       type by name ({@code echo-request}), printed as {@code --icmp-type}
 * @param ctstate        conntrack states, comma separated (NEW, ESTABLISHED, RELATED, INVALID, DNAT) or null;
 *                       a leading {@code !} negates the match ({@code ! --ctstate RELATED,ESTABLISHED,DNAT})
 * @param mark           {@code value/mask} as hex, or null; {@code notMark} negates it
 * @param probability    {@code -m statistic --mode random --probability} as printed (10 decimals), or null
 * @param dstTypeLocal   {@code -m addrtype --dst-type LOCAL}
 * @param srcTypeLocal   {@code -m addrtype --src-type LOCAL} (the node's own traffic)
 * @param recent         {@code -m recent --name NAME --rsource}: with {@code recentSeconds} 0 it records the source
 *                       ({@code --set}), else it matches sources recorded within that many seconds ({@code --rcheck})
 * @param target         a built-in target (ACCEPT, DROP, REJECT, RETURN, DNAT, MASQUERADE, MARK) or a chain
 * @param targetOptions  the target's options as printed ({@code --to-destination 10.244.1.2:80}), or ""
 */
public record IptablesRule(String table, String chain, String comment, String protocol, String source,
                           boolean notSource, String destination, boolean notDestination, String dport,
                           String inInterface, String outInterface, String ctstate, String mark, boolean notMark,
                           String probability, boolean dstTypeLocal, boolean srcTypeLocal, String recent,
                           int recentSeconds, String target, String targetOptions) {

    public static final java.util.Set<String> BUILTIN_TARGETS = java.util.Set.of("ACCEPT", "DROP", "REJECT",
            "RETURN", "DNAT", "SNAT", "MASQUERADE", "MARK", "NFLOG");
    public static final java.util.Set<String> BUILTIN_CHAINS = java.util.Set.of("PREROUTING", "INPUT", "FORWARD",
            "OUTPUT", "POSTROUTING");

    public IptablesRule {
        targetOptions = targetOptions == null ? "" : targetOptions;
    }

    public static Builder append(String table, String chain) {
        return new Builder(table, chain);
    }

    /** How events and probe results name this rule: the chain, and its comment in brackets. */
    public String label() {
        return comment == null ? chain : chain + " (" + comment + ")";
    }

    /** True when the target is another chain (a jump) rather than a built-in target. */
    public boolean jumps() {
        return !BUILTIN_TARGETS.contains(target);
    }

    /** The rule as iptables-restore reads it, in kube-proxy's option order. */
    public String render() {
        StringBuilder b = new StringBuilder("-A ").append(chain);
        if (comment != null) {
            b.append(" -m comment --comment ").append(quote(comment));
        }
        if (mark != null) {
            b.append(" -m mark").append(notMark ? " ! --mark " : " --mark ").append(mark);
        }
        if (ctstate != null) {
            b.append(ctstate.startsWith("!") ? " -m conntrack ! --ctstate " + ctstate.substring(1)
                    : " -m conntrack --ctstate " + ctstate);
        }
        if (dstTypeLocal) {
            b.append(" -m addrtype --dst-type LOCAL");
        }
        if (srcTypeLocal) {
            b.append(" -m addrtype --src-type LOCAL");
        }
        if (protocol != null) {
            b.append(" -p ").append(protocol);
            if (dport != null) {
                b.append(" -m ").append(protocol);
            }
        }
        if (source != null) {
            b.append(notSource ? " ! -s " : " -s ").append(source);
        }
        if (destination != null) {
            b.append(notDestination ? " ! -d " : " -d ").append(destination);
        }
        if (dport != null) {
            b.append("icmp".equals(protocol) ? " --icmp-type " : " --dport ").append(dport);
        }
        if (inInterface != null) {
            b.append(" -i ").append(inInterface);
        }
        if (outInterface != null) {
            b.append(" -o ").append(outInterface);
        }
        if (recent != null) {
            b.append(" -m recent --name ").append(recent).append(" --mask 255.255.255.255 --rsource");
            b.append(recentSeconds > 0 ? " --rcheck --seconds " + recentSeconds + " --reap" : " --set");
        }
        if (probability != null) {
            b.append(" -m statistic --mode random --probability ").append(probability);
        }
        b.append(" -j ").append(target);
        if (!targetOptions.isEmpty()) {
            b.append(' ').append(targetOptions);
        }
        return b.toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public String toString() {
        return "-t " + table + " " + render();
    }

    /** Builds a rule field by field, in the order the rule is read. */
    public static final class Builder {
        private final String table;
        private final String chain;
        private String comment;
        private String protocol;
        private String source;
        private boolean notSource;
        private String destination;
        private boolean notDestination;
        private String dport;
        private String in;
        private String out;
        private String ctstate;
        private String mark;
        private boolean notMark;
        private String probability;
        private boolean dstTypeLocal;
        private boolean srcTypeLocal;
        private String recent;
        private int recentSeconds;

        private Builder(String table, String chain) {
            this.table = table;
            this.chain = chain;
        }

        public Builder comment(String c) {
            comment = c;
            return this;
        }

        public Builder protocol(String p) {
            protocol = p == null ? null : p.toLowerCase(java.util.Locale.ROOT);
            return this;
        }

        public Builder source(String s) {
            source = s;
            return this;
        }

        public Builder notSource(String s) {
            source = s;
            notSource = true;
            return this;
        }

        public Builder destination(String d) {
            destination = d;
            return this;
        }

        public Builder notDestination(String d) {
            destination = d;
            notDestination = true;
            return this;
        }

        public Builder dport(String p) {
            dport = p;
            return this;
        }

        public Builder dport(int p) {
            dport = Integer.toString(p);
            return this;
        }

        public Builder in(String i) {
            in = i;
            return this;
        }

        public Builder out(String o) {
            out = o;
            return this;
        }

        public Builder ctstate(String s) {
            ctstate = s;
            return this;
        }

        /** {@code -m conntrack ! --ctstate s}: none of these states. */
        public Builder notCtstate(String s) {
            ctstate = "!" + s;
            return this;
        }

        /** {@code -p icmp -m icmp --icmp-type name} (echo-request, destination-unreachable, time-exceeded). */
        public Builder icmpType(String name) {
            protocol = "icmp";
            dport = name;
            return this;
        }

        public Builder mark(String m) {
            mark = m;
            return this;
        }

        public Builder notMark(String m) {
            mark = m;
            notMark = true;
            return this;
        }

        public Builder probability(String p) {
            probability = p;
            return this;
        }

        public Builder dstTypeLocal() {
            dstTypeLocal = true;
            return this;
        }

        /** {@code -m recent --set}: remember the source address in list {@code name}. */
        public Builder recentSet(String name) {
            recent = name;
            recentSeconds = 0;
            return this;
        }

        /** {@code -m recent --rcheck --seconds n --reap}: the source was remembered in {@code name} lately. */
        public Builder recentCheck(String name, int seconds) {
            recent = name;
            recentSeconds = seconds;
            return this;
        }

        public Builder srcTypeLocal() {
            srcTypeLocal = true;
            return this;
        }

        public IptablesRule jump(String target) {
            return jump(target, "");
        }

        public IptablesRule jump(String target, String options) {
            return new IptablesRule(table, chain, comment, protocol, source, notSource, destination, notDestination,
                    dport, in, out, ctstate, mark, notMark, probability, dstTypeLocal, srcTypeLocal, recent, recentSeconds, target, options);
        }
    }
}
