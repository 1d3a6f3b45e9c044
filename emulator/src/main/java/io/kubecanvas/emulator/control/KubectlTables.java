package io.kubecanvas.emulator.control;

import io.kubecanvas.emulator.state.ClusterState;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The cluster state as {@code kubectl get ... -o wide} prints it: the same columns and formats (ports
 * {@code 80:30080/TCP}, {@code <none>}, {@code <pending>}), columns padded to the widest cell and three
 * spaces apart. For the CLI and for text views.
 */
public final class KubectlTables {
    private KubectlTables() {
    }

    /** {@code kubectl get nodes -o wide}, with the Pod CIDR. */
    public static String nodes(ClusterState s) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("NAME", "STATUS", "ROLES", "INTERNAL-IP", "POD-CIDR"));
        for (ClusterState.NodeState n : s.nodes()) {
            rows.add(List.of(n.name(), n.ready() ? "Ready" : "NotReady",
                    n.role().equals("control-plane") ? "control-plane" : "<none>", n.underlayIp(), n.podCidr()));
        }
        return table(rows);
    }

    /** {@code kubectl get pods -A -o wide}. */
    public static String pods(ClusterState s) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("NAMESPACE", "NAME", "READY", "STATUS", "IP", "NODE"));
        for (ClusterState.PodState p : s.pods()) {
            int containers = Math.max(1, p.images().size());
            // kubectl's STATUS: the waiting reason of a Pod that does not run (CreateContainerConfigError, Init:Error)
            String reason = p.reason();
            String status = reason != null && !p.ready() && p.node() != null && !reason.startsWith("NodeNotReady")
                    ? reason.substring(0, reason.indexOf(": ") > 0 ? reason.indexOf(": ") : reason.length()) : p.phase();
            rows.add(List.of(p.namespace(), p.name(), (p.ready() ? containers : 0) + "/" + containers, status,
                    p.ip() == null ? "<none>" : p.ip(), p.node() == null ? "<none>" : p.node()));
        }
        return table(rows);
    }

    /** {@code kubectl get services -A -o wide}. */
    public static String services(ClusterState s) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("NAMESPACE", "NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "SELECTOR"));
        for (ClusterState.ServiceState svc : s.services()) {
            String external = "LoadBalancer".equals(svc.type()) ? (svc.loadBalancerIp() == null ? "<pending>" : svc.loadBalancerIp())
                    : "<none>";
            String ports = svc.ports().isEmpty() ? "<none>" : svc.ports().stream()
                    .map(p -> p.port() + (p.nodePort() > 0 ? ":" + p.nodePort() : "") + "/" + p.protocol())
                    .collect(Collectors.joining(","));
            String selector = svc.selector() == null || svc.selector().isEmpty() ? "<none>" : new java.util.TreeMap<>(svc.selector())
                    .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
            rows.add(List.of(svc.namespace(), svc.name(), svc.type(), svc.clusterIp() == null ? "None" : svc.clusterIp(),
                    external, ports, selector));
        }
        return table(rows);
    }

    /** {@code kubectl get endpoints -A}: each ready address with its target ports. */
    public static String endpoints(ClusterState s) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("NAMESPACE", "NAME", "ENDPOINTS"));
        for (ClusterState.ServiceState svc : s.services()) {
            List<ClusterState.Endpoint> ready = svc.endpoints().stream().filter(ClusterState.Endpoint::ready).toList();
            String eps = ready.isEmpty() ? "<none>" : ready.stream()
                    .flatMap(e -> e.targetPorts().values().stream().distinct().map(port -> e.ip() + ":" + port))
                    .collect(Collectors.joining(","));
            rows.add(List.of(svc.namespace(), svc.name(), eps));
        }
        return table(rows);
    }

    /** {@code kubectl get events -A}, oldest first, with the virtual time. */
    public static String events(List<ClusterEvent> events) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("TIME", "NAMESPACE", "TYPE", "REASON", "OBJECT", "MESSAGE"));
        for (ClusterEvent e : events) {
            rows.add(List.of(String.format("%.1fs", e.at() / 1000.0), e.namespace() == null || e.namespace().isEmpty() ? "" : e.namespace(),
                    e.type(), e.reason(), e.object(), e.message()));
        }
        return table(rows);
    }

    static String table(List<List<String>> rows) {
        int cols = rows.get(0).size();
        int[] width = new int[cols];
        for (List<String> r : rows) {
            for (int i = 0; i < cols; i++) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                line.append(r.get(i));
                if (i < cols - 1) {
                    line.append(" ".repeat(width[i] - r.get(i).length() + 3));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
