package io.kubecanvas.model.validate;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kubecanvas.model.KubeKinds;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shape of a field as the fabric8 classes declare it, found by Jackson introspection rather than
 * written by hand, so it follows the Kubernetes API the library was generated from. One schema per
 * Java type, cached: introspection is slow, lookups afterwards are a map get. Public for the API
 * server's OpenAPI document, which describes the same shapes.
 */
public final class FieldSchema {

    /** What a value must look like. */
    public enum Shape {
        /** an object with known fields */
        OBJECT,
        /** a map with free keys whose values follow {@link #element} */
        MAP,
        /** a list whose items follow {@link #element} */
        LIST,
        STRING,
        INTEGER,
        NUMBER,
        BOOLEAN,
        /** a number or a string (IntOrString) */
        INT_OR_STRING,
        /** a quantity: {@code 500m}, {@code 1Gi} or a plain number */
        QUANTITY,
        /** anything goes (free-form JSON, custom deserializers) */
        ANY
    }

    private static final Map<JavaType, FieldSchema> CACHE = new ConcurrentHashMap<>();

    final Shape shape;
    final String typeName;
    /** For OBJECT: field name to the schema of its value; filled lazily to allow recursive types. */
    private volatile Map<String, FieldSchema> fields;
    private volatile FieldSchema element;
    private final JavaType type;

    private FieldSchema(Shape shape, JavaType type) {
        this.shape = shape;
        this.type = type;
        this.typeName = type == null ? "any" : type.getRawClass().getSimpleName();
    }

    public static FieldSchema of(Class<?> type) {
        return of(KubeKinds.MAPPER.constructType(type));
    }

    static FieldSchema of(JavaType type) {
        FieldSchema s = CACHE.get(type);
        if (s == null) {
            s = CACHE.computeIfAbsent(type, FieldSchema::introspect);
        }
        return s;
    }

    private static FieldSchema introspect(JavaType t) {
        Class<?> c = t.getRawClass();
        Shape shape;
        if (c == String.class) {
            shape = Shape.STRING;
        } else if (c == Integer.class || c == int.class || c == Long.class || c == long.class
                || c == Short.class || c == short.class) {
            shape = Shape.INTEGER;
        } else if (c == Double.class || c == double.class || c == Float.class || c == float.class) {
            shape = Shape.NUMBER;
        } else if (c == Boolean.class || c == boolean.class) {
            shape = Shape.BOOLEAN;
        } else if (c == IntOrString.class) {
            shape = Shape.INT_OR_STRING;
        } else if (c == Quantity.class) {
            shape = Shape.QUANTITY;
        } else if (t.isCollectionLikeType() || t.isArrayType()) {
            shape = Shape.LIST;
        } else if (t.isMapLikeType()) {
            shape = Shape.MAP;
        } else if (KubernetesResource.class.isAssignableFrom(c) && !hasCustomDeserializer(c)) {
            shape = Shape.OBJECT;
        } else {
            shape = Shape.ANY;
        }
        return new FieldSchema(shape, t);
    }

    private static boolean hasCustomDeserializer(Class<?> c) {
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            JsonDeserialize d = k.getAnnotation(JsonDeserialize.class);
            if (d != null && d.using() != com.fasterxml.jackson.databind.JsonDeserializer.None.class) {
                return true;
            }
        }
        return false;
    }

    /** For LIST and MAP: the schema of the items or values. */
    public FieldSchema element() {
        FieldSchema el = element;
        if (el == null) {
            JavaType e = type.getContentType();
            el = e == null ? ANY : of(e);
            element = el;
        }
        return el;
    }

    /** For OBJECT: the known field names in declaration order, with their schemas. */
    public Map<String, FieldSchema> fields() {
        Map<String, FieldSchema> f = fields;
        if (f == null) {
            DeserializationConfig config = KubeKinds.MAPPER.getDeserializationConfig();
            BeanDescription desc = config.introspect(type);
            Map<String, FieldSchema> out = new LinkedHashMap<>();
            for (BeanPropertyDefinition p : desc.findProperties()) {
                if (p.couldDeserialize() && !p.isTypeId()) {
                    out.put(p.getName(), of(p.getPrimaryType()));
                }
            }
            f = Collections.unmodifiableMap(out);
            fields = f;
        }
        return f;
    }

    public Shape shape() {
        return shape;
    }

    /** The Java class the shape comes from, or null for free-form values. */
    public Class<?> javaType() {
        return type == null ? null : type.getRawClass();
    }

    /** The schema of a field, or null when the object has no such field. */
    FieldSchema field(String name) {
        return fields().get(name);
    }

    static final FieldSchema ANY = new FieldSchema(Shape.ANY, null);

    /** How the expected shape reads in a message. */
    String describe() {
        return switch (shape) {
            case OBJECT -> "an object (" + typeName + ")";
            case MAP -> "a map";
            case LIST -> "a list";
            case STRING -> "a string";
            case INTEGER -> "an integer";
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            case INT_OR_STRING -> "a number or a name";
            case QUANTITY -> "a quantity such as 500m or 1Gi";
            case ANY -> "any value";
        };
    }
}
