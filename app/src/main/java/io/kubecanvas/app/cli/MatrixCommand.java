package io.kubecanvas.app.cli;

import io.kubecanvas.emulator.backend.Protocol;
import io.kubecanvas.emulator.backend.ReachabilityMatrix;
import io.kubecanvas.model.Design;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code kubecanvas matrix FILE}: probes every Pod from every Pod and prints the reachability truth table
 * in the style of the Kubernetes NetworkPolicy e2e tests; JSON carries each probe's outcome. With
 * {@code --cluster NAME} it probes a running docker cluster as it runs, read-only.
 */
@Command(name = "matrix", mixinStandardHelpOptions = true,
        description = {"Probe every Pod from every Pod (kube-system and host-network Pods left out) and print the",
                "reachability truth table: . reachable, X not (rows: from, columns: to). JSON (-o json) gives each",
                "probe's outcome: delivered, refused, policy_dropped, dropped or timeout.",
                "With --cluster NAME: a running docker cluster, probed as it runs (nothing is applied to it)."})
public final class MatrixCommand implements Callable<Integer> {

    enum Format { text, json }

    @Parameters(arity = "0..*", paramLabel = "FILE|DIR", description = "the design (optional with --cluster)")
    List<Path> paths;

    @Option(names = "--ports", defaultValue = "80", split = ",", paramLabel = "80,81", description = "ports (default 80)")
    List<Integer> ports;

    @Option(names = "--protocols", defaultValue = "tcp", split = ",", paramLabel = "tcp,udp", description = "protocols (default tcp)")
    List<String> protocols;

    @Option(names = "--via", defaultValue = "pod-ip", paramLabel = "pod-ip|service",
            description = "connect to the Pod IP (default) or to a Service with that Pod as its only endpoint")
    String via;

    @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "text|json", description = "text or json")
    Format format;

    @CommandLine.Mixin
    BackendOptions target;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!PlanCommand.supportedBackend(target.backend(), spec)) {
            return 2;
        }
        List<Protocol> protos = new ArrayList<>();
        ReachabilityMatrix.Via how;
        try {
            for (String p : protocols) {
                Protocol proto = Protocol.parse(p);
                if (proto == Protocol.ICMP) {
                    throw new IllegalArgumentException("the matrix probes ports: use tcp and/or udp");
                }
                protos.add(proto);
            }
            how = ReachabilityMatrix.Via.parse(via);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("kubecanvas matrix: " + e.getMessage());
            return 2;
        }
        Design design = null;
        if (paths != null && !paths.isEmpty()) {
            design = PlanCommand.loadDesign(paths, spec);
            if (design == null) {
                return 2;
            }
        }
        ReachabilityMatrix m;
        try (BackendChoice b = BackendChoice.open(target, design, "matrix", spec)) {
            m = ReachabilityMatrix.probe(b.backend(), ports, protos, how);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("kubecanvas matrix: " + e.getMessage());
            return 2;
        }
        spec.commandLine().getOut().print(format == Format.json ? m.toJson() + "\n" : m.toText());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
