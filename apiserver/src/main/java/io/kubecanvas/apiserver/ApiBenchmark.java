package io.kubecanvas.apiserver;

import io.kubecanvas.model.Cluster;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.yaml.YamlException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code kubecanvas bench api}: the API server's figures with real kubectl, each with its target (issue 13):
 * <ul>
 * <li>{@code kubectl get pods} on a cluster of 500 Pods: the median wall time of the command minus the
 * median wall time of {@code kubectl version --client} (kubectl's own start-up), &lt; 100 ms;</li>
 * <li>{@code kubectl apply -f} of one file of 200 objects (100 ConfigMaps, 50 Deployments of one replica, 50
 * Services) into a running cluster: the command's wall time (after one warm-up round of the same file in
 * another namespace, deleted again), &lt; 2 s;</li>
 * <li>watch event latency: from sending a PATCH of a ConfigMap to a watch client receiving its MODIFIED
 * event, over TLS on 127.0.0.1, median of 30, &lt; 50 ms.</li>
 * </ul>
 */
public final class ApiBenchmark {
    /** One figure, with what was measured and whether the target was met. */
    public record Figure(String name, double millis, String detail, double targetMillis) {
        public boolean met() {
            return millis < targetMillis;
        }

        @Override
        public String toString() {
            return String.format("%-58s %9.1f ms  (%s; target < %.0f ms)  %s", name, millis, detail, targetMillis, met() ? "met" : "MISSED");
        }
    }

    private ApiBenchmark() {
    }

    public static List<Figure> run(String kubectl, Path work) throws Exception {
        List<Figure> out = new ArrayList<>();
        out.add(getPods(kubectl, work.resolve("get")));
        out.add(apply(kubectl, work.resolve("apply")));
        out.add(watchLatency(work.resolve("watch")));
        return out;
    }

    /** A cluster of 1 control plane and 5 workers, one Deployment of {@code pods} replicas. */
    static Design podsDesign(int pods) throws YamlException {
        List<Cluster.NodeSpec> nodes = new ArrayList<>();
        nodes.add(Cluster.NodeSpec.controlPlane("control-plane"));
        for (int i = 1; i <= 5; i++) {
            nodes.add(Cluster.NodeSpec.worker("worker-" + i));
        }
        Cluster c = Cluster.defaults().withNodes(nodes);
        Design d = DesignIO.parse("bench.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: bench
                spec:
                  replicas: %d
                  selector:
                    matchLabels: {app: bench}
                  template:
                    metadata:
                      labels: {app: bench}
                    spec:
                      containers:
                      - name: web
                        image: nginx:1.27
                        ports:
                        - containerPort: 80
                """.formatted(pods));
        return d.withCluster(c);
    }

    private static Figure getPods(String kubectl, Path dir) throws Exception {
        Files.createDirectories(dir);
        try (EmulatedCluster cluster = EmulatedCluster.sim("bench-get", podsDesign(500))) {
            Credentials creds = Credentials.generate("bench-get");
            try (ApiServer api = ApiServer.start(cluster, creds, 0)) {
                Path kc = dir.resolve("kubeconfig");
                Files.writeString(kc, Kubeconfig.render("bench-get", api.url(), creds, false));
                int pods = cluster.controlPlane().state().pods().size();
                String listed = run(kubectl, kc, dir, "get", "pods", "--no-headers"); // warms kubectl's discovery cache
                long rows = listed.lines().count();
                double[] get = new double[9];
                double[] version = new double[9];
                for (int i = 0; i < get.length; i++) {
                    version[i] = timed(() -> run(kubectl, kc, dir, "version", "--client"));
                    get[i] = timed(() -> run(kubectl, kc, dir, "get", "pods"));
                }
                double g = median(get);
                double v = median(version);
                return new Figure("kubectl get pods, " + rows + " Pods listed (" + pods + " in the cluster)", g - v,
                        String.format("median of %d: get %.1f ms minus kubectl version --client %.1f ms", get.length, g, v), 100);
            }
        }
    }

    private static Figure apply(String kubectl, Path dir) throws Exception {
        Files.createDirectories(dir);
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            yaml.append("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config-").append(i).append("\ndata:\n  n: \"").append(i)
                    .append("\"\n---\n");
        }
        for (int i = 0; i < 50; i++) {
            yaml.append("""
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata:
                      name: app-%1$d
                    spec:
                      replicas: 1
                      selector:
                        matchLabels: {app: app-%1$d}
                      template:
                        metadata:
                          labels: {app: app-%1$d}
                        spec:
                          containers:
                          - name: web
                            image: nginx:1.27
                    ---
                    apiVersion: v1
                    kind: Service
                    metadata:
                      name: app-%1$d
                    spec:
                      selector: {app: app-%1$d}
                      ports:
                      - port: 80
                    ---
                    """.formatted(i));
        }
        Path file = dir.resolve("objects.yaml");
        Files.writeString(file, yaml.toString());
        try (EmulatedCluster cluster = EmulatedCluster.sim("bench-apply", podsDesign(2))) {
            Credentials creds = Credentials.generate("bench-apply");
            try (ApiServer api = ApiServer.start(cluster, creds, 0)) {
                Path kc = dir.resolve("kubeconfig");
                Files.writeString(kc, Kubeconfig.render("bench-apply", api.url(), creds, false));
                // One warm-up round in another namespace (the server's code is compiled as it runs), then removed.
                run(kubectl, kc, dir, "create", "namespace", "warm-up");
                run(kubectl, kc, dir, "apply", "-n", "warm-up", "-f", file.toString());
                run(kubectl, kc, dir, "delete", "namespace", "warm-up");
                String[] printed = new String[1];
                java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
                long cpu0 = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
                double ms = timed(() -> printed[0] = run(kubectl, kc, dir, "apply", "-f", file.toString()));
                long cpu1 = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
                long created = printed[0].lines().filter(l -> l.endsWith(" created")).count();
                int objects = cluster.design().objects().size();
                if (created != 200) {
                    throw new IllegalStateException("kubectl apply created " + created + " of 200 objects:\n" + printed[0]);
                }
                return new Figure("kubectl apply -f of 200 objects (" + created + " created)", ms,
                        String.format("wall time of the command, after one warm-up round in another namespace; the server"
                                        + " used %.0f ms of CPU meanwhile; the design then has %d objects, the control plane %d Pods",
                                (cpu1 - cpu0) / 1e6, objects, cluster.controlPlane().state().pods().size()), 2000);
            }
        }
    }

    private static Figure watchLatency(Path dir) throws Exception {
        Files.createDirectories(dir);
        try (EmulatedCluster cluster = EmulatedCluster.sim("bench-watch", podsDesign(2))) {
            Credentials creds = Credentials.generate("bench-watch");
            try (ApiServer api = ApiServer.start(cluster, creds, 0)) {
                HttpClient http = client(creds);
                String base = api.url() + "/api/v1/namespaces/default/configmaps";
                send(http, HttpRequest.newBuilder(URI.create(base)).header("Authorization", "Bearer " + creds.token())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"metadata\":{\"name\":\"watched\"},\"data\":{\"n\":\"0\"}}")).build());
                BlockingQueue<Long> arrivals = new LinkedBlockingQueue<>();
                HttpResponse<InputStream> watch = http.send(HttpRequest.newBuilder(URI.create(base
                                + "?watch=true&fieldSelector=metadata.name%3Dwatched&resourceVersion=" + api.resourceVersion()))
                        .header("Authorization", "Bearer " + creds.token()).build(), HttpResponse.BodyHandlers.ofInputStream());
                Thread reader = new Thread(() -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(watch.body(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            if (line.startsWith("{\"type\":\"MODIFIED\"")) {
                                arrivals.add(System.nanoTime());
                            }
                        }
                    } catch (IOException e) {
                        // closed at the end
                    }
                }, "bench-watch");
                reader.setDaemon(true);
                reader.start();
                double[] ms = new double[30];
                for (int i = 0; i < 35; i++) {
                    long t0 = System.nanoTime();
                    send(http, HttpRequest.newBuilder(URI.create(base + "/watched")).header("Authorization", "Bearer " + creds.token())
                            .header("Content-Type", "application/merge-patch+json")
                            .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"data\":{\"n\":\"" + (i + 1) + "\"}}")).build());
                    Long at = arrivals.poll(10, TimeUnit.SECONDS);
                    if (at == null) {
                        throw new IllegalStateException("the watch saw no MODIFIED event within 10 s");
                    }
                    if (i >= 5) {
                        ms[i - 5] = (at - t0) / 1e6; // the first five warm up the JIT and the connection
                    }
                }
                watch.body().close();
                return new Figure("watch event latency, ConfigMap PATCH to MODIFIED event", median(ms),
                        String.format("median of %d over TLS on 127.0.0.1, from sending the PATCH; p90 %.1f ms", ms.length,
                                percentile(ms, 0.9)), 50);
            }
        }
    }

    private static HttpClient client(Credentials creds) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(creds.trustStore());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ctx).version(HttpClient.Version.HTTP_1_1).build();
    }

    private static void send(HttpClient http, HttpRequest r) throws Exception {
        HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() >= 300) {
            throw new IllegalStateException(r.method() + " " + r.uri() + " -> " + resp.statusCode() + ": " + resp.body());
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static double timed(Step s) throws Exception {
        long t0 = System.nanoTime();
        s.run();
        return (System.nanoTime() - t0) / 1e6;
    }

    private static String run(String kubectl, Path kubeconfig, Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(kubectl);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("KUBECONFIG", kubeconfig.toString());
        env.put("KUBECACHEDIR", dir.resolve("cache").toString());
        env.put("HOME", dir.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("kubectl " + String.join(" ", args) + " failed:\n" + out);
        }
        return out;
    }

    private static double median(double[] v) {
        return percentile(v, 0.5);
    }

    private static double percentile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.floor(q * (s.length - 1) + 0.5))];
    }
}
