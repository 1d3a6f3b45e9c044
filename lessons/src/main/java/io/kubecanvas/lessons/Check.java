package io.kubecanvas.lessons;

import io.kubecanvas.emulator.backend.Protocol;

import java.util.List;
import java.util.Locale;

/**
 * What a challenge assertion checks. Reachability and placement are checked by running the design on the
 * sim; object facts by reading the design. None of them compares YAML text, and Pods are chosen by what the
 * task fixes (namespace, labels, workload), so a correct solution written any way passes.
 */
public sealed interface Check {

    /** The assertion in a sentence, when the file does not give one. */
    String describe();

    /** How a reach probe gets to its target. */
    enum Via {
        /** Straight to each target Pod's IP. */
        POD_IP("pod-ip"),
        /** Through a Service that has the target Pods as endpoints (by its DNS name). */
        SERVICE("service"),
        /** From outside, through a NodePort on every worker node. */
        NODE_PORT("node-port"),
        /** From outside, to an Ingress URL. */
        INGRESS("ingress");

        public final String word;

        Via(String word) {
            this.word = word;
        }

        public static List<String> words() {
            return java.util.Arrays.stream(values()).map(v -> v.word).toList();
        }

        public static Via of(String word) {
            return java.util.Arrays.stream(values()).filter(v -> v.word.equals(word)).findFirst().orElseThrow();
        }
    }

    /**
     * Where probes start: from outside the cluster, from the design's Pods, or from a Pod the grader adds
     * ({@code probe}: "a Pod of another namespace", "a Pod in the same namespace").
     */
    record Source(boolean external, PodSelector pods, boolean probe) {
        public static final Source EXTERNAL = new Source(true, null, false);

        String describe() {
            if (external) {
                return "from outside";
            }
            return probe ? "a new Pod in " + (pods.namespace() == null ? "default" : pods.namespace())
                    : pods.describe().replaceFirst("^Pods", "the Pods");
        }
    }

    /**
     * Connections from {@code from} to {@code to} are delivered ({@code allowed}) or never reach them.
     *
     * @param port     the port the client connects to (the Pod port for pod-ip, the Service port otherwise)
     * @param service  the Service's name when the task fixes it (via service), else null for any Service
     * @param nodePort the NodePort when the task fixes it (via node-port), else 0
     * @param url      the Ingress URL (via ingress)
     */
    record Reach(Source from, PodSelector to, int port, Protocol protocol, Via via, String url, String service,
                 int nodePort, boolean allowed) implements Check {
        @Override
        public String describe() {
            String target = to == null ? url : to.describe().replaceFirst("^Pods", "the Pods");
            String how = switch (via) {
                case POD_IP -> " on " + protocol + " " + port;
                case SERVICE -> " through " + (service == null ? "a Service" : "the Service " + service) + " on port " + port;
                case NODE_PORT -> " through " + (nodePort > 0 ? "NodePort " + nodePort : "a NodePort") + " on every worker";
                case INGRESS -> to == null ? "" : " through the Ingress at " + url;
            };
            String subject = from.describe();
            return subject.substring(0, 1).toUpperCase(Locale.ROOT) + subject.substring(1)
                    + (allowed ? " reach " : " cannot reach ") + target + how;
        }
    }

    /** At least {@code replicas} running Pods on at least {@code nodes} different (worker) nodes. */
    record Placement(PodSelector pods, int replicas, int nodes, boolean workersOnly) implements Check {
        @Override
        public String describe() {
            return replicas + " running " + pods.describe().replaceFirst("^Pods ", "Pods ") + " on at least " + nodes
                    + (workersOnly ? " worker" : "") + " nodes";
        }
    }

    /**
     * A fact about the design's objects: no object ({@code none}) or at least one of {@code kind} whose
     * {@code field} has one of {@code values} (any object of the kind when no field is given).
     */
    record ObjectFact(boolean none, String kind, String field, List<String> values) implements Check {
        public ObjectFact {
            values = List.copyOf(values);
        }

        @Override
        public String describe() {
            String which = field == null ? kind : kind + " with " + field + " " + String.join(" or ", values);
            return none ? "No " + which + " in the design" : "At least one " + which + " in the design";
        }
    }

    /**
     * Each namespace (all namespaces the design uses, when none are listed) has a default-deny ingress
     * policy: a NetworkPolicy selecting every Pod ({@code podSelector: {}}) for Ingress with no ingress rule.
     */
    record DefaultDeny(List<String> namespaces) implements Check {
        public DefaultDeny {
            namespaces = List.copyOf(namespaces);
        }

        @Override
        public String describe() {
            return (namespaces.isEmpty() ? "Every namespace" : "Namespace" + (namespaces.size() > 1 ? "s " : " ")
                    + String.join(", ", namespaces)) + " has a default-deny ingress NetworkPolicy";
        }
    }
}
