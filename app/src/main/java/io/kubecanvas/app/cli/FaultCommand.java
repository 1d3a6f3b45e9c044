package io.kubecanvas.app.cli;

import io.kubecanvas.emulator.backend.FaultResult;
import io.kubecanvas.emulator.backend.LinkFault;
import io.kubecanvas.emulator.docker.DockerBackend;
import io.kubecanvas.emulator.docker.DockerJavaEngine;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code kubecanvas fault --cluster NAME stop-node|start-node|kill-pod|link|reconcile}: faults injected into a
 * running docker cluster, as the backend's fault operations do them. A stopped node stays stopped until
 * start-node; a foreground {@code kubecanvas up} notices the fault on its next pass (the control plane marks
 * the node NotReady, restarts killed containers); a detached cluster has no such pass, so {@code reconcile}
 * brings it back to the plan it runs.
 */
@Command(name = "fault", mixinStandardHelpOptions = true,
        description = {"Inject a fault into a running docker cluster (kubecanvas up): stop or start a node, kill a",
                "Pod's containers, delay, lose or cut a node's link; reconcile brings a detached cluster back to its plan."},
        subcommands = {FaultCommand.StopNode.class, FaultCommand.StartNode.class, FaultCommand.KillPod.class,
                FaultCommand.Link.class, FaultCommand.Reconcile.class})
public final class FaultCommand implements Runnable {
    @Option(names = "--cluster", required = true, paramLabel = "NAME", description = "the running cluster")
    String cluster;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Attaches to the cluster, runs the fault, prints its sentence; exit 1 when it could not be done. */
    int on(CommandLine.Model.CommandSpec sub, java.util.function.Function<DockerBackend, FaultResult> fault) {
        PrintWriter out = sub.commandLine().getOut();
        try (DockerJavaEngine engine = DockerJavaEngine.connect();
             DockerBackend b = DockerBackend.attach(engine, cluster, sub.commandLine().getErr()::println)) {
            FaultResult r = fault.apply(b);
            (r.applied() ? out : sub.commandLine().getErr()).println((r.applied() ? "" : "kubecanvas fault: ") + r.message());
            return r.applied() ? 0 : 1;
        }
    }

    /** What every fault subcommand has: its parent (the cluster) and its own spec, for printing. */
    abstract static class Fault implements Callable<Integer> {
        @CommandLine.ParentCommand
        FaultCommand parent;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        /** The fault, done on the attached backend. */
        abstract FaultResult on(DockerBackend b);

        @Override
        public Integer call() {
            return parent.on(spec, this::on);
        }
    }

    @Command(name = "stop-node", description = "Stop a node's container: it and its Pods leave the network until start-node.")
    static final class StopNode extends Fault {
        @Parameters(paramLabel = "NODE")
        String node;

        @Override
        FaultResult on(DockerBackend b) {
            b.stopNode(node);
            return FaultResult.done("stopped node " + node + "; it stays stopped until: kubecanvas fault --cluster "
                    + parent.cluster + " start-node " + node);
        }
    }

    @Command(name = "start-node", description = "Start a stopped node again; its Pods are plumbed again.")
    static final class StartNode extends Fault {
        @Parameters(paramLabel = "NODE")
        String node;

        @Override
        FaultResult on(DockerBackend b) {
            b.startNode(node);
            b.apply(b.plan()); // the plan it runs: the node's Pods get their sandboxes and interfaces back
            return FaultResult.done("started node " + node + " and brought it back to the plan the cluster runs");
        }
    }

    @Command(name = "kill-pod", description = "Kill a Pod's containers (a crash); the next reconcile pass restarts them.")
    static final class KillPod extends Fault {
        @Parameters(paramLabel = "NS/POD")
        String pod;

        @Override
        FaultResult on(DockerBackend b) {
            if (b.plan().pod(pod) == null) {
                return FaultResult.unsupported("no Pod " + pod + " in cluster " + parent.cluster + " (write NS/POD)");
            }
            b.killPod(pod);
            return FaultResult.done("killed the containers of Pod " + pod + "; kubecanvas up restarts them on its next"
                    + " pass (a detached cluster: kubecanvas fault --cluster " + parent.cluster + " reconcile)");
        }
    }

    @Command(name = "link", description = "Delay, lose or cut a node's underlay link (--heal removes it). "
            + "Delay and loss need tc netem on the Docker host.")
    static final class Link extends Fault {
        @Parameters(paramLabel = "NODE")
        String node;
        @Option(names = "--delay", defaultValue = "0", paramLabel = "MS", description = "one-way delay in milliseconds")
        long delay;
        @Option(names = "--loss", defaultValue = "0", paramLabel = "PERCENT", description = "share of packets lost")
        double loss;
        @Option(names = "--down", description = "cut the link")
        boolean down;
        @Option(names = "--heal", description = "remove any fault from the link")
        boolean heal;

        @Override
        public Integer call() {
            if (!heal && delay == 0 && loss == 0 && !down) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give --delay, --loss, --down or --heal");
            }
            return super.call();
        }

        @Override
        FaultResult on(DockerBackend b) {
            return b.impairLink(node, heal ? LinkFault.NONE : new LinkFault(Duration.ofMillis(delay), loss, down));
        }
    }

    @Command(name = "reconcile", description = "Bring the cluster back to the plan it runs (restart killed containers,"
            + " plumb started nodes); stopped nodes stay stopped.")
    static final class Reconcile extends Fault {
        @Override
        FaultResult on(DockerBackend b) {
            b.apply(b.plan());
            return FaultResult.done("cluster " + parent.cluster + " runs its plan again (version " + b.plan().version() + ")");
        }
    }
}
