package io.kubecanvas.model.validate;

import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.TestFiles;
import io.kubecanvas.model.yaml.YamlPath;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The validator never fails on odd input: every value of every seed and corpus object (first list items
 * only) is replaced in turn by a string, a number, a list, a map and nothing, and each result must validate without a
 * {@code validator-error}, with every finding placed.
 */
class ValidatorRobustnessTest {
    private static final List<Object> REPLACEMENTS = List.of("x", -1L, List.of("a"), Map.of("k", "v"));

    private final DesignValidator validator = new DesignValidator();

    @TestFactory
    Stream<DynamicTest> everyValueReplacedByEveryTypeValidatesWithoutAValidatorError() throws Exception {
        // Every value of every object against a whole-design validation grows with the square of a file's size:
        // the corpus's multi-megabyte installs are left to CorpusValidationTest, variety is what counts here.
        List<Path> files = new ArrayList<>();
        for (Path f : TestFiles.allManifests()) {
            if (java.nio.file.Files.size(f) < 64 * 1024) {
                files.add(f);
            }
        }
        return files.stream().map(f -> DynamicTest.dynamicTest(TestFiles.name(f), () -> {
            Design design = DesignIO.load(f).design();
            for (KubeObject o : design.objects()) {
                List<String> paths = new ArrayList<>();
                collect(o.tree(), "", paths);
                for (String path : paths) {
                    for (Object value : REPLACEMENTS) {
                        check(design, o, path, value);
                    }
                    check(design, o, path, null);
                }
            }
        }));
    }

    private void check(Design design, KubeObject o, String path, Object value) {
        Design changed = design.replace(o, o.with(path, value));
        List<Finding> findings = validator.validate(changed);
        for (Finding x : findings) {
            assertTrue(!x.rule().equals(Rule.VALIDATOR_ERROR.id()), () -> path + " = " + value + ": " + x.describe());
        }
    }

    private static void collect(Object value, String path, List<String> out) {
        if (!path.isEmpty()) {
            out.add(path);
        }
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : new LinkedHashMap<>(m).entrySet()) {
                collect(e.getValue(), YamlPath.key(path, String.valueOf(e.getKey())), out);
            }
        } else if (value instanceof List<?> l) {
            // Later items have the shape of the first: checking the first keeps the suite fast.
            if (!l.isEmpty()) {
                collect(l.get(0), YamlPath.index(path, 0), out);
            }
        }
    }
}
