package io.kubecanvas.lessons;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.plan.NetworkPolicyRules;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.emulator.state.ClusterState.NodeState;
import io.kubecanvas.emulator.state.ClusterState.PodState;
import io.kubecanvas.emulator.state.ClusterState.ServicePort;
import io.kubecanvas.emulator.state.ClusterState.ServiceState;
import io.kubecanvas.lessons.Challenge.Assertion;
import io.kubecanvas.lessons.Check.DefaultDeny;
import io.kubecanvas.lessons.Check.ObjectFact;
import io.kubecanvas.lessons.Check.Placement;
import io.kubecanvas.lessons.Check.Reach;
import io.kubecanvas.lessons.Check.Via;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.Trees;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Grades a design against a challenge by behaviour: the design runs on the sim backend (with the grader's own
 * probe Pods added where an assertion needs a client the task does not give), reachability is probed, placement
 * read from the scheduler's decisions, object facts read from the design. A failed reach keeps the failing
 * probe, whose hops are the trace the app and the CLI show.
 */
public final class Grader {
    /** The label on the Pods the grader adds as clients. */
    public static final String PROBE_LABEL = "kubecanvas.io/grader";

    /** What one assertion gave: passed or not, a sentence of detail, and the failing probe (or null). */
    public record Result(String text, boolean passed, String detail, ProbeResult trace) {
    }

    /**
     * A design's grade: every assertion, the time it took, why the design could not run (or null), and the network
     * plan it ran on (null when it did not run), which explains the traces' hops.
     */
    public record Grade(String file, List<Result> results, long nanos, String error, NetworkPlan plan) {
        public Grade {
            results = List.copyOf(results);
        }

        public boolean passed() {
            return error == null && results.stream().allMatch(Result::passed);
        }

        public long passedCount() {
            return results.stream().filter(Result::passed).count();
        }

        /** "k/n". */
        public String score() {
            return passedCount() + "/" + results.size();
        }
    }

    private Grader() {
    }

    public static Grade grade(Challenge challenge, Design design, String file) {
        long t0 = System.nanoTime();
        List<KubeObject> probes = probePods(challenge, design);
        SimRun run;
        try {
            run = SimRun.start(design, probes);
        } catch (IllegalArgumentException e) {
            List<Result> failed = challenge.assertions().stream()
                    .map(a -> new Result(a.text(), false, "the design does not run: " + e.getMessage(), null)).toList();
            return new Grade(file, failed, System.nanoTime() - t0, e.getMessage(), null);
        }
        try (run) {
            List<Result> results = new ArrayList<>();
            for (Assertion a : challenge.assertions()) {
                results.add(check(a, run, design));
            }
            return new Grade(file, results, System.nanoTime() - t0, null, run.plan());
        }
    }

    private static Result check(Assertion a, SimRun run, Design design) {
        Check c = a.check();
        if (c instanceof Reach r) {
            return reach(a.text(), r, run);
        }
        if (c instanceof Placement p) {
            return placement(a.text(), p, run);
        }
        if (c instanceof ObjectFact f) {
            return fact(a.text(), f, design);
        }
        return defaultDeny(a.text(), (DefaultDeny) c, design);
    }

    // ---- probe Pods ---------------------------------------------------------------------------

    private static List<KubeObject> probePods(Challenge challenge, Design design) {
        Map<String, PodSelector> wanted = new LinkedHashMap<>();
        for (Assertion a : challenge.assertions()) {
            if (a.check() instanceof Reach r && r.from().probe()) {
                wanted.putIfAbsent(probeName(r.from().pods()), r.from().pods());
            }
        }
        Set<String> namespaces = new TreeSet<>();
        design.objects("Namespace").forEach(n -> namespaces.add(n.name()));
        List<KubeObject> out = new ArrayList<>();
        for (Map.Entry<String, PodSelector> e : wanted.entrySet()) {
            String ns = namespace(e.getValue());
            if (!namespaces.contains(ns) && !ns.equals("default")) {
                namespaces.add(ns);
                out.add(KubeObject.of(Map.of("apiVersion", "v1", "kind", "Namespace", "metadata", Map.of("name", ns))));
            }
            Map<String, Object> labels = new LinkedHashMap<>(e.getValue().labels());
            labels.put(PROBE_LABEL, "probe");
            out.add(KubeObject.of(Map.of("apiVersion", "v1", "kind", "Pod",
                    "metadata", Map.of("name", e.getKey(), "namespace", ns, "labels", labels),
                    "spec", Map.of("containers", List.of(Map.of("name", "probe", "image", "busybox"))))));
        }
        return out;
    }

    private static String namespace(PodSelector s) {
        return s.namespace() == null ? "default" : s.namespace();
    }

    /** One probe Pod per namespace and label set, named after them so the name is stable. */
    private static String probeName(PodSelector s) {
        String key = namespace(s) + s.labels();
        return "grader-probe-" + Integer.toHexString(key.hashCode() & 0xfffffff);
    }

    private static List<String> sources(Reach r, ClusterState state) {
        if (r.from().external()) {
            return List.of(ProbeRequest.EXTERNAL);
        }
        if (r.from().probe()) {
            PodState p = state.pod(namespace(r.from().pods()), probeName(r.from().pods()));
            return p == null || p.ip() == null ? List.of() : List.of(p.key());
        }
        return r.from().pods().running(state).stream().filter(p -> !p.labels().containsKey(PROBE_LABEL))
                .map(PodState::key).toList();
    }

    // ---- reachability -------------------------------------------------------------------------

    /** One way to the target: a probe target, its port, and the Pods that must answer (null: anyone). */
    private record Route(String label, String target, int port) {
    }

    private static Result reach(String text, Reach r, SimRun run) {
        ClusterState state = run.state();
        List<String> from = sources(r, state);
        if (from.isEmpty()) {
            return new Result(text, false, "no running Pod to start from: " + missing(r.from().pods(), run), null);
        }
        Set<String> answering = null;
        if (r.to() != null) {
            answering = new LinkedHashSet<>();
            for (PodState p : r.to().running(state)) {
                answering.add(p.key());
            }
            if (answering.isEmpty()) {
                return new Result(text, false, "nothing to reach: " + missing(r.to(), run), null);
            }
        }
        // Each group is one way to the target; allowed needs one group reached from every source, denied none at all.
        List<List<Route>> groups = routes(r, state, answering);
        if (groups.isEmpty()) {
            String why = switch (r.via()) {
                case SERVICE -> "no Service " + (r.service() == null ? "" : "named " + r.service() + " ")
                        + "has " + r.to().describe() + " as endpoints on port " + r.port();
                case NODE_PORT -> "no NodePort or LoadBalancer Service has " + r.to().describe() + " as endpoints"
                        + (r.nodePort() > 0 ? " on NodePort " + r.nodePort() : "");
                default -> "nothing to probe";
            };
            return new Result(text, !r.allowed(), why + (r.allowed() ? "" : ", so it cannot be reached that way"), null);
        }
        ProbeResult firstFailure = null;
        int probes = 0;
        for (List<Route> group : groups) {
            ProbeResult failure = null;
            for (String source : from) {
                for (Route route : group) {
                    ProbeResult p = run.probe(new ProbeRequest(source, route.target(), route.port(), r.protocol()));
                    probes++;
                    boolean reached = reached(p, answering);
                    if (reached != r.allowed()) {
                        failure = p;
                        break;
                    }
                }
                if (failure != null) {
                    break;
                }
            }
            if (r.allowed() && failure == null) {
                return new Result(text, true, summary(from, group, true) + (groups.size() > 1 ? " (" + group.get(0).label() + ")" : ""),
                        null);
            }
            if (!r.allowed() && failure != null) {
                return new Result(text, false, explain(failure, answering, false), failure);
            }
            if (firstFailure == null) {
                firstFailure = failure;
            }
        }
        if (r.allowed()) {
            return new Result(text, false, explain(firstFailure, answering, true), firstFailure);
        }
        return new Result(text, true, probes + (probes == 1 ? " probe" : " probes") + ", none reached "
                + (r.to() == null ? r.url() : r.to().describe()), null);
    }

    private static List<List<Route>> routes(Reach r, ClusterState state, Set<String> answering) {
        List<List<Route>> out = new ArrayList<>();
        switch (r.via()) {
            case POD_IP -> {
                List<Route> g = new ArrayList<>();
                for (PodState p : r.to().running(state)) {
                    g.add(new Route(p.key(), p.ip(), r.port()));
                }
                out.add(g);
            }
            case INGRESS -> out.add(List.of(new Route(r.url(), r.url(), 0)));
            case SERVICE -> {
                for (ServiceState s : state.services()) {
                    if (!serves(s, answering) || s.headless() || r.service() != null && !r.service().equals(s.name())
                            || r.to().namespace() != null && !r.to().namespace().equals(s.namespace())) {
                        continue;
                    }
                    if (s.ports().stream().anyMatch(sp -> sp.port() == r.port())) {
                        out.add(List.of(new Route("Service " + s.key(), s.name() + "." + s.namespace(), r.port())));
                    }
                }
            }
            case NODE_PORT -> {
                for (ServiceState s : state.services()) {
                    if (!serves(s, answering)) {
                        continue;
                    }
                    for (ServicePort sp : s.ports()) {
                        boolean portOk = r.nodePort() > 0 ? sp.nodePort() == r.nodePort()
                                : sp.nodePort() > 0 && (r.port() <= 0 || sp.port() == r.port());
                        if (sp.nodePort() > 0 && portOk) {
                            List<Route> g = new ArrayList<>();
                            for (NodeState n : state.nodes()) {
                                if (!"control-plane".equals(n.role())) {
                                    g.add(new Route("Service " + s.key() + " NodePort " + sp.nodePort(), "node/" + n.name(),
                                            sp.nodePort()));
                                }
                            }
                            out.add(g);
                        }
                    }
                }
            }
        }
        return out;
    }

    private static boolean serves(ServiceState s, Set<String> pods) {
        return s.endpoints().stream().anyMatch(e -> pods.contains(e.podNamespace() + "/" + e.podName()));
    }

    /** Delivered to one of the Pods that must answer, with no HTTP error from an Ingress on the way. */
    private static boolean reached(ProbeResult p, Set<String> answering) {
        if (!p.delivered()) {
            return false;
        }
        if (p.reason() != null && p.reason().startsWith("HTTP ")) {
            return false;
        }
        return answering == null || answering.contains(p.answeredBy());
    }

    private static String summary(List<String> from, List<Route> group, boolean reached) {
        int n = from.size() * group.size();
        String example = from.get(0) + " -> " + group.get(0).target() + (group.get(0).port() > 0 && !group.get(0).target()
                .contains("://") ? ":" + group.get(0).port() : "");
        return n + (n == 1 ? " probe " : " probes ") + (reached ? "delivered" : "blocked") + ", e.g. " + example;
    }

    private static String explain(ProbeResult p, Set<String> answering, boolean mustReach) {
        String head = p.request().from() + " -> " + p.request().target() + (p.address() == null ? "" : " (" + p.address() + ")")
                + ": " + p.outcome().word();
        if (p.answeredBy() != null) {
            head += ", answered by " + p.answeredBy();
        }
        if (p.reason() != null) {
            head += " (" + p.reason() + ")";
        }
        if (mustReach && p.delivered() && answering != null && !answering.contains(p.answeredBy())) {
            return head + "; it must reach one of " + String.join(", ", answering);
        }
        return head + (mustReach ? "; it must be delivered" : "; it must not get through");
    }

    /** Why nothing matches: the Pods that match but do not run, with the scheduler's reason, or none at all. */
    private static String missing(PodSelector s, SimRun run) {
        List<String> pending = new ArrayList<>();
        for (PodState p : run.state().pods()) {
            if (s.matches(p) && (p.ip() == null || !"Running".equals(p.phase()))) {
                String why = run.controlPlane().pendingReason(p.namespace(), p.name());
                pending.add(p.key() + " is " + p.phase() + (why == null ? "" : ": " + why));
            }
        }
        String rejected = run.controlPlane().rejections().isEmpty() ? ""
                : "; refused by the API server: " + String.join("; ", run.controlPlane().rejections().stream()
                .map(Object::toString).toList());
        return (pending.isEmpty() ? "no " + s.describe() : String.join("; ", pending)) + rejected;
    }

    // ---- placement ----------------------------------------------------------------------------

    private static Result placement(String text, Placement p, SimRun run) {
        ClusterState state = run.state();
        List<PodState> pods = p.pods().running(state);
        Set<String> nodes = new TreeSet<>();
        for (PodState pod : pods) {
            NodeState n = state.node(pod.node());
            if (n != null && (!p.workersOnly() || !"control-plane".equals(n.role()))) {
                nodes.add(n.name());
            }
        }
        String where = pods.size() + " running on " + (nodes.isEmpty() ? "no node" : String.join(", ", nodes));
        if (pods.size() < p.replicas()) {
            return new Result(text, false, where + "; " + p.replicas() + " are needed" + pendingNote(p.pods(), run), null);
        }
        if (nodes.size() < p.nodes()) {
            return new Result(text, false, where + "; they must spread over at least " + p.nodes() + " nodes", null);
        }
        return new Result(text, true, where, null);
    }

    private static String pendingNote(PodSelector s, SimRun run) {
        String m = missing(s, run);
        return m.startsWith("no ") ? "" : " (" + m + ")";
    }

    // ---- object facts -------------------------------------------------------------------------

    private static Result fact(String text, ObjectFact f, Design design) {
        List<String> matching = new ArrayList<>();
        for (KubeObject o : design.objects(f.kind())) {
            Object v = f.field() == null ? null : Trees.get(o.tree(), f.field());
            if (f.field() == null || v != null && f.values().contains(String.valueOf(v))) {
                String at = o.position(f.field() == null ? "" : f.field()).isKnown()
                        ? " (" + o.position(f.field() == null ? "" : f.field()) + ")" : "";
                matching.add(o.key() + (v == null ? "" : " " + f.field() + ": " + v) + at);
            }
        }
        if (f.none()) {
            return matching.isEmpty() ? new Result(text, true, "none found", null)
                    : new Result(text, false, "found " + String.join("; ", matching), null);
        }
        return matching.isEmpty() ? new Result(text, false, "none found", null)
                : new Result(text, true, "found " + String.join("; ", matching), null);
    }

    private static Result defaultDeny(String text, DefaultDeny d, Design design) {
        Set<String> namespaces = new TreeSet<>(d.namespaces());
        if (namespaces.isEmpty()) {
            for (KubeObject o : design.objects()) {
                if (o.kind().equals("Namespace")) {
                    namespaces.add(o.name());
                } else if (!o.namespace().isEmpty()) {
                    namespaces.add(o.namespace());
                }
            }
            namespaces.removeIf(n -> n.startsWith("kube-"));
        }
        List<String> without = new ArrayList<>();
        List<String> with = new ArrayList<>();
        for (String ns : namespaces) {
            String found = null;
            for (KubeObject o : design.objects("NetworkPolicy")) {
                NetworkPolicy np = o.typed(NetworkPolicy.class);
                if (np != null && ns.equals(o.namespace()) && deniesAllIngress(np)) {
                    found = o.name();
                }
            }
            if (found == null) {
                without.add(ns);
            } else {
                with.add(ns + " (" + found + ")");
            }
        }
        if (namespaces.isEmpty()) {
            return new Result(text, false, "the design has no namespace to protect", null);
        }
        return without.isEmpty() ? new Result(text, true, String.join(", ", with), null)
                : new Result(text, false, "no default-deny policy in " + String.join(", ", without)
                + " (a NetworkPolicy with podSelector: {} and policyTypes: [Ingress] and no ingress rules)", null);
    }

    /** Selects every Pod of its namespace for ingress and allows nothing. */
    static boolean deniesAllIngress(NetworkPolicy np) {
        if (np.getSpec() == null) {
            return false;
        }
        LabelSelector sel = np.getSpec().getPodSelector();
        boolean everyPod = sel == null || (sel.getMatchLabels() == null || sel.getMatchLabels().isEmpty())
                && (sel.getMatchExpressions() == null || sel.getMatchExpressions().isEmpty());
        boolean ingress = NetworkPolicyRules.policyTypes(np).contains("Ingress");
        boolean noRules = np.getSpec().getIngress() == null || np.getSpec().getIngress().isEmpty();
        return everyPod && ingress && noRules;
    }
}
