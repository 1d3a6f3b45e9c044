package io.kubecanvas.remote;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.kubecanvas.model.Cluster;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.Trees;
import io.kubecanvas.model.yaml.YamlReader;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterImportTest extends MockClusterTest {
    /** The repository's root (set by Surefire; a module's tests run in the module's folder). */
    static Path root() {
        return Path.of(System.getProperty("kubecanvas.root", "..")).toAbsolutePath().normalize();
    }

    static Path shared() {
        return Path.of(System.getProperty("kubecanvas.shared", "../../shared")).toAbsolutePath().normalize();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String text) throws Exception {
        return (Map<String, Object>) YamlReader.read("test.yaml", text).get(0).tree();
    }

    @Test
    void aRealServersDeploymentComesBackAsItsUserWouldWriteIt() throws Exception {
        // A Deployment as an API server returned it (argo-cd's test data: managedFields, status, uid, defaults).
        Path live = root().resolve("corpus/live-objects/gitops-engine/pkg/diff/testdata/smd-deploy-live.yaml");
        assertTrue(Files.isRegularFile(live), "the live-object corpus is missing: " + live + " (see its SOURCE.md)");
        Map<String, Object> tree = ClusterImport.designTree("Deployment", yaml(Files.readString(live)));
        // What the server returned, less status, server metadata and every defaulted value: only what differs
        // from the defaults is left (replicas 2 is not the default 1, imagePullPolicy Never is not what the
        // tag implies, periodSeconds 180 is not the default 10; protocol TCP and failureThreshold 3 are).
        Map<String, Object> expected = yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  labels:
                    app: missing
                    applications.argoproj.io/app-name: nginx
                    something-else: bla
                  name: nginx-deployment
                spec:
                  replicas: 2
                  selector:
                    matchLabels:
                      app: nginx
                  template:
                    metadata:
                      labels:
                        app: nginx
                        applications.argoproj.io/app-name: nginx
                    spec:
                      containers:
                      - image: nginx:1.23.1
                        imagePullPolicy: Never
                        livenessProbe:
                          exec:
                            command:
                            - cat
                            - non-existent-file
                          initialDelaySeconds: 5
                          periodSeconds: 180
                        name: nginx
                        ports:
                        - containerPort: 80
                """);
        assertTrue(Trees.equal(expected, tree), Trees.firstDifference(expected, tree));
    }

    @Test
    void lastAppliedConfigurationWinsAndAFieldSetLaterByScaleStays() throws Exception {
        // The walk-through of kubernetes.io "Declarative Management": applied without replicas, then scaled to 2.
        Map<String, Object> live = yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  annotations:
                    kubectl.kubernetes.io/last-applied-configuration: |
                      {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"name":"nginx-deployment","namespace":"default"},"spec":{"minReadySeconds":5,"selector":{"matchLabels":{"app":"nginx"}},"template":{"metadata":{"labels":{"app":"nginx"}},"spec":{"containers":[{"image":"nginx:1.14.2","imagePullPolicy":"IfNotPresent","name":"nginx","ports":[{"containerPort":80}]}]}}}}
                    deployment.kubernetes.io/revision: "1"
                  name: nginx-deployment
                  namespace: default
                  uid: 1
                spec:
                  minReadySeconds: 5
                  replicas: 2
                  revisionHistoryLimit: 10
                  selector:
                    matchLabels:
                      app: nginx
                  template:
                    metadata:
                      creationTimestamp: null
                      labels:
                        app: nginx
                    spec:
                      containers:
                      - image: nginx:1.14.2
                        imagePullPolicy: IfNotPresent
                        name: nginx
                        ports:
                        - containerPort: 80
                          protocol: TCP
                        resources: {}
                      restartPolicy: Always
                status:
                  replicas: 2
                """);
        Map<String, Object> tree = ClusterImport.designTree("Deployment", live);
        assertEquals(2L, ((Number) Trees.get(tree, "spec.replicas")).longValue(), "set by kubectl scale, not in last-applied: kept");
        assertEquals("IfNotPresent", Trees.get(tree, "spec.template.spec.containers[0].imagePullPolicy"),
                "a default the user wrote (it is in last-applied): kept");
        assertNull(Trees.get(tree, "spec.template.spec.containers[0].ports[0].protocol"));
        assertNull(Trees.get(tree, "metadata.annotations"), "kubectl's and the controller's annotations go");
        assertNull(Trees.get(tree, "metadata.namespace"), "default: as a manifest without a namespace");
        assertNull(Trees.get(tree, "status"));
    }

    @Test
    void aDefaultValueOwnedByAnApplyManagerIsTheUsersAndStays() throws Exception {
        Map<String, Object> live = yaml("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: web
                  managedFields:
                  - manager: kubectl
                    operation: Apply
                    fieldsType: FieldsV1
                    fieldsV1:
                      f:spec:
                        f:ports:
                          k:{"port":80,"protocol":"TCP"}:
                            .: {}
                            f:port: {}
                            f:protocol: {}
                        f:type: {}
                  - manager: someone
                    operation: Update
                    fieldsType: FieldsV1
                    fieldsV1:
                      f:spec:
                        f:sessionAffinity: {}
                spec:
                  clusterIP: 10.96.12.7
                  clusterIPs: [10.96.12.7]
                  ipFamilies: [IPv4]
                  ipFamilyPolicy: SingleStack
                  internalTrafficPolicy: Cluster
                  ports:
                  - port: 80
                    protocol: TCP
                    targetPort: 80
                  sessionAffinity: None
                  type: ClusterIP
                """);
        Map<String, Object> expected = yaml("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: web
                spec:
                  ports:
                  - port: 80
                    protocol: TCP
                  type: ClusterIP
                """);
        Map<String, Object> tree = ClusterImport.designTree("Service", live);
        assertTrue(Trees.equal(expected, tree), Trees.firstDifference(expected, tree));
    }

    @Test
    void aPodKeepsNothingAdmissionAndTheSchedulerAdded() throws Exception {
        Map<String, Object> tree = ClusterImport.designTree("Pod", yaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web, namespace: shop}
                spec:
                  containers:
                  - image: nginx:1.27
                    imagePullPolicy: IfNotPresent
                    name: web
                    volumeMounts:
                    - mountPath: /var/run/secrets/kubernetes.io/serviceaccount
                      name: kube-api-access-x7k2p
                      readOnly: true
                  enableServiceLinks: true
                  nodeName: worker-1
                  preemptionPolicy: PreemptLowerPriority
                  priority: 0
                  serviceAccount: default
                  serviceAccountName: default
                  tolerations:
                  - {effect: NoExecute, key: node.kubernetes.io/not-ready, operator: Exists, tolerationSeconds: 300}
                  - {effect: NoExecute, key: node.kubernetes.io/unreachable, operator: Exists, tolerationSeconds: 300}
                  - {effect: NoSchedule, key: dedicated, operator: Equal, value: web}
                  volumes:
                  - name: kube-api-access-x7k2p
                    projected: {defaultMode: 420, sources: [{serviceAccountToken: {expirationSeconds: 3607, path: token}}]}
                """));
        Map<String, Object> expected = yaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web, namespace: shop}
                spec:
                  containers:
                  - {image: "nginx:1.27", name: web}
                  tolerations:
                  - {effect: NoSchedule, key: dedicated, operator: Equal, value: web}
                """);
        assertTrue(Trees.equal(expected, tree), Trees.firstDifference(expected, tree));
    }

    @Test
    void anEmptySelectorTheUserWroteIsNotAnEmptiedDefault() throws Exception {
        Map<String, Object> tree = ClusterImport.designTree("NetworkPolicy", yaml("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny-all}
                spec:
                  podSelector: {}
                  policyTypes: [Ingress]
                """));
        assertEquals(Map.of(), Trees.get(tree, "spec.podSelector"));
        assertNull(Trees.get(tree, "spec.policyTypes"));
    }

    @Test
    void importOfAnExportedDesignGivesBackTheSameObjects() throws Exception {
        List<KubeObject> original = new ArrayList<>();
        for (String f : List.of("complete.yaml", "pod.yaml", "service-nodeport.yaml")) {
            Design d = DesignIO.load(shared().resolve("examples/seed/" + f)).design();
            String ns = f.replace(".yaml", "");
            // Each seed in its own namespace (their names clash), created by the same apply.
            Design inNs = DesignIO.parse(f, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + ns + "\n---\n" + d.toManifestYaml());
            ClusterSync.Result r = new ClusterSync(ClusterContext.resolve(server.kubeconfig(dir), "mock", ns), client)
                    .apply(inNs, new ClusterSync.Options(ns, false, false, false));
            assertFalse(r.failed(), r.changes().toString());
            for (KubeObject o : inNs.objects()) {
                original.add(o.declaredNamespace() != null || o.kind().equals("Namespace") ? o : o.with("metadata.namespace", ns));
            }
        }
        // What every cluster has, and what a controller made: not part of the design.
        client.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata().withName("kubernetes").endMetadata()
                .withNewSpec().addNewPort().withPort(443).endPort().endSpec().build()).create();
        client.pods().inNamespace("complete").resource(new PodBuilder().withNewMetadata().withName("web-deployment-5d4f-abcde")
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName("web-deployment-5d4f")
                .withUid("u1").withController(true).endOwnerReference().endMetadata()
                .withNewSpec().addNewContainer().withName("nginx").withImage("nginx:latest").endContainer().endSpec().build()).create();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("cp").addToLabels("node-role.kubernetes.io/control-plane", "")
                .endMetadata().withNewStatus().addToCapacity("cpu", new Quantity("2")).addToCapacity("pods", new Quantity("110"))
                .endStatus().build()).create();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("w1").addToLabels("kubernetes.io/hostname", "w1")
                .endMetadata().withNewSpec().addNewTaint().withKey("gpu").withEffect("NoSchedule").endTaint().endSpec().build()).create();

        ClusterImport.Result imported = new ClusterImport(context, client).importDesign(null, false);

        Map<String, Map<String, Object>> want = new LinkedHashMap<>();
        original.forEach(o -> want.put(o.key().toString(), o.tree()));
        Map<String, Map<String, Object>> got = new LinkedHashMap<>();
        imported.design().objects().forEach(o -> got.put(o.key().toString(), o.tree()));
        assertEquals(new java.util.TreeSet<>(want.keySet()), new java.util.TreeSet<>(got.keySet()));
        want.forEach((k, tree) -> assertTrue(Trees.equal(tree, got.get(k)), k + ": " + Trees.firstDifference(tree, got.get(k))));
        assertTrue(imported.notes().contains("left out 1 Pod made by controllers (their owners are imported and make them again)"),
                imported.notes().toString());

        Cluster c = imported.design().cluster();
        assertEquals("mock", c.name());
        assertEquals(List.of("cp", "w1"), c.nodes().stream().map(Cluster.NodeSpec::name).toList());
        assertTrue(c.nodes().get(0).isControlPlane());
        assertEquals("2", c.nodes().get(0).capacity().get("cpu"));
        assertEquals(List.of(new Cluster.Taint("gpu", "", "NoSchedule")), c.nodes().get(1).taints());
        // The design file it makes reads back as the same design.
        Design reread = DesignIO.parse("imported.yaml", imported.design().toDesignYaml());
        assertEquals(imported.design().objects().size(), reread.objects().size());
        assertEquals(c, reread.cluster());
    }
}
