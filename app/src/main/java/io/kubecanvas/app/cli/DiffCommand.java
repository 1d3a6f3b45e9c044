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
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code kubecanvas diff FILE --context CTX [--prune]}: what {@code apply} would change, as the server computes
 * it (a server-side apply with dryRun=All), one unified diff per object. Exit status as kubectl diff: 0 no
 * change, 1 changes, 2 an error.
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Show what `kubecanvas apply` would change on a cluster, object by object (unified diffs).",
                "The server computes it: a server-side apply as a dry run, nothing is written.",
                "Exit status: 0 no changes, 1 changes, 2 an error."})
public final class DiffCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "The design or manifests.")
    List<Path> inputs;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--prune", description = "Also show what --prune would delete (objects an earlier apply of this design made).")
    boolean prune;

    @Option(names = "--force-conflicts", description = "As apply --force-conflicts: take over fields another manager owns.")
    boolean forceConflicts;

    @Option(names = "--design-name", paramLabel = "NAME",
            description = "The name the design is applied under (label kubecanvas.io/design); default: its cluster's name or the file's.")
    String designName;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Design design = DesignInputs.load(inputs, err, "diff");
        if (design == null) {
            return 2;
        }
        try {
            ClusterContext ctx = cluster.resolve();
            ClusterSync.Result r;
            try (var client = ctx.connect()) {
                r = new ClusterSync(ctx, client).diff(design,
                        new ClusterSync.Options(DesignInputs.name(designName, design, inputs), true, prune, forceConflicts));
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
