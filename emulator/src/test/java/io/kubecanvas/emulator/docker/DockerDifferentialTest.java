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
 * and the X-Forwarded-For it received),
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
        for (String n : List.of("kc-test-diff-seed", "kc-test-diff-pol", "kc-test-diff-flows")) {
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
            b.append(' ').append(reason.split(" ")[0]);
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
