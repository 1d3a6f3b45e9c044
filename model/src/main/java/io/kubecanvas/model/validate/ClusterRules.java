package io.kubecanvas.model.validate;

import io.kubecanvas.model.net.Cidr;
import io.kubecanvas.model.Cluster;
import io.kubecanvas.model.ClusterDocument;

import java.util.HashSet;
import java.util.Set;

/** The design's Cluster document: node names, CIDRs that parse and do not overlap, a known CNI mode. */
final class ClusterRules {
    private ClusterRules() {
    }

    static void check(ClusterDocument doc, DocumentLocator locator, Findings out) {
        Cluster c = doc.cluster();
        Set<String> names = new HashSet<>();
        for (Cluster.NodeSpec n : c.nodes()) {
            String e = KubeNames.dns1123Subdomain(n.name());
            if (e != null) {
                report(doc, locator, out, n.name(), "node name '" + n.name() + "' is not a DNS-1123 subdomain: it " + e);
            }
            if (!names.add(n.name())) {
                report(doc, locator, out, n.name(), "node name '" + n.name() + "' is used twice; node names must be unique");
            }
        }
        Cluster.NetworkSettings net = c.network();
        if (!Cluster.NetworkSettings.FLANNEL_VXLAN.equals(net.cni()) && !Cluster.NetworkSettings.HOST_GW.equals(net.cni())) {
            report(doc, locator, out, "cni", "cni '" + net.cni() + "' is not supported; use flannel-vxlan or host-gw");
        }
        Cidr cluster = cidr(doc, locator, out, "clusterCIDR", net.clusterCidr());
        Cidr service = cidr(doc, locator, out, "serviceCIDR", net.serviceCidr());
        cidr(doc, locator, out, "underlayCIDR", net.underlayCidr());
        cidr(doc, locator, out, "loadBalancerPool", net.loadBalancerPool());
        if (cluster != null && (net.nodeCidrMaskSize() < cluster.prefix() || net.nodeCidrMaskSize() > 30)) {
            report(doc, locator, out, "nodeCIDRMaskSize", "nodeCIDRMaskSize /" + net.nodeCidrMaskSize() + " must lie between the "
                    + "cluster CIDR's /" + cluster.prefix() + " and /30");
        }
        if (cluster != null && service != null && cluster.overlaps(service)) {
            report(doc, locator, out, "serviceCIDR", "serviceCIDR " + net.serviceCidr() + " overlaps clusterCIDR "
                    + net.clusterCidr() + "; Service and Pod addresses must not overlap");
        }
    }

    private static void report(ClusterDocument doc, DocumentLocator locator, Findings out, String token, String message) {
        out.add(Rule.CLUSTER_SETTINGS, locator.locate(doc, token), message);
    }

    /** The prefix, or null (reported) when the text is not an IPv4 CIDR. */
    private static Cidr cidr(ClusterDocument doc, DocumentLocator locator, Findings out, String field, String text) {
        Cidr parsed = Cidr.parseOrNull(text);
        if (parsed == null) {
            report(doc, locator, out, field, field + " '" + text + "' is not an IPv4 CIDR such as 10.244.0.0/16");
        }
        return parsed;
    }
}
