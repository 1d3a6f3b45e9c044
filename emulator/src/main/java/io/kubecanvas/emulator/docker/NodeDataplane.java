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
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.plan.NodePlan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One node's part of the {@link NetworkPlan} as files for /etc/kubecanvas: one idempotent {@code apply.sh}
 * (the plan's bridge, Pod interfaces through the CNI bridge plugin, the plan's VXLAN device or host-gw routes,
 * neighbour and FDB entries, LoadBalancer addresses, the DNS server, the Ingress controller) and
 * {@code iptables.rules}, the plan's iptables-restore input, applied with {@code --noflush} so only the plan's
 * chains are replaced and Docker's rules are never touched. Pure: the same plan gives the same files.
 *
 * <p>Design notes. Pod interfaces come from the real CNI bridge plugin with host-local IPAM, given a
 * one-address range per Pod so the Pod gets exactly the IP the control plane chose (the plugin cannot be
 * told a veth name or MAC, so the host-side veth is renamed to the plan's name afterwards, which keeps
 * captures mapped to plan elements). The plan derives each node's VTEP MAC from its underlay IP, so peers
 * program the FDB without a control channel (flannel keeps it in node annotations).
 */
public final class NodeDataplane {
    public static final String DIR = "/etc/kubecanvas";

    private final ClusterState state;
    private final NetworkPlan plan;
    private final NodePlan node;

    public NodeDataplane(ClusterState state, NetworkPlan plan, String nodeName) {
        this.state = state;
        this.plan = plan;
        this.node = plan.node(nodeName);
        if (node == null) {
            throw new IllegalArgumentException("no node " + nodeName + " in the network plan");
        }
    }

    /** The Pods this node runs that have a sandbox (an IP), host-network Pods excluded. */
    public List<PodState> localPods() {
        return state.pods().stream().filter(p -> node.name().equals(p.node()) && p.ip() != null && !p.hostNetwork())
                .filter(p -> node.veth(p.key()) != null).toList();
    }

    /** Files relative to {@link #DIR}. */
    public Map<String, byte[]> files() {
        Map<String, byte[]> files = new TreeMap<>();
        files.put("apply.sh", applyScript().getBytes(StandardCharsets.UTF_8));
        files.put("iptables.rules", node.iptablesRestore().getBytes(StandardCharsets.UTF_8));
        if (hostsDns()) {
            files.put("dns/dnsmasq.conf", dnsmasqConf().getBytes(StandardCharsets.UTF_8));
        }
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
        return node.name().equals(plan.ingress().node());
    }

    boolean hostsDns() {
        return node.name().equals(plan.dns().hostedNode());
    }

    /** The host-side veth name of a Pod, as the plan names it. */
    public String vethName(PodState p) {
        return node.veth(p.key()).hostName();
    }

    static String podFileName(PodState p) {
        return Labels.namePart(p.namespace()) + "_" + Labels.namePart(p.name());
    }

    /** The CNI network config for one Pod: bridge plugin, host-local IPAM restricted to the Pod's address. */
    public String cniConfig(PodState p) {
        NodePlan.VethPair v = node.veth(p.key());
        NodePlan.Bridge b = node.bridge();
        return "{\"cniVersion\":\"0.3.1\",\"name\":\"kubecanvas\",\"type\":\"bridge\",\"bridge\":\"" + b.name() + "\","
                + "\"isGateway\":true,\"ipMasq\":false,\"hairpinMode\":" + v.hairpin() + ",\"mtu\":" + v.mtu() + ","
                + "\"ipam\":{\"type\":\"host-local\",\"dataDir\":\"/var/lib/cni/networks\","
                + "\"ranges\":[[{\"subnet\":\"" + b.address().canonical() + "\",\"rangeStart\":\"" + p.ip()
                + "\",\"rangeEnd\":\"" + p.ip() + "\",\"gateway\":\"" + v.gateway() + "\"}]],"
                + "\"routes\":[{\"dst\":\"0.0.0.0/0\"}]}}\n";
    }

    // ---- apply.sh ----------------------------------------------------------------------------

    public String applyScript() {
        StringBuilder s = new StringBuilder();
        s.append("#!/bin/bash\n# kubecanvas: node ").append(node.name()).append(", state version ")
                .append(state.resourceVersion()).append(". Generated from the network plan; idempotent.\n");
        s.append("set -u\nD=").append(DIR).append("\nR=/run/kubecanvas\nmkdir -p $R/pods /var/lib/cni/networks\nfail=0\n");
        s.append("say() { echo \"$*\" >&2; }\n");
        s.append("sysctl -qw net.ipv4.ip_forward=1 2>/dev/null; sysctl -qw net.bridge.bridge-nf-call-iptables=1 2>/dev/null\n");
        NodePlan.Bridge b = node.bridge();
        s.append("\n# ").append(b.name()).append(": the node's Pod bridge\n");
        s.append("ip link show ").append(b.name()).append(" >/dev/null 2>&1 || ip link add ").append(b.name()).append(" type bridge\n");
        s.append("ip link set ").append(b.name()).append(" address ").append(b.mac()).append(" mtu ").append(b.mtu()).append(" up\n");
        s.append("ip addr replace ").append(b.address()).append(" dev ").append(b.name()).append('\n');
        s.append("\n# Pod interfaces: the CNI bridge plugin, one ADD per Pod not yet plumbed; then the plan's names\n");
        s.append("cni() { CNI_COMMAND=$1 CNI_CONTAINERID=$2 CNI_NETNS=$3 CNI_IFNAME=eth0 CNI_PATH=/usr/lib/cni "
                + "/usr/lib/cni/bridge < $4; }\n");
        s.append("pod_up() { # token file veth hostmac podmac\n"
                + "  local pid; pid=$(pgrep -o -f -x \"/bin/sh /usr/local/bin/kubecanvas-pause $1\")\n"
                + "  if [ -z \"$pid\" ]; then say \"pod $1: no sandbox process\"; fail=1; return; fi\n"
                + "  if [ -f $R/pods/$2.pid ] && [ \"$(cat $R/pods/$2.pid)\" = \"$pid\" ] && ip link show $3 >/dev/null 2>&1; then return; fi\n"
                + "  cni DEL $2 \"\" $D/cni/$2.conf >/dev/null 2>&1\n"
                + "  ip link del $3 >/dev/null 2>&1\n"
                + "  local out; if ! out=$(cni ADD $2 /proc/$pid/ns/net $D/cni/$2.conf 2>&1); then say \"pod $1: CNI ADD failed: $out\"; fail=1; return; fi\n"
                + "  local v; v=$(echo \"$out\" | grep -o '\"name\": *\"veth[^\"]*\"' | head -1 | sed 's/.*\"\\(veth[^\"]*\\)\"/\\1/')\n"
                + "  if [ -n \"$v\" ] && [ \"$v\" != \"$3\" ]; then ip link set $v down; ip link set $v name $3 address $4; ip link set $3 up; fi\n"
                + "  bridge link set dev $3 hairpin on 2>/dev/null\n"
                + "  nsenter -t $pid -n sh -c \"ip link set eth0 down && ip link set eth0 address $5 && ip link set eth0 up && ip route replace default via $6 dev eth0\" 2>/dev/null\n"
                + "  echo $pid > $R/pods/$2.pid; echo \"$1\" > $R/pods/$2.pod\n"
                + "}\n");
        List<String> wanted = new ArrayList<>();
        for (PodState p : localPods()) {
            NodePlan.VethPair v = node.veth(p.key());
            String f = podFileName(p);
            wanted.add(f);
            s.append("pod_up ").append(shq(ClusterContainers.podToken(p))).append(' ').append(f).append(' ')
                    .append(v.hostName()).append(' ').append(v.hostMac()).append(' ').append(v.podMac()).append(' ')
                    .append(v.gateway()).append('\n');
        }
        s.append("for f in $R/pods/*.pid; do [ -e \"$f\" ] || continue; b=$(basename $f .pid); case \" ")
                .append(String.join(" ", wanted)).append(" \" in *\" $b \"*) ;; *) cni DEL $b \"\" $D/cni/$b.conf >/dev/null 2>&1; "
                        + "rm -f $R/pods/$b.*;; esac; done\n");
        // the interface map read by the capture: veth name -> Pod
        s.append("{ ");
        for (PodState p : localPods()) {
            s.append("echo ").append(shq(vethName(p) + " " + p.key() + " " + p.ip())).append("; ");
        }
        s.append("true; } > $R/ifaces\n");
        s.append("\n# Pod traffic between nodes\n");
        NodePlan.VxlanDevice vx = node.vxlan();
        if (vx != null) {
            s.append("ip link show ").append(vx.name()).append(" >/dev/null 2>&1 || ip link add ").append(vx.name())
                    .append(" type vxlan id ").append(vx.vni()).append(" dstport ").append(vx.port()).append(" local ")
                    .append(vx.local()).append(" dev ").append(vx.dev()).append(" nolearning\n");
            s.append("ip link set ").append(vx.name()).append(" address ").append(vx.mac()).append(" mtu ").append(vx.mtu())
                    .append(" up\n");
            s.append("ip addr replace ").append(vx.address()).append(" dev ").append(vx.name()).append('\n');
        } else {
            s.append("ip link del ").append(NetworkPlan.VXLAN).append(" >/dev/null 2>&1\n");
        }
        List<String> peerRoutes = new ArrayList<>();
        for (NodePlan.Route r : node.routes()) {
            // the plan's connected routes and default route are Docker's and the kernel's; add the peers'
            if (r.via() != null && r.destination().prefix() > 0) {
                peerRoutes.add(r.destination().canonical().toString());
            }
        }
        for (NodePlan.NeighbourEntry n : node.neighbours()) {
            s.append("ip neigh replace ").append(n.address()).append(" lladdr ").append(n.mac()).append(" dev ")
                    .append(n.dev()).append(" nud permanent\n");
        }
        for (NodePlan.FdbEntry f : node.fdb()) {
            s.append("bridge fdb replace ").append(f.mac()).append(" dev ").append(f.dev()).append(" dst ").append(f.dst())
                    .append(" self permanent\n");
        }
        for (NodePlan.Route r : node.routes()) {
            if (r.via() != null && r.destination().prefix() > 0) {
                s.append(r.render()).append('\n');
            }
        }
        s.append("for r in $(ip -4 route show | awk '/ via / && $1 != \"default\" {print $1}'); do case \" ")
                .append(String.join(" ", peerRoutes)).append(" \" in *\" $r \"*) ;; *) ip route del $r;; esac; done\n");
        s.append("\n# kube-proxy, flannel and NetworkPolicy chains: replaced in one transaction; Docker's rules left alone\n");
        s.append("if ! out=$(iptables-restore -w --noflush < $D/iptables.rules 2>&1); then say \"iptables-restore: $out\"; fail=1; fi\n");
        for (String j : node.iptablesJumps()) {
            s.append(j).append('\n');
        }
        s.append("for t in nat filter; do for c in $(iptables -w -t $t -S | awk '/^-N (KUBE|FLANNEL)-/{print $2}'); do "
                + "grep -q \"^:$c \" $D/iptables.rules || { iptables -w -t $t -F $c; iptables -w -t $t -X $c; }; done; done\n");
        s.append("\n# LoadBalancer addresses this node announces on the underlay\n");
        List<String> lbs = new ArrayList<>();
        for (String a : node.extraAddresses()) {
            lbs.add(a + "/32");
            s.append("ip addr replace ").append(a).append("/32 dev ").append(node.underlay().name()).append('\n');
        }
        s.append("for a in $(ip -4 -o addr show dev eth0 | awk '$4 ~ /\\/32$/ {print $4}'); do case \" ")
                .append(String.join(" ", lbs)).append(" \" in *\" $a \"*) ;; *) ip addr del $a dev eth0;; esac; done\n");
        if (hostsDns()) {
            s.append("\n# the cluster DNS server on this node's address (no DNS Pods run): dnsmasq\n");
            s.append("if [ -f $R/dnsmasq.pid ] && kill -0 $(cat $R/dnsmasq.pid) 2>/dev/null && cmp -s $D/dns/dnsmasq.conf $R/dnsmasq.conf; then :; "
                    + "else [ -f $R/dnsmasq.pid ] && kill $(cat $R/dnsmasq.pid) 2>/dev/null; "
                    + "cp $D/dns/dnsmasq.conf $R/dnsmasq.conf; dnsmasq --conf-file=$D/dns/dnsmasq.conf || { say dnsmasq failed; fail=1; }; fi\n");
        } else {
            s.append("[ -f $R/dnsmasq.pid ] && kill $(cat $R/dnsmasq.pid) 2>/dev/null && rm -f $R/dnsmasq.pid $R/dnsmasq.conf\n");
        }
        if (isIngressNode()) {
            s.append("\n# the Ingress controller: nginx\n");
            for (String host : tlsHostsWithoutSecret()) {
                String f = "$D/nginx/tls-" + fileSafe(host);
                s.append("[ -s ").append(f).append(".crt ] || openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj ")
                        .append(shq("/CN=" + host)).append(" -addext ").append(shq("subjectAltName=DNS:" + host))
                        .append(" -keyout ").append(f).append(".key -out ").append(f).append(".crt 2>/dev/null\n");
            }
            s.append("if [ -f $R/nginx.pid ] && kill -0 $(cat $R/nginx.pid) 2>/dev/null; then "
                    + "nginx -c $D/nginx/nginx.conf -s reload || fail=1; else nginx -c $D/nginx/nginx.conf || { say nginx failed; fail=1; }; fi\n");
        }
        s.append("\nexit $fail\n");
        return s.toString();
    }

    // ---- DNS --------------------------------------------------------------------------------------

    /** The cluster DNS records as a hosts file (A records), for a dnsmasq reloaded with SIGHUP. */
    public String dnsHosts() {
        StringBuilder sb = new StringBuilder("# cluster DNS A records (kubecanvas)\n");
        for (ClusterState.DnsRecord r : state.dns()) {
            if ("A".equals(r.type())) {
                sb.append(r.value()).append(' ').append(stripDot(r.name())).append('\n');
            }
        }
        return sb.toString();
    }

    /** dnsmasq on this node's underlay address with the plan's records. */
    public String dnsmasqConf() {
        return "listen-address=" + node.underlay().address().addressText() + "\nbind-interfaces\nuser=root\nno-negcache\n"
                + "pid-file=/run/kubecanvas/dnsmasq.pid\nlog-facility=/run/kubecanvas/dnsmasq.log\nlocal=/"
                + plan.dns().clusterDomain() + "/\n" + plan.dns().dnsmasqConfig();
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

}
