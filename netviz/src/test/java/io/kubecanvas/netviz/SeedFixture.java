package io.kubecanvas.netviz;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.packet.PacketEvent.Direction;
import io.kubecanvas.emulator.packet.PacketEvent.Header;
import io.kubecanvas.emulator.packet.PacketEvent.Verdict;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.emulator.state.ClusterState.PodState;
import io.kubecanvas.model.Cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed complete.yaml as the control plane would run it (2 nginx Pods on 2 workers, web-service, the
 * Ingress) plus a client Pod, and the hops of a request as a flannel-VXLAN dataplane makes them. Tests only:
 * the real events come from the sim backend.
 */
final class SeedFixture {
    static final String VIP = "10.96.45.10";

    private SeedFixture() {
    }

    static ClusterState state(long version, List<PodState> pods, boolean worker2Ready) {
        var nodes = List.of(
                new ClusterState.NodeState("worker-1", "worker", "172.30.0.11", "10.244.1.0/24", true, Map.of()),
                new ClusterState.NodeState("worker-2", "worker", "172.30.0.12", "10.244.2.0/24", worker2Ready, Map.of()));
        List<ClusterState.Endpoint> eps = new ArrayList<>();
        for (PodState p : pods) {
            if ("web-app".equals(p.labels().get("app")) && p.ip() != null) {
                eps.add(new ClusterState.Endpoint(p.namespace(), p.name(), p.ip(), p.node(), true, Map.of("80", 80)));
            }
        }
        var svc = new ClusterState.ServiceState("default", "web-service", "ClusterIP", VIP, null, Map.of("app", "web-app"),
                List.of(new ClusterState.ServicePort(null, "TCP", 80, "80", 0)), eps, "None", "Cluster");
        Ingress ing = new IngressBuilder().withNewMetadata().withName("web-ingress").withNamespace("default").endMetadata()
                .withNewSpec().addNewRule().withHost("example.local").withNewHttp().addNewPath().withPath("/").withPathType("Prefix")
                .withNewBackend().withNewService().withName("web-service").withNewPort().withNumber(80).endPort().endService()
                .endBackend().endPath().endHttp().endRule().endSpec().build();
        return new ClusterState(version, Cluster.NetworkSettings.defaults(), nodes, List.of(), pods, List.of(svc), List.of(),
                List.of(ing), List.of(), Map.of());
    }

    static List<PodState> pods() {
        return new ArrayList<>(List.of(
                pod("client", "worker-1", "10.244.1.2", Map.of("app", "client"), null),
                pod("web-deployment-7c9f-abcde", "worker-1", "10.244.1.3", Map.of("app", "web-app"), "Deployment/web-deployment"),
                pod("web-deployment-7c9f-fghij", "worker-2", "10.244.2.2", Map.of("app", "web-app"), "Deployment/web-deployment")));
    }

    static PodState pod(String name, String node, String ip, Map<String, String> labels, String owner) {
        return new PodState("default", name, "uid-" + name, node, ip, "Running", true, labels,
                List.of(new ClusterState.ContainerPort(null, 80, "TCP")), List.of("nginx:latest"), false, owner);
    }

    /**
     * A request from {@code client} to {@code target} (through the Service when {@code viaService}) and the
     * reply, hop by hop.
     */
    static List<PacketEvent> request(long flowId, long t0, PodState client, PodState server, boolean viaService) {
        List<PacketEvent> out = new ArrayList<>();
        String dst0 = viaService ? VIP : server.ip();
        long[] t = {t0};
        boolean cross = !client.node().equals(server.node());
        // request
        add(out, t, flowId, client.node(), "veth-" + client.name(), Direction.IN, l3(client.ip(), dst0, 40000, 80, true),
                null, null, Verdict.FORWARDED, null, "GET / HTTP/1.1 from " + client.name());
        add(out, t, flowId, client.node(), "cni0", Direction.IN, l3(client.ip(), dst0, 40000, 80, true), null, null,
                Verdict.FORWARDED, null, "bridged");
        if (viaService) {
            add(out, t, flowId, client.node(), "PREROUTING", Direction.LOCAL, l3(client.ip(), server.ip(), 40000, 80, true),
                    VIP + ":80", server.ip() + ":80", Verdict.FORWARDED, "KUBE-SEP-" + server.name().toUpperCase().substring(0, 8),
                    "kube-proxy DNAT to endpoint " + server.name());
        }
        path(out, t, flowId, client.node(), server.node(), client.ip(), server.ip(), 40000, 80, cross, true);
        add(out, t, flowId, server.node(), "veth-" + server.name(), Direction.OUT, l3(client.ip(), server.ip(), 40000, 80, true),
                null, null, Verdict.DELIVERED, null, "nginx accepts the connection");
        // reply
        add(out, t, flowId, server.node(), "veth-" + server.name(), Direction.IN, l3(server.ip(), client.ip(), 80, 40000, false),
                null, null, Verdict.FORWARDED, null, "HTTP/1.1 200 OK");
        add(out, t, flowId, server.node(), "cni0", Direction.IN, l3(server.ip(), client.ip(), 80, 40000, false), null, null,
                Verdict.FORWARDED, null, "bridged");
        path(out, t, flowId, server.node(), client.node(), server.ip(), client.ip(), 80, 40000, cross, false);
        if (viaService) {
            add(out, t, flowId, client.node(), "PREROUTING", Direction.LOCAL, l3(VIP, client.ip(), 80, 40000, false),
                    server.ip() + ":80", VIP + ":80", Verdict.FORWARDED, "conntrack", "reply un-DNAT by conntrack");
        }
        String src = viaService ? VIP : server.ip();
        add(out, t, flowId, client.node(), "veth-" + client.name(), Direction.OUT, l3(src, client.ip(), 80, 40000, false),
                null, null, Verdict.DELIVERED, null, "200 OK delivered to " + client.name());
        return out;
    }

    private static void path(List<PacketEvent> out, long[] t, long flowId, String from, String to, String src, String dst,
                             int sport, int dport, boolean cross, boolean request) {
        if (!cross) {
            add(out, t, flowId, from, "cni0", Direction.OUT, l3(src, dst, sport, dport, request), null, null, Verdict.FORWARDED,
                    null, "bridged to the local veth");
            return;
        }
        String a = "worker-1".equals(from) ? "172.30.0.11" : "172.30.0.12";
        String b = "worker-1".equals(to) ? "172.30.0.11" : "172.30.0.12";
        add(out, t, flowId, from, "flannel.1", Direction.OUT, vxlan(a, b, l3(src, dst, sport, dport, request)), null, null,
                Verdict.FORWARDED, "route " + dst.substring(0, dst.lastIndexOf('.')) + ".0/24 via flannel.1", "VXLAN encapsulation, vni 1");
        add(out, t, flowId, from, "eth0", Direction.OUT, vxlan(a, b, l3(src, dst, sport, dport, request)), null, null,
                Verdict.FORWARDED, null, a + " > " + b + ".8472 VXLAN");
        add(out, t, flowId, to, "eth0", Direction.IN, vxlan(a, b, l3(src, dst, sport, dport, request)), null, null,
                Verdict.FORWARDED, null, a + " > " + b + ".8472 VXLAN");
        add(out, t, flowId, to, "flannel.1", Direction.IN, l3(src, dst, sport, dport, request), null, null, Verdict.FORWARDED,
                null, "VXLAN decapsulation");
        add(out, t, flowId, to, "cni0", Direction.OUT, l3(src, dst, sport, dport, request), null, null, Verdict.FORWARDED,
                null, "bridged");
    }

    private static void add(List<PacketEvent> out, long[] t, long flowId, String node, String iface, Direction d,
                            List<Header> headers, String natBefore, String natAfter, Verdict v, String rule, String info) {
        t[0] += 15_000;
        out.add(new PacketEvent(t[0], flowId, node, iface, d, headers, natBefore, natAfter, v, rule, info));
    }

    static List<Header> l3(String src, String dst, int sport, int dport, boolean request) {
        return List.of(new Header("eth", Map.of("src", "0a:58:0a:f4:01:02", "dst", "0a:58:0a:f4:01:01")),
                new Header("ip", ordered("src", src, "dst", dst, "ttl", "64", "length", "120")),
                new Header("tcp", ordered("sport", String.valueOf(sport), "dport", String.valueOf(dport), "flags", request ? "[P.]" : "[.]")),
                new Header("http", request ? Map.of("method", "GET", "path", "/", "host", "web-service") : Map.of("status", "200")));
    }

    static List<Header> vxlan(String a, String b, List<Header> inner) {
        List<Header> hs = new ArrayList<>();
        hs.add(new Header("eth", Map.of("src", "02:42:ac:1e:00:0b", "dst", "02:42:ac:1e:00:0c")));
        hs.add(new Header("ip", ordered("src", a, "dst", b, "ttl", "64", "length", "170")));
        hs.add(new Header("udp", ordered("sport", "52754", "dport", "8472")));
        hs.add(new Header("vxlan", Map.of("vni", "1")));
        hs.addAll(inner);
        return hs;
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
