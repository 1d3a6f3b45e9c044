package io.kubecanvas.model.export;

import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.yaml.TextEncoding;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A kustomize export keeps each file's encoding, and the real {@code kubectl kustomize} reads every one of them. */
class EncodedExportRealToolsTest {

    @ParameterizedTest
    @EnumSource(TextEncoding.class)
    void kubectlKustomizeReadsTheExportInTheInputsEncoding(TextEncoding encoding, @TempDir Path dir) throws Exception {
        Path kubectl = RealTools.kubectl();
        assertNotNull(kubectl, "kubectl must be on PATH (CI installs it)");
        Path in = dir.resolve("in.yaml");
        Files.write(in, encoding.encode("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  greeting: \"grüß dich\"\n"));
        Path out = dir.resolve("base");
        Exporter.export(DesignIO.load(in).design(), ExportFormat.KUSTOMIZE, out);
        Path file = out.resolve("default/configmap-cfg.yaml");
        boolean utf32 = encoding.name().startsWith("UTF_32");
        // kubectl kustomize refuses a UTF-32 file (tried with the real tool), so the export writes that one as UTF-8.
        assertEquals(utf32 ? TextEncoding.UTF_8 : encoding, TextEncoding.detect(Files.readAllBytes(file)));
        RealTools.Run k = RealTools.run(out, List.of(kubectl.toString(), "kustomize", out.toString()));
        assertEquals(0, k.exit(), k.err());
        assertTrue(k.out().contains("greeting: grüß dich"), k.out());
    }
}
