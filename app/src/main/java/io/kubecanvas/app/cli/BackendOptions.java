package io.kubecanvas.app.cli;

import picocli.CommandLine.Option;

/** {@code --backend} and {@code --cluster}, shared by the commands that send traffic (a picocli mixin). */
public final class BackendOptions {
    @Option(names = "--backend", defaultValue = "sim", paramLabel = "sim|docker", description = "emulator backend (default sim)")
    String backend;

    @Option(names = "--cluster", paramLabel = "NAME",
            description = "with --backend docker: a running cluster (kubecanvas up --detach) instead of a one-shot one")
    String cluster;
}
