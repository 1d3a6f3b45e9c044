package io.kubecanvas.emulator.control;

import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.emulator.state.ClusterState.DnsRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterDnsTest {

    private static final String YAML = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: shop}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: shop}
            spec:
              selector: {app: web}
              ports: [{name: http, port: 80, targetPort: 8080}, {port: 81}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: db, namespace: shop}
            spec:
              clusterIP: None
              selector: {app: db}
              ports: [{name: pg, port: 5432}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: ext, namespace: shop}
            spec:
              type: ExternalName
              externalName: Example.COM
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: db-0, namespace: shop, labels: {app: db}}
            spec:
              hostname: db-0
              subdomain: db
              containers: [{name: pg, image: postgres, ports: [{containerPort: 5432}]}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: db-x, namespace: shop, labels: {app: db}}
            spec:
              containers: [{name: pg, image: postgres}]
            """;

    private static Set<String> values(ClusterState s, String name, String type) {
        return s.dns().stream().filter(r -> r.name().equals(name) && r.type().equals(type)).map(DnsRecord::value)
                .collect(Collectors.toSet());
    }

    @Test
    void serviceNamesResolveToTheirClusterIp() {
        ClusterState s = ControlPlane.start(Seeds.design(YAML), 1).state();
        String ip = s.service("shop", "web").clusterIp();
        assertEquals(Set.of(ip), values(s, "web.shop.svc.cluster.local", "A"));
        assertEquals(Set.of("10.96.0.10"), values(s, "kube-dns.kube-system.svc.cluster.local", "A"));
        assertEquals(Set.of("0 100 80 web.shop.svc.cluster.local"), values(s, "_http._tcp.web.shop.svc.cluster.local", "SRV"));
        assertTrue(s.dns().stream().noneMatch(r -> r.name().contains("_81.")), "unnamed ports have no SRV record");
        assertEquals(Set.of("example.com"), values(s, "ext.shop.svc.cluster.local", "CNAME"));
    }

    @Test
    void headlessServicesResolveToEachReadyPodAndPodHostnames() {
        ClusterState s = ControlPlane.start(Seeds.design(YAML), 1).state();
        String ip0 = s.pod("shop", "db-0").ip();
        String ipx = s.pod("shop", "db-x").ip();
        assertEquals(Set.of(ip0, ipx), values(s, "db.shop.svc.cluster.local", "A"));
        assertEquals(Set.of(ip0), values(s, "db-0.db.shop.svc.cluster.local", "A"), "hostname + subdomain = headless Service");
        assertEquals(Set.of(ipx), values(s, ipx.replace('.', '-') + ".db.shop.svc.cluster.local", "A"));
        assertEquals(Set.of("0 50 5432 db-0.db.shop.svc.cluster.local", "0 50 5432 " + ipx.replace('.', '-') + ".db.shop.svc.cluster.local"),
                values(s, "_pg._tcp.db.shop.svc.cluster.local", "SRV"));
    }

    @Test
    void everyPodHasADashedAddressRecord() {
        ClusterState s = ControlPlane.start(Seeds.design(YAML), 1).state();
        for (ClusterState.PodState p : s.pods()) {
            assertEquals(Set.of(p.ip()), values(s, p.ip().replace('.', '-') + "." + p.namespace() + ".pod.cluster.local", "A"));
        }
    }

    @Test
    void recordsFollowTheEndpoints() {
        ControlPlane cp = ControlPlane.start(Seeds.design(YAML), 1);
        String ipx = cp.state().pod("shop", "db-x").ip();
        cp.setPodReady("shop", "db-x", false);
        assertEquals(Set.of(cp.state().pod("shop", "db-0").ip()), values(cp.state(), "db.shop.svc.cluster.local", "A"));
        cp.deletePod("shop", "db-x");
        assertTrue(cp.state().dns().stream().noneMatch(r -> r.value().equals(ipx)), "no record names a deleted Pod");
    }

    @Test
    void recordsAreSortedAndUnique() {
        List<DnsRecord> dns = ControlPlane.start(Seeds.design(YAML), 1).state().dns();
        assertEquals(dns.stream().distinct().count(), dns.size());
        assertEquals(dns.stream().sorted(java.util.Comparator.comparing(DnsRecord::name).thenComparing(DnsRecord::type)
                .thenComparing(DnsRecord::value)).toList(), dns);
    }

    @Test
    void namespacesCarryTheirNameLabel() {
        ClusterState s = ControlPlane.start(Seeds.design(YAML.replace("metadata: {name: shop}",
                "metadata: {name: shop, labels: {team: blue}}")), 1).state();
        assertEquals(java.util.Map.of("kubernetes.io/metadata.name", "shop", "team", "blue"), s.namespaceLabels("shop"));
        assertEquals(List.of("default", "kube-node-lease", "kube-public", "kube-system", "shop"),
                s.namespaces().stream().map(ClusterState.NamespaceState::name).toList());
    }
}
