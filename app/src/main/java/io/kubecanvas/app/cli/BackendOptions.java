package io.kubecanvas.app.cli;

import picocli.CommandLine.Option;

/** {@code --backend} and {@code --cluster}, shared by the commands that send traffic (a picocli mixin). */
public final class BackendOptions {
    @Option(names = "--backend", paramLabel = "sim|docker", description = "emulator backend (default sim; docker with --cluster)")
    String backend;

    @Option(names = "--cluster", paramLabel = "NAME",
            description = "a running docker cluster (kubecanvas up): probe it as it runs, without changing it")
    String cluster;

    boolean backendGiven() {
        return backend != null;
    }

    /** The backend to use: as given, else docker for a running cluster, else sim. */
    String backend() {
        return backend != null ? backend : cluster != null ? "docker" : "sim";
    }
}
