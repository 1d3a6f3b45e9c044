package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.docker.DockerEngine.ContainerInfo;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.plan.NodePlan;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the NetworkPolicy drop rules of the running nodes dropped while probes ran. The plan logs each drop
 * rule to its own NFLOG group first ({@link NodePlan#dropLogs()}); tcpdump on those groups names the group
 * and the packet, so a probe that timed out is told apart: dropped by this policy rule, or something else.
 */
final class PolicyDrops implements Closeable {
    private static final Pattern GROUP = Pattern.compile("resource ID (\\d+)");
    private static final Pattern ADDRS = Pattern.compile(
            "(\\d+\\.\\d+\\.\\d+\\.\\d+)(?:\\.(\\d+))? > (\\d+\\.\\d+\\.\\d+\\.\\d+)(?:\\.(\\d+))?:");

    /** One logged drop: on which node, which rule, and the packet's addresses (port 0 for ICMP). */
    record Drop(String node, String rule, String src, String dst, int dport) {
    }

    private final NodeTcpdump tcpdump;
    private final List<Drop> drops = new ArrayList<>();

    private PolicyDrops(DockerEngine engine) {
        this.tcpdump = new NodeTcpdump(engine);
    }

    /** Starts listening on every running node that has policy drop rules; null when none has any. */
    static PolicyDrops start(DockerCluster cluster, NetworkPlan plan, Map<String, Boolean> running) {
        PolicyDrops d = null;
        for (NodePlan n : plan.nodes()) {
            if (n.dropLogs().isEmpty() || !running.getOrDefault(n.name(), false)) {
                continue;
            }
            if (d == null) {
                d = new PolicyDrops(cluster.engine());
            }
            ContainerInfo c = cluster.nodeContainer(n.name());
            StringBuilder groups = new StringBuilder();
            for (NodePlan.DropLog l : n.dropLogs()) {
                groups.append(groups.length() == 0 ? "" : ",").append(l.group());
            }
            PolicyDrops self = d;
            d.tcpdump.start(c.id(), "-i nflog:" + groups + " -nn -e -l", line -> self.accept(n, line));
        }
        return d;
    }

    /** Reads one tcpdump line of a node's capture. */
    void accept(NodePlan node, String line) {
        Drop d = parse(node, line);
        if (d != null) {
            synchronized (drops) {
                drops.add(d);
            }
        }
    }

    static Drop parse(NodePlan node, String line) {
        Matcher g = GROUP.matcher(line);
        Matcher a = ADDRS.matcher(line);
        if (!g.find() || !a.find()) {
            return null;
        }
        int group = Integer.parseInt(g.group(1));
        for (NodePlan.DropLog l : node.dropLogs()) {
            if (l.group() == group) {
                return new Drop(node.name(), l.rule(), a.group(1), a.group(3), a.group(4) == null ? 0 : Integer.parseInt(a.group(4)));
            }
        }
        return null;
    }

    /**
     * The rule that dropped a packet from {@code source} to one of {@code destinations} ({@code ip:port}), as the
     * sim names it ({@code rule on node}), or null.
     */
    String ruleFor(String source, Collection<String> destinations) {
        synchronized (drops) {
            for (Drop d : drops) {
                if (!d.src().equals(source)) {
                    continue;
                }
                for (String dst : destinations) {
                    if (dst.equals(d.dst() + ":" + d.dport()) || (d.dport() == 0 && dst.startsWith(d.dst() + ":"))) {
                        return d.rule() + " on " + d.node();
                    }
                }
            }
        }
        return null;
    }

    @Override
    public void close() {
        tcpdump.close();
    }
}
