package io.kubecanvas.model.validate;

import io.kubecanvas.model.Cluster;
import io.kubecanvas.model.ClusterDocument;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignDocument;
import io.kubecanvas.model.KubeKinds;
import io.kubecanvas.model.KubeObject;

/**
 * The design's network plugin against its NetworkPolicies: plain flannel stores NetworkPolicies and enforces
 * none of them (as a real cluster with flannel alone does), which a learner must be told, at each policy,
 * with a fix that switches to a plugin that enforces them. An unknown plugin name is an error of the Cluster
 * document.
 */
final class NetworkPluginRules {
    private NetworkPluginRules() {
    }

    static void check(Design design, DocumentLocator locator, Findings out) {
        Cluster.NetworkSettings net = design.cluster().network();
        if (!Cluster.NetworkSettings.NETWORK_PLUGINS.contains(net.networkPlugin())) {
            for (DesignDocument d : design.documents()) {
                if (d instanceof ClusterDocument c) {
                    out.add(Rule.CLUSTER_SETTINGS, locator.locate(c, "networkPlugin"), "networkPlugin '"
                            + net.networkPlugin() + "' is not supported; use "
                            + String.join(", ", Cluster.NetworkSettings.NETWORK_PLUGINS));
                }
            }
            return;
        }
        if (net.enforcesPolicy()) {
            return;
        }
        QuickFix fix = new QuickFix("Use canal (flannel with Calico's policy engine) so NetworkPolicies are enforced",
                d -> d.withCluster(d.cluster().withNetwork(d.cluster().network()
                        .withNetworkPlugin(Cluster.NetworkSettings.CANAL))));
        for (KubeObject o : design.objects(KubeKinds.NETWORK_POLICY)) {
            out.add(Rule.NETWORKPOLICY_NOT_ENFORCED, o, "kind", "NetworkPolicy " + Tree.namespace(o) + "/" + Tree.name(o)
                    + " has no effect: the cluster's network plugin is flannel, which enforces no NetworkPolicy;"
                    + " set networkPlugin to canal or kube-router in the Cluster document's spec.network", fix);
        }
    }
}
