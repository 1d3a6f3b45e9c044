package io.kubecanvas.lessons;

import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.plan.NetworkPolicyRules;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.emulator.state.ClusterState.PodState;
import io.kubecanvas.emulator.state.ClusterState.ServicePort;
import io.kubecanvas.emulator.state.ClusterState.ServiceState;
import io.kubecanvas.model.Cluster;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.Trees;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What moves a lesson step on: something the learner did, read from a {@link LearnerView}. Pure: the same
 * view gives the same answer, so a test checks a condition without a window.
 */
public sealed interface Condition {

    /** True when the learner has done it; {@code answeredRight} says whether this step's question was answered right. */
    boolean met(LearnerView view, boolean answeredRight);

    /** What the learner has to do, in a few words ("select Service/default/web-service"). */
    String describe();

    /** The question among this condition's parts, or null. */
    default Question question() {
        return null;
    }

    /**
     * An object exists, optionally with a field value: {@code kind} (Cluster for the design's own cluster document),
     * {@code namespace} and {@code name} (null: any), labels it must carry, a field path ({@code spec.replicas}) and the
     * value it must have (null: the field only has to be there).
     */
    record ObjectExists(String kind, String namespace, String name, Map<String, String> labels, String field,
                        String equals) implements Condition {
        public ObjectExists {
            labels = Map.copyOf(labels);
        }

        @Override
        public boolean met(LearnerView view, boolean answeredRight) {
            if (Cluster.KIND.equals(kind)) {
                return fieldOk(view.design().cluster().toTree());
            }
            for (KubeObject o : view.design().objects(kind)) {
                if (namespace != null && !namespace.equals(o.namespace()) || name != null && !name.equals(o.name())) {
                    continue;
                }
                if (!o.labels().entrySet().containsAll(labels.entrySet())) {
                    continue;
                }
                if (fieldOk(o.tree())) {
                    return true;
                }
            }
            return false;
        }

        private boolean fieldOk(Object tree) {
            if (field == null) {
                return true;
            }
            Object v = Trees.get(tree, field);
            if (v == null) {
                return false;
            }
            return equals == null || scalar(v).equals(equals);
        }

        private static String scalar(Object v) {
            if (v instanceof Double d && d == Math.rint(d)) {
                return String.valueOf(d.longValue());
            }
            return String.valueOf(v);
        }

        @Override
        public String describe() {
            String what = (name == null ? "a " + kind : kind + " " + (namespace == null ? "" : namespace + "/") + name);
            return field == null ? "add " + what : "set " + field + (equals == null ? "" : " to " + equals) + " on " + what;
        }
    }

    /** An element is selected: a kind ({@code Service}, {@code Node}) or an element id ({@code Service/default/web}). */
    record Selected(String element) implements Condition {
        @Override
        public boolean met(LearnerView view, boolean answeredRight) {
            return view.selection().stream().anyMatch(id -> id.equals(element)
                    || !element.contains("/") && id.startsWith(element + "/"));
        }

        @Override
        public String describe() {
            return "select " + element;
        }
    }

    /** The design or network tab is open. */
    record TabOpen(String tab) implements Condition {
        @Override
        public boolean met(LearnerView view, boolean answeredRight) {
            return tab.equalsIgnoreCase(String.valueOf(view.tab()));
        }

        @Override
        public String describe() {
            return "open the " + tab.substring(0, 1).toUpperCase(Locale.ROOT) + tab.substring(1) + " tab";
        }
    }

    /** The network view shows this layer (physical, logical, both). */
    record LayerShown(String layer) implements Condition {
        @Override
        public boolean met(LearnerView view, boolean answeredRight) {
            return layer.equalsIgnoreCase(String.valueOf(view.layer()));
        }

        @Override
        public String describe() {
            return "show the " + layer + " layer";
        }
    }

    /** The step's question was answered right. */
    record Answered(Question q) implements Condition {
        @Override
        public boolean met(LearnerView view, boolean answeredRight) {
            return answeredRight;
        }

        @Override
        public String describe() {
            return "answer the question";
        }

        @Override
        public Question question() {
            return q;
        }
    }

    /** Every part holds. */
    record AllOf(List<Condition> parts) implements Condition {
        public AllOf {
            parts = List.copyOf(parts);
        }

        @Override
        public boolean met(LearnerView view, boolean answeredRight) {
            return parts.stream().allMatch(c -> c.met(view, answeredRight));
        }

        @Override
        public String describe() {
            return String.join(", then ", parts.stream().map(Condition::describe).toList());
        }

        @Override
        public Question question() {
            return parts.stream().map(Condition::question).filter(Objects::nonNull).findFirst().orElse(null);
        }
    }

    /**
     * A packet reached a kind of hop since the step opened, in at least {@code count} requests (flows).
     *
     * @param hop               one of {@link #HOPS}
     * @param service           for dnat: the Service whose address (ClusterIP, LoadBalancer IP or NodePort) was translated
     * @param to                the Pods the packet was for (delivered, dnat, policy-drop), or null
     * @param node              where the hop happened, or null for anywhere
     * @param host              for ingress: the HTTP Host routed
     * @param distinctEndpoints for dnat: at least this many different endpoints were picked (load balancing seen)
     */
    record PacketSeen(String hop, String service, PodSelector to, String node, String host, int count,
                      int distinctEndpoints) implements Condition {
        public static final List<String> HOPS = List.of("any", "delivered", "dnat", "vxlan", "host-gw", "bridge",
                "policy-drop", "dropped", "ingress", "tls", "masquerade");

        @Override
        public boolean met(LearnerView view, boolean answeredRight) {
            if (view.state() == null) {
                return false;
            }
            List<PacketEvent> hits = view.events().stream().filter(e -> matches(e, view.state())).toList();
            long flows = hits.stream().mapToLong(PacketEvent::flowId).distinct().count();
            if (flows < Math.max(1, count)) {
                return false;
            }
            return distinctEndpoints <= 0 || hits.stream().map(PacketEvent::natAfter).distinct().count() >= distinctEndpoints;
        }

        boolean matches(PacketEvent e, ClusterState state) {
            if (node != null && !node.equals(e.node())) {
                return false;
            }
            PacketEvent.Header ip = e.innerIp();
            String rule = e.rule() == null ? "" : e.rule();
            return switch (hop) {
                case "any" -> true;
                case "delivered" -> e.verdict() == PacketEvent.Verdict.DELIVERED && podMatches(podByKey(state, rule));
                case "dnat" -> e.natAfter() != null && ip != null && host(e.natAfter()).equals(ip.get("dst"))
                        && (service == null || translates(state, e.natBefore())) && (to == null || podMatches(podByIp(state,
                        host(e.natAfter()))));
                case "masquerade" -> e.natAfter() != null && ip != null && host(e.natAfter()).equals(ip.get("src"));
                case "vxlan" -> e.encapsulated();
                case "host-gw" -> !e.encapsulated() && !"external".equals(e.node()) && e.direction() == PacketEvent.Direction.OUT
                        && "eth0".equals(e.iface()) && ip != null && podByIp(state, ip.get("dst")) != null;
                case "bridge" -> rule.startsWith("bridge ");
                case "policy-drop" -> (e.verdict() == PacketEvent.Verdict.DROPPED || e.verdict() == PacketEvent.Verdict.REJECTED) && NetworkPolicyRules.isPolicyRule(rule)
                        && (to == null || ip != null && podMatches(podByIp(state, ip.get("dst"))));
                case "dropped" -> e.verdict() == PacketEvent.Verdict.DROPPED || e.verdict() == PacketEvent.Verdict.REJECTED;
                case "ingress" -> rule.startsWith("Ingress ") && !rule.startsWith("Ingress TLS") && hostMatches(e);
                case "tls" -> rule.startsWith("Ingress TLS") && hostMatches(e);
                default -> false;
            };
        }

        private boolean podMatches(PodState p) {
            return p != null && (to == null || to.matches(p));
        }

        private boolean hostMatches(PacketEvent e) {
            if (host == null) {
                return true;
            }
            return e.headers().stream().anyMatch(h -> host.equalsIgnoreCase(h.get("host")) || host.equalsIgnoreCase(h.get("sni")));
        }

        private boolean translates(ClusterState state, String natBefore) {
            ServiceState s = Question.service(state, service);
            if (s == null || natBefore == null) {
                return false;
            }
            String h = host(natBefore);
            if (h.equals(s.clusterIp()) || h.equals(s.loadBalancerIp())) {
                return true;
            }
            String port = natBefore.substring(natBefore.lastIndexOf(':') + 1);
            return state.nodes().stream().anyMatch(n -> h.equals(n.underlayIp()))
                    && s.ports().stream().mapToInt(ServicePort::nodePort).anyMatch(p -> p > 0 && String.valueOf(p).equals(port));
        }

        private static PodState podByKey(ClusterState s, String key) {
            int slash = key.indexOf('/');
            return slash < 0 ? null : s.pod(key.substring(0, slash), key.substring(slash + 1));
        }

        private static PodState podByIp(ClusterState s, String ip) {
            return s.pods().stream().filter(p -> !p.hostNetwork() && Objects.equals(ip, p.ip())).findFirst().orElse(null);
        }

        private static String host(String hostPort) {
            int c = hostPort.lastIndexOf(':');
            return c < 0 ? hostPort : hostPort.substring(0, c);
        }

        @Override
        public String describe() {
            String what = switch (hop) {
                case "any" -> "send a request";
                case "delivered" -> "get a request delivered" + (to == null ? "" : " to " + to.describe());
                case "dnat" -> "send a request" + (service == null ? " through a Service" : " to " + service)
                        + " and see its DNAT hop";
                case "masquerade" -> "see a masquerade (source NAT) hop";
                case "vxlan" -> "see a packet wrapped in VXLAN";
                case "host-gw" -> "see a packet routed between nodes without encapsulation";
                case "bridge" -> "see a packet switched by the bridge";
                case "policy-drop" -> "see a packet dropped by a NetworkPolicy";
                case "dropped" -> "see a packet dropped or refused";
                case "ingress" -> "send a request through the Ingress" + (host == null ? "" : " for " + host);
                case "tls" -> "send an https request" + (host == null ? "" : " to " + host);
                default -> hop;
            };
            if (count > 1) {
                what += " (" + count + " requests" + (distinctEndpoints > 1 ? ", at least " + distinctEndpoints + " endpoints" : "")
                        + ")";
            }
            return what;
        }
    }
}
