package io.kubecanvas.app.cli;

import io.kubecanvas.emulator.backend.ProbeReport;
import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.backend.Protocol;
import io.kubecanvas.emulator.backend.EmulatorBackend;
import io.kubecanvas.emulator.explain.HopExplainer;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.state.ClusterState;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code kubecanvas probe FILE --from NS/POD|external --to TARGET}: one connection through the emulated
 * cluster, every hop printed, then the verdict. Exit status 0 delivered, 1 refused/dropped/timeout, 2 usage.
 */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = {"Probe one connection through the emulated cluster and print every hop and the verdict.",
                "TARGET: NS/POD, a Service (name, name.ns or its DNS name), an IP, node/NAME (with a NodePort)",
                "or a URL for an Ingress (http://example.local/path).",
                "Exit status: 0 delivered, 1 refused, dropped or timed out, 2 usage error."})
public final class ProbeCommand implements Callable<Integer> {

    enum Format { text, json }

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "the design")
    List<Path> paths;

    @Option(names = "--from", required = true, paramLabel = "NS/POD|external|node/NAME", description = "where the probe starts")
    String from;

    @Option(names = "--to", required = true, paramLabel = "TARGET", description = "what it connects to")
    String to;

    @Option(names = "--port", defaultValue = "0", paramLabel = "N", description = "port (default: the target's first port)")
    int port;

    @Option(names = "--protocol", defaultValue = "tcp", paramLabel = "tcp|udp|icmp", description = "tcp (default), udp or icmp")
    String protocol;

    @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "text|json", description = "text or json")
    Format format;

    @CommandLine.Mixin
    BackendOptions target;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!PlanCommand.supportedBackend(target.backend, spec)) {
            return 2;
        }
        Protocol proto;
        try {
            proto = Protocol.parse(protocol);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("kubecanvas probe: " + e.getMessage());
            return 2;
        }
        ClusterState state = PlanCommand.loadState(paths, spec);
        if (state == null) {
            return 2;
        }
        ProbeResult r;
        try (EmulatorBackend b = BackendChoice.open(target.backend, target.cluster, state, spec)) {
            r = b.probe(new ProbeRequest(from, to, port, proto));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("kubecanvas probe: " + e.getMessage());
            return 2;
        }
        HopExplainer words = new HopExplainer(NetworkPlan.compute(state));
        spec.commandLine().getOut().print(format == Format.json ? ProbeReport.json(r) + "\n" : ProbeReport.text(r, words::explain));
        spec.commandLine().getOut().flush();
        return r.delivered() ? 0 : 1;
    }
}
