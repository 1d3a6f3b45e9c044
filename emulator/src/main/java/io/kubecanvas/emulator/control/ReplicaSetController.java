package io.kubecanvas.emulator.control;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ReplicaSet to Pods: creates Pods named {@code <replicaset>-<5 random characters>} until the count is
 * right, or deletes the least valuable ones (unscheduled, then not ready, then the newest), as the
 * replicaset controller ranks them. Pods whose ReplicaSet is gone are garbage-collected. Bare Pods that
 * happen to match a selector are not adopted.
 */
final class ReplicaSetController {
    static final String SOURCE = "replicaset-controller";

    private final ControlContext ctx;

    ReplicaSetController(ControlContext ctx) {
        this.ctx = ctx;
    }

    void reconcile() {
        ObjectStore store = ctx.store;
        Map<String, List<PodObject>> owned = new HashMap<>();
        Map<String, Long> created = new HashMap<>();
        for (ObjectStore.Stored stored : store.list(Kinds.POD)) {
            PodObject p = stored.as(PodObject.class);
            created.put(p.key(), stored.creationVersion());
            if (Kinds.REPLICA_SET.equals(p.ownerKind())) {
                owned.computeIfAbsent(p.namespace() + "/" + p.ownerName(), k -> new ArrayList<>()).add(p);
            }
        }
        for (ReplicaSetObject rs : store.bodies(Kinds.REPLICA_SET, ReplicaSetObject.class)) {
            List<PodObject> pods = owned.remove(rs.namespace() + "/" + rs.name());
            int have = pods == null ? 0 : pods.size();
            String object = "replicaset/" + rs.name();
            for (int i = have; i < rs.replicas(); i++) {
                String name = freeName(rs);
                Map<String, String> labels = rs.template().getMetadata() == null
                        || rs.template().getMetadata().getLabels() == null ? Map.of()
                        : new LinkedHashMap<>(rs.template().getMetadata().getLabels());
                store.put(Kinds.pod(rs.namespace(), name), PodObject.create(rs.namespace(), name, labels,
                        rs.template().getSpec(), Kinds.REPLICA_SET, rs.name(), rs.ownerHead(), ctx.now));
                ctx.normal("SuccessfulCreate", rs.namespace(), object, "Created pod: " + name, SOURCE);
            }
            if (have > rs.replicas()) {
                List<PodObject> ranked = new ArrayList<>(pods);
                ranked.sort(deletionOrder(pods, created));
                for (PodObject p : ranked.subList(0, have - rs.replicas())) {
                    ctx.deletePod(p);
                    ctx.normal("SuccessfulDelete", rs.namespace(), object, "Deleted pod: " + p.name(), SOURCE);
                }
            }
        }
        for (List<PodObject> orphans : owned.values()) {
            for (PodObject p : orphans) {
                ctx.deletePod(p);
            }
        }
    }

    private String freeName(ReplicaSetObject rs) {
        while (true) {
            String name = rs.name() + "-" + PodTemplateHash.suffix(ctx.podNames);
            if (ctx.store.get(Kinds.pod(rs.namespace(), name)) == null) {
                return name;
            }
        }
    }

    /** Unscheduled first, then pending, not ready, more siblings on the same node, newer (time, then write order). */
    private static Comparator<PodObject> deletionOrder(List<PodObject> siblings, Map<String, Long> created) {
        Map<String, Integer> perNode = new HashMap<>();
        for (PodObject p : siblings) {
            if (p.nodeName() != null) {
                perNode.merge(p.nodeName(), 1, Integer::sum);
            }
        }
        return Comparator.<PodObject, Boolean>comparing(p -> p.nodeName() != null)
                .thenComparing(PodObject::running)
                .thenComparing(PodObject::ready)
                .thenComparing(p -> -perNode.getOrDefault(p.nodeName(), 0))
                .thenComparing(p -> -p.createdAt())
                .thenComparing(p -> -created.getOrDefault(p.key(), 0L))
                .thenComparing(PodObject::name);
    }
}
