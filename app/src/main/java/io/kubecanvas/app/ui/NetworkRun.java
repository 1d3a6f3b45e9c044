package io.kubecanvas.app.ui;

import io.kubecanvas.emulator.backend.EmulatorBackend;
import io.kubecanvas.emulator.control.ControlPlane;
import io.kubecanvas.emulator.docker.DockerBackend;
import io.kubecanvas.emulator.docker.DockerJavaEngine;
import io.kubecanvas.emulator.sim.SimBackend;
import io.kubecanvas.model.Design;
import io.kubecanvas.netviz.EmulatorRunSession;
import io.kubecanvas.netviz.NetworkWorkbench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The live network view mounted in the main window: one control plane that follows the design being
 * edited (each change is applied as a difference, as {@code kubectl apply} would), the {@code sim} and
 * {@code docker} backends, and the workbench that shows them. "Show its YAML" in the view selects the
 * object, which the YAML pane follows.
 */
public final class NetworkRun implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NetworkRun.class.getName());

    private final ControlPlane controlPlane;
    private final EmulatorRunSession session;
    private final NetworkWorkbench workbench;
    /** One connection to the Docker engine for every docker run of this window, made on first use. */
    private DockerJavaEngine engine;

    private final MainWindow window;

    public NetworkRun(MainWindow window, Executor background) {
        this.window = window;
        controlPlane = ControlPlane.start(window.session().design(), 1);
        Map<String, Supplier<EmulatorBackend>> backends = new LinkedHashMap<>();
        backends.put("sim", SimBackend::new);
        // Created when Run is pressed on docker; the session checks for an engine first and says why not.
        backends.put("docker", () -> DockerBackend.create(engine(),
                "kubecanvas-app-" + ProcessHandle.current().pid(), LOG::info));
        session = new EmulatorRunSession(controlPlane, backends);
        workbench = new NetworkWorkbench(session);
        workbench.setOnRevealObject(key -> window.session().select(List.of(key.toString())));
        window.session().designProperty().addListener((obs, before, now) -> background.execute(() -> follow(now)));
        window.setNetworkView(workbench);
        // Run also serves the Kubernetes API, so kubectl can follow and change what the window shows.
        kubernetes = new KubernetesApi(window.session(), controlPlane, javafx.application.Platform::runLater,
                window::showStatus, hops -> javafx.application.Platform.runLater(() -> workbench.accept(hops)), session::backend);
        session.addStateListener(s -> {
            if (session.running()) {
                background.execute(this::serveApi);
            }
        });
    }

    private final KubernetesApi kubernetes;
    private volatile boolean serving;

    private void serveApi() {
        if (serving) {
            return;
        }
        serving = true;
        try {
            String line = kubernetes.start();
            javafx.application.Platform.runLater(() -> window.showStatus(line));
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warning("the Kubernetes API is not served: " + e.getMessage());
            javafx.application.Platform.runLater(() -> window.showStatus("kubectl: the API server could not start: " + e.getMessage()));
        }
    }

    public KubernetesApi kubernetesApi() {
        return kubernetes;
    }

    private void follow(Design design) {
        try {
            controlPlane.apply(design);
        } catch (RuntimeException e) {
            // The designer shows what is wrong with the design; the cluster keeps its last good state.
            LOG.warning("the running cluster keeps its last state: " + e.getMessage());
        }
    }

    private synchronized DockerJavaEngine engine() {
        if (engine == null) {
            engine = DockerJavaEngine.connect();
        }
        return engine;
    }

    public NetworkWorkbench workbench() {
        return workbench;
    }

    public ControlPlane controlPlane() {
        return controlPlane;
    }

    @Override
    public void close() {
        kubernetes.close();
        session.close();
        synchronized (this) {
            if (engine != null) {
                engine.close();
            }
        }
    }
}
