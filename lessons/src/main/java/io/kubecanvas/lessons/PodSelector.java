package io.kubecanvas.lessons;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.kubecanvas.model.net.LabelSelectors;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.emulator.state.ClusterState.PodState;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which Pods an assertion or condition means, by what the task fixes and not by names the student picks:
 * a namespace (null: any namespace but kube-system), labels (all must match, as matchLabels does), and
 * optionally the workload that owns them ({@code Deployment/web}, when the task names the workload; {@code Pod/db}
 * names a bare Pod of the starting design).
 */
public record PodSelector(String namespace, Map<String, String> labels, String workload) {

    public PodSelector {
        labels = Map.copyOf(labels);
    }

    public static PodSelector labels(String namespace, Map<String, String> labels) {
        return new PodSelector(namespace, labels, null);
    }

    public boolean matches(PodState p) {
        if (namespace == null ? "kube-system".equals(p.namespace()) : !namespace.equals(p.namespace())) {
            return false;
        }
        if (workload != null && !workload.equals(p.owner()) && !(p.owner() == null && workload.equals("Pod/" + p.name()))) {
            return false;
        }
        return LabelSelectors.matches(new LabelSelectorBuilder().withMatchLabels(labels).build(), p.labels());
    }

    /** The running Pods with an address that match, sorted by name. */
    public List<PodState> running(ClusterState state) {
        return state.pods().stream().filter(this::matches).filter(p -> p.ip() != null && "Running".equals(p.phase()))
                .sorted(java.util.Comparator.comparing(PodState::key)).toList();
    }

    /** "Pods app=web in shop", "Pods of Deployment/web". */
    public String describe() {
        StringBuilder b = new StringBuilder("Pods");
        if (workload != null) {
            b.append(" of ").append(workload);
        }
        if (!labels.isEmpty()) {
            b.append(' ').append(labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(",")));
        }
        b.append(namespace == null ? " in any namespace" : " in " + namespace);
        return b.toString();
    }
}
