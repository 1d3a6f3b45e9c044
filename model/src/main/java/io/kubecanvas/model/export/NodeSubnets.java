package io.kubecanvas.model.export;

import io.kubecanvas.model.Cluster;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Pod subnet of each node: node {@code i} in the Cluster document's order gets the {@code i}-th
 * {@code /nodeCidrMaskSize} block of the cluster CIDR, the way the node IPAM controller hands them out in
 * registration order (kind: control plane 10.244.0.0/24, then the workers 10.244.1.0/24, 10.244.2.0/24).
 */
public final class NodeSubnets {
    private NodeSubnets() {
    }

    /** An IPv4 network: address (as an unsigned 32-bit number) and prefix length. */
    public record Ipv4Cidr(long address, int prefix) {

        public static Ipv4Cidr parse(String text) {
            String t = text == null ? "" : text.strip();
            int slash = t.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 CIDR such as 10.244.0.0/16");
            }
            String[] octets = t.substring(0, slash).split("\\.", -1);
            int prefix;
            try {
                prefix = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (octets.length != 4 || prefix < 0 || prefix > 32) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 CIDR such as 10.244.0.0/16");
            }
            long a = 0;
            for (String o : octets) {
                int v;
                try {
                    v = Integer.parseInt(o);
                } catch (NumberFormatException e) {
                    v = -1;
                }
                if (v < 0 || v > 255) {
                    throw new IllegalArgumentException("'" + text + "' is not an IPv4 CIDR such as 10.244.0.0/16");
                }
                a = a << 8 | v;
            }
            long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
            return new Ipv4Cidr(a & mask, prefix);
        }

        /** The {@code index}-th sub-network of length {@code newPrefix}. */
        public Ipv4Cidr subnet(int newPrefix, int index) {
            if (newPrefix < prefix || newPrefix > 32) {
                throw new IllegalArgumentException("a /" + newPrefix + " does not fit in " + this);
            }
            long count = 1L << (newPrefix - prefix);
            if (index < 0 || index >= count) {
                throw new IllegalArgumentException(this + " holds only " + count + " /" + newPrefix + " subnets");
            }
            return new Ipv4Cidr(address + ((long) index << (32 - newPrefix)), newPrefix);
        }

        @Override
        public String toString() {
            return (address >> 24 & 255) + "." + (address >> 16 & 255) + "." + (address >> 8 & 255) + "."
                    + (address & 255) + "/" + prefix;
        }
    }

    /** Node name to Pod subnet, in the cluster's node order. */
    public static Map<String, Ipv4Cidr> of(Cluster cluster) {
        Cluster.NetworkSettings net = cluster.network();
        Ipv4Cidr cidr = Ipv4Cidr.parse(net.clusterCidr());
        Map<String, Ipv4Cidr> out = new LinkedHashMap<>();
        int i = 0;
        for (Cluster.NodeSpec n : cluster.nodes()) {
            out.put(n.name(), cidr.subnet(net.nodeCidrMaskSize(), i++));
        }
        return out;
    }
}
