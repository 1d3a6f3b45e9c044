package io.kubecanvas.emulator.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubecanvas.model.KubeKinds;
import io.kubecanvas.model.KubeObject;

/**
 * The fabric8 view of a design object, read from the tree's JSON text. {@link KubeObject#typed()} converts
 * the tree in memory, from which fabric8 7.5's IntOrString is not built correctly (a numeric
 * {@code targetPort} fails the whole Service; a NetworkPolicy's numeric {@code port} comes out empty);
 * parsing JSON text builds it right.
 */
final class TypedView {
    private TypedView() {
    }

    static HasMetadata of(KubeObject object) {
        Class<? extends HasMetadata> type = KubeKinds.typeOf(object.kind());
        if (type == null) {
            type = switch (String.valueOf(object.kind())) {
                case Kinds.DAEMON_SET -> io.fabric8.kubernetes.api.model.apps.DaemonSet.class;
                case Kinds.STATEFUL_SET -> io.fabric8.kubernetes.api.model.apps.StatefulSet.class;
                default -> null;
            };
        }
        if (type == null) {
            return null;
        }
        try {
            return KubeKinds.MAPPER.readValue(KubeKinds.MAPPER.writeValueAsString(object.tree()), type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return null;
        }
    }
}
