package io.kubecanvas.emulator.intent;

import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.control.ControlPlane;
import io.kubecanvas.emulator.intent.ReachabilityIntent.Agreement;
import io.kubecanvas.emulator.intent.ReachabilityIntent.Cell;
import io.kubecanvas.emulator.intent.ReachabilityIntent.TargetKind;
import io.kubecanvas.emulator.sim.SimBackend;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.Cluster;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.ObjectKey;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The expected table is read from the objects alone; probed on the sim backend it agrees cell by cell, and
 * where a test breaks the dataplane on purpose the disagreement shows as the right colour.
 */
class ReachabilityIntentTest {
    /** A shop: frontend -> api -> db allowed by policies, everything else into the namespace denied. */
    static final String SHOP = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: shop}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: web, namespace: shop, labels: {tier: frontend}}
            spec:
              nodeName: worker-1
              containers: [{name: c, image: nginx, ports: [{containerPort: 80}]}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: api, namespace: shop, labels: {tier: api}}
            spec:
              nodeName: worker-2
              containers: [{name: c, image: api, ports: [{containerPort: 8080, name: http}]}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: db, namespace: shop, labels: {tier: db}}
            spec:
              nodeName: worker-2
              containers: [{name: c, image: postgres, ports: [{containerPort: 5432}]}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: shop}
            spec:
              type: NodePort
              selector: {tier: frontend}
              ports: [{port: 80, targetPort: 80, nodePort: 30080}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: api, namespace: shop}
            spec:
              selector: {tier: api}
              ports: [{port: 8080, targetPort: http}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: empty, namespace: shop}
            spec:
              selector: {tier: nobody}
              ports: [{port: 80}]
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: shop, namespace: shop}
            spec:
              rules:
              - host: shop.example.com
                http:
                  paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: default-deny, namespace: shop}
            spec:
              podSelector: {}
              policyTypes: [Ingress]
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: web-from-anywhere, namespace: shop}
            spec:
              podSelector: {matchLabels: {tier: frontend}}
              ingress: [{ports: [{port: 80}]}]
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: api-from-web, namespace: shop}
            spec:
              podSelector: {matchLabels: {tier: api}}
              ingress:
              - from: [{podSelector: {matchLabels: {tier: frontend}}}]
                ports: [{port: http}]
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: db-from-api, namespace: shop}
            spec:
              podSelector: {matchLabels: {tier: db}}
              ingress:
              - from: [{podSelector: {matchLabels: {tier: api}}}]
                ports: [{port: 5432}]
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: api-egress-db-only, namespace: shop}
            spec:
              podSelector: {matchLabels: {tier: api}}
              policyTypes: [Egress]
              egress:
              - to: [{podSelector: {matchLabels: {tier: db}}}]
            """;

    static ClusterState running(String yaml) throws Exception {
        Design d = Design.of(Cluster.defaults(), DesignIO.parse("test.yaml", yaml).objects());
        return ControlPlane.start(d, 1).state();
    }

    private static Cell cell(ReachabilityIntent t, String from, String label) {
        return t.cells().stream().filter(c -> c.from().id().equals(from) && c.to().label().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no cell " + from + " -> " + label + " in "
                        + t.targets().stream().map(ReachabilityIntent.Target::label).toList()));
    }

    @Test
    void expectationsFollowThePoliciesPortsAndServices() throws Exception {
        ReachabilityIntent t = ReachabilityIntent.expect(running(SHOP));
        assertEquals(List.of("shop/api", "shop/db", "shop/web", "external"), t.sources().stream().map(ReachabilityIntent.Source::id).toList());

        Cell webToApi = cell(t, "shop/web", "shop/api :8080");
        assertTrue(webToApi.expected().reachable(), webToApi.expected().reason());
        assertEquals("allowed by shop/api-from-web ingress rule 1", webToApi.expected().reason(), "a named port in the policy");

        Cell webToDb = cell(t, "shop/web", "shop/db :5432");
        assertFalse(webToDb.expected().reachable());
        assertEquals(List.of(new ObjectKey("NetworkPolicy", "shop", "db-from-api"), new ObjectKey("NetworkPolicy", "shop", "default-deny")),
                webToDb.expected().decidedBy(), "every policy selecting db decided");

        Cell apiToWeb = cell(t, "shop/api", "shop/web :80");
        assertFalse(apiToWeb.expected().reachable(), "api's egress allows db only");
        assertTrue(apiToWeb.expected().reason().contains("(Egress)"), apiToWeb.expected().reason());

        assertTrue(cell(t, "shop/db", "shop/db :5432").expected().reachable(), "a Pod reaches its own IP whatever the policies");
        Cell hairpin = t.cells().stream().filter(c -> c.from().id().equals("shop/api") && c.to().kind() == TargetKind.SERVICE
                && c.to().object().name().equals("api")).findFirst().orElseThrow();
        assertFalse(hairpin.expected().reachable(), "through its own Service the Pod leaves and its egress policy applies: "
                + hairpin.expected().reason());
        assertFalse(cell(t, "shop/web", "Service shop/empty :80").expected().reachable());
        assertTrue(cell(t, "shop/web", "Service shop/empty :80").expected().reason().contains("no ready endpoints"));
        assertTrue(cell(t, "shop/web", "shop/api :8080").to().kind() == TargetKind.POD);

        assertFalse(cell(t, "external", "shop/web :80").expected().reachable(), "Pod IPs are not routed from outside");
        assertTrue(cell(t, "external", "shop/web NodePort 30080").expected().reachable(), "the NodePort, policy allows any source on 80");
        Cell ingress = cell(t, "external", "http://shop.example.com/");
        assertTrue(ingress.expected().reachable(), ingress.expected().reason());
        assertNull(cell(t, "shop/web", "http://shop.example.com/").expected(), "Ingress columns are for the outside row");
    }

    @Test
    void theSimBackendAgreesWithEveryExpectation() throws Exception {
        ClusterState s = running(SHOP);
        SimBackend sim = io.kubecanvas.emulator.sim.AppliedSim.of(1, s);
        ReachabilityIntent seen = ReachabilityIntent.expect(s).observe(sim::probe);
        String disagreements = seen.cells().stream().filter(Cell::applies)
                .filter(c -> c.agreement() == Agreement.EXPECTED_BUT_BLOCKED || c.agreement() == Agreement.UNEXPECTED)
                .map(c -> c.from().id() + " -> " + c.to().label() + ": " + c.agreement().words() + " (expected: "
                        + c.expected().reason() + "; seen: " + c.observed().outcome().word() + " " + c.observed().reason() + ")")
                .collect(Collectors.joining("\n"));
        assertEquals("", disagreements);
        var counts = seen.counts();
        assertTrue(counts.get(Agreement.EXPECTED_AND_SEEN) >= 6, counts.toString());
        assertTrue(counts.get(Agreement.BLOCKED_AS_EXPECTED) >= 6, counts.toString());
        assertEquals(0, counts.get(Agreement.NOT_PROBED), counts.toString());
        Cell webToDb = cell(seen, "shop/web", "shop/db :5432");
        assertEquals(ProbeResult.Outcome.POLICY_DROPPED, webToDb.observed().outcome());
        assertFalse(webToDb.observed().hops().isEmpty(), "the probe's trace is kept for the cell");
    }

    @Test
    void aDataplaneThatIgnoresAPolicyShowsAsExpectedButBlockedOrUnexpected() throws Exception {
        ClusterState s = running(SHOP);
        // The expectation is computed from the design; the dataplane here runs without the policies.
        ClusterState noPolicies = new ClusterState(s.resourceVersion(), s.network(), s.nodes(), s.namespaces(), s.pods(),
                s.services(), List.of(), s.ingresses(), s.dns(), s.tlsSecrets());
        SimBackend sim = io.kubecanvas.emulator.sim.AppliedSim.of(1, noPolicies);
        ReachabilityIntent seen = ReachabilityIntent.expect(s).observe(sim::probe);
        assertEquals(Agreement.UNEXPECTED, cell(seen, "shop/web", "shop/db :5432").agreement());
        assertEquals(Agreement.EXPECTED_AND_SEEN, cell(seen, "shop/web", "shop/api :8080").agreement());
        assertEquals(Agreement.BLOCKED_AS_EXPECTED, cell(seen, "shop/web", "Service shop/empty :80").agreement(), "no endpoints either way");
    }
}
