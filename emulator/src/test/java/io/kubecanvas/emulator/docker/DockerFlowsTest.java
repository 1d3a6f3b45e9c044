package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.backend.FaultResult;
import io.kubecanvas.emulator.backend.LinkFault;
import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.backend.Protocol;
import io.kubecanvas.emulator.docker.DockerEngine.ContainerInfo;
import io.kubecanvas.emulator.docker.DockerEngine.ExecResult;
import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.run.ClusterRun;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reference article's flows on real containers: one cluster (three nodes, flannel VXLAN) made once for
 * the class, probed from Pods and from the host, then changed live and hit with faults, then removed.
 */
@Tag("docker")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerFlowsTest {
    static final String NAME = "kc-test-flows";
    static final String DESIGN = """
            apiVersion: kubecanvas.io/v1alpha1
            kind: Cluster
            metadata: {name: flows}
            spec:
              nodes:
                - {name: control-plane, role: control-plane}
                - {name: worker-1, role: worker}
                - {name: worker-2, role: worker}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: server, labels: {app: web}}
            spec:
              nodeName: worker-1
              containers: [{name: web, image: nginx:latest, ports: [{containerPort: 80}, {containerPort: 53, protocol: UDP}]}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: near, labels: {app: client}}
            spec:
              nodeName: worker-1
              containers: [{name: c, image: busybox:latest}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: far, labels: {app: client}}
            spec:
              nodeName: worker-2
              containers: [{name: c, image: busybox:latest}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web-service}
            spec:
              selector: {app: web}
              ports: [{port: 80, targetPort: 80}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web-np}
            spec:
              type: NodePort
              selector: {app: web}
              ports: [{port: 80, targetPort: 80, nodePort: 30080}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web-lb}
            spec:
              type: LoadBalancer
              selector: {app: web}
              ports: [{port: 8080, targetPort: 80}]
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: web-ingress}
            spec:
              tls: [{hosts: [secure.example.local]}]
              rules:
                - host: myapp.example.com
                  http:
                    paths: [{path: /, pathType: Prefix, backend: {service: {name: web-service, port: {number: 80}}}}]
                - host: secure.example.local
                  http:
                    paths: [{path: /api, pathType: Prefix, backend: {service: {name: web-service, port: {number: 80}}}}]
            """;

    static DockerJavaEngine engine;
    static DockerBackend backend;
    static ClusterRun run;

    @BeforeAll
    static void up() throws Exception {
        engine = DockerJavaEngine.connect();
        RunningClusters.remove(engine, NAME);
        long t0 = System.nanoTime();
        backend = DockerBackend.create(engine, NAME, System.out::println);
        run = ClusterRun.start(DesignIO.parse("flows.yaml", DESIGN), backend);
        System.out.printf("up in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    @AfterAll
    static void down() {
        if (run != null) {
            run.close(); // a one-shot cluster: closing removes it
        }
        if (engine != null) {
            assertTrue(engine.containers(Labels.clusterFilter(NAME)).isEmpty(), "no labelled container survives down");
            assertTrue(engine.networks(Labels.clusterFilter(NAME)).isEmpty(), "no labelled network survives down");
            engine.close();
        }
    }

    static ClusterState state() {
        return run.state();
    }

    static DockerCluster cluster() {
        return backend.cluster();
    }

    static ExecResult inPod(String pod, String cmd) {
        return cluster().execInPod("default", pod, List.of("/bin/sh", "-c", cmd));
    }

    /** A plain HTTP/1.0 request to 127.0.0.1 (java.net.http refuses to set Host). Returns "status body". */
    static String http(int port, String host, String path) throws IOException {
        try (java.net.Socket sock = new java.net.Socket()) {
            sock.connect(new java.net.InetSocketAddress("127.0.0.1", port), 3000);
            sock.setSoTimeout(5000);
            String req = "GET " + path + " HTTP/1.0\r\nHost: " + (host == null ? "127.0.0.1" : host) + "\r\n\r\n";
            sock.getOutputStream().write(req.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String resp = new String(sock.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            String status = resp.length() > 12 ? resp.substring(9, 12) : "000";
            int body = resp.indexOf("\r\n\r\n");
            return status + " " + (body < 0 ? "" : resp.substring(body + 4));
        }
    }

    @Test
    @Order(1)
    void everyPodRunsAsASandboxAndAPodWhoseImageIsMissingIsOneSandboxRunningAVisibleStandIn() {
        List<ContainerInfo> cs = engine.containers(Labels.clusterFilter(NAME));
        for (ClusterState.PodState p : state().pods()) {
            assertTrue(cs.stream().anyMatch(c -> Labels.ROLE_SANDBOX.equals(c.label(Labels.ROLE)) && p.key().equals(c.label(Labels.POD))
                    && c.running()), "sandbox of " + p.key());
        }
        List<ContainerInfo> server = cs.stream().filter(c -> "default/server".equals(c.label(Labels.POD))).toList();
        assertEquals(1, server.size(), "the sandbox runs the stand-in itself: " + server.stream().map(ContainerInfo::name).toList());
        assertTrue(Labels.runsContainer(server.get(0).labels()) && Labels.ROLE_SANDBOX.equals(server.get(0).label(Labels.ROLE)));
        assertTrue(server.get(0).label(Labels.STANDIN).contains("nginx:latest"));
        assertTrue(RunningClusters.list(engine).stream().filter(s -> s.name().equals(NAME)).findFirst().orElseThrow()
                .standIns().stream().anyMatch(s -> s.contains("default/server")));
    }

    @Test
    @Order(2)
    void podToPodOnOneNodeCrossesOnlyTheBridge() {
        String ip = state().pod("default", "server").ip();
        ExecResult r = inPod("near", "curl -s -m 3 http://" + ip + "/");
        assertTrue(r.stdout().contains("pod=server"), r.stdout() + r.stderr());
        assertTrue(r.stdout().contains("client=" + state().pod("default", "near").ip()), "no NAT between Pods: " + r.stdout());
    }

    @Test
    @Order(3)
    void podToPodAcrossNodesGoesThroughTheVxlanTunnelAndTheCaptureShowsTheEncapsulation() {
        DockerBackend attached = DockerBackend.attach(engine, NAME, s -> { });
        assertEquals(run.plan(), attached.plan(), "the running cluster keeps the plan it runs");
        ProbeResult r = attached.probe(ProbeRequest.tcp("default/far", "default/server", 80));
        assertTrue(r.delivered(), r.toString());
        assertEquals("default/server", r.answeredBy());
        List<PacketEvent> vx = r.hops().stream().filter(PacketEvent::encapsulated).toList();
        assertFalse(vx.isEmpty(), "VXLAN-encapsulated packets on the underlay: " + r.hops());
        PacketEvent e = vx.get(0);
        assertEquals("eth0", e.iface());
        assertEquals("1", e.headers().stream().filter(h -> h.layer().equals("vxlan")).findFirst().orElseThrow().get("vni"));
        String farIp = state().pod("default", "far").ip();
        assertTrue(r.hops().stream().anyMatch(h -> h.iface().equals("flannel.1")), "the flannel.1 device is crossed");
        assertTrue(vx.stream().anyMatch(h -> farIp.equals(h.innerIp().get("src"))), "inner packet from the Pod");
        // the interfaces are the plan's names
        String veth = run.plan().node("worker-2").veth("default/far").hostName();
        assertTrue(r.hops().stream().anyMatch(h -> h.iface().equals(veth)), "the far Pod's veth " + veth);
        attached.close();
    }

    @Test
    @Order(3)
    void theInterfacesASimTraceCrossesAreTheOnesTheCaptureSawInTheSameOrder() {
        ClusterState st = state();
        io.kubecanvas.emulator.plan.NetworkPlan plan = run.plan();
        ProbeRequest req = ProbeRequest.tcp("default/far", "default/server", 80);
        String farIp = st.pod("default", "far").ip();
        List<String> simSeq;
        try (io.kubecanvas.emulator.sim.SimBackend sim = new io.kubecanvas.emulator.sim.SimBackend(7)) {
            sim.apply(plan);
            simSeq = synHops(sim.probe(req).hops(), farIp, true);
        }
        List<String> dockerSeq;
        try (DockerBackend docker = DockerBackend.attach(engine, NAME, s -> { })) {
            dockerSeq = synHops(docker.probe(req).hops(), farIp, false);
        }
        assertTrue(simSeq.size() >= 8, "the SYN crosses both nodes: " + simSeq);
        assertEquals(simSeq, dockerSeq);
    }

    /** node/interface/direction of the first SYN, in order (interfaces inside Pods are not in a node's capture). */
    static List<String> synHops(List<PacketEvent> hops, String srcIp, boolean skipPodSide) {
        List<String> out = new ArrayList<>();
        for (PacketEvent e : hops) {
            if (e.info() == null || !e.info().contains("Flags [S],") || !e.info().contains(srcIp + ".")
                    || e.direction() == PacketEvent.Direction.LOCAL || (skipPodSide && e.iface().contains("@"))) {
                continue;
            }
            String h = e.node() + " " + e.iface() + " " + e.direction();
            if (out.isEmpty() || !out.get(out.size() - 1).equals(h)) {
                out.add(h);
            }
            if (out.contains(h) && out.indexOf(h) != out.size() - 1) {
                break; // a retransmission starts over
            }
        }
        return out;
    }

    @Test
    @Order(4)
    void podToServiceIsDnatedToAnEndpointAsConntrackShows() {
        String cip = state().service("default", "web-service").clusterIp();
        ExecResult r = inPod("far", "curl -s -m 3 http://" + cip + "/");
        assertTrue(r.stdout().contains("pod=server"), r.stdout() + r.stderr());
        ExecResult ct = cluster().execOnNode("worker-2", List.of("/bin/sh", "-c", "conntrack -L -p tcp --orig-dst " + cip + " 2>/dev/null"));
        String serverIp = state().pod("default", "server").ip();
        assertTrue(ct.stdout().contains("dst=" + cip) && ct.stdout().contains("src=" + serverIp),
                "the NAT: original destination the ClusterIP, reply from the Pod: " + ct.stdout());
        try (DockerBackend docker = DockerBackend.attach(engine, NAME, s -> { })) {
            ProbeResult pr = docker.probe(ProbeRequest.tcp("default/far", "web-service", 80));
            assertTrue(pr.delivered(), pr.toString());
            assertTrue(pr.hops().stream().anyMatch(h -> (cip + ":80").equals(h.natBefore())
                    && (serverIp + ":80").equals(h.natAfter())), "a captured hop shows the DNAT");
        }
    }

    @Test
    @Order(5)
    void dnsResolvesServiceNamesThroughTheClusterDns() {
        ExecResult r = inPod("far", "getent hosts web-service.default.svc.cluster.local; curl -s -m 3 http://web-service/");
        assertTrue(r.stdout().contains(state().service("default", "web-service").clusterIp()), r.stdout() + r.stderr());
        assertTrue(r.stdout().contains("pod=server"), "the short name through the search path: " + r.stdout());
    }

    @Test
    @Order(6)
    void nodePortLoadBalancerAndIngressAnswerFromTheHostOnLoopback() throws Exception {
        Map<String, Integer> ports = cluster().hostPorts();
        assertTrue(http(ports.get("nodeport/default/web-np/80"), null, "/np").contains("pod=server"));
        assertTrue(http(ports.get("lb/default/web-lb/8080"), null, "/lb").contains("pod=server"));
        String ing = http(ports.get("ingress-http"), "myapp.example.com", "/some/path");
        assertTrue(ing.startsWith("200") && ing.contains("host=myapp.example.com") && ing.contains("path=/some/path"), ing);
        assertTrue(http(ports.get("ingress-http"), "secure.example.local", "/api/v1").contains("pod=server"));
        assertTrue(http(ports.get("ingress-http"), "secure.example.local", "/other").startsWith("404"), "no route for /other");
        assertTrue(http(ports.get("ingress-http"), "unknown.example", "/").startsWith("404"));
        // TLS terminated with a per-host self-signed certificate
        ExecResult tls = engine.exec(engine.containers(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + NAME,
                Labels.ROLE + "=" + Labels.ROLE_EDGE)).get(0).id(), List.of("/bin/sh", "-c",
                "curl -sk -m 3 --resolve secure.example.local:443:" + state().node("control-plane").underlayIp()
                        + " https://secure.example.local/api -w ' %{ssl_verify_result}'"));
        assertTrue(tls.stdout().contains("pod=server"), tls.stdout() + tls.stderr());
        for (ContainerInfo c : engine.containers(Labels.clusterFilter(NAME))) {
            assertTrue(c.publishedTcp().isEmpty() || Labels.ROLE_EDGE.equals(c.label(Labels.ROLE)), "only the edge publishes");
        }
    }

    @Test
    @Order(7)
    void aLiveChangeAddsAndRemovesOnlyWhatChanged() throws Exception {
        Map<String, String> before = ids();
        Design edited = DesignIO.parse("flows.yaml", DESIGN.replace("    - {name: worker-2, role: worker}\n",
                "    - {name: worker-2, role: worker}\n    - {name: worker-3, role: worker}\n").replace("""
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web-lb}""", """
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: late, labels: {app: client}}
                spec:
                  nodeName: worker-3
                  containers: [{name: c, image: busybox:latest}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web-lb-renamed}"""));
        run.apply(edited);
        Map<String, String> after = ids();
        for (String pod : List.of("default/server", "default/near", "default/far")) {
            assertEquals(before.get(pod), after.get(pod), pod + " was not recreated");
        }
        assertTrue(after.containsKey("default/late"));
        assertEquals("worker-3", state().pod("default", "late").node(), "the new node took the Pod");
        ExecResult across = inPod("far", "curl -s -m 3 http://" + state().pod("default", "late").ip() + ":1/ ; ping -c1 -W2 "
                + state().pod("default", "late").ip());
        assertTrue(across.stdout().contains("1 received"), "the old nodes route to the new node's Pods: " + across.stdout());
        ExecResult r = inPod("late", "curl -s -m 3 http://web-service/");
        assertTrue(r.stdout().contains("pod=server"), r.stdout() + r.stderr());
        assertTrue(cluster().hostPorts().containsKey("lb/default/web-lb-renamed/8080"));
        assertFalse(cluster().hostPorts().containsKey("lb/default/web-lb/8080"));
    }

    @Test
    @Order(8)
    void aKilledContainerIsRestartedAndAStoppedNodeIsNoticed() throws Exception {
        run.killPod("default", "server");
        ProbeResult dead = backend.probe(ProbeRequest.tcp("default/near", "default/server", 80), false);
        assertEquals(ProbeResult.Outcome.REFUSED, dead.outcome(), "nothing listens while the containers are dead: " + dead);
        run.tick(Duration.ofSeconds(1));
        assertTrue(engine.containers(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + NAME, Labels.POD + "=default/server"))
                .stream().allMatch(ContainerInfo::running), "restarted like a kubelet would");
        assertTrue(inPod("near", "curl -s -m 3 http://web-service/").stdout().contains("pod=server"));

        FaultResult delay = run.impairLink("worker-2", LinkFault.delay(Duration.ofMillis(100)));
        if (delay.applied()) {
            ExecResult ping = inPod("far", "ping -c2 -W3 " + state().pod("default", "server").ip());
            java.util.regex.Matcher rtt = java.util.regex.Pattern.compile("time=([0-9.]+) ms").matcher(ping.stdout());
            assertTrue(rtt.find() && Double.parseDouble(rtt.group(1)) >= 100, "tc netem delay on the link: " + ping.stdout());
        } else {
            assertTrue(delay.message().contains("sch_netem"), "a kernel without netem is named: " + delay.message());
        }
        run.impairLink("worker-2", LinkFault.NONE);
        assertTrue(run.impairLink("worker-2", LinkFault.cut()).applied(), "a cut needs no netem");
        ProbeResult cut = backend.probe(ProbeRequest.tcp("default/near", "default/far", 80), false);
        assertFalse(cut.delivered(), "nothing crosses a cut link: " + cut);
        run.impairLink("worker-2", LinkFault.NONE);

        run.stopNode("worker-2");
        assertFalse(state().node("worker-2").ready(), "the control plane knows the node stopped");
        try (DockerBackend attached = DockerBackend.attach(engine, NAME, s -> { })) {
            ProbeResult r = attached.probe(ProbeRequest.tcp("default/near", "default/far", 80), false);
            assertEquals(ProbeResult.Outcome.DROPPED, r.outcome(), r.toString());
            assertEquals("node down on worker-2", r.reason());
        }
        run.tick(Duration.ofSeconds(2));
        run.tick(io.kubecanvas.emulator.control.ControlPlane.DEFAULT_NODE_GRACE);
        assertTrue(state().pods().stream().noneMatch(p -> "worker-2".equals(p.node()) && p.owner() != null),
                "controller-owned Pods left the stopped node");
        assertTrue(backend.stoppedNodes().contains("worker-2"), "reconcile passes leave a stopped node stopped");
        run.startNode("worker-2");
        assertTrue(state().node("worker-2").ready());
        assertFalse(backend.stoppedNodes().contains("worker-2"));
    }

    static Map<String, String> ids() {
        return engine.containers(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + NAME,
                        Labels.ROLE + "=" + Labels.ROLE_SANDBOX)).stream()
                .collect(Collectors.toMap(c -> c.label(Labels.POD), ContainerInfo::id, (a, b) -> a));
    }

    static List<String> unused() {
        return new ArrayList<>(List.of(Protocol.TCP.name()));
    }

    static void assertNot(String a, String b) {
        assertNotEquals(a, b);
    }
}
