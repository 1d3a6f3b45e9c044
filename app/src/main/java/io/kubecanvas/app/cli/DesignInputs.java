package io.kubecanvas.app.cli;

import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.remote.ClusterSync;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** The design files diff and apply read, and the name the design is applied under. */
final class DesignInputs {
    private DesignInputs() {
    }

    /** The design, or null after printing each unreadable file's error (file:line:col). */
    static Design load(List<Path> inputs, PrintWriter err, String command) {
        DesignIO.LoadResult r = DesignIO.load(inputs);
        r.warnings().forEach(w -> err.println(w.describe()));
        if (!r.ok()) {
            r.errors().forEach(e -> err.println(e.describe()));
            err.println("kubecanvas " + command + ": nothing sent to the cluster; fix the input above and run again");
            return null;
        }
        return r.design();
    }

    /** {@code --design-name}, else the design's cluster name or the (single) file's base name. */
    static String name(String given, Design design, List<Path> inputs) {
        if (given != null && !given.isBlank()) {
            return ClusterSync.labelValue(given);
        }
        return ClusterSync.designName(design, inputs.size() == 1 ? inputs.get(0) : null);
    }
}
