package io.kubecanvas.emulator.sim;

import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.backend.Protocol;
import io.kubecanvas.emulator.backend.ReachabilityMatrix;
import io.kubecanvas.emulator.plan.ClusterFixture;
import io.kubecanvas.emulator.state.ClusterState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

import static io.kubecanvas.emulator.backend.Protocol.TCP;
import static io.kubecanvas.emulator.backend.Protocol.UDP;
import static io.kubecanvas.emulator.plan.ClusterFixture.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The NetworkPolicy truth tables, modelled on the upstream Kubernetes e2e suite (test/e2e/network/netpol):
 * namespaces x, y, z, Pods a, b, c in each serving 80 and 81 over TCP and UDP, spread over two workers.
 * Each scenario states the full 9x9 expectation (as upstream's Reachability does) and probes every pair.
 * A Pod reaching its own IP goes over loopback and is always allowed (upstream's AllowLoopback).
 */
class NetworkPolicyTruthTableTest {
    static final List<String> NS = List.of("x", "y", "z");
    static final List<String> PODS = List.of("a", "b", "c");
    static final List<String> ALL = new ArrayList<>();

    static {
        for (String n : NS) {
            for (String p : PODS) {
                ALL.add(n + "/" + p);
            }
        }
    }

    /** The network plugin enforcing the policies; the tables hold for each enforcing plugin. */
    String plugin() {
        return "canal";
    }

    /** Words the plugin's drop (or reject) rule carries for a Pod and direction denied by policies. */
    String denial(String pod, String direction, String policies) {
        return "passed packet (" + pod + " " + direction + ": not allowed by " + policies + ")";
    }

    ClusterFixture cluster() {
        ClusterFixture f = ClusterFixture.threeNodes().networkPlugin(plugin());
        for (String n : NS) {
            f.namespace(n, Map.of("ns", n));
        }
        for (String n : NS) {
            for (String p : PODS) {
                f.pod(n, p, p.equals("b") ? "worker-2" : "worker-1", Map.of("pod", p),
                        named("serve-80-tcp", 80, "TCP"), named("serve-81-tcp", 81, "TCP"),
                        named("serve-80-udp", 80, "UDP"), named("serve-81-udp", 81, "UDP"));
            }
        }
        return f;
    }

    static String policy(String ns, String name, String spec) {
        return "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: " + name + "\n  namespace: " + ns
                + "\nspec:\n" + spec.stripIndent().lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n");
    }

    /** The expected table: from row to column. */
    static final class Truth {
        final Map<String, Boolean> m = new HashMap<>();

        Truth(boolean all) {
            where((f, t) -> true, all);
        }

        Truth where(BiPredicate<String, String> pred, boolean v) {
            for (String f : ALL) {
                for (String t : ALL) {
                    if (pred.test(f, t)) {
                        m.put(f + ">" + t, v);
                    }
                }
            }
            return this;
        }

        Truth ingress(String to, boolean v) {
            return where((f, t) -> t.equals(to), v);
        }

        Truth egress(String from, boolean v) {
            return where((f, t) -> f.equals(from), v);
        }

        Truth set(String from, String to, boolean v) {
            m.put(from + ">" + to, v);
            return this;
        }

        boolean get(String from, String to) {
            return from.equals(to) || m.get(from + ">" + to);
        }

        String table(BiPredicate<String, String> actual) {
            StringBuilder b = new StringBuilder("-");
            ALL.forEach(t -> b.append('\t').append(t));
            b.append('\n');
            for (String f : ALL) {
                b.append(f);
                for (String t : ALL) {
                    b.append('\t').append(actual.test(f, t) ? '.' : 'X');
                }
                b.append('\n');
            }
            return b.toString();
        }
    }

    private SimBackend sim;

    private void check(ClusterFixture f, int port, Protocol proto, Truth expected) {
        ClusterState s = f.build();
        if (sim == null) {
            sim = new SimBackend(7);
        }
        Sims.apply(sim, s);
        ReachabilityMatrix m = ReachabilityMatrix.probe(sim, List.of(port), List.of(proto), ReachabilityMatrix.Via.POD_IP);
        assertEquals(ALL, m.pods());
        assertEquals(expected.table(expected::get), expected.table((a, b) -> m.allowed(a, b, port, proto)),
                proto + "/" + port);
    }

    private void checkAllPorts(ClusterFixture f, Truth expected) {
        for (Protocol p : List.of(TCP, UDP)) {
            for (int port : List.of(80, 81)) {
                check(f, port, p, expected);
            }
        }
    }

    static boolean inNs(String pod, String ns) {
        return pod.startsWith(ns + "/");
    }

    // ---- scenarios ----------------------------------------------------------------------------

    @Test
    void noPoliciesEverythingReachable() {
        checkAllPorts(cluster(), new Truth(true));
    }

    @Test
    void defaultDenyIngress() {
        ClusterFixture f = cluster().policy(policy("x", "deny-ingress", """
                podSelector: {}
                policyTypes: [Ingress]
                """));
        checkAllPorts(f, new Truth(true).where((a, b) -> inNs(b, "x"), false));
    }

    @Test
    void defaultDenyEgress() {
        ClusterFixture f = cluster().policy(policy("x", "deny-egress", """
                podSelector: {}
                policyTypes: [Egress]
                """));
        checkAllPorts(f, new Truth(true).where((a, b) -> inNs(a, "x"), false));
    }

    @Test
    void defaultDenyAllBothDirections() {
        ClusterFixture f = cluster().policy(policy("x", "deny-all", """
                podSelector: {}
                policyTypes: [Ingress, Egress]
                """));
        check(f, 80, TCP, new Truth(true).where((a, b) -> inNs(a, "x") || inNs(b, "x"), false));
    }

    @Test
    void allowAllIngressOverridesDefaultDeny() {
        ClusterFixture f = cluster().policy(policy("x", "deny-ingress", """
                podSelector: {}
                policyTypes: [Ingress]
                """)).policy(policy("x", "allow-all", """
                podSelector: {}
                ingress:
                - {}
                """));
        checkAllPorts(f, new Truth(true));
    }

    @Test
    void allowAllEgressOverridesDefaultDeny() {
        ClusterFixture f = cluster().policy(policy("x", "deny-egress", """
                podSelector: {}
                policyTypes: [Egress]
                """)).policy(policy("x", "allow-all-egress", """
                podSelector: {}
                policyTypes: [Egress]
                egress:
                - {}
                """));
        check(f, 80, TCP, new Truth(true));
    }

    @Test
    void podSelectorAllowsOnlyTheSelectedPodsOfTheSameNamespace() {
        ClusterFixture f = cluster().policy(policy("x", "allow-from-b", """
                podSelector: {matchLabels: {pod: a}}
                ingress:
                - from:
                  - podSelector: {matchLabels: {pod: b}}
                """));
        check(f, 80, TCP, new Truth(true).ingress("x/a", false).set("x/b", "x/a", true));
    }

    @Test
    void emptyPodSelectorInFromMeansEveryPodOfThePolicyNamespace() {
        ClusterFixture f = cluster().policy(policy("x", "allow-same-ns", """
                podSelector: {matchLabels: {pod: a}}
                ingress:
                - from:
                  - podSelector: {}
                """));
        check(f, 80, TCP, new Truth(true).ingress("x/a", false).where((a, b) -> b.equals("x/a") && inNs(a, "x"), true));
    }

    @Test
    void namespaceSelectorAllowsEveryPodOfTheSelectedNamespaces() {
        ClusterFixture f = cluster().policy(policy("x", "allow-from-y", """
                podSelector: {matchLabels: {pod: a}}
                ingress:
                - from:
                  - namespaceSelector: {matchLabels: {ns: y}}
                """));
        check(f, 80, TCP, new Truth(true).ingress("x/a", false).where((a, b) -> b.equals("x/a") && inNs(a, "y"), true));
    }

    @Test
    void namespaceSelectorWithMatchExpressionsNotIn() {
        ClusterFixture f = cluster().policy(policy("x", "allow-not-x", """
                podSelector: {matchLabels: {pod: a}}
                ingress:
                - from:
                  - namespaceSelector:
                      matchExpressions:
                      - {key: ns, operator: NotIn, values: [x]}
                """));
        check(f, 80, TCP, new Truth(true).where((a, b) -> b.equals("x/a") && inNs(a, "x"), false));
    }

    @Test
    void podSelectorWithMatchExpressionsIn() {
        ClusterFixture f = cluster().policy(policy("x", "allow-b-c", """
                podSelector: {matchLabels: {pod: a}}
                ingress:
                - from:
                  - podSelector:
                      matchExpressions:
                      - {key: pod, operator: In, values: [b, c]}
                """));
        check(f, 80, TCP, new Truth(true).ingress("x/a", false).set("x/b", "x/a", true).set("x/c", "x/a", true));
    }

    @Test
    void namespaceAndPodSelectorInOnePeerAreAnded() {
        ClusterFixture f = cluster().policy(policy("x", "allow-y-b", """
                podSelector: {matchLabels: {pod: a}}
                ingress:
                - from:
                  - namespaceSelector: {matchLabels: {ns: y}}
                    podSelector: {matchLabels: {pod: b}}
                """));
        check(f, 80, TCP, new Truth(true).ingress("x/a", false).set("y/b", "x/a", true));
    }

    @Test
    void namespaceAndPodSelectorAsTwoPeersAreOred() {
        ClusterFixture f = cluster().policy(policy("x", "allow-y-or-b", """
                podSelector: {matchLabels: {pod: a}}
                ingress:
                - from:
                  - namespaceSelector: {matchLabels: {ns: y}}
                  - podSelector: {matchLabels: {pod: b}}
                """));
        check(f, 80, TCP, new Truth(true).ingress("x/a", false)
                .where((a, b) -> b.equals("x/a") && (inNs(a, "y") || a.equals("x/b")), true));
    }

    @Test
    void emptyNamespaceSelectorWithPodSelectorMeansThatPodInEveryNamespace() {
        ClusterFixture f = cluster().policy(policy("x", "allow-any-b", """
                podSelector: {matchLabels: {pod: a}}
                ingress:
                - from:
                  - namespaceSelector: {}
                    podSelector: {matchLabels: {pod: b}}
                """));
        check(f, 80, TCP, new Truth(true).ingress("x/a", false).where((a, b) -> b.equals("x/a") && a.endsWith("/b"), true));
    }

    @Test
    void portNumberRestrictsTheAllowedPort() {
        ClusterFixture f = cluster().policy(policy("x", "allow-80", """
                podSelector: {matchLabels: {pod: a}}
                ingress:
                - ports:
                  - {port: 80, protocol: TCP}
                """));
        check(f, 80, TCP, new Truth(true));
        check(f, 81, TCP, new Truth(true).ingress("x/a", false));
    }

    @Test
    void namedPortIsResolvedOnTheSelectedPod() {
        ClusterFixture f = cluster().policy(policy("x", "allow-named", """
                podSelector: {matchLabels: {pod: a}}
                ingress:
                - ports:
                  - {port: serve-81-tcp, protocol: TCP}
                """));
        check(f, 81, TCP, new Truth(true));
        check(f, 80, TCP, new Truth(true).ingress("x/a", false));
    }

    @Test
    void protocolMismatchTcpRuleDoesNotAllowUdp() {
        ClusterFixture f = cluster().policy(policy("x", "allow-tcp-80", """
                podSelector: {matchLabels: {pod: a}}
                ingress:
                - ports:
                  - {port: 80, protocol: TCP}
                """));
        check(f, 80, TCP, new Truth(true));
        check(f, 80, UDP, new Truth(true).ingress("x/a", false));
    }

    @Test
    void udpRuleAllowsUdpOnly() {
        ClusterFixture f = cluster().policy(policy("x", "allow-udp-81", """
                podSelector: {matchLabels: {pod: a}}
                ingress:
                - ports:
                  - {port: 81, protocol: UDP}
                """));
        check(f, 81, UDP, new Truth(true));
        check(f, 81, TCP, new Truth(true).ingress("x/a", false));
        check(f, 80, UDP, new Truth(true).ingress("x/a", false));
    }

    @Test
    void endPortAllowsARange() {
        ClusterFixture f = cluster().policy(policy("x", "allow-range", """
                podSelector: {matchLabels: {pod: a}}
                ingress:
                - ports:
                  - {port: 79, endPort: 80, protocol: TCP}
                """));
        check(f, 80, TCP, new Truth(true));
        check(f, 81, TCP, new Truth(true).ingress("x/a", false));
        ClusterFixture wide = cluster().policy(policy("x", "allow-range", """
                podSelector: {matchLabels: {pod: a}}
                ingress:
                - ports:
                  - {port: 80, endPort: 81, protocol: TCP}
                """));
        check(wide, 81, TCP, new Truth(true));
    }

    @Test
    void ipBlockWithExceptAllowsTheCidrButNotTheException() {
        ClusterFixture f = cluster();
        String yb = f.build().pod("y", "b").ip();
        f.policy(policy("x", "allow-cidr", """
                podSelector: {matchLabels: {pod: a}}
                ingress:
                - from:
                  - ipBlock:
                      cidr: 10.244.0.0/16
                      except: [%s/32]
                """.formatted(yb)));
        check(f, 80, TCP, new Truth(true).set("y/b", "x/a", false));
    }

    @Test
    void egressIpBlockWithExcept() {
        ClusterFixture f = cluster();
        String xb = f.build().pod("x", "b").ip();
        f.policy(policy("x", "egress-cidr", """
                podSelector: {matchLabels: {pod: a}}
                policyTypes: [Egress]
                egress:
                - to:
                  - ipBlock:
                      cidr: 0.0.0.0/0
                      except: [%s/32]
                """.formatted(xb)));
        check(f, 80, TCP, new Truth(true).set("x/a", "x/b", false));
    }

    @Test
    void egressToANamespaceOnly() {
        ClusterFixture f = cluster().policy(policy("x", "egress-to-y", """
                podSelector: {matchLabels: {pod: a}}
                policyTypes: [Egress]
                egress:
                - to:
                  - namespaceSelector: {matchLabels: {ns: y}}
                """));
        check(f, 80, TCP, new Truth(true).egress("x/a", false).where((a, b) -> a.equals("x/a") && inNs(b, "y"), true));
    }

    @Test
    void egressToPodsOnOnePort() {
        ClusterFixture f = cluster().policy(policy("x", "egress-b-80", """
                podSelector: {matchLabels: {pod: a}}
                policyTypes: [Egress]
                egress:
                - to:
                  - namespaceSelector: {}
                    podSelector: {matchLabels: {pod: b}}
                  ports:
                  - {port: 80, protocol: TCP}
                """));
        check(f, 80, TCP, new Truth(true).egress("x/a", false).where((a, b) -> a.equals("x/a") && b.endsWith("/b"), true));
        check(f, 81, TCP, new Truth(true).egress("x/a", false));
    }

    @Test
    void egressNamedPortIsResolvedOnThePeer() {
        ClusterFixture f = cluster().policy(policy("x", "egress-named", """
                podSelector: {matchLabels: {pod: a}}
                policyTypes: [Egress]
                egress:
                - ports:
                  - {port: serve-81-udp, protocol: UDP}
                """));
        // No "to": every Pod that names serve-81-udp may be reached on its number; nothing else may.
        check(f, 81, UDP, new Truth(true));
        check(f, 80, UDP, new Truth(true).egress("x/a", false));
        check(f, 81, TCP, new Truth(true).egress("x/a", false));
    }

    /**
     * Upstream test/e2e/network/netpol/network_policy.go, "should allow egress access on one named port": a
     * policy selecting every Pod of x with one egress rule {@code ports: [{port: serve-80-tcp}]} and no
     * {@code to}; port 80 is reachable from everywhere, port 81 from nowhere in x.
     */
    @Test
    void upstreamEgressOnOneNamedPortWithoutTo() {
        ClusterFixture f = cluster().policy(policy("x", "allow-egress", """
                podSelector: {}
                policyTypes: [Egress]
                egress:
                - ports:
                  - port: serve-80-tcp
                """));
        check(f, 80, TCP, new Truth(true));
        check(f, 81, TCP, new Truth(true).where((a, b) -> inNs(a, "x"), false));
    }

    /** The named port is looked up on each destination Pod: Pods may give the name different numbers. */
    @Test
    void egressNamedPortWithoutToFollowsEachDestinationsNumber() {
        ClusterFixture f = ClusterFixture.threeNodes().networkPlugin(plugin())
                .pod("x", "client", "worker-1", Map.of("pod", "client"))
                .pod("y", "on-80", "worker-1", Map.of("pod", "s"), named("web", 80, "TCP"), ClusterFixture.tcp(8080))
                .pod("y", "on-8080", "worker-2", Map.of("pod", "s"), ClusterFixture.tcp(80), named("web", 8080, "TCP"))
                .policy(policy("x", "web-only", """
                        podSelector: {}
                        policyTypes: [Egress]
                        egress:
                        - ports: [{port: web}]
                        """));
        SimBackend backend = AppliedSim.of(5, f.build());
        assertTrue(backend.probe(ProbeRequest.tcp("x/client", "y/on-80", 80)).delivered());
        assertTrue(backend.probe(ProbeRequest.tcp("x/client", "y/on-8080", 8080)).delivered());
        assertEquals(ProbeResult.Outcome.POLICY_DROPPED, backend.probe(ProbeRequest.tcp("x/client", "y/on-80", 8080)).outcome());
        assertEquals(ProbeResult.Outcome.POLICY_DROPPED, backend.probe(ProbeRequest.tcp("x/client", "y/on-8080", 80)).outcome());
    }

    @Test
    void stackedIngressPoliciesAreAUnion() {
        ClusterFixture f = cluster().policy(policy("x", "from-x-b", """
                podSelector: {matchLabels: {pod: a}}
                ingress:
                - from:
                  - podSelector: {matchLabels: {pod: b}}
                """)).policy(policy("x", "from-y-c", """
                podSelector: {matchLabels: {pod: a}}
                ingress:
                - from:
                  - namespaceSelector: {matchLabels: {ns: y}}
                    podSelector: {matchLabels: {pod: c}}
                """));
        check(f, 80, TCP, new Truth(true).ingress("x/a", false).set("x/b", "x/a", true).set("y/c", "x/a", true));
    }

    @Test
    void defaultDenyPlusNamespaceAllowOnOnePod() {
        ClusterFixture f = cluster().policy(policy("x", "deny", """
                podSelector: {}
                policyTypes: [Ingress]
                """)).policy(policy("x", "a-from-z", """
                podSelector: {matchLabels: {pod: a}}
                ingress:
                - from:
                  - namespaceSelector: {matchLabels: {ns: z}}
                """));
        check(f, 80, TCP, new Truth(true).where((a, b) -> inNs(b, "x"), false)
                .where((a, b) -> b.equals("x/a") && inNs(a, "z"), true));
    }

    @Test
    void policyUpdatedChangesTheTable() {
        ClusterFixture f = cluster().policy(policy("x", "allow", """
                podSelector: {matchLabels: {pod: a}}
                ingress:
                - from:
                  - podSelector: {matchLabels: {pod: b}}
                """));
        check(f, 80, TCP, new Truth(true).ingress("x/a", false).set("x/b", "x/a", true));
        f.removePolicy("x", "allow").policy(policy("x", "allow", """
                podSelector: {matchLabels: {pod: a}}
                ingress:
                - from:
                  - podSelector: {matchLabels: {pod: c}}
                """));
        check(f, 80, TCP, new Truth(true).ingress("x/a", false).set("x/c", "x/a", true));
    }

    @Test
    void policyDeletedRestoresReachability() {
        ClusterFixture f = cluster().policy(policy("x", "deny", """
                podSelector: {}
                policyTypes: [Ingress, Egress]
                """));
        check(f, 80, TCP, new Truth(true).where((a, b) -> inNs(a, "x") || inNs(b, "x"), false));
        f.removePolicy("x", "deny");
        check(f, 80, TCP, new Truth(true));
    }

    @Test
    void podLabelsChangedAfterThePolicy() {
        ClusterFixture f = cluster().policy(policy("x", "allow-friends", """
                podSelector: {matchLabels: {pod: a}}
                ingress:
                - from:
                  - namespaceSelector: {}
                    podSelector: {matchLabels: {role: friend}}
                """));
        check(f, 80, TCP, new Truth(true).ingress("x/a", false));
        f.labels("z", "c", Map.of("pod", "c", "role", "friend"));
        check(f, 80, TCP, new Truth(true).ingress("x/a", false).set("z/c", "x/a", true));
    }

    @Test
    void selectedPodLabelChangedLeavesThePolicy() {
        ClusterFixture f = cluster().policy(policy("x", "deny-a", """
                podSelector: {matchLabels: {pod: a}}
                policyTypes: [Ingress]
                """));
        check(f, 80, TCP, new Truth(true).ingress("x/a", false));
        f.labels("x", "a", Map.of("pod", "renamed"));
        check(f, 80, TCP, new Truth(true));
    }

    @Test
    void namespaceLabelsChangedAfterThePolicy() {
        ClusterFixture f = cluster().policy(policy("x", "allow-blue", """
                podSelector: {matchLabels: {pod: a}}
                ingress:
                - from:
                  - namespaceSelector: {matchLabels: {team: blue}}
                """));
        check(f, 80, TCP, new Truth(true).ingress("x/a", false));
        f.namespace("z", Map.of("ns", "z", "team", "blue"));
        check(f, 80, TCP, new Truth(true).ingress("x/a", false).where((a, b) -> b.equals("x/a") && inNs(a, "z"), true));
    }

    @Test
    void policyOnlyAffectsPodsOfItsOwnNamespace() {
        ClusterFixture f = cluster().policy(policy("y", "deny-a", """
                podSelector: {matchLabels: {pod: a}}
                policyTypes: [Ingress]
                """));
        check(f, 80, TCP, new Truth(true).ingress("y/a", false));
    }

    @Test
    void egressOnlyPolicyWithoutRulesDeniesEgressButNotIngress() {
        ClusterFixture f = cluster().policy(policy("z", "egress-deny-b", """
                podSelector: {matchLabels: {pod: b}}
                policyTypes: [Egress]
                """));
        check(f, 81, TCP, new Truth(true).egress("z/b", false));
    }

    @Test
    void ingressAndEgressOnDifferentPods() {
        ClusterFixture f = cluster().policy(policy("x", "a-no-egress", """
                podSelector: {matchLabels: {pod: a}}
                policyTypes: [Egress]
                """)).policy(policy("y", "b-no-ingress", """
                podSelector: {matchLabels: {pod: b}}
                policyTypes: [Ingress]
                """));
        check(f, 80, TCP, new Truth(true).egress("x/a", false).ingress("y/b", false));
    }

    @Test
    void egressAllowedButIngressDeniedIsStillDenied() {
        ClusterFixture f = cluster().policy(policy("x", "a-egress-all", """
                podSelector: {matchLabels: {pod: a}}
                policyTypes: [Egress]
                egress:
                - {}
                """)).policy(policy("y", "deny", """
                podSelector: {}
                policyTypes: [Ingress]
                """));
        check(f, 80, TCP, new Truth(true).where((a, b) -> inNs(b, "y"), false));
    }

    @Test
    void multipleRulesEachWithTheirOwnPeersAndPorts() {
        ClusterFixture f = cluster().policy(policy("x", "two-rules", """
                podSelector: {matchLabels: {pod: a}}
                ingress:
                - from:
                  - namespaceSelector: {matchLabels: {ns: y}}
                  ports:
                  - {port: 80, protocol: TCP}
                - from:
                  - namespaceSelector: {matchLabels: {ns: z}}
                  ports:
                  - {port: 81, protocol: TCP}
                """));
        check(f, 80, TCP, new Truth(true).ingress("x/a", false).where((a, b) -> b.equals("x/a") && inNs(a, "y"), true));
        check(f, 81, TCP, new Truth(true).ingress("x/a", false).where((a, b) -> b.equals("x/a") && inNs(a, "z"), true));
    }

    @Test
    void ingressRuleWithEmptyFromListAllowsEveryone() {
        ClusterFixture f = cluster().policy(policy("x", "empty-from", """
                podSelector: {}
                ingress:
                - from: []
                  ports:
                  - {port: 81, protocol: UDP}
                """));
        check(f, 81, UDP, new Truth(true));
        check(f, 80, UDP, new Truth(true).where((a, b) -> inNs(b, "x"), false));
    }

    @Test
    void egressToDnsAllowedExplicitlyLetsNamesResolve() {
        ClusterFixture f = cluster()
                .service("y", "web", "ClusterIP", Map.of("pod", "b"), ClusterFixture.port(80, "80"))
                .policy(policy("x", "deny-egress", """
                        podSelector: {}
                        policyTypes: [Egress]
                        """));
        ClusterState denied = f.build();
        SimBackend backend = Sims.running(3, denied);
        ProbeResult r = backend.probe(ProbeRequest.tcp("x/a", "web.y", 80));
        assertEquals(ProbeResult.Outcome.POLICY_DROPPED, r.outcome(), r.reason());
        assertTrue(r.reason().contains(denial("x/a", "egress", "x/deny-egress")), r.reason());

        f.policy(policy("x", "allow-dns", """
                podSelector: {}
                policyTypes: [Egress]
                egress:
                - ports:
                  - {port: 53, protocol: UDP}
                  - {port: 53, protocol: TCP}
                """));
        Sims.apply(backend, f.build());
        r = backend.probe(ProbeRequest.tcp("x/a", "web.y", 80));
        assertEquals(ProbeResult.Outcome.POLICY_DROPPED, r.outcome(), "DNS now works, the connection itself is still denied");
        assertTrue(r.hops().stream().anyMatch(e -> e.info().contains("A 10.96.0.")), "the name resolved");
        check(f, 80, TCP, new Truth(true).where((a, b) -> inNs(a, "x"), false));

        f.policy(policy("x", "allow-web", """
                podSelector: {}
                policyTypes: [Egress]
                egress:
                - to:
                  - namespaceSelector: {matchLabels: {ns: y}}
                    podSelector: {matchLabels: {pod: b}}
                """));
        Sims.apply(backend, f.build());
        r = backend.probe(ProbeRequest.tcp("x/a", "web.y", 80));
        assertEquals(ProbeResult.Outcome.DELIVERED, r.outcome(), r.reason());
        assertEquals("y/b", r.answeredBy());
    }

    @Test
    void policyDropTimesOutWhileAClosedPortIsRefused() {
        ClusterFixture f = cluster().policy(policy("x", "deny-80", """
                podSelector: {matchLabels: {pod: a}}
                ingress:
                - ports:
                  - {port: 82, protocol: TCP}
                """));
        SimBackend backend = Sims.running(3, f.build());
        ProbeResult dropped = backend.probe(ProbeRequest.tcp("y/b", "x/a", 80));
        assertEquals(ProbeResult.Outcome.POLICY_DROPPED, dropped.outcome());
        assertTrue(dropped.reason().contains(denial("x/a", "ingress", "x/deny-80")), dropped.reason());
        ProbeResult refused = backend.probe(ProbeRequest.tcp("y/b", "x/a", 82));
        assertEquals(ProbeResult.Outcome.REFUSED, refused.outcome(), "allowed by policy, but nothing listens on 82");
    }
}
