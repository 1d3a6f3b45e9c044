package io.kubecanvas.emulator.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
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

    /** The typed object, or null for kinds the emulator has no type for; a field of the wrong type is refused. */
    static HasMetadata of(KubeObject object) throws AdmissionException {
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
        } catch (JsonMappingException e) {
            throw new AdmissionException(object.kind() + " \"" + object.name() + "\" is invalid: " + path(e)
                    + ": Invalid value: the field has the wrong type (" + firstLine(e.getOriginalMessage()) + ")");
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new AdmissionException(object.kind() + " \"" + object.name() + "\" could not be read: " + e.getMessage());
        }
    }

    /** The failing field as a path such as {@code spec.template.spec.containers[0].ports[0].containerPort}. */
    static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                out.append('[').append(r.getIndex()).append(']');
            }
        }
        return out.length() == 0 ? "(object)" : out.toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        int at = line.indexOf(" at [Source");
        return at < 0 ? line : line.substring(0, at);
    }
}
