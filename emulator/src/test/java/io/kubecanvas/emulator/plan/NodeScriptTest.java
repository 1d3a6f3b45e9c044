package io.kubecanvas.emulator.plan;

import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.Cluster;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one rendering of the plan: the script {@code kubecanvas plan --node N} prints and the docker backend runs. */
class NodeScriptTest {
    private final ClusterState state = ClusterFixture.threeNodes()
            .pod("default", "web", "worker-1", Map.of("app", "web"), ClusterFixture.tcp(80))
            .pod("default", "client", "worker-2", Map.of("app", "client"))
            .service("default", "web", "NodePort", Map.of("app", "web"), ClusterFixture.port(80, "80"))
            .ingress("""
                    apiVersion: networking.k8s.io/v1
                    kind: Ingress
                    metadata: {name: web, namespace: default}
                    spec:
                      tls: [{hosts: [secure.local]}]
                      rules:
                      - host: example.local
                        http:
                          paths:
                          - {path: /api, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
                      - host: secure.local
                        http:
                          paths:
                          - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
                    """)
            .build();
    private final NetworkPlan plan = NetworkPlan.compute(state);

    /** The here-document given to the command that starts with {@code start}. */
    static String heredoc(String script, String start) {
        int at = script.indexOf(start);
        assertTrue(at >= 0, "the script runs " + start);
        int from = script.indexOf('\n', at + 1) + 1;
        return script.substring(from, script.indexOf("KUBECANVAS_EOF\n", from));
    }

    static String written(String script, String path) {
        return NodePlanScripts.written(script, path);
    }

    @Test
    void theIptablesInputIsThePlansAndOnlyOurChainsAreFlushed() {
        String sh = plan.render("worker-1");
        assertEquals(plan.node("worker-1").iptablesRestore(), written(sh, "$D/iptables.rules"));
        assertTrue(sh.contains("iptables-restore -w --noflush"));
        assertFalse(sh.contains("iptables -t nat -F\n") || sh.contains("iptables -F\n"), "never a whole-table flush");
        for (IptablesTable t : plan.node("worker-1").iptables()) {
            for (IptablesRule jump : t.builtinJumps()) {
                assertTrue(sh.contains("\njump " + t.name() + " " + NodeScript.shq(jump.render()) + "\n"), jump.render());
            }
        }
    }

    @Test
    void podsArePlumbedByTheCniBridgePluginWithExactlyTheirPlannedAddress() {
        String sh = plan.render("worker-1");
        var web = state.pod("default", "web");
        String conf = written(sh, "$D/cni/default_web.conf");
        assertTrue(conf.contains("\"type\":\"bridge\""));
        assertTrue(conf.contains("\"type\":\"host-local\""));
        assertTrue(conf.contains("\"rangeStart\":\"" + web.ip() + "\",\"rangeEnd\":\"" + web.ip() + "\""));
        var veth = plan.node("worker-1").veth("default/web");
        assertTrue(sh.contains("pod_up 'default/web' default_web " + veth.hostName() + " " + veth.hostMac()
                + " " + veth.podMac() + " " + veth.gateway() + " " + veth.netns()));
        assertTrue(sh.contains("ln -sfn /proc/$pid/ns/net /var/run/netns/$7"), "the sandbox's namespace gets the plan's name");
        assertTrue(sh.contains("cni ADD $2 /var/run/netns/$7 $D/cni/$2.conf"), "the CNI call, printed as it runs");
        assertFalse(sh.contains("default_client.conf"), "the client runs on worker-2");
    }

    @Test
    void podsOnOneNodeKnowEachOtherAndTheirGatewayByPermanentNeighbourEntriesAndOnlyThose() {
        NetworkPlan two = NetworkPlan.compute(ClusterFixture.threeNodes()
                .pod("default", "a", "worker-1", Map.of())
                .pod("default", "b", "worker-1", Map.of())
                .pod("default", "c", "worker-2", Map.of())
                .build());
        String sh = two.render("worker-1");
        NodePlan n = two.node("worker-1");
        var a = n.veth("default/a");
        var b = n.veth("default/b");
        // one ip process per Pod: its eth0 settings when it is plumbed in this run, then its neighbours
        String inA = heredoc(sh, "ip -n " + a.netns() + " -force -batch - <<");
        assertTrue(inA.startsWith("${eth0[" + a.netns() + "]:-}neigh flush dev eth0 nud permanent\n"),
                "what the last run put there goes first: " + inA);
        assertTrue(inA.contains("neigh replace " + b.podIp() + " lladdr " + b.podMac() + " dev eth0 nud permanent"), inA);
        assertTrue(inA.contains("neigh replace " + a.gateway() + " lladdr " + n.bridge().mac() + " dev eth0 nud permanent"), inA);
        assertFalse(inA.contains(" " + a.podIp() + " "), "not itself");
        assertFalse(inA.contains(two.pod("default", "c").ip()), "a Pod on another node is reached through the gateway");
        String onNode = heredoc(sh, "\nip -force -batch - <<KUBECANVAS_EOF");
        assertTrue(onNode.startsWith("${post}"), "the host-side veths are renamed in the same process: " + onNode);
        assertTrue(onNode.contains("neigh flush dev " + n.bridge().name() + " nud permanent"), onNode);
        assertTrue(onNode.contains("neigh replace " + a.podIp() + " lladdr " + a.podMac() + " dev " + n.bridge().name()), onNode);
    }

    @Test
    void vxlanModeBuildsThePlansFlannelDeviceAndPeerEntries() {
        String sh = plan.render("worker-1");
        var vx = plan.node("worker-1").vxlan();
        assertTrue(sh.contains("type vxlan id 1 dstport 8472 local 172.30.0.3 dev eth0 nolearning"));
        String links = heredoc(sh, "ip -force -batch - <<'");
        assertTrue(links.contains("link set flannel.1 address " + vx.mac()), links);
        String fdb = heredoc(sh, "bridge -force -batch - <<'");
        for (var f : plan.node("worker-1").fdb()) {
            assertTrue(fdb.contains("fdb replace " + f.mac() + " dev flannel.1 dst " + f.dst() + " self permanent\n"), fdb);
        }
        assertTrue(links.contains("\nroute replace 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink\n"), links);
    }

    @Test
    void hostGwModeRoutesThroughThePeersUnderlayAddress() {
        ClusterState hg = ClusterFixture.threeNodes().cni(Cluster.NetworkSettings.HOST_GW).build();
        String sh = NetworkPlan.compute(hg).render("worker-1");
        assertTrue(heredoc(sh, "ip -force -batch - <<'").contains("\nroute replace 10.244.2.0/24 via 172.30.0.4 dev eth0\n"), sh);
        assertTrue(sh.contains("ip link del flannel.1"));
        assertFalse(sh.contains("type vxlan"));
    }

    @Test
    void theIngressNodeRunsNginxConfiguredFromTheIngressTableWithTheFakeCertificateForHostsWithoutSecret() {
        String node = plan.ingress().node();
        String sh = plan.render(node);
        String conf = written(sh, NginxConfig.DIR + "/nginx.conf");
        assertEquals(NginxConfig.render(plan.ingress()), conf);
        assertTrue(conf.contains("server_name example.local;"));
        assertTrue(conf.contains("location = /api { add_header X-Ingress-Node " + node + " always; add_header X-Ingress-Route"
                + " default/web always; proxy_pass http://default-web-80; }"), conf);
        assertTrue(conf.contains("upstream default-web-80 { server " + state.pod("default", "web").ip() + ":80 max_fails=0; }"),
                "the upstream is the Service's endpoint, not its ClusterIP: " + conf);
        assertTrue(conf.contains("location /api/ {"), "Prefix matches by path element");
        assertTrue(conf.contains("listen 443 ssl;"));
        assertTrue(sh.contains("openssl req -x509") && sh.contains(NginxConfig.FAKE_CERTIFICATE));
        String other = plan.render("worker-2".equals(node) ? "worker-1" : "worker-2");
        assertFalse(other.contains("nginx.conf"));
    }

    @Test
    void everyNodeScriptDeclaresItsStateAndEndsWithTheFailureStatus() {
        for (NodePlan n : plan.nodes()) {
            String sh = plan.render(n.name());
            assertTrue(sh.startsWith("#!/bin/bash\n# kubecanvas: node " + n.name() + " ("), sh.lines().findFirst().orElse(""));
            assertTrue(sh.endsWith("\nexit $fail\n"));
            assertFalse(sh.contains("iptables -t nat -F\n") || sh.contains("iptables -F\n"), "never a whole-table flush");
        }
    }
}
