package io.kubecanvas.emulator.control;

import io.kubecanvas.model.net.Ipv4;
import io.kubecanvas.model.net.Cidr;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every node's kubelet and CNI plugin, as far as the control plane sees them: a Pod bound to a Ready node
 * gets its sandbox, an IP from the node's Pod CIDR and starts (Running; Ready at once unless it has
 * readiness probes, which {@link Prober} runs). Addresses come from the bridge plugin's {@code host-local} IPAM: {@code .1} is the
 * {@code cni0} gateway, Pods get the next free address after the last one handed out (wrapping around), so
 * a replacement Pod gets a new IP, as on a real node. Host-network Pods take the node's underlay address.
 * A Pod whose environment cannot be made (a ConfigMap, Secret or key it needs is missing: {@link ContainerEnv})
 * is not started; it waits with {@code CreateContainerConfigError} and starts once the object is there.
 */
final class Kubelet {
    static final String SOURCE = "kubelet";

    private final ControlContext ctx;
    private final Map<String, Long> lastReserved = new HashMap<>();

    Kubelet(ControlContext ctx) {
        this.ctx = ctx;
    }

    void reconcile() {
        ObjectStore store = ctx.store;
        List<PodObject> pods = store.bodies(Kinds.POD, PodObject.class);
        Map<String, Set<Integer>> used = null;
        for (PodObject p : pods) {
            if (p.nodeName() == null || p.ip() != null) {
                continue;
            }
            NodeObject node = store.body(Kinds.node(p.nodeName()), NodeObject.class);
            if (node == null) {
                String reason = "node \"" + p.nodeName() + "\" not found";
                if (!reason.equals(p.pendingReason())) {
                    store.put(Kinds.pod(p.namespace(), p.name()), p.pending(reason));
                    ctx.warning("FailedScheduling", p.namespace(), "pod/" + p.name(), "spec.nodeName: " + reason, SOURCE);
                }
                continue;
            }
            if (!node.ready()) {
                continue;
            }
            ContainerEnv.Result env = env(store, p);
            if (env.error() != null) {
                String why = ContainerEnv.CONFIG_ERROR + ": " + env.error();
                if (!why.equals(p.waiting())) {
                    store.put(Kinds.pod(p.namespace(), p.name()), p.waiting(why));
                    ctx.warning("Failed", p.namespace(), "pod/" + p.name(), "Error: " + env.error(), SOURCE);
                }
                continue;
            }
            for (String w : env.warnings()) {
                if (p.waiting() == null) {
                    ctx.warning("InvalidEnvironmentVariableNames", p.namespace(), "pod/" + p.name(), w, SOURCE);
                }
            }
            String ip;
            if (p.hostNetwork()) {
                ip = node.underlayIp();
            } else {
                if (used == null) {
                    used = usedAddresses(pods);
                }
                ip = allocate(node, used.computeIfAbsent(node.name(), k -> new HashSet<>()));
                if (ip == null) {
                    String reason = "failed to allocate for range 0: no IP addresses available in range set: " + node.podCidr();
                    if (!reason.equals(p.pendingReason())) {
                        store.put(Kinds.pod(p.namespace(), p.name()), p.pending(reason));
                        ctx.warning("FailedCreatePodSandBox", p.namespace(), "pod/" + p.name(), reason, SOURCE);
                    }
                    continue;
                }
            }
            store.put(Kinds.pod(p.namespace(), p.name()), p.started(ip));
            ctx.normal("Started", p.namespace(), "pod/" + p.name(), "Started container "
                    + String.join(", ", p.spec().getContainers() == null ? List.of()
                    : p.spec().getContainers().stream().map(c -> String.valueOf(c.getName())).toList())
                    + " on " + node.name() + " with IP " + ip, SOURCE);
        }
    }

    /** The Pod's containers with their environments made from the store's ConfigMaps and Secrets. */
    static ContainerEnv.Result env(ObjectStore store, PodObject p) {
        return ContainerEnv.resolve(p.namespace(), p.spec(),
                (ns, name) -> store.body(Kinds.key(Kinds.CONFIG_MAP, ns, name), io.fabric8.kubernetes.api.model.ConfigMap.class),
                (ns, name) -> store.body(Kinds.key(Kinds.SECRET, ns, name), io.fabric8.kubernetes.api.model.Secret.class));
    }

    private static Map<String, Set<Integer>> usedAddresses(List<PodObject> pods) {
        Map<String, Set<Integer>> used = new HashMap<>();
        for (PodObject p : pods) {
            if (p.ip() != null && p.nodeName() != null && !p.hostNetwork()) {
                used.computeIfAbsent(p.nodeName(), k -> new HashSet<>()).add(Ipv4.parse(p.ip()));
            }
        }
        return used;
    }

    private String allocate(NodeObject node, Set<Integer> used) {
        Cidr cidr = Cidr.parse(node.podCidr());
        long first = 2;
        long last = cidr.size() - 2;
        long start = lastReserved.getOrDefault(node.name(), first - 1);
        for (long i = 1; i <= last - first + 1; i++) {
            long offset = start + i;
            if (offset > last) {
                offset = first + (offset - last - 1) % (last - first + 1);
            }
            int ip = cidr.nth(offset);
            if (!used.contains(ip)) {
                used.add(ip);
                lastReserved.put(node.name(), offset);
                return Ipv4.format(ip);
            }
        }
        return null;
    }

    /** Forgets a node's allocation cursor (the node was removed; a new node of that name starts afresh). */
    void forget(String nodeName) {
        lastReserved.remove(nodeName);
    }
}
