package io.kubecanvas.emulator.backend;

import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.state.ClusterState;

import java.util.function.Consumer;

/**
 * A running emulated cluster network. One sync point: {@link #apply} takes the whole desired state and
 * its plan (computed by {@link NetworkPlan#compute}) and makes the network match it; probes then run
 * against what was applied.
 */
public interface EmulatorBackend extends AutoCloseable {

    /** "sim" or "docker". */
    String name();

    /** Makes the network match this state and plan (the first call creates it). */
    void apply(ClusterState state, NetworkPlan plan);

    /** Opens one connection (or sends one datagram or echo request) and reports every hop and the outcome. */
    ProbeResult probe(ProbeRequest request);

    /**
     * A probe whose result may leave out the hops when {@code recordHops} is false (the reachability matrix
     * needs outcomes only); subscribers still see every event. Backends that cannot save work just probe.
     */
    default ProbeResult probe(ProbeRequest request, boolean recordHops) {
        return probe(request);
    }

    /** Every packet event from now on, from probes and any other traffic; close the handle to stop. */
    Subscription subscribe(Consumer<PacketEvent> listener);

    /** Tears the network down. */
    @Override
    void close();

    /** A registration of a listener; closing it unsubscribes. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
