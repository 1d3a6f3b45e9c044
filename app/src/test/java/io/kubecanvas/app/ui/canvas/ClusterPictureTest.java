package io.kubecanvas.app.ui.canvas;

import io.kubecanvas.app.ui.canvas.ClusterPicture.Edge;
import io.kubecanvas.app.ui.canvas.ClusterPicture.EdgeKind;
import io.kubecanvas.app.ui.canvas.ClusterPicture.Shape;
import io.kubecanvas.app.ui.files.Samples;
import io.kubecanvas.model.Design;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterPictureTest {

    @Test
    void theCompleteExampleShowsTheClusterAReplicaPerPodAndMeaningfulEdges() {
        ClusterPicture p = ClusterPicture.of(Samples.load("complete.yaml"));
        assertEquals(Shape.CONTROL_PLANE, p.box("Node/control-plane").shape());
        assertEquals(Shape.NODE, p.box("Node/worker-1").shape());
        assertTrue(p.boxes().stream().anyMatch(b -> b.shape() == Shape.COMPONENT && b.title().equals("kube-proxy")));
        assertTrue(p.boxes().stream().anyMatch(b -> b.shape() == Shape.COMPONENT && b.title().equals("etcd")));
        long replicas = p.boxes().stream().filter(b -> b.shape() == Shape.REPLICA
                && "Deployment/default/web-deployment".equals(b.parent())).count();
        assertEquals(2, replicas);
        assertTrue(p.edges().contains(new Edge("Service/default/web-service", "Deployment/default/web-deployment",
                EdgeKind.SELECTS, null)));
        assertTrue(p.edges().contains(new Edge("Ingress/default/web-ingress", "Service/default/web-service",
                EdgeKind.ROUTES, "example.local/")));
    }

    @Test
    void podsPinnedToANodeSitInsideIt() {
        Design d = Samples.load("three-tier.yaml");
        ClusterPicture p = ClusterPicture.of(d);
        ClusterPicture.Box db = p.box("Pod/shop/db");
        ClusterPicture.Box node = p.box("Node/worker-2");
        assertEquals("Node/worker-2", db.parent());
        assertTrue(node.contains(db.x(), db.y()) && node.contains(db.x() + db.w(), db.y() + db.h()));
        assertEquals(node, p.nodeAt(db.cx(), db.cy()));
    }

    @Test
    void networkPoliciesPointAtThePodsTheySelectAndPeersPointAtThem() {
        ClusterPicture p = ClusterPicture.of(Samples.load("three-tier.yaml"));
        List<Edge> edges = p.edges();
        assertTrue(edges.contains(new Edge("NetworkPolicy/shop/db-from-api", "Pod/shop/db", EdgeKind.APPLIES, null)));
        assertTrue(edges.contains(new Edge("Deployment/shop/api", "NetworkPolicy/shop/db-from-api", EdgeKind.ALLOWS, null)));
        // default-deny selects every Pod of the namespace (empty podSelector)
        assertTrue(edges.contains(new Edge("NetworkPolicy/shop/default-deny", "Deployment/shop/frontend", EdgeKind.APPLIES, null)));
        assertTrue(edges.stream().noneMatch(e -> e.from().equals("Deployment/shop/frontend")
                && e.to().equals("NetworkPolicy/shop/db-from-api")));
    }

    @Test
    void hitTestingFindsTheTopmostElementAndReplicasSelectTheirDeployment() {
        ClusterPicture p = ClusterPicture.of(Samples.load("complete.yaml"));
        ClusterPicture.Box replica = p.boxes().stream().filter(b -> b.shape() == Shape.REPLICA).findFirst().orElseThrow();
        assertEquals("Deployment/default/web-deployment", p.hit(replica.cx(), replica.cy()).elementId());
        assertNull(p.hit(-1000, -1000));
        ClusterPicture.Box svc = p.box("Service/default/web-service");
        assertNotNull(p.handleAt(svc.x() + svc.w(), svc.cy(), 5));
    }

    @Test
    void svgHasEveryBoxAndEdge() {
        ClusterPicture p = ClusterPicture.of(Samples.load("complete.yaml"));
        String svg = SvgPicture.write(p);
        assertTrue(svg.startsWith("<svg"));
        assertTrue(svg.contains("data-id=\"Service/default/web-service\""));
        assertTrue(svg.contains("class=\"edge routes\""));
        assertTrue(svg.contains(">example.local/</text>"));
    }
}
