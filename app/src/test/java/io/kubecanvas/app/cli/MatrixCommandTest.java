package io.kubecanvas.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MatrixCommandTest {

    @Test
    void textTableInTheUpstreamStyle() {
        CliRun r = CliRun.of("matrix", CliRun.seed("complete.yaml").toString(), "--ports", "80,81");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("reachability TCP/80 (rows: from, columns: to; . reachable, X not)\n-\tdefault/web-deployment-"),
                r.out());
        assertTrue(r.out().contains("reachability TCP/81"), r.out());
        assertTrue(r.out().endsWith("4 of 8 probes reachable\nnot reachable: 4 refused\n"), "nothing serves 81: " + r.out());
    }

    @Test
    void jsonHasExactlyTheDocumentedShape(@TempDir Path dir) throws Exception {
        Path design = CliRun.completeWith(dir, """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny-all}
                spec:
                  podSelector: {}
                  policyTypes: [Ingress]
                """);
        CliRun r = CliRun.of("matrix", design.toString(), "--protocols", "tcp,udp", "-o", "json");
        assertEquals(0, r.exit(), r.err());
        String item = "\\{\"from\":\"default/web-deployment-[a-z0-9-]+\",\"to\":\"default/web-deployment-[a-z0-9-]+\","
                + "\"port\":80,\"protocol\":\"(TCP|UDP)\",\"allowed\":(true|false),"
                + "\"outcome\":\"(delivered|refused|policy_dropped|dropped|timeout)\",\"reason\":(null|\"[^\"]*\")}";
        assertTrue(Pattern.matches("\\{\"pods\":\\[\"default/web-deployment-[a-z0-9-]+\",\"default/web-deployment-[a-z0-9-]+\"],"
                + "\"results\":\\[" + item + "(," + item + "){7}]}\\s*", r.out()), r.out());
        assertEquals(2, r.out().split("\"allowed\":true", -1).length - 1, "only loopback gets through a deny-all: " + r.out());
        assertEquals(4, r.out().split("\"outcome\":\"policy_dropped\",\"reason\":\"cali-tw-", -1).length - 1,
                "the policy's drops are told apart from a closed port: " + r.out());
        assertEquals(2, r.out().split("\"outcome\":\"refused\"", -1).length - 1, "nothing serves UDP 80: " + r.out());
    }

    @Test
    void badOptionsAreUsageErrors() {
        CliRun r = CliRun.of("matrix", CliRun.seed("complete.yaml").toString(), "--via", "carrier-pigeon");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--via must be pod-ip or service"), r.err());
    }
}
