package io.kubecanvas.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlanCommandTest {

    @Test
    void printsOneNodesCommandsAndIptablesRestoreInput() {
        CliRun r = CliRun.of("plan", CliRun.seed("complete.yaml").toString(), "--node", "worker-1");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("#!/bin/bash\n# kubecanvas: node worker-1 (worker)"), r.out());
        assertTrue(r.out().contains("ip link add flannel.1 type vxlan id 1 dstport 8472"), r.out());
        assertTrue(r.out().contains("cat > $D/iptables.rules <<'KUBECANVAS_EOF'\n*nat\n"), r.out());
        assertTrue(r.out().contains("iptables-restore -w --noflush <<< \"$in\""), r.out());
        assertTrue(r.out().contains("\"default/web-service cluster IP\""), r.out());
        assertTrue(r.out().contains("\njump nat '-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES'\n"), r.out());
        assertTrue(r.out().contains("cni ADD $2 /var/run/netns/$7 $D/cni/$2.conf") && r.out().contains("\"type\":\"bridge\""),
                "the CNI call and its config: " + r.out());
        assertFalse(r.out().contains("# kubecanvas: node worker-2"), "only the asked node");
    }

    @Test
    void printsEveryNodeTheDnsServerAndIngressTable() {
        CliRun r = CliRun.of("plan", CliRun.seed("complete.yaml").toString());
        assertEquals(0, r.exit(), r.err());
        for (String node : new String[]{"control-plane", "worker-1", "worker-2"}) {
            assertTrue(r.out().contains("# kubecanvas: node " + node + " "), node);
        }
        assertTrue(r.out().contains("# the Ingress controller: nginx, configured from the plan's Ingress table"), r.out());
        assertTrue(r.out().contains("server_name example.local;"), r.out());
        assertTrue(r.out().contains("# Services\n"), r.out());
        assertTrue(r.out().contains("web-service.default.svc.cluster.local A "), r.out());
    }

    @Test
    void unknownNodeAndUnreadableFilesAreOneClearMessage(@TempDir Path dir) throws Exception {
        CliRun r = CliRun.of("plan", CliRun.seed("complete.yaml").toString(), "--node", "nope");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no node named nope (nodes: control-plane, worker-1, worker-2)"), r.err());
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "kind: Pod\nmetadata: [unclosed\n");
        r = CliRun.of("plan", bad.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith(bad + ":"), "file:line:col first: " + r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }
}
