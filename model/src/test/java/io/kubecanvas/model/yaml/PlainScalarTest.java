package io.kubecanvas.model.yaml;

import io.kubecanvas.model.TestFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The quick reading of plain scalars ({@link EventTreeBuilder#plain}) gives what SnakeYAML's resolver and safe
 * constructor give, for every plain value and key of the corpus and for the awkward cases of YAML 1.1.
 */
class PlainScalarTest {

    @Test
    void quickReadingAgreesWithTheResolver() throws Exception {
        Set<String> values = new LinkedHashSet<>(List.of("", "0", "00", "007", "1", "80", "8080", "123456789012345678",
                "1234567890123456789", "99999999999999999999", "1_000", "0x1F", "0o17", "0b101", "1:30", "190:20:30", "1.5",
                "1e3", ".5", ".inf", "-.inf", ".nan", "+1", "-1", "-", "--flag", "~", "null", "Null", "NULL", "nul", "nulls",
                "yes", "Yes", "YES", "yES", "no", "No", "NO", "n", "y", "Y", "N", "true", "True", "TRUE", "tRue", "false",
                "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "offset", "nginx", "name", "namespace", "tier",
                "Ingress", "2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "<<", "<none>",
                "=", "!x", "&a", "*a", "1.36", "100m", "128Mi", "v1", "apps/v1", "٣", "１２", "0.", "1__2", "12abc"));
        for (Path f : TestFiles.allManifests()) {
            if (Files.size(f) < 512 * 1024) {
                List<YamlDocument> docs;
                try {
                    docs = YamlReader.read(f.toString(), YamlReader.decode(f.toString(), Files.readAllBytes(f)));
                } catch (YamlException e) {
                    if (TestFiles.isPeerFixture(f)) {
                        continue; // the peers' fixtures include files broken on purpose
                    }
                    throw e;
                }
                for (YamlDocument d : docs) {
                    collect(d.tree(), values);
                }
            }
        }
        EventTreeBuilder builder = new EventTreeBuilder("t", 0, null, false);
        int quick = 0;
        for (String v : values) {
            Object q = EventTreeBuilder.plain(v);
            Object slow = builder.resolved(v);
            if (q != EventTreeBuilder.UNDECIDED) {
                quick++;
                assertEquals(slow, q, () -> "'" + v + "'");
                assertEquals(slow == null ? null : slow.getClass(), q.getClass(), () -> "type of '" + v + "'");
            }
        }
        System.out.printf("PlainScalarTest: %d distinct texts, %d read the quick way%n", values.size(), quick);
        assertTrue(quick > values.size() / 2, quick + " of " + values.size());
    }

    /** Keys and the text of string values (numbers and booleans are compared through their text too). */
    private static void collect(Object node, Set<String> into) {
        if (node instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                into.add(String.valueOf(e.getKey()));
                collect(e.getValue(), into);
            }
        } else if (node instanceof List<?> l) {
            new ArrayList<>(l).forEach(v -> collect(v, into));
        } else if (node != null && String.valueOf(node).length() < 200) {
            into.add(String.valueOf(node));
        }
    }
}
