package io.kubecanvas.lessons;

import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.emulator.state.ClusterState.Endpoint;
import io.kubecanvas.emulator.state.ClusterState.NodeState;
import io.kubecanvas.emulator.state.ClusterState.PodState;
import io.kubecanvas.emulator.state.ClusterState.ServiceState;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A question a step asks: multiple choice ({@code choices}, one of them right) or a typed value. The right
 * answers are written in the file ({@code answer}) or computed from the running cluster ({@code answerFrom}),
 * since addresses are only known once the design runs ("which IP does the packet carry after this hop?").
 */
public record Question(String ask, List<String> choices, List<String> answers, Computed computed, String explanation) {

    public Question {
        choices = List.copyOf(choices);
        answers = List.copyOf(answers);
    }

    /**
     * An answer computed from the cluster state.
     *
     * @param kind     serviceIp, endpointIps, endpointCount, podIp, podCidr, nodeIp
     * @param argument a Service ({@code ns/name}, or a name in default) or a node name
     * @param pods     the Pods for podIp
     */
    public record Computed(String kind, String argument, PodSelector pods) {
        public static final List<String> KINDS = List.of("serviceIp", "endpointIps", "endpointCount", "podIp", "podCidr",
                "nodeIp");
    }

    public boolean multipleChoice() {
        return !choices.isEmpty();
    }

    /** The accepted answers for this cluster (empty when they cannot be known yet: the cluster is not running). */
    public List<String> accepted(ClusterState state) {
        List<String> out = new ArrayList<>(answers);
        if (computed == null) {
            return out;
        }
        if (state == null) {
            return out;
        }
        switch (computed.kind()) {
            case "serviceIp" -> {
                ServiceState s = service(state, computed.argument());
                if (s != null && !s.headless()) {
                    out.add(s.clusterIp());
                }
            }
            case "endpointIps" -> {
                ServiceState s = service(state, computed.argument());
                if (s != null) {
                    s.endpoints().stream().filter(Endpoint::ready).map(Endpoint::ip).forEach(out::add);
                }
            }
            case "endpointCount" -> {
                ServiceState s = service(state, computed.argument());
                if (s != null) {
                    out.add(String.valueOf(s.endpoints().stream().filter(Endpoint::ready).count()));
                }
            }
            case "podIp" -> computed.pods().running(state).stream().map(PodState::ip).forEach(out::add);
            case "podCidr" -> {
                NodeState n = state.node(computed.argument());
                if (n != null) {
                    out.add(n.podCidr());
                }
            }
            case "nodeIp" -> {
                NodeState n = state.node(computed.argument());
                if (n != null) {
                    out.add(n.underlayIp());
                }
            }
            default -> throw new IllegalStateException("unknown answer kind " + computed.kind());
        }
        return out;
    }

    /**
     * Whether {@code given} is right: the same text ignoring case and spaces; an address also counts when written
     * with its port ({@code 10.244.2.5:8080} for {@code 10.244.2.5}).
     */
    public boolean isRight(String given, ClusterState state) {
        if (given == null || given.isBlank()) {
            return false;
        }
        String g = normal(given);
        for (String a : accepted(state)) {
            String n = normal(a);
            if (g.equals(n) || g.startsWith(n + ":") && n.matches("[0-9.]+")) {
                return true;
            }
        }
        return false;
    }

    private static String normal(String s) {
        return s.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }

    static ServiceState service(ClusterState state, String ref) {
        String[] nn = ref.contains("/") ? ref.split("/", 2) : new String[]{"default", ref};
        return state.service(nn[0], nn[1]);
    }
}
