package io.kubecanvas.emulator.control;

import io.kubecanvas.model.net.Ipv4;
import io.kubecanvas.model.net.LabelSelectors;
import io.kubecanvas.emulator.state.ClusterState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The EndpointSlice controller: for every Service with a selector, the Pods of its namespace with an IP
 * whose labels match, each with the Service's ports resolved to Pod ports and its readiness
 * ({@code conditions.ready}: a Pod that is not ready stays in the slice, not ready, and takes no traffic;
 * {@code publishNotReadyAddresses} makes every Pod count as ready). A numeric targetPort is taken as is; a
 * named one is looked up among the Pod's container ports (name and protocol), so two Pods may serve one
 * Service on different numbers; a Pod that has no port of that name is left out of that port.
 *
 * <p>Then, as kube-proxy reads them, the endpoints written by hand: an {@code Endpoints} object of the
 * Service's name for a Service without a selector (the EndpointSlice mirroring controller), and every
 * design EndpointSlice labelled {@code kubernetes.io/service-name} with the Service's name. Their ports
 * are matched to the Service's by name (and protocol), as kube-proxy does. Endpoints are ordered by IP.
 */
final class EndpointsController {
    private final ControlContext ctx;

    EndpointsController(ControlContext ctx) {
        this.ctx = ctx;
    }

    void reconcile() {
        ObjectStore store = ctx.store;
        Map<String, List<PodObject>> byNamespace = new HashMap<>();
        Map<String, PodObject> byIp = new HashMap<>();
        for (PodObject p : store.bodies(Kinds.POD, PodObject.class)) {
            if (p.ip() != null) {
                byNamespace.computeIfAbsent(p.namespace(), k -> new ArrayList<>()).add(p);
                if (!p.hostNetwork()) {
                    byIp.put(p.ip(), p);
                }
            }
        }
        Map<String, List<ManualEndpoints>> manual = new HashMap<>();
        for (ManualEndpoints m : store.bodies(Kinds.ENDPOINTS, ManualEndpoints.class)) {
            manual.computeIfAbsent(m.namespace() + "/" + m.service(), k -> new ArrayList<>()).add(m);
        }
        for (ManualEndpoints m : store.bodies(Kinds.CUSTOM_ENDPOINT_SLICE, ManualEndpoints.class)) {
            if (m.service() != null) {
                manual.computeIfAbsent(m.namespace() + "/" + m.service(), k -> new ArrayList<>()).add(m);
            }
        }
        Set<String> live = new HashSet<>();
        for (ServiceObject s : store.bodies(Kinds.SERVICE, ServiceObject.class)) {
            live.add(s.key());
            Map<String, ClusterState.Endpoint> eps = new LinkedHashMap<>();
            boolean external = ServiceObject.EXTERNAL_NAME.equals(s.type());
            if (s.selector() != null && !external) {
                for (PodObject p : byNamespace.getOrDefault(s.namespace(), List.of())) {
                    if (!LabelSelectors.serviceSelects(s.selector(), p.labels())) {
                        continue;
                    }
                    Map<String, Integer> targets = resolve(s, p);
                    if (!targets.isEmpty() || s.ports().isEmpty()) {
                        eps.put(p.ip(), new ClusterState.Endpoint(p.namespace(), p.name(), p.ip(), p.nodeName(),
                                p.ready() || s.publishNotReadyAddresses(), targets));
                    }
                }
            }
            if (!external) {
                for (ManualEndpoints m : manual.getOrDefault(s.key(), List.of())) {
                    if (m.slice() || s.selector() == null) {
                        addManual(s, m, byIp, eps);
                    }
                }
            }
            List<ClusterState.Endpoint> sorted = new ArrayList<>(eps.values());
            sorted.sort(Comparator.comparingLong((ClusterState.Endpoint e) -> Ipv4.unsigned(Ipv4.parse(e.ip())))
                    .thenComparing(e -> String.valueOf(e.podName())));
            ctx.store.put(Kinds.key(Kinds.ENDPOINT_SLICE, s.namespace(), s.name()),
                    new EndpointSliceObject(s.namespace(), s.name(), sorted));
        }
        for (EndpointSliceObject e : store.bodies(Kinds.ENDPOINT_SLICE, EndpointSliceObject.class)) {
            if (!live.contains(e.namespace() + "/" + e.service())) {
                store.delete(Kinds.key(Kinds.ENDPOINT_SLICE, e.namespace(), e.service()));
            }
        }
    }

    /** Adds hand-written endpoints, merging the ports of an address that appears more than once. */
    private void addManual(ServiceObject s, ManualEndpoints m, Map<String, PodObject> byIp,
                           Map<String, ClusterState.Endpoint> eps) {
        for (ManualEndpoints.Subset sub : m.subsets()) {
            Map<String, Integer> targets = new LinkedHashMap<>();
            for (ClusterState.ServicePort sp : s.ports()) {
                for (ManualEndpoints.Port p : sub.ports()) {
                    boolean sameName = sp.name() == null ? p.name() == null || sub.ports().size() == 1
                            : sp.name().equals(p.name());
                    if (sameName && sp.protocol().equalsIgnoreCase(p.protocol())) {
                        targets.put(portKey(sp), p.port());
                        break;
                    }
                }
            }
            if (targets.isEmpty() && !s.ports().isEmpty()) {
                continue;
            }
            for (ManualEndpoints.Address a : sub.addresses()) {
                PodObject pod = a.podName() != null
                        ? ctx.store.body(Kinds.pod(a.podNamespace(), a.podName()), PodObject.class) : byIp.get(a.ip());
                String node = a.nodeName() != null ? a.nodeName() : pod != null ? pod.nodeName() : nodeWithAddress(a.ip());
                ClusterState.Endpoint before = eps.get(a.ip());
                Map<String, Integer> merged = new LinkedHashMap<>(before == null ? Map.of() : before.targetPorts());
                merged.putAll(targets);
                eps.put(a.ip(), new ClusterState.Endpoint(pod != null ? pod.namespace() : a.podNamespace(),
                        pod != null ? pod.name() : a.podName(), a.ip(), node,
                        a.ready() && (before == null || before.ready()), merged));
            }
        }
    }

    private String nodeWithAddress(String ip) {
        for (NodeObject n : ctx.store.bodies(Kinds.NODE, NodeObject.class)) {
            if (ip.equals(n.underlayIp())) {
                return n.name();
            }
        }
        return null;
    }

    /** Service port key (its name, or its number as text when unnamed) to the Pod's port. */
    static Map<String, Integer> resolve(ServiceObject s, PodObject p) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (ClusterState.ServicePort sp : s.ports()) {
            String key = portKey(sp);
            String target = sp.targetPort();
            if (target.chars().allMatch(Character::isDigit)) {
                out.put(key, Integer.parseInt(target));
                continue;
            }
            for (ClusterState.ContainerPort cp : p.ports()) {
                if (target.equals(cp.name()) && sp.protocol().equals(cp.protocol())) {
                    out.put(key, cp.port());
                    break;
                }
            }
        }
        return out;
    }

    /** How {@link ClusterState.Endpoint#targetPorts()} names a Service port: its name, else its number. */
    static String portKey(ClusterState.ServicePort sp) {
        return sp.name() != null ? sp.name() : String.valueOf(sp.port());
    }
}
