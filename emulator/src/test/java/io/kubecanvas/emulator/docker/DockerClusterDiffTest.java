package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.docker.DockerEngine.ContainerInfo;
import io.kubecanvas.emulator.plan.ClusterFixture;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.state.ClusterState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reconcile of {@link DockerCluster} against an in-memory engine: only the difference is touched. */
class DockerClusterDiffTest {
    private final FakeEngine engine = new FakeEngine();

    {
        // the Pods' image is present, so each Pod is a sandbox and an app container (the stand-in case is below)
        engine.present.add("nginx");
    }

    private NetworkPlan state(boolean withLate, boolean withWeb) {
        ClusterFixture f = ClusterFixture.threeNodes();
        if (withWeb) {
            f.pod("default", "web", "worker-1", Map.of("app", "web"), ClusterFixture.tcp(80));
        }
        f.pod("default", "client", "worker-2", Map.of());
        if (withLate) {
            f.pod("default", "late", "worker-2", Map.of());
        }
        return NetworkPlan.compute(f.build());
    }

    private List<String> since(int mark, String prefix) {
        return engine.calls.subList(mark, engine.calls.size()).stream().filter(c -> c.startsWith(prefix)).toList();
    }

    @Test
    void upCreatesTheUnderlayNodesSandboxesAppsAndEdgeAndPlumbsEveryNodeOnce() {
        DockerCluster c = DockerCluster.up(engine, "demo", state(false, true), false, m -> { });
        assertEquals(1, engine.networks(Labels.clusterFilter("demo")).stream()
                .filter(n -> Labels.ROLE_UNDERLAY.equals(n.labels().get(Labels.ROLE))).count());
        List<String> runs = since(0, "run ");
        assertTrue(runs.containsAll(List.of("run kc-demo-control-plane", "run kc-demo-worker-1", "run kc-demo-worker-2",
                "run kc-demo-default-web", "run kc-demo-default-web-nginx", "run kc-demo-default-client")), runs.toString());
        assertFalse(runs.contains("run kc-demo-edge"), "a design that publishes nothing has no edge until an external probe: " + runs);
        // a small plan rides along, compressed, in each node's plumbing exec
        List<String> plumbing = since(0, "exec ").stream().filter(e -> e.contains("/bin/bash /etc/kubecanvas/apply.sh")).toList();
        assertTrue(plumbing.stream().allMatch(e -> e.contains("| base64 -d | gunzip > /etc/kubecanvas/plan.json.new")),
                "every node keeps the plan");
        String packed = DockerCluster.packed(state(false, true));
        assertTrue(plumbing.stream().allMatch(e -> e.endsWith(" " + packed)), "the plan itself, as its last argument");
        assertEquals(3, since(0, "exec ").stream().filter(e -> e.contains("/bin/bash /etc/kubecanvas/apply.sh")).count());
        c.close();
    }

    @Test
    void nodesBegunBeforeThePlanStayWhereThePlanPlacesThemAndAreMadeAgainWhereItDoesNot() {
        NetworkPlan plan = state(false, true);
        Map<String, String> forecast = new java.util.LinkedHashMap<>();
        forecast.put("control-plane", plan.node("control-plane").underlay().address().addressText());
        forecast.put("worker-1", plan.node("worker-1").underlay().address().addressText());
        forecast.put("worker-2", "172.30.0.99");
        forecast.put("worker-9", "172.30.0.98");
        DockerCluster.Start s = DockerCluster.begin(engine, "demo", plan.underlayCidr(), List.of(), forecast, false, m -> { });
        DockerCluster c = s.finish(plan);
        List<String> nodeRuns = since(0, "run ").stream().filter(r -> r.matches("run kc-demo-(control-plane|worker-\\d)")).toList();
        assertEquals(List.of("run kc-demo-control-plane", "run kc-demo-worker-1", "run kc-demo-worker-2", "run kc-demo-worker-2",
                "run kc-demo-worker-9"), nodeRuns.stream().sorted().toList(), "worker-2 is made again at the plan's address");
        assertTrue(since(0, "remove ").containsAll(List.of("remove kc-demo-worker-2", "remove kc-demo-worker-9")),
                "the misplaced and the unplanned node go: " + since(0, "remove "));
        for (ContainerInfo n : engine.containers(List.of(Labels.ROLE + "=" + Labels.ROLE_NODE))) {
            String node = n.label(Labels.NODE);
            assertEquals(plan.node(node).underlay().address().addressText(), n.addresses().values().iterator().next(), node);
        }
        assertEquals(3, since(0, "exec ").stream().filter(e -> e.contains("/bin/bash /etc/kubecanvas/apply.sh")).count(),
                "every node is plumbed once");
        c.close();
    }

    @Test
    void eachNodeIsPlumbedAfterItsContainerAndItsPodsSandboxesAndUpSaysWhereItsTimeWent() {
        DockerCluster c = DockerCluster.up(engine, "demo", state(false, true), false, m -> { });
        List<String> calls = List.copyOf(engine.calls);
        int node = calls.indexOf("run kc-demo-worker-1");
        int sandbox = calls.indexOf("run kc-demo-default-web");
        int plumb = -1;
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).startsWith("exec kc-demo-worker-1 ") && calls.get(i).contains("/bin/bash /etc/kubecanvas/apply.sh")) {
                plumb = i;
            }
        }
        assertTrue(node >= 0 && node < sandbox && sandbox < plumb, calls.toString());
        assertTrue(calls.indexOf("run kc-demo-default-web-nginx") > sandbox, "app containers join their sandbox");
        List<String> phases = c.upPhases().phases().stream().map(PhaseClock.Phase::name).toList();
        assertTrue(phases.containsAll(List.of("underlay network", "node containers", "Pod sandboxes", "app containers (per Pod)",
                "node plumbing (one script per node)")), phases.toString());
        assertEquals(3, c.upPhases().phases().stream().filter(p -> p.name().equals("node containers")).findFirst().orElseThrow().items());
        c.close();
    }

    @Test
    void aLiveChangeCreatesAndRemovesOnlyTheChangedPodsAndLeavesUnchangedNodesAlone() {
        DockerCluster c = DockerCluster.up(engine, "demo", state(false, true), false, m -> { });
        int mark = engine.calls.size();
        c.apply(state(true, false));
        assertEquals(List.of("run kc-demo-default-late", "run kc-demo-default-late-nginx"), since(mark, "run "));
        assertEquals(List.of("remove kc-demo-default-web-nginx", "remove kc-demo-default-web"), since(mark, "remove "));
        mark = engine.calls.size();
        c.apply(state(true, false));
        assertTrue(since(mark, "run ").isEmpty() && since(mark, "remove ").isEmpty() && since(mark, "exec ").isEmpty(),
                "an unchanged state touches nothing: " + engine.calls.subList(mark, engine.calls.size()));
        c.close();
    }

    @Test
    void aNewPlanThatLeavesANodesWorkAsItWasDoesNotRunItsScriptAgain() {
        NetworkPlan first = state(false, true);
        DockerCluster c = DockerCluster.up(engine, "demo", first, false, m -> { });
        ClusterState s = ClusterFixture.threeNodes().pod("default", "web", "worker-1", Map.of("app", "web"), ClusterFixture.tcp(80))
                .pod("default", "client", "worker-2", Map.of()).build();
        NetworkPlan later = NetworkPlan.compute(new ClusterState(s.resourceVersion() + 7, s.network(), s.nodes(), s.namespaces(),
                s.pods(), s.services(), s.policies(), s.ingresses(), s.dns(), s.tlsSecrets(), s.ingressClasses()));
        assertTrue(later.version() != first.version() && !later.render("worker-1").equals(first.render("worker-1")),
                "the scripts differ in their first line only");
        int mark = engine.calls.size();
        c.apply(later);
        assertTrue(since(mark, "exec ").stream().noneMatch(e -> e.contains("/bin/bash /etc/kubecanvas/apply.sh")),
                engine.calls.subList(mark, engine.calls.size()).toString());
        c.close();
    }

    @Test
    void anExitedAppContainerIsRestartedNotRecreated() {
        DockerCluster c = DockerCluster.up(engine, "demo", state(false, true), false, m -> { });
        c.killPod("default/web");
        int mark = engine.calls.size();
        c.apply(state(false, true));
        assertEquals(List.of("start kc-demo-default-web-nginx"), since(mark, "start "));
        assertTrue(since(mark, "run ").isEmpty());
        c.close();
    }

    @Test
    void aPodWhoseImageCannotRunIsOneSandboxThatRunsTheStandInAndAKillLeavesItsNetwork() {
        engine.present.clear();
        DockerCluster c = DockerCluster.up(engine, "demo", state(false, true), false, m -> { });
        List<String> runs = since(0, "run ");
        assertTrue(runs.contains("run kc-demo-default-web") && runs.stream().noneMatch(r -> r.startsWith("run kc-demo-default-web-")),
                "the sandbox runs the stand-in, no second container: " + runs);
        DockerEngine.ContainerInfo sb = engine.containers(List.of(Labels.POD + "=default/web")).get(0);
        assertEquals(Labels.ROLE_SANDBOX, sb.label(Labels.ROLE));
        assertTrue(Labels.runsContainer(sb.labels()));
        assertEquals("nginx", sb.label(Labels.IMAGE));
        assertTrue(sb.label(Labels.STANDIN).contains("80/TCP HTTP"), sb.label(Labels.STANDIN));
        assertTrue(engine.specs.get(sb.id()).capAdd().contains("NET_BIND_SERVICE"), "the stand-in binds port 80");
        assertTrue(c.podRuntime().get("default/web").reason().contains("ErrImagePull"), "the Pod says it runs a stand-in");
        assertEquals(sb.id(), c.podContainer("default", "web", "nginx"), "exec and logs reach the sandbox");

        int mark = engine.calls.size();
        c.killPod("default/web");
        assertTrue(since(mark, "kill ").isEmpty(), "the sandbox, holding the Pod's network, is not killed");
        assertTrue(since(mark, "exec kc-demo-default-web ").stream().anyMatch(e -> e.contains("kill -s KILL")), engine.calls.toString());
        assertTrue(c.podRuntime().get("default/web").reason().contains("stand-in was killed"));
        mark = engine.calls.size();
        c.apply(state(false, true));
        assertTrue(since(mark, "exec kc-demo-default-web ").stream().anyMatch(e -> e.contains("kill -USR1")),
                "the next apply starts the stand-in again: " + engine.calls.subList(mark, engine.calls.size()));
        assertTrue(since(mark, "run ").isEmpty() && since(mark, "remove ").isEmpty());
        assertFalse(c.podRuntime().getOrDefault("default/web", new io.kubecanvas.emulator.backend.PodRuntime("", true))
                .reason().contains("killed"));
        c.close();
    }

    @Test
    void aNewClusterDnsServerStartsWithThePlansRecordsAndLaterRecordsReloadItWithoutARestart() {
        ClusterFixture f = ClusterFixture.threeNodes().pod("kube-system", "coredns", "control-plane", Map.of("k8s-app", "kube-dns"),
                ClusterFixture.udp(53)).image("kube-system", "coredns", "registry.k8s.io/coredns/coredns:v1.11.1")
                .pod("default", "web", "worker-1", Map.of("app", "web"), ClusterFixture.tcp(80))
                .service("default", "web", "ClusterIP", Map.of("app", "web"), ClusterFixture.port(80, "80"));
        NetworkPlan first = NetworkPlan.compute(f.build());
        DockerCluster c = DockerCluster.up(engine, "demo", first, false, m -> { });
        DockerEngine.ContainerInfo dns = engine.containers(List.of(Labels.DNS_SERVER + "=true")).get(0);
        assertEquals(ClusterContainers.DnsFiles.of(first).hosts(), engine.specs.get(dns.id()).env().get("DNS_HOSTS"));
        assertTrue(engine.specs.get(dns.id()).env().get("DNS_HOSTS").contains("web"), "the Services' records are in from the start");
        assertTrue(engine.calls.stream().noneMatch(x -> x.equals("kill " + dns.name()) || x.equals("start " + dns.name())),
                "no restart to read its records: " + engine.calls);
        int mark = engine.calls.size();
        c.apply(NetworkPlan.compute(f.service("default", "web2", "ClusterIP", Map.of("app", "web"),
                ClusterFixture.port(80, "80")).build()));
        assertTrue(since(mark, "copy " + dns.name()).size() == 1 && since(mark, "exec " + dns.name()).stream()
                .anyMatch(x -> x.endsWith("kill -HUP $p")) && since(mark, "kill ").isEmpty(),
                "a new Service's record is copied in and read on SIGHUP: " + engine.calls.subList(mark, engine.calls.size()));
        c.close();
    }

    @Test
    void downRemovesEverythingLabelledAndARemovedClusterRefusesToReconcile() {
        DockerCluster c = DockerCluster.up(engine, "demo", state(false, true), false, m -> { });
        engine.run(new ClusterContainers("other", "img", "detached").node(state(false, true).node("worker-1")));
        c.down();
        assertTrue(engine.containers(Labels.clusterFilter("demo")).isEmpty());
        assertTrue(engine.networks(Labels.clusterFilter("demo")).isEmpty());
        assertEquals(1, engine.containers(Labels.ownedFilter()).size(), "another cluster is left alone");
        assertFalse(RunningClusters.exists(engine, "demo"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> c.apply(state(false, true)));
        c.close();
    }
}
