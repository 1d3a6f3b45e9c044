package io.kubecanvas.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.kubecanvas.emulator.control.ClusterEvent;
import io.kubecanvas.emulator.control.ControlPlane;
import io.kubecanvas.emulator.control.DeploymentObject;
import io.kubecanvas.emulator.control.EndpointSliceObject;
import io.kubecanvas.emulator.control.NamespaceObject;
import io.kubecanvas.emulator.control.NodeObject;
import io.kubecanvas.emulator.control.ObjectStore;
import io.kubecanvas.emulator.control.PodObject;
import io.kubecanvas.emulator.control.ReplicaSetObject;
import io.kubecanvas.emulator.control.ServiceObject;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.Cluster;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.KubeKinds;
import io.kubecanvas.model.KubeObject;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds every served object from the two sources of truth: the design (objects users write, as written,
 * with the server's metadata and the status the control plane decided) and the control plane's store
 * (what controllers made: Pods of workloads, ReplicaSets, EndpointSlices and Endpoints, Nodes, Namespaces,
 * Events, the cluster DNS). Objects come out as JSON trees without {@code resourceVersion}, which
 * {@link ServedObjects} stamps when it sees a change.
 *
 * <p>Not thread-safe: {@link ServedObjects} calls it under its lock. Uids and creation times are kept for an
 * object's life; the expensive part of a Pod (its spec as JSON) is remembered per spec instance.
 */
final class ObjectRenderer {
    static final ObjectMapper MAPPER = KubeKinds.MAPPER;
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** The Kubernetes version the server says it is (kubectl 1.32 is within its skew). */
    static final String KUBE_VERSION = "v1.32.0";

    /** The objects of one pass: per resource, by {@code namespace/name}, sorted. */
    record Objects(Map<ResourceType, TreeMap<String, ObjectNode>> byType, Map<ResourceType, java.util.NavigableMap<String, ObjectNode>> shared,
                   ResourceCatalog catalog) {
        java.util.NavigableMap<String, ObjectNode> of(ResourceType t) {
            java.util.NavigableMap<String, ObjectNode> s = shared.get(t);
            return s != null ? s : byType.getOrDefault(t, new TreeMap<>());
        }

        /** True when the objects of {@code t} are the very map a previous rendering gave (nothing changed). */
        boolean unchanged(ResourceType t, java.util.NavigableMap<String, ObjectNode> before) {
            return before != null && shared.get(t) == before;
        }
    }

    private record Identity(String uid, Instant created) {
    }

    private record Transition(String value, Instant at) {
    }

    /** A rendered object and what it was rendered from, reused while those are the same instances. */
    private record Rendered(Object source, ObjectNode node, long metaVersion, Identity identity, Object[] inputs) {
    }

    /** Store records and design objects are inputs by identity (their equality is deep); the rest by value. */
    private static boolean sameInputs(Object[] a, Object[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            Object x = a[i];
            Object y = b[i];
            boolean same = x instanceof ObjectStore.Stored || x instanceof KubeObject ? x == y : java.util.Objects.equals(x, y);
            if (!same) {
                return false;
            }
        }
        return true;
    }

    /** Kinds whose served form carries status from the store: rendered on every pass. */


    private final ServerMetadata metadata;
    private Map<String, Identity> identities = new HashMap<>();
    private Map<Object, JsonNode> specs = new IdentityHashMap<>();
    private Map<Object, JsonNode> designTrees = new IdentityHashMap<>();
    private Map<String, Transition> transitions = new HashMap<>();
    /** By the served object's key ({@link ServerMetadata#key}). */
    private Map<String, Rendered> rendered = new HashMap<>();
    private Map<String, Rendered> nextRendered = new HashMap<>();

    private final Map<String, Long> generations = new HashMap<>();
    private final Map<String, JsonNode> generationSpecs = new HashMap<>();
    /** Deployment key ("ns/name") to the pod-template-hash of its current ReplicaSet. */
    private final Map<String, String> currentHashes = new HashMap<>();
    /** ReplicaSet key to the change-cause annotation its Deployment had while it was current. */
    private final Map<String, String> changeCauses = new HashMap<>();
    /** Deployment key to pod-template-hash to revision number (kept while the Deployment lives). */
    private final Map<String, Map<String, Long>> revisions = new HashMap<>();
    private long eventsRendered;
    private final List<ObjectNode> events = new ArrayList<>();
    /** The rendered events by namespace/name, replaced (never changed) when new ones come. */
    private java.util.NavigableMap<String, ObjectNode> eventMap = java.util.Collections.emptyNavigableMap();
    private final java.security.SecureRandom random = new java.security.SecureRandom();

    ObjectRenderer(ServerMetadata metadata) {
        this.metadata = metadata;
    }

    Objects render(ClusterAccess cluster, Instant now) {
        Design design = cluster.design();
        ControlPlane cp = cluster.controlPlane();
        List<KubeObject> crds = design.objects("CustomResourceDefinition");
        ResourceCatalog catalog = ResourceCatalog.builtIn().withCustomResources(crds);
        Map<String, Identity> nextIdentities = new HashMap<>();
        Map<Object, JsonNode> nextSpecs = new IdentityHashMap<>();
        Map<Object, JsonNode> nextTrees = new IdentityHashMap<>();
        Pass pass = new Pass(catalog, now, nextIdentities, nextSpecs, nextTrees, cluster);
        cp.read(store -> {
            pass.read(store);
            return null;
        });
        pass.design(design);
        pass.controllerObjects();
        List<ClusterEvent> fresh = cp.eventsSince(eventsRendered);
        eventsRendered = cp.eventCount();
        if (!fresh.isEmpty()) {
            for (ClusterEvent e : fresh) {
                events.add(pass.event(e, cluster.startedAt()));
            }
            if (events.size() > 5000) {
                events.subList(0, events.size() - 5000).clear();
            }
            // A new map when events came (rendered ones are never changed), else the same instance as last
            // time, which ServedObjects takes as "no Event changed" without comparing a thousand of them.
            TreeMap<String, ObjectNode> next = new TreeMap<>();
            for (ObjectNode e : events) {
                JsonNode meta = e.path("metadata");
                next.put(meta.path("namespace").asText("") + "/" + meta.path("name").asText(), e);
            }
            eventMap = java.util.Collections.unmodifiableNavigableMap(next);
        }
        ResourceType eventType = catalog.byPath("", "v1", "events");
        pass.putEvents(eventType, eventMap); // events carry no server metadata of their own
        identities = nextIdentities;
        rendered = nextRendered;
        nextRendered = new HashMap<>();
        if (transitions.size() > 20_000) {
            transitions.clear(); // condition times of objects long gone; live ones restart at now
        }
        specs = nextSpecs;
        designTrees = nextTrees;
        generations.keySet().retainAll(pass.designKeys);
        generationSpecs.keySet().retainAll(pass.designKeys);
        revisions.keySet().retainAll(pass.deploymentKeys);
        currentHashes.keySet().retainAll(pass.deploymentKeys);
        return new Objects(pass.out, pass.sharedMaps, catalog);
    }

    /** One rendering pass; reads the store once, then builds. */
    private final class Pass {
        final ResourceCatalog catalog;
        final Instant now;
        final Map<String, Identity> nextIdentities;
        final Map<Object, JsonNode> nextSpecs;
        final Map<Object, JsonNode> nextTrees;
        final ClusterAccess cluster;
        final Map<ResourceType, TreeMap<String, ObjectNode>> out = new LinkedHashMap<>();
        /** Maps handed on whole, unchanged between passes (the events). */
        final Map<ResourceType, java.util.NavigableMap<String, ObjectNode>> sharedMaps = new HashMap<>();
        final java.util.Set<String> designKeys = new java.util.HashSet<>();
        final java.util.Set<String> deploymentKeys = new java.util.HashSet<>();
        // the store, read once
        final Map<String, ObjectStore.Stored> pods = new TreeMap<>();
        final Map<String, ObjectStore.Stored> replicaSets = new TreeMap<>();
        final Map<String, ObjectStore.Stored> deployments = new TreeMap<>();
        final Map<String, ObjectStore.Stored> daemonSets = new TreeMap<>();
        final Map<String, ObjectStore.Stored> statefulSets = new TreeMap<>();
        final Map<String, ObjectStore.Stored> services = new TreeMap<>();
        final Map<String, ObjectStore.Stored> slices = new TreeMap<>();
        final Map<String, ObjectStore.Stored> nodes = new TreeMap<>();
        final Map<String, ObjectStore.Stored> namespaces = new TreeMap<>();
        final Map<String, ObjectStore.Stored> other = new TreeMap<>();
        final java.util.Set<String> inDesign = new java.util.HashSet<>();
        String controlPlaneIp;

        Pass(ResourceCatalog catalog, Instant now, Map<String, Identity> nextIdentities, Map<Object, JsonNode> nextSpecs,
             Map<Object, JsonNode> nextTrees, ClusterAccess cluster) {
            this.catalog = catalog;
            this.now = now;
            this.nextIdentities = nextIdentities;
            this.nextSpecs = nextSpecs;
            this.nextTrees = nextTrees;
            this.cluster = cluster;
        }

        void read(ObjectStore store) {
            fill(store, "Pod", pods);
            fill(store, "ReplicaSet", replicaSets);
            fill(store, "Deployment", deployments);
            fill(store, "DaemonSet", daemonSets);
            fill(store, "StatefulSet", statefulSets);
            fill(store, "Service", services);
            fill(store, "EndpointSlice", slices);
            fill(store, "Node", nodes);
            fill(store, "Namespace", namespaces);
            for (ObjectStore.Stored n : nodes.values()) {
                NodeObject node = n.as(NodeObject.class);
                if (node.isControlPlane() && controlPlaneIp == null) {
                    controlPlaneIp = node.underlayIp();
                }
            }
        }

        private void fill(ObjectStore store, String kind, Map<String, ObjectStore.Stored> into) {
            for (ObjectStore.Stored s : store.list(kind)) {
                into.put(s.key().namespace() + "/" + s.key().name(), s);
            }
        }

        // ---- the design -------------------------------------------------------------------------

        void design(Design design) {
            for (KubeObject o : design.objects()) {
                if (o.kind() == null || o.name() == null || o.apiVersion() == null) {
                    continue;
                }
                ResourceType t = catalog.byKind(o.apiVersion(), o.kind());
                if (t == null) {
                    t = catalog.byKind(o.kind());
                }
                if (t == null) {
                    continue; // a kind nobody declared: the design keeps it, the API cannot name it
                }
                String ns = t.namespaced() ? o.namespace() : "";
                String id = ns + "/" + o.name();
                inDesign.add(t.kind() + "|" + id);
                String memoKey = ServerMetadata.key(t, ns, o.name());
                ObjectStore.Stored memoStored = storedFor(t.kind(), id);
                Object[] inputs = designInputs(t, ns, o.name(), memoStored);
                if (reuse(o, t, memoKey, inputs)) {
                    designKeys.add(memoKey);
                    if (t.kind().equals("Deployment")) {
                        deploymentKeys.add(id);
                    }
                    continue;
                }
                ObjectNode obj = designTree(o).deepCopy();
                obj.put("apiVersion", t.apiVersion());
                ObjectNode meta = obj.with("metadata");
                if (t.namespaced()) {
                    meta.put("namespace", ns);
                } else {
                    meta.remove("namespace");
                }
                String key = ServerMetadata.key(t, ns, o.name());
                designKeys.add(key);
                ObjectStore.Stored stored = storedFor(t.kind(), id);
                identify(meta, key, stored == null ? null : stored.uid());
                generation(meta, key, obj);
                switch (t.kind()) {
                    case "Pod" -> Defaults.podSpec(obj.path("spec"));
                    case "Deployment" -> Defaults.deployment(obj);
                    case "ReplicaSet", "DaemonSet", "StatefulSet" -> Defaults.template(obj);
                    default -> {
                    }
                }
                switch (t.kind()) {
                    case "Pod" -> {
                        if (stored != null) {
                            podStatus(obj, stored.as(PodObject.class));
                        }
                    }
                    case "Deployment" -> {
                        deploymentKeys.add(ns + "/" + o.name());
                        if (stored != null) {
                            deploymentStatus(obj, stored, key);
                        }
                    }
                    case "ReplicaSet" -> replicaSetStatus(obj, id, meta.path("generation").asLong(1));
                    case "DaemonSet", "StatefulSet" -> workloadStatus(obj, t.kind(), o.name(), ns, meta.path("generation").asLong(1));
                    case "Service" -> {
                        if (stored != null) {
                            serviceAllocations(obj, stored.as(ServiceObject.class));
                        }
                    }
                    case "Ingress" -> ingressStatus(obj);
                    case "Namespace" -> obj.putObject("status").put("phase", "Active");
                    default -> {
                    }
                }
                remember(o, put(t, obj), key, inputs);
            }
        }

        /**
         * Puts the object rendered last time from the same source and inputs, if there is one: a refresh
         * after one write renders only what that write touched.
         */
        private boolean reuse(Object source, ResourceType t, String key, Object... inputs) {
            Rendered r = rendered.get(key);
            if (r == null || r.source() != source || r.metaVersion() != metadata.version(key) || !sameInputs(r.inputs(), inputs)) {
                return false;
            }
            nextRendered.put(key, r);
            nextIdentities.put(key, r.identity());
            putFinal(t, r.node());
            return true;
        }

        private ObjectNode remember(Object source, ObjectNode node, String key, Object... inputs) {
            Identity id = nextIdentities.get(key);
            if (id != null) {
                nextRendered.put(key, new Rendered(source, node, metadata.version(key), id, inputs));
            }
            return node;
        }

        /** What a design object's served form depends on besides itself. */
        private Object[] designInputs(ResourceType t, String ns, String name, ObjectStore.Stored stored) {
            String id = ns + "/" + name;
            return switch (t.kind()) {
                case "Pod" -> {
                    PodObject p = stored == null ? null : stored.as(PodObject.class);
                    yield new Object[]{stored, p == null || p.nodeName() == null ? null : nodes.get("/" + p.nodeName())};
                }
                case "Deployment" -> new Object[]{stored, deploymentSignature(ns, name)};
                case "ReplicaSet", "DaemonSet", "StatefulSet" -> new Object[]{countsOf(t.kind(), id)};
                case "Service" -> new Object[]{stored};
                case "Ingress" -> new Object[]{controlPlaneIp};
                default -> new Object[0];
            };
        }

        /** The ReplicaSets of a Deployment with their Pods, as text: its status changes exactly when this does. */
        private String deploymentSignature(String ns, String name) {
            StringBuilder b = new StringBuilder();
            for (ObjectStore.Stored rs : replicaSets.values()) {
                ReplicaSetObject r = rs.as(ReplicaSetObject.class);
                if (ns.equals(r.namespace()) && name.equals(r.deployment())) {
                    b.append(r.name()).append(':').append(r.replicas()).append(':').append(countsOf("ReplicaSet", ns + "/" + r.name()))
                            .append(';');
                }
            }
            return b.toString();
        }

        private String countsOf(String kind, String id) {
            int[] c = podCounts(kind, id);
            return c[0] + "/" + c[1];
        }

        private JsonNode designTree(KubeObject o) {
            JsonNode j = designTrees.get(o);
            if (j == null) {
                j = MAPPER.valueToTree(o.tree());
            }
            nextTrees.put(o, j);
            return j;
        }

        private ObjectStore.Stored storedFor(String kind, String id) {
            return switch (kind) {
                case "Pod" -> pods.get(id);
                case "Deployment" -> deployments.get(id);
                case "ReplicaSet" -> replicaSets.get(id);
                case "DaemonSet" -> daemonSets.get(id);
                case "StatefulSet" -> statefulSets.get(id);
                case "Service" -> services.get(id);
                case "Namespace" -> namespaces.get(id);
                default -> null;
            };
        }

        /** metadata.generation: 1, plus one for every change of the object outside metadata and status. */
        private void generation(ObjectNode meta, String key, ObjectNode obj) {
            ObjectNode body = obj.deepCopy();
            body.remove("metadata");
            body.remove("status");
            JsonNode before = generationSpecs.get(key);
            long g = generations.getOrDefault(key, 0L);
            if (before == null || !before.equals(body)) {
                g++;
                generations.put(key, g);
                generationSpecs.put(key, body);
            }
            meta.put("generation", g);
        }

        // ---- what controllers made --------------------------------------------------------------

        void controllerObjects() {
            ResourceType podType = catalog.byPath("", "v1", "pods");
            for (Map.Entry<String, ObjectStore.Stored> e : pods.entrySet()) {
                if (inDesign.contains("Pod|" + e.getKey())) {
                    continue;
                }
                PodObject p = e.getValue().as(PodObject.class);
                ObjectStore.Stored node = p.nodeName() == null ? null : nodes.get("/" + p.nodeName());
                ObjectStore.Stored owner = owner(p);
                String key = "/pods/" + e.getKey();
                if (!reuse(e.getValue(), podType, key, node, owner)) {
                    remember(e.getValue(), put(podType, pod(e.getValue())), key, node, owner);
                }
            }
            ResourceType rsType = catalog.byPath("apps", "v1", "replicasets");
            for (Map.Entry<String, ObjectStore.Stored> e : replicaSets.entrySet()) {
                if (inDesign.contains("ReplicaSet|" + e.getKey())) {
                    continue;
                }
                ReplicaSetObject rs = e.getValue().as(ReplicaSetObject.class);
                String ownerId = rs.namespace() + "/" + rs.deployment();
                Object[] in = {deployments.get(ownerId), countsOf("ReplicaSet", e.getKey()),
                        rs.deployment() == null ? null : revisions.getOrDefault(ownerId, Map.of()).get(rs.templateHash()),
                        changeCauses.get(e.getKey())};
                String key = "apps/replicasets/" + e.getKey();
                if (!reuse(e.getValue(), rsType, key, in)) {
                    remember(e.getValue(), put(rsType, replicaSet(e.getValue())), key, in);
                }
            }
            ResourceType deployType = catalog.byPath("apps", "v1", "deployments");
            for (Map.Entry<String, ObjectStore.Stored> e : deployments.entrySet()) {
                if (inDesign.contains("Deployment|" + e.getKey())) {
                    continue;
                }
                String key = "apps/deployments/" + e.getKey();
                DeploymentObject d = e.getValue().as(DeploymentObject.class);
                String signature = deploymentSignature(d.namespace(), d.name());
                if (reuse(e.getValue(), deployType, key, signature)) {
                    deploymentKeys.add(e.getKey());
                } else {
                    remember(e.getValue(), put(deployType, deployment(e.getValue())), key, signature);
                }
            }
            ResourceType svcType = catalog.byPath("", "v1", "services");
            for (Map.Entry<String, ObjectStore.Stored> e : services.entrySet()) {
                String key = "/services/" + e.getKey();
                if (!inDesign.contains("Service|" + e.getKey()) && !reuse(e.getValue(), svcType, key)) {
                    remember(e.getValue(), put(svcType, service(e.getValue())), key);
                }
            }
            ResourceType sliceType = catalog.byPath("discovery.k8s.io", "v1", "endpointslices");
            ResourceType epType = catalog.byPath("", "v1", "endpoints");
            for (ObjectStore.Stored s : slices.values()) {
                EndpointSliceObject slice = s.as(EndpointSliceObject.class);
                ObjectStore.Stored svc = services.get(slice.namespace() + "/" + slice.service());
                if (svc == null) {
                    continue;
                }
                String sliceName = sliceName(slice.service(), svc);
                String sliceKey = "discovery.k8s.io/endpointslices/" + slice.namespace() + "/" + sliceName;
                if (!reuse(s, sliceType, sliceKey, svc)) {
                    remember(s, put(sliceType, endpointSlice(s, svc, sliceName)), sliceKey, svc);
                }
                String epKey = "/endpoints/" + slice.namespace() + "/" + slice.service();
                if (!reuse(svc, epType, epKey, s)) {
                    remember(svc, put(epType, endpoints(s, svc)), epKey, s);
                }
            }
            ResourceType nodeType = catalog.byPath("", "v1", "nodes");
            for (ObjectStore.Stored n : nodes.values()) {
                put(nodeType, node(n));
            }
            ResourceType leaseType = catalog.byPath("coordination.k8s.io", "v1", "leases");
            for (ObjectStore.Stored n : nodes.values()) {
                put(leaseType, lease(n));
            }
            ResourceType nsType = catalog.byPath("", "v1", "namespaces");
            for (Map.Entry<String, ObjectStore.Stored> e : namespaces.entrySet()) {
                if (!inDesign.contains("Namespace|" + e.getKey())) {
                    put(nsType, namespace(e.getValue()));
                }
            }
            // Namespaces objects live in without a Namespace object: implied, as the emulator treats them.
            TreeMap<String, ObjectNode> nsOut = out.computeIfAbsent(nsType, k -> new TreeMap<>());
            for (String ns : new ArrayList<>(namespacesUsed)) {
                if (!nsOut.containsKey("/" + ns)) {
                    put(nsType, namespace(ns, Map.of(), null));
                }
            }
        }

        private ObjectStore.Stored owner(PodObject p) {
            if (p.ownerKind() == null) {
                return null;
            }
            String ownerId = p.namespace() + "/" + p.ownerName();
            return switch (p.ownerKind()) {
                case "ReplicaSet" -> replicaSets.get(ownerId);
                case "DaemonSet" -> daemonSets.get(ownerId);
                case "StatefulSet" -> statefulSets.get(ownerId);
                default -> null;
            };
        }

        ObjectNode pod(ObjectStore.Stored s) {
            PodObject p = s.as(PodObject.class);
            ObjectNode obj = JSON.objectNode();
            obj.put("apiVersion", "v1");
            obj.put("kind", "Pod");
            ObjectNode meta = obj.putObject("metadata");
            meta.put("name", p.name());
            meta.put("namespace", p.namespace());
            String key = "/pods/" + p.namespace() + "/" + p.name();
            identify(meta, key, s.uid());
            labels(meta, p.labels());
            if (p.ownerKind() != null) {
                if (!p.ownerKind().equals("StatefulSet")) {
                    meta.put("generateName", p.ownerName() + "-");
                }
                ObjectStore.Stored owner = owner(p);
                owner(meta, "apps/v1", p.ownerKind(), p.ownerName(), owner == null ? null : owner.uid());
            }
            ObjectNode spec = (ObjectNode) specJson(p.spec()).deepCopy();
            obj.set("spec", spec);
            Defaults.podSpec(spec);
            podStatus(obj, p);
            return obj;
        }

        private JsonNode specJson(Object spec) {
            JsonNode j = specs.get(spec);
            if (j == null) {
                j = nextSpecs.get(spec);
            }
            if (j == null) {
                j = MAPPER.valueToTree(spec);
            }
            nextSpecs.put(spec, j);
            return j;
        }

        /** spec.nodeName and the status the scheduler and kubelet decided. */
        void podStatus(ObjectNode obj, PodObject p) {
            ObjectNode spec = obj.with("spec");
            if (p.nodeName() != null) {
                spec.put("nodeName", p.nodeName());
            }
            ObjectNode st = obj.putObject("status");
            st.put("phase", p.phase());
            ArrayNode conds = st.putArray("conditions");
            String since = timestamp(created(obj));
            boolean scheduled = p.nodeName() != null;
            boolean running = p.running();
            condition(conds, "PodReadyToStartContainers", running, since, null, null);
            condition(conds, "Initialized", scheduled, since, null, null);
            condition(conds, "Ready", p.ready(), since, p.ready() ? null : "ContainersNotReady",
                    p.ready() ? null : "containers with unready status: " + containerNames(p));
            condition(conds, "ContainersReady", p.ready(), since, p.ready() ? null : "ContainersNotReady",
                    p.ready() ? null : "containers with unready status: " + containerNames(p));
            condition(conds, "PodScheduled", scheduled, since, scheduled ? null : "Unschedulable", p.pendingReason());
            ObjectStore.Stored node = p.nodeName() == null ? null : nodes.get("/" + p.nodeName());
            if (node != null) {
                String hostIp = node.as(NodeObject.class).underlayIp();
                st.put("hostIP", hostIp);
                st.putArray("hostIPs").addObject().put("ip", hostIp);
            }
            if (p.ip() != null) {
                st.put("podIP", p.ip());
                st.putArray("podIPs").addObject().put("ip", p.ip());
            }
            if (scheduled) {
                st.put("startTime", since);
            }
            ArrayNode cs = st.putArray("containerStatuses");
            List<Container> containers = p.spec().getContainers() == null ? List.of() : p.spec().getContainers();
            for (Container c : containers) {
                ObjectNode s = cs.addObject();
                s.put("name", c.getName());
                ObjectNode state = s.putObject("state");
                String blocked = p.waiting() != null ? p.waiting() : p.runtimeBlocks() ? p.runtime() : null;
                if (blocked != null) {
                    // the kubelet's waiting reason and message: CreateContainerConfigError, configmap "cfg" not found
                    int colon = blocked.indexOf(": ");
                    state.putObject("waiting").put("reason", colon > 0 ? blocked.substring(0, colon) : blocked)
                            .put("message", colon > 0 ? blocked.substring(colon + 2) : blocked);
                } else if (running) {
                    state.putObject("running").put("startedAt", since);
                } else if (scheduled) {
                    state.putObject("waiting").put("reason", "ContainerCreating");
                } else {
                    state.putObject("waiting").put("reason", "Pending");
                }
                s.putObject("lastState");
                s.put("ready", p.ready());
                s.put("restartCount", 0);
                s.put("image", c.getImage() == null ? "" : c.getImage());
                s.put("imageID", "");
                if (running) {
                    s.put("containerID", cluster.backend() + "://" + sha(p.namespace() + "/" + p.name() + "/" + c.getName()));
                }
                s.put("started", running);
            }
            st.put("qosClass", qos(containers));
        }

        private String containerNames(PodObject p) {
            List<Container> cs = p.spec().getContainers() == null ? List.of() : p.spec().getContainers();
            return "[" + String.join(" ", cs.stream().map(c -> String.valueOf(c.getName())).toList()) + "]";
        }

        private static String qos(List<Container> containers) {
            boolean any = false;
            boolean guaranteed = !containers.isEmpty();
            for (Container c : containers) {
                var r = c.getResources();
                boolean req = r != null && r.getRequests() != null && !r.getRequests().isEmpty();
                boolean lim = r != null && r.getLimits() != null && !r.getLimits().isEmpty();
                any |= req || lim;
                guaranteed &= lim && r.getLimits().containsKey("cpu") && r.getLimits().containsKey("memory")
                        && (!req || r.getRequests().equals(r.getLimits()));
            }
            return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
        }

        ObjectNode replicaSet(ObjectStore.Stored s) {
            ReplicaSetObject rs = s.as(ReplicaSetObject.class);
            ObjectNode obj = JSON.objectNode();
            obj.put("apiVersion", "apps/v1");
            obj.put("kind", "ReplicaSet");
            ObjectNode meta = obj.putObject("metadata");
            meta.put("name", rs.name());
            meta.put("namespace", rs.namespace());
            String key = "apps/replicasets/" + rs.namespace() + "/" + rs.name();
            identify(meta, key, s.uid());
            labels(meta, rs.labels());
            meta.put("generation", 1);
            if (rs.deployment() != null) {
                ObjectStore.Stored d = deployments.get(rs.namespace() + "/" + rs.deployment());
                ObjectNode ann = meta.with("annotations");
                ann.put("deployment.kubernetes.io/desired-replicas", String.valueOf(d == null ? rs.replicas()
                        : d.as(DeploymentObject.class).replicas()));
                ann.put("deployment.kubernetes.io/revision", String.valueOf(revision(rs.namespace() + "/" + rs.deployment(),
                        rs.templateHash())));
                String cause = changeCauses.getOrDefault(rs.namespace() + "/" + rs.name(), "");
                if (!cause.isEmpty()) {
                    ann.put("kubernetes.io/change-cause", cause);
                }
                owner(meta, "apps/v1", "Deployment", rs.deployment(), d == null ? null : d.uid());
            }
            ObjectNode spec = obj.putObject("spec");
            spec.put("replicas", rs.replicas());
            spec.set("selector", MAPPER.valueToTree(rs.selector()));
            spec.set("template", specJson(rs.template()).deepCopy());
            Defaults.template(obj);
            replicaSetStatus(obj, rs.namespace() + "/" + rs.name(), 1);
            return obj;
        }

        /**
         * The revision of a Deployment's current template: a template that becomes current again (a rollback)
         * gets the next number, as the deployment controller renumbers the ReplicaSet it reuses.
         */
        long currentRevision(String deployment, String hash) {
            String before = currentHashes.put(deployment, hash);
            Map<String, Long> r = revisions.computeIfAbsent(deployment, k -> new LinkedHashMap<>());
            long max = r.values().stream().mapToLong(Long::longValue).max().orElse(0);
            if (before != null && !before.equals(hash) && r.containsKey(hash) && r.get(hash) < max) {
                r.put(hash, max + 1);
            }
            return revision(deployment, hash);
        }

        /** The revision of one template of a Deployment: new templates get the next number, as the controller does. */
        long revision(String deployment, String hash) {
            Map<String, Long> r = revisions.computeIfAbsent(deployment, k -> new LinkedHashMap<>());
            Long n = r.get(hash);
            if (n == null) {
                n = r.values().stream().mapToLong(Long::longValue).max().orElse(0) + 1;
                r.put(hash, n);
            }
            return n;
        }

        void replicaSetStatus(ObjectNode obj, String id, long generation) {
            int[] counts = podCounts("ReplicaSet", id);
            ObjectNode st = obj.putObject("status");
            st.put("replicas", counts[0]);
            st.put("fullyLabeledReplicas", counts[0]);
            if (counts[1] > 0) {
                st.put("readyReplicas", counts[1]);
                st.put("availableReplicas", counts[1]);
            }
            st.put("observedGeneration", generation);
        }

        /** Pods owned by an owner of a kind: {all, ready}. */
        int[] podCounts(String ownerKind, String ownerId) {
            if (counts == null) {
                counts = new HashMap<>();
                for (ObjectStore.Stored s : pods.values()) {
                    PodObject p = s.as(PodObject.class);
                    if (p.ownerKind() != null) {
                        int[] c = counts.computeIfAbsent(p.ownerKind() + "|" + p.namespace() + "/" + p.ownerName(), k -> new int[2]);
                        c[0]++;
                        if (p.ready()) {
                            c[1]++;
                        }
                    }
                }
            }
            int[] c = counts.get(ownerKind + "|" + ownerId);
            return c == null ? new int[]{0, 0} : c;
        }

        /** Pods per owner ("ReplicaSet|ns/name" to {all, ready}), counted once per pass. */
        private Map<String, int[]> counts;

        ObjectNode deployment(ObjectStore.Stored s) {
            DeploymentObject d = s.as(DeploymentObject.class);
            ObjectNode obj = JSON.objectNode();
            obj.put("apiVersion", "apps/v1");
            obj.put("kind", "Deployment");
            ObjectNode meta = obj.putObject("metadata");
            meta.put("name", d.name());
            meta.put("namespace", d.namespace());
            String key = "apps/deployments/" + d.namespace() + "/" + d.name();
            identify(meta, key, s.uid());
            meta.put("generation", 1);
            if (d.template() != null && d.template().getMetadata() != null && d.template().getMetadata().getLabels() != null) {
                labels(meta, d.template().getMetadata().getLabels());
            }
            ObjectNode spec = obj.putObject("spec");
            spec.put("replicas", d.replicas());
            spec.set("selector", MAPPER.valueToTree(d.selector()));
            spec.set("template", specJson(d.template()).deepCopy());
            spec.putObject("strategy").put("type", d.strategy());
            Defaults.deployment(obj);
            deploymentKeys.add(d.namespace() + "/" + d.name());
            deploymentStatus(obj, s, key);
            return obj;
        }

        void deploymentStatus(ObjectNode obj, ObjectStore.Stored stored, String key) {
            DeploymentObject d = stored.as(DeploymentObject.class);
            String ns = d.namespace();
            String currentRs = d.name() + "-" + d.templateHash();
            int total = 0;
            int ready = 0;
            int updated = 0;
            List<ObjectStore.Stored> byCreation = new ArrayList<>(replicaSets.values());
            byCreation.sort(java.util.Comparator.comparingLong(ObjectStore.Stored::creationVersion));
            for (ObjectStore.Stored rs : byCreation) {
                ReplicaSetObject r = rs.as(ReplicaSetObject.class);
                if (!ns.equals(r.namespace()) || !d.name().equals(r.deployment())) {
                    continue;
                }
                revision(ns + "/" + d.name(), r.templateHash());
                int[] c = podCounts("ReplicaSet", ns + "/" + r.name());
                total += c[0];
                ready += c[1];
                if (r.name().equals(currentRs)) {
                    updated = c[0];
                }
            }
            long rev = currentRevision(ns + "/" + d.name(), d.templateHash());
            changeCauses.put(ns + "/" + currentRs, obj.path("metadata").path("annotations").path("kubernetes.io/change-cause").asText(""));
            ObjectNode meta = obj.with("metadata");
            meta.with("annotations").put("deployment.kubernetes.io/revision", String.valueOf(rev));
            ObjectNode st = obj.putObject("status");
            st.put("observedGeneration", meta.path("generation").asLong(1));
            st.put("replicas", total);
            st.put("updatedReplicas", updated);
            st.put("readyReplicas", ready);
            st.put("availableReplicas", ready);
            if (total - ready > 0) {
                st.put("unavailableReplicas", total - ready);
            }
            ArrayNode conds = st.putArray("conditions");
            int minAvailable = Math.max(0, d.replicas() - unavailableAllowed(d));
            boolean available = ready >= minAvailable;
            boolean complete = updated == d.replicas() && total == d.replicas() && ready == d.replicas();
            String time = since(key + "|Available", String.valueOf(available));
            ObjectNode a = conds.addObject();
            a.put("type", "Available");
            a.put("status", available ? "True" : "False");
            a.put("lastUpdateTime", time);
            a.put("lastTransitionTime", time);
            a.put("reason", available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable");
            a.put("message", available ? "Deployment has minimum availability." : "Deployment does not have minimum availability.");
            String progressed = since(key + "|Progressing", complete + "/" + d.templateHash() + "/" + d.replicas());
            ObjectNode p = conds.addObject();
            p.put("type", "Progressing");
            p.put("status", "True");
            p.put("lastUpdateTime", progressed);
            p.put("lastTransitionTime", since(key + "|ProgressingStatus", "True"));
            p.put("reason", complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated");
            p.put("message", "ReplicaSet \"" + currentRs + "\" " + (complete ? "has successfully progressed." : "is progressing."));
        }

        private int unavailableAllowed(DeploymentObject d) {
            if (DeploymentObject.RECREATE.equals(d.strategy())) {
                return d.replicas();
            }
            String v = d.maxUnavailable() == null ? "25%" : d.maxUnavailable();
            try {
                return v.endsWith("%") ? (int) Math.floor(Double.parseDouble(v.substring(0, v.length() - 1)) / 100 * d.replicas())
                        : Integer.parseInt(v);
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        void workloadStatus(ObjectNode obj, String kind, String name, String ns, long generation) {
            int[] c = podCounts(kind, ns + "/" + name);
            ObjectNode st = obj.putObject("status");
            st.put("observedGeneration", generation);
            if (kind.equals("DaemonSet")) {
                st.put("currentNumberScheduled", c[0]);
                st.put("desiredNumberScheduled", c[0]);
                st.put("numberMisscheduled", 0);
                st.put("numberReady", c[1]);
                st.put("numberAvailable", c[1]);
                st.put("updatedNumberScheduled", c[0]);
            } else {
                st.put("replicas", c[0]);
                st.put("readyReplicas", c[1]);
                st.put("availableReplicas", c[1]);
                st.put("currentReplicas", c[0]);
                st.put("updatedReplicas", c[0]);
            }
        }

        ObjectNode service(ObjectStore.Stored s) {
            ServiceObject svc = s.as(ServiceObject.class);
            ObjectNode obj = JSON.objectNode();
            obj.put("apiVersion", "v1");
            obj.put("kind", "Service");
            ObjectNode meta = obj.putObject("metadata");
            meta.put("name", svc.name());
            meta.put("namespace", svc.namespace());
            identify(meta, "/services/" + svc.namespace() + "/" + svc.name(), s.uid());
            if (ControlPlane.DNS_SERVICE.equals(svc.name()) && ControlPlane.KUBE_SYSTEM.equals(svc.namespace())) {
                labels(meta, Map.of("k8s-app", "kube-dns", "kubernetes.io/cluster-service", "true",
                        "kubernetes.io/name", "CoreDNS"));
            }
            ObjectNode spec = obj.putObject("spec");
            if (svc.selector() != null) {
                spec.set("selector", MAPPER.valueToTree(new TreeMap<>(svc.selector())));
            }
            ArrayNode ports = spec.putArray("ports");
            for (ClusterState.ServicePort p : svc.ports()) {
                ObjectNode pn = ports.addObject();
                if (p.name() != null) {
                    pn.put("name", p.name());
                }
                pn.put("protocol", p.protocol());
                pn.put("port", p.port());
                if (p.targetPort().chars().allMatch(Character::isDigit)) {
                    pn.put("targetPort", Integer.parseInt(p.targetPort()));
                } else {
                    pn.put("targetPort", p.targetPort());
                }
            }
            serviceAllocations(obj, svc);
            return obj;
        }

        /** What the API server allocated: type, ClusterIP, NodePorts, and the load balancer's address. */
        void serviceAllocations(ObjectNode obj, ServiceObject svc) {
            ObjectNode spec = obj.with("spec");
            spec.put("type", svc.type());
            if (svc.clusterIp() != null) {
                spec.put("clusterIP", svc.clusterIp());
                spec.putArray("clusterIPs").add(svc.clusterIp());
            } else if (!ServiceObject.EXTERNAL_NAME.equals(svc.type())) {
                spec.put("clusterIP", "None");
                spec.putArray("clusterIPs").add("None");
            }
            if (!ServiceObject.EXTERNAL_NAME.equals(svc.type())) {
                spec.putArray("ipFamilies").add("IPv4");
                spec.put("ipFamilyPolicy", "SingleStack");
                if (!spec.has("sessionAffinity")) {
                    spec.put("sessionAffinity", svc.sessionAffinity() == null ? "None" : svc.sessionAffinity());
                }
                if (!spec.has("internalTrafficPolicy")) {
                    spec.put("internalTrafficPolicy", "Cluster");
                }
            }
            JsonNode ports = spec.path("ports");
            if (ports.isArray()) {
                for (int i = 0; i < ports.size() && i < svc.ports().size(); i++) {
                    ObjectNode pn = (ObjectNode) ports.get(i);
                    ClusterState.ServicePort sp = svc.ports().get(i);
                    if (!pn.has("protocol")) {
                        pn.put("protocol", sp.protocol());
                    }
                    if (!pn.has("targetPort")) {
                        pn.put("targetPort", sp.port());
                    }
                    if (sp.nodePort() > 0) {
                        pn.put("nodePort", sp.nodePort());
                    }
                }
            }
            ObjectNode st = obj.putObject("status");
            ObjectNode lb = st.putObject("loadBalancer");
            if (svc.loadBalancerIp() != null) {
                ObjectNode ing = lb.putArray("ingress").addObject();
                ing.put("ip", svc.loadBalancerIp());
                ing.put("ipMode", "VIP");
            }
        }

        /** The Ingress controller answers on the control-plane node's address (ports 80 and 443). */
        void ingressStatus(ObjectNode obj) {
            ObjectNode lb = obj.putObject("status").putObject("loadBalancer");
            if (controlPlaneIp != null) {
                lb.putArray("ingress").addObject().put("ip", controlPlaneIp);
            }
        }

        /** An EndpointSlice is named after its Service and five characters of the Service's uid. */
        private String sliceName(String service, ObjectStore.Stored svc) {
            return service + "-" + sha(svc.uid()).substring(0, 5);
        }

        ObjectNode endpointSlice(ObjectStore.Stored s, ObjectStore.Stored svcStored, String name) {
            EndpointSliceObject slice = s.as(EndpointSliceObject.class);
            ServiceObject svc = svcStored.as(ServiceObject.class);
            ObjectNode obj = JSON.objectNode();
            obj.put("apiVersion", "discovery.k8s.io/v1");
            obj.put("kind", "EndpointSlice");
            ObjectNode meta = obj.putObject("metadata");
            meta.put("name", name);
            meta.put("namespace", svc.namespace());
            meta.put("generateName", svc.name() + "-");
            identify(meta, "discovery.k8s.io/endpointslices/" + svc.namespace() + "/" + name, s.uid());
            labels(meta, Map.of("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io",
                    "kubernetes.io/service-name", svc.name()));
            owner(meta, "v1", "Service", svc.name(), svcStored.uid());
            obj.put("addressType", "IPv4");
            ArrayNode eps = obj.putArray("endpoints");
            for (ClusterState.Endpoint e : slice.endpoints()) {
                ObjectNode en = eps.addObject();
                en.putArray("addresses").add(e.ip());
                ObjectNode c = en.putObject("conditions");
                c.put("ready", e.ready());
                c.put("serving", e.ready());
                c.put("terminating", false);
                if (e.node() != null) {
                    en.put("nodeName", e.node());
                }
                targetRef(en.putObject("targetRef"), e);
            }
            ArrayNode ports = obj.putArray("ports");
            for (ClusterState.ServicePort sp : svc.ports()) {
                ObjectNode pn = ports.addObject();
                if (sp.name() != null) {
                    pn.put("name", sp.name());
                } else {
                    pn.put("name", "");
                }
                Integer target = slice.endpoints().stream().map(e -> e.targetPorts().get(portKey(sp)))
                        .filter(java.util.Objects::nonNull).findFirst().orElse(null);
                if (target != null) {
                    pn.put("port", target);
                } else if (sp.targetPort().chars().allMatch(Character::isDigit)) {
                    pn.put("port", Integer.parseInt(sp.targetPort()));
                }
                pn.put("protocol", sp.protocol());
            }
            return obj;
        }

        ObjectNode endpoints(ObjectStore.Stored s, ObjectStore.Stored svcStored) {
            EndpointSliceObject slice = s.as(EndpointSliceObject.class);
            ServiceObject svc = svcStored.as(ServiceObject.class);
            ObjectNode obj = JSON.objectNode();
            obj.put("apiVersion", "v1");
            obj.put("kind", "Endpoints");
            ObjectNode meta = obj.putObject("metadata");
            meta.put("name", svc.name());
            meta.put("namespace", svc.namespace());
            identify(meta, "/endpoints/" + svc.namespace() + "/" + svc.name(), null);
            ArrayNode subsets = obj.putArray("subsets");
            if (slice.endpoints().isEmpty()) {
                obj.remove("subsets");
                return obj;
            }
            // One subset per distinct set of target ports, as the endpoints controller groups them.
            Map<Map<String, Integer>, List<ClusterState.Endpoint>> groups = new LinkedHashMap<>();
            for (ClusterState.Endpoint e : slice.endpoints()) {
                groups.computeIfAbsent(e.targetPorts(), k -> new ArrayList<>()).add(e);
            }
            for (Map.Entry<Map<String, Integer>, List<ClusterState.Endpoint>> g : groups.entrySet()) {
                ObjectNode sub = subsets.addObject();
                ArrayNode ready = JSON.arrayNode();
                ArrayNode notReady = JSON.arrayNode();
                for (ClusterState.Endpoint e : g.getValue()) {
                    ObjectNode a = (e.ready() ? ready : notReady).addObject();
                    a.put("ip", e.ip());
                    if (e.node() != null) {
                        a.put("nodeName", e.node());
                    }
                    targetRef(a.putObject("targetRef"), e);
                }
                if (!ready.isEmpty()) {
                    sub.set("addresses", ready);
                }
                if (!notReady.isEmpty()) {
                    sub.set("notReadyAddresses", notReady);
                }
                ArrayNode ports = sub.putArray("ports");
                for (ClusterState.ServicePort sp : svc.ports()) {
                    Integer target = g.getKey().get(portKey(sp));
                    if (target == null) {
                        continue;
                    }
                    ObjectNode pn = ports.addObject();
                    if (sp.name() != null) {
                        pn.put("name", sp.name());
                    }
                    pn.put("port", target);
                    pn.put("protocol", sp.protocol());
                }
            }
            return obj;
        }

        private void targetRef(ObjectNode ref, ClusterState.Endpoint e) {
            ref.put("kind", "Pod");
            ref.put("namespace", e.podNamespace());
            ref.put("name", e.podName());
            ObjectStore.Stored pod = pods.get(e.podNamespace() + "/" + e.podName());
            if (pod != null) {
                ref.put("uid", pod.uid());
            }
        }

        private static String portKey(ClusterState.ServicePort sp) {
            return sp.name() != null ? sp.name() : String.valueOf(sp.port());
        }

        ObjectNode node(ObjectStore.Stored s) {
            NodeObject n = s.as(NodeObject.class);
            Cluster.NodeSpec spec = cluster.design().cluster().node(n.name());
            ObjectNode obj = JSON.objectNode();
            obj.put("apiVersion", "v1");
            obj.put("kind", "Node");
            ObjectNode meta = obj.putObject("metadata");
            meta.put("name", n.name());
            identify(meta, "/nodes//" + n.name(), s.uid());
            labels(meta, n.labels());
            ObjectNode ann = meta.with("annotations");
            ann.put("node.alpha.kubernetes.io/ttl", "0");
            ann.put("flannel.alpha.coreos.com/public-ip", n.underlayIp());
            ObjectNode sp = obj.putObject("spec");
            sp.put("podCIDR", n.podCidr());
            sp.putArray("podCIDRs").add(n.podCidr());
            if (!n.taints().isEmpty()) {
                ArrayNode taints = sp.putArray("taints");
                for (Cluster.Taint t : n.taints()) {
                    ObjectNode tn = taints.addObject();
                    tn.put("key", t.key());
                    if (t.value() != null && !t.value().isEmpty()) {
                        tn.put("value", t.value());
                    }
                    tn.put("effect", t.effect());
                }
            }
            ObjectNode st = obj.putObject("status");
            ObjectNode cap = st.putObject("capacity");
            Map<String, String> declared = spec == null ? Map.of() : spec.capacity();
            for (String r : List.of("cpu", "memory", "ephemeral-storage")) {
                if (declared.containsKey(r)) {
                    cap.put(r, declared.get(r));
                }
            }
            cap.put("pods", declared.getOrDefault("pods", "110"));
            st.set("allocatable", cap.deepCopy());
            ArrayNode conds = st.putArray("conditions");
            // The kubelet posts its status every 10 s; a stopped node's last heartbeat stays where it was.
            String hb = since("/nodes//" + n.name() + "|heartbeat", n.ready() ? String.valueOf(now.getEpochSecond() / 10) : "stopped");
            String since = since("/nodes//" + n.name() + "|Ready", String.valueOf(n.ready()));
            for (String[] c : new String[][]{{"MemoryPressure", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"},
                    {"DiskPressure", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"},
                    {"PIDPressure", "KubeletHasSufficientPID", "kubelet has sufficient PID available"}}) {
                ObjectNode cn = conds.addObject();
                cn.put("type", c[0]);
                cn.put("status", n.ready() ? "False" : "Unknown");
                cn.put("lastHeartbeatTime", hb);
                cn.put("lastTransitionTime", since);
                cn.put("reason", n.ready() ? c[1] : "NodeStatusUnknown");
                cn.put("message", n.ready() ? c[2] : "Kubelet stopped posting node status.");
            }
            ObjectNode ready = conds.addObject();
            ready.put("type", "Ready");
            ready.put("status", n.ready() ? "True" : "Unknown");
            ready.put("lastHeartbeatTime", hb);
            ready.put("lastTransitionTime", since);
            ready.put("reason", n.ready() ? "KubeletReady" : "NodeStatusUnknown");
            ready.put("message", n.ready() ? "kubelet is posting ready status" : "Kubelet stopped posting node status.");
            ArrayNode addrs = st.putArray("addresses");
            addrs.addObject().put("type", "InternalIP").put("address", n.underlayIp());
            addrs.addObject().put("type", "Hostname").put("address", n.name());
            st.putObject("daemonEndpoints").putObject("kubeletEndpoint").put("Port", 10250);
            ObjectNode info = st.putObject("nodeInfo");
            boolean docker = "docker".equals(cluster.backend());
            info.put("machineID", sha("machine/" + n.name()).substring(0, 32));
            info.put("systemUUID", s.uid());
            info.put("bootID", sha("boot/" + s.uid()).substring(0, 32));
            info.put("kernelVersion", docker ? System.getProperty("os.version", "") : "kubecanvas-sim");
            info.put("osImage", docker ? "Debian GNU/Linux 12 (bookworm)" : "KubeCanvas emulated node (sim)");
            info.put("containerRuntimeVersion", docker ? "docker://kubecanvas" : "sim://kubecanvas");
            info.put("kubeletVersion", KUBE_VERSION);
            info.put("kubeProxyVersion", KUBE_VERSION);
            info.put("operatingSystem", "linux");
            info.put("architecture", "amd64");
            return obj;
        }

        /** The node's heartbeat lease in kube-node-lease, renewed every 10 s while the node is ready. */
        ObjectNode lease(ObjectStore.Stored s) {
            NodeObject n = s.as(NodeObject.class);
            ObjectNode obj = JSON.objectNode();
            obj.put("apiVersion", "coordination.k8s.io/v1");
            obj.put("kind", "Lease");
            ObjectNode meta = obj.putObject("metadata");
            meta.put("name", n.name());
            meta.put("namespace", "kube-node-lease");
            identify(meta, "coordination.k8s.io/leases/kube-node-lease/" + n.name(), null);
            owner(meta, "v1", "Node", n.name(), s.uid());
            ObjectNode spec = obj.putObject("spec");
            spec.put("holderIdentity", n.name());
            spec.put("leaseDurationSeconds", 40);
            String renewed = since("/nodes//" + n.name() + "|heartbeat", n.ready() ? String.valueOf(now.getEpochSecond() / 10) : "stopped");
            spec.put("renewTime", renewed.replace("Z", ".000000Z"));
            return obj;
        }

        ObjectNode namespace(ObjectStore.Stored s) {
            NamespaceObject n = s.as(NamespaceObject.class);
            return namespace(n.name(), n.labels(), s.uid());
        }

        ObjectNode namespace(String name, Map<String, String> labels, String uid) {
            ObjectNode obj = JSON.objectNode();
            obj.put("apiVersion", "v1");
            obj.put("kind", "Namespace");
            ObjectNode meta = obj.putObject("metadata");
            meta.put("name", name);
            identify(meta, "/namespaces//" + name, uid);
            Map<String, String> l = new TreeMap<>(labels);
            l.put("kubernetes.io/metadata.name", name);
            labels(meta, l);
            obj.putObject("spec").putArray("finalizers").add("kubernetes");
            obj.putObject("status").put("phase", "Active");
            return obj;
        }

        ObjectNode event(ClusterEvent e, Instant start) {
            String objectRef = e.object();
            int slash = objectRef.indexOf('/');
            String lowerKind = slash < 0 ? objectRef : objectRef.substring(0, slash);
            String name = slash < 0 ? "" : objectRef.substring(slash + 1);
            ResourceType t = null;
            for (ResourceType r : catalog.all()) {
                if (r.singular().equals(lowerKind) || r.kind().equalsIgnoreCase(lowerKind)) {
                    t = r;
                    break;
                }
            }
            String kind = t != null ? t.kind() : Character.toUpperCase(lowerKind.charAt(0)) + lowerKind.substring(1);
            String ns = e.namespace() == null || e.namespace().isEmpty() ? "default" : e.namespace();
            Instant at = start.plusMillis(e.at());
            if (at.isAfter(now)) {
                at = now;
            }
            ObjectNode obj = JSON.objectNode();
            obj.put("apiVersion", "v1");
            obj.put("kind", "Event");
            ObjectNode meta = obj.putObject("metadata");
            String eventName = (name.isEmpty() ? lowerKind : name) + "." + Long.toHexString(at.toEpochMilli() * 1_000_000L
                    + (random.nextInt() & 0xFFFFF));
            meta.put("name", eventName);
            meta.put("namespace", ns);
            meta.put("uid", java.util.UUID.randomUUID().toString());
            meta.put("creationTimestamp", timestamp(at));
            ObjectNode inv = obj.putObject("involvedObject");
            inv.put("kind", kind);
            if (t != null && t.namespaced()) {
                inv.put("namespace", ns);
            }
            inv.put("name", name);
            if (t != null) {
                inv.put("apiVersion", t.apiVersion());
                String uid = uidOf(t, t.namespaced() ? ns : "", name);
                if (uid != null) {
                    inv.put("uid", uid);
                }
            }
            obj.put("reason", e.reason());
            obj.put("message", e.message());
            obj.putObject("source").put("component", e.source());
            obj.put("firstTimestamp", timestamp(at));
            obj.put("lastTimestamp", timestamp(at));
            obj.put("count", 1);
            obj.put("type", e.type());
            obj.putNull("eventTime");
            obj.put("reportingComponent", e.source());
            obj.put("reportingInstance", "");
            return obj;
        }

        private String uidOf(ResourceType t, String ns, String name) {
            TreeMap<String, ObjectNode> objs = out.get(t);
            ObjectNode o = objs == null ? null : objs.get(ns + "/" + name);
            return o == null ? null : o.path("metadata").path("uid").asText(null);
        }

        // ---- helpers ----------------------------------------------------------------------------

        /** When {@code key} last took {@code value}: condition times that move only when the condition does. */
        String since(String key, String value) {
            Transition tr = transitions.get(key);
            if (tr == null || !tr.value().equals(value)) {
                tr = new Transition(value, now);
                transitions.put(key, tr);
            }
            return timestamp(tr.at());
        }

        /** Namespaces that objects live in, so that each one is served even without a Namespace object. */
        private final java.util.Set<String> namespacesUsed = new java.util.HashSet<>();

        /** The events, as one map shared between passes (Event objects of the design, if any, join a copy). */
        void putEvents(ResourceType t, java.util.NavigableMap<String, ObjectNode> rendered) {
            TreeMap<String, ObjectNode> fromDesign = out.get(t);
            if (fromDesign == null) {
                sharedMaps.put(t, rendered);
            } else {
                rendered.forEach(fromDesign::putIfAbsent);
            }
        }

        private void putFinal(ResourceType t, ObjectNode obj) {
            JsonNode meta = obj.path("metadata");
            String ns = meta.path("namespace").asText("");
            if (!ns.isEmpty()) {
                namespacesUsed.add(ns);
            }
            out.computeIfAbsent(t, k -> new TreeMap<>()).put(ns + "/" + meta.path("name").asText(), obj);
        }

        ObjectNode put(ResourceType t, ObjectNode obj) {
            JsonNode meta = obj.path("metadata");
            String key = ServerMetadata.key(t, meta.path("namespace").asText(""), meta.path("name").asText());
            Map<String, String> extra = metadata.annotations(key);
            if (!extra.isEmpty()) {
                ObjectNode ann = ((ObjectNode) meta).with("annotations");
                extra.forEach(ann::put);
            }
            ArrayNode mf = metadata.managedFields(key);
            if (mf != null) {
                ((ObjectNode) meta).set("managedFields", mf.deepCopy());
            }
            putFinal(t, obj);
            return obj;
        }

        /** uid and creationTimestamp: the store's uid when there is one, else one kept for the object's life. */
        void identify(ObjectNode meta, String key, String storeUid) {
            Identity id = nextIdentities.get(key);
            if (id == null) {
                id = identities.get(key);
            }
            if (id == null || (storeUid != null && !storeUid.equals(id.uid()))) {
                id = new Identity(storeUid != null ? storeUid : java.util.UUID.randomUUID().toString(),
                        now.truncatedTo(ChronoUnit.SECONDS));
            }
            nextIdentities.put(key, id);
            meta.put("uid", id.uid());
            meta.put("creationTimestamp", timestamp(id.created()));
        }

        Instant created(ObjectNode obj) {
            String t = obj.path("metadata").path("creationTimestamp").asText(null);
            return t == null ? now : Instant.parse(t);
        }

        void labels(ObjectNode meta, Map<String, String> labels) {
            if (labels != null && !labels.isEmpty()) {
                ObjectNode l = meta.putObject("labels");
                new TreeMap<>(labels).forEach(l::put);
            }
        }

        void owner(ObjectNode meta, String apiVersion, String kind, String name, String uid) {
            ObjectNode o = meta.putArray("ownerReferences").addObject();
            o.put("apiVersion", apiVersion);
            o.put("kind", kind);
            o.put("name", name);
            if (uid != null) {
                o.put("uid", uid);
            }
            o.put("controller", true);
            o.put("blockOwnerDeletion", true);
        }

        void condition(ArrayNode conds, String type, boolean status, String since, String reason, String message) {
            ObjectNode c = conds.addObject();
            c.put("type", type);
            c.put("status", status ? "True" : "False");
            c.putNull("lastProbeTime");
            c.put("lastTransitionTime", since);
            if (reason != null) {
                c.put("reason", reason);
            }
            if (message != null) {
                c.put("message", message);
            }
        }
    }

    static String timestamp(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String sha(String text) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
