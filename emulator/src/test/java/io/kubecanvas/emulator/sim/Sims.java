package io.kubecanvas.emulator.sim;

import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.state.ClusterState;

/** Tests hand the sim a cluster state; the backend takes the plan computed from it, as the orchestrator does. */
public final class Sims {
    private Sims() {
    }

    public static SimBackend running(ClusterState state) {
        return running(1L, state);
    }

    public static SimBackend running(long seed, ClusterState state) {
        SimBackend b = new SimBackend(seed);
        b.apply(NetworkPlan.compute(state));
        return b;
    }

    public static void apply(SimBackend b, ClusterState state) {
        b.apply(NetworkPlan.compute(state));
    }
}
