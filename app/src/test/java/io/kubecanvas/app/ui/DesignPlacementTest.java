package io.kubecanvas.app.ui;

import io.kubecanvas.app.ui.canvas.ClusterPicture.Box;
import io.kubecanvas.app.ui.canvas.ClusterPicture.Mark;
import io.kubecanvas.app.ui.canvas.ClusterPicture.Shape;
import io.kubecanvas.app.ui.files.Samples;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.ObjectKey;
import javafx.geometry.Point2D;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.kubecanvas.app.ui.BuildCompleteExampleTest.dragFromPalette;
import static io.kubecanvas.app.ui.BuildCompleteExampleTest.setField;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Design tab shows where each unpinned Pod will run, and follows the design as it changes. */
@ExtendWith(ApplicationExtension.class)
class DesignPlacementTest {
    private static final String WEB = "Deployment/default/web-deployment";
    private final DesignerFixture fx = new DesignerFixture();
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = fx.start(stage);
    }

    private void placed() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !window.canvas().placing());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private List<Box> replicasOf(String id) {
        return window.canvas().picture().boxes().stream()
                .filter(b -> b.shape() == Shape.REPLICA && id.equals(b.elementId())).toList();
    }

    @Test
    void aDeploymentsPodsAreDrawnOnTheirNodesAndFollowItsReplicas(FxRobot robot) throws Exception {
        robot.interact(() -> window.open(Samples.load("complete.yaml"), null));
        placed();
        List<Box> two = replicasOf(WEB);
        assertEquals(2, two.size());
        assertTrue(two.stream().allMatch(b -> b.mark() == Mark.SCHEDULED && b.parent().startsWith("Node/worker-")), two.toString());
        assertEquals(2, two.stream().map(Box::parent).distinct().count(), "one on each worker");

        // Resting on one says where and why it is there.
        robot.moveTo(window.canvas().screenPointOf(two.get(0).id()));
        WaitForAsyncUtils.waitFor(3, TimeUnit.SECONDS, () -> window.canvas().badgeTooltip().isShowing());
        assertTrue(window.canvas().badgeTooltip().getText().startsWith(two.get(0).title() + " is scheduled on worker-"),
                window.canvas().badgeTooltip().getText());

        // A click on it selects its Deployment; the inspector scales it; the third Pod appears on a node.
        robot.clickOn(window.canvas().screenPointOf(two.get(0).id()));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(WEB), List.copyOf(window.session().selection()));
        assertTrue(window.statusText().contains("by the scheduler's choice"), window.statusText());
        setField(robot, "#field-replicas", "3");
        placed();
        List<Box> three = replicasOf(WEB);
        assertEquals(3, three.size());
        assertTrue(three.stream().allMatch(b -> b.mark() == Mark.SCHEDULED && b.parent().startsWith("Node/worker-")));

        // A nodeSelector no node matches: every Pod is pending in the Deployment's box, with the scheduler's words.
        robot.interact(() -> window.session().edit("Select nodes", d -> d.replace(d.find(ObjectKey.parse(WEB)),
                d.find(ObjectKey.parse(WEB)).with("spec.template.spec.nodeSelector", Map.of("disk", "ssd")))));
        placed();
        Box box = window.canvas().picture().box(WEB);
        assertEquals(Mark.PENDING, box.mark());
        assertTrue(box.note().contains("0/3 nodes are available"), box.note());
        assertTrue(replicasOf(WEB).stream().allMatch(b -> WEB.equals(b.parent()) && b.mark() == Mark.PENDING));
    }

    @Test
    void aPodFromThePaletteShowsOnTheSchedulersNodeUntilItIsPinned(FxRobot robot) throws Exception {
        robot.interact(() -> {
            window.open(Design.empty(), null);
            window.canvas().setView(1, 0, 0);
        });
        String pod = dragFromPalette(robot, window, "Pod", 400, 460);
        placed();
        Box scheduled = window.canvas().picture().box(pod);
        assertEquals(Mark.SCHEDULED, scheduled.mark());
        assertTrue(scheduled.parent().startsWith("Node/worker-"), scheduled.parent());
        assertNull(window.session().design().find(ObjectKey.parse(pod)).get("spec.nodeName"), "not pinned by the design");

        // Dragged onto the other worker, it is pinned there: drawn solid, no longer the scheduler's.
        String other = scheduled.parent().equals("Node/worker-1") ? "Node/worker-2" : "Node/worker-1";
        Box node = window.canvas().picture().box(other);
        Point2D to = window.canvas().localToScreen(window.canvas().toLocal(node.cx(), node.y() + node.h() - 20));
        robot.drag(window.canvas().screenPointOf(pod), MouseButton.PRIMARY).dropTo(to);
        placed();
        assertEquals(other.substring("Node/".length()), window.session().design().find(ObjectKey.parse(pod)).get("spec.nodeName"));
        Box pinned = window.canvas().picture().box(pod);
        assertEquals(Mark.NONE, pinned.mark());
        assertEquals(other, pinned.parent());
    }

    @Test
    void aPodWhoseConfigMapIsMissingIsMarkedOnItsNodeWithTheKubeletsReason(FxRobot robot) throws Exception {
        Design d = Design.of(io.kubecanvas.model.Cluster.defaults(), io.kubecanvas.model.DesignIO.parse("t.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: configured}
                spec:
                  nodeName: worker-1
                  containers: [{name: c, image: nginx:1.27, env: [{name: K, valueFrom: {configMapKeyRef: {name: cfg, key: k}}}]}]
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: api}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: api}}
                  template:
                    metadata: {labels: {app: api}}
                    spec:
                      containers: [{name: c, image: api:1, envFrom: [{secretRef: {name: creds}}]}]
                """).objects());
        robot.interact(() -> window.open(d, null));
        placed();
        Box pod = window.canvas().picture().box("Pod/default/configured");
        assertEquals(Mark.PENDING, pod.mark(), pod.toString());
        assertEquals("Node/worker-1", pod.parent(), "drawn on the node it is pinned to");
        assertEquals("CreateContainerConfigError", pod.subtitle());
        assertEquals("configured is Pending on worker-1: CreateContainerConfigError: configmap \"cfg\" not found", pod.note());
        List<Box> replicas = replicasOf("Deployment/default/api");
        assertEquals(1, replicas.size());
        assertEquals(Mark.PENDING, replicas.get(0).mark());
        assertTrue(replicas.get(0).note().endsWith(": CreateContainerConfigError: secret \"creds\" not found"),
                replicas.get(0).note());

        // Resting on it gives the kubelet's words.
        robot.moveTo(window.canvas().screenPointOf(pod.id()));
        WaitForAsyncUtils.waitFor(3, TimeUnit.SECONDS, () -> window.canvas().badgeTooltip().isShowing());
        assertEquals(pod.note(), window.canvas().badgeTooltip().getText());
    }
}
