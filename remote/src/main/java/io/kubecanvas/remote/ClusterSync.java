package io.kubecanvas.remote;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.ServerSideApplicable;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.KubeKinds;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.ObjectKey;
import io.kubecanvas.model.OpaqueDocument;
import io.kubecanvas.model.SourcePosition;
import io.kubecanvas.model.Trees;
import io.kubecanvas.model.yaml.YamlWriter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A design onto a cluster by server-side apply (field manager {@value #FIELD_MANAGER}), as a dry run
 * ({@code diff}, {@code --dry-run=server}) or for real, optionally pruning what an earlier apply of the same
 * design created and the design no longer has.
 *
 * <p>Design notes. Every applied object carries the label {@value #DESIGN_LABEL}{@code =<design name>}.
 * Prune deletes an object only when it carries that label with this design's name AND its managed fields
 * have an Apply entry of the {@value #FIELD_MANAGER} manager: an object someone else made, or labelled by
 * hand, is never deleted. Namespaces are never pruned (deleting one deletes everything in it, whoever made
 * it); a note says which are no longer in the design. The diff is between the live object and the server's
 * answer to a dry-run apply, so defaults, admission and conflicts show as the server computes them.
 */
public final class ClusterSync {
    public static final String FIELD_MANAGER = "kubecanvas";
    public static final String DESIGN_LABEL = "kubecanvas.io/design";

    /** Kinds looked at for pruning besides the design's own (apiVersion, kind). */
    static final List<List<String>> PRUNE_KINDS = List.of(
            List.of("v1", "Pod"), List.of("v1", "Service"), List.of("v1", "ConfigMap"), List.of("v1", "Secret"),
            List.of("v1", "ServiceAccount"), List.of("v1", "PersistentVolumeClaim"),
            List.of("apps/v1", "Deployment"), List.of("apps/v1", "ReplicaSet"), List.of("apps/v1", "DaemonSet"),
            List.of("apps/v1", "StatefulSet"), List.of("batch/v1", "Job"), List.of("batch/v1", "CronJob"),
            List.of("networking.k8s.io/v1", "Ingress"), List.of("networking.k8s.io/v1", "IngressClass"),
            List.of("networking.k8s.io/v1", "NetworkPolicy"), List.of("v1", "Namespace"));

    /** Metadata the server rewrites on every write: left out of diffs. */
    private static final List<String> VOLATILE = List.of("managedFields", "resourceVersion", "generation", "uid",
            "creationTimestamp", "selfLink");

    /**
     * @param designName     the value of {@value #DESIGN_LABEL} on every object (see {@link #designName})
     * @param dryRun         ask the server what it would do (dryRun=All) and change nothing
     * @param prune          delete what an earlier apply of this design made and the design no longer has
     * @param forceConflicts take over fields another manager owns instead of failing
     */
    public record Options(String designName, boolean dryRun, boolean prune, boolean forceConflicts) {
    }

    /** Per object what happened (in apply order, pruned objects last), and notes for the user. */
    public record Result(List<ObjectChange> changes, List<String> notes) {
        public boolean failed() {
            return changes.stream().anyMatch(c -> c.action() == ObjectChange.Action.FAILED);
        }

        public boolean changed() {
            return changes.stream().anyMatch(ObjectChange::changes);
        }

        /** Every change's unified diff, one after another. */
        public String unifiedDiff() {
            StringBuilder s = new StringBuilder();
            changes.forEach(c -> s.append(c.unifiedDiff()));
            return s.toString();
        }
    }

    private final ClusterContext context;
    private final KubernetesClient client;
    private final ApiKinds kinds;

    public ClusterSync(ClusterContext context, KubernetesClient client) {
        this.context = context;
        this.client = client;
        this.kinds = new ApiKinds(client);
    }

    /**
     * The name a design is applied under: its cluster's name when the design has a Cluster document, else the
     * file's base name; made a valid label value.
     */
    public static String designName(Design design, Path file) {
        String raw = design.hasClusterDocument() || file == null ? design.cluster().name()
                : file.getFileName().toString().replaceFirst("\\.(ya?ml|json)$", "");
        return labelValue(raw);
    }

    /** A label value: letters, digits, '-', '_', '.', at most 63, starting and ending with a letter or digit. */
    public static String labelValue(String raw) {
        String v = raw == null ? "" : raw.replaceAll("[^A-Za-z0-9._-]", "-");
        if (v.length() > 63) {
            v = v.substring(0, 63);
        }
        v = v.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
        return v.isEmpty() ? "design" : v;
    }

    /** What an apply would change: a dry run, nothing is written. */
    public Result diff(Design design, Options options) throws RemoteException {
        return run(design, new Options(options.designName(), true, options.prune(), options.forceConflicts()));
    }

    /** Applies (or, with {@code dryRun}, asks the server what it would do). */
    public Result apply(Design design, Options options) throws RemoteException {
        return run(design, options);
    }

    private Result run(Design design, Options o) throws RemoteException {
        List<ObjectChange> changes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Set<ObjectKey> applied = new HashSet<>();
        Set<String> designNamespaces = new HashSet<>();
        Set<List<String>> designKinds = new LinkedHashSet<>();
        for (KubeObject obj : design.objects(KubeKinds.NAMESPACE)) {
            designNamespaces.add(obj.name());
        }
        long opaque = design.documents().stream().filter(d -> d instanceof OpaqueDocument od && od.tree() != null).count();
        if (opaque > 0) {
            notes.add(opaque + " document(s) that are not Kubernetes objects (a list or a scalar, not a mapping) were not sent");
        }
        for (KubeObject obj : ordered(design.objects())) {
            if (obj.apiVersion() == null || obj.kind() == null || obj.name() == null || obj.name().isEmpty()) {
                SourcePosition at = obj.position("");
                changes.add(ObjectChange.failed(obj.apiVersion(), new ObjectKey(String.valueOf(obj.kind()), "", String.valueOf(obj.name())),
                        (at.file() == null ? "" : at + ": ") + "an object needs apiVersion, kind and metadata.name to be applied; add them"));
                continue;
            }
            designKinds.add(List.of(obj.apiVersion(), obj.kind()));
            ResourceDefinitionContext rdc = resolve(obj.apiVersion(), obj.kind());
            String ns = rdc == null ? "" : rdc.isNamespaceScoped() ? namespaceOf(obj) : "";
            ObjectKey key = new ObjectKey(obj.kind(), ns, obj.name());
            if (rdc == null) {
                changes.add(ObjectChange.failed(obj.apiVersion(), key, "the API server of " + context.describe() + " serves no kind "
                        + obj.kind() + " in " + obj.apiVersion() + "; `kubectl api-resources` lists the kinds it has"));
                continue;
            }
            applied.add(key);
            Map<String, Object> body = body(obj, ns, o.designName());
            String doing = (o.dryRun() ? "dry-run apply " : "apply ") + key;
            try {
                GenericKubernetesResource live = get(rdc, ns, obj.name());
                GenericKubernetesResource after;
                try {
                    after = serverSideApply(rdc, ns, body, o);
                } catch (KubernetesClientException e) {
                    if (o.dryRun() && e.getCode() == 404 && live == null && designNamespaces.contains(ns)) {
                        // Its namespace is created by this same apply: a dry run cannot see it yet.
                        changes.add(ObjectChange.of(obj.apiVersion(), key, null, yaml(body)));
                        notes.add(key + ": shown as written; the server checks it once namespace " + ns + " exists");
                        continue;
                    }
                    throw e;
                }
                changes.add(ObjectChange.of(obj.apiVersion(), key, live == null ? null : yaml(tree(live)), yaml(tree(after))));
            } catch (KubernetesClientException e) {
                RemoteException r = context.failure(doing, e);
                if (ClusterContext.unreachable(e)) {
                    throw r;
                }
                changes.add(ObjectChange.failed(obj.apiVersion(), key, r.getMessage()));
            }
        }
        if (o.prune()) {
            prune(o, applied, designKinds, changes, notes);
        }
        return new Result(changes, notes);
    }

    private void prune(Options o, Set<ObjectKey> applied, Set<List<String>> designKinds, List<ObjectChange> changes,
                       List<String> notes) throws RemoteException {
        Set<List<String>> kindsToList = new LinkedHashSet<>(PRUNE_KINDS);
        kindsToList.addAll(designKinds);
        Set<String> namespaces = new java.util.TreeSet<>();
        namespaces.add(context.namespace());
        applied.stream().map(ObjectKey::namespace).filter(n -> !n.isEmpty()).forEach(namespaces::add);
        for (List<String> kind : kindsToList) {
            ResourceDefinitionContext rdc;
            try {
                rdc = resolve(kind.get(0), kind.get(1));
            } catch (RemoteException e) {
                notes.add("prune skipped " + kind.get(1) + ": " + e.getMessage());
                continue;
            }
            if (rdc == null) {
                continue;
            }
            List<GenericKubernetesResource> found = new ArrayList<>();
            try {
                if (!rdc.isNamespaceScoped()) {
                    found.addAll(client.genericKubernetesResources(rdc).withLabel(DESIGN_LABEL, o.designName()).list().getItems());
                } else {
                    try {
                        found.addAll(client.genericKubernetesResources(rdc).inAnyNamespace().withLabel(DESIGN_LABEL, o.designName())
                                .list().getItems());
                    } catch (KubernetesClientException e) {
                        if (e.getCode() != 403) {
                            throw e;
                        }
                        // Allowed in some namespaces only (a namespaced RoleBinding): look where the design is.
                        for (String ns : namespaces) {
                            found.addAll(client.genericKubernetesResources(rdc).inNamespace(ns).withLabel(DESIGN_LABEL, o.designName())
                                    .list().getItems());
                        }
                    }
                }
            } catch (KubernetesClientException e) {
                RemoteException r = context.failure("list " + kind.get(1) + " objects labelled " + DESIGN_LABEL + "=" + o.designName(), e);
                if (ClusterContext.unreachable(e)) {
                    throw r;
                }
                notes.add("prune skipped " + kind.get(1) + ": " + r.getMessage());
                continue;
            }
            for (GenericKubernetesResource r : found) {
                String ns = r.getMetadata().getNamespace() == null ? "" : r.getMetadata().getNamespace();
                ObjectKey key = new ObjectKey(kind.get(1), rdc.isNamespaceScoped() ? ns : "", r.getMetadata().getName());
                if (applied.contains(key) || !appliedByKubecanvas(r)) {
                    continue;
                }
                if (KubeKinds.NAMESPACE.equals(kind.get(1))) {
                    notes.add("namespace " + key.name() + " is no longer in the design; kubecanvas does not prune namespaces"
                            + " (that deletes everything in them): `kubectl --context " + context.name() + " delete namespace "
                            + key.name() + "` if you mean it");
                    continue;
                }
                String before = yaml(tree(r));
                if (!o.dryRun()) {
                    try {
                        var res = rdc.isNamespaceScoped() ? client.genericKubernetesResources(rdc).inNamespace(ns).withName(key.name())
                                : client.genericKubernetesResources(rdc).withName(key.name());
                        res.delete();
                    } catch (KubernetesClientException e) {
                        changes.add(ObjectChange.failed(r.getApiVersion(), key, context.failure("prune (delete) " + key, e).getMessage()));
                        continue;
                    }
                }
                changes.add(ObjectChange.of(r.getApiVersion(), key, before, null));
            }
        }
    }

    /** True when an Apply entry of the kubecanvas field manager is among the object's managed fields. */
    static boolean appliedByKubecanvas(GenericKubernetesResource r) {
        List<ManagedFieldsEntry> entries = r.getMetadata().getManagedFields();
        return entries != null && entries.stream()
                .anyMatch(e -> FIELD_MANAGER.equals(e.getManager()) && "Apply".equals(e.getOperation()));
    }

    private ResourceDefinitionContext resolve(String apiVersion, String kind) throws RemoteException {
        try {
            return kinds.resolve(apiVersion, kind);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return null;
            }
            throw context.failure("look up kind " + kind + " in " + apiVersion, e);
        }
    }

    private String namespaceOf(KubeObject obj) {
        String declared = obj.declaredNamespace();
        return declared == null || declared.isEmpty() ? context.namespace() : declared;
    }

    /** The object as sent: namespace filled in, the design label added, status left out. */
    static Map<String, Object> body(KubeObject obj, String ns, String designName) {
        Map<String, Object> t = Trees.deepCopy(new LinkedHashMap<>(obj.tree()));
        t.remove("status");
        if (!ns.isEmpty()) {
            Trees.set(t, "metadata.namespace", ns);
        }
        Trees.set(t, "metadata.labels[\"" + DESIGN_LABEL + "\"]", designName);
        return t;
    }

    private GenericKubernetesResource get(ResourceDefinitionContext rdc, String ns, String name) {
        return ns.isEmpty() ? client.genericKubernetesResources(rdc).withName(name).get()
                : client.genericKubernetesResources(rdc).inNamespace(ns).withName(name).get();
    }

    private GenericKubernetesResource serverSideApply(ResourceDefinitionContext rdc, String ns, Map<String, Object> body, Options o) {
        GenericKubernetesResource item = KubeKinds.MAPPER.convertValue(body, GenericKubernetesResource.class);
        Resource<GenericKubernetesResource> res = ns.isEmpty() ? client.genericKubernetesResources(rdc).resource(item)
                : client.genericKubernetesResources(rdc).inNamespace(ns).resource(item);
        ServerSideApplicable<GenericKubernetesResource> ssa = (o.dryRun() ? res.dryRun() : res).fieldManager(FIELD_MANAGER);
        if (o.forceConflicts()) {
            ssa = ssa.forceConflicts();
        }
        return ssa.serverSideApply();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> tree(GenericKubernetesResource r) {
        return KubeKinds.MAPPER.convertValue(r, LinkedHashMap.class);
    }

    /** YAML of an object without the metadata the server rewrites on every write. */
    @SuppressWarnings("unchecked")
    static String yaml(Map<String, Object> tree) {
        Map<String, Object> t = Trees.deepCopy(tree);
        if (t.get("metadata") instanceof Map<?, ?> m) {
            VOLATILE.forEach(((Map<String, Object>) m)::remove);
        }
        return YamlWriter.write(t);
    }

    /** Namespaces first (their objects need them), then everything else in file order. */
    private static List<KubeObject> ordered(List<KubeObject> objects) {
        List<KubeObject> out = new ArrayList<>(objects.stream().filter(o -> KubeKinds.NAMESPACE.equals(o.kind())).toList());
        objects.stream().filter(o -> !KubeKinds.NAMESPACE.equals(o.kind())).forEach(out::add);
        return out;
    }
}
