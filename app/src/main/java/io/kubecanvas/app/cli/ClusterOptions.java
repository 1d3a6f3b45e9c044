package io.kubecanvas.app.cli;

import io.kubecanvas.remote.ClusterContext;
import io.kubecanvas.remote.RemoteException;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Which cluster: the kubeconfig options kubectl has ({@code --kubeconfig}, {@code --context}, {@code -n}). */
final class ClusterOptions {
    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "The kubeconfig (default: $KUBECONFIG, else ~/.kube/config).")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "CTX", description = "The kubeconfig context (default: its current context).")
    String context;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS",
            description = "The namespace of objects that name none (default: the context's, else default).")
    String namespace;

    ClusterContext resolve() throws RemoteException {
        return ClusterContext.resolve(kubeconfig, context, namespace);
    }
}
