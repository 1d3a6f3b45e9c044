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
        assertTrue(r.out().contains("nat OUTPUT: DNAT"), r.out());
        assertTrue(r.out().contains("VXLAN, flags [I] (0x08), vni 1"), r.out());
        // Under each hop, what happened there in words, from the plan.
        assertTrue(r.out().contains("web-service has 2 ready endpoints and this one was picked at random (probability 1/2)"),
                r.out());
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
        CliRun nodePort = CliRun.of("probe", design.toString(), "--from", "node/worker-1", "--to", "web-service");
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
}
