package io.kubecanvas.apiserver;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubecanvas.model.validate.FieldSchema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OpenAPI v3 documents, one per group-version, as {@code /openapi/v3} lists them: enough for
 * {@code kubectl explain} (the kinds' schemas from the fabric8 classes, with short descriptions of the
 * fields learners meet first) and for {@code kubectl apply} (each resource's PATCH operation with its
 * {@code fieldValidation} parameter, so kubectl leaves validation to this server).
 *
 * <p>Design note: the PATCH operations do not list {@code application/strategic-merge-patch+json}, so
 * kubectl computes strategic patches from its own compiled-in types (the exact merge keys of
 * Kubernetes) rather than from this document; {@link Patches} applies them with the same keys.
 */
final class OpenApi {
    /**
     * Which document a client gets. kubectl 1.32 and 1.33 (measured; others of that age alike) parse the whole group-version document once per
     * object they apply or create, only to find the resource's PATCH operation and its {@code fieldValidation}
     * parameter (kubernetes/kubernetes#127095; kubectl 1.35 parses it once): for those commands the
     * {@link #WRITES} document, that operation and nothing else, costs kubectl a tenth of the full one per
     * object. {@code kubectl explain}, and every client that does not say it is a kubectl command, get the
     * {@link #FULL} document with the kinds' schemas.
     */
    enum Variant {
        FULL, WRITES;

        /** From the {@code Kubectl-Command} header kubectl sends with each request ("kubectl apply"). */
        static Variant forCommand(String kubectlCommand) {
            if (kubectlCommand == null || !kubectlCommand.startsWith("kubectl ") || kubectlCommand.startsWith("kubectl explain")) {
                return FULL;
            }
            return WRITES;
        }
    }

    /** A group-version's document, encoded once, and the hash its URL carries. */
    record Encoded(byte[] bytes, String hash) {
    }

    private static final Map<String, String> DESCRIPTIONS = descriptions();
    private final Map<String, Encoded> docs = new ConcurrentHashMap<>();
    private final Map<String, byte[]> roots = new ConcurrentHashMap<>();
    private volatile Object[] lastCatalog;

    /** {@code /openapi/v3}: where each group-version's document (of this variant) is, encoded once per catalog. */
    byte[] root(ResourceCatalog catalog, Variant variant) {
        return roots.computeIfAbsent(variant + "|" + catalogKey(catalog), k -> {
            ObjectNode root = ObjectRenderer.JSON.objectNode();
            ObjectNode paths = root.putObject("paths");
            for (Map.Entry<String, List<String>> g : catalog.groups().entrySet()) {
                for (String v : g.getValue()) {
                    String key = g.getKey().isEmpty() ? "api/" + v : "apis/" + g.getKey() + "/" + v;
                    Encoded doc = groupVersion(catalog, key, null, variant);
                    paths.putObject(key).put("serverRelativeURL", "/openapi/v3/" + key + "?hash=" + doc.hash());
                }
            }
            return root.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        });
    }

    /** What the documents depend on: the catalog's resources, group by group (the catalog is immutable). */
    private String catalogKey(ResourceCatalog catalog) {
        Object[] last = lastCatalog;
        if (last != null && last[0] == catalog) {
            return (String) last[1];
        }
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, List<String>> g : catalog.groups().entrySet()) {
            for (String v : g.getValue()) {
                b.append(catalog.inGroupVersion(g.getKey(), v)).append(';');
            }
        }
        String key = b.toString();
        lastCatalog = new Object[]{catalog, key};
        return key;
    }

    /**
     * The encoded document of {@code api/v1} or {@code apis/GROUP/VERSION}, or null when not served: the one
     * whose hash the URL names, else the one of {@code variant}.
     */
    Encoded groupVersion(ResourceCatalog catalog, String key, String hash, Variant variant) {
        String[] p = key.split("/");
        String group;
        String version;
        if (p.length == 2 && p[0].equals("api")) {
            group = "";
            version = p[1];
        } else if (p.length == 3 && p[0].equals("apis")) {
            group = p[1];
            version = p[2];
        } else {
            return null;
        }
        List<ResourceType> types = catalog.inGroupVersion(group, version);
        if (types.isEmpty()) {
            return null;
        }
        if (hash != null) {
            for (Variant v : Variant.values()) {
                Encoded e = encoded(key, types, v);
                if (e.hash().equalsIgnoreCase(hash)) {
                    return e;
                }
            }
        }
        return encoded(key, types, variant);
    }

    private Encoded encoded(String key, List<ResourceType> types, Variant variant) {
        return docs.computeIfAbsent(variant + "|" + key + "|" + types, k -> {
            ObjectNode doc = variant == Variant.FULL ? build(types) : buildWrites(types);
            byte[] bytes = doc.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            return new Encoded(bytes, ObjectRenderer.sha(doc.toString()).substring(0, 32).toUpperCase());
        });
    }

    /** The {@link Variant#WRITES} document: each resource's PATCH operation, its kind, parameters and patch types. */
    private static ObjectNode buildWrites(List<ResourceType> types) {
        ObjectNode doc = ObjectRenderer.JSON.objectNode();
        doc.put("openapi", "3.0.0");
        doc.putObject("info").put("title", "Kubernetes (KubeCanvas), the operations kubectl looks up before a write"
                + " (kubectl explain gets the schemas)").put("version", ObjectRenderer.KUBE_VERSION);
        ObjectNode paths = doc.putObject("paths");
        for (ResourceType t : types) {
            if (!t.can("patch")) {
                continue;
            }
            String base = t.groupVersionPath() + (t.namespaced() ? "/namespaces/{namespace}/" : "/") + t.plural();
            ObjectNode op = paths.putObject(base + "/{name}").putObject("patch");
            op.put("operationId", "patch" + t.kind());
            op.putObject("x-kubernetes-group-version-kind").put("group", t.group()).put("kind", t.kind()).put("version", t.version());
            op.put("x-kubernetes-action", "patch");
            ArrayNode params = op.putArray("parameters");
            for (String name : List.of("dryRun", "fieldManager", "fieldValidation", "force")) {
                params.addObject().put("name", name).put("in", "query");
            }
            ObjectNode content = op.putObject("requestBody").putObject("content");
            for (String ct : List.of("application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml")) {
                content.putObject(ct);
            }
        }
        return doc;
    }

    private ObjectNode build(List<ResourceType> types) {
        ObjectNode doc = ObjectRenderer.JSON.objectNode();
        doc.put("openapi", "3.0.0");
        doc.putObject("info").put("title", "Kubernetes (KubeCanvas)").put("version", ObjectRenderer.KUBE_VERSION);
        ObjectNode paths = doc.putObject("paths");
        ObjectNode schemas = doc.putObject("components").putObject("schemas");
        for (ResourceType t : types) {
            String schemaName = rootSchema(t, schemas);
            String base = t.groupVersionPath() + (t.namespaced() ? "/namespaces/{namespace}/" : "/") + t.plural();
            ObjectNode collection = paths.putObject(base);
            operation(collection.putObject("get"), t, "list", schemaName);
            if (t.can("create")) {
                ObjectNode post = operation(collection.putObject("post"), t, "create", schemaName);
                body(post, schemaName, List.of("*/*"));
            }
            ObjectNode item = paths.putObject(base + "/{name}");
            operation(item.putObject("get"), t, "read", schemaName);
            if (t.can("update")) {
                body(operation(item.putObject("put"), t, "replace", schemaName), schemaName, List.of("*/*"));
            }
            if (t.can("patch")) {
                body(operation(item.putObject("patch"), t, "patch", schemaName), "io.k8s.apimachinery.pkg.apis.meta.v1.Patch",
                        List.of("application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"));
            }
            if (t.can("delete")) {
                operation(item.putObject("delete"), t, "delete", schemaName);
            }
        }
        schemas.putObject("io.k8s.apimachinery.pkg.apis.meta.v1.Patch").put("type", "object")
                .put("description", "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.");
        return doc;
    }

    private static ObjectNode operation(ObjectNode op, ResourceType t, String verb, String schemaName) {
        op.put("description", verb + " " + (verb.equals("list") ? "objects of kind " : "the specified ") + t.kind());
        op.put("operationId", verb + t.kind());
        ObjectNode gvk = op.putObject("x-kubernetes-group-version-kind");
        gvk.put("group", t.group());
        gvk.put("kind", t.kind());
        gvk.put("version", t.version());
        op.put("x-kubernetes-action", switch (verb) {
            case "list" -> "list";
            case "create" -> "post";
            case "read" -> "get";
            case "replace" -> "put";
            default -> verb;
        });
        ArrayNode params = op.putArray("parameters");
        if (!verb.equals("read") && !verb.equals("list")) {
            param(params, "dryRun", "When present, indicates that modifications should not be persisted.");
            param(params, "fieldManager", "fieldManager is a name associated with the actor or entity that is making these changes.");
            param(params, "fieldValidation", "fieldValidation instructs the server on how to handle objects in the request"
                    + " containing unknown or duplicate fields: Ignore, Warn or Strict.");
        }
        if (verb.equals("patch")) {
            param(params, "force", "Force is going to \"force\" Apply requests: the conflicting fields change owner.");
        }
        ObjectNode ok = op.putObject("responses").putObject("200");
        ok.put("description", "OK");
        ok.putObject("content").putObject("application/json").putObject("schema")
                .put("$ref", "#/components/schemas/" + schemaName);
        return op;
    }

    private static void param(ArrayNode params, String name, String description) {
        ObjectNode p = params.addObject();
        p.put("name", name);
        p.put("in", "query");
        p.put("description", description);
        p.putObject("schema").put("type", "string").put("uniqueItems", true);
    }

    private static ObjectNode body(ObjectNode op, String schemaName, List<String> types) {
        ObjectNode content = op.putObject("requestBody").putObject("content");
        for (String t : types) {
            content.putObject(t).putObject("schema").put("$ref", "#/components/schemas/" + schemaName);
        }
        return op;
    }

    // ---- schemas -----------------------------------------------------------------------------------

    private static String rootSchema(ResourceType t, ObjectNode schemas) {
        Class<?> type = javaType(t);
        String name = "io.k8s.api." + (t.group().isEmpty() ? "core" : t.group().split("\\.")[0]) + "." + t.version() + "." + t.kind();
        if (type != null) {
            name = schemaName(type, t);
        }
        ObjectNode s;
        if (type == null) {
            s = schemas.putObject(name);
            s.put("type", "object");
            s.put("description", DESCRIPTIONS.getOrDefault(t.kind(), t.kind() + " (stored and returned as given by this server)."));
            ObjectNode props = s.putObject("properties");
            props.putObject("apiVersion").put("type", "string").put("description", DESCRIPTIONS.get("apiVersion"));
            props.putObject("kind").put("type", "string").put("description", DESCRIPTIONS.get("kind"));
            props.putObject("metadata").put("type", "object").put("description", DESCRIPTIONS.get("metadata"));
            s.put("x-kubernetes-preserve-unknown-fields", true);
        } else {
            s = objectSchema(FieldSchema.of(type), t, "", schemas, name);
        }
        ArrayNode gvk = s.putArray("x-kubernetes-group-version-kind");
        gvk.addObject().put("group", t.group()).put("kind", t.kind()).put("version", t.version());
        return name;
    }

    private static ObjectNode objectSchema(FieldSchema fs, ResourceType root, String path, ObjectNode schemas, String name) {
        ObjectNode s = schemas.putObject(name);
        s.put("type", "object");
        String d = DESCRIPTIONS.get(path.isEmpty() ? root.kind() : pathKey(root, path));
        if (d != null) {
            s.put("description", d);
        }
        ObjectNode props = s.putObject("properties");
        for (Map.Entry<String, FieldSchema> f : fs.fields().entrySet()) {
            String childPath = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
            props.set(f.getKey(), property(f.getValue(), root, childPath, schemas));
        }
        return s;
    }

    private static ObjectNode property(FieldSchema fs, ResourceType root, String path, ObjectNode schemas) {
        ObjectNode p = ObjectRenderer.JSON.objectNode();
        String d = DESCRIPTIONS.get(pathKey(root, path));
        if (d == null) {
            d = DESCRIPTIONS.get(path.substring(path.lastIndexOf('.') + 1));
        }
        switch (fs.shape()) {
            case OBJECT -> {
                String name = schemaName(fs.javaType(), root);
                if (!schemas.has(name)) {
                    objectSchema(fs, root, path, schemas, name);
                }
                // A bare $ref where the field has no description of its own (OpenAPI 3.0 ignores a $ref's siblings,
                // so a description needs the allOf wrapper). kubectl apply parses the group-version's document
                // once per object it validates: every schema object left out here is 200 fewer to parse.
                if (d != null) {
                    p.putArray("allOf").addObject().put("$ref", "#/components/schemas/" + name);
                } else {
                    p.put("$ref", "#/components/schemas/" + name);
                }
            }
            case MAP -> {
                p.put("type", "object");
                p.set("additionalProperties", property(fs.element(), root, path + ".*", schemas));
            }
            case LIST -> {
                p.put("type", "array");
                p.set("items", property(fs.element(), root, path, schemas));
                String key = Patches.mergeKey(root.kind(), path);
                if (key != null) {
                    p.put("x-kubernetes-list-type", "map");
                    p.putArray("x-kubernetes-list-map-keys").add(key);
                }
            }
            case STRING -> p.put("type", "string");
            case INTEGER -> p.put("type", "integer").put("format", "int32");
            case NUMBER -> p.put("type", "number").put("format", "double");
            case BOOLEAN -> p.put("type", "boolean");
            case INT_OR_STRING -> p.put("x-kubernetes-int-or-string", true);
            case QUANTITY -> p.put("type", "string").put("format", "quantity");
            case ANY -> p.put("x-kubernetes-preserve-unknown-fields", true);
            default -> {
            }
        }
        if (d != null) {
            p.put("description", d);
        }
        return p;
    }

    private static String pathKey(ResourceType root, String path) {
        return root.kind() + "." + path;
    }

    private static String schemaName(Class<?> c, ResourceType root) {
        String pkg = c.getPackageName();
        String rest = pkg.startsWith("io.fabric8.kubernetes.api.model") ? pkg.substring("io.fabric8.kubernetes.api.model".length()) : "";
        String group = rest.isEmpty() ? "core.v1" : rest.substring(1) + (rest.matches(".*\\.v\\d.*") ? "" : ".v1");
        return "io.k8s.api." + group + "." + c.getSimpleName();
    }

    private static Class<?> javaType(ResourceType t) {
        String pkg = switch (t.group()) {
            case "" -> "io.fabric8.kubernetes.api.model.";
            case "apps" -> "io.fabric8.kubernetes.api.model.apps.";
            case "networking.k8s.io" -> "io.fabric8.kubernetes.api.model.networking.v1.";
            default -> null;
        };
        if (pkg == null) {
            return null;
        }
        try {
            return Class.forName(pkg + t.kind());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /** Short descriptions in this project's words, for the kinds and fields learners meet first. */
    private static Map<String, String> descriptions() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("apiVersion", "The versioned schema of this representation of an object, such as v1 or apps/v1.");
        d.put("kind", "The type of the object, such as Pod or Deployment (CamelCase).");
        d.put("metadata", "Standard object metadata: name, namespace, labels, annotations and what the server records.");
        d.put("spec", "The desired state of the object, as its author writes it.");
        d.put("status", "The observed state of the object, written by the control plane; read-only for users.");
        d.put("name", "The object's name, unique within its namespace and kind.");
        d.put("namespace", "The namespace the object lives in; empty for cluster-scoped kinds.");
        d.put("labels", "Key/value pairs that selectors (Services, Deployments, NetworkPolicies) match on.");
        d.put("annotations", "Key/value pairs for tools and people; not used for selection.");
        d.put("Pod", "A Pod is one or more containers that share a network namespace (one IP) and run on one node.");
        d.put("Deployment", "A Deployment keeps a number of identical Pods running through ReplicaSets and rolls out changes"
                + " to their template.");
        d.put("ReplicaSet", "A ReplicaSet keeps a stable number of Pods of one template running; Deployments manage them.");
        d.put("DaemonSet", "A DaemonSet runs one Pod of its template on every node that admits it.");
        d.put("StatefulSet", "A StatefulSet runs Pods with stable names (name-0, name-1, ...) and stable DNS names.");
        d.put("Service", "A Service gives a set of Pods (chosen by a label selector) one stable virtual IP and DNS name;"
                + " kube-proxy load-balances its connections to the Pods' endpoints.");
        d.put("Ingress", "An Ingress routes HTTP(S) requests by host and path to Services, through an Ingress controller.");
        d.put("NetworkPolicy", "A NetworkPolicy says which traffic may reach (ingress) or leave (egress) the Pods it selects;"
                + " once a Pod is selected, everything else in that direction is dropped.");
        d.put("Namespace", "A Namespace groups names: objects in different namespaces may share a name.");
        d.put("Node", "A Node is a machine (here an emulated one) where Pods run; it has a Pod CIDR and an address on the underlay.");
        d.put("ConfigMap", "A ConfigMap holds configuration data as key/value pairs for Pods to read.");
        d.put("Secret", "A Secret holds sensitive data (base64 in data, plain text in stringData), such as TLS keys.");
        d.put("Endpoints", "Endpoints list the ready addresses behind a Service (the older form of EndpointSlices).");
        d.put("Event", "An Event records something a component did or saw, such as scheduling a Pod.");
        d.put("Deployment.spec.replicas", "How many Pods of the template should run (default 1).");
        d.put("Deployment.spec.selector", "Which Pods this Deployment owns: must match the template's labels.");
        d.put("Deployment.spec.template", "The Pod template: every Pod of this Deployment is made from it; changing it rolls out a"
                + " new ReplicaSet.");
        d.put("Deployment.spec.strategy", "How a changed template rolls out: RollingUpdate (default, within maxSurge and"
                + " maxUnavailable) or Recreate.");
        d.put("ReplicaSet.spec.replicas", "How many Pods should run.");
        d.put("containers", "The containers of the Pod; they share its network namespace and reach each other on localhost.");
        d.put("image", "The container image, such as nginx:1.27.");
        d.put("ports", "The ports this object exposes or listens on.");
        d.put("containerPort", "A port the container listens on (informational, but named ports can be a Service's targetPort).");
        d.put("nodeName", "The node the Pod runs on, set by the scheduler (or by the author to skip scheduling).");
        d.put("nodeSelector", "Node labels the Pod's node must have.");
        d.put("tolerations", "Taints of nodes this Pod tolerates.");
        d.put("Service.spec.type", "ClusterIP (default: a virtual IP inside the cluster), NodePort (also a port on every node),"
                + " LoadBalancer (also an external address) or ExternalName (a DNS alias).");
        d.put("Service.spec.selector", "The labels of the Pods that receive this Service's traffic.");
        d.put("Service.spec.ports", "The ports of the Service.");
        d.put("Service.spec.ports.port", "The port the Service listens on at its ClusterIP.");
        d.put("Service.spec.ports.targetPort", "The Pod port (number or container port name) traffic is forwarded to; default: port.");
        d.put("Service.spec.ports.nodePort", "The port opened on every node for NodePort and LoadBalancer Services (30000-32767).");
        d.put("Service.spec.clusterIP", "The Service's virtual IP, allocated from the service CIDR; None for a headless Service.");
        d.put("Ingress.spec.rules", "Host and path rules, each sending matching requests to a Service port.");
        d.put("Ingress.spec.ingressClassName", "The IngressClass (controller) that serves this Ingress.");
        d.put("NetworkPolicy.spec.podSelector", "The Pods the policy applies to; an empty selector selects every Pod of the namespace.");
        d.put("NetworkPolicy.spec.policyTypes", "Ingress, Egress or both: the directions this policy isolates.");
        d.put("NetworkPolicy.spec.ingress", "Allowed incoming traffic: each rule lists sources (from) and ports.");
        d.put("NetworkPolicy.spec.egress", "Allowed outgoing traffic: each rule lists destinations (to) and ports.");
        return d;
    }
}
