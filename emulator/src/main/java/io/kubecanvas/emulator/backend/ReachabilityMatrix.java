package io.kubecanvas.emulator.backend;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.plan.PodPlan;
import io.kubecanvas.emulator.plan.ServicePlan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Who can reach whom: every Pod probes every Pod on each port and protocol, as the upstream Kubernetes
 * NetworkPolicy e2e tests do, printed as their truth table ({@code .} reachable, {@code X} not) or as JSON
 * with each probe's outcome (so a policy drop is told apart from a closed port). System Pods (kube-system)
 * and host-network Pods are left out. The probes run through {@link EmulatorBackend#probeAll}, so a backend
 * that can run them at once does.
 */
public final class ReachabilityMatrix {
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Via {
        /** Connect to the Pod's own IP. */
        POD_IP,
        /** Connect to the ClusterIP of a Service that has the Pod as its only endpoint for the port. */
        SERVICE;

        public static Via parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "pod-ip", "pod", "ip" -> POD_IP;
                case "service", "svc" -> SERVICE;
                default -> throw new IllegalArgumentException("--via must be pod-ip or service, not '" + text + "'");
            };
        }
    }

    /** One probe of the matrix. {@code outcome} is null when there was nothing to probe (no such Service). */
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

    /** The Pods of the matrix: running, not host-network, not in kube-system; sorted. */
    public static List<String> pods(NetworkPlan plan) {
        return plan.pods().stream().filter(p -> p.running() && !p.hostNetwork() && !"kube-system".equals(p.namespace()))
                .map(PodPlan::key).sorted(Comparator.naturalOrder()).toList();
    }

    /** Probes the matrix on the plan the backend runs. */
    public static ReachabilityMatrix probe(EmulatorBackend backend, List<Integer> ports, List<Protocol> protocols, Via via) {
        NetworkPlan plan = backend.plan();
        if (plan == null) {
            throw new IllegalStateException("the " + backend.name() + " backend runs nothing yet");
        }
        List<String> pods = pods(plan);
        List<Cell> cells = new ArrayList<>();
        List<ProbeRequest> requests = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        for (Protocol proto : protocols) {
            for (int port : ports) {
                for (String from : pods) {
                    for (String to : pods) {
                        String target = to;
                        int targetPort = port;
                        if (via == Via.SERVICE) {
                            String[] svc = serviceFor(plan, to, port, proto);
                            if (svc == null) {
                                cells.add(new Cell(from, to, port, proto, false, null, "no Service has " + to
                                        + " as its only endpoint for " + proto + "/" + port));
                                continue;
                            }
                            target = svc[0];
                            targetPort = Integer.parseInt(svc[1]);
                        }
                        slots.add(cells.size());
                        cells.add(new Cell(from, to, port, proto, false, null, null));
                        requests.add(new ProbeRequest(from, target, targetPort, proto));
                    }
                }
            }
        }
        List<ProbeResult> results = backend.probeAll(requests);
        for (int i = 0; i < results.size(); i++) {
            Cell c = cells.get(slots.get(i));
            ProbeResult r = results.get(i);
            cells.set(slots.get(i), new Cell(c.from(), c.to(), c.port(), c.protocol(), r.delivered(), r.outcome(), r.reason()));
        }
        return new ReachabilityMatrix(pods, ports, protocols, cells);
    }

    /** {ClusterIP, service port} of a Service whose only endpoint for a port is {@code pod} on {@code port}, or null. */
    static String[] serviceFor(NetworkPlan plan, String pod, int port, Protocol proto) {
        for (ServicePlan s : plan.services()) {
            if (s.headless()) {
                continue;
            }
            for (ServicePlan.Port sp : s.ports()) {
                if (proto.name().equalsIgnoreCase(sp.protocol()) && sp.backends().size() == 1
                        && pod.equals(sp.backends().get(0).pod()) && sp.backends().get(0).port() == port) {
                    return new String[]{s.clusterIp(), String.valueOf(sp.port())};
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

    public Cell cell(String from, String to, int port, Protocol proto) {
        Cell c = index.get(key(from, to, port, proto));
        if (c == null) {
            throw new IllegalArgumentException("not in the matrix: " + from + " -> " + to + " " + proto + "/" + port);
        }
        return c;
    }

    public boolean allowed(String from, String to, int port, Protocol proto) {
        return cell(from, to, port, proto).allowed();
    }

    /** One truth table per protocol and port, as the upstream e2e tests print them, then the outcomes counted. */
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
        Map<ProbeResult.Outcome, Integer> counts = new EnumMap<>(ProbeResult.Outcome.class);
        int unprobed = 0;
        for (Cell c : cells) {
            if (c.outcome() == null) {
                unprobed++;
            } else if (c.outcome() != ProbeResult.Outcome.DELIVERED) {
                counts.merge(c.outcome(), 1, Integer::sum);
            }
        }
        b.append(allowed).append(" of ").append(cells.size()).append(" probes reachable\n");
        if (!counts.isEmpty() || unprobed > 0) {
            List<String> parts = new ArrayList<>();
            counts.forEach((o, n) -> parts.add(n + " " + o.word().replace('_', ' ')));
            if (unprobed > 0) {
                parts.add(unprobed + " without a Service to probe");
            }
            b.append("not reachable: ").append(String.join(", ", parts)).append('\n');
        }
        return b.toString();
    }

    /**
     * {@code {"pods":[...],"results":[{"from":..,"to":..,"port":..,"protocol":"TCP","allowed":true,
     * "outcome":"delivered","reason":null},...]}}; outcome is one of {@link ProbeResult.Outcome#word()}, or null
     * when there was nothing to probe.
     */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode ps = root.putArray("pods");
        pods.forEach(ps::add);
        ArrayNode rs = root.putArray("results");
        for (Cell c : cells) {
            rs.addObject().put("from", c.from()).put("to", c.to()).put("port", c.port())
                    .put("protocol", c.protocol().name()).put("allowed", c.allowed())
                    .put("outcome", c.outcome() == null ? null : c.outcome().word()).put("reason", c.reason());
        }
        return root.toString();
    }
}
