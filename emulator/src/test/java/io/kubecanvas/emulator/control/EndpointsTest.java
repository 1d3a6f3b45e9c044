package io.kubecanvas.emulator.control;

import io.kubecanvas.model.net.Ipv4;
import io.kubecanvas.emulator.state.ClusterState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EndpointsTest {

    private static final String NAMED_PORTS = """
            apiVersion: v1
            kind: Pod
            metadata: {name: old, labels: {app: api}}
            spec:
              containers:
                - name: c
                  image: api:1
                  ports: [{name: http, containerPort: 8080}, {name: dns, containerPort: 5353, protocol: UDP}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: new, labels: {app: api}}
            spec:
              containers:
                - name: c
                  image: api:2
                  ports: [{name: http, containerPort: 9090}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: other-ns, namespace: elsewhere, labels: {app: api}}
            spec:
              containers: [{name: c, image: api:1, ports: [{name: http, containerPort: 8080}]}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: unlabelled}
            spec:
              containers: [{name: c, image: api:1, ports: [{name: http, containerPort: 8080}]}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: api}
            spec:
              selector: {app: api}
              ports:
                - {name: web, port: 80, targetPort: http}
                - {name: dns, port: 53, targetPort: dns, protocol: UDP}
                - {port: 81, targetPort: 8181}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: manual}
            spec:
              ports: [{port: 80}]
            """;

    private static Map<String, ClusterState.Endpoint> byPod(ClusterState.ServiceState svc) {
        Map<String, ClusterState.Endpoint> m = new java.util.TreeMap<>();
        svc.endpoints().forEach(e -> m.put(e.podName(), e));
        return m;
    }

    @Test
    void namedTargetPortsResolvePerPod() {
        ClusterState s = ControlPlane.start(Seeds.design(NAMED_PORTS), 1).state();
        Map<String, ClusterState.Endpoint> eps = byPod(s.service("default", "api"));
        assertEquals(List.of("new", "old"), List.copyOf(eps.keySet()), "same namespace, matching labels only");
        assertEquals(Map.of("web", 8080, "dns", 5353, "81", 8181), eps.get("old").targetPorts());
        assertEquals(Map.of("web", 9090, "81", 8181), eps.get("new").targetPorts(),
                "a Pod without a port of that name is left out of that port only");
        assertEquals(s.pod("default", "old").ip(), eps.get("old").ip());
        assertEquals(s.pod("default", "old").node(), eps.get("old").node());
        assertTrue(eps.values().stream().allMatch(ClusterState.Endpoint::ready));
        assertTrue(s.service("default", "manual").endpoints().isEmpty(), "no selector, no managed endpoints");
    }

    /**
     * As the EndpointSlice controller does (the docs, "EndpointSlices", Conditions): a Pod that is not ready
     * stays in the slice with {@code ready: false}, and only ready endpoints take traffic.
     */
    @Test
    void unreadyPodsStayInTheSliceNotReady() {
        ControlPlane cp = ControlPlane.start(Seeds.design(NAMED_PORTS), 1);
        assertTrue(cp.setPodReady("default", "old", false));
        ClusterState s = cp.state();
        Map<String, ClusterState.Endpoint> eps = byPod(s.service("default", "api"));
        assertEquals(List.of("new", "old"), List.copyOf(eps.keySet()));
        assertFalse(eps.get("old").ready());
        assertTrue(eps.get("new").ready());
        assertFalse(s.pod("default", "old").ready());
        assertEquals("Running", s.pod("default", "old").phase());
        cp.setPodReady("default", "old", true);
        assertTrue(byPod(cp.state().service("default", "api")).get("old").ready());
    }

    /** The docs (EndpointSlice conditions): publishNotReadyAddresses makes every endpoint count as ready. */
    @Test
    void publishNotReadyAddressesCountsUnreadyPodsAsReady() {
        ControlPlane cp = ControlPlane.start(Seeds.design(NAMED_PORTS.replace("selector: {app: api}",
                "selector: {app: api}\n  publishNotReadyAddresses: true")), 1);
        cp.setPodReady("default", "old", false);
        assertFalse(cp.state().pod("default", "old").ready());
        ClusterState.Endpoint old = byPod(cp.state().service("default", "api")).get("old");
        assertTrue(old.ready());
    }

    @Test
    void deletedPodsLeaveTheirReplacementsJoin() {
        ControlPlane cp = ControlPlane.start(Seeds.design(Seeds.deployment("web", 2, "") + """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec:
                  selector: {app: web}
                  ports: [{port: 80, targetPort: http}]
                """), 1);
        List<String> before = cp.state().service("default", "web").endpoints().stream().map(ClusterState.Endpoint::podName).toList();
        assertEquals(2, before.size());
        cp.deletePod("default", before.get(0));
        List<String> after = cp.state().service("default", "web").endpoints().stream().map(ClusterState.Endpoint::podName).toList();
        assertEquals(2, after.size());
        assertFalse(after.contains(before.get(0)));
        assertTrue(after.contains(before.get(1)));
        assertTrue(cp.state().service("default", "web").endpoints().stream().allMatch(e -> e.targetPorts().equals(Map.of("80", 80))));
    }

    @Test
    void endpointsFollowLabelChanges() {
        ControlPlane cp = ControlPlane.start(Seeds.design(NAMED_PORTS), 1);
        cp.apply(Seeds.design(NAMED_PORTS.replace("metadata: {name: unlabelled}", "metadata: {name: unlabelled, labels: {app: api}}")));
        assertEquals(List.of("new", "old", "unlabelled"), List.copyOf(byPod(cp.state().service("default", "api")).keySet()));
    }

    @Test
    void endpointsAreOrderedByAddress() {
        ClusterState s = ControlPlane.start(Seeds.design(Seeds.deployment("web", 5, "") + """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec:
                  selector: {app: web}
                  ports: [{port: 80}]
                """), 1).state();
        List<Long> ips = s.service("default", "web").endpoints().stream().map(e -> Ipv4.unsigned(Ipv4.parse(e.ip()))).toList();
        assertEquals(5, ips.size());
        assertEquals(ips.stream().sorted().toList(), ips);
    }
}
