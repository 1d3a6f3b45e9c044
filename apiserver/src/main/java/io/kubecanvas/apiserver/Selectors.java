package io.kubecanvas.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.kubecanvas.model.net.LabelSelectors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The query forms of {@code ?labelSelector=} and {@code ?fieldSelector=}, as kubectl's {@code -l} and
 * {@code --field-selector} send them. A label query ({@code app=web,tier!=db,env in (a,b),!legacy}) is read
 * into a {@link LabelSelector} and matched by the emulator's one matcher; a field query compares fields of
 * the served object ({@code spec.nodeName=worker-1}, {@code status.phase!=Failed}).
 */
final class Selectors {
    private Selectors() {
    }

    /** The label query as a selector (null for no query: everything matches). */
    static LabelSelector labels(String query) {
        if (query == null || query.isBlank()) {
            return null;
        }
        List<LabelSelectorRequirement> reqs = new ArrayList<>();
        for (String part : splitTopLevel(query)) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            reqs.add(requirement(p, query));
        }
        LabelSelector s = new LabelSelector();
        s.setMatchExpressions(reqs);
        return s;
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        return selector == null || LabelSelectors.matches(selector, labels);
    }

    private static LabelSelectorRequirement requirement(String p, String query) {
        LabelSelectorRequirement r = new LabelSelectorRequirement();
        java.util.regex.Matcher set = java.util.regex.Pattern.compile("^(\\S+)\\s+(in|notin)\\s*\\((.*)\\)$").matcher(p);
        if (set.matches()) {
            r.setKey(checkKey(set.group(1), query));
            r.setOperator(set.group(2).equals("in") ? "In" : "NotIn");
            List<String> values = new ArrayList<>();
            for (String v : set.group(3).split(",")) {
                values.add(checkValue(v.strip(), query));
            }
            r.setValues(values);
            return r;
        }
        int ne = p.indexOf("!=");
        int eq = p.indexOf('=');
        if (ne > 0) {
            r.setKey(checkKey(p.substring(0, ne).strip(), query));
            r.setOperator("NotIn");
            r.setValues(List.of(checkValue(p.substring(ne + 2).strip(), query)));
        } else if (eq > 0) {
            int valueAt = p.startsWith("==", eq) ? eq + 2 : eq + 1;
            r.setKey(checkKey(p.substring(0, eq).strip(), query));
            r.setOperator("In");
            r.setValues(List.of(checkValue(p.substring(valueAt).strip(), query)));
        } else if (p.startsWith("!")) {
            r.setKey(checkKey(p.substring(1).strip(), query));
            r.setOperator("DoesNotExist");
        } else {
            r.setKey(checkKey(p, query));
            r.setOperator("Exists");
        }
        return r;
    }

    private static final java.util.regex.Pattern KEY =
            java.util.regex.Pattern.compile("([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final java.util.regex.Pattern VALUE = java.util.regex.Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");

    private static String checkKey(String key, String query) {
        if (!KEY.matcher(key).matches()) {
            throw ApiException.badRequest("unable to parse requirement: invalid label key \"" + key + "\": name part must"
                    + " consist of alphanumeric characters, '-', '_' or '.' (in the label selector \"" + query + "\")");
        }
        return key;
    }

    private static String checkValue(String value, String query) {
        if (!VALUE.matcher(value).matches() || value.length() > 63) {
            throw ApiException.badRequest("unable to parse requirement: invalid label value: \"" + value + "\": a valid"
                    + " label must be an empty string or consist of alphanumeric characters, '-', '_' or '.'"
                    + " (in the label selector \"" + query + "\")");
        }
        return value;
    }

    /** Splits at commas outside parentheses. */
    private static List<String> splitTopLevel(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }

    // ---- fields --------------------------------------------------------------------------------

    /** One term of a field selector: {@code spec.nodeName=worker-1} or {@code status.phase!=Failed}. */
    record FieldTerm(String field, boolean equal, String value) {
    }

    /** Fields every resource supports; others are listed per kind, as the API server does. */
    private static final Set<String> COMMON_FIELDS = Set.of("metadata.name", "metadata.namespace");
    private static final Map<String, Set<String>> FIELDS_BY_KIND = Map.of(
            "Pod", Set.of("spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
                    "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"),
            "Event", Set.of("involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
                    "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason",
                    "reportingComponent", "source", "type"),
            "Node", Set.of("spec.unschedulable"),
            "Secret", Set.of("type"),
            "Namespace", Set.of("status.phase"),
            "ReplicaSet", Set.of("status.replicas"),
            "Job", Set.of("status.successful"));

    static List<FieldTerm> fields(String query, ResourceType type) {
        if (query == null || query.isBlank()) {
            return List.of();
        }
        List<FieldTerm> out = new ArrayList<>();
        for (String part : query.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int ne = p.indexOf("!=");
            int eq = p.indexOf('=');
            if (ne < 0 && eq < 0) {
                throw ApiException.badRequest("invalid selector: '" + query + "'; can't understand '" + p + "'");
            }
            String field = (ne > 0 ? p.substring(0, ne) : p.substring(0, eq)).strip();
            String value = ne > 0 ? p.substring(ne + 2) : p.substring(p.startsWith("==", eq) ? eq + 2 : eq + 1);
            Set<String> allowed = FIELDS_BY_KIND.getOrDefault(type.kind(), Set.of());
            if (!COMMON_FIELDS.contains(field) && !allowed.contains(field)) {
                throw ApiException.badRequest("field label not supported: " + field);
            }
            out.add(new FieldTerm(field, ne < 0, value.strip()));
        }
        return out;
    }

    static boolean matches(List<FieldTerm> terms, JsonNode object) {
        for (FieldTerm t : terms) {
            String actual = fieldValue(object, t.field());
            if (t.equal() != actual.equals(t.value())) {
                return false;
            }
        }
        return true;
    }

    /** A field's text as the API server compares it ("" when missing; {@code source} is the component). */
    static String fieldValue(JsonNode object, String field) {
        if (field.equals("source")) {
            return text(object.path("source").path("component"));
        }
        JsonNode n = object;
        for (String step : field.split("\\.")) {
            n = n.path(step);
        }
        return text(n);
    }

    private static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? "" : n.isValueNode() ? n.asText() : n.toString();
    }

    /** The labels of a served object. */
    static Map<String, String> labelsOf(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        object.path("metadata").path("labels").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
