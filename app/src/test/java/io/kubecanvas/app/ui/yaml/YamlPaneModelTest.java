package io.kubecanvas.app.ui.yaml;

import io.kubecanvas.app.ui.document.DesignSession;
import io.kubecanvas.app.ui.edit.DesignEdits;
import io.kubecanvas.app.ui.files.Samples;
import io.kubecanvas.model.Cluster.Point;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.ObjectKey;
import io.kubecanvas.model.validate.DesignValidator;
import io.kubecanvas.yamleditor.Diagnostic;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The YAML link without a window. */
class YamlPaneModelTest {

    @Test
    void aCanvasEditRewritesTheTextAtOnce() {
        DesignSession s = new DesignSession();
        s.open(Samples.load("complete.yaml"), null);
        YamlPaneModel m = new YamlPaneModel(s);
        assertEquals(Samples.text("complete.yaml"), m.text(), "an unedited design shows its own text");
        s.edit("Add Pod", d -> DesignEdits.add(d, "Pod", new Point(0, 0), null).design());
        assertTrue(m.text().contains("name: pod-1"));
        assertTrue(!m.text().contains("kind: Cluster"), "the cluster document stays out of the manifests");
    }

    @Test
    void textThatParsesIsOneCommandAndKeepsTheLayout() {
        DesignSession s = new DesignSession();
        s.open(DesignEdits.place(Samples.load("complete.yaml"), "Service/default/web-service", new Point(7, 8)), null);
        YamlPaneModel m = new YamlPaneModel(s);
        m.textEdited(m.text().replace("replicas: 2", "replicas: 5"));
        assertNull(m.error());
        assertEquals(1, s.undoStack().size());
        assertEquals(5L, ((Number) s.design().find(ObjectKey.parse("Deployment/default/web-deployment"))
                .get("spec.replicas")).longValue());
        assertEquals(new Point(7, 8), s.design().cluster().layout().positions().get("Service/default/web-service"));
        s.undo();
        assertTrue(m.text().contains("replicas: 2"), "undo rewrites the text");
    }

    @Test
    void textThatDoesNotParseIsKeptAndMarkedAndTheDesignStays() {
        DesignSession s = new DesignSession();
        s.open(Samples.load("complete.yaml"), null);
        YamlPaneModel m = new YamlPaneModel(s);
        Design before = s.design();
        String bad = m.text().replace("  replicas: 2", "  replicas: 2\n   oops: [");
        m.textEdited(bad);
        assertSame(before, s.design());
        assertEquals(bad, m.text());
        assertNotNull(m.error());
        List<Diagnostic> d = m.diagnostics();
        assertEquals(1, d.size());
        assertEquals(Diagnostic.ERROR, d.get(0).level());
        assertTrue(d.get(0).line() >= 6, "at the error: " + d.get(0));
    }

    @Test
    void objectsMapToTheirLinesAndLinesToObjects() {
        DesignSession s = new DesignSession();
        s.open(Samples.load("complete.yaml"), null);
        YamlPaneModel m = new YamlPaneModel(s);
        assertArrayEquals(new int[]{1, 19}, m.linesOf("Deployment/default/web-deployment"));
        int[] svc = m.linesOf("Service/default/web-service");
        assertEquals(21, svc[0]);
        assertEquals(31, svc[1]);
        assertEquals("Service/default/web-service", m.elementAtLine(25));
        assertEquals("Ingress/default/web-ingress", m.elementAtLine(40));
    }

    @Test
    void findingsArePlacedAtTheirFieldInTheText() {
        DesignSession s = new DesignSession();
        s.open(Samples.load("complete.yaml"), null);
        s.edit("Add Pod", d -> DesignEdits.add(d, "Pod", null, null).design());
        YamlPaneModel m = new YamlPaneModel(s);
        m.setFindings(new DesignValidator().validate(s.design()));
        List<Diagnostic> d = m.diagnostics();
        String[] lines = m.text().split("\n");
        int podImage = java.util.Arrays.asList(lines).lastIndexOf("      image: nginx:latest") + 1;
        assertTrue(podImage > 49, "the new Pod is written after the seed objects");
        // The Pod made in the app has no source positions; its finding is still placed at its image line.
        assertTrue(d.stream().anyMatch(x -> x.line() == podImage && x.message().contains("latest")),
                "finding at line " + podImage + ": " + d);
    }
}
