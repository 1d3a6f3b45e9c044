package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.docker.DockerEngine.ContainerInfo;
import io.kubecanvas.emulator.docker.DockerEngine.ExecResult;
import io.kubecanvas.emulator.docker.DockerEngine.NetworkInfo;
import io.kubecanvas.emulator.run.ClusterRun;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a cluster may do to the machine it runs on, read from the running containers themselves: the kernel's
 * view of each container's capabilities (/proc/1/status, never by trying them), its seccomp mode, and the
 * networks' and ports' settings as the engine reports them.
 */
@Tag("docker")
class DockerLeastPrivilegeTest {
    static final String NAME = "kc-test-privilege";
    /** Capability numbers (linux/capability.h) of what acts on the host rather than on the container. */
    static final Map<String, Integer> FORBIDDEN_BITS = Map.of("SYS_MODULE", 16, "SYS_RAWIO", 17, "SYS_PTRACE", 19,
            "SYS_BOOT", 22, "SYS_TIME", 25);
    static final String DESIGN = """
            apiVersion: kubecanvas.io/v1alpha1
            kind: Cluster
            metadata: {name: privilege}
            spec:
              nodes:
                - {name: control-plane, role: control-plane}
                - {name: worker-1, role: worker}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: web, labels: {app: web}}
            spec:
              containers:
                - {name: web, image: nginx:latest, ports: [{containerPort: 80}]}
                - {name: side, image: busybox:latest}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: alone}
            spec:
              nodeName: worker-1
              containers:
                - {name: db, image: kubecanvas.invalid/no-such-image:1, ports: [{containerPort: 5432}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              type: NodePort
              selector: {app: web}
              ports: [{port: 80, targetPort: 80, nodePort: 30080}]
            """;

    static DockerJavaEngine engine;
    static ClusterRun run;

    static TestCluster test;

    @BeforeAll
    static void up() throws Exception {
        test = TestCluster.up(NAME, DesignIO.parse("privilege.yaml", DESIGN));
        engine = test.engine;
        run = test.run;
    }

    @AfterAll
    static void down() {
        if (test != null) {
            test.close();
        }
    }

    @Test
    void noContainerOfTheClusterHoldsACapabilityThatActsOnTheHost() {
        List<ContainerInfo> all = engine.containers(Labels.clusterFilter(NAME));
        List<String> roles = all.stream().map(c -> c.label(Labels.ROLE)).distinct().sorted().toList();
        assertTrue(roles.containsAll(List.of(Labels.ROLE_NODE, Labels.ROLE_SANDBOX, Labels.ROLE_CONTAINER, Labels.ROLE_EDGE)),
                "every kind of container is checked: " + roles);
        List<String> wrong = new ArrayList<>();
        for (ContainerInfo c : all) {
            assertTrue(c.running(), c.name() + " runs");
            // the container's first process and a process started in it now (a sandbox shares its node's PID
            // namespace, so its /proc/1 is the node's: /proc/self is the sandbox's own)
            for (String proc : List.of("/proc/1/status", "/proc/self/status")) {
            ExecResult r = engine.exec(c.id(), List.of("cat", proc));
            assertTrue(r.ok(), c.name() + ": " + r.stderr());
            Map<String, String> status = status(r.stdout());
            for (String set : List.of("CapEff", "CapPrm", "CapBnd")) {
                BigInteger bits = new BigInteger(status.get(set), 16);
                FORBIDDEN_BITS.forEach((cap, bit) -> {
                    if (bits.testBit(bit)) {
                        wrong.add(c.name() + " " + proc + " has CAP_" + cap + " in " + set + " (" + status.get(set) + ")");
                    }
                });
            }
            // 2 = SECCOMP_MODE_FILTER: the engine's default profile applies (0 would be unconfined)
            if (!"2".equals(status.get("Seccomp"))) {
                wrong.add(c.name() + " runs without a seccomp filter (Seccomp: " + status.get("Seccomp") + ")");
            }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void nodesKeepOnlyTheirNamedCapabilitiesAndNobodyGainsPrivilegesByExec() {
        for (ContainerInfo c : engine.containers(Labels.clusterFilter(NAME))) {
            Map<String, String> status = status(engine.exec(c.id(), List.of("cat", "/proc/self/status")).stdout());
            BigInteger eff = new BigInteger(status.get("CapEff"), 16);
            if (Labels.ROLE_NODE.equals(c.label(Labels.ROLE))) {
                // NET_ADMIN 12, SYS_ADMIN 21, NET_RAW 13: what the node's plumbing needs, and SYS_RESOURCE 24 is not there
                assertTrue(eff.testBit(12) && eff.testBit(21) && eff.testBit(13), c.name() + " CapEff " + status.get("CapEff"));
                assertFalse(eff.testBit(24), c.name() + " has SYS_RESOURCE");
                assertEquals(ClusterContainers.NODE_CAP_ADD.size(), eff.bitCount(),
                        c.name() + ": exactly the named capabilities, CapEff " + status.get("CapEff"));
            }
            if (Labels.ROLE_SANDBOX.equals(c.label(Labels.ROLE))) {
                // NET_RAW 13 for ping; a sandbox that runs its Pod's stand-in NET_BIND_SERVICE 10 too, and one that
                // runs the cluster DNS stand-in dnsmasq's SETGID 6 and SETUID 7 as well
                BigInteger allowed = BigInteger.ONE.shiftLeft(13).or(Labels.runsContainer(c.labels())
                        ? BigInteger.ONE.shiftLeft(10) : BigInteger.ZERO);
                if (c.label(Labels.DNS_SERVER) != null) {
                    assertTrue(Labels.runsContainer(c.labels()), c.name() + " runs the cluster DNS stand-in itself");
                    allowed = allowed.setBit(6).setBit(7);
                }
                assertEquals(allowed, eff, c.name() + " holds a namespace; ping (NET_RAW) is all it may do, and serve its ports");
            }
            assertEquals("1", status.get("NoNewPrivs"), c.name() + " may not gain privileges through exec");
        }
    }

    @Test
    void aPodItsNodeRunsHasItsOwnNamespacesAndOnlyItsSandboxsCapabilities() {
        ContainerInfo alone = engine.containers(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + NAME,
                Labels.ROLE + "=" + Labels.ROLE_SANDBOX, Labels.POD + "=default/alone")).get(0);
        assertTrue(alone.id().startsWith(NodePods.PREFIX), "a Pod of one stand-in is run by its node: " + alone.id());
        assertTrue(alone.running());
        ContainerInfo node = engine.containers(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + NAME,
                Labels.ROLE + "=" + Labels.ROLE_NODE, Labels.NODE + "=worker-1")).get(0);
        // the kernel's view of the pause process and of the stand-in it started, read from the node
        ExecResult r = engine.exec(node.id(), List.of("/bin/bash", "-c", "p=$(pgrep -o -f 'kubecanvas-pause default/alone');"
                + " s=$(pgrep -P $p -f kubecanvas-standin); for q in $p $s; do echo \"== $q\"; cat /proc/$q/status;"
                + " for n in net uts mnt; do echo \"ns-$n: $(readlink /proc/$q/ns/$n) $(readlink /proc/1/ns/$n)\"; done; done"));
        assertTrue(r.ok(), r.stderr());
        String[] procs = r.stdout().split("== ");
        assertEquals(3, procs.length, "the pause and its stand-in: " + r.stdout());
        for (int i = 1; i < procs.length; i++) {
            Map<String, String> status = status(procs[i]);
            for (String set : List.of("CapEff", "CapPrm", "CapBnd")) {
                assertEquals(BigInteger.ONE.shiftLeft(13).or(BigInteger.ONE.shiftLeft(10)), new BigInteger(status.get(set), 16),
                        "NET_RAW and NET_BIND_SERVICE only, in " + set + ": " + procs[i]);
            }
            assertEquals("1", status.get("NoNewPrivs"));
            assertEquals("2", status.get("Seccomp"), "the node's seccomp filter applies");
            for (String n : List.of("net", "uts", "mnt")) {
                String[] ids = status.get("ns-" + n).split(" ");
                assertFalse(ids[0].equals(ids[1]), "its own " + n + " namespace, not the node's: " + status.get("ns-" + n));
            }
        }
        ExecResult in = engine.exec(alone.id(), List.of("/bin/sh", "-c", "hostname; cat /etc/resolv.conf; ip -o -4 addr show"));
        assertTrue(in.ok(), in.stderr());
        assertTrue(in.stdout().startsWith("alone\n"), in.stdout());
        assertTrue(in.stdout().contains("search default.svc.cluster.local"), "its own resolv.conf: " + in.stdout());
        assertTrue(in.stdout().matches("(?s).*\\blo\\s+inet 127\\.0\\.0\\.1/8.*"), "its loopback is up: " + in.stdout());
    }

    @Test
    void theUnderlayIsInternalTheAccessNetworkHasNoWayOutAndOnlyLoopbackIsPublished() {
        List<NetworkInfo> nets = engine.networks(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + NAME));
        NetworkInfo underlay = nets.stream().filter(n -> Labels.ROLE_UNDERLAY.equals(n.labels().get(Labels.ROLE)))
                .findFirst().orElseThrow();
        assertTrue(underlay.internal(), "the underlay is an internal network: nothing on it reaches the host's networks");
        NetworkInfo access = nets.stream().filter(n -> Labels.ROLE_ACCESS.equals(n.labels().get(Labels.ROLE)))
                .findFirst().orElseThrow();
        assertEquals("false", access.options().get("com.docker.network.bridge.enable_ip_masquerade"),
                "the access network (where Docker publishes the edge's ports) is not masqueraded to the outside");
        ContainerInfo edge = engine.containers(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + NAME,
                Labels.ROLE + "=" + Labels.ROLE_EDGE)).get(0);
        ExecResult routes = engine.exec(edge.id(), List.of("ip", "route", "show", "default"));
        assertEquals("", routes.stdout().strip(), "the edge has no default route");
        BigInteger bnd = new BigInteger(status(engine.exec(edge.id(), List.of("cat", "/proc/1/status")).stdout())
                .get("CapBnd"), 16);
        assertFalse(bnd.testBit(12), "the edge's processes cannot add a route back (no NET_ADMIN in their bounding set)");
        List<String> bindings = new ArrayList<>();
        for (ContainerInfo c : engine.containers(Labels.clusterFilter(NAME))) {
            bindings.addAll(engine.portBindings(c.id()));
        }
        assertFalse(bindings.isEmpty(), "the NodePort is published");
        assertTrue(bindings.stream().anyMatch(b -> b.endsWith("->30080/tcp")), bindings.toString());
        for (String b : bindings) {
            assertTrue(b.startsWith("127.0.0.1:"), "published on the loopback only: " + b);
        }
    }

    static Map<String, String> status(String text) {
        Map<String, String> out = new java.util.HashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                out.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        return out;
    }
}
