package io.kubecanvas.lessons;

import io.kubecanvas.emulator.backend.Protocol;
import io.kubecanvas.lessons.Challenge.Assertion;
import io.kubecanvas.lessons.Check.Source;
import io.kubecanvas.lessons.Check.Via;
import io.kubecanvas.lessons.FieldReader.Field;
import io.kubecanvas.lessons.Lesson.Step;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.SourcePosition;
import io.kubecanvas.model.yaml.YamlDocument;
import io.kubecanvas.model.yaml.YamlException;
import io.kubecanvas.model.yaml.YamlReader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads Lesson and Challenge files: the first YAML document is the Lesson or Challenge, the documents after it
 * are its starting design (Kubernetes objects and an optional Cluster document), read as any design is.
 * Everything goes through the model's YAML reader, so every error has file:line:col.
 */
public final class TeachingFiles {
    public static final String LESSON = "Lesson";
    public static final String CHALLENGE = "Challenge";
    private static final Pattern ID = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private TeachingFiles() {
    }

    /** A lesson or a challenge from a file. */
    public static Teaching read(Path file) throws YamlException {
        return read(YamlReader.read(file));
    }

    /** A lesson or a challenge from text ({@code name} is what error positions show). */
    public static Teaching read(String name, String text) throws YamlException {
        return read(YamlReader.read(name, text));
    }

    public static Lesson lesson(String name, String text) throws YamlException {
        Teaching t = read(name, text);
        if (t instanceof Lesson l) {
            return l;
        }
        throw new YamlException(new SourcePosition(name, 1, 1), "this is a Challenge, not a Lesson");
    }

    public static Challenge challenge(String name, String text) throws YamlException {
        Teaching t = read(name, text);
        if (t instanceof Challenge c) {
            return c;
        }
        throw new YamlException(new SourcePosition(name, 1, 1), "this is a Lesson, not a Challenge");
    }

    /** True when the text's first document is a Lesson or Challenge (so a folder can tell them from designs). */
    public static boolean isTeaching(List<YamlDocument> docs) {
        return !docs.isEmpty() && docs.get(0).tree() instanceof Map<?, ?> m && Teaching.API_VERSION.equals(m.get("apiVersion"))
                && (LESSON.equals(m.get("kind")) || CHALLENGE.equals(m.get("kind")));
    }

    private static Teaching read(List<YamlDocument> docs) throws YamlException {
        List<YamlDocument> nonEmpty = docs.stream().filter(d -> !d.isEmpty()).toList();
        if (nonEmpty.isEmpty()) {
            String file = docs.isEmpty() ? "" : docs.get(0).start().file();
            throw new YamlException(new SourcePosition(file, 1, 1), "the file is empty: a lesson or challenge starts with "
                    + "apiVersion: " + Teaching.API_VERSION + " and kind: Lesson or kind: Challenge");
        }
        YamlDocument head = nonEmpty.get(0);
        if (!(head.tree() instanceof Map<?, ?>)) {
            throw new YamlException(head.start(), "a lesson or challenge starts with a mapping: apiVersion: "
                    + Teaching.API_VERSION + ", kind: Lesson or Challenge, metadata and spec");
        }
        FieldReader r = new FieldReader(head);
        Field root = r.root(head.tree());
        root.map();
        String api = root.require("apiVersion").requireText();
        if (!Teaching.API_VERSION.equals(api)) {
            throw root.get("apiVersion").error("apiVersion must be " + Teaching.API_VERSION + ", not " + api);
        }
        String kind = root.require("kind").oneOf(List.of(LESSON, CHALLENGE), null);
        root.allowOnly(Set.of("apiVersion", "kind", "metadata", "spec"));
        Field meta = root.require("metadata").allowOnly(Set.of("id", "title"));
        Field idField = meta.require("id");
        String id = idField.requireText();
        if (!ID.matcher(id).matches()) {
            throw idField.error("metadata.id '" + id + "' must be lower-case letters, digits and '-' (like expose-web)");
        }
        String title = meta.require("title").requireText();
        Design design = Design.of(DesignIO.documents(nonEmpty.subList(1, nonEmpty.size())));
        String file = head.start().file();
        Field spec = root.require("spec");
        if (LESSON.equals(kind)) {
            spec.allowOnly(Set.of("order", "summary", "steps"));
            List<Step> steps = new ArrayList<>();
            for (Field s : spec.require("steps").items()) {
                steps.add(step(s, design));
            }
            if (steps.isEmpty()) {
                throw spec.get("steps").error("a lesson needs at least one step");
            }
            return new Lesson(id, title, spec.get("summary").text(""), spec.get("order").number(100), design, steps, file);
        }
        spec.allowOnly(Set.of("task", "hints", "assertions"));
        List<Assertion> assertions = new ArrayList<>();
        for (Field a : spec.require("assertions").items()) {
            assertions.add(assertion(a));
        }
        if (assertions.isEmpty()) {
            throw spec.get("assertions").error("a challenge needs at least one assertion");
        }
        return new Challenge(id, title, spec.require("task").requireText(), spec.get("hints").texts(), assertions, design, file);
    }

    // ---- lessons ------------------------------------------------------------------------------

    private static Step step(Field s, Design design) throws YamlException {
        s.allowOnly(Set.of("title", "text", "show", "hints", "until", "action"));
        Field show = s.get("show").allowOnly(Set.of("select", "tab", "layer"));
        String select = show.get("select").text();
        if (select != null && !elementExists(design, select)) {
            throw show.get("select").error("show.select names " + select + ", which is not in the lesson's design");
        }
        Lesson.Show shown = new Lesson.Show(select, show.get("tab").oneOf(List.of("design", "network"), null),
                show.get("layer").oneOf(List.of("physical", "logical", "both"), null));
        Lesson.Action action = null;
        if (s.get("action").present()) {
            Field a = s.get("action").allowOnly(Set.of("label", "cni"));
            action = new Lesson.Action(a.require("label").requireText(),
                    a.require("cni").oneOf(List.of("flannel-vxlan", "host-gw"), null));
        }
        Condition until = s.get("until").present() ? condition(s.get("until")) : null;
        return new Step(s.require("title").requireText(), s.get("text").text(""), shown, s.get("hints").texts(), until, action);
    }

    private static boolean elementExists(Design d, String id) {
        if (id.startsWith("Node/")) {
            return d.cluster().node(id.substring(5)) != null;
        }
        return d.find(io.kubecanvas.model.ObjectKey.parse(id)) != null;
    }

    private static Condition condition(Field until) throws YamlException {
        until.allowOnly(Set.of("selected", "tab", "layer", "object", "packet", "question"));
        List<Condition> parts = new ArrayList<>();
        if (until.get("selected").present()) {
            parts.add(new Condition.Selected(until.get("selected").requireText()));
        }
        if (until.get("tab").present()) {
            parts.add(new Condition.TabOpen(until.get("tab").oneOf(List.of("design", "network"), null)));
        }
        if (until.get("layer").present()) {
            parts.add(new Condition.LayerShown(until.get("layer").oneOf(List.of("physical", "logical", "both"), null)));
        }
        if (until.get("object").present()) {
            Field o = until.get("object").allowOnly(Set.of("kind", "namespace", "name", "labels", "field", "equals"));
            String kind = o.require("kind").requireText();
            if (!kind.matches("[A-Z][A-Za-z]+")) {
                throw o.get("kind").error("kind '" + kind + "' is not a kind: write it as Kubernetes does (Service, "
                        + "Deployment), or Cluster for the design's cluster");
            }
            parts.add(new Condition.ObjectExists(kind, o.get("namespace").text(), o.get("name").text(),
                    o.get("labels").labels(), o.get("field").text(), o.get("equals").text()));
        }
        if (until.get("packet").present()) {
            Field p = until.get("packet").allowOnly(Set.of("hop", "service", "to", "node", "host", "count",
                    "distinctEndpoints"));
            parts.add(new Condition.PacketSeen(p.require("hop").oneOf(Condition.PacketSeen.HOPS, null),
                    p.get("service").text(), p.get("to").present() ? pods(p.get("to")) : null, p.get("node").text(),
                    p.get("host").text(), p.get("count").number(1), p.get("distinctEndpoints").number(0)));
        }
        if (until.get("question").present()) {
            parts.add(new Condition.Answered(question(until.get("question"))));
        }
        if (parts.isEmpty()) {
            throw until.error("until needs one of selected, tab, layer, object, packet, question");
        }
        return parts.size() == 1 ? parts.get(0) : new Condition.AllOf(parts);
    }

    private static Question question(Field q) throws YamlException {
        q.allowOnly(Set.of("ask", "choices", "answer", "answerFrom", "explanation"));
        List<String> choices = q.get("choices").texts();
        List<String> answers = q.get("answer").texts();
        Question.Computed computed = null;
        if (q.get("answerFrom").present()) {
            Field af = q.get("answerFrom");
            Map<String, Object> m = af.map();
            if (m.size() != 1 || !Question.Computed.KINDS.contains(m.keySet().iterator().next())) {
                throw af.error("answerFrom needs exactly one of " + String.join(", ", Question.Computed.KINDS));
            }
            String kind = m.keySet().iterator().next();
            Field arg = af.get(kind);
            computed = kind.equals("podIp") ? new Question.Computed(kind, null, pods(arg))
                    : new Question.Computed(kind, arg.requireText(), null);
        }
        if (answers.isEmpty() && computed == null) {
            throw q.error("a question needs answer (the right answer) or answerFrom (computed from the running cluster)");
        }
        if (!choices.isEmpty() && computed == null) {
            for (String a : answers) {
                if (choices.stream().noneMatch(c -> c.equalsIgnoreCase(a))) {
                    throw q.get("answer").error("the answer '" + a + "' is not one of the choices");
                }
            }
        }
        return new Question(q.require("ask").requireText(), choices, answers, computed, q.get("explanation").text());
    }

    // ---- challenges ---------------------------------------------------------------------------

    private static Assertion assertion(Field a) throws YamlException {
        a.allowOnly(Set.of("text", "reach", "placement", "none", "some", "defaultDeny"));
        List<String> kinds = List.of("reach", "placement", "none", "some", "defaultDeny");
        Set<String> keys = a.map().keySet();
        List<String> given = kinds.stream().filter(keys::contains).toList();
        if (given.size() != 1) {
            throw a.error("an assertion needs exactly one of " + String.join(", ", kinds)
                    + (given.isEmpty() ? "" : " (this one has " + String.join(" and ", given) + ")"));
        }
        Check check = switch (given.get(0)) {
            case "reach" -> reach(a.get("reach"));
            case "placement" -> {
                Field p = a.get("placement").allowOnly(Set.of("pods", "replicas", "nodes", "workersOnly"));
                yield new Check.Placement(pods(p.require("pods")), p.get("replicas").number(1), p.get("nodes").number(1),
                        p.get("workersOnly").bool(true));
            }
            case "none", "some" -> {
                Field f = a.get(given.get(0)).allowOnly(Set.of("kind", "field", "in"));
                String kind = f.require("kind").requireText();
                if (f.get("field").present() != f.get("in").present()) {
                    throw f.error("field and in go together: the field path and the values it must (not) have");
                }
                yield new Check.ObjectFact(given.get(0).equals("none"), kind, f.get("field").text(), f.get("in").texts());
            }
            default -> new Check.DefaultDeny(a.get("defaultDeny").allowOnly(Set.of("namespaces")).get("namespaces").texts());
        };
        String text = a.get("text").text();
        return new Assertion(text == null ? check.describe() : text, check);
    }

    private static Check.Reach reach(Field r) throws YamlException {
        r.allowOnly(Set.of("from", "to", "port", "protocol", "via", "url", "service", "nodePort", "expect"));
        Field from = r.require("from");
        Source source;
        if (from.value instanceof String s) {
            if (!s.equals("external")) {
                throw from.error("from is external, or Pods (namespace, labels, workload), or probe: {namespace: ...}");
            }
            source = Source.EXTERNAL;
        } else if (from.get("probe").present()) {
            from.allowOnly(Set.of("probe"));
            source = new Source(false, pods(from.get("probe")), true);
        } else {
            source = new Source(false, pods(from), false);
        }
        Via via = Via.of(r.get("via").oneOf(Via.words(), "pod-ip"));
        String url = r.get("url").text();
        if (via == Via.INGRESS && url == null) {
            throw r.error("via: ingress needs url (http://host/path)");
        }
        if ((via == Via.INGRESS || via == Via.NODE_PORT) && !source.external()) {
            throw r.get("via").error("via: " + via.word + " is for requests from outside: write from: external");
        }
        PodSelector to = r.get("to").present() ? pods(r.get("to")) : null;
        if (to == null && via != Via.INGRESS) {
            throw r.error("reach needs to: the Pods it must (not) reach");
        }
        int port = r.get("port").number(0);
        if (port <= 0 && (via == Via.POD_IP || via == Via.SERVICE)) {
            throw r.error("reach via " + via.word + " needs port");
        }
        Protocol proto;
        try {
            proto = Protocol.parse(r.get("protocol").text("TCP"));
        } catch (IllegalArgumentException e) {
            throw r.get("protocol").error(e.getMessage());
        }
        boolean allowed = r.get("expect").oneOf(List.of("allowed", "denied"), "allowed").equals("allowed");
        return new Check.Reach(source, to, port, proto, via, url, r.get("service").text(), r.get("nodePort").number(0), allowed);
    }

    static PodSelector pods(Field f) throws YamlException {
        f.allowOnly(Set.of("namespace", "labels", "workload"));
        String workload = f.get("workload").text();
        if (workload != null && !workload.contains("/")) {
            throw f.get("workload").error("workload is Kind/name, like Deployment/web");
        }
        return new PodSelector(f.get("namespace").text(), f.get("labels").labels(), workload);
    }
}
