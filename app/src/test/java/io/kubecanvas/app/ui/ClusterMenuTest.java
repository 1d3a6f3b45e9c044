package io.kubecanvas.app.ui;

import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.remote.ApplyingCrudServer;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** File > Apply to cluster… and Import from cluster… against fabric8's mock API server, as a user clicks them. */
@ExtendWith(ApplicationExtension.class)
class ClusterMenuTest {
    private final DesignerFixture fx = new DesignerFixture();
    private final ApplyingCrudServer server = new ApplyingCrudServer();
    private MainWindow window;
    private ClusterMenu menu;
    private Design seed;

    @Start
    void start(Stage stage) throws Exception {
        window = fx.start(stage);
        seed = DesignIO.load(Path.of(System.getProperty("kubecanvas.shared", "../../shared"), "examples/seed/complete.yaml")).design();
        window.open(seed, null);
        Path kubeconfig = server.kubeconfig(fx.temp);
        menu = new ClusterMenu(window, kubeconfig, r -> new Thread(r, "test-cluster").start());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String text(Dialog<?> d, String id) {
        Object n = d.getDialogPane().lookup("#" + id);
        return n instanceof org.fxmisc.richtext.InlineCssTextArea t ? t.getText() : ((Label) n).getText();
    }

    @Test
    void theDiffIsShownFirstThenApplyWritesIt(FxRobot robot) throws Exception {
        Dialog<ButtonType>[] d = new Dialog[1];
        robot.interact(() -> {
            d[0] = menu.applyDialog();
            d[0].show();
        });
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> text(d[0], "cluster-status").endsWith("."));
        WaitForAsyncUtils.waitForFxEvents(); // the status is read off the FX thread; let the handler that set it finish
        assertEquals("3 to create.", text(d[0], "cluster-status"), text(d[0], "cluster-diff"));
        assertTrue(text(d[0], "cluster-diff").contains("+++ merged/apps.v1.Deployment.default.web-deployment"), text(d[0], "cluster-diff"));
        Button apply = (Button) d[0].getDialogPane().lookupButton(ClusterMenu.APPLY);
        assertTrue(!apply.isDisabled(), "Apply is offered once the diff is in");

        robot.interact(apply::fire);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> text(d[0], "cluster-status").endsWith("Done."));
        assertEquals("3 created. Done.", text(d[0], "cluster-status"), text(d[0], "cluster-diff"));
        assertTrue(d[0].isShowing(), "the dialog stays to show what happened");
        try (var client = io.kubecanvas.remote.ClusterContext.resolve(server.kubeconfig(fx.temp), "mock", null).connect()) {
            assertNotNull(client.apps().deployments().inNamespace("default").withName("web-deployment").get());
        }
        robot.interact(() -> d[0].close());

        // The same design again: the diff says nothing changes and Apply stays off.
        robot.interact(() -> {
            d[0] = menu.applyDialog();
            d[0].show();
        });
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> text(d[0], "cluster-status").endsWith("."));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("3 unchanged.", text(d[0], "cluster-status"));
        assertTrue(d[0].getDialogPane().lookupButton(ClusterMenu.APPLY).isDisabled());
        robot.interact(() -> d[0].close());

        // Import it back: a new, unsaved design with the same objects.
        robot.interact(() -> {
            d[0] = menu.importDialog();
            d[0].show();
            ((TextField) d[0].getDialogPane().lookup("#cluster-namespace")).setText("default");
            ((Button) d[0].getDialogPane().lookupButton(ClusterMenu.IMPORT)).fire();
        });
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> text(d[0], "cluster-status").startsWith("Imported"));
        assertEquals("Imported 3 objects and 3 nodes; the design is open (unsaved).", text(d[0], "cluster-status"));
        Design open = window.session().design();
        assertEquals("mock (imported)", window.files().title());
        assertEquals(null, window.session().file(), "nothing is written until the user saves");
        for (KubeObject o : seed.objects()) {
            assertTrue(open.find(o.key()) != null && open.find(o.key()).sameContent(o), o.key() + " came back as it was");
        }
        robot.interact(() -> d[0].close());
    }
}
