package io.kubecanvas.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProbeCommandTest {

    @Test
    void ingressUrlFromOutsideIsDeliveredWithEveryHopPrinted() {
        CliRun r = CliRun.of("probe", CliRun.seed("complete.yaml").toString(), "--from", "external", "--to",
                "http://example.local/");
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(r.out().startsWith("probe external -> http://example.local/ ("), r.out());
        assertTrue(r.out().contains("Ingress default/web-ingress"), r.out());
        assertTrue(r.out().contains("proxy: a second TCP connection from "), "to an endpoint, not the ClusterIP: " + r.out());
        assertTrue(r.out().contains("VXLAN, flags [I] (0x08), vni 1"), r.out());
        // Under each hop, what happened there in words, from the plan.
        assertTrue(r.out().contains("it proxies straight to the endpoints, not through the ClusterIP: web-service has 2 ready"
                + " endpoints, taken in turn (round robin)"), r.out());
        assertTrue(r.out().contains("flannel.1 wrapped the packet in UDP to "), r.out());
        assertTrue(r.out().trim().lines().reduce((a, b) -> b).orElse("").startsWith("delivered: answered by default/web-deployment-"),
                r.out());
    }

    @Test
    void jsonCarriesTheVerdictAndHops() {
        CliRun r = CliRun.of("probe", CliRun.seed("complete.yaml").toString(), "--from", "external", "--to",
                "http://example.local/", "-o", "json");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("{\"from\":\"external\",\"to\":\"http://example.local/\",\"port\":0,\"protocol\":\"TCP\""), r.out());
        assertTrue(r.out().contains("\"verdict\":\"delivered\""), r.out());
        assertTrue(r.out().contains("\"hops\":[{\"timeNanos\":0,"), r.out());
        assertTrue(r.out().contains("{\"layer\":\"vxlan\",\"fields\":{\"vni\":\"1\"}}"), r.out());
    }

    @Test
    void aDroppedProbeExitsOneWithTheReason(@TempDir Path dir) throws Exception {
        Path design = CliRun.completeWith(dir, """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny-all}
                spec:
                  podSelector: {}
                  policyTypes: [Ingress]
                """);
        CliRun r = CliRun.of("probe", design.toString(), "--from", "external", "--to", "http://example.local/");
        assertEquals(0, r.exit(), "the controller answers (504 from the upstream time-out): " + r.out());
        assertTrue(r.out().contains("HTTP 504"), r.out());
        // seed 1 draws an endpoint on another node (a node's traffic to its own Pods is never policed)
        CliRun nodePort = CliRun.of("probe", design.toString(), "--from", "node/worker-1", "--to", "web-service", "--seed", "1");
        assertEquals(1, nodePort.exit(), nodePort.out());
        assertTrue(nodePort.out().contains("dropped: cali-tw-"), "felix's ingress chain of the Pod (canal): " + nodePort.out());
    }

    @Test
    void usageErrorsAreOneLine() {
        CliRun r = CliRun.of("probe", CliRun.seed("complete.yaml").toString(), "--from", "default/ghost", "--to", "web-service");
        assertEquals(2, r.exit());
        assertEquals("kubecanvas probe: no Pod default/ghost", r.err().trim());
        r = CliRun.of("probe", CliRun.seed("complete.yaml").toString(), "--from", "external", "--to", "x", "--protocol", "quic");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown protocol 'quic'"), r.err());
        r = CliRun.of("probe", CliRun.seed("complete.yaml").toString(), "--from", "external", "--to", "web-service",
                "--backend", "carrier-pigeon");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown backend 'carrier-pigeon': use sim or docker"), r.err());
    }

    /** dns:NAME is a DNS query for NAME, over UDP only (as dig +nosearch NAME asks the cluster DNS). */
    @Test
    void aDnsTargetAsksTheClusterDnsForTheName() {
        CliRun r = CliRun.of("probe", CliRun.seed("complete.yaml").toString(), "--from", "node/worker-1", "--to",
                "dns:web-service.default.svc.cluster.local", "--protocol", "udp");
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(r.out().contains("NOERROR web-service.default.svc.cluster.local A 10."), r.out());
        r = CliRun.of("probe", CliRun.seed("complete.yaml").toString(), "--from", "node/worker-1", "--to",
                "dns:web-service.default.svc.cluster.local");
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.err().contains("is a DNS query, which goes over UDP: probe it over UDP (--protocol udp)"), r.err());
    }

    static final String THREE_ENDPOINTS = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 3
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - {name: web, image: nginx:1.27, ports: [{containerPort: 80}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              selector: {app: web}
              ports: [{port: 80, targetPort: 80}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: client, labels: {app: client}}
            spec:
              containers:
              - {name: client, image: busybox:1.36, command: [sleep, infinity]}
            """;

    static Path design(Path dir, String name, String text) throws Exception {
        Path f = dir.resolve(name);
        java.nio.file.Files.writeString(f, text);
        return f;
    }

    static java.util.Map<String, Integer> spread(String json) throws Exception {
        com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        java.util.Map<String, Integer> out = new java.util.TreeMap<>();
        n.get("spread").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asInt()));
        return out;
    }

    /** The done-when: kube-proxy's -m statistic spreads 100 requests over 3 endpoints, each 20 to 47 times. */
    @Test
    void countSpreadsRequestsOverTheReadyEndpoints(@TempDir Path dir) throws Exception {
        Path f = design(dir, "lb.yaml", THREE_ENDPOINTS);
        for (String seed : java.util.List.of("1", "2", "3", "42", "2026")) {
            CliRun r = CliRun.of("probe", f.toString(), "--from", "default/client", "--to", "web", "--count", "100",
                    "--seed", seed, "-o", "json");
            assertEquals(0, r.exit(), r.err() + r.out());
            java.util.Map<String, Integer> s = spread(r.out());
            assertEquals(3, s.size(), "three endpoints answer: " + r.out());
            assertEquals(100, s.values().stream().mapToInt(Integer::intValue).sum());
            s.forEach((pod, n) -> assertTrue(n >= 20 && n <= 47, "seed " + seed + ": " + pod + " " + n + " of 100"));
        }
        CliRun text = CliRun.of("probe", f.toString(), "--from", "default/client", "--to", "web", "--count", "100");
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().startsWith("100 probes default/client -> web ("), text.out());
        assertTrue(text.out().contains("delivered 100 of 100, answered by 3 servers"), text.out());
    }

    @Test
    void withoutASeedEachRunDiffersAndThePrintedSeedRepeatsARun(@TempDir Path dir) throws Exception {
        Path f = design(dir, "lb.yaml", THREE_ENDPOINTS);
        java.util.Set<String> seeds = new java.util.HashSet<>();
        java.util.Set<java.util.Map<String, Integer>> spreads = new java.util.HashSet<>();
        String firstSeed = null;
        java.util.Map<String, Integer> first = null;
        for (int i = 0; i < 4; i++) {
            CliRun r = CliRun.of("probe", f.toString(), "--from", "default/client", "--to", "web", "--count", "60", "-o", "json");
            assertEquals(0, r.exit(), r.err());
            String seed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out()).get("seed").asText();
            seeds.add(seed);
            spreads.add(spread(r.out()));
            if (first == null) {
                firstSeed = seed;
                first = spread(r.out());
            }
        }
        assertEquals(4, seeds.size(), "a new seed each run: " + seeds);
        assertTrue(spreads.size() > 1, "and so different spreads: " + spreads);
        CliRun again = CliRun.of("probe", f.toString(), "--from", "default/client", "--to", "web", "--count", "60",
                "--seed", firstSeed, "-o", "json");
        assertEquals(first, spread(again.out()), "the same seed gives the same draws");
    }

    /** kube-proxy's -m recent list (sessionAffinity: ClientIP) keeps one client on one endpoint. */
    @Test
    void clientIpAffinityKeepsEveryRequestOnOneEndpoint(@TempDir Path dir) throws Exception {
        Path f = design(dir, "aff.yaml", THREE_ENDPOINTS.replace("  selector: {app: web}\n",
                "  selector: {app: web}\n  sessionAffinity: ClientIP\n"));
        for (String seed : java.util.List.of("1", "7", "99")) {
            CliRun r = CliRun.of("probe", f.toString(), "--from", "default/client", "--to", "web", "--count", "100",
                    "--seed", seed, "-o", "json");
            assertEquals(0, r.exit(), r.err());
            java.util.Map<String, Integer> s = spread(r.out());
            assertEquals(1, s.size(), r.out());
            assertEquals(100, s.values().iterator().next(), r.out());
        }
    }

    @Test
    void aBadCountIsAUsageError() {
        CliRun r = CliRun.of("probe", CliRun.seed("complete.yaml").toString(), "--from", "external", "--to",
                "http://example.local/", "--count", "0");
        assertEquals(2, r.exit());
        assertEquals("kubecanvas probe: --count must be between 1 and 100000, not 0", r.err().trim());
    }
}
