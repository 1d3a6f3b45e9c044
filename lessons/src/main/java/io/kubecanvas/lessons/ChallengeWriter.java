package io.kubecanvas.lessons;

import io.kubecanvas.emulator.backend.Protocol;
import io.kubecanvas.lessons.Challenge.Assertion;
import io.kubecanvas.lessons.Check.DefaultDeny;
import io.kubecanvas.lessons.Check.ObjectFact;
import io.kubecanvas.lessons.Check.Placement;
import io.kubecanvas.lessons.Check.Reach;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.yaml.YamlWriter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a challenge as a file {@link TeachingFiles} reads back: the Challenge document, then its starting design
 * (with its Cluster document, so the nodes and the canvas layout come along).
 */
public final class ChallengeWriter {
    private ChallengeWriter() {
    }

    public static String write(Challenge c) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("apiVersion", Teaching.API_VERSION);
        root.put("kind", TeachingFiles.CHALLENGE);
        root.put("metadata", map("id", c.id(), "title", c.title()));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("task", c.task());
        if (!c.hints().isEmpty()) {
            spec.put("hints", c.hints());
        }
        spec.put("assertions", c.assertions().stream().map(ChallengeWriter::assertion).toList());
        root.put("spec", spec);
        Design d = c.design();
        return YamlWriter.write(root) + (d.documents().isEmpty() && !d.hasClusterDocument() ? ""
                : "---\n" + d.toDesignYaml());
    }

    private static Map<String, Object> assertion(Assertion a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", a.text());
        Check check = a.check();
        if (check instanceof Reach r) {
            Map<String, Object> reach = new LinkedHashMap<>();
            reach.put("from", r.from().external() ? "external" : r.from().probe() ? Map.of("probe", pods(r.from().pods()))
                    : pods(r.from().pods()));
            if (r.to() != null) {
                reach.put("to", pods(r.to()));
            }
            if (r.port() > 0) {
                reach.put("port", r.port());
            }
            if (r.protocol() != Protocol.TCP) {
                reach.put("protocol", r.protocol().name());
            }
            reach.put("via", r.via().word);
            if (r.url() != null) {
                reach.put("url", r.url());
            }
            if (r.service() != null) {
                reach.put("service", r.service());
            }
            if (r.nodePort() > 0) {
                reach.put("nodePort", r.nodePort());
            }
            reach.put("expect", r.allowed() ? "allowed" : "denied");
            m.put("reach", reach);
        } else if (check instanceof Placement p) {
            m.put("placement", map("pods", pods(p.pods()), "replicas", p.replicas(), "nodes", p.nodes(),
                    "workersOnly", p.workersOnly()));
        } else if (check instanceof ObjectFact f) {
            Map<String, Object> fact = new LinkedHashMap<>();
            fact.put("kind", f.kind());
            if (f.field() != null) {
                fact.put("field", f.field());
                fact.put("in", f.values());
            }
            m.put(f.none() ? "none" : "some", fact);
        } else {
            m.put("defaultDeny", map("namespaces", ((DefaultDeny) check).namespaces()));
        }
        return m;
    }

    private static Map<String, Object> pods(PodSelector s) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (s.namespace() != null) {
            m.put("namespace", s.namespace());
        }
        if (!s.labels().isEmpty()) {
            m.put("labels", new LinkedHashMap<>(s.labels()));
        }
        if (s.workload() != null) {
            m.put("workload", s.workload());
        }
        return m;
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1] instanceof List<?> l ? List.copyOf(l) : kv[i + 1]);
        }
        return m;
    }
}
