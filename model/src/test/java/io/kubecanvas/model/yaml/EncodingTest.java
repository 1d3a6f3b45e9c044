package io.kubecanvas.model.yaml;

import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.export.ExportFormat;
import io.kubecanvas.model.export.ExportPlan;
import io.kubecanvas.model.export.Exporter;
import io.kubecanvas.model.validate.DesignValidator;
import io.kubecanvas.model.validate.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** YAML 1.2 section 5.2: UTF-8, UTF-16 and UTF-32 with a byte order mark; files are written back as read. */
class EncodingTest {
    static final String YAML = """
            # café
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: cfg
            data:
              greeting: "grüß dich ✓"
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: svc
            spec:
              ports: [{port: 80}]
            """;

    @ParameterizedTest
    @EnumSource(TextEncoding.class)
    void aFileIsReadAndExportedByteForByteInItsOwnEncoding(TextEncoding encoding, @TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.yaml");
        byte[] bytes = encoding.encode(YAML);
        Files.write(in, bytes);
        DesignIO.LoadResult r = DesignIO.load(in);
        assertTrue(r.ok(), () -> r.errors().toString());
        Design d = r.design();
        assertEquals("grüß dich ✓", d.objects().get(0).get("data.greeting"));
        assertEquals(encoding, d.encoding());
        // Positions count characters, not bytes: the BOM is not a column.
        assertEquals(2, d.objects().get(0).position("apiVersion").line());
        assertEquals(1, d.objects().get(0).position("apiVersion").column());

        Path out = dir.resolve("out.yaml");
        Exporter.export(d, ExportFormat.YAML, out);
        assertArrayEquals(bytes, Files.readAllBytes(out), "the yaml export is the input, byte for byte");
        Path split = dir.resolve("split");
        ExportPlan plan = Exporter.export(d, ExportFormat.SPLIT, split);
        String file = plan.files().keySet().stream().filter(f -> f.contains("configmap")).findFirst().orElseThrow();
        byte[] written = Files.readAllBytes(split.resolve(file));
        assertEquals(encoding, TextEncoding.detect(written), "each split file keeps the encoding and its BOM");
        assertEquals(encoding, DesignIO.load(split.resolve(file)).design().encoding());
    }

    @Test
    void utf16WithoutAByteOrderMarkIsExplained(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.yaml");
        Files.write(in, YAML.getBytes(java.nio.charset.StandardCharsets.UTF_16LE));
        List<Finding> f = new DesignValidator().validateFiles(List.of(in));
        assertEquals("yaml-syntax", f.get(0).rule());
        assertTrue(f.get(0).message().contains("UTF-16 text without a byte order mark"), f.get(0).message());
    }

    @Test
    void anExportOfNoObjectsSaysSo() throws Exception {
        ExportPlan plan = Exporter.plan(DesignIO.parse("c.yaml", "# only a comment\n"), ExportFormat.SPLIT, "out");
        assertTrue(plan.notes().contains(Exporter.NOTHING_TO_EXPORT), plan.notes()::toString);
        ExportPlan some = Exporter.plan(DesignIO.parse("c.yaml", YAML), ExportFormat.SPLIT, "out");
        assertTrue(!some.notes().contains(Exporter.NOTHING_TO_EXPORT), some.notes()::toString);
    }
}
