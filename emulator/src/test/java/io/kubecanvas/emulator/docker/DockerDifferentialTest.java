package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.backend.Protocol;
import io.kubecanvas.emulator.backend.ReachabilityMatrix;
import io.kubecanvas.emulator.control.ControlPlane;
import io.kubecanvas.emulator.plan.ClusterFixture;
import io.kubecanvas.emulator.plan.NetworkPlan;
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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same reachability table on both backends: the seed designs, and NetworkPolicy scenarios of the
 * upstream truth-table suite applied one after the other to one running cluster (a live change each).
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
        for (String n : List.of("kc-test-diff-seed", "kc-test-diff-pol")) {
            RunningClusters.remove(engine, n);
            assertTrue(engine.containers(Labels.clusterFilter(n)).isEmpty());
        }
        engine.close();
    }

    /** The docker table in the same text form as the sim's, built from one batch of real probes. */
    static String dockerTable(DockerBackend docker, ClusterState state, List<Integer> ports, List<Protocol> protos) {
        List<String> pods = ReachabilityMatrix.pods(docker.plan());
        List<ProbeRequest> reqs = new ArrayList<>();
        for (Protocol proto : protos) {
            for (int port : ports) {
                for (String from : pods) {
                    for (String to : pods) {
                        reqs.add(new ProbeRequest(from, to, port, proto));
                    }
                }
            }
        }
        List<ProbeResult> rs = docker.probeAll(reqs);
        StringBuilder b = new StringBuilder();
        int i = 0;
        for (Protocol proto : protos) {
            for (int port : ports) {
                b.append(proto).append('/').append(port).append('\n');
                for (String from : pods) {
                    b.append(from);
                    for (String ignored : pods) {
                        b.append(' ').append(rs.get(i++).delivered() ? '.' : 'X');
                    }
                    b.append('\n');
                }
            }
        }
        return b.toString();
    }

    static String simTable(ClusterState state, List<Integer> ports, List<Protocol> protos) {
        SimBackend sim = new SimBackend(7);
        sim.apply(NetworkPlan.compute(state));
        ReachabilityMatrix m = ReachabilityMatrix.probe(sim, ports, protos, ReachabilityMatrix.Via.POD_IP);
        StringBuilder b = new StringBuilder();
        for (Protocol proto : protos) {
            for (int port : ports) {
                b.append(proto).append('/').append(port).append('\n');
                for (String from : m.pods()) {
                    b.append(from);
                    for (String to : m.pods()) {
                        b.append(' ').append(m.allowed(from, to, port, proto) ? '.' : 'X');
                    }
                    b.append('\n');
                }
            }
        }
        sim.close();
        return b.toString();
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
    void theSeedDesignsGiveTheSameTableOnBothBackends() throws Exception {
        ClusterState state = ControlPlane.start(seedDesign(), 1L).state();
        assertTrue(ReachabilityMatrix.pods(NetworkPlan.compute(state)).size() >= 3, "the seed Pods");
        try (DockerBackend docker = DockerBackend.create(engine, "kc-test-diff-seed", s -> { })) {
            docker.apply(NetworkPlan.compute(state));
            List<Integer> ports = List.of(80, 81);
            assertEquals(simTable(state, ports, List.of(Protocol.TCP)), dockerTable(docker, state, ports, List.of(Protocol.TCP)));
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
    void networkPolicyScenariosGiveTheSameTableOnBothBackends() {
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
                ClusterState state = f.build();
                docker.apply(NetworkPlan.compute(state));
                List<Integer> ports = List.of(80, 81);
                List<Protocol> protos = List.of(Protocol.TCP);
                assertEquals(simTable(state, ports, protos), dockerTable(docker, state, ports, protos), "scenario " + i);
                String udpSim = simTable(state, List.of(80), List.of(Protocol.UDP));
                assertEquals(udpSim, dockerTable(docker, state, List.of(80), List.of(Protocol.UDP)), "scenario " + i + " UDP");
                i++;
            }
        }
    }
}
