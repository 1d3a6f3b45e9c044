package io.kubecanvas.netviz.panel;

import io.kubecanvas.emulator.control.ControlPlane;
import io.kubecanvas.model.Cluster;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import javafx.scene.Scene;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Cluster panel on the real control plane: every Pod that does not run ends its line with why (the
 * scheduler's words for one no node takes, the kubelet's for one whose ConfigMap is missing); a Pod that runs
 * has no reason; the backend's report (an init container that failed) shows the same way.
 */
@ExtendWith(ApplicationExtension.class)
class ClusterStatusPaneTest {
    static final String DESIGN = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              nodeName: worker-1
              containers: [{name: c, image: nginx:1.27}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: configured}
            spec:
              nodeName: worker-1
              containers: [{name: c, image: nginx:1.27, envFrom: [{configMapRef: {name: cfg}}]}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: picky}
            spec:
              nodeSelector: {disk: ssd}
              containers: [{name: c, image: nginx:1.27}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: migrating}
            spec:
              nodeName: worker-2
              initContainers: [{name: migrate, image: busybox:1.36}]
              containers: [{name: c, image: nginx:1.27}]
            """;

    private ClusterStatusPane pane;
    private ControlPlane cp;

    @Start
    void start(Stage stage) throws Exception {
        Design d = Design.of(Cluster.defaults(), DesignIO.parse("t.yaml", DESIGN).objects());
        cp = ControlPlane.start(d, 1);
        cp.reportRuntime(Map.of("default/migrating",
                new ControlPlane.PodRuntime("Init:Error: init container migrate exited with code 7: boom", false)));
        pane = new ClusterStatusPane();
        pane.show(cp.state());
        stage.setScene(new Scene(pane, 900, 600));
        stage.show();
    }

    static List<String> podLines(TreeView<String> tree) {
        List<String> out = new ArrayList<>();
        for (TreeItem<String> section : tree.getRoot().getChildren()) {
            if ("Pods".equals(section.getValue())) {
                section.getChildren().forEach(i -> out.add(i.getValue()));
            }
        }
        return out;
    }

    static String line(List<String> lines, String pod) {
        return lines.stream().filter(l -> l.startsWith(pod + "  ")).findFirst().orElseThrow(() -> new AssertionError(pod + " in " + lines));
    }

    @Test
    void everyPodThatDoesNotRunEndsItsLineWithItsReason(FxRobot robot) {
        TreeView<String> tree = robot.lookup("#cluster-status").queryAs(TreeView.class);
        List<String> lines = podLines(tree);
        assertTrue(line(lines, "default/configured").endsWith("on worker-1  CreateContainerConfigError: configmap \"cfg\" not found"),
                lines.toString());
        assertTrue(line(lines, "default/picky").matches("default/picky  Pending  -  unscheduled  Unschedulable: 0/\\d nodes are"
                + " available: .*didn't match Pod's node affinity/selector\\."), lines.toString());
        assertTrue(line(lines, "default/migrating").endsWith("  Init:Error: init container migrate exited with code 7: boom"),
                lines.toString());
        String web = line(lines, "default/web");
        assertTrue(web.matches("default/web  Running  10\\.244\\.\\d+\\.\\d+  on worker-1"), web);
        // what is on screen: the tree's cells show the same text
        assertTrue(robot.lookup(".tree-cell").queryAll().stream()
                .map(n -> ((javafx.scene.control.TreeCell<?>) n).getText()).anyMatch(t -> t != null
                        && t.endsWith("CreateContainerConfigError: configmap \"cfg\" not found")), "the reason is on screen");
        assertEquals(false, cp.state().pod("default", "migrating").ready(), "a Pod whose init container failed is not ready");
    }
}
