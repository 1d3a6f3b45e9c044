package io.kubecanvas.app.ui;

import io.kubecanvas.app.ui.document.DesignSession;
import io.kubecanvas.emulator.control.ControlPlane;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.ObjectKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The picture follows kubectl: a change made with real kubectl against the app's API becomes one undoable
 * change of the open document, titled after the kubectl command, the status line says what changed, the
 * control plane follows, and undo takes it back. The kubeconfig is the test's own.
 */
class KubernetesApiTest {

    @Test
    void kubectlChangesTheOpenDocumentAsUndoableCommands(@TempDir Path dir) throws Exception {
        System.setProperty("kubecanvas.home", dir.resolve("home").toString());
        System.setProperty("kubecanvas.kubeconfig", dir.resolve("kubeconfig").toString());
        Path complete = Path.of(System.getProperty("kubecanvas.shared", "../../shared"), "examples/seed/complete.yaml");
        DesignSession session = new DesignSession();
        session.open(DesignIO.load(complete).design(), complete);
        ControlPlane cp = ControlPlane.start(session.design(), 1);
        // The window's own follower: every design the document shows is applied to the control plane.
        session.designProperty().addListener((o, a, d) -> cp.apply(d));
        List<String> status = new ArrayList<>();
        try (KubernetesApi api = new KubernetesApi(session, cp, Runnable::run, status::add, hops -> { }, () -> "sim")) {
            String line = api.start();
            assertTrue(line.contains("context kubecanvas-app") && line.contains("kubectl get pods"), line);
            assertTrue(Files.readString(dir.resolve("kubeconfig")).contains("current-context: kubecanvas-app"));

            assertTrue(kubectl(dir, "scale", "deploy/web-deployment", "--replicas=4").contains("scaled"));
            assertEquals(4, ((Number) session.design().find(new ObjectKey("Deployment", "default", "web-deployment"))
                    .get("spec.replicas")).intValue());
            assertEquals(4, cp.replicas("default", "web-deployment"), "the control plane follows");
            assertTrue(session.undoStack().undoTitleProperty().get().startsWith("kubectl scale: Deployment default/web-deployment"),
                    session.undoStack().undoTitleProperty().get());
            assertTrue(status.get(status.size() - 1).contains("kubectl changed 1 object"), status.toString());

            Path two = dir.resolve("two.yaml");
            Files.writeString(two, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: v}\n---\n"
                    + "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata: {k: v}\n");
            int before = session.undoStack().size();
            kubectl(dir, "apply", "-f", two.toString());
            assertNotNull(session.design().find(new ObjectKey("ConfigMap", "default", "a")));
            assertNotNull(session.design().find(new ObjectKey("ConfigMap", "default", "b")));
            assertEquals(before + 1, session.undoStack().size(), "one kubectl apply is one undo step");
            assertEquals("kubectl apply: 2 objects", session.undoStack().undoTitleProperty().get());

            assertTrue(session.undo());
            assertNull(session.design().find(new ObjectKey("ConfigMap", "default", "a")));
            assertTrue(session.undo());
            assertEquals(2, cp.replicas("default", "web-deployment"), "undo of the scale reaches the control plane");
            assertTrue(kubectl(dir, "get", "deploy", "web-deployment").matches("(?s).*web-deployment\\s+2/2.*"),
                    "kubectl sees the undone state");
        } finally {
            System.clearProperty("kubecanvas.home");
            System.clearProperty("kubecanvas.kubeconfig");
        }
        assertFalse(Files.readString(dir.resolve("kubeconfig")).contains("kubecanvas-app"), "closing removes the context");
    }

    private static String kubectl(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("kubectl"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("KUBECONFIG", dir.resolve("kubeconfig").toString());
        pb.environment().put("KUBECACHEDIR", dir.resolve("cache").toString());
        pb.environment().put("HOME", dir.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "kubectl " + String.join(" ", args) + ": " + out);
        return out;
    }
}
