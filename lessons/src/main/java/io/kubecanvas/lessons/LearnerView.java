package io.kubecanvas.lessons;

import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.Design;

import java.util.List;
import java.util.Set;

/**
 * What the learner has in front of them, the input of every step condition: the design being edited, the
 * running cluster (null before it runs), the selected elements, the open tab, the network view's layer, and
 * the packet events seen since the step opened.
 */
public record LearnerView(Design design, ClusterState state, Set<String> selection, String tab, String layer,
                          List<PacketEvent> events) {

    public LearnerView {
        selection = Set.copyOf(selection);
        events = List.copyOf(events);
    }

    public static LearnerView of(Design design) {
        return new LearnerView(design, null, Set.of(), "design", null, List.of());
    }

    public LearnerView withEvents(List<PacketEvent> seen) {
        return new LearnerView(design, state, selection, tab, layer, seen);
    }
}
