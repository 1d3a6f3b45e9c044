package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.plan.ClusterFixture;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.Cluster;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeDataplaneTest {
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

    private String file(NodeDataplane d, String name) {
        return new String(d.files().get(name), StandardCharsets.UTF_8);
    }

    @Test
    void theIptablesInputIsThePlansAndOnlyOurChainsAreFlushed() {
        NodeDataplane d = new NodeDataplane(state, plan, "worker-1");
        assertEquals(plan.node("worker-1").iptablesRestore(), file(d, "iptables.rules"));
        String sh = file(d, "apply.sh");
        assertTrue(sh.contains("iptables-restore -w --noflush"));
        assertFalse(sh.contains("iptables -t nat -F\n") || sh.contains("iptables -F\n"), "never a whole-table flush");
        for (String jump : plan.node("worker-1").iptablesJumps()) {
            assertTrue(sh.contains(jump), jump);
        }
    }

    @Test
    void podsArePlumbedByTheCniBridgePluginWithExactlyTheirPlannedAddress() {
        NodeDataplane d = new NodeDataplane(state, plan, "worker-1");
        var web = state.pod("default", "web");
        String conf = file(d, "cni/default_web.conf");
        assertTrue(conf.contains("\"type\":\"bridge\""));
        assertTrue(conf.contains("\"type\":\"host-local\""));
        assertTrue(conf.contains("\"rangeStart\":\"" + web.ip() + "\",\"rangeEnd\":\"" + web.ip() + "\""));
        var veth = plan.node("worker-1").veth("default/web");
        assertTrue(file(d, "apply.sh").contains("pod_up 'default/web' default_web " + veth.hostName() + " " + veth.hostMac()
                + " " + veth.podMac() + " " + veth.gateway()));
        assertFalse(d.files().containsKey("cni/default_client.conf"), "the client runs on worker-2");
    }

    @Test
    void vxlanModeBuildsThePlansFlannelDeviceAndPeerEntries() {
        String sh = file(new NodeDataplane(state, plan, "worker-1"), "apply.sh");
        var vx = plan.node("worker-1").vxlan();
        assertTrue(sh.contains("type vxlan id 1 dstport 8472 local 172.30.0.3 dev eth0 nolearning"));
        assertTrue(sh.contains("ip link set flannel.1 address " + vx.mac()));
        for (var f : plan.node("worker-1").fdb()) {
            assertTrue(sh.contains("bridge fdb replace " + f.mac() + " dev flannel.1 dst " + f.dst()));
        }
        assertTrue(sh.contains("ip route replace 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink"));
    }

    @Test
    void hostGwModeRoutesThroughThePeersUnderlayAddress() {
        ClusterState hg = ClusterFixture.threeNodes().cni(Cluster.NetworkSettings.HOST_GW).build();
        String sh = file(new NodeDataplane(hg, NetworkPlan.compute(hg), "worker-1"), "apply.sh");
        assertTrue(sh.contains("ip route replace 10.244.2.0/24 via 172.30.0.4 dev eth0"));
        assertTrue(sh.contains("ip link del flannel.1"));
        assertFalse(sh.contains("type vxlan"));
    }

    @Test
    void theIngressNodeRunsNginxWithHostAndPathRoutesAndASelfSignedCertificate() {
        String node = plan.ingress().node();
        NodeDataplane d = new NodeDataplane(state, plan, node);
        String conf = file(d, "nginx/nginx.conf");
        assertTrue(conf.contains("server_name example.local;"));
        assertTrue(conf.contains("location = /api { proxy_pass http://" + state.service("default", "web").clusterIp() + ":80; }"));
        assertTrue(conf.contains("location /api/ {"), "Prefix matches by path element");
        assertTrue(conf.contains("listen 443 ssl;"));
        assertTrue(file(d, "apply.sh").contains("openssl req -x509"));
        NodeDataplane other = new NodeDataplane(state, plan, "worker-2".equals(node) ? "worker-1" : "worker-2");
        assertFalse(other.files().containsKey("nginx/nginx.conf"));
    }
}
