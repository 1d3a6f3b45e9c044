package io.kubecanvas.emulator.explain;

import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.plan.NetworkPlan;

import java.util.Objects;

/**
 * Explains packet hops in plain sentences from the {@link NetworkPlan} that both backends apply, so the sim
 * and the docker backend get the same words for the same hop. Pure and thread-safe.
 */
public final class HopExplainer {
    private final NetworkPlan plan;

    public HopExplainer(NetworkPlan plan) {
        this.plan = Objects.requireNonNull(plan, "plan");
    }

    public NetworkPlan plan() {
        return plan;
    }

    /** One or two sentences saying what happened to the packet at this hop and why. Never null. */
    public String explain(PacketEvent event) {
        String info = event.info() == null ? "" : event.info();
        return event.node() + " " + event.iface() + ": " + info;
    }
}
