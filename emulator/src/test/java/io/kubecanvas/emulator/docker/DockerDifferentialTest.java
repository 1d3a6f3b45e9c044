package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.backend.EmulatorBackend;
import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.backend.Protocol;
import io.kubecanvas.emulator.backend.ReachabilityMatrix;
import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.plan.ClusterFixture;
import io.kubecanvas.emulator.plan.IngressCases;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.plan.ServicePlan;
import io.kubecanvas.emulator.run.ClusterRun;
import io.kubecanvas.emulator.sim.SimBackend;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.kubecanvas.emulator.plan.ClusterFixture.named;
import static io.kubecanvas.emulator.plan.ClusterFixture.port;
import static io.kubecanvas.emulator.plan.ClusterFixture.tcp;
import static io.kubecanvas.emulator.plan.ClusterFixture.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same outcomes on both backends: every flow of the reference article (Pod to Pod on a node and across
 * nodes, ClusterIP, a Service by its DNS name, NodePort, LoadBalancer, every Ingress case, DNS queries, UDP,
 * closed ports, a Service without endpoints, NetworkPolicy drops, an Ingress whose backend a policy blocks, the
 * Ingress cases over TLS on 443 too, and for each request through the controller the connection the endpoint saw
 * and the X-Forwarded-For it received), readiness (each backend running the probes its own way) and ExternalName
 * Services (the DNS answer's CNAME, and a connection through an alias),
 * the seed designs' reachability, and NetworkPolicy scenarios applied one after the other to one running
 * cluster. Outcomes are compared word for word (delivered, refused, policy_dropped, dropped, timeout), with who
 * answered, the HTTP status and, for a policy drop, the rule; for the Pod flows the interfaces crossed too.
 */
@Tag("docker")
class DockerDifferentialTest {
    static DockerJavaEngine engine;

    @BeforeAll
    static void connect() {
        engine = DockerJavaEngine.connect();
    }

    @AfterAll
    static void close() {
        for (String n : List.of("kc-test-diff-seed", "kc-test-diff-pol", "kc-test-diff-flows", "kc-test-diff-ready")) {
            RunningClusters.remove(engine, n);
            assertTrue(engine.containers(Labels.clusterFilter(n)).isEmpty());
        }
        engine.close();
    }

    /** What both backends must agree on for one probe. */
    static String verdict(ProbeResult r) {
        StringBuilder b = new StringBuilder(r.outcome().word());
        if (r.answeredBy() != null) {
            b.append(" by ").append(r.answeredBy());
        }
        String reason = r.reason() == null ? "" : r.reason();
        if (reason.startsWith("HTTP ")) {
            b.append(' ').append(reason, 0, Math.min(8, reason.length()));
        } else if (reason.startsWith("NOERROR") || reason.startsWith("NXDOMAIN")) {
            b.append(' ').append(reason); // the whole DNS answer: rcode, name, CNAMEs, addresses
        } else if (r.outcome() == ProbeResult.Outcome.POLICY_DROPPED || r.outcome() == ProbeResult.Outcome.DROPPED) {
            b.append(": ").append(reason);
        }
        if (r.forwardedFor() != null || r.request().target().startsWith("http")) {
            // through the Ingress controller: the connection the endpoint saw, and the client it was told of
            b.append(" (peer ").append(r.peer()).append(", X-Forwarded-For ").append(r.forwardedFor()).append(')');
        }
        return b.toString();
    }

    /** One line per probe: the request, then the verdict. */
    static String verdicts(List<ProbeRequest> requests, List<ProbeResult> results) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < requests.size(); i++) {
            ProbeRequest q = requests.get(i);
            b.append(q.from()).append(" -> ").append(q.target()).append(':').append(q.port()).append('/').append(q.protocol())
                    .append("  ").append(verdict(results.get(i))).append('\n');
        }
        return b.toString();
    }

    static String simVerdicts(NetworkPlan plan, List<ProbeRequest> requests) {
        try (SimBackend sim = new SimBackend(7)) {
            sim.apply(plan);
            return verdicts(requests, sim.probeAll(requests));
        }
    }

    /** Every Pod to every Pod on the ports, as requests. */
    static List<ProbeRequest> matrix(NetworkPlan plan, List<Integer> ports, List<Protocol> protos) {
        List<ProbeRequest> out = new ArrayList<>();
        for (Protocol proto : protos) {
            for (int port : ports) {
                for (String from : ReachabilityMatrix.pods(plan)) {
                    for (String to : ReachabilityMatrix.pods(plan)) {
                        out.add(new ProbeRequest(from, to, port, proto));
                    }
                }
            }
        }
        return out;
    }

    static Design seedDesign() throws Exception {
        String shared = System.getProperty("kubecanvas.shared", "../../shared");
        Path seed = Path.of(shared, "examples", "seed");
        String text = Files.readString(seed.resolve("complete.yaml")) + "\n---\n"
                + Files.readString(seed.resolve("service-nodeport.yaml")).replace("name: web-service", "name: web-nodeport")
                + "\n---\n" + Files.readString(seed.resolve("pod.yaml"));
        return DesignIO.parse("seeds.yaml", text);
    }

    @Test
    void theSeedDesignsGiveTheSameOutcomesOnBothBackends() throws Exception {
        try (ClusterRun run = ClusterRun.start(seedDesign(), DockerBackend.create(engine, "kc-test-diff-seed", s -> { }))) {
            NetworkPlan plan = run.plan();
            assertTrue(ReachabilityMatrix.pods(plan).size() >= 3, "the seed Pods");
            List<ProbeRequest> reqs = matrix(plan, List.of(80, 81), List.of(Protocol.TCP));
            assertEquals(simVerdicts(plan, reqs), verdicts(reqs, run.probeAll(reqs)));
        }
    }

    static ClusterFixture policyCluster() {
        ClusterFixture f = ClusterFixture.threeNodes();
        for (String n : List.of("x", "y")) {
            f.namespace(n, Map.of("ns", n));
        }
        for (String n : List.of("x", "y")) {
            for (String p : List.of("a", "b")) {
                f.pod(n, p, p.equals("b") ? "worker-2" : "worker-1", Map.of("pod", p),
                        named("serve-80-tcp", 80, "TCP"), named("serve-81-tcp", 81, "TCP"),
                        named("serve-80-udp", 80, "UDP"));
            }
        }
        return f;
    }

    static String policy(String ns, String name, String spec) {
        return "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: " + name + "\n  namespace: " + ns
                + "\nspec:\n" + spec.stripIndent().lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n");
    }

    @Test
    void networkPolicyScenariosGiveTheSameOutcomesAndTheSameDroppingRuleOnBothBackends() {
        List<ClusterFixture> scenarios = List.of(
                policyCluster(),
                policyCluster().policy(policy("x", "deny-ingress", """
                        podSelector: {}
                        policyTypes: [Ingress]
                        """)),
                policyCluster().policy(policy("x", "allow-a-from-y-on-80", """
                        podSelector: {matchLabels: {pod: a}}
                        policyTypes: [Ingress]
                        ingress:
                        - from: [{namespaceSelector: {matchLabels: {ns: y}}, podSelector: {matchLabels: {pod: b}}}]
                          ports: [{port: 80, protocol: TCP}]
                        """)),
                policyCluster().policy(policy("y", "deny-egress-but-named-port", """
                        podSelector: {}
                        policyTypes: [Egress]
                        egress:
                        - ports: [{port: serve-81-tcp}]
                        """)));
        try (DockerBackend docker = DockerBackend.create(engine, "kc-test-diff-pol", s -> { })) {
            int i = 0;
            for (ClusterFixture f : scenarios) {
                NetworkPlan plan = NetworkPlan.compute(f.build());
                docker.apply(plan);
                List<ProbeRequest> reqs = matrix(plan, List.of(80, 81), List.of(Protocol.TCP));
                reqs.addAll(matrix(plan, List.of(80), List.of(Protocol.UDP)));
                assertEquals(simVerdicts(plan, reqs), verdicts(reqs, docker.probeAll(reqs)), "scenario " + i);
                i++;
            }
        }
    }

    /** The Ingress cases' cluster plus NodePort, LoadBalancer, UDP, a Service without endpoints and two policies. */
    static ClusterState flowsCluster() {
        return IngressCases.fixture()
                .pod("default", "near", "worker-1", Map.of("app", "client"))
                .pod("default", "echo", "worker-1", Map.of("app", "echo"), tcp(80), udp(5353))
                .service("default", "np", "NodePort", Map.of("be", "root"), port(80, "80"))
                .service("default", "lb", "LoadBalancer", Map.of("be", "wild"), port(8080, "80"))
                .service("default", "empty", "ClusterIP", Map.of("app", "nobody"), port(80, "80"))
                .policy(policy("default", "api-from-clients", """
                        podSelector: {matchLabels: {be: api}}
                        policyTypes: [Ingress]
                        ingress:
                        - from: [{podSelector: {matchLabels: {app: client}}}]
                        """))
                .policy(policy("default", "deny-exact", """
                        podSelector: {matchLabels: {be: exact}}
                        policyTypes: [Ingress]
                        """))
                .build();
    }

    static List<ProbeRequest> flows(NetworkPlan plan) {
        ServicePlan np = plan.service("default", "np");
        ServicePlan lb = plan.service("default", "lb");
        List<ProbeRequest> out = new ArrayList<>(List.of(
                ProbeRequest.tcp("default/near", "default/echo", 80),            // Pod to Pod, one node
                ProbeRequest.tcp("default/client", "default/echo", 80),          // Pod to Pod, across nodes (VXLAN)
                ProbeRequest.tcp("default/client", plan.service("default", "svc-root").clusterIp(), 80), // ClusterIP
                ProbeRequest.tcp("default/client", "svc-public", 80),            // a Service by its DNS name
                ProbeRequest.tcp("default/client", "svc-impl.default", 80),
                ProbeRequest.tcp("external", "node/worker-1", np.ports().get(0).nodePort()),   // NodePort
                ProbeRequest.tcp("external", "node/worker-2", np.ports().get(0).nodePort()),
                ProbeRequest.tcp("external", lb.loadBalancerIp(), 8080),        // LoadBalancer
                ProbeRequest.tcp("external", plan.pod("default", "echo").ip(), 80), // no route from outside to a Pod
                new ProbeRequest("default/client", plan.dns().serviceIp(), 53, Protocol.UDP),  // a DNS query
                new ProbeRequest("default/near", "default/echo", 5353, Protocol.UDP),         // UDP answered
                new ProbeRequest("default/client", "default/echo", 9999, Protocol.UDP),       // UDP to a closed port
                ProbeRequest.tcp("default/client", "default/echo", 81),          // TCP to a closed port
                ProbeRequest.tcp("default/client", "empty", 80),                 // a Service without endpoints
                ProbeRequest.tcp("default/client", "default/be-api", 80),        // allowed by the policy
                ProbeRequest.tcp("default/echo", "default/be-api", 80),          // dropped by the policy
                ProbeRequest.tcp("default/client", "default/be-exact", 80)));   // dropped: isolated
        for (String[] req : IngressCases.REQUESTS) {
            out.add(ProbeRequest.tcp("external", "http://" + req[0] + req[1], 0)); // every Ingress case
        }
        // TLS on 443: the Secret's certificate or the controller's fake one, curl -k accepts either
        for (String url : List.of("https://shop.local/api/users", "https://eu.shop.local/x", "https://other.example/public",
                "https://shop.local/gone/x", "https://shop.local/api/v1")) {
            out.add(ProbeRequest.tcp("external", url, 0));
        }
        // from Pods through the controller: X-Forwarded-For is that client as the controller saw it (flannel masquerades
        // a Pod's traffic to another node's address: the client's node), never the edge's address
        out.add(ProbeRequest.tcp("default/client", "http://shop.local/", 0));
        out.add(ProbeRequest.tcp("default/near", "https://eu.shop.local/x", 0));
        return out;
    }

    @Test
    void everyFlowGivesTheSameOutcomeOnBothBackends() {
        NetworkPlan plan = NetworkPlan.compute(flowsCluster());
        List<ProbeRequest> reqs = flows(plan);
        try (DockerBackend docker = DockerBackend.create(engine, "kc-test-diff-flows", s -> { })) {
            docker.apply(plan);
            String sim = simVerdicts(plan, reqs);
            assertTrue(sim.contains("policy_dropped by") || sim.contains("policy_dropped: cali-") || sim.contains("policy_dropped: KUBE-NWPLCY"), sim);
            assertTrue(sim.contains("HTTP 504"), "an Ingress backend a policy blocks: " + sim);
            assertTrue(sim.contains("https://eu.shop.local/x:0/TCP  delivered by default/be-wild (peer 10.244.0.0, X-Forwarded-For "
                    + plan.externalAddress() + ")"), "TLS on 443 reaches the endpoint from the controller's node: " + sim);
            for (String[] c : List.of(new String[]{"client", "http://shop.local/", "be-root"},
                    new String[]{"near", "https://eu.shop.local/x", "be-wild"})) {
                String node = plan.node(plan.pod("default", c[0]).node()).underlay().address().addressText();
                assertTrue(sim.contains("default/" + c[0] + " -> " + c[1] + ":0/TCP  delivered by default/" + c[2]
                        + " (peer 10.244.0.0, X-Forwarded-For " + node + ")"), "the client's node, not the edge "
                        + plan.externalAddress() + ": " + sim);
            }
            assertEquals(sim, verdicts(reqs, docker.probeAll(reqs)));
            // the hops: the same interfaces in the same order on both, for the Pod flows
            for (ProbeRequest r : List.of(reqs.get(0), reqs.get(1), reqs.get(2))) {
                String src = plan.pod(r.from()).ip();
                List<String> simSeq;
                try (SimBackend s = new SimBackend(7)) {
                    s.apply(plan);
                    simSeq = DockerFlowsTest.synHops(s.probe(r).hops(), src, true);
                }
                List<PacketEvent> dockerHops = docker.probe(r).hops();
                assertEquals(simSeq, DockerFlowsTest.synHops(dockerHops, src, false), r.toString());
            }
            try (DockerBackend attached = DockerBackend.attach(engine, "kc-test-diff-flows", s -> { })) {
                assertEquals(plan, attached.plan(), "the cluster keeps the plan it runs");
                assertUnchanged(attached, () -> attached.probeAll(reqs));
            }
        }
    }

    /** Readiness and ExternalName: Pods, Services, and the probes of a stand-in's HTTP port that succeeds and one that fails. */
    static final String READINESS_DESIGN = """
            apiVersion: kubecanvas.io/v1alpha1
            kind: Cluster
            metadata: {name: ready}
            spec:
              nodes: [{name: control-plane, role: control-plane}, {name: worker-1, role: worker}, {name: worker-2, role: worker}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: client}
            spec:
              nodeName: worker-1
              containers: [{name: c, image: example.local/client:1}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: ready, labels: {app: web, role: ready}}
            spec:
              nodeName: worker-1
              containers:
                - name: web
                  image: example.local/web:1
                  ports: [{containerPort: 80, name: http}]
                  readinessProbe: {httpGet: {port: http, path: /healthz}, periodSeconds: 2}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: unready, labels: {app: web, role: unready}}
            spec:
              nodeName: worker-2
              containers:
                - name: web
                  image: example.local/web:1
                  ports: [{containerPort: 80, name: http}]
                  readinessProbe: {tcpSocket: {port: 81}, periodSeconds: 2}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              selector: {app: web}
              ports: [{port: 80, targetPort: http}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: unready-only}
            spec:
              selector: {role: unready}
              ports: [{port: 80, targetPort: http}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: unready-published}
            spec:
              selector: {role: unready}
              publishNotReadyAddresses: true
              ports: [{port: 80, targetPort: http}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: ext}
            spec: {type: ExternalName, externalName: foo.example.com}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: alias}
            spec: {type: ExternalName, externalName: web.default.svc.cluster.local.}
            """;

    /**
     * Readiness and ExternalName Services, each backend deciding readiness its own way (the sim from the Pod's
     * listeners, docker by running the probes against the containers). Upstream: the Kubernetes docs "Configure
     * Liveness, Readiness and Startup Probes" (a Pod whose readiness probe fails is removed from its Services'
     * endpoints; traffic to the Pod itself still arrives), test/e2e/network/service.go "should create endpoints
     * for unready pods" (publishNotReadyAddresses keeps an unready Pod an endpoint), and test/e2e/network/dns.go
     * "should provide DNS for ExternalName services" (the name answers a CNAME to the external name; through an
     * alias of a cluster Service the connection reaches that Service's endpoint).
     */
    @Test
    void readinessAndExternalNameGiveTheSameOutcomesOnBothBackends() throws Exception {
        Design design = DesignIO.parse("ready.yaml", READINESS_DESIGN);
        String domain = "default.svc.cluster.local";
        List<ProbeRequest> reqs = List.of(
                ProbeRequest.tcp("default/client", "web", 80),               // only the ready Pod is an endpoint
                ProbeRequest.tcp("default/client", "web", 80),
                ProbeRequest.tcp("default/client", "web", 80),
                ProbeRequest.tcp("default/client", "unready-only", 80),      // its one Pod is unready: no endpoints
                ProbeRequest.tcp("default/client", "unready-published", 80), // publishNotReadyAddresses
                ProbeRequest.tcp("default/client", "default/unready", 80),   // the Pod itself still answers
                new ProbeRequest("default/client", "dns:ext." + domain, 0, Protocol.UDP),   // CNAME foo.example.com
                new ProbeRequest("default/client", "dns:alias." + domain, 0, Protocol.UDP), // CNAME, then the A record
                ProbeRequest.tcp("default/client", "alias", 80),              // through the alias to the ready Pod
                ProbeRequest.tcp("default/client", "ext", 80));               // the alias's end has no address here
        String sim;
        String simReadiness;
        try (ClusterRun run = ClusterRun.start(design, new SimBackend(7))) {
            run.advance(java.time.Duration.ofSeconds(10));
            sim = verdicts(reqs, run.probeAll(reqs));
            simReadiness = readiness(run);
        }
        assertTrue(sim.contains("web:80/TCP  delivered by default/ready\n"), sim);
        assertTrue(sim.contains("unready-published:80/TCP  delivered by default/unready\n"), sim);
        assertTrue(sim.contains("dns:ext." + domain + ":0/UDP  delivered by cluster DNS NOERROR ext." + domain
                + " CNAME foo.example.com\n"), sim);
        assertTrue(sim.contains("CNAME web." + domain + " A "), sim);
        assertTrue(sim.contains("alias:80/TCP  delivered by default/ready\n"), sim);
        assertTrue(simReadiness.contains("default/unready ready=false"), simReadiness);
        try (ClusterRun run = ClusterRun.start(design, DockerBackend.create(engine, "kc-test-diff-ready", s -> { }))) {
            run.advance(java.time.Duration.ofSeconds(10));
            assertEquals(simReadiness, readiness(run), "the same Pods ready, the same endpoints");
            assertEquals(sim, verdicts(reqs, run.probeAll(reqs)));
        }
    }

    /** Each Pod's readiness, and each Service port's endpoints with their ready flag (the EndpointSlices). */
    static String readiness(ClusterRun run) {
        StringBuilder b = new StringBuilder();
        run.state().pods().stream().filter(p -> "default".equals(p.namespace()))
                .forEach(p -> b.append(p.namespace()).append('/').append(p.name()).append(" ready=").append(p.ready()).append('\n'));
        for (ServicePlan s : run.plan().services()) {
            if (s.key().equals("default/kubernetes")) {
                continue; // the API server's address is on the underlay, which docker moves off a range in use
            }
            for (ServicePlan.Port port : s.ports()) {
                b.append(s.key()).append(':').append(port.port()).append(' ');
                port.backends().forEach(e -> b.append(e.pod()).append('@').append(e.ip()).append(e.ready() ? " ready " : " unready "));
                b.append('\n');
            }
        }
        return b.toString();
    }

    /** Read-only: probing an attached cluster changes nothing in it. */
    static void assertUnchanged(EmulatorBackend attached, Runnable probes) {
        List<String> before = engine.containers(Labels.clusterFilter("kc-test-diff-flows")).stream()
                .map(c -> c.id() + c.running()).sorted().toList();
        probes.run();
        List<String> after = engine.containers(Labels.clusterFilter("kc-test-diff-flows")).stream()
                .map(c -> c.id() + c.running()).sorted().toList();
        assertEquals(before, after);
    }
}
