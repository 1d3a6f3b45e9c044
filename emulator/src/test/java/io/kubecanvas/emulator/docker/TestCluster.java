package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.run.ClusterRun;
import io.kubecanvas.model.Design;

import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The cluster a docker test class runs its tests on: made fresh under the class's own name (what an interrupted
 * earlier run left goes first), and at {@link #close} removed, nothing labelled with its name left behind.
 */
final class TestCluster implements AutoCloseable {
    final String name;
    final DockerJavaEngine engine;
    final ClusterRun run;

    private TestCluster(String name, DockerJavaEngine engine, ClusterRun run) {
        this.name = name;
        this.engine = engine;
        this.run = run;
    }

    /** An engine for the test cluster {@code name}, with whatever runs under that name removed. */
    static DockerJavaEngine engineFor(String name) {
        DockerJavaEngine engine = DockerJavaEngine.connect();
        RunningClusters.remove(engine, name);
        return engine;
    }

    static TestCluster up(String name, Design design) {
        return up(engineFor(name), name, design, s -> { });
    }

    /** {@code design} up on {@code engine} (from {@link #engineFor}); when that fails, nothing of it is left. */
    static TestCluster up(DockerJavaEngine engine, String name, Design design, Consumer<String> log) {
        try {
            return new TestCluster(name, engine, ClusterRun.start(design, DockerBackend.create(engine, name, log)));
        } catch (RuntimeException e) {
            RunningClusters.remove(engine, name);
            engine.close();
            throw e;
        }
    }

    DockerBackend backend() {
        return (DockerBackend) run.backend();
    }

    DockerCluster cluster() {
        return backend().cluster();
    }

    @Override
    public void close() {
        try {
            run.close(); // a one-shot cluster: closing removes it
            RunningClusters.remove(engine, name);
            assertEquals(java.util.List.of(), engine.containers(Labels.clusterFilter(name)), "no labelled container is left");
            assertEquals(java.util.List.of(), engine.networks(Labels.clusterFilter(name)), "no labelled network is left");
        } finally {
            engine.close();
        }
    }
}
