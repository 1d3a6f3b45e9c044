package io.kubecanvas.emulator.control;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * StatefulSet to Pods with the OrderedReady policy: {@code <name>-0} first, the next one only once the
 * previous is Running and Ready; scale down from the highest ordinal. Each Pod gets {@code hostname} (its
 * name) and {@code subdomain} (the StatefulSet's serviceName), hence its own DNS name through the headless
 * Service. A deleted or evicted Pod comes back under the same name (with a new IP).
 */
final class StatefulSetController {
    static final String SOURCE = "statefulset-controller";
    static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";

    private final ControlContext ctx;

    StatefulSetController(ControlContext ctx) {
        this.ctx = ctx;
    }

    void reconcile() {
        ObjectStore store = ctx.store;
        Map<String, List<PodObject>> owned = new HashMap<>();
        for (PodObject p : store.bodies(Kinds.POD, PodObject.class)) {
            if (Kinds.STATEFUL_SET.equals(p.ownerKind())) {
                owned.computeIfAbsent(p.namespace() + "/" + p.ownerName(), k -> new ArrayList<>()).add(p);
            }
        }
        for (StatefulSetObject ss : store.bodies(Kinds.STATEFUL_SET, StatefulSetObject.class)) {
            List<PodObject> pods = owned.remove(ss.namespace() + "/" + ss.name());
            Map<Integer, PodObject> byOrdinal = new HashMap<>();
            for (PodObject p : pods == null ? List.<PodObject>of() : pods) {
                byOrdinal.put(ordinal(ss, p.name()), p);
            }
            String object = "statefulset/" + ss.name();
            // Scale down (and template changes) from the highest ordinal, one at a time.
            for (int i = byOrdinal.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1); i >= 0; i--) {
                PodObject p = byOrdinal.get(i);
                if (p != null && (i >= ss.replicas() || !ss.templateHash().equals(p.labels().get("controller-revision-hash")))) {
                    ctx.deletePod(p);
                    ctx.normal("SuccessfulDelete", ss.namespace(), object, "delete Pod " + p.name() + " in StatefulSet "
                            + ss.name() + " successful", SOURCE);
                    byOrdinal.remove(i);
                    break;
                }
            }
            for (int i = 0; i < ss.replicas(); i++) {
                PodObject p = byOrdinal.get(i);
                if (p == null) {
                    create(ss, i);
                    break;
                }
                if (!p.ready()) {
                    break; // OrderedReady: wait for this one before the next
                }
            }
        }
        for (List<PodObject> orphans : owned.values()) {
            orphans.forEach(ctx::deletePod);
        }
    }

    private void create(StatefulSetObject ss, int ordinal) {
        String name = ss.name() + "-" + ordinal;
        Map<String, String> labels = new LinkedHashMap<>();
        if (ss.template().getMetadata() != null && ss.template().getMetadata().getLabels() != null) {
            labels.putAll(ss.template().getMetadata().getLabels());
        }
        labels.put("controller-revision-hash", ss.templateHash());
        labels.put(POD_NAME_LABEL, name);
        PodSpec base = ss.template().getSpec() == null ? new PodSpec() : ss.template().getSpec();
        PodSpec spec = new PodSpecBuilder(base).withHostname(name).withSubdomain(ss.serviceName()).build();
        ctx.store.put(Kinds.pod(ss.namespace(), name), PodObject.create(ss.namespace(), name, labels, spec,
                Kinds.STATEFUL_SET, ss.name(), "StatefulSet/" + ss.name(), ctx.now));
        ctx.normal("SuccessfulCreate", ss.namespace(), "statefulset/" + ss.name(), "create Pod " + name
                + " in StatefulSet " + ss.name() + " successful", SOURCE);
    }

    private static int ordinal(StatefulSetObject ss, String pod) {
        try {
            return Integer.parseInt(pod.substring(ss.name().length() + 1));
        } catch (RuntimeException e) {
            return Integer.MAX_VALUE;
        }
    }
}
