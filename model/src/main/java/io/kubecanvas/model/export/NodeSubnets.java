package io.kubecanvas.model.export;

import io.kubecanvas.model.Cluster;
import io.kubecanvas.model.net.Cidr;

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

    /** Node name to Pod subnet, in the cluster's node order. */
    public static Map<String, Cidr> of(Cluster cluster) {
        Cluster.NetworkSettings net = cluster.network();
        Cidr cidr = Cidr.parse(net.clusterCidr()).canonical();
        Map<String, Cidr> out = new LinkedHashMap<>();
        int i = 0;
        for (Cluster.NodeSpec n : cluster.nodes()) {
            out.put(n.name(), cidr.subnet(net.nodeCidrMaskSize(), i++));
        }
        return out;
    }
}
