package io.kubecanvas.apiserver;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A failed request as the API server reports it: an HTTP code and a {@code Status} object with reason,
 * message and details (the object's name and kind, and per-field causes), the same words kubectl prints
 * for a real cluster ({@code Error from server (NotFound): pods "x" not found}).
 */
public final class ApiException extends RuntimeException {
    /** One field that failed: {@code FieldValueInvalid} at {@code spec.replicas}. */
    public record Cause(String reason, String message, String field) {
    }

    private final int code;
    private final String reason;
    private final String name;
    private final String group;
    private final String kind;
    private final List<Cause> causes;

    public ApiException(int code, String reason, String message, String name, String group, String kind, List<Cause> causes) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.name = name;
        this.group = group;
        this.kind = kind;
        this.causes = List.copyOf(causes);
    }

    public static ApiException notFound(ResourceType t, String name) {
        return new ApiException(404, "NotFound", t.qualifiedName() + " \"" + name + "\" not found", name, t.group(),
                t.plural(), List.of());
    }

    /** The path names nothing this server serves, as for an unknown group, version or resource. */
    public static ApiException noSuchPath() {
        return new ApiException(404, "NotFound", "the server could not find the requested resource", null, null, null,
                List.of(new Cause("UnexpectedServerResponse", "404 page not found", null)));
    }

    public static ApiException alreadyExists(ResourceType t, String name) {
        return new ApiException(409, "AlreadyExists", t.qualifiedName() + " \"" + name + "\" already exists", name,
                t.group(), t.plural(), List.of());
    }

    public static ApiException conflict(ResourceType t, String name, String why) {
        return new ApiException(409, "Conflict", "Operation cannot be fulfilled on " + t.qualifiedName() + " \"" + name
                + "\": " + why, name, t.group(), t.plural(), List.of());
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequest", message, null, null, null, List.of());
    }

    public static ApiException methodNotAllowed(String message) {
        return new ApiException(405, "MethodNotAllowed", message, null, null, null, List.of());
    }

    public static ApiException forbidden(ResourceType t, String name, String why) {
        return new ApiException(403, "Forbidden", t.qualifiedName() + " \"" + name + "\" is forbidden: " + why, name,
                t.group(), t.plural(), List.of());
    }

    public static ApiException unsupportedMediaType(String contentType) {
        return new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted"
                + " media types include: application/json-patch+json, application/merge-patch+json,"
                + " application/apply-patch+yaml, application/strategic-merge-patch+json (got " + contentType + ")",
                null, null, null, List.of());
    }

    /**
     * 422 Invalid: {@code Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: ...}, one
     * cause per field.
     */
    public static ApiException invalid(ResourceType t, String name, List<Cause> causes) {
        List<String> parts = new ArrayList<>();
        for (Cause c : causes) {
            parts.add(c.field() == null || c.field().isEmpty() ? c.message() : c.field() + ": " + c.message());
        }
        String joined = parts.size() == 1 ? parts.get(0) : "[" + String.join(", ", parts) + "]";
        return new ApiException(422, "Invalid", t.qualifiedKind() + " \"" + name + "\" is invalid: " + joined, name,
                t.group(), t.kind(), causes);
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public List<Cause> causes() {
        return causes;
    }

    /** The {@code Status} object. */
    public ObjectNode status() {
        return status(code, reason, getMessage(), name, group, kind, causes);
    }

    static ObjectNode status(int code, String reason, String message, String name, String group, String kind, List<Cause> causes) {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", code < 300 ? "Success" : "Failure");
        if (message != null) {
            s.put("message", message);
        }
        if (reason != null) {
            s.put("reason", reason);
        }
        if (name != null || kind != null || !causes.isEmpty()) {
            ObjectNode d = s.putObject("details");
            if (name != null) {
                d.put("name", name);
            }
            if (group != null && !group.isEmpty()) {
                d.put("group", group);
            }
            if (kind != null) {
                d.put("kind", kind);
            }
            if (!causes.isEmpty()) {
                ArrayNode a = d.putArray("causes");
                for (Cause c : causes) {
                    ObjectNode cn = a.addObject();
                    cn.put("reason", c.reason());
                    cn.put("message", c.message());
                    if (c.field() != null) {
                        cn.put("field", c.field());
                    }
                }
            }
        }
        s.put("code", code);
        return s;
    }
}
