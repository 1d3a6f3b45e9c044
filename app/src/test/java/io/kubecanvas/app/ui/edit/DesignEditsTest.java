package io.kubecanvas.app.ui.edit;

import io.kubecanvas.app.ui.files.Samples;
import io.kubecanvas.model.Cluster.Point;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.ObjectKey;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DesignEditsTest {

    private static KubeObject find(Design d, String id) {
        return d.find(ObjectKey.parse(id));
    }

    @Test
    void addingGivesFreeNamesAndPinsAPodDroppedOnANode() {
        Design d = Design.empty();
        DesignEdits.Result a = DesignEdits.add(d, "Pod", new Point(10, 10), null);
        DesignEdits.Result b = DesignEdits.add(a.design(), "Pod", new Point(10, 10), "worker-2");
        assertEquals("Pod/default/pod-1", a.id());
        assertEquals("Pod/default/pod-2", b.id());
        assertEquals("worker-2", find(b.design(), b.id()).get("spec.nodeName"));
        assertEquals(new Point(10, 10), b.design().cluster().layout().positions().get("Pod/default/pod-1"));
        assertNull(b.design().cluster().layout().positions().get("Pod/default/pod-2"), "a pinned Pod is laid out by its node");
        DesignEdits.Result n = DesignEdits.add(d, DesignEdits.WORKER_NODE, new Point(500, 40), null);
        assertEquals("Node/worker-3", n.id());
        assertEquals(4, n.design().cluster().nodes().size());
    }

    @Test
    void connectingAServiceSelectsTheWorkloadsLabelsAndLabelsAnUnlabelledPod() {
        Design d = Samples.load("pod.yaml");
        d = DesignEdits.add(d, "Service", new Point(0, 0), null).design();
        assertTrue(find(d, "Pod/default/web-app").labels().isEmpty());
        Design c = DesignEdits.connect(d, "Service/default/service-1", "Pod/default/web-app", DesignEdits.Link.SELECT);
        assertEquals(Map.of("app", "web-app"), find(c, "Pod/default/web-app").labels());
        assertEquals(Map.of("app", "web-app"), find(c, "Service/default/service-1").get("spec.selector"));
        assertSame(c, DesignEdits.connect(c, "Service/default/service-1", "Pod/default/web-app", DesignEdits.Link.SELECT),
                "connecting again changes nothing");
        assertFalse(DesignEdits.canConnect(c, "Pod/default/web-app", "Service/default/service-1", DesignEdits.Link.SELECT));
    }

    @Test
    void connectingAnIngressAddsARuleToTheServicesPort() {
        Design d = Samples.load("complete.yaml");
        d = DesignEdits.add(d, "Ingress", new Point(0, 0), null).design();
        Design c = DesignEdits.connect(d, "Ingress/default/ingress-1", "Service/default/web-service", DesignEdits.Link.SELECT);
        KubeObject ing = find(c, "Ingress/default/ingress-1");
        assertEquals("web-service", ing.get("spec.rules[0].http.paths[0].backend.service.name"));
        assertEquals(80, ((Number) ing.get("spec.rules[0].http.paths[0].backend.service.port.number")).intValue());
        assertEquals("/", ing.get("spec.rules[0].http.paths[0].path"));
        assertEquals("Prefix", ing.get("spec.rules[0].http.paths[0].pathType"));
    }

    @Test
    void aPolicySelectsPodsAndAllowsPeersIn() {
        Design d = Samples.load("complete.yaml");
        d = DesignEdits.add(d, "Pod", new Point(0, 0), null).design();
        d = DesignEdits.add(d, "NetworkPolicy", new Point(0, 0), null).design();
        d = DesignEdits.connect(d, "NetworkPolicy/default/policy-1", "Deployment/default/web-deployment", DesignEdits.Link.SELECT);
        d = DesignEdits.connect(d, "NetworkPolicy/default/policy-1", "Pod/default/pod-1", DesignEdits.Link.ALLOW_FROM);
        KubeObject p = find(d, "NetworkPolicy/default/policy-1");
        assertEquals(Map.of("matchLabels", Map.of("app", "web-app")), p.get("spec.podSelector"));
        assertEquals(Map.of("app", "pod-1"), p.get("spec.ingress[0].from[0].podSelector.matchLabels"));
        assertEquals(List.of("Ingress"), p.get("spec.policyTypes"));
    }

    @Test
    void renamingAServiceKeepsIngressBackendsAndLayoutInStep() {
        Design d = DesignEdits.place(Samples.load("complete.yaml"), "Service/default/web-service", new Point(5, 6));
        DesignEdits.Result r = DesignEdits.rename(d, "Service/default/web-service", "front");
        assertEquals("Service/default/front", r.id());
        assertEquals("front", find(r.design(), "Ingress/default/web-ingress").get("spec.rules[0].http.paths[0].backend.service.name"));
        assertEquals(new Point(5, 6), r.design().cluster().layout().positions().get("Service/default/front"));
        assertThrows(IllegalArgumentException.class, () -> DesignEdits.rename(
                DesignEdits.add(r.design(), "Service", null, null).design(), "Service/default/service-1", "front"));
    }

    @Test
    void deletingANodeSendsItsPodsBackToTheScheduler() {
        Design d = DesignEdits.add(Design.empty(), "Pod", null, "worker-1").design();
        Design out = DesignEdits.delete(d, List.of("Node/worker-1"));
        assertNull(out.cluster().node("worker-1"));
        assertNull(find(out, "Pod/default/pod-1").get("spec.nodeName"));
        assertSame(out, DesignEdits.delete(out, List.of("Pod/default/nothing")));
    }

    @Test
    void pastingCopiesUnderFreeNamesShiftedFromTheOriginal() {
        Design d = Samples.load("complete.yaml");
        List<KubeObject> copied = List.of(find(d, "Service/default/web-service"));
        DesignEdits.Result r = DesignEdits.paste(d, copied, Map.of("Service/default/web-service", new Point(100, 100)),
                new Point(40, 40));
        assertEquals("Service/default/web-service-copy", r.id());
        assertEquals(new Point(140, 140), r.design().cluster().layout().positions().get(r.id()));
        DesignEdits.Result again = DesignEdits.paste(r.design(), copied, Map.of(), new Point(40, 40));
        assertEquals("Service/default/web-service-copy-2", again.id());
    }

    @Test
    void movingAndAutoLayout() {
        Design d = Samples.load("complete.yaml");
        Design moved = DesignEdits.move(d, Map.of("Service/default/web-service", new Point(300.4, 200.6)));
        assertEquals(new Point(300, 201), moved.cluster().layout().positions().get("Service/default/web-service"));
        assertSame(moved, DesignEdits.move(moved, Map.of("Service/default/web-service", new Point(300, 201))));
        assertTrue(DesignEdits.autoLayout(moved).cluster().layout().positions().isEmpty());
        assertNotNull(DesignEdits.setNamespace(d, "Service/default/web-service", "shop").design()
                .find(new ObjectKey("Service", "shop", "web-service")));
    }
}
