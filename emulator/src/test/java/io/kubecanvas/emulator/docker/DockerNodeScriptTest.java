package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.backend.Protocol;
import io.kubecanvas.emulator.docker.DockerEngine.ExecResult;
import io.kubecanvas.emulator.plan.IptablesRule;
import io.kubecanvas.emulator.plan.IptablesTable;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.plan.NodePlan;
import io.kubecanvas.emulator.plan.NodeScript;
import io.kubecanvas.emulator.plan.PodPlan;
import io.kubecanvas.emulator.run.ClusterRun;
import io.kubecanvas.model.DesignIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node script on a real node: what it leaves in the kernel is the plan's (each jump from a built-in chain
 * once, found by its text in iptables-save), a second run changes nothing, and a chain, a route or an announced
 * address that no plan has is removed by the next run; and the pings of a node's sources, sent by one process with
 * a socket in each source's network namespace, tell a reply from no reply per source.
 */
@Tag("docker")
class DockerNodeScriptTest {
    static final String NAME = "kc-test-nodescript";
    static final String DESIGN = """
            apiVersion: kubecanvas.io/v1alpha1
            kind: Cluster
            metadata: {name: nodescript}
            spec:
              nodes: [{name: control-plane, role: control-plane}, {name: worker-1, role: worker}, {name: worker-2, role: worker}]
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 4
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers: [{name: web, image: example.local/web:1, ports: [{containerPort: 80}]}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              selector: {app: web}
              ports: [{port: 80, targetPort: 80}]
            """;

    static TestCluster test;
    static ClusterRun run;
    static DockerCluster cluster;

    @BeforeAll
    static void up() throws Exception {
        test = TestCluster.up(NAME, DesignIO.parse("nodescript.yaml", DESIGN));
        run = test.run;
        cluster = test.cluster();
    }

    @AfterAll
    static void down() {
        if (test != null) {
            test.close();
        }
    }

    /** What the kernel of a node holds that the script writes: rules, links, addresses, neighbours, routes, FDB. */
    static String state(String node) {
        ExecResult r = cluster.execOnNode(node, List.of("/bin/bash", "-c", "iptables-save | grep -v '^#' | sed 's/ \\[[0-9]*:[0-9]*\\]$//'; ip -o link | sed 's/ state .*//';"
                + " ip -4 -o addr; ip neigh show nud permanent; ip -4 route; bridge fdb show dev flannel.1 2>/dev/null"));
        assertTrue(r.ok(), r.stderr());
        return r.stdout();
    }

    /** The lines of table {@code table} in iptables-save's output. */
    static List<String> section(String saved, String table) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String l : saved.split("\n")) {
            if (l.startsWith("*")) {
                in = l.equals("*" + table);
            } else if (in) {
                out.add(l);
            }
        }
        return out;
    }

    static ExecResult rerun(String node) {
        return cluster.execOnNode(node, List.of("/bin/bash", NodeScript.DIR + "/apply.sh"));
    }

    @Test
    void theKernelHoldsEachJumpOnceAndASecondRunChangesNothing() {
        NetworkPlan plan = run.plan();
        for (NodePlan n : plan.nodes()) {
            String before = state(n.name());
            List<String> lines = Arrays.asList(before.split("\n"));
            for (IptablesTable t : n.iptables()) {
                for (IptablesRule jump : t.builtinJumps()) {
                    assertEquals(1, lines.stream().filter(jump.render()::equals).count(),
                            n.name() + " " + t.name() + ": once, as iptables-save prints it: " + jump.render());
                }
                for (String chain : t.chains()) {
                    // iptables-save words some matches its own way (MARK --xor-mark as --set-xmark): counted, not compared
                    assertEquals(t.rules(chain).size(), section(before, t.name()).stream().filter(l -> l.startsWith("-A " + chain + " ")).count(),
                            n.name() + " " + t.name() + " " + chain + " holds the plan's rules, once");
                }
            }
            ExecResult again = rerun(n.name());
            assertEquals(0, again.exitCode(), n.name() + ": " + again.stderr());
            assertEquals(before, state(n.name()), n.name() + ": a second run changes nothing");
        }
    }

    @Test
    void whatNoPlanHasIsRemovedByTheNextRun() {
        String node = "worker-1";
        String before = state(node);
        ExecResult stale = cluster.execOnNode(node, List.of("/bin/bash", "-c", "set -e; iptables -t nat -N KUBE-SEP-STALE;"
                + " iptables -t nat -N KUBE-SVC-STALE; iptables -t nat -A KUBE-SVC-STALE -j KUBE-SEP-STALE; iptables -t filter -N FLANNEL-STALE;"
                + " ip route add 10.244.99.0/24 via 10.244.2.0 dev flannel.1 onlink; ip addr add 172.31.255.99/32 dev eth0"));
        assertTrue(stale.ok(), stale.stderr());
        assertTrue(state(node).contains("KUBE-SVC-STALE"), "the stale chain is there before the run");
        ExecResult again = rerun(node);
        assertEquals(0, again.exitCode(), again.stderr());
        String after = state(node);
        assertFalse(after.contains("STALE"), "stale chains are flushed and deleted: " + after);
        assertFalse(after.contains("10.244.99.0/24"), "a route to a Pod CIDR no plan has is removed");
        assertFalse(after.contains("172.31.255.99"), "an address the node no longer announces is removed");
        assertEquals(before, after);
    }

    @Test
    void theNodesKeepThePlanAndAnExternalProbeMakesTheEdgeOfADesignThatPublishesNothing() {
        List<String> edgeFilter = List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + NAME, Labels.ROLE + "=" + Labels.ROLE_EDGE);
        NetworkPlan plan = run.plan();
        try (DockerBackend other = DockerBackend.attach(test.engine, NAME, s -> { })) {
            assertEquals(plan.version(), other.plan().version(), "another process reads the plan the nodes keep");
            assertEquals(DockerCluster.dataplane(plan), DockerCluster.dataplane(other.plan()));
        }
        // nothing is published (and no other test here probes from outside): no edge until the first probe from
        // outside, which makes it and gives the sim's verdicts
        assertEquals(List.of(), test.engine.containers(edgeFilter), "a design that publishes nothing has no edge yet");
        String node = plan.node("worker-1").underlay().address().addressText();
        List<ProbeRequest> reqs = List.of(ProbeRequest.tcp(ProbeRequest.EXTERNAL, plan.service("default", "web").clusterIp(), 80),
                ProbeRequest.tcp(ProbeRequest.EXTERNAL, node, 80));
        List<ProbeResult> rs = run.probeAll(reqs);
        assertEquals(DockerDifferentialTest.simVerdicts(plan, reqs), DockerDifferentialTest.verdicts(reqs, rs));
        assertEquals(1, test.engine.containers(edgeFilter).size(), "the edge runs now");
    }

    @Test
    void onePingerPerNodeTellsEachSourcesRepliesApart() {
        NetworkPlan plan = run.plan();
        List<String> web = plan.pods().stream().filter(p -> p.running() && "default".equals(p.namespace())).map(PodPlan::key).toList();
        assertEquals(4, web.size());
        List<ProbeRequest> reqs = new ArrayList<>();
        for (String from : web) {
            for (String to : web) {
                if (!to.equals(from)) {
                    reqs.add(new ProbeRequest(from, to, 0, Protocol.ICMP));
                }
            }
            // an address of the Pod range that no Pod has: no reply, for this source only
            reqs.add(new ProbeRequest(from, "10.244.1.250", 0, Protocol.ICMP));
        }
        List<ProbeResult> rs = run.probeAll(reqs);
        for (int i = 0; i < reqs.size(); i++) {
            ProbeRequest q = reqs.get(i);
            boolean nobody = q.target().equals("10.244.1.250");
            assertEquals(!nobody, rs.get(i).delivered(), q.from() + " -> " + q.target() + ": " + rs.get(i));
        }
    }
}
