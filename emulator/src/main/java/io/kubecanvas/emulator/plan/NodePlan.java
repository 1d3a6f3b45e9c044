package io.kubecanvas.emulator.plan;

import io.kubecanvas.model.net.Cidr;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything one node's network consists of: its underlay interface, the {@code cni0} bridge, a veth pair
 * per Pod, the flannel VXLAN device (flannel-vxlan mode) with its per-peer route, neighbour and FDB
 * entries, or plain routes (host-gw mode), and its iptables tables.
 *
 * @param ready           false while the node is stopped: a backend keeps it off the network
 * @param hostNetworkPods Pods ({@code ns/name}) that share the node's own network namespace
 * @param extraAddresses  addresses the node answers for besides its own (LoadBalancer IPs it announces)
 * @param dropLogs        the NFLOG group logged before each NetworkPolicy drop rule, so a dropped packet is told apart
 */
public record NodePlan(String name, String role, boolean ready, UnderlayInterface underlay, Bridge bridge,
                       List<VethPair> veths, VxlanDevice vxlan, List<Route> routes, List<NeighbourEntry> neighbours,
                       List<FdbEntry> fdb, List<String> extraAddresses, List<String> hostNetworkPods,
                       List<IptablesTable> iptables, List<DropLog> dropLogs) {

    /** The host-side veth of a Pod as the plan names it (the view and captures map it back to the Pod). */
    public static String hostVethName(String podKey) {
        return "veth" + KubeProxyRules.shortHash(podKey, 8);
    }

    /** The Pod's network namespace name on its node, as a CNI runtime names it. */
    public static String netnsName(String podKey) {
        return "cni-" + KubeProxyRules.shortHash(podKey, 8);
    }

    public NodePlan {
        veths = List.copyOf(veths);
        routes = List.copyOf(routes);
        neighbours = List.copyOf(neighbours);
        fdb = List.copyOf(fdb);
        extraAddresses = List.copyOf(extraAddresses);
        hostNetworkPods = List.copyOf(hostNetworkPods);
        iptables = List.copyOf(iptables);
        dropLogs = List.copyOf(dropLogs);
    }

    public IptablesTable table(String tableName) {
        return iptables.stream().filter(t -> t.name().equals(tableName)).findFirst().orElse(null);
    }

    public VethPair veth(String podKey) {
        return veths.stream().filter(v -> v.podKey().equals(podKey)).findFirst().orElse(null);
    }

    /** The node's eth0 on the underlay network. */
    public record UnderlayInterface(String name, String mac, Cidr address, String gateway) {
    }

    /** The CNI bridge ({@code cni0}) holding the gateway address (.1) of the node's Pod CIDR. */
    public record Bridge(String name, String mac, Cidr address, int mtu) {
    }

    /**
     * A Pod's veth pair: {@code hostName} on the node, enslaved to the bridge (hairpin on), and {@code eth0}
     * inside the Pod's network namespace {@code netns} with the Pod IP and a default route via the bridge.
     */
    public record VethPair(String podKey, String netns, String hostName, String hostMac, String podIfName,
                           String podMac, Cidr podAddress, String gateway, int mtu, boolean hairpin) {
        public String podIp() {
            return podAddress.addressText();
        }
    }

    /** flannel's VXLAN device: VNI, UDP port, local underlay address, VTEP MAC and its /32 address. */
    public record VxlanDevice(String name, int vni, int port, String local, String dev, String mac, Cidr address,
                              int mtu) {
    }

    /**
     * A route in the node's main table. {@code via} null for a directly connected prefix; {@code onlink}
     * for flannel's routes whose next hop is the peer's VXLAN address.
     */
    public record Route(Cidr destination, String via, String dev, boolean onlink, String src) {
        public String render() {
            StringBuilder b = new StringBuilder("ip route replace ").append(destination.prefix() == 0 ? "default" : destination.canonical().toString());
            if (via != null) {
                b.append(" via ").append(via);
            }
            b.append(" dev ").append(dev);
            if (onlink) {
                b.append(" onlink");
            }
            if (via == null && src != null) {
                b.append(" scope link src ").append(src);
            }
            return b.toString();
        }
    }

    /** A permanent neighbour (ARP) entry: the peer's VTEP MAC for its flannel.1 address. */
    public record NeighbourEntry(String address, String mac, String dev) {
    }

    /** An NFLOG group and the drop rule it precedes ({@link IptablesRule#label()}). */
    public record DropLog(int group, String chain, String rule) {
    }

    /** A forwarding-database entry of the VXLAN device: frames for {@code mac} go to {@code dst} over UDP. */
    public record FdbEntry(String mac, String dev, String dst) {
    }

    /** The iptables-restore --noflush input for the plan's own chains (nat, then filter). */
    public String iptablesRestore() {
        StringBuilder b = new StringBuilder();
        for (IptablesTable t : iptables) {
            b.append(t.renderRestore());
        }
        return b.toString();
    }
}
