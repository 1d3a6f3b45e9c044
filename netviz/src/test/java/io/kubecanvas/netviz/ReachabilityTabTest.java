package io.kubecanvas.netviz;

import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.control.ControlPlane;
import io.kubecanvas.emulator.intent.ReachabilityIntent;
import io.kubecanvas.emulator.intent.ReachabilityIntent.Agreement;
import io.kubecanvas.emulator.sim.SimBackend;
import io.kubecanvas.model.Cluster;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.ObjectKey;
import javafx.scene.Scene;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reachability matrix in the app, on the real control plane and sim backend: expected before running,
 * coloured by agreement after probing, a cell opening its trace and the policy that decided it.
 */
@ExtendWith(ApplicationExtension.class)
class ReachabilityTabTest {
    static {
        System.setProperty("headless.geometry", "1600x1000-32");
    }

    static final String DESIGN = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web, labels: {tier: web}}
            spec:
              nodeName: worker-1
              containers: [{name: c, image: nginx, ports: [{containerPort: 80}]}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: db, labels: {tier: db}}
            spec:
              nodeName: worker-2
              containers: [{name: c, image: postgres, ports: [{containerPort: 5432}]}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: api, labels: {tier: api}}
            spec:
              nodeName: worker-2
              containers: [{name: c, image: api, ports: [{containerPort: 8080}]}]
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: db-from-api}
            spec:
              podSelector: {matchLabels: {tier: db}}
              ingress:
              - from: [{podSelector: {matchLabels: {tier: api}}}]
                ports: [{port: 5432}]
            """;

    private NetworkWorkbench workbench;
    private final AtomicReference<ObjectKey> revealed = new AtomicReference<>();

    @Start
    void start(Stage stage) throws Exception {
        Design d = Design.of(Cluster.defaults(), DesignIO.parse("t.yaml", DESIGN).objects());
        workbench = new NetworkWorkbench(new EmulatorRunSession(ControlPlane.start(d, 1), Map.of("sim", SimBackend::new)));
        workbench.setOnRevealObject(revealed::set);
        stage.setScene(new Scene(workbench, 1500, 950));
        stage.show();
    }

    private int row(ReachabilityIntent t, String id) {
        for (int i = 0; i < t.sources().size(); i++) {
            if (t.sources().get(i).id().equals(id)) {
                return i;
            }
        }
        throw new AssertionError(id);
    }

    private int column(ReachabilityIntent t, String label) {
        for (int i = 0; i < t.targets().size(); i++) {
            if (t.targets().get(i).label().equals(label)) {
                return i;
            }
        }
        throw new AssertionError(label + " not in " + t.targets());
    }

    @Test
    void expectedBeforeRunningThenProbedColouredAndACellOpensItsTraceAndPolicy(FxRobot robot) throws Exception {
        robot.interact(() -> workbench.showPanel("Reachability"));
        ReachabilityIntent expected = workbench.reachabilityPane().table();
        assertFalse(workbench.session().running(), "the table is computed before running");
        assertTrue(expected.cells().stream().allMatch(c -> !c.applies() || c.agreement() == Agreement.NOT_PROBED));
        int web = row(expected, "default/web");
        int db = column(expected, "default/db :5432");
        assertFalse(expected.cell(web, db).expected().reachable());
        assertTrue(workbench.reachabilityPane().message().contains("expected to connect"), workbench.reachabilityPane().message());

        robot.clickOn("#matrix-probe");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> workbench.reachabilityPane().table().cells().stream()
                .anyMatch(c -> c.observed() != null));
        assertTrue(workbench.session().running(), "Probe all ran the cluster");
        ReachabilityIntent seen = workbench.reachabilityPane().table();
        assertEquals(0, seen.counts().get(Agreement.EXPECTED_BUT_BLOCKED) + seen.counts().get(Agreement.UNEXPECTED),
                "the sim agrees with the design: " + seen.counts());
        assertTrue(workbench.reachabilityPane().message().contains("0 expected but blocked, 0 unexpected"),
                workbench.reachabilityPane().message());
        var cellNode = workbench.reachabilityPane().cell(web, db);
        assertTrue(cellNode.getStyleClass().contains("matrix-blocked-as-expected"), cellNode.getStyleClass().toString());
        int api = row(seen, "default/api");
        assertTrue(workbench.reachabilityPane().cell(api, db).getStyleClass().contains("matrix-expected-and-seen"));

        int before = workbench.timeline().size();
        // A click on the cell (fired at it: the strip under the view may have it scrolled out of sight).
        robot.interact(() -> javafx.event.Event.fireEvent(cellNode, new javafx.scene.input.MouseEvent(
                javafx.scene.input.MouseEvent.MOUSE_CLICKED, 5, 5, 5, 5, javafx.scene.input.MouseButton.PRIMARY, 1,
                false, false, false, false, true, false, false, true, false, false, null)));
        var cell = workbench.reachabilityPane().selected();
        assertEquals(ProbeResult.Outcome.POLICY_DROPPED, cell.observed().outcome());
        assertTrue(workbench.paused(), "the trace is shown step by step");
        assertEquals(before, workbench.timeline().cursor(), "at the first hop of the probe's trace");
        assertEquals(before + cell.observed().hops().size(), workbench.timeline().size());
        String expectedText = robot.lookup("#matrix-expected").queryAs(Label.class).getText();
        String seenText = robot.lookup("#matrix-seen").queryAs(Label.class).getText();
        assertTrue(expectedText.contains("default/db-from-api"), expectedText);
        assertTrue(seenText.startsWith("Seen: policy dropped"), seenText);
        Hyperlink policy = robot.lookup(n -> n instanceof Hyperlink h && h.getText().contains("NetworkPolicy/default/db-from-api"))
                .queryAs(Hyperlink.class);
        robot.interact(policy::fire);
        assertEquals(new ObjectKey("NetworkPolicy", "default", "db-from-api"), revealed.get());

        // Outside the cluster, Pod IPs are not routed: expected and seen blocked.
        int outside = row(seen, "external");
        assertEquals(Agreement.BLOCKED_AS_EXPECTED, seen.cell(outside, db).agreement());
        assertNull(seen.cell(web, db).to().fromOutsideOnly() ? "" : null);
    }
}
