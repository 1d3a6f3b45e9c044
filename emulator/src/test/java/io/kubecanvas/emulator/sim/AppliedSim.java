package io.kubecanvas.emulator.sim;

import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.state.ClusterState;

/** A sim backend that has applied the plan of a cluster state, for tests that start from a state. */
public final class AppliedSim {
    private AppliedSim() {
    }

    public static SimBackend of(int seed, ClusterState state) {
        SimBackend sim = new SimBackend(seed);
        sim.apply(NetworkPlan.compute(state));
        return sim;
    }
}
