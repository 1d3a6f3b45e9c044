package io.kubecanvas.lessons;

import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.control.ControlPlane;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.run.ClusterRun;
import io.kubecanvas.emulator.sim.SimBackend;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.KubeObject;

import java.util.List;

/**
 * A design running on the sim backend, for grading and lessons, through the emulator's one orchestrator
 * ({@link ClusterRun}): control plane, network plan, sim dataplane. The one place this module starts a cluster.
 */
public final class SimRun implements AutoCloseable {
    private final ClusterRun run;
    private final ClusterState state;

    private SimRun(ControlPlane controlPlane) {
        this.run = ClusterRun.start(controlPlane, new SimBackend(1));
        this.state = controlPlane.state();
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
        return run.plan();
    }

    public ControlPlane controlPlane() {
        return run.controlPlane();
    }

    public ProbeResult probe(ProbeRequest request) {
        return run.probe(request);
    }

    @Override
    public void close() {
        run.close();
    }
}
