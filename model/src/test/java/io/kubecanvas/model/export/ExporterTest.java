package io.kubecanvas.model.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubecanvas.model.Cluster;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.TestFiles;
import io.kubecanvas.model.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExporterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** Same-named objects of different kinds and namespaces, a hostile name, a templating string. */
    static final String TRICKY = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: shop
            spec:
              replicas: 3
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  initContainers:
                  - name: init
                    image: busybox:1.36
                  containers:
                  - name: web-server
                    image: nginx:1.25
                  - name: web.server
                    image: envoyproxy/envoy:v1.30
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
              namespace: shop
            spec:
              type: NodePort
              selector: {app: web}
              ports:
              - name: http
                port: 80
                targetPort: "8080"
                nodePort: 30080
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: Web
              namespace: shop
            spec:
              ports:
              - port: 81
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: ../../etc/passwd
            data:
              alert: 'summary: {{ $labels.instance }} is down'
            ---
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop
            ---
            # strings that Go YAML (kubectl, Helm) would read as other types if written plain
            apiVersion: v1
            kind: Pod
            metadata:
              name: odd
              labels: {"y": "n", "0o17": "="}
            spec:
              containers:
              - {name: a, image: "y"}
              - {name: b, image: "0o17"}
              - {name: c, image: "="}
            """;

    private static Design tricky() throws Exception {
        return DesignIO.parse("tricky.yaml", TRICKY);
    }

    @Test
    void splitNamesAreStableCollisionFreeAndStayInsideTheFolder() throws Exception {
        Design d = tricky();
        ExportPlan plan = Exporter.plan(d, ExportFormat.SPLIT, "out");
        assertEquals(List.of("shop/deployment-web.yaml", "shop/service-web.yaml", "shop/service-web-2.yaml",
                "default/configmap-_._.._etc_passwd.yaml", "_cluster/namespace-shop.yaml", "default/pod-odd.yaml", Exporter.MARKER),
                List.copyOf(plan.files().keySet()));
        assertEquals(plan.files(), Exporter.plan(tricky(), ExportFormat.SPLIT, "out").files(), "same design, same files");
    }

    @Test
    void aSplitFolderReadsBackAsTheSameObjectsWithTheirComments() throws Exception {
        Path seed = TestFiles.seed().resolve("complete.yaml");
        Design d = DesignIO.load(seed).design();
        Path out = tmp.resolve("split");
        Exporter.export(d, ExportFormat.SPLIT, out);
        Design back = DesignIO.load(out).design();
        assertNull(ExportChecks.differences(d.objects(), back.objects().stream().map(o -> (Object) o.tree()).toList()));
        for (KubeObject o : d.objects()) {
            // Each file is the object's own text (a leading "---" line is fine for every reader).
            assertTrue(Files.readString(out.resolve(ObjectFileNames.assign(d.objects()).get(o))).contains(o.text().strip()));
        }
    }

    @Test
    void theSingleFileIsTheManifestTextWithoutTheClusterDocument() throws Exception {
        Design d = tricky().withCluster(Cluster.defaults());
        assertTrue(d.toDesignYaml().contains("kubecanvas.io/v1alpha1"));
        Path out = tmp.resolve("all.yaml");
        Exporter.export(d, ExportFormat.YAML, out);
        assertEquals(d.toManifestYaml(), Files.readString(out));
        assertFalse(Files.readString(out).contains("kubecanvas.io/v1alpha1"));
        ExportException e = assertThrows(ExportException.class, () -> Exporter.export(d, ExportFormat.YAML, out));
        assertTrue(e.getMessage().contains("--force"), e.getMessage());
        Exporter.export(d, ExportFormat.YAML, out, true);
        assertEquals(d.toManifestYaml(), Files.readString(out));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(out), s.toList(), "no temporary file left behind");
        }
    }

    @Test
    void aFolderThatIsNotAnExportIsNotOverwrittenWithoutForce() throws Exception {
        Design d = tricky();
        Path out = tmp.resolve("mine");
        Files.createDirectories(out);
        Files.writeString(out.resolve("notes.txt"), "my notes");
        ExportException e = assertThrows(ExportException.class, () -> Exporter.export(d, ExportFormat.KUSTOMIZE, out));
        assertTrue(e.getMessage().contains("not empty") && e.getMessage().contains("--force"), e.getMessage());
        assertEquals(List.of(out.resolve("notes.txt")), Files.list(out).toList(), "nothing written");

        Exporter.export(d, ExportFormat.KUSTOMIZE, out, true);
        assertEquals("my notes", Files.readString(out.resolve("notes.txt")), "forced: the user's files are kept");
        assertTrue(Files.exists(out.resolve("kustomization.yaml")));
        assertFalse(Files.exists(out.resolve(Exporter.MARKER)), "still not ours: a later export will ask again");

        Path file = tmp.resolve("file");
        Files.writeString(file, "x");
        assertTrue(assertThrows(ExportException.class, () -> Exporter.export(d, ExportFormat.HELM, file))
                .getMessage().contains("is a file"));
    }

    @Test
    void anEarlierExportIsReplacedWholeAndAnEmptyFolderIsUsed() throws Exception {
        Path out = tmp.resolve("base");
        Exporter.export(tricky(), ExportFormat.KUSTOMIZE, out);
        assertTrue(Files.exists(out.resolve("shop/service-web-2.yaml")));
        Design smaller = DesignIO.parse("s.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n");
        Exporter.export(smaller, ExportFormat.KUSTOMIZE, out);
        assertFalse(Files.exists(out.resolve("shop")), "files of the earlier export are gone");
        assertTrue(Files.readString(out.resolve("kustomization.yaml")).contains("- _cluster/namespace-shop.yaml"));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(out), s.toList(), "no staging or old folder left behind");
        }
        Path empty = tmp.resolve("empty");
        Files.createDirectories(empty);
        Exporter.export(smaller, ExportFormat.SPLIT, empty);
        assertTrue(Files.exists(empty.resolve("_cluster/namespace-shop.yaml")));
    }

    @Test
    void helmValuesHoldImagesReplicasServiceTypesAndPortsByKindAndCamelCaseName() throws Exception {
        ExportPlan plan = Exporter.plan(tricky(), ExportFormat.HELM, "My Shop.yaml");
        assertTrue(plan.files().get("Chart.yaml").contains("apiVersion: v2\nname: my-shop\n"), plan.files().get("Chart.yaml"));
        Object values = ExportChecks.objectTrees("values", plan.files().get("values.yaml")).get(0);
        assertEquals(3L, Trees.get(values, "deployments.web.replicas"));
        assertEquals(Map.of("init", "busybox:1.36", "webServer", "nginx:1.25", "webServer2", "envoyproxy/envoy:v1.30"),
                Trees.get(values, "deployments.web.images"));
        assertEquals("NodePort", Trees.get(values, "services.web.type"));
        assertEquals(30080L, Trees.get(values, "services.web.ports[0].nodePort"));
        assertEquals("8080", Trees.get(values, "services.web.ports[0].targetPort"), "a string stays a string");
        assertEquals(81L, Trees.get(values, "services.web2.ports[0].port"));
        assertNull(Trees.get(values, "services.web2.type"), "no type in the design, none in the values");
        String deployment = plan.files().get("templates/shop/deployment-web.yaml");
        assertTrue(deployment.contains("replicas: {{ .Values.deployments.web.replicas | toJson }}"), deployment);
        assertTrue(deployment.contains("image: {{ .Values.deployments.web.images.webServer2 | toJson }}"), deployment);
        String cm = plan.files().get("templates/default/configmap-_._.._etc_passwd.yaml");
        assertTrue(cm.contains("{{ \"{{\" }} $labels.instance }}"), "text that looks like a template is escaped: " + cm);
    }

    @Test
    void helmNamesAreGoTemplateIdentifiers() {
        assertEquals("webApp", HelmChart.camel("web-app", "x"));
        assertEquals("redisLeader", HelmChart.camel("redis.leader", "x"));
        assertEquals("_1web", HelmChart.camel("1web", "x"));
        assertEquals("x", HelmChart.camel("--", "x"));
        assertEquals("networkPolicies", HelmChart.group("NetworkPolicy"));
        assertEquals("ingresses", HelmChart.group("Ingress"));
        assertEquals("deployments", HelmChart.group("Deployment"));
        assertEquals("kubecanvas", Exporter.chartName("123"));
    }

    @Test
    void theClusterWideCniConfigIsTheReferenceFormat() throws Exception {
        Cluster c = new Cluster("mynet", Cluster.defaults().nodes(), new Cluster.NetworkSettings("flannel-vxlan",
                "10.22.0.0/16", 24, "10.96.0.0/12", "cluster.local", "172.30.0.200/29", "172.30.0.0/24"),
                Cluster.Layout.EMPTY);
        Design d = Design.of(c, List.of());
        Path out = tmp.resolve("cni");
        Exporter.export(d, ExportFormat.CNI, out);
        JsonNode reference = JSON.readTree(Files.readString(TestFiles.seed().resolve("cni-bridge.conf")));
        assertEquals(reference, JSON.readTree(Files.readString(out.resolve("10-mynet.conf"))));
        assertEquals(Files.readString(TestFiles.seed().resolve("cni-bridge.conf")).strip(),
                Files.readString(out.resolve("10-mynet.conf")).strip(), "the same layout, byte for byte");
        List<String> subnets = List.of("10.22.0.0/24", "10.22.1.0/24", "10.22.2.0/24");
        for (int i = 0; i < 3; i++) {
            String node = c.nodes().get(i).name();
            JsonNode n = JSON.readTree(Files.readString(out.resolve("nodes/" + node + "/10-mynet.conf")));
            assertEquals(subnets.get(i), n.path("ipam").path("subnet").asText(), node);
            assertEquals(reference.path("bridge"), n.path("bridge"));
        }
        String readme = Files.readString(out.resolve("README.md"));
        assertTrue(readme.contains("| `nodes/worker-1/10-mynet.conf` | 10.22.1.0/24 | /etc/cni/net.d/ on node worker-1 |"), readme);
    }

    @Test
    void aCniConfigImportsAsTheClusterCidr() throws Exception {
        String conf = Files.readString(TestFiles.seed().resolve("cni-bridge.conf"));
        Cluster.NetworkSettings net = CniConfig.importInto(Cluster.NetworkSettings.defaults(), conf);
        assertEquals("10.22.0.0/16", net.clusterCidr());
        assertEquals(24, net.nodeCidrMaskSize());
        assertEquals("10.96.0.0/12", net.serviceCidr(), "the rest is kept");
        String conflist = "{\"cniVersion\":\"1.0.0\",\"name\":\"k\",\"plugins\":[{\"type\":\"bridge\",\"ipam\":{\"type\":\"host-local\","
                + "\"ranges\":[[{\"subnet\":\"10.88.0.0/16\"}]]}},{\"type\":\"portmap\"}]}";
        assertEquals("10.88.0.0/16", CniConfig.importInto(net, conflist).clusterCidr());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CniConfig.importInto(net, "{\"type\": \"bridge\"}"));
        assertTrue(e.getMessage().contains("ipam.subnet"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CniConfig.importInto(net, "{oops"))
                .getMessage().contains("line 1"));
    }

    @Test
    void aBadClusterCidrIsAClearExportError() {
        Cluster c = Cluster.defaults().withNetwork(new Cluster.NetworkSettings("host-gw", "10.300.0.0/16", 24,
                "10.96.0.0/12", "cluster.local", "172.30.0.200/29", "172.30.0.0/24"));
        ExportException e = assertThrows(ExportException.class,
                () -> Exporter.plan(Design.of(c, List.of()), ExportFormat.CNI, "cni"));
        assertTrue(e.getMessage().contains("10.300.0.0/16") && e.getMessage().contains("Cluster document"), e.getMessage());
        Cluster tiny = Cluster.defaults().withNetwork(new Cluster.NetworkSettings("host-gw", "10.1.0.0/23", 24,
                "10.96.0.0/12", "cluster.local", "172.30.0.200/29", "172.30.0.0/24"));
        assertTrue(assertThrows(ExportException.class, () -> Exporter.plan(Design.of(tiny, List.of()), ExportFormat.CNI, "c"))
                .getMessage().contains("holds only 2"));
    }

    @Test
    void documentsThatAreNotObjectsAreNotedAndLeftOutOfFolders() throws Exception {
        Design d = DesignIO.parse("m.yaml", "- just\n- a list\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n");
        ExportPlan plan = Exporter.plan(d, ExportFormat.SPLIT, "o");
        assertEquals(1, plan.notes().size());
        assertTrue(plan.notes().get(0).contains("not a Kubernetes object"), plan.notes().get(0));
        assertEquals(2, plan.files().size());
        assertTrue(Exporter.plan(d, ExportFormat.YAML, "o").notes().isEmpty(), "the single file keeps everything");
    }
}
