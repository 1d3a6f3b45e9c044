package io.kubecanvas.app.ui;

import io.kubecanvas.app.ui.files.Samples;
import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.netviz.TrafficRequest;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The live view inside the main window: it runs the open design, and follows edits of it. */
@ExtendWith(ApplicationExtension.class)
class NetworkRunTest {
    private final DesignerFixture fx = new DesignerFixture();
    private MainWindow window;
    private NetworkRun run;

    @Start
    void start(Stage stage) {
        window = fx.start(stage);
        window.open(Samples.load(Samples.DEFAULT), null);
        run = new NetworkRun(window, Runnable::run);
        stage.setOnHidden(e -> run.close());
    }

    private List<ClusterState.PodState> webPods() {
        return run.controlPlane().state().pods().stream().filter(p -> p.name().startsWith("web-deployment-")).toList();
    }

    @Test
    void aRequestToTheServiceIsDnatedAndDeliveredInTheNetworkTab(FxRobot robot) throws Exception {
        robot.interact(window::showNetworkTab);
        assertNotNull(run.workbench().getScene(), "the workbench is in the window");
        robot.interact(() -> run.workbench().start());
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> run.workbench().message().startsWith("running"));
        String from = "default/" + webPods().get(0).name();
        robot.interact(() -> run.workbench().send(new TrafficRequest(from, "default/web-service", "http", 80)));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> run.workbench().timeline().size() > 0);
        List<PacketEvent> events = run.workbench().timeline().events();
        String clusterIp = run.controlPlane().state().service("default", "web-service").clusterIp();
        assertTrue(events.stream().anyMatch(e -> e.natBefore() != null && e.natBefore().startsWith(clusterIp)),
                "a hop shows the DNAT from the ClusterIP " + clusterIp);
        assertTrue(events.stream().anyMatch(e -> e.verdict() == PacketEvent.Verdict.DELIVERED
                && e.iface().contains("web-deployment-")), "a web Pod answered");
    }

    @Test
    void scalingTheDeploymentInTheDesignScalesTheRunningCluster(FxRobot robot) throws Exception {
        assertEquals(2, webPods().size());
        robot.interact(() -> window.session().edit("scale to 3", d -> {
            KubeObject dep = d.objects("Deployment").get(0);
            return d.replace(dep, dep.with("spec.replicas", 3));
        }));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> webPods().size() == 3);
        assertTrue(webPods().stream().allMatch(p -> p.ip() != null && p.node() != null), "new Pods are scheduled with IPs");
        Design current = window.session().design();
        assertEquals(3, ((Number) current.objects("Deployment").get(0).get("spec.replicas")).intValue());
    }
}
