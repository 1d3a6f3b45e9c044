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
            description = "diff, apply: the namespace of objects that name none (default: the context's, else default);"
                    + " import: the only namespace read (default: all but kube-system, kube-public, kube-node-lease).")
    String namespace;

    /** The context; {@code -n} sets its namespace for objects that name none. */
    ClusterContext resolve() throws RemoteException {
        return ClusterContext.resolve(kubeconfig, context, namespace);
    }

    /** The context as it is, {@code -n} left to the caller (import reads only that namespace). */
    ClusterContext resolveWithoutNamespace() throws RemoteException {
        return ClusterContext.resolve(kubeconfig, context, null);
    }
}
