package io.kubecanvas.app.cli;

import io.kubecanvas.emulator.backend.ProbeReport;
import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.backend.ProbeSpread;
import io.kubecanvas.emulator.backend.Protocol;
import io.kubecanvas.emulator.explain.HopExplainer;
import io.kubecanvas.model.Design;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code kubecanvas probe FILE --from NS/POD|external --to TARGET}: one connection through the emulated
 * cluster, every hop printed, then the verdict. With {@code --cluster NAME} it probes a running docker cluster
 * as it runs, read-only (FILE is then optional; given, the differences from it are printed first). With
 * {@code --count N} it sends the probe N times over the one cluster and prints how the answers spread over the
 * endpoints; the sim draws with {@code --seed S}, else with a fresh seed it prints. Exit status 0 delivered (every
 * time), 1 refused/dropped/timeout, 2 usage.
 */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = {"Probe one connection through the emulated cluster and print every hop and the verdict.",
                "TARGET: NS/POD, a Service (name, name.ns or its DNS name), an IP, node/NAME (with a NodePort)",
                "or a URL for an Ingress (http://example.local/path). UDP to port 53 sends a DNS query.",
                "With --cluster NAME: a running docker cluster, probed as it runs (nothing is applied to it).",
                "With --count N: N probes over the one cluster, then how they spread over the endpoints",
                "(load balancing, session affinity); the sim draws with --seed S, else a new seed each run.",
                "Exit status: 0 delivered, 1 refused, dropped or timed out, 2 usage error."})
public final class ProbeCommand implements Callable<Integer> {

    enum Format { text, json }

    @Parameters(arity = "0..*", paramLabel = "FILE|DIR", description = "the design (optional with --cluster)")
    List<Path> paths;

    @Option(names = "--from", required = true, paramLabel = "NS/POD|external|node/NAME", description = "where the probe starts")
    String from;

    @Option(names = "--to", required = true, paramLabel = "TARGET", description = "what it connects to")
    String to;

    @Option(names = "--port", defaultValue = "0", paramLabel = "N", description = "port (default: the target's first port)")
    int port;

    @Option(names = "--protocol", defaultValue = "tcp", paramLabel = "tcp|udp|sctp|icmp", description = "tcp (default), udp, sctp or icmp")
    String protocol;

    @Option(names = "--count", defaultValue = "1", paramLabel = "N",
            description = "send the probe N times over the one cluster and print the spread over the endpoints")
    int count;

    @Option(names = "--seed", paramLabel = "S",
            description = "the sim's seed for its random choices (default: a new one each run, printed with --count)")
    Long seed;

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
        Protocol proto;
        try {
            proto = Protocol.parse(protocol);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("kubecanvas probe: " + e.getMessage());
            return 2;
        }
        if (count < 1 || count > 100_000) {
            spec.commandLine().getErr().println("kubecanvas probe: --count must be between 1 and 100000, not " + count);
            return 2;
        }
        boolean sim = !"docker".equals(target.backend());
        if (seed != null && !sim) {
            spec.commandLine().getErr().println("kubecanvas probe: --seed is the sim's; on docker the kernel draws (ignored)");
        }
        long drawn = seed != null ? seed : new java.security.SecureRandom().nextLong();
        Design design = null;
        if (paths != null && !paths.isEmpty()) {
            design = PlanCommand.loadDesign(paths, spec);
            if (design == null) {
                return 2;
            }
        }
        ProbeRequest request = new ProbeRequest(from, to, port, proto);
        ProbeResult r;
        HopExplainer words;
        List<ProbeResult> all;
        String backendName;
        try (BackendChoice b = BackendChoice.open(target, design, "probe", spec, drawn)) {
            backendName = b.backend().name();
            r = b.backend().probe(request);
            all = new java.util.ArrayList<>(List.of(r));
            if (count > 1) {
                // The first alone (it sets what affinity remembers), the rest as one batch.
                all.addAll(b.backend().probeAll(java.util.Collections.nCopies(count - 1, request)));
            }
            // the words come from the plan the backend ran the probe on
            words = new HopExplainer(b.backend().plan());
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("kubecanvas probe: " + e.getMessage());
            return 2;
        }
        if (count > 1) {
            ProbeSpread spread = ProbeSpread.of(request, backendName, sim ? drawn : null, all);
            spec.commandLine().getOut().print(format == Format.json ? spread.json() + "\n" : spread.text());
            spec.commandLine().getOut().flush();
            return spread.delivered() == count ? 0 : 1;
        }
        spec.commandLine().getOut().print(format == Format.json ? ProbeReport.json(r) + "\n" : ProbeReport.text(r, words::explain));
        spec.commandLine().getOut().flush();
        return r.delivered() ? 0 : 1;
    }
}
