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
 * The EndpointSlice controller: for every Service with a selector, the ready Pods of its namespace whose
 * labels match (all Pods with an IP when {@code publishNotReadyAddresses}), each with the Service's ports
 * resolved to Pod ports. A numeric targetPort is taken as is; a named one is looked up among the Pod's
 * container ports (name and protocol), so two Pods may serve one Service on different numbers; a Pod that
 * has no port of that name is left out of that port. Endpoints are ordered by IP.
 */
final class EndpointsController {
    private final ControlContext ctx;

    EndpointsController(ControlContext ctx) {
        this.ctx = ctx;
    }

    void reconcile() {
        ObjectStore store = ctx.store;
        Map<String, List<PodObject>> byNamespace = new HashMap<>();
        for (PodObject p : store.bodies(Kinds.POD, PodObject.class)) {
            if (p.ip() != null) {
                byNamespace.computeIfAbsent(p.namespace(), k -> new ArrayList<>()).add(p);
            }
        }
        Set<String> live = new HashSet<>();
        for (ServiceObject s : store.bodies(Kinds.SERVICE, ServiceObject.class)) {
            live.add(s.key());
            List<ClusterState.Endpoint> eps = new ArrayList<>();
            if (!ServiceObject.EXTERNAL_NAME.equals(s.type())) {
                for (PodObject p : byNamespace.getOrDefault(s.namespace(), List.of())) {
                    if (!(p.ready() || s.publishNotReadyAddresses()) || !LabelSelectors.serviceSelects(s.selector(), p.labels())) {
                        continue;
                    }
                    Map<String, Integer> targets = resolve(s, p);
                    if (!targets.isEmpty() || s.ports().isEmpty()) {
                        eps.add(new ClusterState.Endpoint(p.namespace(), p.name(), p.ip(), p.nodeName(), p.ready(), targets));
                    }
                }
            }
            eps.sort(Comparator.comparingLong((ClusterState.Endpoint e) -> Ipv4.unsigned(Ipv4.parse(e.ip())))
                    .thenComparing(ClusterState.Endpoint::podName));
            ctx.store.put(Kinds.key(Kinds.ENDPOINT_SLICE, s.namespace(), s.name()),
                    new EndpointSliceObject(s.namespace(), s.name(), eps));
        }
        for (EndpointSliceObject e : store.bodies(Kinds.ENDPOINT_SLICE, EndpointSliceObject.class)) {
            if (!live.contains(e.namespace() + "/" + e.service())) {
                store.delete(Kinds.key(Kinds.ENDPOINT_SLICE, e.namespace(), e.service()));
            }
        }
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
