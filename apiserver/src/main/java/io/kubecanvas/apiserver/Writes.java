package io.kubecanvas.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubecanvas.emulator.control.ControlPlane;
import io.kubecanvas.emulator.control.Rejection;
import io.kubecanvas.model.Cluster;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.ObjectKey;
import io.kubecanvas.model.Trees;
import io.kubecanvas.model.validate.DesignValidator;
import io.kubecanvas.model.validate.Finding;
import io.kubecanvas.model.validate.Severity;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The write path: create, replace, patch (JSON, merge, strategic, apply), scale and delete, each turned into
 * what it means for the emulator.
 *
 * <p>Objects users write belong to the design: a write becomes a {@link DesignChange} (the object's new
 * tree, without status and server-set metadata, keeping the design's key order), which the control plane
 * then applies. Objects the controllers made are changed where the emulator models it: a Pod's labels, a
 * node's labels and taints (the design's Cluster document), deleting a Pod (its owner replaces it). Server
 * bookkeeping (managedFields, kubectl's last-applied annotation) stays on the served object.
 *
 * <p>Validation: the body must be JSON or YAML of the resource's kind; unknown fields follow
 * {@code fieldValidation} (Strict: 400, Warn: a warning); the model's validator and the control plane's
 * admission give 422 Invalid with a cause per field. Writes are serialised.
 */
final class Writes {
    private static final Set<String> SERVER_METADATA = Set.of("uid", "resourceVersion", "generation", "creationTimestamp",
            "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds");
    private static final Set<String> SYSTEM_NAMESPACES = Set.of("default", "kube-system", "kube-public", "kube-node-lease");
    private static final Set<String> KUBELET_NODE_LABELS = Set.of("kubernetes.io/os", "kubernetes.io/arch");
    private static final String UNSCHEDULABLE_TAINT = "node.kubernetes.io/unschedulable";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Who writes and how: the field manager, dry run, unknown-field handling, and the undo title's verb. */
    record Request(String manager, boolean dryRun, String fieldValidation, String command, String session, List<String> warnings) {
    }

    private final ClusterAccess cluster;
    private final ServedObjects served;
    private final ServerMetadata metadata;
    private final DesignValidator validator = new DesignValidator();

    Writes(ClusterAccess cluster, ServedObjects served, ServerMetadata metadata) {
        this.cluster = cluster;
        this.served = served;
        this.metadata = metadata;
    }

    // ---- create ----------------------------------------------------------------------------------

    synchronized ObjectNode create(ResourceType t, String ns, JsonNode body, Request rq) {
        ObjectNode obj = checkBody(t, body);
        ObjectNode meta = obj.with("metadata");
        if (t.namespaced()) {
            String given = meta.path("namespace").asText("");
            if (!given.isEmpty() && !given.equals(ns)) {
                throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
            meta.put("namespace", ns);
        } else {
            meta.remove("namespace");
        }
        if (!meta.hasNonNull("name") || meta.path("name").asText().isEmpty()) {
            String prefix = meta.path("generateName").asText("");
            if (prefix.isEmpty()) {
                throw ApiException.invalid(t, "", List.of(new ApiException.Cause("FieldValueRequired",
                        "Required value: name or generateName is required", "metadata.name")));
            }
            meta.put("name", generatedName(t, ns, prefix));
        }
        String name = meta.path("name").asText();
        switch (t.kind()) {
            case "Node" -> throw ApiException.methodNotAllowed("nodes join a KubeCanvas cluster from the design's Cluster"
                    + " document: add the node on the canvas (or in the design file) instead of creating a Node object");
            case "Event", "Endpoints", "EndpointSlice", "Lease", "Binding" -> {
                if (!t.kind().equals("EndpointSlice") && !t.kind().equals("Endpoints")) {
                    throw ApiException.methodNotAllowed(t.plural() + " are written by the emulator's own components, not by clients");
                }
            }
            default -> {
            }
        }
        ServedObjects.Snapshot snap = served.snapshot();
        if (snap.get(t, t.namespaced() ? ns : "", name) != null) {
            throw ApiException.alreadyExists(t, name);
        }
        if (t.namespaced() && snap.get(snap.catalog().byPath("", "v1", "namespaces"), "", ns) == null) {
            throw ApiException.notFound(snap.catalog().byPath("", "v1", "namespaces"), ns);
        }
        List<ManagedFields.Entry> mf = ManagedFields.afterUpdate(List.of(), t.kind(), null, obj, rq.manager(), t.apiVersion(), null);
        return commitDesign(t, t.namespaced() ? ns : "", name, obj, null, mf, rq, "create");
    }

    private String generatedName(ResourceType t, String ns, String prefix) {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        for (int attempt = 0; attempt < 20; attempt++) {
            StringBuilder b = new StringBuilder(prefix);
            for (int i = 0; i < 5; i++) {
                b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
            }
            if (served.snapshot().get(t, ns, b.toString()) == null) {
                return b.toString();
            }
        }
        throw new ApiException(500, "AlreadyExists", "could not generate a unique name from " + prefix, null, null, null, List.of());
    }

    // ---- replace and patch ---------------------------------------------------------------------

    synchronized ObjectNode update(ResourceType t, String ns, String name, JsonNode body, Request rq) {
        ServedObjects.Entry current = existing(t, ns, name);
        ObjectNode obj = checkBody(t, body);
        checkIdentity(t, ns, name, obj);
        String rv = obj.path("metadata").path("resourceVersion").asText("");
        if (!rv.isEmpty() && !rv.equals(String.valueOf(current.rv))) {
            throw ApiException.conflict(t, name, "the object has been modified; please apply your changes to the latest"
                    + " version and try again");
        }
        return commit(t, current, obj, rq, "replace", null);
    }

    synchronized ObjectNode patch(ResourceType t, String ns, String name, String contentType, JsonNode patch, Request rq,
                                  boolean force) {
        String type = contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase();
        ServedObjects.Entry current = served.snapshot().get(t, t.namespaced() ? ns : "", name);
        if (type.equals("application/apply-patch+yaml")) {
            return apply(t, ns, name, current, patch, rq, force);
        }
        if (current == null) {
            throw ApiException.notFound(t, name);
        }
        JsonNode patched = switch (type) {
            case "application/json-patch+json" -> Patches.jsonPatch(current.object, patch);
            case "application/merge-patch+json" -> Patches.mergePatch(current.object, patch);
            case "application/strategic-merge-patch+json" -> {
                if (!t.group().isEmpty() && !t.group().endsWith(".k8s.io") && !List.of("apps", "batch", "policy", "autoscaling")
                        .contains(t.group())) {
                    throw new ApiException(415, "UnsupportedMediaType", "strategic merge patch is not supported for custom"
                            + " resources; use --type merge or --type json", name, t.group(), t.plural(), List.of());
                }
                yield Patches.strategic(t.kind(), current.object, patch);
            }
            default -> throw ApiException.unsupportedMediaType(contentType);
        };
        ObjectNode obj = checkBody(t, patched);
        checkIdentity(t, ns, name, obj);
        return commit(t, current, obj, rq, "patch", null);
    }

    private ObjectNode apply(ResourceType t, String ns, String name, ServedObjects.Entry current, JsonNode config,
                             Request rq, boolean force) {
        if (rq.manager() == null || rq.manager().isEmpty()) {
            throw ApiException.badRequest("PATCH, application/apply-patch+yaml requires fieldManager to be set");
        }
        ObjectNode cfg = checkBody(t, config);
        String cfgName = cfg.path("metadata").path("name").asText("");
        if (!cfgName.isEmpty() && !cfgName.equals(name)) {
            throw ApiException.badRequest("the name of the object (" + cfgName + ") does not match the name on the URL (" + name + ")");
        }
        cfg.with("metadata").put("name", name);
        if (t.namespaced()) {
            cfg.with("metadata").put("namespace", ns);
        }
        List<ManagedFields.Entry> before = current == null ? List.of()
                : ManagedFields.read(current.object.path("metadata").path("managedFields"));
        ManagedFields.Applied applied = ManagedFields.apply(t, current == null ? null : current.object, cfg, before,
                rq.manager(), force);
        if (current == null) {
            if (t.namespaced()) {
                ServedObjects.Snapshot snap = served.snapshot();
                if (snap.get(snap.catalog().byPath("", "v1", "namespaces"), "", ns) == null) {
                    throw ApiException.notFound(snap.catalog().byPath("", "v1", "namespaces"), ns);
                }
            }
            return commitDesign(t, t.namespaced() ? ns : "", name, applied.object(), null, applied.managedFields(), rq, "apply");
        }
        return commit(t, current, applied.object(), rq, "apply", applied.managedFields());
    }

    // ---- scale -----------------------------------------------------------------------------------

    static ObjectNode scaleOf(ServedObjects.Entry e) {
        ObjectNode s = ObjectRenderer.JSON.objectNode();
        s.put("kind", "Scale");
        s.put("apiVersion", "autoscaling/v1");
        ObjectNode meta = s.putObject("metadata");
        JsonNode m = e.object.path("metadata");
        meta.put("name", m.path("name").asText());
        if (m.has("namespace")) {
            meta.put("namespace", m.path("namespace").asText());
        }
        meta.put("uid", m.path("uid").asText());
        meta.put("resourceVersion", m.path("resourceVersion").asText());
        meta.put("creationTimestamp", m.path("creationTimestamp").asText());
        s.putObject("spec").put("replicas", e.object.path("spec").path("replicas").asInt(1));
        ObjectNode st = s.putObject("status");
        st.put("replicas", e.object.path("status").path("replicas").asInt(0));
        String sel = Tables.selectorText(e.object.path("spec").path("selector"));
        if (!sel.equals("<none>")) {
            st.put("selector", sel);
        }
        return s;
    }

    /** PUT or PATCH of the scale subresource: only {@code spec.replicas} counts. */
    synchronized ObjectNode scale(ResourceType t, String ns, String name, String contentType, JsonNode body, Request rq, boolean isPatch) {
        ServedObjects.Entry current = existing(t, ns, name);
        ObjectNode scale = scaleOf(current);
        JsonNode next;
        if (!isPatch) {
            next = body;
        } else {
            String type = contentType == null ? "" : contentType.split(";")[0].strip();
            next = switch (type) {
                case "application/json-patch+json" -> Patches.jsonPatch(scale, body);
                case "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml" ->
                        Patches.mergePatch(scale, body);
                default -> throw ApiException.unsupportedMediaType(contentType);
            };
        }
        JsonNode replicas = next.path("spec").path("replicas");
        if (!replicas.isIntegralNumber() || replicas.asInt() < 0) {
            throw new ApiException(422, "Invalid", "Scale.autoscaling \"" + name + "\" is invalid: spec.replicas: Invalid value: "
                    + replicas + ": must be greater than or equal to 0", name, "autoscaling", "Scale",
                    List.of(new ApiException.Cause("FieldValueInvalid", "Invalid value: " + replicas
                            + ": must be greater than or equal to 0", "spec.replicas")));
        }
        ObjectNode obj = current.object.deepCopy();
        obj.with("spec").put("replicas", replicas.asInt());
        commit(t, current, obj, rq, "scale", null);
        return scaleOf(served.snapshot().get(t, ns, name));
    }

    // ---- delete ------------------------------------------------------------------------------------

    synchronized ObjectNode delete(ResourceType t, String ns, String name, Request rq) {
        ServedObjects.Entry current = existing(t, ns, name);
        String id = (t.namespaced() ? ns : "");
        ObjectKey key = new ObjectKey(t.kind(), id, name);
        Design design = cluster.design();
        if (t.kind().equals("Namespace") && SYSTEM_NAMESPACES.contains(name)) {
            throw ApiException.forbidden(t, name, "this namespace may not be deleted");
        }
        if (rq.dryRun()) {
            return current.object;
        }
        String title = title(rq, "delete", t, id, name);
        if (design.find(key) != null || t.kind().equals("Namespace")) {
            Set<ObjectKey> gone = new LinkedHashSet<>();
            if (design.find(key) != null) {
                gone.add(key);
            }
            if (t.kind().equals("Namespace")) {
                for (KubeObject o : design.objects()) {
                    if (name.equals(o.namespace()) && o.kind() != null && !o.kind().equals("Namespace")) {
                        gone.add(o.key());
                    }
                }
            }
            if (gone.isEmpty()) {
                throw ApiException.forbidden(t, name, "the namespace is implied by objects of the design; delete them instead");
            }
            cluster.change(DesignChange.remove(title, gone, rq.session()));
        } else if (t.kind().equals("Pod")) {
            cluster.controlPlane().deletePod(ns, name);
        } else if (t.kind().equals("Node")) {
            Cluster c = design.cluster();
            List<Cluster.NodeSpec> nodes = new ArrayList<>(c.nodes());
            nodes.removeIf(n -> n.name().equals(name));
            cluster.change(DesignChange.cluster(title, c.withNodes(nodes), rq.session()));
        } else {
            throw ApiException.forbidden(t, name, managedBy(current) + "; delete that instead");
        }
        metadata.forget(ServerMetadata.key(t, id, name));
        served.refresh(cluster);
        return deleted(t, current);
    }

    private static ObjectNode deleted(ResourceType t, ServedObjects.Entry e) {
        ObjectNode s = ApiException.status(200, null, null, e.name, t.group(), t.plural(), List.of());
        ((ObjectNode) s.path("details")).put("uid", e.object.path("metadata").path("uid").asText());
        return s;
    }

    // ---- the two paths ---------------------------------------------------------------------------

    /** A changed object: into the design when it is a design object (or a Namespace), else what the emulator models. */
    private ObjectNode commit(ResourceType t, ServedObjects.Entry current, ObjectNode obj, Request rq, String verb,
                              List<ManagedFields.Entry> managed) {
        String ns = t.namespaced() ? current.namespace : "";
        ObjectKey key = new ObjectKey(t.kind(), ns, current.name);
        KubeObject inDesign = cluster.design().find(key);
        List<ManagedFields.Entry> mf = managed != null ? managed
                : ManagedFields.afterUpdate(ManagedFields.read(current.object.path("metadata").path("managedFields")), t.kind(),
                current.object, obj, rq.manager(), t.apiVersion(), verb.equals("scale") ? "scale" : null);
        if (inDesign != null || t.kind().equals("Namespace")) {
            return commitDesign(t, ns, current.name, obj, current, mf, rq, verb);
        }
        return commitController(t, current, obj, mf, rq, verb);
    }

    private ObjectNode commitDesign(ResourceType t, String ns, String name, ObjectNode obj, ServedObjects.Entry current,
                                    List<ManagedFields.Entry> mf, Request rq, String verb) {
        ObjectKey key = new ObjectKey(t.kind(), ns, name);
        Design design = cluster.design();
        KubeObject inDesign = design.find(key);
        Map<String, String> serverAnnotations = new LinkedHashMap<>();
        ObjectNode user = userPart(t, obj, current == null ? null : current.object, inDesign, serverAnnotations);
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = ObjectRenderer.MAPPER.convertValue(user, LinkedHashMap.class);
        KubeObject candidate = KubeObject.of(tree);
        validate(t, name, candidate, rq);
        if (inDesign != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> ordered = (Map<String, Object>) Trees.mergeOrdered(inDesign.tree(), tree);
            tree = ordered;
        }
        String sk = ServerMetadata.key(t, ns, name);
        if (rq.dryRun()) {
            return preview(t, obj, current, mf);
        }
        Map<String, String> oldAnnotations = metadata.annotations(sk);
        ArrayNode oldFields = metadata.managedFields(sk);
        metadata.setAnnotations(sk, serverAnnotations);
        metadata.setManagedFields(sk, ManagedFields.write(mf));
        DesignChange change = null;
        if (inDesign == null || !Trees.equal(inDesign.tree(), tree)) {
            change = DesignChange.put(title(rq, verb, t, ns, name), key, tree, rq.session());
            cluster.change(change);
        }
        served.refresh(cluster);
        Rejection refused = rejection(key);
        if (refused != null && change != null) {
            // The control plane's admission refused it (say, a nodePort already taken): undo, as the API server would.
            metadata.setAnnotations(sk, oldAnnotations);
            metadata.setManagedFields(sk, oldFields);
            cluster.change(inDesign == null ? DesignChange.remove("kubectl (refused): " + key, Set.of(key), rq.session())
                    : DesignChange.put("kubectl (refused): " + key, key, inDesign.tree(), rq.session()));
            served.refresh(cluster);
            throw invalid(t, name, refused.message());
        }
        ServedObjects.Entry now = served.snapshot().get(t, ns, name);
        if (now == null) {
            throw new ApiException(500, "InternalError", "the object was written but is not served: " + key, name, t.group(),
                    t.plural(), List.of());
        }
        return now.object;
    }

    private Rejection rejection(ObjectKey key) {
        for (Rejection r : cluster.controlPlane().rejections()) {
            if (r.key().equals(key)) {
                return r;
            }
        }
        return null;
    }

    private ObjectNode preview(ResourceType t, ObjectNode obj, ServedObjects.Entry current, List<ManagedFields.Entry> mf) {
        ObjectNode out = obj.deepCopy();
        ObjectNode meta = out.with("metadata");
        if (current != null) {
            JsonNode cm = current.object.path("metadata");
            for (String f : List.of("uid", "resourceVersion", "creationTimestamp", "generation")) {
                if (cm.has(f)) {
                    meta.set(f, cm.get(f));
                }
            }
            if (current.object.has("status")) {
                out.set("status", current.object.get("status"));
            }
        } else {
            meta.put("uid", java.util.UUID.randomUUID().toString());
            meta.put("creationTimestamp", ObjectRenderer.timestamp(java.time.Instant.now()));
            meta.put("generation", 1);
        }
        meta.set("managedFields", ManagedFields.write(mf));
        return out;
    }

    /** Objects the controllers made: labels of Pods, labels and taints of nodes, annotations anywhere. */
    private ObjectNode commitController(ResourceType t, ServedObjects.Entry current, ObjectNode obj, List<ManagedFields.Entry> mf,
                                        Request rq, String verb) {
        String sk = ServerMetadata.key(t, t.namespaced() ? current.namespace : "", current.name);
        JsonNode oldMeta = current.object.path("metadata");
        JsonNode newMeta = obj.path("metadata");
        Map<String, String> oldLabels = ServerMetadata.stringMap(oldMeta.path("labels"));
        Map<String, String> newLabels = ServerMetadata.stringMap(newMeta.path("labels"));
        ObjectNode oldBody = current.object.deepCopy();
        ObjectNode newBody = obj.deepCopy();
        for (ObjectNode b : List.of(oldBody, newBody)) {
            b.remove("metadata");
            b.remove("status");
        }
        boolean labelsChanged = !oldLabels.equals(newLabels);
        switch (t.kind()) {
            case "Pod" -> {
                ((ObjectNode) oldBody.path("spec")).remove("nodeName");
                if (newBody.path("spec") instanceof ObjectNode s) {
                    s.remove("nodeName");
                }
                if (!oldBody.equals(newBody)) {
                    throw ApiException.invalid(t, current.name, List.of(new ApiException.Cause("FieldValueForbidden",
                            "Forbidden: pod updates may not change fields other than `spec.containers[*].image`,"
                                    + "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions"
                                    + " to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it"
                                    + " was previously negative); in KubeCanvas, change the Pod's owner ("
                                    + ownerOf(current) + ") in the design instead", "spec")));
                }
                if (!rq.dryRun() && labelsChanged) {
                    cluster.controlPlane().setPodLabels(current.namespace, current.name, newLabels);
                }
            }
            case "Node" -> {
                if (!rq.dryRun()) {
                    changeNode(current.name, oldLabels, newLabels, obj.path("spec"), rq, verb, t);
                }
            }
            default -> {
                if (labelsChanged || !oldBody.equals(newBody)) {
                    throw ApiException.forbidden(t, current.name, managedBy(current) + "; change that instead");
                }
            }
        }
        if (rq.dryRun()) {
            return preview(t, obj, current, mf);
        }
        Map<String, String> annotations = ServerMetadata.stringMap(newMeta.path("annotations"));
        Map<String, String> rendered = ServerMetadata.stringMap(oldMeta.path("annotations"));
        Map<String, String> previousExtra = metadata.annotations(sk);
        // Keep what the renderer adds itself out of the side table, unless the client changed it.
        Map<String, String> extra = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : annotations.entrySet()) {
            boolean renderedByEmulator = rendered.containsKey(e.getKey()) && !previousExtra.containsKey(e.getKey())
                    && rendered.get(e.getKey()).equals(e.getValue());
            if (!renderedByEmulator) {
                extra.put(e.getKey(), e.getValue());
            }
        }
        metadata.setAnnotations(sk, extra);
        metadata.setManagedFields(sk, ManagedFields.write(mf));
        served.refresh(cluster);
        ServedObjects.Entry now = served.snapshot().get(t, current.namespace, current.name);
        return now == null ? obj : now.object;
    }

    private void changeNode(String name, Map<String, String> oldLabels, Map<String, String> newLabels, JsonNode spec, Request rq,
                            String verb, ResourceType t) {
        Cluster c = cluster.design().cluster();
        Cluster.NodeSpec n = c.node(name);
        if (n == null) {
            return;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : newLabels.entrySet()) {
            boolean kubelet = KUBELET_NODE_LABELS.contains(e.getKey())
                    || (e.getKey().equals("node-role.kubernetes.io/control-plane") && n.isControlPlane() && !n.labels().containsKey(e.getKey()));
            if (!kubelet) {
                labels.put(e.getKey(), e.getValue());
            }
        }
        List<Cluster.Taint> taints = new ArrayList<>();
        for (JsonNode tn : spec.path("taints")) {
            if (!tn.path("key").asText().equals(UNSCHEDULABLE_TAINT)) {
                taints.add(new Cluster.Taint(tn.path("key").asText(), tn.path("value").asText(""), tn.path("effect").asText("NoSchedule")));
            }
        }
        // kubectl cordon: the node controller's unschedulable taint, which the emulator's scheduler honours.
        if (spec.path("unschedulable").asBoolean(false)) {
            taints.add(new Cluster.Taint(UNSCHEDULABLE_TAINT, "", "NoSchedule"));
        }
        Cluster.NodeSpec changed = new Cluster.NodeSpec(n.name(), n.role(), labels, taints, n.capacity());
        if (changed.equals(n)) {
            return;
        }
        List<Cluster.NodeSpec> nodes = new ArrayList<>();
        for (Cluster.NodeSpec x : c.nodes()) {
            nodes.add(x.name().equals(name) ? changed : x);
        }
        cluster.change(DesignChange.cluster(title(rq, verb, t, "", name), c.withNodes(nodes), rq.session()));
    }

    // ---- helpers -------------------------------------------------------------------------------

    private ServedObjects.Entry existing(ResourceType t, String ns, String name) {
        ServedObjects.Entry e = served.snapshot().get(t, t.namespaced() ? ns : "", name);
        if (e == null) {
            throw ApiException.notFound(t, name);
        }
        return e;
    }

    /** The body as an object of the resource's kind and version (filled in when left out). */
    private static ObjectNode checkBody(ResourceType t, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("the body of the request must be a JSON or YAML object of kind " + t.kind());
        }
        ObjectNode obj = ((ObjectNode) body).deepCopy();
        String kind = obj.path("kind").asText("");
        String apiVersion = obj.path("apiVersion").asText("");
        if (!kind.isEmpty() && !kind.equals(t.kind())) {
            throw ApiException.badRequest("the kind in the request body (" + kind + ") does not match the resource " + t.qualifiedName()
                    + " (kind " + t.kind() + ")");
        }
        if (!apiVersion.isEmpty() && !apiVersion.equals(t.apiVersion())) {
            throw ApiException.badRequest("the API version in the data (" + apiVersion + ") does not match the expected API version ("
                    + t.apiVersion() + ")");
        }
        obj.put("apiVersion", t.apiVersion());
        obj.put("kind", t.kind());
        if (!obj.path("metadata").isObject()) {
            obj.putObject("metadata");
        }
        return obj;
    }

    private static void checkIdentity(ResourceType t, String ns, String name, ObjectNode obj) {
        String n = obj.path("metadata").path("name").asText("");
        if (!n.isEmpty() && !n.equals(name)) {
            throw ApiException.badRequest("the name of the object (" + n + ") does not match the name on the URL (" + name + ")");
        }
        obj.with("metadata").put("name", name);
        if (t.namespaced()) {
            String given = obj.path("metadata").path("namespace").asText("");
            if (!given.isEmpty() && !given.equals(ns)) {
                throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
            obj.with("metadata").put("namespace", ns);
        }
    }

    /**
     * The part of a written object that belongs in the design: no status, no server-set metadata, kubectl's
     * bookkeeping annotations set aside, and none of the fields the server filled in (allocated addresses,
     * the node a Pod runs on) unless the client changed them.
     */
    static ObjectNode userPart(ResourceType t, ObjectNode obj, ObjectNode currentServed, KubeObject inDesign,
                               Map<String, String> serverAnnotations) {
        ObjectNode u = obj.deepCopy();
        u.remove("status");
        ObjectNode meta = u.with("metadata");
        SERVER_METADATA.forEach(meta::remove);
        if (meta.path("annotations") instanceof ObjectNode ann) {
            for (String k : ServerMetadata.SERVER_ANNOTATIONS) {
                if (ann.has(k)) {
                    if (!k.equals("deployment.kubernetes.io/revision")) {
                        serverAnnotations.put(k, ann.path(k).asText());
                    }
                    ann.remove(k);
                }
            }
            if (ann.isEmpty()) {
                meta.remove("annotations");
            }
        }
        if (t.kind().equals("Namespace") && meta.path("labels") instanceof ObjectNode l) {
            l.remove("kubernetes.io/metadata.name");
            if (l.isEmpty()) {
                meta.remove("labels");
            }
        }
        if (currentServed != null) {
            JsonNode design = inDesign == null ? ObjectRenderer.JSON.objectNode() : ObjectRenderer.MAPPER.valueToTree(inDesign.tree());
            stripAdded(u, currentServed, design, true);
        }
        if (!t.namespaced()) {
            meta.remove("namespace");
        }
        dropNulls(u);
        return u;
    }

    /** A null field means "not set" to the API ({@code creationTimestamp: null} in a Pod template): not for the design. */
    private static void dropNulls(JsonNode n) {
        Patches.prune(n, (field, value) -> value.isNull());
    }

    /** Removes from {@code now} what the server added to the design's object and the client left as it was. */
    private static void stripAdded(JsonNode now, JsonNode served, JsonNode design, boolean root) {
        if (now instanceof ObjectNode n && served instanceof ObjectNode s) {
            List<String> names = new ArrayList<>();
            n.fieldNames().forEachRemaining(names::add);
            for (String f : names) {
                if (root && (f.equals("apiVersion") || f.equals("kind"))) {
                    continue;
                }
                JsonNode d = design == null ? null : design.get(f);
                if (d == null && s.has(f) && s.get(f).equals(n.get(f))) {
                    if (!(root && f.equals("metadata"))) {
                        n.remove(f);
                    }
                    continue;
                }
                stripAdded(n.get(f), s.get(f), d, false);
            }
        } else if (now instanceof ArrayNode n && served instanceof ArrayNode s && design instanceof ArrayNode d) {
            for (int i = 0; i < n.size() && i < s.size() && i < d.size(); i++) {
                stripAdded(n.get(i), s.get(i), d.get(i), false);
            }
        }
    }

    private void validate(ResourceType t, String name, KubeObject candidate, Request rq) {
        List<ApiException.Cause> causes = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (Finding f : validator.validate(Design.of(List.of(candidate)))) {
            if (f.severity() != Severity.ERROR || f.subject() == null) {
                continue;
            }
            if (f.rule().equals("unknown-field")) {
                unknown.add(f.path());
                continue;
            }
            String reason = switch (f.rule()) {
                case "missing-field" -> "FieldValueRequired";
                case "unknown-api-version" -> "FieldValueNotSupported";
                default -> "FieldValueInvalid";
            };
            causes.add(new ApiException.Cause(reason, f.message(), f.path()));
        }
        if (!unknown.isEmpty()) {
            String how = rq.fieldValidation() == null || rq.fieldValidation().isEmpty() ? "Warn" : rq.fieldValidation();
            if (how.equalsIgnoreCase("Strict")) {
                List<String> parts = unknown.stream().map(p -> "unknown field \"" + p + "\"").toList();
                throw new ApiException(400, "BadRequest", t.qualifiedKind() + " in version \"" + t.version() + "\" cannot be handled as a "
                        + t.kind() + ": strict decoding error: " + String.join(", ", parts), name, t.group(), t.kind(),
                        unknown.stream().map(p -> new ApiException.Cause("FieldValueInvalid", "unknown field \"" + p + "\"", p)).toList());
            }
            if (how.equalsIgnoreCase("Warn")) {
                unknown.forEach(p -> rq.warnings().add("unknown field \"" + p + "\""));
            }
        }
        if (!causes.isEmpty()) {
            throw ApiException.invalid(t, name, causes);
        }
        String refusal = ControlPlane.refusal(candidate);
        if (refusal != null) {
            throw invalid(t, name, refusal);
        }
    }

    /** A control-plane message ({@code Kind "x" is invalid: field: words}) as a 422 with one cause. */
    private static ApiException invalid(ResourceType t, String name, String message) {
        int at = message.indexOf(" is invalid: ");
        String rest = at < 0 ? message : message.substring(at + " is invalid: ".length());
        int colon = rest.indexOf(": ");
        String field = colon > 0 && !rest.substring(0, colon).contains(" ") ? rest.substring(0, colon) : null;
        String words = field == null ? rest : rest.substring(colon + 2);
        return ApiException.invalid(t, name, List.of(new ApiException.Cause("FieldValueInvalid", words, field)));
    }

    private static String title(Request rq, String verb, ResourceType t, String ns, String name) {
        String cmd = rq.command() == null || rq.command().isBlank() ? "kubectl " + verb : rq.command();
        return cmd + ": " + t.kind() + " " + (ns.isEmpty() ? "" : ns + "/") + name;
    }

    private static String ownerOf(ServedObjects.Entry e) {
        JsonNode o = e.object.path("metadata").path("ownerReferences").path(0);
        return o.isMissingNode() ? "the design" : o.path("kind").asText() + " " + o.path("name").asText();
    }

    private static String managedBy(ServedObjects.Entry e) {
        JsonNode o = e.object.path("metadata").path("ownerReferences").path(0);
        if (!o.isMissingNode()) {
            return "it is managed by " + o.path("kind").asText() + " " + o.path("name").asText();
        }
        return switch (e.type.kind()) {
            case "Endpoints", "EndpointSlice" -> "it is managed by the endpoints controller from its Service";
            case "Event" -> "events are recorded by the emulator's components";
            default -> "it belongs to the emulator's own cluster add-ons (" + e.namespace + ")";
        };
    }
}
