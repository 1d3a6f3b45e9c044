package io.kubecanvas.emulator.plan;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One netfilter table of a node: the chains the plan owns (declared in iptables-restore input, so they are
 * created or flushed as a whole) and every rule in order, including the jumps from the built-in chains.
 */
public record IptablesTable(String name, List<String> chains, List<IptablesRule> rules) {

    public IptablesTable {
        chains = List.copyOf(chains);
        rules = List.copyOf(rules);
    }

    public List<IptablesRule> rules(String chain) {
        return rules.stream().filter(r -> r.chain().equals(chain)).toList();
    }

    /** The rules of the plan's own chains (what iptables-restore --noflush writes). */
    public List<IptablesRule> ownRules() {
        return rules.stream().filter(r -> !IptablesRule.BUILTIN_CHAINS.contains(r.chain())).toList();
    }

    /** The rules appended to built-in chains (PREROUTING, FORWARD...): kept idempotent by check-then-append. */
    public List<IptablesRule> builtinJumps() {
        return rules.stream().filter(r -> IptablesRule.BUILTIN_CHAINS.contains(r.chain())).toList();
    }

    /** The table's part of the iptables-restore --noflush input, ending with COMMIT. */
    public String renderRestore() {
        StringBuilder b = new StringBuilder("*").append(name).append('\n');
        for (String c : chains) {
            b.append(':').append(c).append(" - [0:0]\n");
        }
        for (IptablesRule r : ownRules()) {
            b.append(r.render()).append('\n');
        }
        return b.append("COMMIT\n").toString();
    }

    /** Collects rules and declares every user chain they use, in first-use order. */
    public static final class Builder {
        private final String name;
        private final Set<String> chains = new LinkedHashSet<>();
        private final List<IptablesRule> rules = new ArrayList<>();

        public Builder(String name) {
            this.name = name;
        }

        public Builder declare(String chain) {
            if (!IptablesRule.BUILTIN_CHAINS.contains(chain)) {
                chains.add(chain);
            }
            return this;
        }

        public Builder add(IptablesRule r) {
            if (!r.table().equals(name)) {
                throw new IllegalArgumentException("rule for table " + r.table() + " added to " + name);
            }
            declare(r.chain());
            if (r.jumps()) {
                declare(r.target());
            }
            rules.add(r);
            return this;
        }

        public Builder addAll(List<IptablesRule> rs) {
            rs.forEach(this::add);
            return this;
        }

        public IptablesTable build() {
            return new IptablesTable(name, new ArrayList<>(chains), rules);
        }
    }
}
