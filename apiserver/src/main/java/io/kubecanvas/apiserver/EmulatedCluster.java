package io.kubecanvas.apiserver;

import io.kubecanvas.emulator.backend.EmulatorBackend;
import io.kubecanvas.emulator.control.ControlPlane;
import io.kubecanvas.emulator.docker.DockerEngine;
import io.kubecanvas.emulator.docker.DockerRun;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.sim.SimBackend;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.Design;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A running cluster outside the app, as {@code kubecanvas up} runs it: the design (changed by the API),
 * the control plane following it, and a backend following the control plane: the sim (a
 * {@link SimBackend}) or docker (a {@link DockerRun}). This is the one place of the API server that wires
 * design, control plane and backend together; when the emulator has one orchestrator for a running
 * cluster, this class becomes a thin adapter over it.
 */
public final class EmulatedCluster implements ClusterAccess, AutoCloseable {
    private final String name;
    private final String backendName;
    private final ControlPlane controlPlane;
    private final SimBackend sim;
    private final DockerRun docker;
    private final PodRuntime pods;
    private final Instant startedAt = Instant.now();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Runnable unlisten;
    private volatile Design design;
    private final java.util.concurrent.atomic.AtomicReference<ClusterState> pendingState = new java.util.concurrent.atomic.AtomicReference<>();
    private final java.util.concurrent.ScheduledExecutorService dataplane = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kubecanvas-dataplane");
        t.setDaemon(true);
        return t;
    });

    private EmulatedCluster(String name, Design design, ControlPlane cp, SimBackend sim, DockerRun docker) {
        this.name = name;
        this.design = design;
        this.controlPlane = cp;
        this.sim = sim;
        this.docker = docker;
        this.backendName = docker != null ? "docker" : "sim";
        this.pods = docker != null ? new DockerPods(docker.cluster()) : new SimPods(this::simBackend, controlPlane::state, hops -> {
        });
        this.unlisten = cp.addListener(state -> {
            if (sim != null) {
                // The dataplane follows in the background, 50 ms behind, the latest state only: a burst of API
                // writes (kubectl apply -f of many objects) plans the network a few times, not once per object.
                if (pendingState.getAndSet(state) == null) {
                    dataplane.schedule(this::syncDataplane, 50, java.util.concurrent.TimeUnit.MILLISECONDS);
                }
            }
            listeners.forEach(Runnable::run);
        });
    }

    /** Brings the sim's dataplane up to the control plane's latest state (before a probe, say). */
    private void syncDataplane() {
        synchronized (pendingState) {
            ClusterState s = pendingState.getAndSet(null);
            if (s != null) {
                sim.apply(s, NetworkPlan.compute(s));
            }
        }
    }

    /** The design on the sim backend: a control plane and the simulated dataplane, in this process. */
    public static EmulatedCluster sim(String name, Design design) {
        ControlPlane cp = ControlPlane.start(design, 1L);
        SimBackend sim = new SimBackend();
        ClusterState s = cp.state();
        sim.apply(s, NetworkPlan.compute(s));
        return new EmulatedCluster(name, design, cp, sim, null);
    }

    /** The design on the docker backend: containers made now, kept in step by {@link #tick}. */
    public static EmulatedCluster docker(String name, Design design, DockerEngine engine, boolean detached, Consumer<String> log) {
        DockerRun run = DockerRun.up(engine, name, design, detached, log);
        return new EmulatedCluster(name, design, run.controlPlane(), null, run);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String backend() {
        return backendName;
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
        if (docker != null) {
            docker.applyDesign(next);
        } else {
            controlPlane.apply(next);
        }
        design = next;
        listeners.forEach(Runnable::run);
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
        return startedAt;
    }

    @Override
    public Runnable onChange(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** The sim backend, its dataplane up to date with the control plane; null on docker. */
    public SimBackend simBackend() {
        if (sim != null) {
            syncDataplane();
        }
        return sim;
    }

    /** The docker run, or null on the sim. */
    public DockerRun dockerRun() {
        return docker;
    }

    /**
     * Lets {@code elapsed} wall time pass: the control plane's clock follows (a stopped node's Pods are
     * evicted after the grace period), and on docker one reconcile pass runs.
     */
    public void tick(Duration elapsed) {
        if (docker != null) {
            docker.tick(elapsed);
        } else {
            controlPlane.advance(elapsed);
        }
    }

    @Override
    public void close() {
        unlisten.run();
        dataplane.shutdownNow();
        if (sim != null) {
            sim.close();
        }
        if (docker != null) {
            docker.close();
        }
    }
}
