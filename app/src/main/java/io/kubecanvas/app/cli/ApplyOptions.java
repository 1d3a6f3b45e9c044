package io.kubecanvas.app.cli;

import io.kubecanvas.model.Design;
import io.kubecanvas.remote.ClusterSync;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;

/** What diff and apply share: the design, and how it is applied (prune, conflicts, the design's name). */
final class ApplyOptions {
    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "The design or manifests.")
    List<Path> inputs;

    @Option(names = "--prune", description = "Delete (diff: show) what an earlier apply of this design made and the design no longer has.")
    boolean prune;

    @Option(names = "--force-conflicts", description = "Take over fields another field manager owns instead of failing.")
    boolean forceConflicts;

    @Option(names = "--design-name", paramLabel = "NAME",
            description = "The name the design is applied under (label kubecanvas.io/design); default: its cluster's name or the file's.")
    String designName;

    ClusterSync.Options options(Design design, boolean dryRun) {
        return new ClusterSync.Options(DesignInputs.name(designName, design, inputs), dryRun, prune, forceConflicts);
    }
}
