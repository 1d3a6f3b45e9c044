package io.kubecanvas.model;

import io.kubecanvas.model.validate.DesignValidator;
import io.kubecanvas.model.validate.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadWarningsTest {

    @Test
    void anIgnoredTagReachesValidateAsAWarningWithItsPosition(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("tagged.yaml");
        Files.writeString(f, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: !Ref other\n");
        DesignIO.LoadResult r = DesignIO.load(f);
        assertEquals(1, r.warnings().size());
        List<Finding> findings = new DesignValidator().validate(r);
        Finding tag = findings.stream().filter(x -> x.rule().equals("yaml-ignored-tag")).findFirst().orElseThrow();
        assertEquals(6, tag.position().line());
        assertEquals("other", r.design().objects().get(0).get("data.a"));
    }

    @Test
    void aMissingPathIsReportedAtItsFirstLine(@TempDir Path dir) {
        DesignIO.LoadResult r = DesignIO.load(dir.resolve("nope.yaml"));
        assertEquals(1, r.errors().size());
        assertEquals(1, r.errors().get(0).position().line());
        assertTrue(r.errors().get(0).getMessage().contains("no such file"));
    }
}
