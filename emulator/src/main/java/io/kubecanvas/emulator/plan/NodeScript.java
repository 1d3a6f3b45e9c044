package io.kubecanvas.emulator.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One node's part of the plan as the shell script a node runs: the one rendering of the plan, printed by
 * {@code kubecanvas plan --node N} and run as it is by the docker backend. Idempotent: running it again after
 * a change brings the node to the new plan and removes what the plan no longer has.
 *
 * <p>Design notes. The node runs what a kubelet, a CNI plugin, flannel and kube-proxy would: the Pod's sandbox
 * (made by the container runtime: a process {@code kubecanvas-pause NS/POD} holding the Pod's network
 * namespace) is given the plan's netns name (a link to {@code /proc/PID/ns/net}: no mount, so the node needs no
 * mount rights), then the real CNI bridge plugin adds the
 * Pod's {@code eth0} with host-local IPAM pinned to the planned address. The plugin cannot be told a veth name
 * or MAC, so the host-side veth is renamed to the plan's name afterwards, which keeps captures mapped to plan
 * elements. Each node's VTEP MAC derives from its underlay address, so peers program the FDB without a control
 * channel (flannel keeps it in node annotations). iptables-restore runs with {@code --noflush}: only the plan's
 * chains are replaced and Docker's rules are never touched. Every file (CNI configs, rules, the DNS server's and
 * the Ingress controller's configuration, certificates) is written by the script itself, so the text is the
 * whole truth.
 */
public final class NodeScript {
    /** Where a node keeps the files the script writes. */
    public static final String DIR = "/etc/kubecanvas";
    /**
     * Shell lines that wait (at most 5 s) until the node container's own start is done: it empties /run/kubecanvas
     * and makes the node's folders, then writes /run/kubecanvas/node-ready ({@code kubecanvas-node}). An exec that
     * Docker runs at once after the start (the Pods' start, the plumbing) comes after it, not before it or
     * in the middle.
     */
    public static final String AWAIT_NODE = "for i in $(seq 250); do [ -e /run/kubecanvas/node-ready ] && break; sleep 0.02; done\n";
    /** The sandbox process the container runtime starts per Pod; its argument is the Pod ({@code ns/name}). */
    public static final String SANDBOX_COMMAND = "/bin/sh /usr/local/bin/kubecanvas-pause";
    /**
     * Bash lines that find every sandbox of the node with one process listing (oldest first, as {@code pgrep -o}):
     * {@code ${pause[NS/POD]}} is the Pod's pause process.
     */
    public static final String PAUSE_TABLE = "declare -A pause=()\nwhile read -r p a; do k=${a#\"" + SANDBOX_COMMAND + " \"}; "
            + "[ \"$k\" != \"$a\" ] && [ -z \"${pause[$k]:-}\" ] && pause[$k]=$p; done < <(ps -eo pid=,args= --sort=start_time)\n";
    private static final String EOF = "KUBECANVAS_EOF";
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeScript() {
    }

    static String render(NetworkPlan plan, NodePlan node) {
        StringBuilder s = new StringBuilder();
        s.append("#!/bin/bash\n# kubecanvas: node ").append(node.name()).append(" (").append(node.role())
                .append(node.ready() ? "" : ", not ready").append("): ").append(node.underlay().name()).append(' ')
                .append(node.underlay().address()).append(", Pod CIDR ").append(node.bridge().address().canonical())
                .append(", ").append(plan.cni()).append("; plan of state version ").append(plan.version())
                .append(". Idempotent.\n");
        s.append("set -u\nD=").append(DIR).append("\nR=/run/kubecanvas\n[ -d $R/pods ] && [ -d $D/cni ] && [ -d /var/lib/cni/networks ] && [ -d /var/run/netns ]"
                + " || mkdir -p $R/pods $D/cni /var/lib/cni/networks /var/run/netns\nfail=0\n");
        s.append("say() { echo \"$*\" >&2; }\n");
        // the node container's sysctls are set when it is created; written again (no process) for a node made otherwise
        s.append("{ echo 1 > /proc/sys/net/ipv4/ip_forward; echo 1 > /proc/sys/net/bridge/bridge-nf-call-iptables; } 2>/dev/null\n");
        links(s, node);
        pods(s, plan, node);
        staleRoutesAndAddresses(s, node);
        iptables(s, node);
        dns(s, plan, node);
        ingress(s, plan, node);
        s.append("\nexit $fail\n");
        return s.toString();
    }

    /**
     * The node's own links, addresses, neighbours and routes: the Pod bridge, flannel's VXLAN device and its peers
     * (neighbour and FDB entries, routes) or host-gw's routes, the LoadBalancer addresses it announces. A device
     * that is missing is added first; the rest is one {@code ip -batch} and one {@code bridge -batch} (a node script's
     * time is mostly its processes' starts: 12 single {@code ip} and {@code bridge} calls took 60 ms of each run).
     */
    private static void links(StringBuilder s, NodePlan node) {
        NodePlan.Bridge b = node.bridge();
        NodePlan.VxlanDevice vx = node.vxlan();
        s.append("\n# ").append(b.name()).append(": the node's Pod bridge, gateway ").append(b.address().addressText());
        s.append(vx == null ? "; host-gw: the other nodes' Pods through their underlay addresses\n"
                : "; " + vx.name() + ": Pod traffic between nodes in VXLAN\n");
        s.append("[ -e /sys/class/net/").append(b.name()).append(" ] || ip link add ").append(b.name()).append(" type bridge\n");
        StringBuilder batch = new StringBuilder();
        batch.append("link set ").append(b.name()).append(" address ").append(b.mac()).append(" mtu ").append(b.mtu()).append(" up\n");
        batch.append("addr replace ").append(b.address()).append(" dev ").append(b.name()).append('\n');
        if (vx != null) {
            s.append("[ -e /sys/class/net/").append(vx.name()).append(" ] || ip link add ").append(vx.name())
                    .append(" type vxlan id ").append(vx.vni()).append(" dstport ").append(vx.port()).append(" local ")
                    .append(vx.local()).append(" dev ").append(vx.dev()).append(" nolearning\n");
            batch.append("link set ").append(vx.name()).append(" address ").append(vx.mac()).append(" mtu ").append(vx.mtu())
                    .append(" up\n");
            batch.append("addr replace ").append(vx.address()).append(" dev ").append(vx.name()).append('\n');
        } else {
            s.append("[ -e /sys/class/net/").append(NetworkPlan.VXLAN).append(" ] && ip link del ").append(NetworkPlan.VXLAN).append('\n');
        }
        for (NodePlan.NeighbourEntry n : node.neighbours()) {
            batch.append("neigh replace ").append(n.address()).append(" lladdr ").append(n.mac()).append(" dev ")
                    .append(n.dev()).append(" nud permanent\n");
        }
        for (NodePlan.Route r : peerRoutes(node)) {
            batch.append(r.render().substring("ip ".length())).append('\n');
        }
        for (String a : node.extraAddresses()) {
            batch.append("addr replace ").append(a).append("/32 dev ").append(node.underlay().name()).append('\n');
        }
        heredoc(s, "ip -force -batch -", batch, "the node's links, addresses, neighbours or routes");
        if (vx != null && !node.fdb().isEmpty()) {
            StringBuilder fdb = new StringBuilder();
            for (NodePlan.FdbEntry f : node.fdb()) {
                fdb.append("fdb replace ").append(f.mac()).append(" dev ").append(f.dev()).append(" dst ").append(f.dst())
                        .append(" self permanent\n");
            }
            heredoc(s, "bridge -force -batch -", fdb, "the VXLAN forwarding entries");
        }
    }

    /** {@code command <<'EOF'} with {@code text}, its failure said and counted. */
    private static void heredoc(StringBuilder s, String command, CharSequence text, String what) {
        s.append(command).append(" <<'").append(EOF).append("' || { say \"").append(what).append(": ").append(command)
                .append(" failed\"; fail=1; }\n").append(text).append(EOF).append('\n');
    }

    private static void pods(StringBuilder s, NetworkPlan plan, NodePlan node) {
        s.append("\n# Pod interfaces: each sandbox's network namespace gets the plan's name, then the CNI bridge plugin\n"
                + "# adds eth0 (host-local IPAM pinned to the planned address); then the plan's veth name and MACs\n");
        s.append("cni() { CNI_COMMAND=$1 CNI_CONTAINERID=$2 CNI_NETNS=$3 CNI_IFNAME=eth0 CNI_PATH=/usr/lib/cni "
                + "/usr/lib/cni/bridge < $4; }\n");
        // few processes per Pod (the node script's cost is mostly process starts): one process listing for every
        // sandbox (oldest first, as pgrep -o), ip -batch, bash's own regex; the plugin sets hairpin mode itself
        s.append(PAUSE_TABLE);
        // the host-side renames of this run go into one ip -batch after the Pods (post), each Pod's eth0 settings into
        // the one ip -n -batch that also writes its neighbours (eth0[netns])
        s.append("post=\"\"\ndeclare -A eth0=()\n");
        s.append("pod_up() { # pod conf veth host-mac pod-mac gateway netns\n"
                + "  local pid=${pause[$1]:-} old=\"\" f l earlier=\"\"\n"
                + "  if [ -z \"$pid\" ]; then say \"pod $1: no sandbox process\"; fail=1; return; fi\n"
                + "  [ -f $R/pods/$2.pid ] && read -r old < $R/pods/$2.pid\n"
                + "  if [ \"$old\" = \"$pid\" ] && [ -e /sys/class/net/$3 ]; then return; fi\n"
                + "  # what an earlier sandbox of this Pod left (its interface, its address reservation: host-local's file\n"
                + "  # names the address and holds the container ID, then CRLF and the interface) goes first\n"
                + "  [ -e $R/pods/$2.pid ] && earlier=1\n"
                + "  for f in /var/lib/cni/networks/kubecanvas/*; do [ -z \"$earlier\" ] && [ -f \"$f\" ] || break; "
                + "read -r l < \"$f\"; [ \"${l%$'\\r'}\" = \"$2\" ] && earlier=1; done\n"
                + "  if [ -n \"$earlier\" ]; then\n"
                + "    cni DEL $2 \"\" $D/cni/$2.conf >/dev/null 2>&1\n"
                + "    ip link del $3 >/dev/null 2>&1\n"
                + "    ip netns delete $7 >/dev/null 2>&1\n"
                + "  fi\n"
                + "  if ! ln -sfn /proc/$pid/ns/net /var/run/netns/$7; then say \"pod $1: cannot name its network namespace $7\"; fail=1; return; fi\n"
                + "  local out; if ! out=$(cni ADD $2 /var/run/netns/$7 $D/cni/$2.conf 2>&1); then say \"pod $1: CNI ADD failed: $out\"; fail=1; return; fi\n"
                + "  local v=\"\" re='\"name\": *\"(veth[^\"]*)\"'; [[ $out =~ $re ]] && v=${BASH_REMATCH[1]}\n"
                + "  if [ -n \"$v\" ] && [ \"$v\" != \"$3\" ]; then post+=\"link set $v down\"$'\\n'\"link set $v name $3 address $4\"$'\\n'\"link set $3 up\"$'\\n'; fi\n"
                + "  eth0[$7]=\"link set eth0 down\"$'\\n'\"link set eth0 address $5\"$'\\n'\"link set eth0 up\"$'\\n'\"route replace default via $6 dev eth0\"$'\\n'\n"
                + "  echo $pid > $R/pods/$2.pid; echo \"$1\" > $R/pods/$2.pod; echo $7 > $R/pods/$2.netns\n"
                + "}\n");
        List<String> wanted = new ArrayList<>();
        for (NodePlan.VethPair v : node.veths()) {
            String f = cniFileName(v.podKey());
            wanted.add(f);
            s.append("# Pod ").append(v.podKey()).append(' ').append(v.podAddress()).append('\n');
            s.append("printf '%s\\n' ").append(shq(cniConfig(node, v))).append(" > $D/cni/").append(f).append(".conf\n");
            s.append("pod_up ").append(shq(v.podKey())).append(' ').append(f).append(' ').append(v.hostName()).append(' ')
                    .append(v.hostMac()).append(' ').append(v.podMac()).append(' ').append(v.gateway()).append(' ')
                    .append(v.netns()).append('\n');
        }
        neighbours(s, node);
        s.append("for f in $R/pods/*.pid; do [ -e \"$f\" ] || continue; b=${f##*/}; b=${b%.pid}; case \" ")
                .append(String.join(" ", wanted)).append(" \" in *\" $b \"*) ;; *) cni DEL $b \"\" $D/cni/$b.conf >/dev/null 2>&1; "
                        + "[ -f $R/pods/$b.netns ] && ip netns delete $(<$R/pods/$b.netns) 2>/dev/null; "
                        + "rm -f $R/pods/$b.* $D/cni/$b.conf;; esac; done\n");
    }

    /**
     * The node's Pods and their gateway know each other's MACs without ARP: permanent neighbour entries, what the
     * sim's segment table is. The kernel's neighbour table is one for every network namespace of the machine (1024
     * entries by default, net.ipv4.neigh.default.gc_thresh3) and permanent entries do not count against it, so 200
     * Pods reaching each other do not overflow it (the kernel then drops packets: "neighbor table overflow").
     * Each run replaces them, so a Pod that left has none and an address no one has is still unreachable.
     */
    private static void neighbours(StringBuilder s, NodePlan node) {
        NodePlan.Bridge b = node.bridge();
        s.append("# each Pod's node neighbours (the other Pods on ").append(b.name()).append(", its gateway) and the node's Pods: permanent\n");
        StringBuilder nodeSide = new StringBuilder("neigh flush dev " + b.name() + " nud permanent\n");
        for (NodePlan.VethPair v : node.veths()) {
            StringBuilder batch = new StringBuilder("neigh flush dev eth0 nud permanent\n");
            batch.append("neigh replace ").append(v.gateway()).append(" lladdr ").append(b.mac()).append(" dev eth0 nud permanent\n");
            for (NodePlan.VethPair u : node.veths()) {
                if (u != v) {
                    batch.append("neigh replace ").append(u.podIp()).append(" lladdr ").append(u.podMac()).append(" dev eth0 nud permanent\n");
                }
            }
            nodeSide.append("neigh replace ").append(v.podIp()).append(" lladdr ").append(v.podMac()).append(" dev ")
                    .append(b.name()).append(" nud permanent\n");
            // unquoted: the one expansion is this run's eth0 settings of a Pod plumbed now (addresses and MACs only)
            s.append("[ -e /var/run/netns/").append(v.netns()).append(" ] && { ip -n ").append(v.netns())
                    .append(" -force -batch - <<").append(EOF).append(" || { say \"pod ").append(v.podKey())
                    .append(": its eth0 or neighbours: ip -batch failed\"; fail=1; }; }\n${eth0[").append(v.netns()).append("]:-}")
                    .append(batch).append(EOF).append('\n');
        }
        // unquoted: the one expansion is this run's host-side veth renames (interface names and MACs only)
        s.append("ip -force -batch - <<").append(EOF).append(" || { say \"the Pods' host-side veths or their neighbours: ip -batch failed\"; fail=1; }\n")
                .append("${post}").append(nodeSide).append(EOF).append('\n');
    }

    /** The routes the script writes: the connected routes and the default route are the kernel's and Docker's. */
    private static List<NodePlan.Route> peerRoutes(NodePlan node) {
        return node.routes().stream().filter(r -> r.via() != null && r.destination().prefix() > 0).toList();
    }

    /** What an earlier plan left: routes to Pod CIDRs the plan no longer has, LoadBalancer addresses it no longer announces. */
    private static void staleRoutesAndAddresses(StringBuilder s, NodePlan node) {
        List<String> peerRoutes = peerRoutes(node).stream().map(r -> r.destination().canonical().toString()).toList();
        List<String> lbs = new ArrayList<>();
        for (String a : node.extraAddresses()) {
            lbs.add(a + "/32");
        }
        String dev = node.underlay().name();
        s.append("\n# routes and announced addresses an earlier plan left\n");
        s.append("while read -r r rest; do [ \"$r\" != default ] && [[ \" $rest \" == *\" via \"* ]] || continue; case \" ")
                .append(String.join(" ", peerRoutes)).append(" \" in *\" $r \"*) ;; *) ip route del $r;; esac; done < <(ip -4 route show)\n");
        s.append("while read -r _ _ _ a _; do [[ $a == */32 ]] || continue; case \" ").append(String.join(" ", lbs))
                .append(" \" in *\" $a \"*) ;; *) ip addr del $a dev ").append(dev).append(";; esac; done < <(ip -4 -o addr show dev ")
                .append(dev).append(")\n");
    }

    /**
     * The plan's chains in one iptables-restore --noflush transaction, with the jumps from the built-in chains that
     * are not there yet (one iptables-save tells which, read by bash: 18 {@code iptables -C} calls took 90 ms of each
     * run); then the KUBE- and FLANNEL- chains the plan no longer has are flushed and deleted, in a second one (a
     * failure there leaves the plan's rules in place). Docker's rules are never touched.
     */
    private static void iptables(StringBuilder s, NodePlan node) {
        s.append("\n# kube-proxy, flannel and NetworkPolicy chains: replaced in one transaction; Docker's rules left alone\n");
        s.append("cat > $D/iptables.rules <<'").append(EOF).append("'\n").append(node.iptablesRestore()).append(EOF).append('\n');
        s.append("declare -A have=() add=() mine=()\n");
        s.append("saved=$'\\n'$(iptables-save 2>/dev/null)$'\\n'\n");
        s.append("for t in nat filter; do x=${saved#*$'\\n'\\*$t$'\\n'}; if [ \"$x\" = \"$saved\" ]; then have[$t]=\"\"; "
                + "else have[$t]=$'\\n'${x%%$'\\n'COMMIT$'\\n'*}$'\\n'; fi; add[$t]=\"\"; done\n");
        s.append("jump() { [[ ${have[$1]} == *$'\\n'\"$2\"$'\\n'* ]] || add[$1]+=\"$2\"$'\\n'; }\n");
        for (IptablesTable t : node.iptables()) {
            s.append("mine[").append(t.name()).append("]=\" ").append(String.join(" ", t.chains())).append(" \"\n");
            for (IptablesRule r : t.builtinJumps()) {
                s.append("jump ").append(t.name()).append(' ').append(shq(r.render())).append('\n');
            }
        }
        s.append("in=$(<$D/iptables.rules)$'\\n'\n");
        s.append("for t in nat filter; do [ -n \"${add[$t]}\" ] && in+=\"*$t\"$'\\n'\"${add[$t]}\"COMMIT$'\\n'; done\n");
        s.append("if ! out=$(iptables-restore -w --noflush <<< \"$in\" 2>&1); then say \"iptables-restore: $out\"; fail=1; fi\n");
        s.append("gone=\"\"\n");
        s.append("for t in nat filter; do f=\"\" x=\"\"; while read -r c _; do [[ $c == :* ]] || break; c=${c#:}; "
                + "case $c in KUBE-*|FLANNEL-*) [[ ${mine[$t]:-} == *\" $c \"* ]] || { f+=\"-F $c\"$'\\n'; x+=\"-X $c\"$'\\n'; };; esac; "
                + "done <<< \"${have[$t]#$'\\n'}\"; [ -n \"$f\" ] && gone+=\"*$t\"$'\\n'\"$f$x\"COMMIT$'\\n'; done\n");
        s.append("if [ -n \"$gone\" ] && ! out=$(iptables-restore -w --noflush <<< \"$gone\" 2>&1); then "
                + "say \"iptables: the chains the plan no longer has were not removed: $out\"; fail=1; fi\n");
    }

    private static void dns(StringBuilder s, NetworkPlan plan, NodePlan node) {
        if (!node.name().equals(plan.dns().hostedNode())) {
            s.append("[ -f $R/dnsmasq.pid ] && kill $(cat $R/dnsmasq.pid) 2>/dev/null && rm -f $R/dnsmasq.pid $R/dnsmasq.conf\n");
            return;
        }
        s.append("\n# the cluster DNS server on this node's address (no DNS Pods run): dnsmasq\n");
        s.append("mkdir -p $D/dns\ncat > $D/dns/dnsmasq.conf <<'").append(EOF).append("'\n")
                .append("listen-address=").append(node.underlay().address().addressText())
                .append("\nbind-interfaces\nuser=root\nno-negcache\npid-file=/run/kubecanvas/dnsmasq.pid\n"
                        + "log-facility=/run/kubecanvas/dnsmasq.log\nlocal=/").append(plan.dns().clusterDomain()).append("/\n")
                .append(plan.dns().dnsmasqConfig()).append(EOF).append('\n');
        s.append("if [ -f $R/dnsmasq.pid ] && kill -0 $(cat $R/dnsmasq.pid) 2>/dev/null && cmp -s $D/dns/dnsmasq.conf $R/dnsmasq.conf; then :; "
                + "else [ -f $R/dnsmasq.pid ] && kill $(cat $R/dnsmasq.pid) 2>/dev/null; "
                + "cp $D/dns/dnsmasq.conf $R/dnsmasq.conf; dnsmasq --conf-file=$D/dns/dnsmasq.conf || { say dnsmasq failed; fail=1; }; fi\n");
    }

    private static void ingress(StringBuilder s, NetworkPlan plan, NodePlan node) {
        IngressTable t = plan.ingress();
        if (!node.name().equals(t.node())) {
            return;
        }
        s.append("\n# the Ingress controller: nginx, configured from the plan's Ingress table\n");
        for (IngressTable.NotRouted r : t.notRouted()) {
            s.append("#   not routed: ").append(r.ingress()).append(": ").append(r.reason()).append('\n');
        }
        s.append("mkdir -p ").append(NginxConfig.DIR).append('\n');
        s.append("[ -s ").append(NginxConfig.DIR).append("/fake.crt ] || openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 365 -subj ")
                .append(shq("/CN=" + NginxConfig.FAKE_CERTIFICATE)).append(" -keyout ").append(NginxConfig.DIR)
                .append("/fake.key -out ").append(NginxConfig.DIR).append("/fake.crt 2>/dev/null\n");
        for (Map.Entry<String, String> f : NginxConfig.certificateFiles(t).entrySet()) {
            s.append("cat > ").append(NginxConfig.DIR).append('/').append(f.getKey()).append(" <<'").append(EOF).append("'\n")
                    .append(f.getValue().endsWith("\n") ? f.getValue() : f.getValue() + "\n").append(EOF).append('\n');
        }
        s.append("cat > ").append(NginxConfig.DIR).append("/nginx.conf <<'").append(EOF).append("'\n")
                .append(NginxConfig.render(t)).append(EOF).append('\n');
        s.append("if [ -f $R/nginx.pid ] && kill -0 $(cat $R/nginx.pid) 2>/dev/null; then nginx -c ").append(NginxConfig.DIR)
                .append("/nginx.conf -s reload || fail=1; else nginx -c ").append(NginxConfig.DIR)
                .append("/nginx.conf || { say nginx failed; fail=1; }; fi\n");
    }

    /** The CNI network config for one Pod: bridge plugin, host-local IPAM restricted to the Pod's address. */
    static String cniConfig(NodePlan node, NodePlan.VethPair v) {
        ObjectNode c = JSON.createObjectNode();
        c.put("cniVersion", "0.3.1").put("name", "kubecanvas").put("type", "bridge").put("bridge", node.bridge().name())
                .put("isGateway", true).put("ipMasq", false).put("hairpinMode", v.hairpin()).put("mtu", v.mtu());
        ObjectNode ipam = c.putObject("ipam");
        ipam.put("type", "host-local").put("dataDir", "/var/lib/cni/networks");
        ipam.putArray("ranges").addArray().addObject().put("subnet", node.bridge().address().canonical().toString())
                .put("rangeStart", v.podIp()).put("rangeEnd", v.podIp()).put("gateway", v.gateway());
        ipam.putArray("routes").addObject().put("dst", "0.0.0.0/0");
        try {
            return JSON.writeValueAsString(c);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The file name of a Pod's CNI config (and its container ID for the plugin): {@code ns_name}. */
    public static String cniFileName(String podKey) {
        return podKey.replace('/', '_').toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
    }

    static String shq(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
