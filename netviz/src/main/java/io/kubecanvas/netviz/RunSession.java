package io.kubecanvas.netviz;

import io.kubecanvas.emulator.backend.FaultResult;
import io.kubecanvas.emulator.backend.LinkFault;
import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.state.ClusterState;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the network view drives: a control plane deciding the {@link ClusterState} and a backend moving
 * packets. The view never talks to the control plane or a backend directly, so the same view works on
 * {@code sim}, on {@code docker} and on a replayed recording.
 */
public interface RunSession {

    /** Backends this session can run on, the default first (e.g. "sim", "docker"). */
    List<String> backends();

    String backend();

    /**
     * Chooses the backend for the next {@link #start()}.
     *
     * @throws BackendUnavailableException with a sentence for the user when it cannot be used here
     */
    void useBackend(String name) throws BackendUnavailableException;

    void start() throws BackendUnavailableException;

    void stop();

    boolean running();

    /** The latest decision of the control plane; an empty state before {@link #start()}. */
    ClusterState state();

    /** Called (on any thread) after every change of {@link #state()}. */
    void addStateListener(Consumer<ClusterState> listener);

    /**
     * Sends one request and returns every hop the backend observed, in order: the request, and the reply
     * when there is one.
     */
    List<PacketEvent> send(TrafficRequest request);

    /**
     * One probe with its outcome and every hop (the reachability matrix); the cluster must be running.
     *
     * @throws IllegalArgumentException when the target does not exist
     */
    ProbeResult probe(ProbeRequest request);

    /** The network plan the backend applies now (hop explanations read it); null before {@link #start()}. */
    NetworkPlan plan();

    /** Lets time pass in the control plane (restarts, rescheduling); a real-time backend may ignore it. */
    void advance(Duration duration);

    void stopNode(String node);

    void startNode(String node);

    void deletePod(String namespace, String name);

    /**
     * Adds delay and loss to a node's link.
     *
     * @return false when this backend cannot model it (the view then says where it applies)
     */
    boolean impairLink(String node, Duration delay, double lossPercent);

    /**
     * Delay, loss or a cut on a node's link ({@link LinkFault#NONE} heals it), with the backend's sentence saying
     * what happened or why it cannot (the docker backend needs tc netem for delay and loss).
     */
    default FaultResult impair(String node, LinkFault fault) {
        boolean done = !fault.down() && impairLink(node, fault.delay(), fault.lossPercent());
        return done ? FaultResult.done("the link of node " + node + " is " + fault)
                : FaultResult.unsupported("this session cannot change the link of node " + node);
    }

    /** Thrown when a backend cannot run here; the message is for the user. */
    final class BackendUnavailableException extends Exception {
        public BackendUnavailableException(String message) {
            super(message);
        }
    }
}
