package io.kubecanvas.netviz;

import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.emulator.state.ClusterState.PodState;
import io.kubecanvas.emulator.state.ClusterState.ServiceState;

import java.util.List;
import java.util.Optional;

/**
 * The flows of the reference article, each turned into a concrete request against the running cluster.
 * A scenario that the cluster cannot show (no two Pods on one node, no Ingress) says why.
 */
public enum Scenario {
    POD_TO_POD_SAME_NODE("Pod to Pod on one node"),
    POD_TO_POD_ACROSS_NODES("Pod to Pod across nodes"),
    POD_TO_SERVICE("Pod to Service"),
    OUTSIDE_TO_LOAD_BALANCER("Outside to LoadBalancer / NodePort"),
    OUTSIDE_TO_INGRESS("Outside to Ingress");

    private final String title;

    Scenario(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    @Override
    public String toString() {
        return title;
    }

    /** The request for this flow, or a reason why this cluster cannot show it. */
    public Result request(ClusterState state) {
        List<PodState> pods = state.pods().stream().filter(p -> p.ip() != null && p.node() != null && !p.hostNetwork())
                .toList();
        switch (this) {
            case POD_TO_POD_SAME_NODE -> {
                for (PodState a : pods) {
                    for (PodState b : pods) {
                        if (a != b && a.node().equals(b.node())) {
                            return Result.of(new TrafficRequest(a.key(), b.key(), "http", firstPort(b)));
                        }
                    }
                }
                return Result.missing("needs two running Pods on one node (scale a Deployment up)");
            }
            case POD_TO_POD_ACROSS_NODES -> {
                for (PodState a : pods) {
                    for (PodState b : pods) {
                        if (!a.node().equals(b.node())) {
                            return Result.of(new TrafficRequest(a.key(), b.key(), "http", firstPort(b)));
                        }
                    }
                }
                return Result.missing("needs running Pods on two different nodes");
            }
            case POD_TO_SERVICE -> {
                Optional<ServiceState> svc = state.services().stream().filter(s -> !s.headless()).findFirst();
                if (svc.isEmpty() || pods.isEmpty()) {
                    return Result.missing("needs a Service with a ClusterIP and a running Pod");
                }
                ServiceState s = svc.get();
                PodState client = pods.stream().filter(p -> s.endpoints().stream().noneMatch(e -> e.ip().equals(p.ip())))
                        .findFirst().orElse(pods.get(0));
                return Result.of(new TrafficRequest(client.key(), s.namespace() + "/" + s.name(), "http", servicePort(s)));
            }
            case OUTSIDE_TO_LOAD_BALANCER -> {
                Optional<ServiceState> svc = state.services().stream()
                        .filter(s -> "LoadBalancer".equals(s.type()) || "NodePort".equals(s.type())).findFirst();
                if (svc.isEmpty()) {
                    return Result.missing("needs a Service of type LoadBalancer or NodePort");
                }
                ServiceState s = svc.get();
                if (s.loadBalancerIp() != null) {
                    return Result.of(new TrafficRequest(TrafficRequest.OUTSIDE, s.loadBalancerIp() + ":" + servicePort(s),
                            "http", servicePort(s)));
                }
                int nodePort = s.ports().isEmpty() ? 0 : s.ports().get(0).nodePort();
                String node = state.nodes().isEmpty() ? "node" : state.nodes().get(0).underlayIp();
                return Result.of(new TrafficRequest(TrafficRequest.OUTSIDE, node + ":" + nodePort, "http", nodePort));
            }
            case OUTSIDE_TO_INGRESS -> {
                if (state.ingresses().isEmpty()) {
                    return Result.missing("needs an Ingress");
                }
                var ing = state.ingresses().get(0);
                String host = ing.getSpec() != null && ing.getSpec().getRules() != null && !ing.getSpec().getRules().isEmpty()
                        && ing.getSpec().getRules().get(0).getHost() != null
                        ? ing.getSpec().getRules().get(0).getHost() : "localhost";
                return Result.of(new TrafficRequest(TrafficRequest.OUTSIDE, "http://" + host + "/", "http", 80));
            }
            default -> throw new IllegalStateException(name());
        }
    }

    private static int firstPort(PodState p) {
        return p.ports().isEmpty() ? 80 : p.ports().get(0).port();
    }

    private static int servicePort(ServiceState s) {
        return s.ports().isEmpty() ? 80 : s.ports().get(0).port();
    }

    /** Either a request or the reason there is none. */
    public record Result(TrafficRequest request, String missing) {
        static Result of(TrafficRequest r) {
            return new Result(r, null);
        }

        static Result missing(String why) {
            return new Result(null, why);
        }
    }
}
