package io.kubecanvas.apiserver;

import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.ObjectKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real kubectl 1.32 against the API server over a sim cluster running the article's complete example: what
 * a learner types (get, describe, apply, create, scale, rollout, label, patch, delete, exec, logs, watch)
 * prints what a real cluster prints, and each change reaches the design, the control plane and the
 * dataplane (after {@code kubectl scale --replicas=4}, forty probes reach four endpoints).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlEndToEndTest {
    private ServedSeed served;
    private EmulatedCluster cluster;
    private ApiServer api;
    private Kubectl kubectl;
    private Path dir;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        served = ServedSeed.start("e2e");
        cluster = served.cluster();
        Credentials creds = served.creds();
        api = served.api();
        kubectl = new Kubectl(dir, served.kubeconfig());
    }

    @AfterAll
    void stop() {
        if (served != null) {
            served.close();
        }
    }

    @Test
    @Order(1)
    void readsPrintWhatARealClusterPrints() {
        assertTrue(kubectl.ok("cluster-info").contains("Kubernetes control plane is running at " + api.url()));
        String resources = kubectl.ok("api-resources");
        assertTrue(resources.matches("(?s).*deployments\\s+deploy\\s+apps/v1\\s+true\\s+Deployment.*"), resources);
        assertTrue(resources.matches("(?s).*networkpolicies\\s+netpol\\s+networking.k8s.io/v1\\s+true\\s+NetworkPolicy.*"), resources);

        String nodes = kubectl.ok("get", "nodes");
        assertTrue(nodes.startsWith("NAME            STATUS   ROLES           AGE"), nodes);
        assertEquals(3, count(nodes, "\\bReady\\b"), nodes);
        assertTrue(kubectl.ok("get", "nodes", "-o", "wide").contains("INTERNAL-IP"));

        String pods = kubectl.ok("get", "pods", "-o", "wide");
        assertTrue(pods.startsWith("NAME"), pods);
        assertTrue(pods.contains("IP") && pods.contains("NODE") && pods.contains("NOMINATED NODE"), pods);
        assertEquals(2, count(pods, "web-deployment-\\w+-\\w+\\s+1/1\\s+Running"), pods);
        assertTrue(kubectl.ok("get", "pods", "-A").contains("kube-system   coredns-"));

        ClusterState s = cluster.controlPlane().state();
        String svc = kubectl.ok("get", "services");
        assertTrue(svc.contains("web-service   ClusterIP   " + s.service("default", "web-service").clusterIp() + "   <none>        80/TCP"), svc);
        String eps = kubectl.ok("get", "endpoints", "web-service");
        for (var e : s.service("default", "web-service").endpoints()) {
            assertTrue(eps.contains(e.ip() + ":80"), eps);
        }
        assertTrue(kubectl.ok("get", "endpointslices").contains("IPv4"));
        assertTrue(kubectl.ok("get", "deployments").matches("(?s).*web-deployment\\s+2/2\\s+2\\s+2.*"));
        assertTrue(kubectl.ok("get", "replicasets").matches("(?s).*web-deployment-\\w+\\s+2\\s+2\\s+2.*"));
        assertTrue(kubectl.ok("get", "ingresses").matches("(?s).*web-ingress\\s+<none>\\s+example.local\\s+172\\.30\\.0\\.2\\s+80.*"));
        assertTrue(kubectl.run("get", "networkpolicies").all().contains("No resources found in default namespace."));
        assertTrue(kubectl.ok("get", "namespaces").matches("(?s).*kube-system\\s+Active.*"));
        assertTrue(kubectl.ok("get", "events", "-A").contains("Scaled up replica set web-deployment-"));

        assertTrue(kubectl.ok("get", "deployment", "web-deployment", "-o", "yaml").contains("  replicas: 2\n"));
        assertTrue(kubectl.ok("get", "service", "web-service", "-o", "json").contains("\"clusterIP\": \""));
        assertEquals(s.service("default", "web-service").clusterIp(),
                kubectl.ok("get", "svc", "web-service", "-o", "jsonpath={.spec.clusterIP}"));
        assertEquals("deployment.apps/web-deployment\n", kubectl.ok("get", "deploy", "-o", "name"));
        assertEquals(2, kubectl.ok("get", "pods", "-l", "app=web-app", "-o", "name").lines().count());
        assertEquals(0, kubectl.ok("get", "pods", "-l", "app=nothing", "-o", "name").lines().count());
    }

    @Test
    @Order(2)
    void describeShowsPodServiceAndNode() {
        String pod = kubectl.ok("get", "pods", "-l", "app=web-app", "-o", "name").lines().findFirst().orElseThrow();
        String d = kubectl.ok("describe", pod);
        assertTrue(d.contains("Status:       Running"), d);
        assertTrue(d.contains("Controlled By:  ReplicaSet/web-deployment-"), d);
        assertTrue(d.contains("Port:           80/TCP"), d);
        assertTrue(d.contains("Successfully assigned default/"), d);
        String svc = kubectl.ok("describe", "service", "web-service");
        assertTrue(svc.contains("Selector:                 app=web-app"), svc);
        assertTrue(svc.matches("(?s).*Endpoints:\\s+10\\.244\\.\\d+\\.\\d+:80,10\\.244\\.\\d+\\.\\d+:80.*"), svc);
        String node = kubectl.ok("describe", "node", "worker-1");
        assertTrue(node.contains("PodCIDR:                      10.244.1.0/24"), node);
        assertTrue(node.contains("InternalIP:  172.30.0.3"), node);
        assertTrue(node.contains("HolderIdentity:  worker-1"), node);
    }

    @Test
    @Order(3)
    void writesChangeTheDesignAndTheControlPlane() throws Exception {
        Path app = dir.resolve("app.yaml");
        Files.writeString(app, """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                data:
                  color: blue
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: web-allow
                spec:
                  podSelector:
                    matchLabels: {app: web-app}
                  ingress:
                  - ports:
                    - port: 80
                """);
        String applied = kubectl.ok("apply", "-f", app.toString());
        assertTrue(applied.contains("configmap/settings created") && applied.contains("networkpolicy.networking.k8s.io/web-allow created"), applied);
        assertTrue(kubectl.ok("apply", "-f", app.toString()).contains("configmap/settings unchanged"));
        KubeObject cm = cluster.design().find(new ObjectKey("ConfigMap", "default", "settings"));
        assertNotNull(cm, "kubectl apply puts the object in the design");
        assertEquals("blue", cm.get("data.color"));
        assertNull(cm.get("metadata.annotations"), "kubectl's last-applied annotation stays on the server, out of the design");
        assertEquals(1, cluster.controlPlane().state().policies().size(), "the control plane applies the policy");

        assertTrue(kubectl.ok("create", "deployment", "hello", "--image=nginx:1.27", "--replicas=2").contains("deployment.apps/hello created"));
        assertTrue(kubectl.ok("expose", "deployment", "hello", "--port=80", "--type=NodePort").contains("service/hello exposed"));
        assertTrue(kubectl.ok("get", "svc", "hello").matches("(?s).*hello\\s+NodePort\\s+\\S+\\s+<none>\\s+80:3\\d{4}/TCP.*"));
        assertEquals(2, cluster.controlPlane().replicas("default", "hello"));
        KubeObject hello = cluster.design().find(new ObjectKey("Deployment", "default", "hello"));
        assertEquals("nginx:1.27", hello.get("spec.template.spec.containers[0].image"));
        assertNull(hello.get("spec.template.spec.containers[0].imagePullPolicy"), "server defaults stay out of the design");

        kubectl.ok("label", "deployment", "hello", "tier=frontend");
        kubectl.ok("annotate", "deployment", "hello", "owner=learner");
        hello = cluster.design().find(new ObjectKey("Deployment", "default", "hello"));
        assertEquals("frontend", hello.get("metadata.labels.tier"));
        assertEquals("learner", hello.get("metadata.annotations.owner"));
        kubectl.ok("patch", "deployment", "hello", "-p", "{\"spec\":{\"replicas\":3}}");
        assertEquals(3, cluster.controlPlane().replicas("default", "hello"));
        kubectl.ok("patch", "deployment", "hello", "--type=json", "-p", "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":1}]");
        assertEquals(1, cluster.controlPlane().replicas("default", "hello"));
        kubectl.ok("patch", "deployment", "hello", "--type=merge", "-p", "{\"spec\":{\"replicas\":2}}");
        assertEquals(2, cluster.controlPlane().replicas("default", "hello"));

        Path ssa = dir.resolve("ssa.yaml");
        Files.writeString(ssa, """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: ssa
                spec:
                  replicas: 1
                  selector:
                    matchLabels: {app: ssa}
                  template:
                    metadata:
                      labels: {app: ssa}
                    spec:
                      containers:
                      - name: app
                        image: nginx:1.27
                """);
        assertTrue(kubectl.ok("apply", "--server-side", "-f", ssa.toString()).contains("deployment.apps/ssa serverside-applied"));
        assertTrue(kubectl.ok("get", "deploy", "ssa", "-o", "yaml", "--show-managed-fields").contains("operation: Apply"));
        kubectl.ok("scale", "deployment", "ssa", "--replicas=2");
        Kubectl.Result conflict = kubectl.run("apply", "--server-side", "-f", ssa.toString());
        assertNotEquals(0, conflict.code());
        assertTrue(conflict.err().contains("Apply failed with 1 conflict") && conflict.err().contains(".spec.replicas"), conflict.err());
        kubectl.ok("apply", "--server-side", "--force-conflicts", "-f", ssa.toString());
        assertEquals(1, cluster.controlPlane().replicas("default", "ssa"));

        String pod = kubectl.ok("get", "pods", "-l", "app=hello", "-o", "name").lines().findFirst().orElseThrow();
        assertTrue(kubectl.ok("delete", pod).contains("deleted"));
        assertEquals(2, kubectl.ok("get", "pods", "-l", "app=hello", "-o", "name").lines().count(), "the ReplicaSet replaces it");
        assertFalse(kubectl.ok("get", "pods", "-l", "app=hello", "-o", "name").contains(pod));
        kubectl.ok("delete", "deployment", "ssa");
        assertNull(cluster.design().find(new ObjectKey("Deployment", "default", "ssa")));
        assertEquals(-1, cluster.controlPlane().replicas("default", "ssa"));
    }

    @Test
    @Order(4)
    void scaleReachesFourEndpoints() {
        assertTrue(kubectl.ok("run", "client", "--image=busybox:1.36", "--restart=Never", "--", "sleep", "3600").contains("pod/client created"));
        assertTrue(kubectl.ok("scale", "deploy/web-deployment", "--replicas=4").contains("deployment.apps/web-deployment scaled"));
        assertEquals(4, cluster.controlPlane().replicas("default", "web-deployment"));
        assertEquals(4, ((Number) cluster.design().find(new ObjectKey("Deployment", "default", "web-deployment")).get("spec.replicas")).intValue(),
                "the scale is a change of the design");
        assertTrue(kubectl.ok("rollout", "status", "deploy/web-deployment", "--timeout=30s").contains("successfully rolled out"));
        assertEquals(4, cluster.controlPlane().state().service("default", "web-service").endpoints().size());
        assertEquals(4, kubectl.ok("get", "endpoints", "web-service", "-o", "jsonpath={.subsets[0].addresses[*].ip}").split(" ").length);
        Set<String> answered = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            ProbeResult r = cluster.simBackend().probe(ProbeRequest.tcp("default/client", "web-service", 80));
            assertTrue(r.delivered(), r.toString());
            answered.add(r.answeredBy());
        }
        assertEquals(4, answered.size(), "forty probes reach the four endpoints: " + answered);
    }

    @Test
    @Order(5)
    void watchPrintsTheNewPods() throws Exception {
        Path out = dir.resolve("watch.txt");
        Process w = kubectl.start(out, "get", "pods", "-l", "app=web-app", "-w");
        try {
            waitFor(out, "web-deployment-", 20_000);
            kubectl.ok("scale", "deploy/web-deployment", "--replicas=5");
            // The four listed Pods, then the new one as the watch reports it.
            assertTrue(waitFor(out, s -> count(s, "web-deployment-\\w+-\\w+\\s+1/1\\s+Running") >= 5, 20_000), Files.readString(out));
        } finally {
            w.destroy();
        }
        kubectl.ok("scale", "deploy/web-deployment", "--replicas=4");
    }

    @Test
    @Order(6)
    void rolloutRestartAndUndo() {
        kubectl.ok("set", "image", "deployment/hello", "nginx=nginx:1.28");
        assertTrue(kubectl.ok("rollout", "status", "deploy/hello", "--timeout=30s").contains("successfully rolled out"));
        String history = kubectl.ok("rollout", "history", "deploy/hello");
        assertTrue(history.contains("1         <none>") && history.contains("2         <none>"), history);
        assertTrue(kubectl.ok("rollout", "undo", "deploy/hello").contains("rolled back"));
        assertEquals("nginx:1.27", kubectl.ok("get", "deploy", "hello", "-o", "jsonpath={.spec.template.spec.containers[0].image}"));
        assertTrue(kubectl.ok("rollout", "restart", "deploy/hello").contains("restarted"));
        KubeObject hello = cluster.design().find(new ObjectKey("Deployment", "default", "hello"));
        assertTrue(((java.util.Map<?, ?>) hello.get("spec.template.metadata.annotations")).containsKey("kubectl.kubernetes.io/restartedAt"),
                "rollout restart changes the design's Pod template");
        assertTrue(kubectl.ok("rollout", "status", "deploy/hello", "--timeout=30s").contains("successfully rolled out"));
    }

    @Test
    @Order(7)
    void execRunsTheToolboxAndLogsShowTheRequests() {
        String body = kubectl.ok("exec", "client", "--", "curl", "-s", "web-service");
        Matcher m = Pattern.compile("KubeCanvas sim: default/(web-deployment-\\S+) answered GET /").matcher(body);
        assertTrue(m.find(), body);
        String served = m.group(1);
        assertTrue(kubectl.ok("logs", served).contains("\"GET / HTTP/1.1\" 200"), "the Pod that answered logged the request");
        Kubectl.Result nxdomain = kubectl.run("exec", "client", "--", "curl", "-sS", "http://no-such-service");
        assertEquals(6, nxdomain.code(), nxdomain.all());
        assertTrue(nxdomain.err().contains("curl: (6) Could not resolve host: no-such-service"), nxdomain.err());
        String lookup = kubectl.ok("exec", "client", "--", "nslookup", "web-service");
        assertTrue(lookup.contains("Name:\tweb-service.default.svc.cluster.local"), lookup);
        assertTrue(lookup.contains("Address: " + cluster.controlPlane().state().service("default", "web-service").clusterIp()), lookup);
        // web-allow admits TCP 80 only: a ping to a web Pod is dropped, and the sim says by which policy.
        String webIp = cluster.controlPlane().state().pod("default", served).ip();
        Kubectl.Result dropped = kubectl.run("exec", "client", "--", "ping", "-c", "2", webIp);
        assertEquals(1, dropped.code());
        assertTrue(dropped.out().contains("2 packets transmitted, 0 packets received, 100% packet loss"), dropped.out());
        assertTrue(dropped.err().contains("default/web-allow"), dropped.err());
        String helloIp = cluster.controlPlane().state().pods().stream().filter(p -> p.name().startsWith("hello-")).findFirst()
                .orElseThrow().ip();
        assertTrue(kubectl.ok("exec", "client", "--", "ping", "-c", "2", helloIp).contains("2 packets transmitted, 2 packets received"));
        assertEquals(0, kubectl.run("exec", "client", "--", "nc", "-zv", "web-service", "80").code());
        assertEquals("200", kubectl.ok("exec", "client", "--", "sh", "-c", "curl -s -o /dev/null -w '%{http_code}' web-service"));
        Kubectl.Result ls = kubectl.run("exec", "client", "--", "ls");
        assertEquals(127, ls.code());
        assertTrue(ls.err().contains("not in the sim backend's toolbox"), ls.err());
    }

    @Test
    @Order(8)
    void badInputGetsTheApiServersErrors() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: bad
                spec:
                  selector:
                    matchLabels: {app: one}
                  template:
                    metadata:
                      labels: {app: two}
                    spec:
                      containers:
                      - name: app
                        image: nginx
                        portz: 1
                """);
        Kubectl.Result strict = kubectl.run("apply", "-f", bad.toString());
        assertNotEquals(0, strict.code());
        assertTrue(strict.err().contains("Error from server (BadRequest)") && strict.err().contains("unknown field \"spec.template.spec.containers[0].portz\""),
                strict.err());
        Kubectl.Result invalid = kubectl.run("apply", "-f", bad.toString(), "--validate=false");
        assertTrue(invalid.err().contains("The Deployment \"bad\" is invalid"), invalid.err());
        assertTrue(invalid.err().contains("spec.selector"), invalid.err());
        assertNull(cluster.design().find(new ObjectKey("Deployment", "default", "bad")), "a refused object does not enter the design");
        Kubectl.Result missing = kubectl.run("get", "pod", "nope");
        assertTrue(missing.err().contains("Error from server (NotFound): pods \"nope\" not found"), missing.err());
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static void waitFor(Path file, String text, long ms) throws Exception {
        assertTrue(waitFor(file, s -> s.contains(text), ms), "no '" + text + "' in " + Files.readString(file));
    }

    private static boolean waitFor(Path file, java.util.function.Predicate<String> ok, long ms) throws Exception {
        long deadline = System.currentTimeMillis() + ms;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(file) && ok.test(Files.readString(file))) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    static List<String> lines(String s) {
        return s.lines().toList();
    }
}
