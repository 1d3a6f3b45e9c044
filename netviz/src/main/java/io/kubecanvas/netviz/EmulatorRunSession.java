package io.kubecanvas.netviz;

import io.kubecanvas.emulator.backend.EmulatorBackend;
import io.kubecanvas.emulator.backend.FaultResult;
import io.kubecanvas.emulator.backend.LinkFault;
import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.backend.Protocol;
import io.kubecanvas.emulator.control.ControlPlane;
import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.run.ClusterRun;
import io.kubecanvas.emulator.state.ClusterState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The real session: a {@link ControlPlane} and an {@link EmulatorBackend} made by name, run together by the
 * emulator's one orchestrator ({@link ClusterRun}): every settled state becomes a plan the backend applies,
 * and faults go to both. The docker backend is offered only when an engine answers ({@link DockerEngineProbe}).
 */
public final class EmulatorRunSession implements RunSession {
    private final ControlPlane controlPlane;
    private final Map<String, Supplier<EmulatorBackend>> factories;
    private final List<Consumer<ClusterState>> listeners = new CopyOnWriteArrayList<>();
    private String chosen;
    private ClusterRun run;
    private final Runnable unlisten;

    /**
     * @param factories backends by name ("sim", "docker"); sim is the default when present, else the map's first;
     *                  a name mapped to null is listed but not part of this build
     */
    public EmulatorRunSession(ControlPlane controlPlane, Map<String, Supplier<EmulatorBackend>> factories) {
        this.controlPlane = controlPlane;
        if (factories.isEmpty()) {
            throw new IllegalArgumentException("a session needs at least one backend");
        }
        // sim first whatever map was given (Map.of has no order): it is the default and runs anywhere.
        this.factories = new LinkedHashMap<>();
        if (factories.containsKey("sim")) {
            this.factories.put("sim", factories.get("sim"));
        }
        this.factories.putAll(factories);
        this.chosen = this.factories.keySet().iterator().next();
        // While a backend runs, views hear of a state once its plan is applied (the run's plan listener).
        this.unlisten = controlPlane.addListener(s -> {
            if (currentRun() == null) {
                listeners.forEach(l -> l.accept(s));
            }
        });
    }

    @Override
    public List<String> backends() {
        return new ArrayList<>(factories.keySet());
    }

    @Override
    public synchronized String backend() {
        return chosen;
    }

    @Override
    public void useBackend(String name) throws BackendUnavailableException {
        if (!factories.containsKey(name)) {
            throw new BackendUnavailableException("Unknown backend '" + name + "' (choose " + String.join(" or ", factories.keySet()) + ").");
        }
        if (factories.get(name) == null) {
            throw new BackendUnavailableException("The " + name + " backend is not part of this build.");
        }
        if ("docker".equals(name)) {
            String why = DockerEngineProbe.unavailableReason();
            if (why != null) {
                throw new BackendUnavailableException(why);
            }
        }
        synchronized (this) {
            if (run != null && !name.equals(chosen)) {
                stop();
            }
            chosen = name;
        }
    }

    @Override
    public void start() throws BackendUnavailableException {
        Supplier<EmulatorBackend> f = factories.get(backend());
        if (f == null) {
            throw new BackendUnavailableException("The " + backend() + " backend is not part of this build.");
        }
        EmulatorBackend b;
        try {
            b = f.get();
        } catch (RuntimeException e) {
            throw new BackendUnavailableException("The " + backend() + " backend could not start: " + e.getMessage());
        }
        ClusterRun r;
        try {
            r = ClusterRun.start(controlPlane, b);
        } catch (RuntimeException e) {
            b.close();
            throw new BackendUnavailableException("The " + backend() + " backend could not start: " + e.getMessage());
        }
        r.addPlanListener(p -> {
            ClusterState now = controlPlane.state();
            listeners.forEach(l -> l.accept(now));
        });
        synchronized (this) {
            run = r;
        }
        ClusterState s = controlPlane.state();
        listeners.forEach(l -> l.accept(s));
    }

    @Override
    public synchronized void stop() {
        if (run != null) {
            run.close();
            run = null;
        }
    }

    @Override
    public synchronized boolean running() {
        return run != null;
    }

    /** The plan the running backend applies, or null when nothing runs. */
    @Override
    public synchronized NetworkPlan plan() {
        return run == null ? null : run.plan();
    }

    @Override
    public ClusterState state() {
        return controlPlane.state();
    }

    @Override
    public void addStateListener(Consumer<ClusterState> listener) {
        listeners.add(listener);
    }

    @Override
    public List<PacketEvent> send(TrafficRequest request) {
        ProbeResult r = requireRun().probe(toProbe(request, controlPlane.state()));
        return r.hops();
    }

    @Override
    public ProbeResult probe(ProbeRequest request) {
        return requireRun().probe(request);
    }

    private synchronized ClusterRun requireRun() {
        if (run == null) {
            throw new IllegalStateException("the cluster is not running: press Run");
        }
        return run;
    }

    /** With a running backend, faults go through the orchestrator (backend and control plane); else to the control plane. */
    private synchronized ClusterRun currentRun() {
        return run;
    }

    /** The traffic panel's words in the backend's terms. */
    static ProbeRequest toProbe(TrafficRequest r, ClusterState state) {
        Protocol p = switch (r.protocol()) {
            case "udp", "dns" -> Protocol.UDP;
            case "icmp" -> Protocol.ICMP;
            case "sctp" -> Protocol.SCTP;
            default -> Protocol.TCP;
        };
        String target = r.target();
        int port = r.port();
        // "namespace/name" of a Service (not a Pod) is "name.namespace" to the probe, as DNS writes it.
        if (state != null && !target.contains("://") && target.indexOf('/') > 0) {
            String[] nn = target.split("/", 2);
            if (state.pod(nn[0], nn[1]) == null && state.service(nn[0], nn[1]) != null) {
                target = nn[1] + "." + nn[0];
            }
        }
        // "IP:port" (a ClusterIP or a NodePort on a node address) is an address and a port to the backend.
        int colon = target.lastIndexOf(':');
        if (!target.contains("://") && colon > 0 && target.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            port = Integer.parseInt(target.substring(colon + 1));
            target = target.substring(0, colon);
        }
        return new ProbeRequest(r.fromOutside() ? ProbeRequest.EXTERNAL : r.source(), target, port, p);
    }

    @Override
    public void advance(Duration duration) {
        ClusterRun r = currentRun();
        if (r != null) {
            r.advance(duration);
        } else {
            controlPlane.advance(duration);
        }
    }

    @Override
    public void stopNode(String node) {
        ClusterRun r = currentRun();
        if (r != null) {
            r.stopNode(node);
        } else {
            controlPlane.stopNode(node);
        }
        // The node-monitor grace period has to pass before its Pods are evicted; show that happen.
        advance(ControlPlane.DEFAULT_NODE_GRACE.plusSeconds(1));
    }

    @Override
    public void startNode(String node) {
        ClusterRun r = currentRun();
        if (r != null) {
            r.startNode(node);
        } else {
            controlPlane.startNode(node);
        }
    }

    @Override
    public void deletePod(String namespace, String name) {
        ClusterRun r = currentRun();
        if (!(r != null ? r.deletePod(namespace, name) : controlPlane.deletePod(namespace, name))) {
            throw new IllegalArgumentException("no Pod " + namespace + "/" + name);
        }
        advance(Duration.ofSeconds(5));
    }

    @Override
    public boolean impairLink(String node, Duration delay, double lossPercent) {
        return impair(node, new LinkFault(delay, lossPercent, false)).applied();
    }

    @Override
    public FaultResult impair(String node, LinkFault fault) {
        ClusterRun r = currentRun();
        if (r == null) {
            return FaultResult.unsupported("the cluster is not running: press Run");
        }
        return r.impairLink(node, fault);
    }

    /** Unhooks from the control plane and tears the network down. */
    public void close() {
        unlisten.run();
        stop();
    }
}
