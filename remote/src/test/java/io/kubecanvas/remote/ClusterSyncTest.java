package io.kubecanvas.remote;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterSyncTest extends MockClusterTest {
    static final String WEB = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 2
              selector:
                matchLabels:
                  app: web
              template:
                metadata:
                  labels:
                    app: web
                spec:
                  containers:
                    - name: nginx
                      image: nginx:1.27
                      ports:
                        - containerPort: 80
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            spec:
              selector:
                app: web
              ports:
                - port: 80
                  targetPort: 80
              type: ClusterIP
            """;

    private ClusterSync.Result apply(String yaml, boolean dryRun, boolean prune) throws Exception {
        return new ClusterSync(context, client).apply(design(yaml), new ClusterSync.Options("shop", dryRun, prune, false));
    }

    private static Design design(String yaml) throws Exception {
        return DesignIO.parse("design.yaml", yaml);
    }

    @Test
    void diffOfANewDesignShowsEveryObjectAsCreatedAndWritesNothing() throws Exception {
        ClusterSync.Result r = new ClusterSync(context, client).diff(design(WEB), new ClusterSync.Options("shop", false, false, false));
        assertEquals(List.of(ObjectChange.Action.CREATE, ObjectChange.Action.CREATE), r.changes().stream().map(ObjectChange::action).toList());
        String diff = r.unifiedDiff();
        assertTrue(diff.contains("--- /dev/null\n+++ merged/apps.v1.Deployment.default.web\n"), diff);
        assertTrue(diff.contains("+  replicas: 2\n"), diff);
        assertTrue(diff.contains("+    kubecanvas.io/design: shop\n"), diff);
        assertFalse(diff.contains("managedFields"), diff);
        assertNull(client.apps().deployments().inNamespace("default").withName("web").get(), "a diff writes nothing");
    }

    @Test
    void applyCreatesByServerSideApplyThenAnUnchangedDesignDiffsToNothing() throws Exception {
        ClusterSync.Result first = apply(WEB, false, false);
        assertFalse(first.failed(), first.toString());
        Deployment live = client.apps().deployments().inNamespace("default").withName("web").get();
        assertNotNull(live);
        assertEquals("shop", live.getMetadata().getLabels().get(ClusterSync.DESIGN_LABEL));
        assertTrue(live.getMetadata().getManagedFields().stream()
                .anyMatch(m -> m.getManager().equals("kubecanvas") && m.getOperation().equals("Apply")));

        ClusterSync.Result again = new ClusterSync(context, client).diff(design(WEB), new ClusterSync.Options("shop", false, true, false));
        assertFalse(again.changed(), again.unifiedDiff());
        assertEquals("", again.unifiedDiff());
    }

    @Test
    void aChangedFieldDiffsAsOneUpdateWithTheOldAndNewLines() throws Exception {
        apply(WEB, false, false);
        ClusterSync.Result r = new ClusterSync(context, client).diff(design(WEB.replace("replicas: 2", "replicas: 3")),
                new ClusterSync.Options("shop", false, false, false));
        assertEquals(List.of(ObjectChange.Action.UPDATE, ObjectChange.Action.UNCHANGED),
                r.changes().stream().map(ObjectChange::action).toList());
        String diff = r.unifiedDiff();
        assertTrue(diff.startsWith("diff -u -N live/apps.v1.Deployment.default.web merged/apps.v1.Deployment.default.web\n"
                + "--- live/apps.v1.Deployment.default.web\n+++ merged/apps.v1.Deployment.default.web\n@@ "), diff);
        assertTrue(diff.contains("\n-  replicas: 2\n+  replicas: 3\n"), diff);
        assertEquals(2, client.apps().deployments().inNamespace("default").withName("web").get().getSpec().getReplicas(),
                "diff is a dry run");
    }

    @Test
    void pruneDeletesOnlyWhatThisDesignAppliedBefore() throws Exception {
        apply(WEB, false, false);
        // Same label, made by someone else (no kubecanvas Apply entry): must stay.
        client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("by-hand")
                .addToLabels(ClusterSync.DESIGN_LABEL, "shop").endMetadata().build()).create();
        // Applied by kubecanvas for another design: must stay.
        new ClusterSync(context, client).apply(design("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n"),
                new ClusterSync.Options("other-design", false, false, false));
        String withoutService = WEB.substring(0, WEB.indexOf("---"));

        ClusterSync.Result dry = apply(withoutService, true, true);
        assertEquals(List.of("Deployment/default/web unchanged", "Service/default/web pruned"),
                dry.changes().stream().map(c -> c.key() + " " + c.action().past()).toList());
        assertNotNull(client.services().inNamespace("default").withName("web").get(), "a dry run deletes nothing");

        ClusterSync.Result real = apply(withoutService, false, true);
        assertEquals(ObjectChange.Action.DELETE, real.changes().get(1).action());
        assertTrue(real.changes().get(1).unifiedDiff().contains("+++ /dev/null"), real.changes().get(1).unifiedDiff());
        Service gone = client.services().inNamespace("default").withName("web").get();
        assertNull(gone);
        assertNotNull(client.configMaps().inNamespace("default").withName("by-hand").get());
        assertNotNull(client.configMaps().inNamespace("default").withName("other").get());
        assertNotNull(client.apps().deployments().inNamespace("default").withName("web").get());
    }

    @Test
    void pruneLooksInTheDesignsNamespacesWhenListingAcrossAllIsForbidden() throws Exception {
        apply(WEB, false, false);
        server.allowNamespacedListsOnly();
        assertEquals(403, org.junit.jupiter.api.Assertions.assertThrows(io.fabric8.kubernetes.client.KubernetesClientException.class,
                () -> client.services().inAnyNamespace().list()).getCode());
        ClusterSync.Result r = apply(WEB.substring(0, WEB.indexOf("---")), false, true);
        assertEquals(List.of("Deployment/default/web unchanged", "Service/default/web pruned"),
                r.changes().stream().map(c -> c.key() + " " + c.action().past()).toList());
        assertNull(client.services().inNamespace("default").withName("web").get());
        assertTrue(r.notes().stream().noneMatch(n -> n.startsWith("prune skipped Service")), r.notes().toString());
    }

    @Test
    void namespacesAreNeverPrunedButTheUserIsTold() throws Exception {
        apply("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\n" + WEB.replace("name: web\n", "name: web\n  namespace: shop\n"),
                false, false);
        ClusterSync.Result r = apply(WEB, false, true);
        assertNotNull(client.namespaces().withName("shop").get());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("namespace shop is no longer in the design")), r.notes().toString());
        assertEquals(2, r.changes().stream().filter(c -> c.action() == ObjectChange.Action.DELETE).count(),
                "the Deployment and Service in namespace shop are pruned: " + r.changes());
    }

    @Test
    void anObjectWithoutANameFailsWithItsPositionAndTheOthersStillApply() throws Exception {
        ClusterSync.Result r = apply("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {a: b}\n---\n- a list\n---\n" + WEB, false, false);
        assertEquals(java.util.List.of("1 document(s) that are not Kubernetes objects (a list or a scalar, not a mapping) were not sent"), r.notes());
        assertTrue(r.failed());
        assertTrue(r.changes().get(0).error().startsWith("design.yaml:1:1: an object needs apiVersion, kind and metadata.name"),
                r.changes().get(0).error());
        assertNotNull(client.apps().deployments().inNamespace("default").withName("web").get());
    }
}
