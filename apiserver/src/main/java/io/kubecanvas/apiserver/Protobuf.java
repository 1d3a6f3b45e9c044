package io.kubecanvas.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.Runtime;

import java.lang.reflect.Method;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Request bodies in Kubernetes' protobuf encoding, which kubectl's typed clients send ({@code kubectl create
 * deployment}, {@code create namespace}, ...): the {@code k8s\0} envelope ({@code runtime.Unknown}) around a
 * message of the Kubernetes API, read with the official Java client's generated messages and turned into
 * the JSON the same object has.
 *
 * <p>Design note: Go's protobuf encoding writes every non-pointer field, where its JSON leaves out empty
 * ones; zero scalars are therefore dropped, except the fields where zero means something
 * ({@link #ZERO_MATTERS}); a zero {@code Time} is null in JSON and is dropped too.
 */
final class Protobuf {
    static final String CONTENT_TYPE = "application/vnd.kubernetes.protobuf";
    private static final byte[] MAGIC = {'k', '8', 's', 0};
    private static final Set<String> ZERO_MATTERS = Set.of("replicas", "terminationGracePeriodSeconds", "revisionHistoryLimit",
            "progressDeadlineSeconds", "backoffLimit", "parallelism", "completions", "suspend", "automountServiceAccountToken",
            "immutable", "runAsUser", "runAsGroup", "fsGroup", "readOnlyRootFilesystem", "allowPrivilegeEscalation", "privileged",
            "runAsNonRoot", "successfulJobsHistoryLimit", "failedJobsHistoryLimit", "ttlSecondsAfterFinished", "priority",
            "value", "intVal", "activeDeadlineSeconds");
    private static final Map<String, String> OUTER = Map.ofEntries(
            Map.entry("v1", "V1"), Map.entry("apps/v1", "V1Apps"), Map.entry("batch/v1", "V1Batch"),
            Map.entry("networking.k8s.io/v1", "V1Networking"), Map.entry("policy/v1", "V1Policy"),
            Map.entry("rbac.authorization.k8s.io/v1", "V1Rbac"), Map.entry("scheduling.k8s.io/v1", "V1Scheduling"),
            Map.entry("autoscaling/v1", "V1Autoscaling"), Map.entry("storage.k8s.io/v1", "V1Storage"),
            Map.entry("authorization.k8s.io/v1", "V1Authorization"), Map.entry("authentication.k8s.io/v1", "V1Authentication"),
            Map.entry("certificates.k8s.io/v1", "V1Certificates"));

    private Protobuf() {
    }

    static boolean is(byte[] body) {
        if (body.length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (body[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** The object in a protobuf body, as JSON. */
    static JsonNode toJson(byte[] body) {
        Runtime.Unknown unknown;
        try {
            unknown = Runtime.Unknown.parseFrom(ByteString.copyFrom(body, MAGIC.length, body.length - MAGIC.length));
        } catch (InvalidProtocolBufferException e) {
            throw ApiException.badRequest("the protobuf request body cannot be read: " + e.getMessage());
        }
        String apiVersion = unknown.getTypeMeta().getApiVersion();
        String kind = unknown.getTypeMeta().getKind();
        String outer = OUTER.get(apiVersion);
        Message m;
        try {
            Class<?> type = Class.forName("io.kubernetes.client.proto." + outer + "$" + kind);
            Method parse = type.getMethod("parseFrom", ByteString.class);
            m = (Message) parse.invoke(null, unknown.getRaw());
        } catch (ReflectiveOperationException | NullPointerException e) {
            throw new ApiException(415, "UnsupportedMediaType", "this server reads protobuf bodies of the common kinds only, not "
                    + apiVersion + " " + kind + "; send JSON (application/json)", null, null, null, List.of());
        }
        ObjectNode out = ObjectRenderer.JSON.objectNode();
        out.put("apiVersion", apiVersion);
        out.put("kind", kind);
        out.setAll(message(m));
        return out;
    }

    private static ObjectNode message(Message m) {
        ObjectNode o = ObjectRenderer.JSON.objectNode();
        for (Map.Entry<Descriptors.FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
            Descriptors.FieldDescriptor f = e.getKey();
            String name = f.getJsonName();
            if (f.isMapField()) {
                ObjectNode map = o.putObject(name);
                for (Object entry : (List<?>) e.getValue()) {
                    Message me = (Message) entry;
                    Descriptors.FieldDescriptor k = me.getDescriptorForType().findFieldByName("key");
                    Descriptors.FieldDescriptor v = me.getDescriptorForType().findFieldByName("value");
                    JsonNode value = value(v, me.getField(v), true);
                    map.set(String.valueOf(me.getField(k)), value == null ? ObjectRenderer.JSON.nullNode() : value);
                }
            } else if (f.isRepeated()) {
                ArrayNode a = o.putArray(name);
                for (Object item : (List<?>) e.getValue()) {
                    JsonNode v = value(f, item, true);
                    if (v != null) {
                        a.add(v);
                    }
                }
            } else {
                JsonNode v = value(f, e.getValue(), ZERO_MATTERS.contains(name));
                if (v != null) {
                    o.set(name, v);
                }
            }
        }
        return o;
    }

    /** One value as JSON; null when Go's JSON would have left it out. */
    private static JsonNode value(Descriptors.FieldDescriptor f, Object v, boolean keepZero) {
        switch (f.getJavaType()) {
            case MESSAGE -> {
                Message m = (Message) v;
                String type = m.getDescriptorForType().getFullName();
                if (type.endsWith(".intstr.IntOrString")) {
                    Descriptors.Descriptor d = m.getDescriptorForType();
                    long kind = (Long) m.getField(d.findFieldByName("type"));
                    return kind == 1 ? ObjectRenderer.JSON.textNode((String) m.getField(d.findFieldByName("strVal")))
                            : ObjectRenderer.JSON.numberNode((Integer) m.getField(d.findFieldByName("intVal")));
                }
                if (type.endsWith(".resource.Quantity")) {
                    return ObjectRenderer.JSON.textNode((String) m.getField(m.getDescriptorForType().findFieldByName("string")));
                }
                if (type.endsWith(".meta.v1.Time") || type.endsWith(".meta.v1.MicroTime")) {
                    Descriptors.Descriptor d = m.getDescriptorForType();
                    long seconds = (Long) m.getField(d.findFieldByName("seconds"));
                    return seconds == 0 ? null : ObjectRenderer.JSON.textNode(Instant.ofEpochSecond(seconds).toString());
                }
                if (type.endsWith(".runtime.RawExtension") || type.endsWith(".meta.v1.FieldsV1")) {
                    ByteString raw = (ByteString) m.getField(m.getDescriptorForType().findFieldByName("raw"));
                    try {
                        return raw.isEmpty() ? null : ObjectRenderer.MAPPER.readTree(raw.toByteArray());
                    } catch (java.io.IOException e) {
                        return null;
                    }
                }
                return message(m);
            }
            case STRING -> {
                String s = (String) v;
                return s.isEmpty() && !keepZero ? null : ObjectRenderer.JSON.textNode(s);
            }
            case BOOLEAN -> {
                boolean b = (Boolean) v;
                return !b && !keepZero ? null : ObjectRenderer.JSON.booleanNode(b);
            }
            case INT -> {
                int i = (Integer) v;
                return i == 0 && !keepZero ? null : ObjectRenderer.JSON.numberNode(i);
            }
            case LONG -> {
                long l = (Long) v;
                return l == 0 && !keepZero ? null : ObjectRenderer.JSON.numberNode(l);
            }
            case DOUBLE, FLOAT -> {
                double d = ((Number) v).doubleValue();
                return d == 0 && !keepZero ? null : ObjectRenderer.JSON.numberNode(d);
            }
            case BYTE_STRING -> {
                ByteString b = (ByteString) v;
                return ObjectRenderer.JSON.textNode(Base64.getEncoder().encodeToString(b.toByteArray()));
            }
            case ENUM -> {
                return ObjectRenderer.JSON.textNode(((Descriptors.EnumValueDescriptor) v).getName());
            }
            default -> {
                return null;
            }
        }
    }
}
