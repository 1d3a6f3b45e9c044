package io.kubecanvas.emulator.sim;

/**
 * The NetworkPolicy truth tables of {@link NetworkPolicyTruthTableTest} (upstream test/e2e/network/netpol)
 * with kube-router's chains instead of Calico's: the same reachability, though kube-router REJECTs what no
 * policy allows where felix drops it.
 */
class KubeRouterTruthTableTest extends NetworkPolicyTruthTableTest {
    @Override
    String plugin() {
        return "kube-router";
    }

    @Override
    String denial(String pod, String direction, String policies) {
        return pod + " reject: not allowed by " + policies;
    }
}
