package io.kubecanvas.emulator.backend;

import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.emulator.state.ClusterState.Endpoint;
import io.kubecanvas.emulator.state.ClusterState.PodState;
import io.kubecanvas.emulator.state.ClusterState.ServicePort;
import io.kubecanvas.emulator.state.ClusterState.ServiceState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Who can reach whom: every Pod probes every Pod on each port and protocol, as the upstream Kubernetes
 * NetworkPolicy e2e tests do, printed as their truth table ({@code .} reachable, {@code X} not) or as JSON.
 * System Pods (kube-system) and host-network Pods are left out.
 */
public final class ReachabilityMatrix {

    public enum Via {
        /** Connect to the Pod's own IP. */
        POD_IP,
        /** Connect to the ClusterIP of a Service that has the Pod as an endpoint for the port. */
        SERVICE;

        public static Via parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "pod-ip", "pod", "ip" -> POD_IP;
                case "service", "svc" -> SERVICE;
                default -> throw new IllegalArgumentException("--via must be pod-ip or service, not '" + text + "'");
            };
        }
    }

    /** One probe of the matrix. {@code outcome} is null when there was nothing to probe (no Service). */
    public record Cell(String from, String to, int port, Protocol protocol, boolean allowed, ProbeResult.Outcome outcome,
                       String reason) {
    }

    private final List<String> pods;
    private final List<Integer> ports;
    private final List<Protocol> protocols;
    private final List<Cell> cells;
    private final Map<String, Cell> index = new HashMap<>();

    private ReachabilityMatrix(List<String> pods, List<Integer> ports, List<Protocol> protocols, List<Cell> cells) {
        this.pods = List.copyOf(pods);
        this.ports = List.copyOf(ports);
        this.protocols = List.copyOf(protocols);
        this.cells = List.copyOf(cells);
        for (Cell c : cells) {
            index.put(key(c.from(), c.to(), c.port(), c.protocol()), c);
        }
    }

    /** The Pods of the matrix: running, with an IP, not host-network, not in kube-system; sorted. */
    public static List<String> pods(ClusterState state) {
        return state.pods().stream().filter(p -> p.ip() != null && !p.hostNetwork() && !"kube-system".equals(p.namespace()))
                .map(PodState::key).sorted(Comparator.naturalOrder()).toList();
    }

    public static ReachabilityMatrix probe(EmulatorBackend backend, ClusterState state, List<Integer> ports,
                                           List<Protocol> protocols, Via via) {
        List<String> pods = pods(state);
        List<Cell> cells = new ArrayList<>();
        for (Protocol proto : protocols) {
            for (int port : ports) {
                for (String from : pods) {
                    for (String to : pods) {
                        String target = to;
                        int targetPort = port;
                        if (via == Via.SERVICE) {
                            String[] svc = serviceFor(state, to, port, proto);
                            if (svc == null) {
                                cells.add(new Cell(from, to, port, proto, false, null, "no Service has " + to
                                        + " as an endpoint for " + proto + "/" + port));
                                continue;
                            }
                            target = svc[0];
                            targetPort = Integer.parseInt(svc[1]);
                        }
                        ProbeResult r;
                        try {
                            r = backend.probe(new ProbeRequest(from, target, targetPort, proto), false);
                        } catch (IllegalArgumentException e) {
                            cells.add(new Cell(from, to, port, proto, false, null, e.getMessage()));
                            continue;
                        }
                        cells.add(new Cell(from, to, port, proto, r.delivered(), r.outcome(), r.reason()));
                    }
                }
            }
        }
        return new ReachabilityMatrix(pods, ports, protocols, cells);
    }

    /** {ClusterIP, service port} of a Service with {@code pod} as an endpoint on {@code port}, or null. */
    static String[] serviceFor(ClusterState state, String pod, int port, Protocol proto) {
        for (ServiceState s : state.services()) {
            if (s.headless()) {
                continue;
            }
            for (ServicePort sp : s.ports()) {
                if (!proto.name().equalsIgnoreCase(sp.protocol() == null ? "TCP" : sp.protocol())) {
                    continue;
                }
                for (Endpoint e : s.endpoints()) {
                    if (pod.equals(e.podNamespace() + "/" + e.podName()) && s.endpoints().size() == 1) {
                        Integer tp = e.targetPorts().get(sp.name() != null && !sp.name().isEmpty() ? sp.name()
                                : String.valueOf(sp.port()));
                        if (tp != null && tp == port) {
                            return new String[]{s.clusterIp(), String.valueOf(sp.port())};
                        }
                    }
                }
            }
        }
        return null;
    }

    private static String key(String from, String to, int port, Protocol proto) {
        return from + ">" + to + ":" + port + "/" + proto;
    }

    public List<String> pods() {
        return pods;
    }

    public List<Cell> cells() {
        return cells;
    }

    public boolean allowed(String from, String to, int port, Protocol proto) {
        Cell c = index.get(key(from, to, port, proto));
        if (c == null) {
            throw new IllegalArgumentException("not in the matrix: " + from + " -> " + to + " " + proto + "/" + port);
        }
        return c.allowed();
    }

    /** One truth table per protocol and port, as the upstream e2e tests print them. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        for (Protocol proto : protocols) {
            for (int port : ports) {
                b.append("reachability ").append(proto).append('/').append(port)
                        .append(" (rows: from, columns: to; . reachable, X not)\n");
                b.append('-');
                for (String to : pods) {
                    b.append('\t').append(to);
                }
                b.append('\n');
                for (String from : pods) {
                    b.append(from);
                    for (String to : pods) {
                        b.append('\t').append(allowed(from, to, port, proto) ? '.' : 'X');
                    }
                    b.append('\n');
                }
                b.append('\n');
            }
        }
        long allowed = cells.stream().filter(Cell::allowed).count();
        b.append(allowed).append(" of ").append(cells.size()).append(" probes reachable\n");
        return b.toString();
    }

    /** {@code {"pods":[...],"results":[{"from":..,"to":..,"port":..,"protocol":"TCP","allowed":true},...]}}. */
    public String toJson() {
        StringBuilder b = new StringBuilder("{\"pods\":[");
        for (int i = 0; i < pods.size(); i++) {
            b.append(i == 0 ? "" : ",").append(quote(pods.get(i)));
        }
        b.append("],\"results\":[");
        for (int i = 0; i < cells.size(); i++) {
            Cell c = cells.get(i);
            b.append(i == 0 ? "" : ",").append("{\"from\":").append(quote(c.from())).append(",\"to\":").append(quote(c.to()))
                    .append(",\"port\":").append(c.port()).append(",\"protocol\":\"").append(c.protocol()).append("\",\"allowed\":")
                    .append(c.allowed()).append('}');
        }
        return b.append("]}").toString();
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
