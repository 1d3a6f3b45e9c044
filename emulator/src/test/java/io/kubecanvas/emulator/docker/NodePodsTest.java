package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.plan.ClusterFixture;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.plan.PodPlan;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which sandboxes a node runs itself and the script that starts one (its run is checked by the docker tests). */
class NodePodsTest {
    private final ClusterState state = ClusterFixture.threeNodes()
            .pod("default", "web", "worker-1", Map.of("app", "web"), ClusterFixture.tcp(80))
            .build();
    private final NetworkPlan plan = NetworkPlan.compute(state);
    private final ClusterContainers specs = new ClusterContainers("demo", "kubecanvas/node:abc", "42:1000@boot");

    @Test
    void onlyASandboxThatRunsItsPodsStandInIsRunByItsNode() {
        PodPlan web = plan.pod("default", "web");
        assertTrue(NodePods.runsInNode(specs.sandbox(web, plan.dns().searchPath("default"), "10.96.0.10", true)));
        assertFalse(NodePods.runsInNode(specs.sandbox(web, plan.dns().searchPath("default"), "10.96.0.10", false)),
                "a sandbox whose Pod runs app containers is a container: they join its namespaces");
        assertFalse(NodePods.runsInNode(specs.appContainers(web, "cluster.local", img -> false).get(0)));
        assertFalse(NodePods.runsInNode(specs.node(plan.node("worker-1"))));
    }

    @Test
    void theStartScriptGivesThePodItsNamespacesFilesAndOnlyItsSandboxsCapabilities() throws Exception {
        PodPlan web = plan.pod("default", "web");
        ContainerSpec sb = specs.sandbox(web, plan.dns().searchPath("default"), "10.96.0.10", true);
        String sc = NodePods.startScript(sb);
        assertTrue(sc.contains("unshare --net --uts --ipc --mount --propagation private"), sc);
        assertTrue(sc.contains("setpriv --bounding-set=-all,+net_raw,+net_bind_service --no-new-privs"), sc);
        assertTrue(sc.contains("nameserver 10.96.0.10\nsearch default.svc.cluster.local svc.cluster.local cluster.local\n"
                + "options ndots:5\n"), "its resolv.conf: " + sc);
        assertTrue(sc.contains(web.ip() + "\tweb\n"), "its own name in its /etc/hosts: " + sc);
        // the pause the node's plumbing looks for, quoted inside the quoted command of unshare's shell
        assertTrue(sc.contains("/usr/local/bin/kubecanvas-pause'\\'' '\\''default/web"), sc);
        assertTrue(sc.contains(Labels.STANDIN + "="), "its labels are kept beside it: " + sc);
        assertTrue(sc.contains("ip link set lo up"), sc);
        // bash reads it (the values are quoted: a reason or environment value with quotes and spaces stays one word)
        Process p = new ProcessBuilder("bash", "-n", "-c", sc).redirectErrorStream(true).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals("'it'\\''s \"so\"'", NodePods.shq("it's \"so\""));
    }

    /**
     * The start returns only once each Pod runs its pause (the plumbing that follows finds Pods by it): one that gets
     * there late is waited for, one that ends first is reported with its output. Run by bash on this machine, with
     * the node's Pod directory moved to a temporary one and processes of this test as the Pods.
     */
    @Test
    void theStartWaitsForEachPodsPauseAndReportsOneThatEndsBeforeIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path pause = dir.resolve("kubecanvas-pause");
        java.nio.file.Files.writeString(pause, "sleep 30\n");
        List<Process> started = new java.util.ArrayList<>();
        try {
            // "late" becomes its pause after 0.3 s (its hostname, loopback and mounts first); "gone" ends before
            started.add(new ProcessBuilder("sh", "-c", "sleep 0.3; exec sh " + pause + " default/late").start());
            started.add(new ProcessBuilder("sh", "-c", "sleep 0.1").start());
            java.nio.file.Files.writeString(dir.resolve("late.pid"), started.get(0).pid() + "\n");
            java.nio.file.Files.writeString(dir.resolve("gone.pid"), started.get(1).pid() + "\n");
            java.nio.file.Files.writeString(dir.resolve("gone.log"), "mount: permission denied\n");
            String sc = "rc=0\n" + NodePods.awaitPause(List.of("late")).replace(NodePods.DIR, dir.toString()) + "exit $rc\n";
            long t = System.nanoTime();
            Process late = new ProcessBuilder("bash", "-c", sc).redirectErrorStream(true).start();
            assertTrue(late.waitFor(10, TimeUnit.SECONDS));
            String out = new String(late.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, late.exitValue(), out);
            assertTrue((System.nanoTime() - t) / 1e9 >= 0.15, "it waited for the pause");
            String sc2 = "rc=0\n" + NodePods.awaitPause(List.of("gone")).replace(NodePods.DIR, dir.toString()) + "exit $rc\n";
            Process gone = new ProcessBuilder("bash", "-c", sc2).redirectErrorStream(true).start();
            assertTrue(gone.waitFor(10, TimeUnit.SECONDS));
            String why = new String(gone.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(1, gone.exitValue(), why);
            assertTrue(why.contains("Pod sandbox gone did not start: mount: permission denied"), why);
        } finally {
            started.forEach(Process::destroyForcibly);
            ProcessHandle.allProcesses().filter(h -> h.info().commandLine().orElse("").contains(pause.toString()))
                    .forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void capabilitiesAndNamesAreCheckedBeforeTheyReachAShell() {
        assertEquals("-all,+net_raw,+net_bind_service", NodePods.boundingSet(List.of("NET_RAW", "NET_BIND_SERVICE")));
        assertEquals("-all", NodePods.boundingSet(List.of()));
        assertThrows(IllegalArgumentException.class, () -> NodePods.boundingSet(List.of("NET_RAW; reboot")));
        PodPlan web = plan.pod("default", "web");
        ContainerSpec sb = specs.sandbox(web, plan.dns().searchPath("default"), "10.96.0.10", true);
        ContainerSpec badName = new ContainerSpec("x; rm -rf /", sb.image(), sb.cmd(), sb.env(), sb.labels(), sb.hostname(),
                sb.network(), sb.ipv4(), sb.pidMode(), sb.capAdd(), sb.capDrop(), sb.securityOpts(), sb.sysctls(), sb.dns(),
                sb.dnsSearch(), sb.dnsOptions(), sb.publish(), sb.connect(), sb.entrypoint(), sb.extraHosts());
        assertThrows(IllegalArgumentException.class, () -> NodePods.startScript(badName));
    }

    @Test
    void labelFiltersMatchAsDockersDo() {
        Map<String, String> labels = Map.of(Labels.OWNED, "true", Labels.CLUSTER, "demo", Labels.ROLE, Labels.ROLE_SANDBOX);
        assertTrue(NodePods.matches(labels, List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=demo")));
        assertTrue(NodePods.matches(labels, List.of(Labels.ROLE)), "a key alone: present");
        assertFalse(NodePods.matches(labels, List.of(Labels.CLUSTER + "=other")));
        assertFalse(NodePods.matches(labels, List.of(Labels.POD)));
        assertTrue(NodePods.isId(NodePods.PREFIX + "kc-demo-worker-1/kc-demo-default-web"));
        assertFalse(NodePods.isId("0123abcd"));
    }
}
