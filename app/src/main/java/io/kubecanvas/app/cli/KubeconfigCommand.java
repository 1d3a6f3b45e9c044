package io.kubecanvas.app.cli;

import io.kubecanvas.apiserver.Kubeconfig;
import io.kubecanvas.apiserver.ServedClusters;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code kubecanvas kubeconfig NAME [--token]}: the kubeconfig of a running cluster, for kubectl, fabric8 and others. */
@Command(name = "kubeconfig", mixinStandardHelpOptions = true,
        description = {"Print the kubeconfig of a running cluster (kubecanvas up): context kubecanvas-NAME with the",
                "cluster's CA and an admin client certificate (or, with --token, its bearer token)."})
public final class KubeconfigCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(arity = "1", paramLabel = "NAME", description = "The cluster (see kubecanvas ls).")
    String name;

    @CommandLine.Option(names = "--token", description = "Authenticate with the bearer token instead of a client certificate.")
    boolean token;

    @Override
    public Integer call() throws Exception {
        ServedClusters.Entry e = ServedClusters.find(name);
        if (e == null || !e.alive() || e.url() == null) {
            spec.commandLine().getErr().println("kubecanvas: no running cluster named " + name
                    + " serves an API (start one with: kubecanvas up FILE --name " + name + " --detach; see kubecanvas ls)");
            return 1;
        }
        spec.commandLine().getOut().print(Kubeconfig.render(name, e.url(), ServedClusters.credentials(e), token));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
