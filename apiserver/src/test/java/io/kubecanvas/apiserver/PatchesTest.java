package io.kubecanvas.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Strategic merge patch as kubectl sends it, merge patch, JSON patch, and field ownership with server-side apply. */
class PatchesTest {

    private static JsonNode json(String s) {
        try {
            return ObjectRenderer.MAPPER.readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final String DEPLOYMENT = "{'kind':'Deployment','spec':{'replicas':1,'template':{'spec':{'containers':["
            + "{'name':'web','image':'nginx:1','ports':[{'containerPort':80}],'env':[{'name':'A','value':'1'}]},"
            + "{'name':'side','image':'busybox'}]}}}}";

    @Test
    void containersMergeByNameAndTheirPortsByContainerPort() {
        JsonNode out = Patches.strategic("Deployment", json(DEPLOYMENT), json("{'spec':{'template':{'spec':{'containers':["
                + "{'name':'web','image':'nginx:2','ports':[{'containerPort':8080}]}]}}}}"));
        JsonNode cs = out.path("spec").path("template").path("spec").path("containers");
        assertEquals(2, cs.size(), "the other container stays");
        assertEquals("nginx:2", cs.get(0).path("image").asText());
        assertEquals(2, cs.get(0).path("ports").size(), "ports merge by containerPort");
        assertEquals("1", cs.get(0).path("env").get(0).path("value").asText(), "fields the patch leaves out stay");
    }

    @Test
    void directivesDeleteReplaceAndOrder() {
        JsonNode deleted = Patches.strategic("Deployment", json(DEPLOYMENT), json("{'spec':{'template':{'spec':{'containers':["
                + "{'name':'side','$patch':'delete'}]}}}}"));
        assertEquals(1, deleted.path("spec").path("template").path("spec").path("containers").size());
        JsonNode replaced = Patches.strategic("Deployment", json(DEPLOYMENT), json("{'spec':{'template':{'spec':{'containers':["
                + "{'name':'only','image':'x'},{'$patch':'replace'}]}}}}"));
        assertEquals("[{\"name\":\"only\",\"image\":\"x\"}]", replaced.path("spec").path("template").path("spec").path("containers").toString());
        JsonNode ordered = Patches.strategic("Deployment", json(DEPLOYMENT), json("{'spec':{'template':{'spec':{"
                + "'$setElementOrder/containers':[{'name':'side'},{'name':'web'}],'containers':[{'name':'web','image':'nginx:3'}]}}}}"));
        assertEquals("side", ordered.path("spec").path("template").path("spec").path("containers").get(0).path("name").asText());
        JsonNode nulled = Patches.strategic("Deployment", json(DEPLOYMENT), json("{'spec':{'replicas':null}}"));
        assertTrue(nulled.path("spec").path("replicas").isMissingNode(), "null deletes");
        JsonNode retained = Patches.strategic("Deployment", json("{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}}"),
                json("{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}}"));
        assertEquals("{\"type\":\"Recreate\"}", retained.path("spec").path("strategy").toString());
    }

    @Test
    void serviceAndNodeListsFollowTheirKeys() {
        JsonNode svc = Patches.strategic("Service", json("{'spec':{'ports':[{'port':80,'name':'http'},{'port':443,'name':'https'}]}}"),
                json("{'spec':{'ports':[{'port':443,'targetPort':8443}]}}"));
        assertEquals(2, svc.path("spec").path("ports").size());
        assertEquals(8443, svc.path("spec").path("ports").get(1).path("targetPort").asInt());
        // Without a merge key a list is replaced, as for a node's taints or a policy's rules.
        JsonNode taints = Patches.strategic("Node", json("{'spec':{'taints':[{'key':'a','effect':'NoSchedule'}]}}"),
                json("{'spec':{'taints':[{'key':'b','effect':'NoSchedule'}]}}"));
        assertEquals("b", taints.path("spec").path("taints").get(0).path("key").asText());
        assertEquals(1, taints.path("spec").path("taints").size());
    }

    @Test
    void mergeAndJsonPatch() {
        JsonNode merged = Patches.mergePatch(json(DEPLOYMENT), json("{'spec':{'replicas':4,'template':null}}"));
        assertEquals(4, merged.path("spec").path("replicas").asInt());
        assertTrue(merged.path("spec").path("template").isMissingNode());
        JsonNode patched = Patches.jsonPatch(json(DEPLOYMENT), json("[{'op':'replace','path':'/spec/replicas','value':3}]"));
        assertEquals(3, patched.path("spec").path("replicas").asInt());
        ApiException bad = assertThrows(ApiException.class, () -> Patches.jsonPatch(json(DEPLOYMENT),
                json("[{'op':'replace','path':'/spec/nothing/here','value':3}]")));
        assertEquals(422, bad.code());
    }

    @Test
    void serverSideApplyOwnsFieldsAndReportsConflicts() {
        ResourceType t = ResourceCatalog.builtIn().byPath("apps", "v1", "deployments");
        ObjectNode config = (ObjectNode) json("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','labels':{'a':'1'}},"
                + "'spec':{'replicas':2,'template':{'spec':{'containers':[{'name':'web','image':'nginx:1'}]}}}}");
        ManagedFields.Applied created = ManagedFields.apply(t, null, config, List.of(), "alice", false);
        assertEquals(1, created.managedFields().size());
        assertTrue(created.managedFields().get(0).fields().contains(List.of("f:spec", "f:replicas")));
        // Someone else changes replicas: alice's next apply with her old value conflicts, unless forced.
        ObjectNode live = created.object().deepCopy();
        live.with("spec").put("replicas", 5);
        List<ManagedFields.Entry> fields = ManagedFields.afterUpdate(created.managedFields(), "Deployment", created.object(), live,
                "bob", "apps/v1", null);
        ApiException conflict = assertThrows(ApiException.class, () -> ManagedFields.apply(t, live, config, fields, "alice", false));
        assertEquals(409, conflict.code());
        assertTrue(conflict.getMessage().contains("conflict with \"bob\" using apps/v1: .spec.replicas"), conflict.getMessage());
        ManagedFields.Applied forced = ManagedFields.apply(t, live, config, fields, "alice", true);
        assertEquals(2, forced.object().path("spec").path("replicas").asInt());
        // A field alice stops applying goes, as she was its only owner.
        ObjectNode without = config.deepCopy();
        ((ObjectNode) without.path("metadata")).remove("labels");
        ManagedFields.Applied dropped = ManagedFields.apply(t, forced.object(), without, forced.managedFields(), "alice", false);
        assertTrue(dropped.object().path("metadata").path("labels").path("a").isMissingNode());
        assertEquals("nginx:1", dropped.object().at("/spec/template/spec/containers/0/image").asText());
        assertEquals(forced.managedFields().size(), ManagedFields.read(ManagedFields.write(forced.managedFields())).size(),
                "managedFields survive their FieldsV1 form");
    }
}
