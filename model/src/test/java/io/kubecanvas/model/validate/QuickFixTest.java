package io.kubecanvas.model.validate;

import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.TestFiles;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every quick fix offered on the seed and corpus manifests applies, writes valid YAML and removes its finding. */
class QuickFixTest {
    private final DesignValidator validator = new DesignValidator();

    @TestFactory
    Stream<DynamicTest> everyQuickFixOnTheCorpusRemovesItsFinding() throws Exception {
        List<Path> files = TestFiles.allManifests();
        return files.stream().map(f -> DynamicTest.dynamicTest(TestFiles.name(f), () -> {
            Design design = DesignIO.load(f).design();
            List<Finding> findings = validator.validate(design);
            // Two objects of one identity (the peers' fixtures have some) cannot be told apart afterwards.
            java.util.Set<Object> twice = new java.util.HashSet<>();
            findings.stream().filter(y -> y.rule().equals(Rule.DUPLICATE_OBJECT.id())).forEach(y -> twice.add(y.subject()));
            for (Finding x : findings) {
                if (x.fix() == null || twice.contains(x.subject())) {
                    continue;
                }
                Design fixed = x.fix().apply().apply(design);
                Design reread = DesignIO.parse("fixed.yaml", fixed.toManifestYaml());
                List<Finding> after = validator.validate(reread);
                boolean gone = after.stream().noneMatch(y -> y.rule().equals(x.rule()) && Objects.equals(y.subject(), x.subject())
                        && y.path().equals(x.path()));
                assertTrue(gone, () -> "fix '" + x.fix().title() + "' for " + x.describe() + " left it in place");
            }
        }));
    }
}
