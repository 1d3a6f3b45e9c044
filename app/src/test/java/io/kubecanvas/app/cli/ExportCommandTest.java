package io.kubecanvas.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExportCommandTest {

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return KubecanvasCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private static Path seed(String name) {
        String shared = System.getProperty("kubecanvas.shared", "../../shared");
        return Path.of(shared, "examples", "seed", name);
    }

    @Test
    void exportsTheSeedExamplesAsAHelmChart() {
        Path chart = tmp.resolve("web");
        int code = run("export", seed("complete.yaml").toString(), seed("pod.yaml").toString(), "--format", "helm", "-o", chart.toString());
        assertEquals(0, code, err::toString);
        assertTrue(out.toString().contains("exported 4 object(s) as helm to " + chart), out.toString());
        assertTrue(Files.exists(chart.resolve("Chart.yaml")));
        assertTrue(Files.exists(chart.resolve("templates/default/pod-web-app.yaml")));
        assertTrue(Files.exists(chart.resolve("templates/default/deployment-web-deployment.yaml")));
    }

    @Test
    void exportsAFolderOfManifestsAsOneFile() throws Exception {
        Path dir = tmp.resolve("in");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("a.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n");
        Files.writeString(dir.resolve("b.yml"), "# b\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n");
        Path file = tmp.resolve("all.yaml");
        assertEquals(0, run("export", dir.toString(), "-f", "yaml", "-o", file.toString()), err::toString);
        assertEquals("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\n# b\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n",
                Files.readString(file));
    }

    @Test
    void anUnreadableInputPrintsItsPositionWritesNothingAndExitsOne() throws Exception {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n");
        Path outDir = tmp.resolve("out");
        int code = run("export", seed("pod.yaml").toString(), bad.toString(), "--format", "split", "-o", outDir.toString());
        assertEquals(1, code);
        assertTrue(err.toString().startsWith(bad + ":5:3: error: duplicate key 'name' (first at line 4)"), err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace");
        assertFalse(Files.exists(outDir), "nothing written");
    }

    @Test
    void aFolderThatIsNotAnExportNeedsForce() throws Exception {
        Path mine = tmp.resolve("mine");
        Files.createDirectories(mine);
        Files.writeString(mine.resolve("keep.txt"), "mine");
        assertEquals(1, run("export", seed("complete.yaml").toString(), "--format", "kustomize", "-o", mine.toString()));
        assertTrue(err.toString().contains("not empty") && err.toString().contains("--force"), err.toString());
        assertEquals(0, run("export", seed("complete.yaml").toString(), "--format", "kustomize", "-o", mine.toString(), "--force"),
                err::toString);
        assertTrue(Files.exists(mine.resolve("kustomization.yaml")));
        assertEquals("mine", Files.readString(mine.resolve("keep.txt")));
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        assertEquals(2, run("export", seed("pod.yaml").toString(), "--format", "terraform", "-o", tmp.resolve("x").toString()));
        assertTrue(err.toString().contains("use one of yaml, split, helm, kustomize, cni"), err.toString());
    }

    @Test
    void tagsAreWarnedAboutAndTheExportGoesOn() throws Exception {
        Path f = tmp.resolve("tagged.yaml");
        Files.writeString(f, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  bucket: !Ref MyBucket\n");
        assertEquals(0, run("export", f.toString(), "--format", "cni", "-o", tmp.resolve("cni").toString()), err::toString);
        assertTrue(err.toString().contains(f + ":6:11: warning: the tag !Ref is ignored"), err.toString());
        assertTrue(out.toString().contains("exported the CNI config of cluster kubecanvas (3 nodes) as cni"), out.toString());
        assertTrue(Files.exists(tmp.resolve("cni/10-kubecanvas.conf")));
        assertTrue(Files.exists(tmp.resolve("cni/nodes/worker-1/10-kubecanvas.conf")));
    }

    @Test
    void aCniConfigGivenAsInputSetsThePodNetwork() throws Exception {
        Path out = tmp.resolve("cni");
        assertEquals(0, run("export", seed("cni-bridge.conf").toString(), seed("complete.yaml").toString(),
                "--format", "cni", "-o", out.toString()), err::toString);
        assertTrue(Files.readString(out.resolve("10-kubecanvas.conf")).contains("\"subnet\": \"10.22.0.0/16\""));
        assertTrue(Files.readString(out.resolve("nodes/worker-2/10-kubecanvas.conf")).contains("\"subnet\": \"10.22.2.0/24\""));
        Path bad = tmp.resolve("bad.conf");
        Files.writeString(bad, "{\"type\": \"bridge\"}");
        assertEquals(1, run("export", bad.toString(), "--format", "cni", "-o", tmp.resolve("cni2").toString()));
        assertTrue(err.toString().contains(bad + ":1:1: error: the CNI config has no ipam.subnet"), err.toString());
    }
}
