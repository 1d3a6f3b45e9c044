package io.kubecanvas.app.cli;

import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.run.ClusterRun;
import io.kubecanvas.model.Design;
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
 * {@code kubecanvas plan FILE [--node N]}: runs the design through the control plane and prints the network
 * plan: per node the exact script the docker backend runs there (CNI calls with their configs, VXLAN or
 * host-gw routes, the iptables-restore input and jumps, the DNS server's and Ingress controller's
 * configuration), then the Services, DNS records and ways in from the host.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Print the network plan of a design: per node the exact script a node runs (the CNI calls and",
                "their configs, routes, iptables-restore input and jumps, dnsmasq and nginx configuration),",
                "then the Services, DNS records and ways in from the host."})
public final class PlanCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "the design (files or folders read together)")
    List<Path> paths;

    @Option(names = "--node", paramLabel = "N", description = "only this node")
    String node;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Design design = loadDesign(paths, spec);
        if (design == null) {
            return 2;
        }
        NetworkPlan plan = ClusterRun.plan(design);
        if (node != null && plan.node(node) == null) {
            spec.commandLine().getErr().println("kubecanvas plan: no node named " + node + " (nodes: "
                    + String.join(", ", plan.nodes().stream().map(n -> n.name()).toList()) + ")");
            return 2;
        }
        spec.commandLine().getOut().print(node == null ? plan.renderAll() : plan.render(node));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** Loads the design; prints each unreadable file as {@code file:line:col: error: ...} and returns null when any. */
    static Design loadDesign(List<Path> paths, CommandLine.Model.CommandSpec spec) {
        DesignIO.LoadResult loaded = DesignIO.load(paths);
        if (!loaded.ok()) {
            for (YamlException e : loaded.errors()) {
                spec.commandLine().getErr().println(e.describe());
            }
            return null;
        }
        return loaded.design();
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
