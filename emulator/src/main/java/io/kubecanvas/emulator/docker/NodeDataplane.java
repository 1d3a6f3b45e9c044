package io.kubecanvas.emulator.docker;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.emulator.state.ClusterState.NodeState;
import io.kubecanvas.emulator.state.ClusterState.PodState;
import io.kubecanvas.emulator.state.ClusterState.ServicePort;
import io.kubecanvas.emulator.state.ClusterState.ServiceState;
import io.kubecanvas.model.Cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one node runs to realise the cluster state, as files for /etc/kubecanvas: one idempotent
 * {@code apply.sh} (bridge, Pod interfaces through the CNI bridge plugin, VXLAN or host-gw routes, DNS,
 * Ingress, LoadBalancer addresses) and {@code iptables.rules} for {@code iptables-restore --noflush}, which
 * replaces our chains only and never touches Docker's. Pure: the same state gives the same files.
 *
 * <p>Design notes. Pod interfaces come from the real CNI bridge plugin with host-local IPAM, given a
 * one-address range per Pod so the Pod gets exactly the IP the control plane chose; the host-side veth is
 * then renamed to the plan's name so captures map back to the Pod. The VTEP MAC of each node is derived from
 * its underlay IP, so peers program the FDB without a control channel (flannel keeps it in node annotations).
 */
public final class NodeDataplane {
    public static final String DIR = "/etc/kubecanvas";
    public static final String MASQ_MARK = "0x4000/0x4000";

    private final ClusterState state;
    private final NodeState node;
    private final String ingressNode;

    /**
     * @param ingressNode the node that runs the Ingress controller and answers LoadBalancer addresses
     */
    public NodeDataplane(ClusterState state, String nodeName, String ingressNode) {
        this.state = state;
        this.node = state.node(nodeName);
        if (node == null) {
            throw new IllegalArgumentException("no node " + nodeName + " in the cluster state");
        }
        this.ingressNode = ingressNode;
    }

    /** The node that runs the Ingress controller and holds LoadBalancer addresses: the first ready node. */
    public static String ingressNode(ClusterState state) {
        return state.nodes().stream().filter(NodeState::ready).map(NodeState::name).findFirst()
                .orElse(state.nodes().isEmpty() ? null : state.nodes().get(0).name());
    }

    /** The Pods this node runs that have a sandbox (an IP), host-network Pods excluded. */
    public List<PodState> localPods() {
        return state.pods().stream().filter(p -> node.name().equals(p.node()) && p.ip() != null && !p.hostNetwork())
                .toList();
    }

    /** Files relative to {@link #DIR}. */
    public Map<String, byte[]> files() {
        Map<String, byte[]> files = new TreeMap<>();
        files.put("apply.sh", applyScript().getBytes(StandardCharsets.UTF_8));
        files.put("iptables.rules", iptablesRules().getBytes(StandardCharsets.UTF_8));
        files.put("dns/hosts", dnsHosts().getBytes(StandardCharsets.UTF_8));
        files.put("dns/dnsmasq.conf", dnsmasqConf().getBytes(StandardCharsets.UTF_8));
        if (isIngressNode()) {
            files.put("nginx/nginx.conf", nginxConf().getBytes(StandardCharsets.UTF_8));
            tlsFiles().forEach((k, v) -> files.put("nginx/" + k, v.getBytes(StandardCharsets.UTF_8)));
        }
        for (PodState p : localPods()) {
            files.put("cni/" + podFileName(p) + ".conf", cniConfig(p).getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }

    boolean isIngressNode() {
        return node.name().equals(ingressNode);
    }

    Cidr podCidr() {
        return Cidr.parse(node.podCidr());
    }

    /** The bridge's address: the first host address of the node's Pod CIDR (flannel's cni0 convention). */
    public String bridgeAddress() {
        return podCidr().host(1);
    }

    boolean vxlan() {
        return !Cluster.NetworkSettings.HOST_GW.equals(state.network().cni());
    }

    int podMtu() {
        return vxlan() ? 1450 : 1500;
    }

    /** The host-side veth name of a Pod, as the plan names it (at most 15 characters). */
    public static String vethName(PodState p) {
        return "veth" + hash(p.namespace() + "/" + p.name(), 8).toLowerCase(Locale.ROOT);
    }

    /** flannel's VTEP MAC for a node, derived from its underlay address. */
    public static String vtepMac(String underlayIp) {
        long v = Cidr.toLong(underlayIp);
        return String.format("0e:6b:%02x:%02x:%02x:%02x", (v >> 24) & 255, (v >> 16) & 255, (v >> 8) & 255, v & 255);
    }

    static String podFileName(PodState p) {
        return Labels.namePart(p.namespace()) + "_" + Labels.namePart(p.name());
    }

    /** The CNI network config for one Pod: bridge plugin, host-local IPAM restricted to the Pod's address. */
    public String cniConfig(PodState p) {
        Cidr c = podCidr();
        return "{\"cniVersion\":\"0.3.1\",\"name\":\"kubecanvas\",\"type\":\"bridge\",\"bridge\":\"cni0\","
                + "\"isGateway\":true,\"ipMasq\":false,\"hairpinMode\":true,\"mtu\":" + podMtu() + ","
                + "\"ipam\":{\"type\":\"host-local\",\"dataDir\":\"/var/lib/cni/networks\","
                + "\"ranges\":[[{\"subnet\":\"" + c + "\",\"rangeStart\":\"" + p.ip() + "\",\"rangeEnd\":\"" + p.ip()
                + "\",\"gateway\":\"" + bridgeAddress() + "\"}]],\"routes\":[{\"dst\":\"0.0.0.0/0\"}]}}\n";
    }

    // ---- apply.sh ----------------------------------------------------------------------------

    public String applyScript() {
        StringBuilder s = new StringBuilder();
        s.append("#!/bin/bash\n# kubecanvas: node ").append(node.name()).append(", state version ")
                .append(state.resourceVersion()).append(". Idempotent: safe to run again.\n");
        s.append("set -u\nD=").append(DIR).append("\nR=/run/kubecanvas\nmkdir -p $R/pods /var/lib/cni/networks\nfail=0\n");
        s.append("say() { echo \"$*\" >&2; }\n");
        s.append("sysctl -qw net.ipv4.ip_forward=1 2>/dev/null; sysctl -qw net.bridge.bridge-nf-call-iptables=1 2>/dev/null\n");
        // 1. the bridge (the CNI plugin would make it on the first Pod; a node without Pods needs it too)
        Cidr pc = podCidr();
        s.append("\n# cni0: the node's Pod bridge\n");
        s.append("ip link show cni0 >/dev/null 2>&1 || ip link add cni0 type bridge\n");
        s.append("ip addr replace ").append(bridgeAddress()).append('/').append(pc.prefix()).append(" dev cni0\n");
        s.append("ip link set cni0 mtu ").append(podMtu()).append(" up\n");
        // 2. Pods
        s.append("\n# Pod interfaces: the CNI bridge plugin, one ADD per Pod not yet plumbed\n");
        s.append("cni() { CNI_COMMAND=$1 CNI_CONTAINERID=$2 CNI_NETNS=$3 CNI_IFNAME=eth0 CNI_PATH=/usr/lib/cni "
                + "/usr/lib/cni/bridge < $4; }\n");
        s.append("pod_up() { # token file veth\n"
                + "  local pid; pid=$(pgrep -o -f -x \"/bin/sh /usr/local/bin/kubecanvas-pause $1\")\n"
                + "  if [ -z \"$pid\" ]; then say \"pod $1: no sandbox process\"; fail=1; return; fi\n"
                + "  if [ -f $R/pods/$2.pid ] && [ \"$(cat $R/pods/$2.pid)\" = \"$pid\" ] && ip link show $3 >/dev/null 2>&1; then return; fi\n"
                + "  cni DEL $2 \"\" $D/cni/$2.conf >/dev/null 2>&1\n"
                + "  ip link del $3 >/dev/null 2>&1\n"
                + "  local out; if ! out=$(cni ADD $2 /proc/$pid/ns/net $D/cni/$2.conf 2>&1); then say \"pod $1: CNI ADD failed: $out\"; fail=1; return; fi\n"
                + "  local v; v=$(echo \"$out\" | grep -o '\"name\": *\"veth[^\"]*\"' | head -1 | sed 's/.*\"\\(veth[^\"]*\\)\"/\\1/')\n"
                + "  if [ -n \"$v\" ] && [ \"$v\" != \"$3\" ]; then ip link set $v down; ip link set $v name $3; ip link set $3 up; "
                + "bridge link set dev $3 hairpin on; fi\n"
                + "  echo $pid > $R/pods/$2.pid; echo \"$1\" > $R/pods/$2.pod\n"
                + "}\n");
        List<String> wanted = new ArrayList<>();
        for (PodState p : localPods()) {
            String f = podFileName(p);
            wanted.add(f);
            s.append("pod_up ").append(shq(ClusterContainers.podToken(p))).append(' ').append(f).append(' ')
                    .append(vethName(p)).append('\n');
        }
        s.append("for f in $R/pods/*.pid; do [ -e \"$f\" ] || continue; b=$(basename $f .pid); case \" ")
                .append(String.join(" ", wanted)).append(" \" in *\" $b \"*) ;; *) cni DEL $b \"\" $D/cni/$b.conf >/dev/null 2>&1; "
                        + "rm -f $R/pods/$b.* /var/lib/cni/networks/kubecanvas/$(grep -l \"^$b$\" /var/lib/cni/networks/kubecanvas/* 2>/dev/null | head -1) 2>/dev/null;; esac; done\n");
        // the interface map read by the capture: veth name -> Pod
        s.append("{ ");
        for (PodState p : localPods()) {
            s.append("echo ").append(shq(vethName(p) + " " + p.key() + " " + p.ip())).append("; ");
        }
        s.append("} > $R/ifaces\n");
        // 3. overlay
        s.append("\n# Pod traffic between nodes\n");
        List<NodeState> peers = state.nodes().stream().filter(n -> !n.name().equals(node.name()) && n.podCidr() != null)
                .toList();
        if (vxlan()) {
            String vtep = pc.networkAddress();
            s.append("ip link show flannel.1 >/dev/null 2>&1 || ip link add flannel.1 type vxlan id 1 dstport 8472 local ")
                    .append(node.underlayIp()).append(" dev eth0 nolearning\n");
            s.append("ip link set flannel.1 address ").append(vtepMac(node.underlayIp())).append(" mtu 1450 up\n");
            s.append("ip addr replace ").append(vtep).append("/32 dev flannel.1\n");
            List<String> routes = new ArrayList<>();
            for (NodeState peer : peers) {
                Cidr c = Cidr.parse(peer.podCidr());
                String mac = vtepMac(peer.underlayIp());
                routes.add(c.toString());
                s.append("ip neigh replace ").append(c.networkAddress()).append(" lladdr ").append(mac)
                        .append(" dev flannel.1 nud permanent\n");
                s.append("bridge fdb replace ").append(mac).append(" dev flannel.1 dst ").append(peer.underlayIp())
                        .append(" self permanent\n");
                s.append("ip route replace ").append(c).append(" via ").append(c.networkAddress())
                        .append(" dev flannel.1 onlink\n");
            }
            s.append("for r in $(ip -4 route show dev flannel.1 | awk '{print $1}'); do case \" ")
                    .append(String.join(" ", routes)).append(" \" in *\" $r \"*) ;; *) ip route del $r dev flannel.1;; esac; done\n");
        } else {
            s.append("ip link del flannel.1 >/dev/null 2>&1\n");
            List<String> routes = new ArrayList<>();
            for (NodeState peer : peers) {
                routes.add(Cidr.parse(peer.podCidr()).toString());
                s.append("ip route replace ").append(Cidr.parse(peer.podCidr())).append(" via ").append(peer.underlayIp())
                        .append(" dev eth0\n");
            }
            s.append("for r in $(ip -4 route show dev eth0 | awk '/ via /{print $1}'); do case \" ")
                    .append(String.join(" ", routes)).append(" \" in *\" $r \"*) ;; *) ip route del $r dev eth0;; esac; done\n");
        }
        // 4. kube-proxy
        s.append("\n# kube-proxy: our chains replaced in one transaction; Docker's rules are left alone\n");
        s.append("if ! out=$(iptables-restore --noflush < $D/iptables.rules 2>&1); then say \"iptables-restore: $out\"; fail=1; fi\n");
        s.append("jump() { iptables -t $1 -C $2 -j $3 2>/dev/null || iptables -t $1 -I $2 1 -j $3; }\n");
        s.append("jump nat PREROUTING KUBE-SERVICES; jump nat OUTPUT KUBE-SERVICES; jump nat POSTROUTING KUBE-POSTROUTING\n");
        s.append("jump filter FORWARD KUBE-FORWARD; jump filter FORWARD KUBE-SERVICES; jump filter OUTPUT KUBE-SERVICES\n");
        s.append("jump filter FORWARD KUBE-NWPLCY\n");
        s.append("for t in nat filter; do for c in $(iptables -t $t -S | awk '/^-N KUBE-(SVC|SEP|POL)-/{print $2}'); do "
                + "grep -q \"^:$c \" $D/iptables.rules || { iptables -t $t -F $c; iptables -t $t -X $c; }; done; done\n");
        // 5. LoadBalancer addresses, answered on the underlay by the ingress node (MetalLB layer-2 style)
        s.append("\n# LoadBalancer addresses\n");
        List<String> lbs = new ArrayList<>();
        if (isIngressNode()) {
            for (ServiceState svc : state.services()) {
                if (svc.loadBalancerIp() != null && !svc.loadBalancerIp().isBlank()) {
                    lbs.add(svc.loadBalancerIp() + "/32");
                    s.append("ip addr replace ").append(svc.loadBalancerIp()).append("/32 dev eth0\n");
                }
            }
        }
        s.append("for a in $(ip -4 -o addr show dev eth0 | awk '$4 ~ /\\/32$/ {print $4}'); do case \" ")
                .append(String.join(" ", lbs)).append(" \" in *\" $a \"*) ;; *) ip addr del $a dev eth0;; esac; done\n");
        // 6. DNS
        s.append("\n# cluster DNS: dnsmasq on the node-local address\n");
        s.append("ip addr replace ").append(ClusterContainers.NODE_LOCAL_DNS).append("/32 dev lo\n");
        s.append("if [ -f $R/dnsmasq.pid ] && kill -0 $(cat $R/dnsmasq.pid) 2>/dev/null && cmp -s $D/dns/dnsmasq.conf $R/dnsmasq.conf; then "
                + "kill -HUP $(cat $R/dnsmasq.pid); else [ -f $R/dnsmasq.pid ] && kill $(cat $R/dnsmasq.pid) 2>/dev/null; sleep 0.05; "
                + "cp $D/dns/dnsmasq.conf $R/dnsmasq.conf; dnsmasq --conf-file=$D/dns/dnsmasq.conf || { say dnsmasq failed; fail=1; }; fi\n");
        // 7. Ingress
        if (isIngressNode()) {
            s.append("\n# the Ingress controller: nginx\n");
            for (String host : tlsHostsWithoutSecret()) {
                String f = "$D/nginx/tls-" + fileSafe(host);
                s.append("[ -s ").append(f).append(".crt ] || openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj ")
                        .append(shq("/CN=" + host)).append(" -addext ").append(shq("subjectAltName=DNS:" + host))
                        .append(" -keyout ").append(f).append(".key -out ").append(f).append(".crt 2>/dev/null\n");
            }
            s.append("if [ -f /run/kubecanvas/nginx.pid ] && kill -0 $(cat /run/kubecanvas/nginx.pid) 2>/dev/null; then "
                    + "nginx -c $D/nginx/nginx.conf -s reload || fail=1; else nginx -c $D/nginx/nginx.conf || { say nginx failed; fail=1; }; fi\n");
        }
        s.append("\nexit $fail\n");
        return s.toString();
    }

    // ---- iptables --------------------------------------------------------------------------------

    /** kube-proxy's chain name for a Service port or endpoint: prefix plus a hash, as the iptables proxier does. */
    public static String chain(String prefix, String key) {
        return prefix + hash(key, 16);
    }

    static String svcChain(ServiceState svc, ServicePort sp) {
        return chain("KUBE-SVC-", svc.key() + ":" + portKey(sp) + "/" + proto(sp));
    }

    static String sepChain(ServiceState svc, ServicePort sp, ClusterState.Endpoint ep) {
        return chain("KUBE-SEP-", svc.key() + ":" + portKey(sp) + "/" + proto(sp) + "@" + ep.ip());
    }

    static String portKey(ServicePort sp) {
        return sp.name() != null && !sp.name().isBlank() ? sp.name() : String.valueOf(sp.port());
    }

    static String proto(ServicePort sp) {
        return sp.protocol() == null ? "tcp" : sp.protocol().toLowerCase(Locale.ROOT);
    }

    /** The Pod port an endpoint serves for a Service port, or -1 when it has none. */
    static int targetPort(ServicePort sp, ClusterState.Endpoint ep) {
        Integer t = ep.targetPorts().get(portKey(sp));
        if (t == null) {
            t = ep.targetPorts().get(String.valueOf(sp.port()));
        }
        if (t == null && sp.targetPort() != null && sp.targetPort().matches("\\d+")) {
            t = Integer.parseInt(sp.targetPort());
        }
        if (t == null && (sp.targetPort() == null || sp.targetPort().isBlank())) {
            t = sp.port();
        }
        return t == null ? -1 : t;
    }

    public String iptablesRules() {
        StringBuilder nat = new StringBuilder("*nat\n");
        StringBuilder natRules = new StringBuilder();
        StringBuilder filter = new StringBuilder("*filter\n");
        StringBuilder filterRules = new StringBuilder();
        List<String> natChains = new ArrayList<>(List.of("KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-POSTROUTING", "KUBE-MARK-MASQ"));
        List<String> filterChains = new ArrayList<>(List.of("KUBE-SERVICES", "KUBE-FORWARD", "KUBE-NWPLCY"));
        String clusterCidr = state.network().clusterCidr();
        natRules.append("-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000\n");
        natRules.append("-A KUBE-POSTROUTING -m mark ! --mark ").append(MASQ_MARK).append(" -j RETURN\n");
        natRules.append("-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000\n");
        natRules.append("-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE\n");
        filterRules.append("-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP\n");
        filterRules.append("-A KUBE-FORWARD -m mark --mark ").append(MASQ_MARK).append(" -j ACCEPT\n");
        StringBuilder nodePorts = new StringBuilder();
        StringBuilder svcRules = new StringBuilder();
        for (ServiceState svc : state.services()) {
            if (svc.headless() || "ExternalName".equals(svc.type())) {
                continue;
            }
            for (ServicePort sp : svc.ports()) {
                String p = proto(sp);
                // an open quote: each rule closes it, some after adding a word (as kube-proxy's comments read)
                String comment = " -m comment --comment \"" + svc.key() + ":" + portKey(sp);
                List<ClusterState.Endpoint> eps = svc.endpoints().stream().filter(ClusterState.Endpoint::ready)
                        .filter(e -> e.ip() != null && targetPort(sp, e) > 0).toList();
                if (eps.isEmpty()) {
                    // kube-proxy rejects traffic to a Service without endpoints (filter table)
                    filterRules.append("-A KUBE-SERVICES -d ").append(svc.clusterIp()).append("/32 -p ").append(p)
                            .append(comment).append(" has no endpoints\" -m ").append(p).append(" --dport ").append(sp.port())
                            .append(" -j REJECT --reject-with icmp-port-unreachable\n");
                    if (sp.nodePort() > 0) {
                        filterRules.append("-A KUBE-SERVICES -m addrtype --dst-type LOCAL -p ").append(p).append(comment)
                                .append(" has no endpoints\" -m ").append(p).append(" --dport ").append(sp.nodePort())
                                .append(" -j REJECT --reject-with icmp-port-unreachable\n");
                    }
                    continue;
                }
                String svcChain = svcChain(svc, sp);
                natChains.add(svcChain);
                svcRules.append("-A KUBE-SERVICES -d ").append(svc.clusterIp()).append("/32 -p ").append(p).append(comment)
                        .append(" cluster IP\" -m ").append(p).append(" --dport ").append(sp.port()).append(" -j ").append(svcChain).append('\n');
                if (svc.loadBalancerIp() != null && !svc.loadBalancerIp().isBlank()) {
                    svcRules.append("-A KUBE-SERVICES -d ").append(svc.loadBalancerIp()).append("/32 -p ").append(p)
                            .append(comment).append(" loadbalancer IP\" -m ").append(p).append(" --dport ").append(sp.port())
                            .append(" -j KUBE-MARK-MASQ\n");
                    svcRules.append("-A KUBE-SERVICES -d ").append(svc.loadBalancerIp()).append("/32 -p ").append(p)
                            .append(comment).append(" loadbalancer IP\" -m ").append(p).append(" --dport ").append(sp.port())
                            .append(" -j ").append(svcChain).append('\n');
                }
                if (sp.nodePort() > 0) {
                    nodePorts.append("-A KUBE-NODEPORTS -p ").append(p).append(comment).append("\" -m ").append(p)
                            .append(" --dport ").append(sp.nodePort()).append(" -j KUBE-MARK-MASQ\n");
                    nodePorts.append("-A KUBE-NODEPORTS -p ").append(p).append(comment).append("\" -m ").append(p)
                            .append(" --dport ").append(sp.nodePort()).append(" -j ").append(svcChain).append('\n');
                }
                StringBuilder chainRules = new StringBuilder();
                chainRules.append("-A ").append(svcChain).append(" ! -s ").append(clusterCidr).append(" -d ")
                        .append(svc.clusterIp()).append("/32 -p ").append(p).append(comment).append(" cluster IP\" -m ")
                        .append(p).append(" --dport ").append(sp.port()).append(" -j KUBE-MARK-MASQ\n");
                if ("ClientIP".equals(svc.sessionAffinity())) {
                    for (ClusterState.Endpoint ep : eps) {
                        String sep = sepChain(svc, sp, ep);
                        chainRules.append("-A ").append(svcChain).append(comment).append("\" -m recent --name ").append(sep)
                                .append(" --rcheck --seconds 10800 --reap -j ").append(sep).append('\n');
                    }
                }
                for (int i = 0; i < eps.size(); i++) {
                    ClusterState.Endpoint ep = eps.get(i);
                    String sep = sepChain(svc, sp, ep);
                    natChains.add(sep);
                    chainRules.append("-A ").append(svcChain).append(comment).append(" -> ").append(ep.ip()).append(':')
                            .append(targetPort(sp, ep)).append('"');
                    int left = eps.size() - i;
                    if (left > 1) {
                        chainRules.append(" -m statistic --mode random --probability ")
                                .append(String.format(Locale.ROOT, "%.10f", 1.0 / left));
                    }
                    chainRules.append(" -j ").append(sep).append('\n');
                    natRules.append("-A ").append(sep).append(" -s ").append(ep.ip()).append("/32").append(comment)
                            .append("\" -j KUBE-MARK-MASQ\n");
                    natRules.append("-A ").append(sep).append(" -p ").append(p).append(comment).append("\"");
                    if ("ClientIP".equals(svc.sessionAffinity())) {
                        natRules.append(" -m recent --name ").append(sep).append(" --set");
                    }
                    natRules.append(" -m ").append(p).append(" -j DNAT --to-destination ").append(ep.ip()).append(':')
                            .append(targetPort(sp, ep)).append('\n');
                }
                natRules.append(chainRules);
            }
        }
        natRules.append(svcRules);
        natRules.append("-A KUBE-SERVICES -m comment --comment \"kubernetes service nodeports\" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS\n");
        natRules.append(nodePorts);
        // Pod traffic leaving the cluster network (to the underlay) is masqueraded, as flannel does.
        natRules.append("-A KUBE-POSTROUTING -s ").append(clusterCidr).append(" ! -d ").append(clusterCidr)
                .append(" -m comment --comment \"pod traffic leaving the cluster network\" -j MASQUERADE\n");
        filterRules.append(new NetworkPolicyRules(state, node.name()).rules(filterChains));
        for (String c : natChains) {
            nat.append(':').append(c).append(" - [0:0]\n");
        }
        for (String c : filterChains) {
            filter.append(':').append(c).append(" - [0:0]\n");
        }
        return nat.append(natRules).append("COMMIT\n").append(filter).append(filterRules).append("COMMIT\n").toString();
    }

    // ---- DNS --------------------------------------------------------------------------------------

    public String dnsHosts() {
        StringBuilder sb = new StringBuilder("# cluster DNS A records (kubecanvas)\n");
        for (ClusterState.DnsRecord r : state.dns()) {
            if ("A".equals(r.type())) {
                sb.append(r.value()).append(' ').append(stripDot(r.name())).append('\n');
            }
        }
        return sb.toString();
    }

    public String dnsmasqConf() {
        String domain = state.network().clusterDomain();
        StringBuilder sb = new StringBuilder();
        sb.append("listen-address=").append(ClusterContainers.NODE_LOCAL_DNS).append('\n');
        sb.append("bind-interfaces\nno-resolv\nno-hosts\nno-negcache\nuser=root\n");
        sb.append("pid-file=/run/kubecanvas/dnsmasq.pid\n");
        sb.append("addn-hosts=").append(DIR).append("/dns/hosts\n");
        sb.append("local=/").append(domain).append("/\n");
        sb.append("log-facility=/run/kubecanvas/dnsmasq.log\n");
        sb.append(dnsSrvConf());
        return sb.toString();
    }

    /** dnsmasq srv-host lines for the SRV records. */
    public String dnsSrvConf() {
        StringBuilder sb = new StringBuilder();
        for (ClusterState.DnsRecord r : state.dns()) {
            if ("SRV".equals(r.type())) {
                String[] v = r.value().trim().split("\\s+");
                if (v.length == 4) {
                    sb.append("srv-host=").append(stripDot(r.name())).append(',').append(stripDot(v[3])).append(',')
                            .append(v[2]).append(',').append(v[0]).append(',').append(v[1]).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static String stripDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    // ---- Ingress -----------------------------------------------------------------------------------

    /** One routing entry of the Ingress controller: host (or "" for any), path, type, and the backend. */
    public record IngressRoute(String ingress, String host, String path, String pathType, String backend, String target) {
    }

    public List<IngressRoute> ingressRoutes() {
        List<IngressRoute> out = new ArrayList<>();
        for (Ingress ing : state.ingresses()) {
            String ns = ing.getMetadata() != null && ing.getMetadata().getNamespace() != null
                    ? ing.getMetadata().getNamespace() : "default";
            String name = ns + "/" + (ing.getMetadata() == null ? "?" : ing.getMetadata().getName());
            if (ing.getSpec() == null) {
                continue;
            }
            if (ing.getSpec().getRules() != null) {
                for (IngressRule rule : ing.getSpec().getRules()) {
                    String host = rule.getHost() == null ? "" : rule.getHost();
                    if (rule.getHttp() == null || rule.getHttp().getPaths() == null) {
                        continue;
                    }
                    for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                        String target = backendTarget(ns, path.getBackend());
                        String b = backendName(path.getBackend());
                        out.add(new IngressRoute(name, host, path.getPath() == null ? "/" : path.getPath(),
                                path.getPathType() == null ? "Prefix" : path.getPathType(), b, target));
                    }
                }
            }
            if (ing.getSpec().getDefaultBackend() != null) {
                out.add(new IngressRoute(name, "", "/", "Prefix", backendName(ing.getSpec().getDefaultBackend()),
                        backendTarget(ns, ing.getSpec().getDefaultBackend())));
            }
        }
        return out;
    }

    private static String backendName(IngressBackend b) {
        if (b == null || b.getService() == null) {
            return "?";
        }
        var port = b.getService().getPort();
        String p = port == null ? "" : port.getNumber() != null ? String.valueOf(port.getNumber()) : port.getName();
        return b.getService().getName() + ":" + p;
    }

    /** ClusterIP:port of an Ingress backend, or null when the Service or port does not exist. */
    private String backendTarget(String ns, IngressBackend b) {
        if (b == null || b.getService() == null) {
            return null;
        }
        ServiceState svc = state.service(ns, b.getService().getName());
        if (svc == null || svc.headless()) {
            return null;
        }
        var port = b.getService().getPort();
        for (ServicePort sp : svc.ports()) {
            if (port == null || (port.getNumber() != null && port.getNumber() == sp.port())
                    || (port.getName() != null && port.getName().equals(sp.name()))) {
                return svc.clusterIp() + ":" + sp.port();
            }
        }
        return null;
    }

    private List<String> tlsHostsWithoutSecret() {
        List<String> out = new ArrayList<>();
        tlsHosts().forEach((host, secret) -> {
            if (secret == null && !out.contains(host)) {
                out.add(host);
            }
        });
        return out;
    }

    /** TLS host to "namespace/secret" (null when the secret is absent: a self-signed certificate is made). */
    private Map<String, String> tlsHosts() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Ingress ing : state.ingresses()) {
            if (ing.getSpec() == null || ing.getSpec().getTls() == null) {
                continue;
            }
            String ns = ing.getMetadata() != null && ing.getMetadata().getNamespace() != null
                    ? ing.getMetadata().getNamespace() : "default";
            for (IngressTLS tls : ing.getSpec().getTls()) {
                String key = ns + "/" + tls.getSecretName();
                for (String h : tls.getHosts() == null ? List.<String>of() : tls.getHosts()) {
                    m.put(h, tls.getSecretName() != null && state.tlsSecrets().containsKey(key) ? key : null);
                }
            }
        }
        return m;
    }

    private Map<String, String> tlsFiles() {
        Map<String, String> out = new LinkedHashMap<>();
        tlsHosts().forEach((host, secret) -> {
            if (secret != null) {
                ClusterState.TlsSecret s = state.tlsSecrets().get(secret);
                out.put("tls-" + fileSafe(host) + ".crt", s.certPem());
                out.put("tls-" + fileSafe(host) + ".key", s.keyPem());
            }
        });
        return out;
    }

    private static String fileSafe(String host) {
        return host.replaceAll("[^A-Za-z0-9.-]", "_");
    }

    public String nginxConf() {
        StringBuilder sb = new StringBuilder();
        sb.append("# the Ingress controller of node ").append(node.name()).append(" (kubecanvas)\n");
        sb.append("worker_processes 1;\npid /run/kubecanvas/nginx.pid;\nerror_log /run/kubecanvas/nginx-error.log;\n");
        sb.append("events { worker_connections 512; }\nhttp {\n");
        sb.append("  access_log /run/kubecanvas/nginx-access.log;\n  proxy_connect_timeout 3s;\n  proxy_read_timeout 10s;\n");
        sb.append("  proxy_set_header Host $host;\n  proxy_set_header X-Forwarded-For $remote_addr;\n");
        sb.append("  add_header X-Ingress-Node ").append(node.name()).append(" always;\n");
        Map<String, List<IngressRoute>> byHost = new LinkedHashMap<>();
        for (IngressRoute r : ingressRoutes()) {
            byHost.computeIfAbsent(r.host(), h -> new ArrayList<>()).add(r);
        }
        byHost.putIfAbsent("", List.of());
        Map<String, String> tls = tlsHosts();
        for (var e : byHost.entrySet()) {
            String host = e.getKey();
            sb.append("  server {\n");
            if (host.isEmpty()) {
                sb.append("    listen 80 default_server;\n    server_name _;\n");
            } else {
                sb.append("    listen 80;\n    server_name ").append(host).append(";\n");
                if (tls.containsKey(host)) {
                    sb.append("    listen 443 ssl;\n    ssl_certificate ").append(DIR).append("/nginx/tls-")
                            .append(fileSafe(host)).append(".crt;\n    ssl_certificate_key ").append(DIR)
                            .append("/nginx/tls-").append(fileSafe(host)).append(".key;\n");
                }
            }
            boolean root = false;
            for (IngressRoute r : e.getValue()) {
                String upstream = r.target() == null ? null : "http://" + r.target();
                String body = upstream == null ? "return 503;" : "proxy_pass " + upstream + ";";
                String path = r.path().isEmpty() ? "/" : r.path();
                if ("Exact".equals(r.pathType())) {
                    sb.append("    location = ").append(path).append(" { ").append(body).append(" }\n");
                } else if (path.equals("/")) {
                    if (!root) {
                        sb.append("    location / { ").append(body).append(" }\n");
                        root = true;
                    }
                } else {
                    // Kubernetes Prefix matching is by path element: /foo matches /foo and /foo/bar, not /foobar.
                    String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
                    sb.append("    location = ").append(p).append(" { ").append(body).append(" }\n");
                    sb.append("    location ").append(p).append("/ { ").append(body).append(" }\n");
                }
            }
            if (!root) {
                sb.append("    location / { return 404 \"default backend - 404\\n\"; }\n");
            }
            sb.append("  }\n");
        }
        sb.append("}\n");
        return sb.toString();
    }

    // ---- helpers -----------------------------------------------------------------------------------

    static String shq(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Upper-case base32 of SHA-256, as kube-proxy builds chain names. */
    static String hash(String s, int len) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            String b32 = base32(d);
            return b32.substring(0, len);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base32(byte[] data) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder sb = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                sb.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        return sb.toString();
    }

    static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
