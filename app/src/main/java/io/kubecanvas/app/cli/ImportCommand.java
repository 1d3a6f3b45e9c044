package io.kubecanvas.app.cli;

import io.kubecanvas.model.DesignIO;
import io.kubecanvas.remote.ClusterContext;
import io.kubecanvas.remote.ClusterImport;
import io.kubecanvas.remote.RemoteException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code kubecanvas import --context CTX [-n NS] -o FILE [--open]}: the live objects of a cluster as a design file,
 * without status, managed fields and what the server added; the cluster's nodes become the design's.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import a cluster's objects as a design: what their users wrote, without",
                "status, managedFields and the defaults the server added. Without -n: every",
                "namespace but kube-system, kube-public and kube-node-lease. Objects made by",
                "controllers (Pods of a Deployment...) are left out: their owners make them."})
public final class ImportCommand implements Callable<Integer> {

    @CommandLine.Mixin
    ClusterOptions cluster;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The design file to write.")
    Path output;

    @Option(names = "--include-secrets", description = "Also import Secrets (their data is written into the design file).")
    boolean secrets;

    @Option(names = "--force", description = "Replace FILE if it exists.")
    boolean force;

    @Option(names = "--open", description = "Open the design in the app afterwards.")
    boolean open;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (Files.exists(output) && !force) {
            err.println("kubecanvas import: " + output + " exists; choose another -o or add --force to replace it");
            return 2;
        }
        ClusterImport.Result r;
        ClusterContext ctx;
        try {
            ctx = cluster.resolveWithoutNamespace();
            try (var client = ctx.connect()) {
                r = new ClusterImport(ctx, client).importDesign(cluster.namespace, secrets);
            }
        } catch (RemoteException e) {
            err.println("kubecanvas import: " + e.getMessage());
            return 2;
        }
        try {
            DesignIO.save(r.design(), output);
        } catch (IOException e) {
            err.println("kubecanvas import: cannot write " + output + " (" + e.getMessage() + "); choose another place for -o");
            return 2;
        }
        r.notes().forEach(n -> err.println("note: " + n));
        out.println("imported " + r.design().objects().size() + " object(s) and " + r.design().cluster().nodes().size()
                + " node(s) from " + ctx.describe() + (cluster.namespace == null ? "" : ", namespace " + cluster.namespace) + " to " + output);
        out.println("open it: kubecanvas " + output);
        out.flush();
        if (open) {
            // By name, as Main does: the rest of the CLI never loads JavaFX.
            try {
                Class.forName("io.kubecanvas.app.ui.DesktopLauncher").getMethod("launch", String[].class)
                        .invoke(null, (Object) new String[] {output.toString()});
            } catch (ReflectiveOperationException e) {
                err.println("kubecanvas import: cannot start the desktop app (" + e + "); open the file with kubecanvas " + output);
                return 2;
            }
        }
        return 0;
    }
}
