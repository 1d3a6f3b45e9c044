package io.kubecanvas.apiserver;

import com.google.protobuf.ByteString;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The files a served cluster keeps, kubeconfig merging, label and field queries, and protobuf bodies. */
class ClusterFilesTest {

    @Test
    void theKubeconfigWrittenIsTheOneKubectlWrites(@TempDir Path dir) throws Exception {
        Path home = dir.resolve("home");
        assertEquals(home.resolve(".kube/config"), Kubeconfig.defaultPath(null, home));
        assertEquals(home.resolve(".kube/config"), Kubeconfig.defaultPath("", home));
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        assertEquals(a, Kubeconfig.defaultPath(a.toString(), home), "one file: that one, even before it exists");
        assertEquals(b, Kubeconfig.defaultPath(a + ":" + b, home), "none exists: the last");
        Files.writeString(b, "apiVersion: v1\nkind: Config\n");
        assertEquals(b, Kubeconfig.defaultPath(a + "::" + b, home), "the first that exists");
        Files.writeString(a, "apiVersion: v1\nkind: Config\n");
        assertEquals(a, Kubeconfig.defaultPath(a + ":" + b, home));
    }

    @Test
    void kubeconfigMergeKeepsOtherEntriesAndDownRemovesOurs(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: work
                  cluster: {server: 'https://work.example:6443'}
                users:
                - name: me
                  user: {token: abc}
                contexts:
                - name: work
                  context: {cluster: work, user: me}
                current-context: work
                """);
        Credentials c = Credentials.generate("demo");
        Kubeconfig.merge(file, "demo", "https://127.0.0.1:40000", c);
        String merged = Files.readString(file);
        assertTrue(merged.contains("current-context: kubecanvas-demo"), merged);
        assertTrue(merged.contains("https://work.example:6443") && merged.contains("name: me"), "other entries stay");
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(file));
        Kubeconfig.merge(file, "demo", "https://127.0.0.1:40001", c);
        assertEquals(1, countContexts(file), "a second up of the same name replaces its entries");
        assertTrue(Files.readString(file).contains("https://127.0.0.1:40001"));
        assertTrue(Kubeconfig.remove(file, "demo"));
        String after = Files.readString(file);
        assertFalse(after.contains("kubecanvas-demo"), after);
        assertTrue(after.contains("name: work"));
        assertFalse(Kubeconfig.remove(file, "demo"));
    }

    private static int countContexts(Path file) throws Exception {
        String text = Files.readString(file);
        int n = 0;
        for (int i = text.indexOf("server: https://127.0.0.1"); i >= 0; i = text.indexOf("server: https://127.0.0.1", i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void credentialsSurviveTheirFiles(@TempDir Path dir) throws Exception {
        Credentials c = Credentials.generate("demo");
        c.save(dir);
        Credentials back = Credentials.load(dir);
        assertTrue(back.tokenMatches(c.token()));
        assertFalse(back.tokenMatches(c.token() + "x"));
        assertEquals(c.caPem(), back.caPem());
        assertTrue(c.clientKeyPem().startsWith("-----BEGIN EC PRIVATE KEY-----"), "SEC 1 form, which Go reads");
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(dir.resolve("admin.key")));
    }

    @Test
    void aClusterFolderIsAliveOnlyWhileItsProcessHoldsIt(@TempDir Path home) throws Exception {
        System.setProperty("kubecanvas.home", home.toString());
        try {
            ServedClusters.Claim claim = ServedClusters.claim("ha-files");
            claim.ready("sim", "https://127.0.0.1:1", List.of("/tmp/d.yaml"), null);
            ServedClusters.Entry e = ServedClusters.find("ha-files");
            assertNotNull(e);
            assertTrue(e.alive());
            assertEquals(ProcessHandle.current().pid(), e.pid());
            assertThrows(IllegalStateException.class, () -> ServedClusters.claim("ha-files"), "one server per name");
            claim.close();
            assertNull(ServedClusters.find("ha-files"), "a clean stop leaves no folder");
            // A process that died leaves its folder without a lock holder: listed as not alive, then cleared.
            Path dead = ServedClusters.folder("ha-dead");
            Files.createDirectories(dead);
            Files.writeString(dead.resolve("server.json"), "{\"name\":\"ha-dead\",\"backend\":\"sim\",\"url\":\"https://127.0.0.1:2\",\"pid\":999999999}");
            Files.writeString(dead.resolve("lock"), "");
            ServedClusters.Entry gone = ServedClusters.find("ha-dead");
            assertFalse(gone.alive());
            ServedClusters.clear(gone);
            assertFalse(Files.exists(dead));
        } finally {
            System.clearProperty("kubecanvas.home");
        }
    }

    @Test
    void labelAndFieldQueries() {
        var sel = Selectors.labels("app=web,tier!=db,env in (prod, staging),!legacy");
        assertTrue(Selectors.matches(sel, java.util.Map.of("app", "web", "env", "prod")));
        assertFalse(Selectors.matches(sel, java.util.Map.of("app", "web", "env", "dev")));
        assertFalse(Selectors.matches(sel, java.util.Map.of("app", "web", "env", "prod", "legacy", "")));
        assertFalse(Selectors.matches(sel, java.util.Map.of("app", "web", "env", "prod", "tier", "db")));
        assertTrue(Selectors.matches(null, java.util.Map.of()));
        assertThrows(ApiException.class, () -> Selectors.labels("app=we b"));
        ResourceType pods = ResourceCatalog.builtIn().byPath("", "v1", "pods");
        var terms = Selectors.fields("spec.nodeName=worker-1,status.phase!=Failed", pods);
        var pod = ObjectRenderer.JSON.objectNode();
        pod.with("spec").put("nodeName", "worker-1");
        pod.with("status").put("phase", "Running");
        assertTrue(Selectors.matches(terms, pod));
        pod.with("status").put("phase", "Failed");
        assertFalse(Selectors.matches(terms, pod));
        ApiException unsupported = assertThrows(ApiException.class, () -> Selectors.fields("spec.image=x", pods));
        assertTrue(unsupported.getMessage().contains("field label not supported: spec.image"));
    }

    @Test
    void protobufBodiesReadAsTheirJson() throws Exception {
        V1Apps.Deployment d = V1Apps.Deployment.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("hello").setNamespace("").putLabels("app", "hello")
                        .setCreationTimestamp(Meta.Time.newBuilder().build()))
                .setSpec(V1Apps.DeploymentSpec.newBuilder().setReplicas(0).setMinReadySeconds(0)
                        .setSelector(Meta.LabelSelector.newBuilder().putMatchLabels("app", "hello"))
                        .setTemplate(V1.PodTemplateSpec.newBuilder().setSpec(V1.PodSpec.newBuilder()
                                .addContainers(V1.Container.newBuilder().setName("nginx").setImage("nginx:1.27")
                                        .addPorts(V1.ContainerPort.newBuilder().setContainerPort(80).setHostPort(0))))))
                .build();
        Runtime.Unknown envelope = Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion("apps/v1").setKind("Deployment"))
                .setRaw(ByteString.copyFrom(d.toByteArray())).build();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(new byte[]{'k', '8', 's', 0});
        body.write(envelope.toByteArray());
        assertTrue(Protobuf.is(body.toByteArray()));
        var json = Protobuf.toJson(body.toByteArray());
        assertEquals("Deployment", json.path("kind").asText());
        assertEquals("hello", json.at("/metadata/labels/app").asText());
        assertEquals(0, json.at("/spec/replicas").asInt(1), "replicas 0 means something: kept");
        assertTrue(json.at("/spec/minReadySeconds").isMissingNode(), "zero scalars Go's JSON leaves out are dropped");
        assertTrue(json.at("/metadata/namespace").isMissingNode());
        assertTrue(json.at("/metadata/creationTimestamp").isMissingNode(), "a zero Time is null");
        assertEquals(80, json.at("/spec/template/spec/containers/0/ports/0/containerPort").asInt());
        assertTrue(json.at("/spec/template/spec/containers/0/ports/0/hostPort").isMissingNode());
    }
}
