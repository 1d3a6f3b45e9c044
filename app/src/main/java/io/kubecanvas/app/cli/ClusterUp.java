package io.kubecanvas.app.cli;

import io.kubecanvas.apiserver.ApiServer;
import io.kubecanvas.apiserver.Credentials;
import io.kubecanvas.apiserver.EmulatedCluster;
import io.kubecanvas.apiserver.Kubeconfig;
import io.kubecanvas.apiserver.ServedClusters;
import io.kubecanvas.emulator.docker.DockerJavaEngine;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.yaml.YamlException;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code kubecanvas up FILE --backend sim|docker --name NAME [--detach]} with a Kubernetes API: the cluster
 * runs in this process (or, with {@code --detach}, in a background process of its own that {@code ls}
 * lists and {@code down NAME} ends), its API server listens on 127.0.0.1, and the context
 * {@code kubecanvas-NAME} is merged into the user's kubeconfig (unless {@code --no-kubeconfig}). When the
 * process ends, however it ends, the context and the cluster's folder go with it (a killed process is
 * cleared by the next {@code ls}, {@code up} or {@code down}).
 */
final class ClusterUp {
    /** The API server's JVM runs with the client compiler only, as the launcher starts {@code up} (see kubecanvas). */
    static final String SERVER_JVM_FLAG = "-XX:TieredStopAtLevel=1";
    private final PrintWriter out;
    private final PrintWriter err;
    private final List<Path> files;
    private final String backend;
    private final String name;
    private final boolean noKubeconfig;
    private final int port;
    private final int interval;

    ClusterUp(PrintWriter out, PrintWriter err, List<Path> files, String backend, String name, boolean noKubeconfig, int port,
              int interval) {
        this.out = out;
        this.err = err;
        this.files = files;
        this.backend = backend;
        this.name = name;
        this.noKubeconfig = noKubeconfig;
        this.port = port;
        this.interval = interval;
    }

    Design load() {
        DesignIO.LoadResult r = DesignIO.load(files);
        if (!r.ok()) {
            for (YamlException e : r.errors()) {
                err.println(e.describe());
            }
            return null;
        }
        return r.design();
    }

    /** Starts the background process and waits until its API answers; the process outlives this one. */
    int detach(List<String> childArgs) throws IOException, InterruptedException {
        for (ServedClusters.Entry e : ServedClusters.list()) {
            if (!e.alive()) {
                ServedClusters.clear(e);
            } else if (e.name().equals(name)) {
                err.println("kubecanvas: a cluster named " + name + " is already running (pid " + e.pid() + "); end it with: kubecanvas down " + name);
                return 1;
            }
        }
        Path logs = ServedClusters.home().resolve("logs");
        Files.createDirectories(logs);
        Path log = logs.resolve(name + ".log");
        List<String> cmd = new ArrayList<>();
        // setsid: the server leaves this terminal's session, so closing the terminal does not end it.
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            cmd.add("/usr/bin/setsid");
        }
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add(SERVER_JVM_FLAG);
        String opts = System.getenv("KUBECANVAS_JAVA_OPTS");
        if (opts != null && !opts.isBlank()) {
            cmd.addAll(List.of(opts.strip().split("\\s+")));
        }
        String home = System.getProperty("kubecanvas.home");
        if (home != null) {
            cmd.add("-Dkubecanvas.home=" + home);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.kubecanvas.app.Main");
        cmd.addAll(childArgs);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            ServedClusters.Entry e = ServedClusters.find(name);
            if (e != null && e.alive() && e.url() != null && e.pid() == p.pid()) {
                out.print(Files.readString(log));
                out.println("detached (pid " + p.pid() + ", log " + log + "); end it with: kubecanvas down " + name);
                out.flush();
                return 0;
            }
            if (!p.isAlive()) {
                err.print(Files.readString(log));
                err.println("kubecanvas: the cluster's process ended before its API was up (exit " + p.exitValue() + ")");
                return 1;
            }
            Thread.sleep(100);
        }
        p.destroy();
        err.println("kubecanvas: the cluster did not come up within 5 minutes; see " + log);
        return 1;
    }

    /** Runs the cluster and its API in this process until it is told to stop (Ctrl-C, SIGTERM from down). */
    int serve() throws Exception {
        Design design = load();
        if (design == null) {
            return 1;
        }
        ServedClusters.Claim claim;
        try {
            claim = ServedClusters.claim(name);
        } catch (IllegalStateException e) {
            err.println("kubecanvas: " + e.getMessage());
            return 1;
        }
        long t0 = System.nanoTime();
        EmulatedCluster cluster;
        ApiServer api;
        Credentials creds;
        Path kubeconfig = noKubeconfig ? null : Kubeconfig.defaultPath();
        DockerJavaEngine engine = null;
        try {
            creds = Credentials.generate(name);
            creds.save(claim.folder().resolve("credentials"));
            if ("docker".equals(backend)) {
                engine = DockerJavaEngine.connect();
                cluster = EmulatedCluster.docker(name, design, engine, false, out::println);
            } else {
                cluster = EmulatedCluster.sim(name, design);
            }
            api = ApiServer.start(cluster, creds, port);
            if (kubeconfig != null) {
                Kubeconfig.merge(kubeconfig, name, api.url(), creds);
            }
            claim.ready(backend, api.url(), files.stream().map(f -> f.toAbsolutePath().toString()).toList(), kubeconfig);
        } catch (RuntimeException | IOException e) {
            claim.close();
            if (engine != null) {
                engine.close();
            }
            throw e;
        }
        EmulatedCluster running = cluster;
        DockerJavaEngine usedEngine = engine;
        Thread hook = new Thread(() -> {
            out.println("stopping cluster " + name + "...");
            out.flush();
            api.close();
            running.close(); // on docker: removes the cluster's containers and networks
            if (usedEngine != null) {
                usedEngine.close();
            }
            try {
                if (kubeconfig != null) {
                    Kubeconfig.remove(kubeconfig, name);
                }
            } catch (IOException e) {
                err.println("kubecanvas: could not remove context " + Kubeconfig.contextName(name) + " from " + kubeconfig + ": " + e.getMessage());
            }
            claim.close();
        }, "kubecanvas-down");
        Runtime.getRuntime().addShutdownHook(hook);
        if (engine != null) {
            UpCommand.printSummary(out, engine, name);
        }
        UpCommand.printNotRunning(out, cluster.run());
        var state = cluster.controlPlane().state();
        out.printf("cluster %s is up on the %s backend in %.1f s: %d node(s), %d Pod(s)%n", name, backend,
                (System.nanoTime() - t0) / 1e9, state.nodes().size(), state.pods().size());
        if (kubeconfig != null) {
            out.println("API server " + api.url() + " (context " + Kubeconfig.contextName(name) + " in " + kubeconfig + ", now current)");
            out.println("try: kubectl get pods -A -o wide");
        } else {
            out.println("API server " + api.url() + " (no kubeconfig written)");
            out.println("try: kubecanvas kubeconfig " + name + " > " + name + ".kubeconfig && KUBECONFIG=" + name
                    + ".kubeconfig kubectl get pods -A -o wide");
        }
        out.println("edits of the design file are applied as they are saved; Ctrl-C (or kubecanvas down " + name + ") ends the cluster");
        out.flush();
        FileTime seen = lastModified();
        long last = System.nanoTime();
        while (true) {
            Thread.sleep(Math.max(1, interval) * 1000L);
            try {
                FileTime now = lastModified();
                if (!now.equals(seen)) {
                    seen = now;
                    Design edited = load();
                    if (edited != null) {
                        out.println("design file changed: applying the difference");
                        out.flush();
                        cluster.replace(edited);
                    }
                }
                long t = System.nanoTime();
                cluster.tick(Duration.ofNanos(t - last));
                last = t;
            } catch (RuntimeException e) {
                err.println("kubecanvas: reconcile: " + e.getMessage());
                err.flush();
            }
        }
    }

    private FileTime lastModified() {
        FileTime max = FileTime.fromMillis(0);
        for (Path p : files) {
            try {
                FileTime t = Files.getLastModifiedTime(p);
                if (t.compareTo(max) > 0) {
                    max = t;
                }
            } catch (IOException ignored) {
                // a file being rewritten: try again next pass
            }
        }
        return max;
    }
}
