package io.kubecanvas.apiserver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real kubectl for tests: the one on PATH (CI installs Debian's), with a kubeconfig, cache and HOME of the
 * test's own, so nothing touches the user's ~/.kube. A missing kubectl fails the test: CI has it.
 */
final class Kubectl {
    record Result(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private final Path kubeconfig;
    private final Path home;
    private final String binary;
    private final Map<String, String> env;

    Kubectl(Path dir, String kubeconfigText) throws IOException {
        this(dir, kubeconfigText, binary());
    }

    /** A given kubectl binary (another version than the one on PATH). */
    Kubectl(Path dir, String kubeconfigText, String binary) throws IOException {
        this(dir, kubeconfigText, binary, Map.of());
    }

    /** A given kubectl binary, always run with these environment variables (KUBECTL_PORT_FORWARD_WEBSOCKETS=false). */
    Kubectl(Path dir, String kubeconfigText, String binary, Map<String, String> env) throws IOException {
        this.binary = binary;
        this.env = Map.copyOf(env);
        this.home = dir;
        this.kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, kubeconfigText);
    }

    static String binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "kubectl");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new AssertionError("kubectl is not on PATH: install it (apt-get install -y kubectl), as .ci/run does");
    }

    /** The newer kubectl (1.35) that .ci/run unpacks into tools/kubectl; missing, the test fails: CI has it. */
    static String newer() {
        Path p = Path.of("..", "tools", "kubectl", "kubectl");
        if (!Files.isExecutable(p)) {
            throw new AssertionError(p.toAbsolutePath() + " is missing: run .ci/run's tools step (it unpacks kubectl 1.35 there)");
        }
        return p.toAbsolutePath().normalize().toString();
    }

    Result run(String... args) {
        return withInput(null, args);
    }

    /** Runs kubectl with {@code stdin} as its input (or none). */
    Result withInput(String stdin, String... args) {
        return withEnv(Map.of(), stdin, args);
    }

    /** Runs kubectl with more environment variables (KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false) and {@code stdin} (or none). */
    Result withEnv(Map<String, String> extra, String stdin, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.putAll(this.env);
        env.putAll(extra);
        env.put("KUBECONFIG", kubeconfig.toString());
        env.put("KUBECACHEDIR", home.resolve("cache").toString());
        env.put("HOME", home.toString());
        try {
            Path out = Files.createTempFile(home, "out", ".txt");
            Path err = Files.createTempFile(home, "err", ".txt");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            if (stdin == null) {
                pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            Process p = pb.start();
            if (stdin != null) {
                try (var w = p.getOutputStream()) {
                    w.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in 120 s");
            }
            Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException e) {
            throw new AssertionError("cannot run kubectl: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs and expects exit 0; returns stdout. */
    String ok(String... args) {
        Result r = run(args);
        if (r.code() != 0) {
            throw new AssertionError("kubectl " + String.join(" ", args) + " exited " + r.code() + ":\n" + r.all());
        }
        return r.out();
    }

    /** Where the stderr of kubectl started in the background goes. */
    Path backgroundErr() {
        return home.resolve("background-err.txt");
    }

    /** Starts kubectl in the background (for {@code -w}); its stdout goes to {@code out}. */
    Process start(Path out, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(backgroundErr().toFile()));
        pb.environment().put("KUBECONFIG", kubeconfig.toString());
        pb.environment().put("KUBECACHEDIR", home.resolve("cache").toString());
        pb.environment().put("HOME", home.toString());
        pb.environment().putAll(env);
        return pb.start();
    }
}
