package io.kubecanvas.emulator.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a running cluster differs from a design, in sentences: nodes, Pods (where, which address, which phase),
 * Services (addresses, ports, endpoints), the policy and Ingress rules. Pods made by a controller have
 * generated names, so they are compared by owner and count; bare Pods by name.
 */
public final class PlanDifferences {
    private PlanDifferences() {
    }

    /**
     * @param stopped nodes the running cluster has stopped (from the backend), reported when the design runs them
     */
    public static List<String> between(NetworkPlan design, NetworkPlan running, Set<String> stopped) {
        List<String> out = new ArrayList<>();
        Set<String> names = new TreeSet<>();
        design.nodes().forEach(n -> names.add(n.name()));
        running.nodes().forEach(n -> names.add(n.name()));
        for (String n : names) {
            NodePlan d = design.node(n);
            NodePlan r = running.node(n);
            if (r == null) {
                out.add("node " + n + " is in the design but not in the cluster");
            } else if (d == null) {
                out.add("node " + n + " runs in the cluster but is not in the design");
            } else if (stopped.contains(n)) {
                out.add("node " + n + " is stopped");
            } else if (d.ready() != r.ready()) {
                out.add("node " + n + " is " + (r.ready() ? "ready" : "not ready") + " in the cluster");
            }
        }
        pods(design, running, out);
        services(design, running, out);
        if (!Objects.equals(filterRules(design), filterRules(running))) {
            out.add("the NetworkPolicy rules differ (the cluster runs another set of policies)");
        }
        if (!Objects.equals(design.ingress().routes(), running.ingress().routes())
                || !Objects.equals(design.ingress().defaultBackend(), running.ingress().defaultBackend())) {
            out.add("the Ingress routes differ");
        }
        return out;
    }

    private static void pods(NetworkPlan design, NetworkPlan running, List<String> out) {
        Map<String, Integer> ownedD = new LinkedHashMap<>();
        Map<String, Integer> ownedR = new LinkedHashMap<>();
        for (PodPlan p : design.pods()) {
            if (p.owner() != null) {
                ownedD.merge(p.namespace() + "/" + p.owner(), p.running() ? 1 : 0, Integer::sum);
            } else {
                PodPlan r = running.pod(p.key());
                if (r == null) {
                    out.add("Pod " + p.key() + " is in the design but does not run");
                } else if (!Objects.equals(p.node(), r.node()) || !Objects.equals(p.ip(), r.ip())) {
                    out.add("Pod " + p.key() + " runs on " + r.node() + " at " + r.ip() + " (the design: " + p.node()
                            + " at " + p.ip() + ")");
                }
            }
        }
        for (PodPlan p : running.pods()) {
            if (p.owner() != null) {
                ownedR.merge(p.namespace() + "/" + p.owner(), p.running() ? 1 : 0, Integer::sum);
            } else if (design.pod(p.key()) == null) {
                out.add("Pod " + p.key() + " runs but is not in the design");
            }
        }
        Set<String> owners = new TreeSet<>(ownedD.keySet());
        owners.addAll(ownedR.keySet());
        for (String o : owners) {
            int d = ownedD.getOrDefault(o, 0);
            int r = ownedR.getOrDefault(o, 0);
            if (d != r) {
                out.add(o + " runs " + r + " Pod(s) (the design: " + d + ")");
            }
        }
    }

    private static void services(NetworkPlan design, NetworkPlan running, List<String> out) {
        Set<String> keys = new TreeSet<>();
        design.services().forEach(s -> keys.add(s.key()));
        running.services().forEach(s -> keys.add(s.key()));
        for (String k : keys) {
            String[] nn = k.split("/", 2);
            ServicePlan d = design.service(nn[0], nn[1]);
            ServicePlan r = running.service(nn[0], nn[1]);
            if (r == null) {
                out.add("Service " + k + " is in the design but not in the cluster");
            } else if (d == null) {
                out.add("Service " + k + " is in the cluster but not in the design");
            } else if (!Objects.equals(d.clusterIp(), r.clusterIp()) || !Objects.equals(portsOf(d), portsOf(r))) {
                out.add("Service " + k + " has other addresses or ports in the cluster");
            } else if (!Objects.equals(endpointCounts(d), endpointCounts(r))) {
                out.add("Service " + k + " has " + endpointCounts(r) + " ready endpoint(s) per port (the design: "
                        + endpointCounts(d) + ")");
            }
        }
    }

    private static List<String> portsOf(ServicePlan s) {
        return s.ports().stream().map(p -> p.port() + "/" + p.protocol() + ":" + p.nodePort()).toList();
    }

    private static List<Integer> endpointCounts(ServicePlan s) {
        return s.ports().stream().map(p -> p.ready().size()).toList();
    }

    /** The policy rules in force, by the policy and rule they come from (their addresses follow Pod placement). */
    private static Set<String> filterRules(NetworkPlan p) {
        Set<String> out = new TreeSet<>();
        for (NodePlan n : p.nodes()) {
            for (IptablesRule r : n.table("filter").rules()) {
                if (NetworkPolicyRules.isPolicyRule(r.chain()) && r.comment() != null
                        && r.comment().matches("\\S+ (ingress|egress)\\[\\d+\\]( except)?")) {
                    out.add(r.comment());
                }
            }
        }
        return out;
    }
}
