package io.kubecanvas.emulator.backend;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The same probe sent many times over one cluster, tallied: how many times each endpoint (or whoever answered)
 * answered, and how the others ended. Load balancing and session affinity show here.
 *
 * @param seed the sim's seed, null on a backend whose kernel draws (docker)
 */
public record ProbeSpread(ProbeRequest request, String backend, Long seed, int count, Map<String, Integer> answered,
                          Map<String, Integer> failed, String address) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ProbeSpread {
        answered = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(answered));
        failed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(failed));
    }

    public static ProbeSpread of(ProbeRequest request, String backend, Long seed, List<ProbeResult> results) {
        Map<String, Integer> answered = new TreeMap<>();
        Map<String, Integer> failed = new TreeMap<>();
        String address = null;
        for (ProbeResult r : results) {
            if (r.delivered()) {
                answered.merge(r.answeredBy() == null ? "(unknown)" : r.answeredBy(), 1, Integer::sum);
            } else {
                failed.merge(r.outcome().word() + (r.reason() == null ? "" : ": " + r.reason()), 1, Integer::sum);
            }
            address = address == null ? r.address() : address;
        }
        return new ProbeSpread(request, backend, seed, results.size(), answered, failed, address);
    }

    public int delivered() {
        return answered.values().stream().mapToInt(Integer::intValue).sum();
    }

    public String text() {
        StringBuilder b = new StringBuilder();
        b.append(count).append(" probes ").append(request.from()).append(" -> ").append(request.target());
        if (address != null) {
            b.append(" (").append(address).append(')');
        }
        b.append(' ').append(request.protocol()).append(" on ").append(backend);
        b.append(seed != null ? " (seed " + seed + ")" : "").append('\n');
        int width = answered.keySet().stream().mapToInt(String::length).max().orElse(0);
        answered.forEach((who, n) -> b.append(String.format("  %-" + width + "s %5d %5.1f%%  %s%n", who, n,
                100.0 * n / count, "#".repeat((int) Math.round(40.0 * n / count)))));
        failed.forEach((why, n) -> b.append(String.format("  %5d  %s%n", n, why)));
        b.append("delivered ").append(delivered()).append(" of ").append(count).append(", answered by ")
                .append(answered.size()).append(answered.size() == 1 ? " server" : " servers").append('\n');
        return b.toString();
    }

    public String json() {
        ObjectNode o = JSON.createObjectNode();
        o.put("from", request.from()).put("to", request.target()).put("port", request.port())
                .put("protocol", request.protocol().name()).put("address", address).put("backend", backend);
        if (seed != null) {
            o.put("seed", seed);
        } else {
            o.putNull("seed");
        }
        o.put("count", count).put("delivered", delivered());
        ObjectNode a = o.putObject("spread");
        answered.forEach(a::put);
        ObjectNode f = o.putObject("failed");
        failed.forEach(f::put);
        return o.toString();
    }
}
