package io.kubecanvas.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * {@code Table} responses, which {@code kubectl get} prints: per kind the columns of the Kubernetes 1.32
 * API server's printers (priority 1 columns appear with {@code -o wide}) and the same cell formats
 * ({@code 1/1}, {@code 80:30080/TCP}, {@code <none>}, ages such as {@code 5m12s}).
 */
final class Tables {
    private Tables() {
    }

    /** One column; {@code priority} 1 is shown only with {@code -o wide}. */
    record Column(String name, String type, String format, int priority, String description) {
    }

    private record Printer(List<Column> columns, BiFunction<JsonNode, Instant, List<Object>> cells) {
    }

    private static Column col(String name, String description) {
        return new Column(name, "string", "", 0, description);
    }

    private static Column wide(String name, String description) {
        return new Column(name, "string", "", 1, description);
    }

    private static Column nameCol() {
        return new Column("Name", "string", "name", 0,
                "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a"
                        + " client to request the generation of an appropriate name automatically.");
    }

    private static Column ageCol() {
        return col("Age", "CreationTimestamp is a timestamp representing the server time when this object was created.");
    }

    private static Column integer(String name, String description) {
        return new Column(name, "integer", "", 0, description);
    }

    private static final Map<String, Printer> PRINTERS = Map.ofEntries(
            Map.entry("Pod", new Printer(List.of(nameCol(), col("Ready", "The aggregate readiness state of this pod for accepting traffic."),
                    col("Status", "The aggregate status of the containers in this pod."),
                    col("Restarts", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
                    ageCol(), wide("IP", "podIP is the IP address allocated to the pod."),
                    wide("Node", "NodeName indicates in which node this pod is scheduled."),
                    wide("Nominated Node", "nominatedNodeName is set only when this pod preempts other pods on the node."),
                    wide("Readiness Gates", "If specified, all readiness gates will be evaluated for pod readiness.")), Tables::pod)),
            Map.entry("Node", new Printer(List.of(nameCol(), col("Status", "The status of the node"), col("Roles", "The roles of the node"),
                    ageCol(), col("Version", "Kubelet Version reported by the node."),
                    wide("Internal-IP", "List of addresses reachable to the node."), wide("External-IP", "List of addresses reachable to the node."),
                    wide("OS-Image", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy))."),
                    wide("Kernel-Version", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."),
                    wide("Container-Runtime", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).")),
                    Tables::node)),
            Map.entry("Service", new Printer(List.of(nameCol(), col("Type", "type determines how the Service is exposed."),
                    col("Cluster-IP", "clusterIP is the IP address of the service and is usually assigned randomly."),
                    col("External-IP", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."),
                    col("Port(s)", "The list of ports that are exposed by this service."), ageCol(),
                    wide("Selector", "Route service traffic to pods with label keys and values matching this selector.")), Tables::service)),
            Map.entry("Endpoints", new Printer(List.of(nameCol(), col("Endpoints", "The set of all endpoints is the union of all subsets."), ageCol()),
                    Tables::endpoints)),
            Map.entry("EndpointSlice", new Printer(List.of(nameCol(), col("AddressType", "addressType specifies the type of address carried by this EndpointSlice."),
                    col("Ports", "ports specifies the list of network ports exposed by each endpoint in this slice."),
                    col("Endpoints", "endpoints is a list of unique endpoints in this slice."), ageCol()), Tables::endpointSlice)),
            Map.entry("Deployment", new Printer(List.of(nameCol(), col("Ready", "Number of the pod with ready state"),
                    integer("Up-to-date", "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
                    integer("Available", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
                    ageCol(), wide("Containers", "Names of each container in the template."),
                    wide("Images", "Images referenced by each container in the template."),
                    wide("Selector", "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.")),
                    Tables::deployment)),
            Map.entry("ReplicaSet", new Printer(List.of(nameCol(), integer("Desired", "Replicas is the number of desired pods."),
                    integer("Current", "Replicas is the most recently observed number of replicas."),
                    integer("Ready", "readyReplicas is the number of pods targeted by this ReplicaSet with a Ready Condition."), ageCol(),
                    wide("Containers", "Names of each container in the template."), wide("Images", "Images referenced by each container in the template."),
                    wide("Selector", "Selector is a label query over pods that should match the replica count.")), Tables::replicaSet)),
            Map.entry("DaemonSet", new Printer(List.of(nameCol(), integer("Desired", "The total number of nodes that should be running the daemon pod."),
                    integer("Current", "The number of nodes that are running at least 1 daemon pod."),
                    integer("Ready", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready."),
                    integer("Up-to-date", "The total number of nodes that are running updated daemon pod"),
                    integer("Available", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available."),
                    col("Node Selector", "NodeSelector is a selector which must be true for the pod to fit on a node."), ageCol(),
                    wide("Containers", "Names of each container in the template."), wide("Images", "Images referenced by each container in the template."),
                    wide("Selector", "A label query over pods that are managed by the daemon set.")), Tables::daemonSet)),
            Map.entry("StatefulSet", new Printer(List.of(nameCol(), col("Ready", "Number of the pod with ready state"), ageCol(),
                    wide("Containers", "Names of each container in the template."), wide("Images", "Images referenced by each container in the template.")),
                    Tables::statefulSet)),
            Map.entry("Ingress", new Printer(List.of(nameCol(), col("Class", "The name of the IngressClass resource."),
                    col("Hosts", "Hosts that incoming requests are matched against before the ingress rule"),
                    col("Address", "Address is a list containing ingress points for the load-balancer"),
                    col("Ports", "Ports of TLS configurations that open"), ageCol()), Tables::ingress)),
            Map.entry("IngressClass", new Printer(List.of(nameCol(), col("Controller", "Controller that is responsible for handling this class"),
                    col("Parameters", "A reference to a resource with additional parameters"), ageCol()), Tables::ingressClass)),
            Map.entry("NetworkPolicy", new Printer(List.of(nameCol(), col("Pod-Selector", "Selects the pods to which this NetworkPolicy object applies."),
                    ageCol()), Tables::networkPolicy)),
            Map.entry("Namespace", new Printer(List.of(nameCol(), col("Status", "The status of the namespace"), ageCol()), Tables::namespace)),
            Map.entry("Event", new Printer(List.of(col("Last Seen", "The time at which the most recent occurrence of this event was recorded."),
                    col("Type", "Type of this event (Normal, Warning), new types could be added in the future."),
                    col("Reason", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
                    col("Object", "The object that this event is about."),
                    wide("Subobject", "The subobject that this event is about."),
                    wide("Source", "The component reporting this event."),
                    col("Message", "A human-readable description of the status of this operation."),
                    wide("First Seen", "The time at which the event was first recorded."),
                    wide("Count", "The number of times this event has occurred."),
                    new Column("Name", "string", "name", 1, "Name must be unique within a namespace.")), Tables::event)),
            Map.entry("ConfigMap", new Printer(List.of(nameCol(), integer("Data", "Data contains the configuration data."), ageCol()),
                    (o, now) -> List.of(name(o), o.path("data").size() + o.path("binaryData").size(), age(o, now)))),
            Map.entry("Secret", new Printer(List.of(nameCol(), col("Type", "The type of the secret"), integer("Data", "The number of entries in the secret"),
                    ageCol()), (o, now) -> List.of(name(o), o.path("type").asText("Opaque"),
                    o.path("data").size() + o.path("stringData").size(), age(o, now)))),
            Map.entry("ServiceAccount", new Printer(List.of(nameCol(), integer("Secrets", "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use."),
                    ageCol()), (o, now) -> List.of(name(o), o.path("secrets").size(), age(o, now)))),
            Map.entry("Job", new Printer(List.of(nameCol(), col("Status", "Status of the job."), col("Completions", "The completion status of the job"),
                    col("Duration", "Time required to complete the job."), ageCol()),
                    (o, now) -> List.of(name(o), "Running", o.path("status").path("succeeded").asInt(0) + "/"
                            + o.path("spec").path("completions").asInt(1), "", age(o, now)))),
            Map.entry("CronJob", new Printer(List.of(nameCol(), col("Schedule", "The schedule in Cron format"), col("Timezone", "The time zone name"),
                    col("Suspend", "This flag tells the controller to suspend subsequent executions."), integer("Active", "A list of pointers to currently running jobs."),
                    col("Last Schedule", "Information when was the last time the job was successfully scheduled."), ageCol()),
                    (o, now) -> List.of(name(o), o.path("spec").path("schedule").asText(""), o.path("spec").path("timeZone").asText("<none>"),
                            String.valueOf(o.path("spec").path("suspend").asBoolean(false)), 0, "<none>", age(o, now)))),
            Map.entry("HorizontalPodAutoscaler", new Printer(List.of(nameCol(), col("Reference", "The reference to the target"),
                    col("Targets", "The metrics targets"), integer("MinPods", "The minimum number of replicas"),
                    integer("MaxPods", "The maximum number of replicas"), integer("Replicas", "The current number of replicas"), ageCol()),
                    (o, now) -> List.of(name(o), o.path("spec").path("scaleTargetRef").path("kind").asText("") + "/"
                                    + o.path("spec").path("scaleTargetRef").path("name").asText(""), "<unknown>",
                            o.path("spec").path("minReplicas").asInt(1), o.path("spec").path("maxReplicas").asInt(0), 0, age(o, now)))),
            Map.entry("RoleBinding", new Printer(List.of(nameCol(), col("Role", "The role referenced"), ageCol()),
                    (o, now) -> List.of(name(o), o.path("roleRef").path("kind").asText("") + "/" + o.path("roleRef").path("name").asText(""), age(o, now)))),
            Map.entry("ClusterRoleBinding", new Printer(List.of(nameCol(), col("Role", "The role referenced"), ageCol()),
                    (o, now) -> List.of(name(o), o.path("roleRef").path("kind").asText("") + "/" + o.path("roleRef").path("name").asText(""), age(o, now)))),
            Map.entry("Lease", new Printer(List.of(nameCol(), col("Holder", "The holder of the lease"), ageCol()),
                    (o, now) -> List.of(name(o), o.path("spec").path("holderIdentity").asText(""), age(o, now)))),
            Map.entry("StorageClass", new Printer(List.of(nameCol(), col("Provisioner", "The provisioner"), col("ReclaimPolicy", "The reclaim policy"),
                    col("VolumeBindingMode", "The binding mode"), col("AllowVolumeExpansion", "Whether volumes may grow"), ageCol()),
                    (o, now) -> List.of(name(o), o.path("provisioner").asText(""), o.path("reclaimPolicy").asText("Delete"),
                            o.path("volumeBindingMode").asText("Immediate"), String.valueOf(o.path("allowVolumeExpansion").asBoolean(false)), age(o, now)))));

    private static final Printer DEFAULT = new Printer(List.of(nameCol(), ageCol()), (o, now) -> List.of(name(o), age(o, now)));

    /**
     * The Table of {@code entries}: rows in the given order, each with the object as
     * {@code includeObject} asks (None, Metadata: a PartialObjectMetadata, Object: the whole object).
     */
    static byte[] table(ResourceType type, Collection<ServedObjects.Entry> entries, long resourceVersion, String includeObject,
                        boolean withColumns, String continueToken) {
        // Streamed, with each row's metadata serialised once per object version: a table of 500 Pods is
        // mostly their metadata.
        Printer p = printer(type);
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream(1024 + entries.size() * 700);
        try (com.fasterxml.jackson.core.JsonGenerator g = ObjectRenderer.MAPPER.getFactory().createGenerator(buf)) {
            g.writeStartObject();
            g.writeStringField("kind", "Table");
            g.writeStringField("apiVersion", "meta.k8s.io/v1");
            g.writeObjectFieldStart("metadata");
            g.writeStringField("resourceVersion", String.valueOf(resourceVersion));
            if (continueToken != null) {
                g.writeStringField("continue", continueToken);
            }
            g.writeEndObject();
            g.writeArrayFieldStart("columnDefinitions");
            if (withColumns) {
                for (Column c : p.columns()) {
                    g.writeStartObject();
                    g.writeStringField("name", c.name());
                    g.writeStringField("type", c.type());
                    g.writeStringField("format", c.format());
                    g.writeStringField("description", c.description());
                    g.writeNumberField("priority", c.priority());
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            g.writeArrayFieldStart("rows");
            Instant now = Instant.now();
            for (ServedObjects.Entry e : entries) {
                g.writeStartObject();
                g.writeArrayFieldStart("cells");
                for (Object c : p.cells().apply(e.object, now)) {
                    if (c instanceof Integer i) {
                        g.writeNumber(i);
                    } else if (c instanceof Long l) {
                        g.writeNumber(l);
                    } else {
                        g.writeString(String.valueOf(c));
                    }
                }
                g.writeEndArray();
                if ("Object".equals(includeObject)) {
                    g.writeFieldName("object");
                    g.writeRawValue(e.jsonText());
                } else if (!"None".equals(includeObject)) {
                    g.writeObjectFieldStart("object");
                    g.writeStringField("kind", "PartialObjectMetadata");
                    g.writeStringField("apiVersion", "meta.k8s.io/v1");
                    g.writeFieldName("metadata");
                    g.writeRawValue(e.metadataText());
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return buf.toByteArray();
    }

    private static Printer printer(ResourceType type) {
        if (!type.group().isEmpty() && !type.group().endsWith(".k8s.io") && !List.of("apps", "batch", "policy", "autoscaling")
                .contains(type.group())) {
            return DEFAULT; // custom resources
        }
        return PRINTERS.getOrDefault(type.kind(), DEFAULT);
    }

    // ---- cells ---------------------------------------------------------------------------------

    static String name(JsonNode o) {
        return o.path("metadata").path("name").asText();
    }

    static String age(JsonNode o, Instant now) {
        String t = o.path("metadata").path("creationTimestamp").asText(null);
        return t == null ? "<unknown>" : humanDuration(Duration.between(Instant.parse(t), now));
    }

    private static String since(String timestamp, Instant now) {
        return timestamp == null || timestamp.isEmpty() ? "<unknown>" : humanDuration(Duration.between(Instant.parse(timestamp), now));
    }

    /** The API machinery's short durations: 45s, 5m12s, 3h20m, 2d4h, 400d, 3y20d. */
    static String humanDuration(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < -1) {
            return "<invalid>";
        }
        if (seconds < 0) {
            return "0s";
        }
        if (seconds < 120) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        }
        if (minutes < 180) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        }
        if (hours < 48) {
            return hours + "h";
        }
        if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
        }
        if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        }
        if (hours < 24 * 365 * 8) {
            long dy = (hours / 24) % 365;
            return dy == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + dy + "d";
        }
        return hours / 24 / 365 + "y";
    }

    private static String joinOrNone(List<String> items) {
        return items.isEmpty() ? "<none>" : String.join(",", items);
    }

    private static String labelsText(JsonNode map) {
        if (map == null || !map.isObject() || map.isEmpty()) {
            return "<none>";
        }
        List<String> out = new ArrayList<>();
        new TreeMap<>(ServerMetadata.stringMap(map)).forEach((k, v) -> out.add(k + "=" + v));
        return String.join(",", out);
    }

    /** A LabelSelector as {@code metav1.FormatLabelSelector} writes it. */
    static String selectorText(JsonNode sel) {
        if (sel == null || sel.isMissingNode() || sel.isNull()) {
            return "<none>";
        }
        List<String> out = new ArrayList<>();
        new TreeMap<>(ServerMetadata.stringMap(sel.path("matchLabels"))).forEach((k, v) -> out.add(k + "=" + v));
        for (JsonNode e : sel.path("matchExpressions")) {
            String key = e.path("key").asText();
            List<String> values = new ArrayList<>();
            e.path("values").forEach(v -> values.add(v.asText()));
            switch (e.path("operator").asText()) {
                case "In" -> out.add(key + " in (" + String.join(",", values) + ")");
                case "NotIn" -> out.add(key + " notin (" + String.join(",", values) + ")");
                case "Exists" -> out.add(key);
                case "DoesNotExist" -> out.add("!" + key);
                default -> out.add(key + " " + e.path("operator").asText() + " " + values);
            }
        }
        return out.isEmpty() ? "<none>" : String.join(",", out);
    }

    private static List<Object> pod(JsonNode o, Instant now) {
        JsonNode st = o.path("status");
        int total = o.path("spec").path("containers").size();
        int ready = 0;
        String reason = st.path("phase").asText("Pending");
        for (JsonNode cs : st.path("containerStatuses")) {
            if (cs.path("ready").asBoolean()) {
                ready++;
            }
            JsonNode waiting = cs.path("state").path("waiting");
            if (waiting.has("reason") && !"Pending".equals(waiting.path("reason").asText())) {
                reason = waiting.path("reason").asText();
            }
        }
        if (o.path("metadata").has("deletionTimestamp")) {
            reason = "Terminating";
        }
        String ip = st.path("podIP").asText("");
        String gates = o.path("spec").path("readinessGates").isEmpty() ? "<none>" : o.path("spec").path("readinessGates").size() + "";
        return List.of(name(o), ready + "/" + total, reason, "0", age(o, now), ip.isEmpty() ? "<none>" : ip,
                o.path("spec").path("nodeName").asText("<none>"), st.path("nominatedNodeName").asText("<none>"), gates);
    }

    private static List<Object> node(JsonNode o, Instant now) {
        String status = "Unknown";
        for (JsonNode c : o.path("status").path("conditions")) {
            if ("Ready".equals(c.path("type").asText())) {
                status = "True".equals(c.path("status").asText()) ? "Ready" : "NotReady";
            }
        }
        if (o.path("spec").path("unschedulable").asBoolean(false)) {
            status += ",SchedulingDisabled";
        }
        List<String> roles = new ArrayList<>();
        o.path("metadata").path("labels").fieldNames().forEachRemaining(k -> {
            if (k.startsWith("node-role.kubernetes.io/")) {
                roles.add(k.substring("node-role.kubernetes.io/".length()));
            }
        });
        String internal = "<none>";
        String external = "<none>";
        for (JsonNode a : o.path("status").path("addresses")) {
            if ("InternalIP".equals(a.path("type").asText())) {
                internal = a.path("address").asText();
            } else if ("ExternalIP".equals(a.path("type").asText())) {
                external = a.path("address").asText();
            }
        }
        JsonNode info = o.path("status").path("nodeInfo");
        return List.of(name(o), status, joinOrNone(roles), age(o, now), info.path("kubeletVersion").asText(""), internal, external,
                info.path("osImage").asText(""), info.path("kernelVersion").asText(""), info.path("containerRuntimeVersion").asText(""));
    }

    static String servicePorts(JsonNode spec) {
        List<String> ports = new ArrayList<>();
        for (JsonNode p : spec.path("ports")) {
            int nodePort = p.path("nodePort").asInt(0);
            ports.add(p.path("port").asText() + (nodePort > 0 ? ":" + nodePort : "") + "/" + p.path("protocol").asText("TCP"));
        }
        return joinOrNone(ports);
    }

    private static List<Object> service(JsonNode o, Instant now) {
        JsonNode spec = o.path("spec");
        String type = spec.path("type").asText("ClusterIP");
        String clusterIp = spec.path("clusterIP").asText("");
        List<String> external = new ArrayList<>();
        for (JsonNode i : o.path("status").path("loadBalancer").path("ingress")) {
            external.add(i.has("ip") ? i.path("ip").asText() : i.path("hostname").asText());
        }
        spec.path("externalIPs").forEach(x -> external.add(x.asText()));
        String ext = switch (type) {
            case "ExternalName" -> spec.path("externalName").asText("<none>");
            case "LoadBalancer" -> external.isEmpty() ? "<pending>" : String.join(",", external);
            default -> external.isEmpty() ? "<none>" : String.join(",", external);
        };
        return List.of(name(o), type, clusterIp.isEmpty() ? "<none>" : clusterIp, ext, servicePorts(spec), age(o, now),
                labelsText(spec.path("selector")));
    }

    private static List<Object> endpoints(JsonNode o, Instant now) {
        List<String> eps = new ArrayList<>();
        for (JsonNode sub : o.path("subsets")) {
            for (JsonNode a : sub.path("addresses")) {
                if (sub.path("ports").isEmpty()) {
                    eps.add(a.path("ip").asText());
                }
                for (JsonNode p : sub.path("ports")) {
                    eps.add(a.path("ip").asText() + ":" + p.path("port").asText());
                }
            }
        }
        return List.of(name(o), truncated(eps), age(o, now));
    }

    /** At most three items, then "+ N more...", as the printers shorten long lists. */
    private static String truncated(List<String> items) {
        if (items.isEmpty()) {
            return "<none>";
        }
        if (items.size() <= 3) {
            return String.join(",", items);
        }
        return String.join(",", items.subList(0, 3)) + " + " + (items.size() - 3) + " more...";
    }

    private static List<Object> endpointSlice(JsonNode o, Instant now) {
        List<String> ports = new ArrayList<>();
        o.path("ports").forEach(p -> ports.add(p.path("port").asText()));
        List<String> addrs = new ArrayList<>();
        o.path("endpoints").forEach(e -> e.path("addresses").forEach(a -> addrs.add(a.asText())));
        return List.of(name(o), o.path("addressType").asText(), ports.isEmpty() ? "<unset>" : String.join(",", ports),
                truncated(addrs), age(o, now));
    }

    private static String containers(JsonNode podSpec) {
        List<String> n = new ArrayList<>();
        podSpec.path("containers").forEach(c -> n.add(c.path("name").asText()));
        return String.join(",", n);
    }

    private static String images(JsonNode podSpec) {
        List<String> n = new ArrayList<>();
        podSpec.path("containers").forEach(c -> n.add(c.path("image").asText()));
        return String.join(",", n);
    }

    private static List<Object> deployment(JsonNode o, Instant now) {
        JsonNode st = o.path("status");
        JsonNode podSpec = o.path("spec").path("template").path("spec");
        return List.of(name(o), st.path("readyReplicas").asInt(0) + "/" + o.path("spec").path("replicas").asInt(1),
                st.path("updatedReplicas").asInt(0), st.path("availableReplicas").asInt(0), age(o, now), containers(podSpec),
                images(podSpec), selectorText(o.path("spec").path("selector")));
    }

    private static List<Object> replicaSet(JsonNode o, Instant now) {
        JsonNode st = o.path("status");
        JsonNode podSpec = o.path("spec").path("template").path("spec");
        return List.of(name(o), o.path("spec").path("replicas").asInt(1), st.path("replicas").asInt(0), st.path("readyReplicas").asInt(0),
                age(o, now), containers(podSpec), images(podSpec), selectorText(o.path("spec").path("selector")));
    }

    private static List<Object> daemonSet(JsonNode o, Instant now) {
        JsonNode st = o.path("status");
        JsonNode podSpec = o.path("spec").path("template").path("spec");
        return List.of(name(o), st.path("desiredNumberScheduled").asInt(0), st.path("currentNumberScheduled").asInt(0),
                st.path("numberReady").asInt(0), st.path("updatedNumberScheduled").asInt(0), st.path("numberAvailable").asInt(0),
                labelsText(podSpec.path("nodeSelector")), age(o, now), containers(podSpec), images(podSpec),
                selectorText(o.path("spec").path("selector")));
    }

    private static List<Object> statefulSet(JsonNode o, Instant now) {
        JsonNode podSpec = o.path("spec").path("template").path("spec");
        return List.of(name(o), o.path("status").path("readyReplicas").asInt(0) + "/" + o.path("spec").path("replicas").asInt(1),
                age(o, now), containers(podSpec), images(podSpec));
    }

    private static List<Object> ingress(JsonNode o, Instant now) {
        JsonNode spec = o.path("spec");
        List<String> hosts = new ArrayList<>();
        spec.path("rules").forEach(r -> hosts.add(r.path("host").asText("*").isEmpty() ? "*" : r.path("host").asText("*")));
        List<String> addrs = new ArrayList<>();
        o.path("status").path("loadBalancer").path("ingress").forEach(i -> addrs.add(i.has("ip") ? i.path("ip").asText() : i.path("hostname").asText()));
        String ports = spec.path("tls").isEmpty() ? "80" : "80, 443";
        return List.of(name(o), spec.path("ingressClassName").asText("<none>"), hosts.isEmpty() ? "*" : String.join(",", hosts),
                String.join(",", addrs), ports, age(o, now));
    }

    private static List<Object> ingressClass(JsonNode o, Instant now) {
        JsonNode params = o.path("spec").path("parameters");
        String p = params.isMissingNode() ? "<none>" : params.path("kind").asText() + "/" + params.path("name").asText();
        return List.of(name(o), o.path("spec").path("controller").asText(""), p, age(o, now));
    }

    private static List<Object> networkPolicy(JsonNode o, Instant now) {
        String sel = selectorText(o.path("spec").path("podSelector"));
        return List.of(name(o), sel.equals("<none>") ? "<none>" : sel, age(o, now));
    }

    private static List<Object> namespace(JsonNode o, Instant now) {
        return List.of(name(o), o.path("status").path("phase").asText("Active"), age(o, now));
    }

    private static List<Object> event(JsonNode o, Instant now) {
        JsonNode inv = o.path("involvedObject");
        String object = inv.path("kind").asText("").toLowerCase() + "/" + inv.path("name").asText("");
        String source = o.path("source").path("component").asText("");
        if (o.path("source").has("host")) {
            source += ", " + o.path("source").path("host").asText();
        }
        return List.of(since(o.path("lastTimestamp").asText(null), now), o.path("type").asText(""), o.path("reason").asText(""),
                object, inv.path("fieldPath").asText(""), source, o.path("message").asText(""),
                since(o.path("firstTimestamp").asText(null), now), String.valueOf(o.path("count").asInt(1)), name(o));
    }
}
