package io.kubecanvas.app.cli;

import io.kubecanvas.model.Design;
import io.kubecanvas.remote.ClusterContext;
import io.kubecanvas.remote.ClusterSync;
import io.kubecanvas.remote.ObjectChange;
import io.kubecanvas.remote.RemoteException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code kubecanvas diff FILE --context CTX [--prune]}: what {@code apply} would change, as the server computes
 * it (a server-side apply with dryRun=All), one unified diff per object. Exit status as kubectl diff: 0 no
 * change, 1 changes, 2 an error.
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Show what `kubecanvas apply` would change on a cluster, one unified diff",
                "per object. The server computes it (a server-side apply as a dry run);",
                "nothing is written.",
                "Exit status: 0 no changes, 1 changes, 2 an error."})
public final class DiffCommand implements Callable<Integer> {

    @Mixin
    ApplyOptions apply;

    @Mixin
    ClusterOptions cluster;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Design design = DesignInputs.load(apply.inputs, err, "diff");
        if (design == null) {
            return 2;
        }
        try {
            ClusterContext ctx = cluster.resolve();
            ClusterSync.Result r;
            try (var client = ctx.connect()) {
                r = new ClusterSync(ctx, client).diff(design, apply.options(design, true));
            }
            out.print(r.unifiedDiff());
            out.flush();
            r.notes().forEach(n -> err.println("note: " + n));
            r.changes().stream().filter(c -> c.action() == ObjectChange.Action.FAILED)
                    .forEach(c -> err.println("kubecanvas diff: " + c.error()));
            return r.failed() ? 2 : r.changed() ? 1 : 0;
        } catch (RemoteException e) {
            err.println("kubecanvas diff: " + e.getMessage());
            return 2;
        }
    }
}
