package io.kubecanvas.netviz.stats;

import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.netviz.simulation.EventTimeline;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts what the view shows as live figures. A link is where a hop was seen ("node iface"); its rate is
 * over the last second of wall-clock time (the time the view saw the event, so a replay shows rates too).
 * Load balancing is counted at the DNAT: the translated address tells which endpoint a Service chose.
 */
public final class TrafficFigures {
    private static final long WINDOW_NANOS = 1_000_000_000L;

    private final Map<String, Deque<long[]>> perLink = new TreeMap<>();
    private final Map<String, Map<String, Integer>> perServiceEndpoint = new TreeMap<>();

    /** Records a hop seen at {@code nowNanos} (any monotonic clock). */
    public synchronized void record(PacketEvent e, ClusterState state, long nowNanos) {
        String link = EventTimeline.where(e);
        perLink.computeIfAbsent(link, k -> new ArrayDeque<>()).addLast(new long[]{nowNanos, EventTimeline.bytes(e)});
        if (e.natBefore() != null && e.natAfter() != null && state != null) {
            String vip = host(e.natBefore());
            String chosen = host(e.natAfter());
            for (ClusterState.ServiceState s : state.services()) {
                if (vip.equals(s.clusterIp()) || vip.equals(s.loadBalancerIp())) {
                    String endpoint = s.endpoints().stream().filter(ep -> chosen.equals(ep.ip()))
                            .map(ep -> ep.podName() + " " + ep.ip()).findFirst().orElse(chosen);
                    perServiceEndpoint.computeIfAbsent(s.namespace() + "/" + s.name(), k -> new TreeMap<>())
                            .merge(endpoint, 1, Integer::sum);
                }
            }
        }
    }

    /** Per link: {packets per second, bytes per second} over the last second before {@code nowNanos}. */
    public synchronized Map<String, long[]> linkRates(long nowNanos) {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (var en : perLink.entrySet()) {
            Deque<long[]> q = en.getValue();
            while (!q.isEmpty() && q.peekFirst()[0] < nowNanos - WINDOW_NANOS) {
                q.removeFirst();
            }
            long bytes = 0;
            for (long[] s : q) {
                bytes += s[1];
            }
            if (!q.isEmpty()) {
                out.put(en.getKey(), new long[]{q.size(), bytes});
            }
        }
        return out;
    }

    /** Service "ns/name" to endpoint ("pod ip") to requests it received since the start. */
    public synchronized Map<String, Map<String, Integer>> requestsPerEndpoint() {
        Map<String, Map<String, Integer>> copy = new TreeMap<>();
        perServiceEndpoint.forEach((k, v) -> copy.put(k, new TreeMap<>(v)));
        return copy;
    }

    public synchronized void clear() {
        perLink.clear();
        perServiceEndpoint.clear();
    }

    private static String host(String addrPort) {
        int c = addrPort.lastIndexOf(':');
        return c < 0 ? addrPort : addrPort.substring(0, c);
    }
}
