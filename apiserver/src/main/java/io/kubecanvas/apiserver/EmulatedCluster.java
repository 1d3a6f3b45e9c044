package io.kubecanvas.apiserver;

import io.kubecanvas.emulator.control.ControlPlane;
import io.kubecanvas.emulator.docker.DockerBackend;
import io.kubecanvas.emulator.docker.DockerEngine;
import io.kubecanvas.emulator.run.ClusterRun;
import io.kubecanvas.emulator.sim.SimBackend;
import io.kubecanvas.model.Design;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A running cluster outside the app, as {@code kubecanvas up} runs it: the design (changed by the API) and
 * the emulator's one orchestrator ({@link ClusterRun}) running it on the sim or docker backend. On the sim the
 * dataplane follows the control plane 50 ms behind, the latest state only, so a burst of API writes
 * ({@code kubectl apply -f} of many objects) plans the network a few times, not once per object.
 */
public final class EmulatedCluster implements ClusterAccess, AutoCloseable {
    private final String name;
    private final ClusterRun run;
    private final PodRuntime pods;
    private final Instant startedAt = Instant.now();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Runnable unlisten;
    private volatile Design design;

    private EmulatedCluster(String name, Design design, ClusterRun run) {
        this.name = name;
        this.design = design;
        this.run = run;
        this.pods = run.backend() instanceof DockerBackend d ? new DockerPods(d.cluster())
                : new SimPods(this::simBackend, run.controlPlane()::state, hops -> {
                });
        this.unlisten = run.controlPlane().addListener(state -> listeners.forEach(Runnable::run));
    }

    /** The design on the sim backend: a control plane and the simulated dataplane, in this process. */
    public static EmulatedCluster sim(String name, Design design) {
        return new EmulatedCluster(name, design,
                ClusterRun.startBatching(ControlPlane.start(design, 1L), new SimBackend(), Duration.ofMillis(50)));
    }

    /**
     * The design on the docker backend: containers made now, kept in step by {@link #tick}; with
     * {@code detached} they stay when this process ends, else {@link #close} removes them.
     */
    public static EmulatedCluster docker(String name, Design design, DockerEngine engine, boolean detached, Consumer<String> log) {
        DockerBackend backend = detached ? DockerBackend.detached(engine, name, log) : DockerBackend.create(engine, name, log);
        return new EmulatedCluster(name, design, ClusterRun.start(design, backend));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String backend() {
        return run.backend().name();
    }

    @Override
    public Design design() {
        return design;
    }

    @Override
    public synchronized void change(DesignChange change) {
        replace(change.applyTo(design));
    }

    /** Replaces the whole design (the design file was edited): a difference for the control plane. */
    public synchronized void replace(Design next) {
        run.apply(next); // the cluster keeps the underlay it was given
        design = next;
        listeners.forEach(Runnable::run);
    }

    @Override
    public ControlPlane controlPlane() {
        return run.controlPlane();
    }

    @Override
    public PodRuntime pods() {
        return pods;
    }

    @Override
    public Instant startedAt() {
        return startedAt;
    }

    @Override
    public Runnable onChange(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** The orchestrator running this cluster. */
    public ClusterRun run() {
        return run;
    }

    /** The sim backend, its dataplane up to date with the control plane; null on docker. */
    public SimBackend simBackend() {
        if (run.backend() instanceof SimBackend sim) {
            run.sync();
            return sim;
        }
        return null;
    }

    /** The docker backend, or null on the sim. */
    public DockerBackend dockerBackend() {
        return run.backend() instanceof DockerBackend d ? d : null;
    }

    /**
     * Lets {@code elapsed} wall time pass: one reconcile pass (a node stopped from outside is reported to the
     * control plane), then the control plane's clock follows (a stopped node's Pods are evicted after the grace).
     */
    public void tick(Duration elapsed) {
        run.tick(elapsed);
    }

    @Override
    public void close() {
        unlisten.run();
        run.close();
    }
}
