package io.kubecanvas.app.cli;

import io.kubecanvas.emulator.control.ControlPlane;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.yaml.YamlException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code kubecanvas plan FILE [--node N]}: runs the design through the control plane and prints the
 * network plan as the exact commands and iptables-restore input a node runs.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Print the network plan of a design: per node the ip/bridge commands, the iptables-restore",
                "input and jumps, the DNS records and the Ingress routing table."})
public final class PlanCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "the design (files or folders read together)")
    List<Path> paths;

    @Option(names = "--node", paramLabel = "N", description = "only this node")
    String node;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ClusterState state = loadState(paths, spec);
        if (state == null) {
            return 2;
        }
        NetworkPlan plan = NetworkPlan.compute(state);
        if (node != null && plan.node(node) == null) {
            spec.commandLine().getErr().println("kubecanvas plan: no node named " + node + " (nodes: "
                    + String.join(", ", plan.nodes().stream().map(n -> n.name()).toList()) + ")");
            return 2;
        }
        spec.commandLine().getOut().print(node == null ? plan.renderAll() : plan.render(node));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /**
     * Loads the design and settles it in a control plane; prints each unreadable file as
     * {@code file:line:col: error: ...} and returns null when any.
     */
    static ClusterState loadState(List<Path> paths, CommandLine.Model.CommandSpec spec) {
        DesignIO.LoadResult loaded = DesignIO.load(paths);
        if (!loaded.ok()) {
            for (YamlException e : loaded.errors()) {
                spec.commandLine().getErr().println(e.describe());
            }
            return null;
        }
        return ControlPlane.start(loaded.design(), 1).state();
    }

    /** sim or docker; anything else is answered with a clear message. */
    static boolean supportedBackend(String backend, CommandLine.Model.CommandSpec spec) {
        if ("sim".equals(backend) || "docker".equals(backend)) {
            return true;
        }
        spec.commandLine().getErr().println("kubecanvas: unknown backend '" + backend + "': use sim or docker");
        return false;
    }
}
