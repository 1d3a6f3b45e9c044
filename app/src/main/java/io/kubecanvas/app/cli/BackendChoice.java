package io.kubecanvas.app.cli;

import io.kubecanvas.emulator.backend.EmulatorBackend;
import io.kubecanvas.emulator.docker.DockerBackend;
import io.kubecanvas.emulator.docker.DockerJavaEngine;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.plan.PlanDifferences;
import io.kubecanvas.emulator.run.ClusterRun;
import io.kubecanvas.emulator.sim.SimBackend;
import io.kubecanvas.model.Design;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.List;

/**
 * The network a probe or matrix command sends traffic through: the design run by the orchestrator on sim or
 * on a one-shot docker cluster (made for this command, removed when it is closed), or a running docker
 * cluster ({@code --cluster NAME}) used as it runs: nothing is applied to it, and when the design given
 * differs from what runs, the differences are printed and what runs is probed.
 */
final class BackendChoice implements AutoCloseable {
    private final ClusterRun run;
    private final EmulatorBackend attached;
    private final DockerJavaEngine engine;

    private BackendChoice(ClusterRun run, EmulatorBackend attached, DockerJavaEngine engine) {
        this.run = run;
        this.attached = attached;
        this.engine = engine;
    }

    /** The backend traffic goes through (its plan is the one probed). */
    EmulatorBackend backend() {
        return run != null ? run.backend() : attached;
    }

    /**
     * @param design the design, or null with {@code --cluster} (probe what runs, compare with nothing)
     */
    static BackendChoice open(BackendOptions options, Design design, String command, CommandLine.Model.CommandSpec spec) {
        return open(options, design, command, spec, 1L);
    }

    /**
     * @param seed the sim's seed (its {@code -m statistic} draws); the docker backend's kernel draws its own
     */
    static BackendChoice open(BackendOptions options, Design design, String command, CommandLine.Model.CommandSpec spec,
                              long seed) {
        PrintWriter err = spec.commandLine().getErr();
        if (options.cluster != null) {
            if (!"docker".equals(options.backend())) {
                throw new IllegalArgumentException("--cluster names a running docker cluster: leave out --backend or use --backend docker");
            }
            DockerJavaEngine engine = DockerJavaEngine.connect();
            DockerBackend b;
            try {
                b = DockerBackend.attach(engine, options.cluster, err::println);
            } catch (RuntimeException e) {
                engine.close();
                throw e;
            }
            if (design != null) {
                List<String> diff = PlanDifferences.between(ClusterRun.plan(design), b.plan(), b.stoppedNodes());
                if (!diff.isEmpty()) {
                    err.println("kubecanvas " + command + ": cluster " + options.cluster + " differs from the design; probing what runs:");
                    diff.forEach(d -> err.println("  " + d));
                    err.flush();
                }
            }
            return new BackendChoice(null, b, engine);
        }
        if (design == null) {
            throw new IllegalArgumentException("give the design (FILE|DIR), or --cluster NAME for a running cluster");
        }
        if (!"docker".equals(options.backend())) {
            return new BackendChoice(ClusterRun.start(design, new SimBackend(seed)), null, null);
        }
        DockerJavaEngine engine = DockerJavaEngine.connect();
        try {
            return new BackendChoice(ClusterRun.start(design,
                    DockerBackend.create(engine, "kc-oneshot-" + ProcessHandle.current().pid(), err::println)), null, engine);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    /** The plan traffic goes through. */
    NetworkPlan plan() {
        return backend().plan();
    }

    @Override
    public void close() {
        try {
            if (run != null) {
                run.close();
            } else {
                attached.close();
            }
        } finally {
            if (engine != null) {
                engine.close();
            }
        }
    }
}
