package io.kubecanvas.lessons;

import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.control.ControlPlane;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.sim.SimBackend;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.KubeObject;

import java.util.List;

/**
 * A design running on the sim backend, for grading and lessons: control plane, network plan, sim dataplane.
 * The one place this module starts a cluster (design -> control plane -> plan -> backend), so it can move
 * to the shared orchestrator in one edit.
 */
public final class SimRun implements AutoCloseable {
    private final ControlPlane controlPlane;
    private final ClusterState state;
    private final NetworkPlan plan;
    private final SimBackend sim;

    private SimRun(ControlPlane controlPlane) {
        this.controlPlane = controlPlane;
        this.state = controlPlane.state();
        this.plan = NetworkPlan.compute(state);
        this.sim = new SimBackend(1);
        sim.apply(state, plan);
    }

    /**
     * Runs {@code design}, settled; {@code extra} objects (the grader's probe Pods) are applied after it, so
     * they never change where the design's own Pods were scheduled.
     *
     * @throws IllegalArgumentException when the control plane cannot run the design's cluster settings
     */
    public static SimRun start(Design design, List<KubeObject> extra) {
        ControlPlane cp = ControlPlane.start(design, 1);
        if (!extra.isEmpty()) {
            Design more = design;
            for (KubeObject o : extra) {
                more = more.add(o);
            }
            cp.apply(more);
        }
        return new SimRun(cp);
    }

    public ClusterState state() {
        return state;
    }

    public NetworkPlan plan() {
        return plan;
    }

    public ControlPlane controlPlane() {
        return controlPlane;
    }

    public ProbeResult probe(ProbeRequest request) {
        return sim.probe(request);
    }

    @Override
    public void close() {
        sim.close();
    }
}
