package io.kubecanvas.app.cli;

import io.kubecanvas.emulator.backend.Protocol;
import io.kubecanvas.emulator.backend.ReachabilityMatrix;
import io.kubecanvas.emulator.backend.EmulatorBackend;
import io.kubecanvas.emulator.state.ClusterState;
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
 * in the style of the Kubernetes NetworkPolicy e2e tests.
 */
@Command(name = "matrix", mixinStandardHelpOptions = true,
        description = {"Probe every Pod from every Pod (kube-system and host-network Pods left out) and print the",
                "reachability truth table: . reachable, X not (rows: from, columns: to)."})
public final class MatrixCommand implements Callable<Integer> {

    enum Format { text, json }

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "the design")
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
        if (!PlanCommand.supportedBackend(target.backend, spec)) {
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
        ClusterState state = PlanCommand.loadState(paths, spec);
        if (state == null) {
            return 2;
        }
        ReachabilityMatrix m;
        try (EmulatorBackend b = BackendChoice.open(target.backend, target.cluster, state, spec)) {
            m = ReachabilityMatrix.probe(b, state, ports, protos, how);
        }
        spec.commandLine().getOut().print(format == Format.json ? m.toJson() + "\n" : m.toText());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
