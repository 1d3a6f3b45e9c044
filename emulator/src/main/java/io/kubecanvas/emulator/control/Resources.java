package io.kubecanvas.emulator.control;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Amounts of the resources the scheduler counts: CPU in millicores, memory in bytes, and Pods.
 *
 * @param pods number of Pods (1 for a Pod's request, the node's limit for a capacity)
 */
public record Resources(long milliCpu, long memoryBytes, long pods) {

    public static final Resources ZERO = new Resources(0, 0, 0);
    private static final Resources NO_CAPACITY = new Resources(Long.MAX_VALUE / 4, Long.MAX_VALUE / 4, 110);

    public Resources plus(Resources o) {
        return new Resources(milliCpu + o.milliCpu, memoryBytes + o.memoryBytes, pods + o.pods);
    }

    /** A node's capacity from its {@code cpu}, {@code memory} and {@code pods} quantities; missing ones are unbounded (pods: 110). */
    public static Resources capacity(Map<String, String> capacity) {
        return new Resources(
                capacity.containsKey("cpu") ? milliCpu(capacity.get("cpu")) : NO_CAPACITY.milliCpu,
                capacity.containsKey("memory") ? bytes(capacity.get("memory")) : NO_CAPACITY.memoryBytes,
                capacity.containsKey("pods") ? bytes(capacity.get("pods")) : NO_CAPACITY.pods);
    }

    /**
     * What a Pod asks for: the sum of its containers' requests (a container with only limits requests its
     * limits, as the API server defaults it), plus one Pod.
     */
    public static Resources requests(PodSpec spec) {
        long cpu = 0;
        long mem = 0;
        if (spec != null && spec.getContainers() != null) {
            for (Container c : spec.getContainers()) {
                Map<String, Quantity> req = c.getResources() == null ? null : c.getResources().getRequests();
                Map<String, Quantity> lim = c.getResources() == null ? null : c.getResources().getLimits();
                cpu += milliCpu(pick(req, lim, "cpu"));
                mem += bytes(pick(req, lim, "memory"));
            }
        }
        return new Resources(cpu, mem, 1);
    }

    private static String pick(Map<String, Quantity> req, Map<String, Quantity> lim, String name) {
        Quantity q = req != null && req.get(name) != null ? req.get(name) : lim != null ? lim.get(name) : null;
        return q == null ? null : q.toString();
    }

    /** CPU quantity ("500m", "2", "0.5") in millicores; null is 0. */
    public static long milliCpu(String quantity) {
        if (quantity == null || quantity.isBlank()) {
            return 0;
        }
        return amount(quantity).multiply(BigDecimal.valueOf(1000)).setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    }

    /** A quantity ("128Mi", "1G", "110") in its base unit; null is 0. */
    public static long bytes(String quantity) {
        if (quantity == null || quantity.isBlank()) {
            return 0;
        }
        return amount(quantity).setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    }

    private static BigDecimal amount(String quantity) {
        try {
            return Quantity.getAmountInBytes(new Quantity(quantity.strip()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a Kubernetes quantity: " + quantity);
        }
    }
}
