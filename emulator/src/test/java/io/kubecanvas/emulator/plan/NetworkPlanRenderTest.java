package io.kubecanvas.emulator.plan;

import io.kubecanvas.emulator.state.ClusterState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.kubecanvas.emulator.plan.ClusterFixture.port;
import static io.kubecanvas.emulator.plan.ClusterFixture.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class NetworkPlanRenderTest {

    public static ClusterState sample(String cni) {
        return ClusterFixture.threeNodes().cni(cni)
                .pod("default", "web-1", "worker-1", Map.of("app", "web"), tcp(80))
                .pod("default", "web-2", "worker-2", Map.of("app", "web"), tcp(80))
                .pod("default", "web-3", "worker-2", Map.of("app", "web"), tcp(80))
                .pod("default", "client", "worker-1", Map.of("app", "client"))
                .service("default", "web", "NodePort", Map.of("app", "web"), port(80, "80"))
                .service("default", "lonely", "ClusterIP", Map.of("app", "nobody"), port(80, "80"))
                .service("default", "edge", "LoadBalancer", Map.of("app", "web"), port(8080, "80"))
                .service("default", "sticky", "ClusterIP", Map.of("app", "web"), port(80, "80"))
                .clientIpAffinity("default", "sticky")
                .service("default", "local", "NodePort", Map.of("app", "web"), port(80, "80"))
                .externalTrafficLocal("default", "local")
                .policy("""
                        apiVersion: networking.k8s.io/v1
                        kind: NetworkPolicy
                        metadata: {name: web-from-client, namespace: default}
                        spec:
                          podSelector: {matchLabels: {app: web}}
                          ingress:
                          - from:
                            - podSelector: {matchLabels: {app: client}}
                            - ipBlock: {cidr: 172.30.0.0/24, except: [172.30.0.9/32]}
                            ports: [{port: 80}]
                        """)
                .build();
    }

    @Test
    void bridgeVethsAndVxlanDeviceFollowFlannelAndTheBridgePlugin() {
        NetworkPlan plan = NetworkPlan.compute(sample("flannel-vxlan"));
        NodePlan w1 = plan.node("worker-1");
        assertEquals("10.244.1.1/24", w1.bridge().address().toString());
        assertEquals("0a:58:0a:f4:01:01", w1.bridge().mac());
        NodePlan.VethPair web1 = w1.veth("default/web-1");
        assertEquals("10.244.1.2/24", web1.podAddress().toString());
        assertEquals("0a:58:0a:f4:01:02", web1.podMac());
        assertTrue(web1.hostName().startsWith("veth") && web1.hostName().length() <= 15);
        assertEquals("10.244.1.1", web1.gateway());
        assertEquals(1450, web1.mtu());
        assertEquals(1, w1.vxlan().vni());
        assertEquals(8472, w1.vxlan().port());
        assertEquals("10.244.1.0/32", w1.vxlan().address().toString());
        NodePlan.Route toW2 = w1.routes().stream().filter(r -> r.destination().toString().equals("10.244.2.0/24")).findFirst().orElseThrow();
        assertEquals("10.244.2.0", toW2.via());
        assertEquals("flannel.1", toW2.dev());
        assertTrue(toW2.onlink());
        String script = plan.render("worker-1");
        assertTrue(script.contains("ip link add flannel.1 type vxlan id 1 dstport 8472 local 172.30.0.3 dev eth0 nolearning"), script);
        assertTrue(script.contains("ln -sfn /proc/$pid/ns/net /var/run/netns/$7"), "the Pod's namespace is named as the plan names it");
        String links = NodeScriptTest.heredoc(script, "ip -force -batch - <<'");
        assertTrue(links.contains("\nroute replace 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink\n"), links);
        assertTrue(links.contains("\nneigh replace 10.244.2.0 lladdr " + NetworkPlan.vtepMac(sample("flannel-vxlan").node("worker-2"))
                + " dev flannel.1 nud permanent\n"), links);
        assertTrue(NodeScriptTest.heredoc(script, "bridge -force -batch - <<'")
                .contains("fdb replace 0e:fa:ac:1e:00:04 dev flannel.1 dst 172.30.0.4 self permanent\n"), script);
        assertTrue(script.contains("\"hairpinMode\":true"), "the bridge plugin sets hairpin mode on the Pod's port: " + script);
        assertTrue(script.contains("pod_up 'default/web-1' default_web-1 " + web1.hostName() + " " + web1.hostMac() + " "
                + web1.podMac() + " 10.244.1.1 " + web1.netns()), script);
    }

    @Test
    void hostGwModeRoutesPeerPodCidrsViaTheirUnderlayAddress() {
        NetworkPlan plan = NetworkPlan.compute(sample("host-gw"));
        NodePlan w1 = plan.node("worker-1");
        assertNull(w1.vxlan());
        assertTrue(w1.fdb().isEmpty());
        String script = plan.render("worker-1");
        assertTrue(NodeScriptTest.heredoc(script, "ip -force -batch - <<'").contains("\nroute replace 10.244.2.0/24 via 172.30.0.4 dev eth0\n"),
                script);
        assertFalse(script.contains("vxlan"), script);
        assertEquals(1500, w1.veth("default/web-1").mtu());
    }

    @Test
    void kubeProxyRulesHaveKubeProxysShape() {
        NetworkPlan plan = NetworkPlan.compute(sample("flannel-vxlan"));
        String restore = plan.node("worker-1").iptablesRestore();
        String svc = KubeProxyRules.svcChain("default/web", "tcp");
        assertTrue(svc.matches("KUBE-SVC-[A-Z2-7]{16}"), svc);
        assertTrue(restore.contains("-A KUBE-SERVICES -m comment --comment \"default/web cluster IP\" -p tcp -m tcp -d 10.96.0.20/32 --dport 80 -j " + svc), restore);
        assertTrue(restore.contains("-A " + svc + " -m comment --comment \"default/web cluster IP\" -p tcp -m tcp ! -s 10.244.0.0/16 -d 10.96.0.20/32 --dport 80 -j KUBE-MARK-MASQ"), restore);
        // three endpoints: 1/3, then 1/2, then the rest
        List<String> probs = new ArrayList<>();
        Matcher m = Pattern.compile("-A " + svc + " .*--probability (\\S+) -j KUBE-SEP").matcher(restore);
        while (m.find()) {
            probs.add(m.group(1));
        }
        assertEquals(List.of("0.3333333333", "0.5000000000"), probs);
        assertEquals(3, Pattern.compile("-A " + svc + " -m comment --comment \"default/web -> 10\\.244\\.\\d\\.\\d:80\"( -m statistic.*)? -j KUBE-SEP-").matcher(restore).results().count());
        assertTrue(restore.contains("-j DNAT --to-destination 10.244.1.2:80"), restore);
        assertTrue(restore.contains("-s 10.244.1.2/32 -j KUBE-MARK-MASQ"), "hairpin masquerade: " + restore);
        assertTrue(restore.contains("-A KUBE-NODEPORTS -m comment --comment \"default/web\" -p tcp -m tcp --dport 30080 -j KUBE-EXT-"), restore);
        assertTrue(restore.contains("-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE --random-fully"), restore);
        assertTrue(restore.contains("-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000"), restore);
        assertTrue(restore.contains("-m comment --comment \"default/lonely has no endpoints\" -p tcp -m tcp -d 10.96.0.21/32 --dport 80 -j REJECT"), restore);
        assertTrue(restore.contains("\"default/edge loadbalancer IP\" -p tcp -m tcp -d 172.30.0.200/32 --dport 8080 -j KUBE-EXT-"), restore);
        assertTrue(plan.node("worker-1").extraAddresses().contains("172.30.0.200"), "first ready worker announces LB IPs");
        String last = restore.lines().filter(l -> l.startsWith("-A KUBE-SERVICES")).filter(l -> l.contains("*nat") || true)
                .reduce((a, b) -> b.contains("KUBE-NODEPORTS") || !a.contains("KUBE-NODEPORTS") ? b : a).orElse("");
        assertTrue(last.contains("-m addrtype --dst-type LOCAL -j KUBE-NODEPORTS"), last);
    }

    @Test
    void externalTrafficPolicyLocalRulesDifferPerNode() {
        NetworkPlan plan = NetworkPlan.compute(sample("flannel-vxlan"));
        String svl = "KUBE-SVL-" + KubeProxyRules.svcChain("default/local", "tcp").substring("KUBE-SVC-".length());
        String w1 = plan.node("worker-1").iptablesRestore();
        String w2 = plan.node("worker-2").iptablesRestore();
        String cp = plan.node("control-plane").iptablesRestore();
        assertEquals(1, w1.lines().filter(l -> l.startsWith("-A " + svl + " ")).count(), "web-1 is worker-1's one endpoint");
        assertEquals(2, w2.lines().filter(l -> l.startsWith("-A " + svl + " ")).count(), "web-2 and web-3 on worker-2");
        assertTrue(w2.contains("-A " + svl + " -m comment --comment \"default/local -> 10.244.2.2:80\" -m statistic --mode random --probability 0.5000000000"), w2);
        assertTrue(cp.contains("\"default/local has no local endpoints\" -m addrtype --dst-type LOCAL -p tcp -m tcp --dport"), cp);
        assertTrue(cp.contains("-m addrtype --src-type LOCAL -j KUBE-MARK-MASQ"), cp);
        String sticky = KubeProxyRules.svcChain("default/sticky", "tcp");
        assertEquals(3, w1.lines().filter(l -> l.startsWith("-A " + sticky + " ") && l.contains("--rcheck --seconds 10800 --reap")).count());
    }

    @Test
    void networkPolicyChainsOnlyOnTheNodeOfTheSelectedPods() {
        NetworkPlan plan = NetworkPlan.compute(sample("flannel-vxlan")); // canal: felix's chains
        String w1 = plan.node("worker-1").iptablesRestore();
        String cp = plan.node("control-plane").iptablesRestore();
        String web1 = NodePlan.hostVethName("default/web-1");
        assertTrue(w1.contains("-A cali-to-wl-dispatch -d 10.244.1.2/32 -j cali-tw-" + web1), w1);
        assertTrue(w1.contains("-m comment --comment \"Policy default/knp.default.web-from-client ingress\" -p tcp -m tcp"
                + " -s 10.244.1.3/32 --dport 80 -j MARK --set-xmark 0x10000/0x10000"), w1);
        assertTrue(w1.contains("-s 172.30.0.9/32 -j RETURN"), "except as a sub-chain: " + w1);
        assertTrue(w1.contains("-m mark --mark 0x10000/0x10000 -j RETURN"), w1);
        assertTrue(w1.contains("-m comment --comment \"End of tier default. Drop if no policies passed packet (default/web-1"
                + " ingress: not allowed by default/web-from-client)\" -m mark --mark 0x0/0x20000 -j DROP"), w1);
        assertTrue(w1.contains("-A cali-tw-" + web1 + " -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT"), w1);
        assertFalse(cp.contains("cali-tw-" + web1), cp);
        assertFalse(cp.contains("cali-pi-"), "no Pod of the control plane is selected: " + cp);
    }

    @Test
    void kubeRouterPolicyChainsHoldTheSelectedPodAndItsPeers() {
        ClusterState s = sample("flannel-vxlan");
        s = new ClusterState(s.resourceVersion(), s.network().withNetworkPlugin("kube-router"), s.nodes(), s.namespaces(),
                s.pods(), s.services(), s.policies(), s.ingresses(), s.dns(), s.tlsSecrets());
        String w1 = NetworkPlan.compute(s).node("worker-1").iptablesRestore();
        String fw = "KUBE-POD-FW-" + KubeProxyRules.hash("default" + "web-1");
        String pol = "KUBE-NWPLCY-" + KubeProxyRules.hash("default" + "web-from-client");
        assertTrue(w1.contains("-A KUBE-ROUTER-FORWARD -m comment --comment \"default/web-1 in\" -d 10.244.1.2/32 -j " + fw), w1);
        assertTrue(w1.contains("-A " + fw + " -m comment --comment \"default/web-from-client policy\" -d 10.244.1.2/32 -j " + pol), w1);
        assertTrue(w1.contains("-A " + pol + " -m comment --comment \"default/web-from-client ingress pods\" -p tcp -m tcp"
                + " -s 10.244.1.3/32 -d 10.244.1.2/32 --dport 80 -j MARK --set-xmark 0x10000/0x10000"), w1);
        assertTrue(w1.contains("-A " + fw + " -m comment --comment \"default/web-1 reject: not allowed by default/web-from-client\""
                + " -m mark ! --mark 0x10000/0x10000 -j REJECT --reject-with icmp-port-unreachable"), w1);
        assertTrue(w1.contains("-m comment --comment \"default/web-from-client except-src\" -s 172.30.0.9/32 -j RETURN"), w1);
    }

    @Test
    void iptablesRestoreInputIsStructurallyComplete() {
        for (String cni : List.of("flannel-vxlan", "host-gw")) {
            NetworkPlan plan = NetworkPlan.compute(sample(cni));
            for (NodePlan n : plan.nodes()) {
                String restore = n.iptablesRestore();
                String table = null;
                Set<String> declared = new HashSet<>();
                Set<String> tablesSeen = new HashSet<>();
                for (String line : restore.lines().toList()) {
                    if (line.startsWith("*")) {
                        assertNull(table, "COMMIT missing before " + line);
                        table = line.substring(1);
                        assertTrue(tablesSeen.add(table), "table twice: " + table);
                        declared.clear();
                    } else if (line.startsWith(":")) {
                        assertNotNull(table);
                        declared.add(line.substring(1, line.indexOf(' ')));
                    } else if (line.startsWith("-A ")) {
                        assertNotNull(table, "rule outside a table: " + line);
                        String chain = line.split(" ")[1];
                        assertTrue(declared.contains(chain), "chain not declared: " + chain + " in " + n.name());
                        Matcher j = Pattern.compile(" -j (\\S+)").matcher(line);
                        assertTrue(j.find(), line);
                        String target = j.group(1);
                        assertTrue(IptablesRule.BUILTIN_TARGETS.contains(target) || declared.contains(target),
                                "jump to undeclared chain " + target + ": " + line);
                        assertEquals(line.chars().filter(c -> c == '"').count() % 2, 0L, "unbalanced quotes: " + line);
                    } else if (line.equals("COMMIT")) {
                        assertNotNull(table);
                        table = null;
                    } else {
                        throw new AssertionError("unexpected line: " + line);
                    }
                }
                assertNull(table, "last table not committed");
                assertEquals(Set.of("nat", "filter"), tablesSeen);
                for (IptablesTable t : n.iptables()) {
                    for (IptablesRule jump : t.builtinJumps()) {
                        // as iptables-save prints it: the node script finds the jumps already there by their text
                        assertTrue(jump.render().matches("-A [A-Z]+ .*-j [A-Za-z-]+( .*)?"), jump.render());
                        String target = jump.render().replaceAll(".* -j ([A-Za-z-]+).*", "$1");
                        assertTrue(IptablesRule.BUILTIN_TARGETS.contains(target) || t.chains().contains(target), jump.render());
                    }
                }
            }
        }
    }
}
