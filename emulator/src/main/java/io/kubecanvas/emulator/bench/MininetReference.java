package io.kubecanvas.emulator.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reference {@code bench docker} compares with: Mininet's {@code N} hosts on one Linux bridge (no Open vSwitch,
 * no controller) pinging each other (every ordered pair, {@code pingAll}), timed by its Python API from the network's
 * construction to the end of the first pingAll round in which every pair answered (at most 5 rounds). It runs inside a fresh network namespace made for it and removed after it
 * (in the machine's own namespace Docker's FORWARD policy blocks bridged traffic), so it touches nothing else.
 */
public final class MininetReference {
    private static final Pattern LINE = Pattern.compile("MININET ([0-9.]+) ([0-9.]+)");

    /**
     * @param seconds     from {@code Mininet(...)} to the end of pingAll; {@code lossPercent} as pingAll reports it
     * @param runSeconds  every run's figure when this is the fastest of several (see {@link #fastest})
     */
    public record Result(int hosts, double seconds, double lossPercent, List<Double> runSeconds) {
        public Result(int hosts, double seconds, double lossPercent) {
            this(hosts, seconds, lossPercent, List.of(seconds));
        }
    }

    private MininetReference() {
    }

    static String script(int hosts) {
        return String.join("\n",
                "import time",
                "from mininet.net import Mininet",
                "from mininet.topo import SingleSwitchTopo",
                "from mininet.nodelib import LinuxBridge",
                "from mininet.log import setLogLevel",
                "setLogLevel('error')",
                "t0 = time.time()",
                "net = Mininet(topo=SingleSwitchTopo(k=" + hosts + "), switch=LinuxBridge, controller=None, autoSetMacs=True)",
                "net.start()",
                // as the emulator's figure: rounds of all pairs until every pair answers (the first may lose to ARP)
                "loss = 100.0",
                "rounds = 0",
                "while loss > 0 and rounds < 5:",
                "    loss = net.pingAll(timeout='1')",
                "    rounds += 1",
                "t = time.time() - t0",
                "net.stop()",
                "print('MININET %.3f %.1f' % (t, loss))", "");
    }

    /**
     * The reference run {@code runs} times, its fastest run without loss kept: Mininet's first run on a machine can
     * lose a ping to ARP and wait a whole second for it, which would make the target five times easier than it is.
     *
     * @throws IllegalStateException as {@link #run(int)}
     */
    public static Result run(int hosts, int runs) {
        List<Result> all = new java.util.ArrayList<>();
        for (int i = 0; i < runs; i++) {
            all.add(run(hosts));
        }
        return fastest(all);
    }

    /** The fastest of {@code runs} that lost nothing (the least lossy when all lost), with every run's figure. */
    static Result fastest(List<Result> runs) {
        Result best = runs.stream().min(java.util.Comparator.comparingDouble(Result::lossPercent).thenComparingDouble(Result::seconds))
                .orElseThrow();
        return new Result(best.hosts(), best.seconds(), best.lossPercent(), runs.stream().map(Result::seconds).toList());
    }

    /**
     * Runs the reference once, or says why not.
     *
     * @throws IllegalStateException naming what is missing (Mininet, root for {@code ip netns}) or what failed
     */
    public static Result run(int hosts) {
        // Debian's package installs into the system Python, which a pyenv or venv python3 on PATH does not see
        String python = java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        if (!run(List.of(python, "-c", "import mininet.net"), 30).ok()) {
            throw new IllegalStateException("Mininet is absent (apt-get install -y mininet bridge-utils), so there is no"
                    + " reference figure");
        }
        // without ping every host's pingAll reports 100% loss: say what is missing instead
        if (!run(List.of("/bin/sh", "-c", "command -v ping"), 10).ok()) {
            throw new IllegalStateException("Mininet's hosts run ping, which is absent (apt-get install -y iputils-ping), so"
                    + " there is no reference figure");
        }
        String ns = "kc-bench-mn-" + ProcessHandle.current().pid();
        Out add = run(List.of("ip", "netns", "add", ns), 10);
        if (!add.ok()) {
            throw new IllegalStateException("Mininet needs a network namespace of its own and 'ip netns add' failed: " + add.text());
        }
        try {
            Out r = run(List.of("ip", "netns", "exec", ns, python, "-c", script(hosts)), 120);
            Matcher m = LINE.matcher(r.text());
            if (!r.ok() || !m.find()) {
                throw new IllegalStateException("Mininet failed: " + r.text().strip());
            }
            return new Result(hosts, Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)));
        } finally {
            run(List.of("ip", "netns", "del", ns), 10);
        }
    }

    private record Out(int code, String text) {
        boolean ok() {
            return code == 0;
        }
    }

    private static Out run(List<String> cmd, int timeoutSeconds) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Out(-1, "timed out after " + timeoutSeconds + " s");
            }
            return new Out(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Out(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Out(-1, "interrupted");
        }
    }
}
