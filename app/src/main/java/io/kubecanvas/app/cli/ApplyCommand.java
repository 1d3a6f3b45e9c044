package io.kubecanvas.app.cli;

import io.kubecanvas.model.Design;
import io.kubecanvas.remote.ClusterContext;
import io.kubecanvas.remote.ClusterSync;
import io.kubecanvas.remote.ObjectChange;
import io.kubecanvas.remote.RemoteException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code kubecanvas apply FILE --context CTX [--dry-run=server] [--prune]}: server-side apply with field manager
 * kubecanvas, one line per object as kubectl prints it. Exit status: 0 applied, 1 some object failed, 2 an error
 * before anything was applied.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Apply a design to a cluster by server-side apply (field manager kubecanvas).",
                "Every object is labelled kubecanvas.io/design=NAME. --prune deletes only",
                "objects with that label that kubecanvas applied before and the design no",
                "longer has; namespaces are never pruned.",
                "Exit status: 0 applied, 1 some object failed, 2 nothing applied."})
public final class ApplyCommand implements Callable<Integer> {

    @Mixin
    ApplyOptions apply;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--dry-run", paramLabel = "server|none", defaultValue = "none",
            description = "server: the server computes and checks everything, nothing is written.")
    String dryRun;


    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!dryRun.equals("server") && !dryRun.equals("none")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--dry-run must be server or none (got '" + dryRun
                    + "'); a client-side dry run cannot tell what the server would do");
        }
        if (cluster.context == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "apply needs --context CTX: name the cluster to change"
                    + " (`kubectl config get-contexts` lists them)");
        }
        Design design = DesignInputs.load(apply.inputs, err, "apply");
        if (design == null) {
            return 2;
        }
        boolean dry = dryRun.equals("server");
        try {
            ClusterContext ctx = cluster.resolve();
            ClusterSync.Result r;
            try (var client = ctx.connect()) {
                r = new ClusterSync(ctx, client).apply(design, apply.options(design, dry));
            }
            for (ObjectChange c : r.changes()) {
                if (c.action() == ObjectChange.Action.FAILED) {
                    err.println("kubecanvas apply: " + c.error());
                } else {
                    out.println(c.displayName() + (c.key().namespace().isEmpty() ? "" : " (" + c.key().namespace() + ")")
                            + " " + c.action().past() + (dry ? " (server dry run)" : ""));
                }
            }
            out.flush();
            r.notes().forEach(n -> err.println("note: " + n));
            return r.failed() ? 1 : 0;
        } catch (RemoteException e) {
            err.println("kubecanvas apply: " + e.getMessage());
            return 2;
        }
    }
}
