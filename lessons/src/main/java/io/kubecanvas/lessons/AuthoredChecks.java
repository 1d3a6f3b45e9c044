package io.kubecanvas.lessons;

import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.backend.Protocol;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.emulator.state.ClusterState.PodState;
import io.kubecanvas.emulator.state.ClusterState.ServiceState;
import io.kubecanvas.lessons.Challenge.Assertion;
import io.kubecanvas.lessons.Check.Reach;
import io.kubecanvas.lessons.Check.Source;
import io.kubecanvas.lessons.Check.Via;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.ObjectKey;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Assertions an instructor makes from the app: a "must reach" arrow drawn from one object of the design to
 * another, or a probe's current result recorded as the expected one. Both name Pods by their labels and
 * namespace (what a solution keeps), never by generated Pod names.
 */
public final class AuthoredChecks {
    private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job");
    /** Labels controllers add to the Pods they make: not part of what a task fixes. */
    private static final Set<String> GENERATED = Set.of("pod-template-hash", "controller-revision-hash",
            "statefulset.kubernetes.io/pod-name", "batch.kubernetes.io/job-name", "job-name", "controller-uid",
            "batch.kubernetes.io/controller-uid", Grader.PROBE_LABEL);

    private AuthoredChecks() {
    }

    /**
     * An arrow from {@code from} to {@code to}: from a Pod, a workload or a Service (its Pods), or from an Ingress (a
     * request from outside through it), to a Pod or workload (its Pod IP and first port) or a Service (its first port).
     *
     * @throws IllegalArgumentException saying which objects an arrow can join
     */
    public static Assertion arrow(Design design, ObjectKey from, ObjectKey to, boolean allowed) {
        KubeObject a = design.find(from);
        KubeObject b = design.find(to);
        if (a == null || b == null) {
            throw new IllegalArgumentException("an arrow joins two objects of the design");
        }
        if (b.kind().equals("Ingress")) {
            throw new IllegalArgumentException("draw the arrow from the Ingress (a request from outside) to what it must reach");
        }
        Reach reach;
        if (a.kind().equals("Ingress")) {
            String url = url(a);
            reach = new Reach(Source.EXTERNAL, podsOf(design, b), 0, Protocol.TCP, Via.INGRESS, url, null, 0, allowed);
        } else {
            Source source = new Source(false, podsOf(design, a), false);
            if (b.kind().equals("Service")) {
                reach = new Reach(source, podsOf(design, b), servicePort(b), Protocol.TCP, Via.SERVICE, null, b.name(), 0, allowed);
            } else {
                reach = new Reach(source, podsOf(design, b), containerPort(b), Protocol.TCP, Via.POD_IP, null, null, 0, allowed);
            }
        }
        return new Assertion(reach.describe(), reach);
    }

    /** The probe's result as the expected one: delivered means allowed, anything else denied. */
    public static Assertion recorded(ProbeResult result, ClusterState state) {
        ProbeRequest q = result.request();
        Source source;
        if (q.fromExternal()) {
            source = Source.EXTERNAL;
        } else {
            String[] nn = q.from().split("/", 2);
            PodState p = nn.length == 2 ? state.pod(nn[0], nn[1]) : null;
            if (p == null) {
                throw new IllegalArgumentException("record a probe from outside or from a Pod, not from " + q.from());
            }
            source = new Source(false, selectorOf(p), false);
        }
        boolean allowed = result.delivered() && (result.reason() == null || !result.reason().startsWith("HTTP "));
        PodState answering = podByKey(state, result.answeredBy());
        String target = q.target().trim();
        Reach reach;
        if (target.contains("://")) {
            reach = new Reach(Source.EXTERNAL, answering == null ? null : selectorOf(answering), 0, q.protocol(), Via.INGRESS,
                    target, null, 0, allowed);
        } else if (target.startsWith("node/")) {
            ServiceState s = state.services().stream().filter(x -> x.ports().stream().anyMatch(p -> p.nodePort() == q.port()))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("no Service has NodePort " + q.port()));
            reach = new Reach(Source.EXTERNAL, serviceSelector(s), 0, q.protocol(), Via.NODE_PORT, null, null, q.port(), allowed);
        } else {
            ServiceState s = service(state, target);
            if (s != null) {
                int port = q.port() > 0 ? q.port() : s.ports().isEmpty() ? 80 : s.ports().get(0).port();
                reach = new Reach(source, serviceSelector(s), port, q.protocol(), Via.SERVICE, null, s.name(), 0, allowed);
            } else {
                PodState p = target.contains("/") ? podByKey(state, target)
                        : state.pods().stream().filter(x -> target.equals(x.ip())).findFirst().orElse(null);
                if (p == null) {
                    throw new IllegalArgumentException("record a probe to a Pod, a Service, node/NAME or a URL, not " + target);
                }
                int port = q.port() > 0 ? q.port() : p.ports().isEmpty() ? 80 : p.ports().get(0).port();
                reach = new Reach(source, selectorOf(p), port, q.protocol(), Via.POD_IP, null, null, 0, allowed);
            }
        }
        return new Assertion(reach.describe() + " (recorded: " + result.outcome().word() + ")", reach);
    }

    /** The Pods an object stands for: a workload's template labels, a Pod's labels (or the Pod itself), a Service's selector. */
    static PodSelector podsOf(Design design, KubeObject o) {
        String ns = o.namespace().isEmpty() ? "default" : o.namespace();
        Map<String, String> labels;
        if (WORKLOADS.contains(o.kind())) {
            labels = strings(o.get("spec.template.metadata.labels"));
            return labels.isEmpty() ? new PodSelector(ns, Map.of(), o.kind() + "/" + o.name()) : PodSelector.labels(ns, labels);
        }
        if (o.kind().equals("Pod")) {
            labels = o.labels();
            return labels.isEmpty() ? new PodSelector(ns, Map.of(), "Pod/" + o.name()) : PodSelector.labels(ns, labels);
        }
        if (o.kind().equals("Service")) {
            labels = strings(o.get("spec.selector"));
            if (labels.isEmpty()) {
                throw new IllegalArgumentException("Service " + o.name() + " has no selector: its Pods are not known");
            }
            return PodSelector.labels(ns, labels);
        }
        throw new IllegalArgumentException("an arrow joins Pods, workloads, Services and Ingresses, not a " + o.kind());
    }

    private static String url(KubeObject ingress) {
        Object host = ingress.get("spec.rules[0].host");
        Object path = ingress.get("spec.rules[0].http.paths[0].path");
        boolean tls = ingress.get("spec.tls[0]") != null;
        String h = host == null ? "localhost" : String.valueOf(host).replace("*.", "www.");
        return (tls ? "https://" : "http://") + h + (path == null ? "/" : String.valueOf(path));
    }

    private static int servicePort(KubeObject svc) {
        Object p = svc.get("spec.ports[0].port");
        if (!(p instanceof Number n)) {
            throw new IllegalArgumentException("Service " + svc.name() + " has no port to reach");
        }
        return n.intValue();
    }

    private static int containerPort(KubeObject o) {
        String base = o.kind().equals("Pod") ? "spec" : "spec.template.spec";
        Object p = o.get(base + ".containers[0].ports[0].containerPort");
        if (!(p instanceof Number n)) {
            throw new IllegalArgumentException(o.kind() + " " + o.name() + " declares no containerPort to reach");
        }
        return n.intValue();
    }

    private static PodSelector selectorOf(PodState p) {
        Map<String, String> labels = new LinkedHashMap<>(p.labels());
        labels.keySet().removeAll(GENERATED);
        if (labels.isEmpty()) {
            return new PodSelector(p.namespace(), Map.of(), p.owner() != null ? p.owner() : "Pod/" + p.name());
        }
        return PodSelector.labels(p.namespace(), labels);
    }

    private static PodSelector serviceSelector(ServiceState s) {
        return PodSelector.labels(s.namespace(), s.selector() == null ? Map.of() : s.selector());
    }

    private static ServiceState service(ClusterState state, String target) {
        for (ServiceState s : state.services()) {
            List<String> names = List.of(s.name(), s.namespace() + "/" + s.name(), s.name() + "." + s.namespace(),
                    s.name() + "." + s.namespace() + ".svc", s.name() + "." + s.namespace() + ".svc." + state.network().clusterDomain());
            if (names.contains(target) || target.equals(s.clusterIp())) {
                return s;
            }
        }
        return null;
    }

    private static PodState podByKey(ClusterState state, String key) {
        if (key == null || !key.contains("/")) {
            return null;
        }
        String[] nn = key.split("/", 2);
        return state.pod(nn[0], nn[1]);
    }

    private static Map<String, String> strings(Object tree) {
        Map<String, String> out = new LinkedHashMap<>();
        if (tree instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        }
        return out;
    }
}
