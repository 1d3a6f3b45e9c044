package io.kubecanvas.emulator.backend;

import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.plan.NetworkPlan;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A running emulated cluster network. One sync point: {@link #apply} takes the whole plan (the complete and
 * only input: nodes, Pods with their containers, Services, rules, DNS, Ingress, host exposures) and makes the
 * network match it; probes then run against what runs. Faults are operations here, so they behave the same on
 * every backend. Backends know nothing of the control plane; {@link io.kubecanvas.emulator.run.ClusterRun}
 * drives them.
 */
public interface EmulatorBackend extends AutoCloseable {

    /** "sim" or "docker". */
    String name();

    /** Makes the network match this plan (the first call creates it). */
    void apply(NetworkPlan plan);

    /** The plan the network runs: the last one applied, or the one found running; null before either. */
    NetworkPlan plan();

    /** Opens one connection (or sends one datagram, DNS query or echo request) and reports every hop and the outcome. */
    ProbeResult probe(ProbeRequest request);

    /**
     * A probe whose result may leave out the hops when {@code recordHops} is false (the reachability matrix
     * needs outcomes only); subscribers still see every event. Backends that cannot save work just probe.
     */
    default ProbeResult probe(ProbeRequest request, boolean recordHops) {
        return probe(request);
    }

    /**
     * The underlay range a new cluster gets when the design asks for {@code wanted}: the sim takes any; the
     * docker backend one free of the machine's Docker networks and routes (and of {@code avoid}, the Pod and
     * Service ranges), so clusters run side by side. Asked once, before the first {@link #apply}.
     *
     * @throws IllegalStateException when no range is free, saying what holds them
     */
    default String underlayFor(String wanted, List<String> avoid) {
        return wanted;
    }

    /**
     * A new cluster is about to be planned: its underlay (as {@link #underlayFor} gave it, keeping off {@code avoid}, the
     * Pod and Service ranges) and the underlay address of each node as a new control plane gives it (a forecast: the
     * plan has the last word). The backend may begin what does not wait for the plan (the docker backend starts the
     * node containers). Called at most once, before the first {@link #apply}; {@link #abandon} follows when the design
     * does not start.
     */
    default void prepare(String underlayCidr, List<String> avoid, java.util.Map<String, String> nodeAddresses) {
    }

    /** The design given to {@link #prepare} did not start: whatever prepare began is undone. */
    default void abandon() {
    }

    /**
     * Whether {@link #checkReadiness} runs Pods' readiness probes for real (the docker backend); if not, the
     * control plane answers them from the Pods' declared ports, which are the sim's listeners.
     */
    default boolean checksReadiness() {
        return false;
    }

    /** Runs one readiness probe against the running Pod (only called when {@link #checksReadiness}). */
    default ReadinessCheck.Outcome checkReadiness(ReadinessCheck check) {
        throw new UnsupportedOperationException(name() + " does not run readiness probes");
    }

    /**
     * Pod key ({@code ns/name}) to what the Pod runs other than its spec says, for a backend that runs real
     * containers (init containers that failed, images not pulled, containers that exited); empty for the sim,
     * whose Pods run as planned (init containers complete at once).
     */
    default java.util.Map<String, PodRuntime> podRuntime() {
        return java.util.Map.of();
    }

    /** Many probes, results in request order without hops; a backend that can run them at once does. */
    default List<ProbeResult> probeAll(List<ProbeRequest> requests) {
        List<ProbeResult> out = new ArrayList<>(requests.size());
        for (ProbeRequest r : requests) {
            out.add(probe(r, false));
        }
        return out;
    }

    /** Every packet event from now on, from probes and any other traffic; close the handle to stop. */
    Subscription subscribe(Consumer<PacketEvent> listener);

    // ---- faults ---------------------------------------------------------------------------------

    /** Takes a node off the network (docker stops its container; its Pods go with it) until {@link #startNode}. */
    void stopNode(String node);

    /** Brings a stopped node back; its Pods are plumbed again by the next {@link #apply}. */
    void startNode(String node);

    /**
     * Kills a Pod's containers (a crash): nothing answers on its ports until the next {@link #apply}, which
     * restarts them as the kubelet would. The Pod keeps its sandbox and address.
     */
    void killPod(String podKey);

    /** Adds delay, loss or a cut to a node's underlay link; {@link LinkFault#NONE} removes it. Says when it cannot. */
    FaultResult impairLink(String node, LinkFault fault);

    /** Nodes that do not run now, whatever the plan says (a container stopped from outside, a node stopped here). */
    Set<String> stoppedNodes();

    /** Tears the network down (or, for a cluster that outlives this process, lets go of it). */
    @Override
    void close();

    /** A registration of a listener; closing it unsubscribes. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
