package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.plan.ClusterFixture;
import io.kubecanvas.emulator.plan.HostExposure;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.plan.PodPlan;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.emulator.state.ClusterState.PodState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterContainersTest {
    private final ClusterState state = ClusterFixture.threeNodes()
            .pod("default", "web", "worker-1", Map.of("app", "web"), ClusterFixture.tcp(80), ClusterFixture.udp(53))
            .build();
    private final NetworkPlan plan = NetworkPlan.compute(state);
    private final ClusterContainers specs = new ClusterContainers("demo", "kubecanvas/node:abc", "42:1000@boot");

    @Test
    void aNodeIsOnTheUnderlayAtItsPlannedAddressWithOnlyTheCapabilitiesItsWorkNeeds() {
        ContainerSpec n = specs.node(plan.node("worker-1"));
        assertEquals("kc-demo-worker-1", n.name());
        assertEquals("kc-demo-underlay", n.network());
        assertEquals("172.30.0.3", n.ipv4());
        assertEquals(List.of("ALL"), n.capDrop(), "every capability is dropped, then the needed ones added");
        assertTrue(n.capAdd().containsAll(List.of("NET_ADMIN", "SYS_ADMIN", "NET_RAW")), n.capAdd().toString());
        for (String forbidden : ClusterContainers.FORBIDDEN) {
            assertFalse(n.capAdd().contains(forbidden), forbidden);
        }
        assertFalse(n.capAdd().contains("ALL"));
        assertTrue(n.securityOpts().stream().noneMatch(o -> o.contains("unconfined")),
                "the engine's seccomp and AppArmor profiles stay on: " + n.securityOpts());
        assertEquals("1", n.sysctls().get("net.ipv4.ip_forward"), "sysctls are set at create time");
        assertEquals("1", n.sysctls().get("net.bridge.bridge-nf-call-iptables"));
        assertEquals("true", n.label(Labels.OWNED));
        assertEquals("demo", n.label(Labels.CLUSTER));
        assertEquals(Labels.ROLE_NODE, n.label(Labels.ROLE));
        assertEquals("42:1000@boot", n.label(Labels.OWNER));
        assertTrue(n.publish().isEmpty(), "nodes publish nothing; the edge does");
    }

    @Test
    void aSandboxHoldsTheNetnsAndSharesTheNodesPidNamespace() {
        PodPlan web = plan.pod("default", "web");
        ContainerSpec sb = specs.sandbox(web, plan.dns().searchPath("default"), "10.96.0.10");
        assertEquals("none", sb.network());
        assertEquals("container:kc-demo-worker-1", sb.pidMode());
        assertEquals(List.of("/usr/local/bin/kubecanvas-pause", "default/web"), sb.cmd());
        assertEquals(List.of("10.96.0.10"), sb.dns());
        assertEquals(List.of("default.svc.cluster.local", "svc.cluster.local", "cluster.local"), sb.dnsSearch());
        assertEquals(List.of("ndots:5"), sb.dnsOptions());
        assertEquals("default/web", sb.label(Labels.POD));
        assertEquals("worker-1", sb.label(Labels.NODE));
        assertEquals(web.ip(), sb.label(Labels.POD_IP), "a new address means a new sandbox");
        assertEquals(List.of("ALL"), sb.capDrop(), "the sandbox holds a namespace and runs probe clients");
        assertEquals(List.of("NET_RAW"), sb.capAdd(), "ping is the only one that needs a capability");
    }

    @Test
    void aMissingImageRunsAStandInServingEveryDeclaredPortMarkedWithTheReason() {
        PodPlan web = plan.pod("default", "web");
        List<ContainerSpec> apps = specs.appContainers(web, "cluster.local", img -> false);
        assertEquals(1, apps.size());
        ContainerSpec a = apps.get(0);
        assertEquals("container:kc-demo-default-web", a.network());
        assertEquals("kubecanvas/node:abc", a.image());
        assertEquals("80/TCP 53/UDP", a.env().get("PORTS"));
        assertEquals(web.ip(), a.env().get("POD_IP"));
        assertEquals("worker-1", a.env().get("NODE_NAME"));
        assertTrue(a.label(Labels.STANDIN).contains("nginx"));
        assertNull(a.hostname(), "a joined container cannot set a hostname");
    }

    @Test
    void aSandboxCanRunItsPodsOneStandInWithItsEnvironmentLabelsAndPortCapability() {
        PodPlan web = plan.pod("default", "web");
        assertTrue(ClusterContainers.standInOnly(web, img -> false));
        assertFalse(ClusterContainers.standInOnly(web, img -> true), "a present image runs in a container of its own");
        ContainerSpec standIn = specs.appContainers(web, "cluster.local", img -> false).get(0);
        ContainerSpec sb = specs.sandbox(web, plan.dns().searchPath("default"), "10.96.0.10", true);
        assertEquals(List.of("/usr/local/bin/kubecanvas-pause", "default/web"), sb.cmd(), "the node still finds it by pgrep");
        assertEquals(standIn.env(), sb.env(), "the pause script starts the stand-in from the same environment");
        assertEquals(standIn.label(Labels.STANDIN), sb.label(Labels.STANDIN));
        assertEquals(standIn.label(Labels.CONTAINER), sb.label(Labels.CONTAINER));
        assertEquals(List.of("NET_RAW", "NET_BIND_SERVICE"), sb.capAdd());
        assertEquals(List.of("ALL"), sb.capDrop());
        assertTrue(Labels.runsContainer(sb.labels()));
        assertFalse(Labels.runsContainer(specs.sandbox(web, plan.dns().searchPath("default"), "10.96.0.10").labels()));
        PodPlan twoContainers = new PodPlan(web.namespace(), web.name(), web.uid(), web.node(), web.ip(), web.phase(), false,
                null, List.of(web.containers().get(0), web.containers().get(0)));
        PodPlan withInit = new PodPlan(web.namespace(), web.name(), web.uid(), web.node(), web.ip(), web.phase(), false,
                null, web.containers(), web.containers(), null);
        PodPlan hostNet = new PodPlan(web.namespace(), web.name(), web.uid(), web.node(), web.ip(), web.phase(), true,
                null, web.containers());
        for (PodPlan p : List.of(twoContainers, withInit, hostNet)) {
            assertFalse(ClusterContainers.standInOnly(p, img -> false), p.toString());
        }
        assertThrows(IllegalArgumentException.class, () -> specs.sandbox(twoContainers, List.of(), "10.96.0.10", true));
    }

    @Test
    void aPresentImageRunsAsIs() {
        List<ContainerSpec> apps = specs.appContainers(plan.pod("default", "web"), "cluster.local", img -> true);
        assertEquals("nginx", apps.get(0).image());
        assertNull(apps.get(0).label(Labels.STANDIN));
        assertTrue(apps.get(0).cmd().isEmpty(), "the image's own command");
    }

    @Test
    void theClusterDnsStandInIsADnsServer() {
        PodState dns = new PodState("kube-system", "coredns-1", "u1", "control-plane", "10.244.0.5", "Running", true,
                Map.of(), List.of(ClusterFixture.udp(53)), List.of("registry.k8s.io/coredns/coredns:v1.11.1"), false, null);
        ClusterState withDns = new ClusterState(2, state.network(), state.nodes(), state.namespaces(), List.of(dns),
                List.of(), List.of(), List.of(), List.of(), Map.of());
        NetworkPlan withDnsPlan = NetworkPlan.compute(withDns);
        PodPlan pod = withDnsPlan.pod("kube-system", "coredns-1");
        ClusterContainers.DnsFiles records = ClusterContainers.DnsFiles.of(withDnsPlan);
        ContainerSpec a = specs.appContainers(pod, "cluster.local", img -> false, java.util.Set.of(), records).get(0);
        assertEquals("true", a.label(Labels.DNS_SERVER));
        assertEquals(List.of("/usr/local/bin/kubecanvas-standin"), a.cmd(), "the stand-in script runs dnsmasq when DNS_DIR is set");
        assertEquals("/run/kubecanvas/dns/kube-system-coredns-1", a.env().get("DNS_DIR"));
        assertEquals(a.env().get("DNS_DIR"), a.label(Labels.DNS_DIR), "where the emulator pushes the records");
        assertEquals("cluster.local", a.env().get("DNS_DOMAIN"));
        assertEquals(records.hosts(), a.env().get("DNS_HOSTS"), "a new server starts with the plan's records");
        assertEquals("", a.env().get("PORTS"), "53 is dnsmasq's, not the stand-in's");
        // one container, a stand-in: its sandbox runs it, with dnsmasq's capabilities and the same environment
        assertTrue(ClusterContainers.standInOnly(pod, img -> false));
        ContainerSpec sb = specs.sandbox(pod, withDnsPlan.dns().searchPath("kube-system"), "10.96.0.10", true, "cluster.local",
                records);
        assertEquals(a.env(), sb.env());
        assertEquals("true", sb.label(Labels.DNS_SERVER));
        assertEquals(a.label(Labels.DNS_DIR), sb.label(Labels.DNS_DIR));
        assertEquals(List.of("NET_RAW", "NET_BIND_SERVICE", "SETUID", "SETGID"), sb.capAdd());
    }

    @Test
    void theEdgePublishesOnLoopbackOnlyAndRecordsWhereEachPortLeads() {
        List<ClusterContainers.Exposure> ex = ClusterContainers.Exposure.of(List.of(
                new HostExposure("ingress-http", "TCP", "172.30.0.2", 80),
                new HostExposure("nodeport/default/web/80", "TCP", "172.30.0.2", 30080),
                new HostExposure("lb/default/dns/53", "UDP", "172.30.0.200", 53)));
        ContainerSpec e = specs.edge(ex, "172.30.0.254");
        assertEquals("kc-demo-access", e.network());
        assertEquals(3, e.publish().size());
        assertEquals(List.of(80, 30080, 20000), ex.stream().map(ClusterContainers.Exposure::edgePort).toList(),
                "Ingress and NodePorts keep their numbers on the edge; the others from 20000");
        assertEquals(0, e.publish().get(0).hostPort(), "any free port, bound by the engine to 127.0.0.1");
        assertEquals(List.of(new ContainerSpec.NetworkAttachment("kc-demo-underlay", "172.30.0.254")), e.connect());
        assertEquals(ex, ClusterContainers.Exposure.parse(e.label(Labels.EXPOSURES)));
        assertTrue(e.cmd().get(2).contains("TCP4-LISTEN:30080,fork,reuseaddr TCP4:172.30.0.2:30080"));
        assertTrue(e.cmd().get(2).contains("UDP4-RECVFROM:20000,fork,reuseaddr UDP4-SENDTO:172.30.0.200:53"), e.cmd().get(2));
        assertEquals("UDP", e.publish().get(2).protocol());
    }

    @Test
    void theExternalClientAvoidsTheGatewayNodesAndTheLoadBalancerPool() {
        assertEquals("172.30.0.254", plan.externalAddress());
        assertNotEquals(plan.gateway(), plan.externalAddress());
    }

    @Test
    void containerNamesComeFromTheImage() {
        assertEquals("nginx", ClusterContainers.containerName("docker.io/library/nginx:1.25", 0));
        assertEquals("sidecar-1", ClusterContainers.containerName("example/sidecar@sha256:abc", 1));
    }

    @Test
    void aPresentImageRunsTheCommandArgsAndEnvironmentTheYamlGives() throws Exception {
        var design = io.kubecanvas.model.DesignIO.parse("cmd.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: sleeper}
                spec:
                  containers:
                    - name: main
                      image: busybox:latest
                      command: [sleep]
                      args: [infinity]
                      env:
                        - {name: GREETING, value: hello}
                        - {name: MY_POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
                    - name: plain
                      image: busybox:latest
                """);
        NetworkPlan p = io.kubecanvas.emulator.run.ClusterRun.plan(design);
        List<ContainerSpec> apps = specs.appContainers(p.pod("default", "sleeper"), "cluster.local", img -> true);
        ContainerSpec main = apps.get(0);
        assertEquals("busybox:latest", main.image());
        assertEquals(List.of("sleep"), main.entrypoint(), "command replaces the image's entrypoint");
        assertEquals(List.of("infinity"), main.cmd(), "args are its arguments");
        assertEquals("hello", main.env().get("GREETING"));
        assertEquals("sleeper", main.env().get("MY_POD"), "field references are resolved");
        assertNull(main.label(Labels.STANDIN));
        ContainerSpec plain = apps.get(1);
        assertTrue(plain.entrypoint().isEmpty() && plain.cmd().isEmpty(), "no command: the image's own entrypoint and CMD");
    }

    @Test
    void aHostNetworkPodsSandboxAndContainersAreInItsNodesNetworkNamespace() throws Exception {
        var design = io.kubecanvas.model.DesignIO.parse("hostnet.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: agent}
                spec:
                  hostNetwork: true
                  containers: [{name: agent, image: example.invalid/agent:1, ports: [{containerPort: 9100}]}]
                """);
        NetworkPlan p = io.kubecanvas.emulator.run.ClusterRun.plan(design);
        PodPlan agent = p.pod("default", "agent");
        ContainerSpec sb = specs.sandbox(agent, List.of(), "10.96.0.10");
        assertEquals("container:" + specs.nodeName(agent.node()), sb.network());
        assertTrue(sb.dns().isEmpty() && sb.hostname() == null, "the node's DNS and hostname (Docker allows no others)");
        assertEquals("container:" + specs.nodeName(agent.node()),
                specs.appContainers(agent, "cluster.local", img -> false).get(0).network());
    }

    @Test
    void aStandInAnswersHttpOnlyOnPortsThatLookLikeHttpAndEchoesOnTheOthersSayingSo() throws Exception {
        var design = io.kubecanvas.model.DesignIO.parse("ports.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: mixed}
                spec:
                  containers:
                    - name: app
                      image: example.invalid/app:1
                      ports:
                        - {containerPort: 5432, name: postgres}
                        - {containerPort: 8080}
                        - {containerPort: 9000, name: web}
                        - {containerPort: 9090, name: http-metrics}
                        - {containerPort: 6379}
                        - {containerPort: 53, protocol: UDP}
                """);
        PodPlan mixed = io.kubecanvas.emulator.run.ClusterRun.plan(design).pod("default", "mixed");
        ContainerSpec a = specs.appContainers(mixed, "cluster.local", img -> false).get(0);
        assertEquals("5432/ECHO 8080/TCP 9000/TCP 9090/TCP 6379/ECHO 53/UDP", a.env().get("PORTS"));
        assertTrue(a.label(Labels.STANDIN).endsWith("serves 5432/TCP plain echo, 8080/TCP HTTP, 9000/TCP HTTP, 9090/TCP HTTP,"
                + " 6379/TCP plain echo, 53/UDP echo"), a.label(Labels.STANDIN));
    }
}
