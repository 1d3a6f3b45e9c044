package io.kubecanvas.emulator.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubecanvas.model.KubeKinds;
import io.kubecanvas.model.KubeObject;

/**
 * The fabric8 view of a design object. {@link KubeObject#typed()} converts the tree in memory, which
 * fabric8 7.5's IntOrString cannot be built from (a numeric {@code targetPort} or NetworkPolicy
 * {@code port} yields null); going through JSON text works, so that is the fallback.
 */
final class TypedView {
    private TypedView() {
    }

    static HasMetadata of(KubeObject object) {
        HasMetadata t = object.typed();
        if (t != null) {
            return t;
        }
        Class<? extends HasMetadata> type = KubeKinds.typeOf(object.kind());
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
