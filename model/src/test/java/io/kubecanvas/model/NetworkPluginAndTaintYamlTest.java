package io.kubecanvas.model;

import io.kubecanvas.model.validate.DesignValidator;
import io.kubecanvas.model.validate.Finding;
import io.kubecanvas.model.yaml.YamlException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Cluster document's network plugin (what enforces NetworkPolicies) and the control-plane taint, in
 * their YAML form. Expectations: flannel alone implements no NetworkPolicy (the Kubernetes docs, "Network
 * Policies": "Network policies are implemented by the network plugin ... creating a NetworkPolicy resource
 * without a controller that implements it will have no effect"); kubeadm taints control-plane nodes
 * {@code node-role.kubernetes.io/control-plane:NoSchedule} (kubeadm docs, "Control plane node isolation"),
 * and kind leaves a single-node cluster untainted.
 */
class NetworkPluginAndTaintYamlTest {
    private static final String POLICY = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: deny-all, namespace: default}
            spec:
              podSelector: {}
              policyTypes: [Ingress]
            """;

    private static Design parse(String yaml) throws YamlException {
        return DesignIO.parse("design.yaml", yaml);
    }

    private static String cluster(String network, String nodes) {
        return "apiVersion: kubecanvas.io/v1alpha1\nkind: Cluster\nmetadata: {name: lab}\nspec:\n" + nodes
                + "  network:\n" + network;
    }

    @Test
    void aDesignThatDoesNotNameItsPluginKeepsEnforcingPolicies() throws YamlException {
        Design d = parse(cluster("    cni: flannel-vxlan\n", ""));
        assertEquals("canal", d.cluster().network().networkPlugin());
        assertTrue(d.cluster().network().enforcesPolicy());
        assertEquals("canal", Cluster.defaults().network().networkPlugin(), "new designs enforce policies");
    }

    @Test
    void thePluginIsReadWrittenAndReadBack() throws YamlException {
        Design d = parse(cluster("    cni: host-gw\n    networkPlugin: kube-router\n", ""));
        assertEquals("kube-router", d.cluster().network().networkPlugin());
        String written = d.withCluster(d.cluster().withNetwork(d.cluster().network().withNetworkPlugin("flannel")))
                .toDesignYaml();
        assertTrue(written.contains("networkPlugin: flannel"), written);
        Cluster back = parse(written).cluster();
        assertEquals("flannel", back.network().networkPlugin());
        assertFalse(back.network().enforcesPolicy());
        assertEquals("host-gw", back.network().cni());
    }

    @Test
    void flannelWarnsAtEachPolicyAndTheFixSwitchesToCanal() throws YamlException {
        Design d = parse(POLICY + "---\n" + cluster("    networkPlugin: flannel\n", ""));
        List<Finding> f = new DesignValidator().validate(d).stream()
                .filter(x -> x.rule().equals("networkpolicy-not-enforced")).toList();
        assertEquals(1, f.size());
        assertEquals(2, f.get(0).position().line(), "at the policy's kind");
        assertTrue(f.get(0).message().contains("default/deny-all has no effect"), f.get(0).message());
        Design fixed = f.get(0).fix().apply().apply(d);
        assertEquals("canal", fixed.cluster().network().networkPlugin());
        assertTrue(new DesignValidator().validate(parse(fixed.toDesignYaml())).stream()
                .noneMatch(x -> x.rule().equals("networkpolicy-not-enforced")));
    }

    @Test
    void flannelWithoutPoliciesSaysNothingAndAnUnknownPluginIsAnError() throws YamlException {
        assertTrue(new DesignValidator().validate(parse(cluster("    networkPlugin: flannel\n", ""))).isEmpty());
        List<Finding> f = new DesignValidator().validate(parse(cluster("    networkPlugin: calico\n", "")));
        assertEquals(List.of("cluster-settings"), f.stream().map(Finding::rule).toList());
        assertTrue(f.get(0).message().contains("networkPlugin 'calico' is not supported; use flannel, canal, kube-router"),
                f.get(0).message());
        assertEquals(6, f.get(0).position().line());
    }

    @Test
    void aControlPlaneNodeIsTaintedLikeKubeadmUnlessItListsItsTaints() throws YamlException {
        Cluster c = parse(cluster("    cni: flannel-vxlan\n", """
                  nodes:
                    - {name: cp, role: control-plane}
                    - {name: w1, role: worker}
                """)).cluster();
        assertEquals(List.of(Cluster.NodeSpec.CONTROL_PLANE_TAINT), c.node("cp").taints());
        assertEquals(List.of(), c.node("w1").taints());

        Cluster untainted = parse(cluster("    cni: flannel-vxlan\n", """
                  nodes:
                    - {name: cp, role: control-plane, taints: []}
                    - {name: w1, role: worker}
                """)).cluster();
        assertEquals(List.of(), untainted.node("cp").taints());
        String written = new ClusterDocument(untainted, null, "design.yaml").text(); // as written after an edit
        assertEquals(List.of(), parse(written).cluster().node("cp").taints(), written);

        Cluster single = parse(cluster("    cni: flannel-vxlan\n", """
                  nodes:
                    - {name: cp, role: control-plane}
                """)).cluster();
        assertEquals(List.of(), single.node("cp").taints(), "a single-node cluster must run Pods on its only node");
    }
}
