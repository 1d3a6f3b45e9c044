package io.kubecanvas.model.yaml;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class YamlWriterTest {

    @Test
    void stringsAnyYamlReaderWouldTakeForSomethingElseAreQuoted() throws Exception {
        List<String> tricky = List.of("y", "N", "yes", "on", "0o17", "=", "<<", "~", "null", "1e3", "0x1F", "012",
                "1_000", "18:30", "2001-01-01", ".inf", "+12", "true", "", " lead", "a: b", "- x", "#x", "{{ x }}");
        Map<String, Object> tree = new LinkedHashMap<>();
        for (int i = 0; i < tricky.size(); i++) {
            tree.put("k" + i, tricky.get(i));
        }
        String yaml = YamlWriter.write(tree);
        for (String line : yaml.split("\n")) {
            String value = line.substring(line.indexOf(": ") + 2);
            assertEquals(true, value.startsWith("'") || value.startsWith("\""), "quoted: " + line);
        }
        assertEquals(tree, YamlReader.read("w", yaml).get(0).tree());
        assertEquals("'y': 1\n'=': 2\n'0o17': 3\n",
                YamlWriter.write(keys("y", "=", "0o17")), "keys too");
    }

    private static Map<String, Object> keys(String... names) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            m.put(names[i], (long) i + 1);
        }
        return m;
    }

    @Test
    void ordinaryValuesStayPlainAndTypedAsTheyWere() throws Exception {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("image", "nginx:1.25");
        tree.put("replicas", 3L);
        tree.put("enabled", true);
        tree.put("ports", List.of(Map.of("port", 80L)));
        String yaml = YamlWriter.write(tree);
        assertEquals("image: nginx:1.25\nreplicas: 3\nenabled: true\nports:\n  - port: 80\n", yaml);
        assertEquals(tree, YamlReader.read("w", yaml).get(0).tree());
    }
}
