package io.kubecanvas.app.ui;

import io.kubecanvas.apiserver.ApiServer;
import io.kubecanvas.apiserver.ClusterAccess;
import io.kubecanvas.apiserver.Credentials;
import io.kubecanvas.apiserver.DesignChange;
import io.kubecanvas.apiserver.Kubeconfig;
import io.kubecanvas.apiserver.PodRuntime;
import io.kubecanvas.apiserver.ServedClusters;
import io.kubecanvas.app.ui.document.DesignSession;
import io.kubecanvas.emulator.control.ControlPlane;
import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.run.ClusterRun;
import io.kubecanvas.emulator.sim.SimBackend;
import io.kubecanvas.model.Design;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The app's Kubernetes API: when the Network tab runs the open design, kubectl reaches it as context
 * {@code kubecanvas-app} (merged into the user's kubeconfig). What kubectl changes becomes a change of the
 * open document, one undoable command per kubectl command (titled after it), and the status bar says which
 * objects kubectl changed; the control plane follows at once, so the Network tab shows it within moments.
 * {@code kubectl exec} in a Pod runs the sim's toolbox and its packets are animated in the Network tab.
 */
public final class KubernetesApi implements AutoCloseable {
    public static final String NAME = "app";

    private final DesignSession session;
    private final ControlPlane controlPlane;
    private final Executor fx;
    private final Consumer<String> status;
    private final Consumer<List<PacketEvent>> animate;
    private final Supplier<String> backendName;
    private volatile Design design;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    /** The sim that answers kubectl exec and port-forward, following the control plane (coalesced). */
    private ClusterRun toolbox;
    private ApiServer api;
    private ServedClusters.Claim claim;
    private Path kubeconfig;
    private Runnable unlisten;

    /**
     * @param fx      runs document changes on the JavaFX thread (Platform::runLater)
     * @param status  shows a line to the user (the status bar)
     * @param animate shows the packets of a {@code kubectl exec} probe (the Network tab)
     */
    public KubernetesApi(DesignSession session, ControlPlane controlPlane, Executor fx, Consumer<String> status,
                         Consumer<List<PacketEvent>> animate, Supplier<String> backendName) {
        this.session = session;
        this.controlPlane = controlPlane;
        this.fx = fx;
        this.status = status;
        this.animate = animate;
        this.backendName = backendName;
        this.design = session.design();
        session.designProperty().addListener((o, a, d) -> {
            design = d;
            listeners.forEach(Runnable::run);
        });
    }

    /** Serves the API (once); returns the line to show, such as "kubectl: context kubecanvas-app ...". */
    public synchronized String start() throws IOException {
        if (api != null) {
            return line();
        }
        claim = ServedClusters.claim(NAME);
        Credentials creds = Credentials.generate(NAME);
        creds.save(claim.folder().resolve("credentials"));
        ClusterRun run = ClusterRun.startBatching(controlPlane, new SimBackend(), Duration.ofMillis(50));
        toolbox = run;
        unlisten = controlPlane.addListener(state -> listeners.forEach(Runnable::run));
        PodRuntime pods = PodRuntime.sim(() -> {
            run.sync();
            return (SimBackend) run.backend();
        }, controlPlane::state, animate);
        api = ApiServer.start(new Access(pods), creds, 0);
        kubeconfig = Kubeconfig.defaultPath();
        Kubeconfig.merge(kubeconfig, NAME, api.url(), creds);
        claim.ready(backendName.get() + " (app)", api.url(), List.of(), kubeconfig);
        return line();
    }

    private String line() {
        return "kubectl: context " + Kubeconfig.contextName(NAME) + " (" + api.url() + ") is current in " + kubeconfig
                + "; try: kubectl get pods -A -o wide";
    }

    public synchronized String url() {
        return api == null ? null : api.url();
    }

    @Override
    public synchronized void close() {
        if (api != null) {
            api.close();
            api = null;
        }
        if (unlisten != null) {
            unlisten.run();
        }
        if (toolbox != null) {
            toolbox.close();
            toolbox = null;
        }
        try {
            if (kubeconfig != null) {
                Kubeconfig.remove(kubeconfig, NAME);
            }
        } catch (IOException e) {
            status.accept("could not remove context " + Kubeconfig.contextName(NAME) + " from " + kubeconfig + ": " + e.getMessage());
        }
        if (claim != null) {
            claim.close();
            claim = null;
        }
    }

    /** The cluster as the API server sees it: the open document and the Network tab's control plane. */
    private final class Access implements ClusterAccess {
        private final PodRuntime pods;
        private final Instant started = Instant.now();

        Access(PodRuntime pods) {
            this.pods = pods;
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String backend() {
            return "sim";
        }

        @Override
        public Design design() {
            return design;
        }

        @Override
        public void change(DesignChange change) {
            CountDownLatch done = new CountDownLatch(1);
            RuntimeException[] failed = new RuntimeException[1];
            fx.execute(() -> {
                try {
                    session.applyExternal(change.title(), change::applyTo, change.group());
                    design = session.design();
                    status.accept(change.title() + "  (kubectl changed " + change.changed().size()
                            + (change.changed().size() == 1 ? " object" : " objects") + "; Edit > Undo reverts it)");
                } catch (RuntimeException e) {
                    failed[0] = e;
                } finally {
                    done.countDown();
                }
            });
            try {
                if (!done.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the window did not take the change within 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (failed[0] != null) {
                throw failed[0];
            }
            // The API answers with the control plane in step; the window's own follower applies the same design later.
            controlPlane.apply(design);
        }

        @Override
        public ControlPlane controlPlane() {
            return controlPlane;
        }

        @Override
        public PodRuntime pods() {
            return pods;
        }

        @Override
        public Instant startedAt() {
            return started;
        }

        @Override
        public Runnable onChange(Runnable listener) {
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }
    }
}
