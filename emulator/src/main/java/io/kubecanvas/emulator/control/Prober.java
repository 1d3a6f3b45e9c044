package io.kubecanvas.emulator.control;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.emulator.state.ClusterState.ReadinessProbe;
import io.kubecanvas.emulator.state.ReadinessProber;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The kubelet's readiness prober (the docs, "Configure Liveness, Readiness and Startup Probes"): for each
 * Running Pod with readiness probes, each probe runs first {@code initialDelaySeconds} after the Pod
 * started, then every {@code periodSeconds}, on the virtual clock; a container is ready after
 * {@code successThreshold} successes in a row and unready after {@code failureThreshold} failures in a row;
 * it starts unready. The Pod is ready when every probe is. The check itself is a {@link ReadinessProber}:
 * by default {@link #declaredPorts}, the sim's view (a Pod listens on the ports its containers declare);
 * a backend with real containers can plug in real checks.
 */
final class Prober {
    static final String FAILING_BY_HAND = "readiness probe failing (set by hand)";

    private final ControlContext ctx;
    private ReadinessProber checker = Prober::declaredPorts;
    private final Map<String, List<ProbeState>> byPod = new HashMap<>();

    private static final class ProbeState {
        long nextDue;
        int successes;
        int failures;
        boolean ran;
        boolean ready;
        String last;
    }

    Prober(ControlContext ctx) {
        this.ctx = ctx;
    }

    void use(ReadinessProber prober) {
        checker = prober == null ? Prober::declaredPorts : prober;
    }

    void reconcile() {
        Set<String> seen = new HashSet<>();
        for (PodObject p : ctx.store.bodies(Kinds.POD, PodObject.class)) {
            if (!p.running() || p.probes().isEmpty() || p.ip() == null) {
                continue;
            }
            // A Pod made again under the same name is a new Pod: it starts its probes afresh.
            String key = p.key() + "@" + p.createdAt() + "@" + p.ip();
            seen.add(key);
            List<ProbeState> states = byPod.computeIfAbsent(key, k -> {
                List<ProbeState> l = new ArrayList<>();
                for (ReadinessProbe probe : p.probes()) {
                    ProbeState st = new ProbeState();
                    st.nextDue = ctx.now + probe.initialDelaySeconds() * 1000L;
                    l.add(st);
                }
                return l;
            });
            ClusterState.PodState view = null;
            String why = null;
            boolean ready = true;
            for (int i = 0; i < states.size(); i++) {
                ReadinessProbe probe = p.probes().get(i);
                ProbeState st = states.get(i);
                if (st.nextDue <= ctx.now) {
                    if (view == null) {
                        view = view(p);
                    }
                    ReadinessProber.Result r = checker.probe(view, probe);
                    st.ran = true;
                    st.last = r.message();
                    if (r.success()) {
                        st.successes++;
                        st.failures = 0;
                        st.ready |= st.successes >= probe.successThreshold();
                    } else {
                        boolean first = st.failures == 0;
                        st.failures++;
                        st.successes = 0;
                        if (st.failures >= probe.failureThreshold() || !st.ready) {
                            st.ready = false;
                        }
                        if (first) {
                            ctx.warning("Unhealthy", p.namespace(), "pod/" + p.name(), "Readiness probe failed: "
                                    + probe.describe() + ": " + r.message(), Kubelet.SOURCE);
                        }
                    }
                    long period = Math.max(1, probe.periodSeconds()) * 1000L;
                    while (st.nextDue <= ctx.now) {
                        st.nextDue += period;
                    }
                }
                if (!st.ready && why == null) {
                    why = !st.ran ? "readiness probe " + probe.describe() + " not run yet (initialDelaySeconds "
                            + probe.initialDelaySeconds() + ")"
                            : st.failures > 0 ? "readiness probe " + probe.describe() + " failed: " + st.last
                            : "readiness probe " + probe.describe() + " succeeded " + st.successes + " of "
                            + probe.successThreshold() + " times in a row";
                }
                ready &= st.ready;
            }
            if (p.readinessFailing()) {
                continue; // set by hand: the hand wins until it lets go
            }
            if (p.ready() != ready || !Objects.equals(p.readiness(), ready ? null : why)) {
                ctx.store.put(Kinds.pod(p.namespace(), p.name()), p.withReadiness(ready, why));
            }
        }
        byPod.keySet().retainAll(seen);
    }

    /** The next moment a probe falls due, or Long.MAX_VALUE. */
    long nextDeadline() {
        long next = Long.MAX_VALUE;
        for (List<ProbeState> l : byPod.values()) {
            for (ProbeState st : l) {
                next = Math.min(next, st.nextDue);
            }
        }
        return next;
    }

    private static ClusterState.PodState view(PodObject p) {
        return new ClusterState.PodState(p.namespace(), p.name(), "", p.nodeName(), p.ip(), p.phase(), p.ready(),
                p.labels(), p.ports(), p.images(), p.hostNetwork(), p.ownerHead(), ClusterState.PodContainer.of(p.spec()),
                p.probes(), p.readiness());
    }

    /**
     * The sim's answer: a Pod listens on the TCP ports its containers declare (they share one network
     * namespace), and its HTTP server answers 200 on every path. The emulator runs no container processes,
     * so an exec probe succeeds unless its command is plainly failing ({@code false}, {@code exit N}).
     */
    static ReadinessProber.Result declaredPorts(ClusterState.PodState pod, ReadinessProbe probe) {
        if ("exec".equals(probe.action())) {
            String cmd = String.join(" ", probe.command()).trim();
            java.util.regex.Matcher exit = java.util.regex.Pattern.compile("(?:^|[;&|\\s])exit\\s+(\\d+)\\s*$").matcher(cmd);
            boolean fails = cmd.equals("false") || cmd.equals("/bin/false") || cmd.endsWith(" false")
                    || exit.find() && !exit.group(1).equals("0");
            return fails ? new ReadinessProber.Result(false, "command " + probe.command() + " exited with a non-zero code")
                    : new ReadinessProber.Result(true, "command " + probe.command() + " taken to succeed (no container"
                    + " processes run in the emulator)");
        }
        if (probe.port() < 0) {
            return new ReadinessProber.Result(false, "container " + probe.container() + " has no port named \""
                    + probe.portName() + "\"");
        }
        boolean listens = pod.ports().stream().anyMatch(cp -> cp.port() == probe.port()
                && (cp.protocol() == null || "TCP".equalsIgnoreCase(cp.protocol())));
        if (!listens) {
            return new ReadinessProber.Result(false, "connection refused");
        }
        return new ReadinessProber.Result(true, "httpGet".equals(probe.action())
                ? "HTTP probe succeeded with statuscode: 200" : "connected");
    }

    /** The readiness probes of a Pod's containers, ports resolved (a named port in its container's ports). */
    static List<ReadinessProbe> probes(PodSpec spec) {
        List<ReadinessProbe> out = new ArrayList<>();
        if (spec == null || spec.getContainers() == null) {
            return out;
        }
        for (Container c : spec.getContainers()) {
            Probe p = c.getReadinessProbe();
            if (p == null) {
                continue;
            }
            String action;
            IntOrString port = null;
            String path = null;
            String scheme = null;
            List<String> command = List.of();
            if (p.getHttpGet() != null) {
                action = "httpGet";
                port = p.getHttpGet().getPort();
                path = p.getHttpGet().getPath();
                scheme = p.getHttpGet().getScheme();
            } else if (p.getTcpSocket() != null) {
                action = "tcpSocket";
                port = p.getTcpSocket().getPort();
            } else if (p.getGrpc() != null) {
                action = "grpc";
                port = p.getGrpc().getPort() == null ? null : new IntOrString(p.getGrpc().getPort());
            } else if (p.getExec() != null) {
                action = "exec";
                command = p.getExec().getCommand() == null ? List.of() : p.getExec().getCommand();
            } else {
                continue;
            }
            int number = 0;
            String name = null;
            if (port != null) {
                if (port.getIntVal() != null) {
                    number = port.getIntVal();
                } else if (port.getStrVal() != null && port.getStrVal().matches("\\d+")) {
                    number = Integer.parseInt(port.getStrVal());
                } else if (port.getStrVal() != null) {
                    name = port.getStrVal();
                    number = -1;
                    if (c.getPorts() != null) {
                        for (var cp : c.getPorts()) {
                            if (name.equals(cp.getName()) && cp.getContainerPort() != null) {
                                number = cp.getContainerPort();
                            }
                        }
                    }
                }
            }
            out.add(new ReadinessProbe(c.getName(), action, number, name, path, scheme, command,
                    orDefault(p.getInitialDelaySeconds(), 0), orDefault(p.getPeriodSeconds(), 10),
                    orDefault(p.getTimeoutSeconds(), 1), orDefault(p.getSuccessThreshold(), 1),
                    orDefault(p.getFailureThreshold(), 3)));
        }
        return out;
    }

    /** What a Pod with probes says before the first result. */
    static String notYetProbed(List<ReadinessProbe> probes) {
        ReadinessProbe first = probes.get(0);
        return "readiness probe " + first.describe() + " not run yet (initialDelaySeconds " + first.initialDelaySeconds() + ")";
    }

    private static int orDefault(Integer v, int d) {
        return v == null || v <= 0 && d > 0 ? d : v;
    }
}
