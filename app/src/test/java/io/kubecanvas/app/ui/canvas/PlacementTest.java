package io.kubecanvas.app.ui.canvas;

import io.kubecanvas.app.ui.canvas.ClusterPicture.Box;
import io.kubecanvas.app.ui.canvas.ClusterPicture.Mark;
import io.kubecanvas.app.ui.canvas.ClusterPicture.Shape;
import io.kubecanvas.app.ui.files.Samples;
import io.kubecanvas.emulator.control.ControlPlane;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.ObjectKey;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlacementTest {
    private static final String WEB = "Deployment/default/web-deployment";

    @Test
    void theDryRunPlacesEachReplicaWhereTheNetworkTabsControlPlaneRunsIt() {
        Design d = Samples.load("complete.yaml");
        Placement p = Placement.of(d);
        List<Placement.Pod> pods = p.of(WEB);
        assertEquals(2, pods.size());
        assertEquals(Set.of("worker-1", "worker-2"), pods.stream().map(Placement.Pod::node).collect(Collectors.toSet()),
                "the scheduler spreads the replicas");
        // The same names and nodes as the control plane the Network tab starts (same seed).
        Map<String, String> running = ControlPlane.start(d, Placement.SEED).state().pods().stream()
                .filter(s -> "Deployment/web-deployment".equals(s.owner()))
                .collect(Collectors.toMap(s -> s.name(), s -> s.node()));
        assertEquals(running, pods.stream().collect(Collectors.toMap(Placement.Pod::name, Placement.Pod::node)));
    }

    @Test
    void scheduledReplicasAreDrawnInsideTheirNodeMarkedScheduled() {
        Design d = Samples.load("complete.yaml");
        Placement p = Placement.of(d);
        ClusterPicture pic = ClusterPicture.of(d, p);
        List<Box> replicas = pic.boxes().stream().filter(b -> b.shape() == Shape.REPLICA).toList();
        assertEquals(2, replicas.size());
        for (Box r : replicas) {
            assertEquals(Mark.SCHEDULED, r.mark());
            assertEquals(WEB, r.elementId(), "a click selects the Deployment");
            Box node = pic.box(r.parent());
            assertEquals(Shape.NODE, node.shape());
            assertTrue(node.contains(r.x(), r.y()) && node.contains(r.x() + r.w(), r.y() + r.h()), r + " inside " + node);
            assertTrue(r.subtitle().startsWith("scheduled"), r.subtitle());
            String expected = p.of(WEB).stream().filter(x -> r.title().equals(x.name())).findFirst().orElseThrow().node();
            assertEquals("Node/" + expected, r.parent());
        }
        assertTrue(pic.boxes().stream().noneMatch(b -> b.shape() == Shape.ZONE), "no 'scheduler decides' box left");
        String svg = SvgPicture.write(pic);
        assertTrue(svg.contains("class=\"replica scheduled\""), "the SVG export marks them too");
    }

    @Test
    void anUnpinnedPodGoesOnANodeAndAPodNoNodeTakesStaysOutWithTheSchedulersReason() {
        Design d = Samples.load("pod.yaml");
        KubeObject pod = d.objects().get(0);
        ClusterPicture pic = ClusterPicture.of(d, Placement.of(d));
        Box placed = pic.box(pod.key().toString());
        assertEquals(Mark.SCHEDULED, placed.mark());
        assertTrue(placed.parent().startsWith("Node/worker-"), placed.parent());

        Design picky = d.replace(pod, pod.with("spec.nodeSelector", Map.of("disk", "ssd")));
        Placement none = Placement.of(picky);
        Box pending = ClusterPicture.of(picky, none).box(pod.key().toString());
        assertEquals(Mark.PENDING, pending.mark());
        assertEquals(null, pending.parent());
        assertTrue(pending.subtitle().startsWith("Pending: 0/3 nodes are available"), pending.subtitle());
        assertTrue(pending.note().contains("didn't match Pod's node affinity/selector"), pending.note());
    }

    @Test
    void thePictureFollowsTheDesign() {
        Design d = Samples.load("complete.yaml");
        KubeObject web = d.find(ObjectKey.parse(WEB));
        Design three = d.replace(web, web.with("spec.replicas", 3));
        List<Box> replicas = ClusterPicture.of(three, Placement.of(three)).boxes().stream()
                .filter(b -> b.shape() == Shape.REPLICA).toList();
        assertEquals(3, replicas.size());
        assertTrue(replicas.stream().allMatch(b -> b.parent().startsWith("Node/worker-")));

        Design none = three.replace(three.find(ObjectKey.parse(WEB)), three.find(ObjectKey.parse(WEB))
                .with("spec.template.spec.nodeSelector", Map.of("disk", "ssd")));
        ClusterPicture pic = ClusterPicture.of(none, Placement.of(none));
        Box box = pic.box(WEB);
        assertEquals(Mark.PENDING, box.mark());
        assertTrue(box.subtitle().endsWith("3 pending"), box.subtitle());
        List<Box> waiting = pic.boxes().stream().filter(b -> b.shape() == Shape.REPLICA).toList();
        assertEquals(3, waiting.size());
        assertTrue(waiting.stream().allMatch(b -> WEB.equals(b.parent()) && b.mark() == Mark.PENDING));
    }

    @Test
    void aDesignWithNothingToPlaceSkipsTheDryRun() {
        Design d = Samples.load("service-nodeport.yaml");
        Design services = Design.of(d.cluster(), d.objects("Service"));
        assertFalse(Placement.needed(services));
        assertEquals(Placement.NONE, Placement.of(services));
        assertNotNull(ClusterPicture.of(services, Placement.of(services)));
    }
}
