package io.kubecanvas.apiserver;

import io.kubecanvas.emulator.backend.EmulatorBackend;
import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.sim.SimBackend;
import io.kubecanvas.emulator.state.ClusterState;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The Pods of the sim backend, which run no processes: {@code exec} offers a toolbox ({@code curl},
 * {@code wget}, {@code nslookup}, {@code ping}, {@code nc}, {@code hostname}, {@code cat /etc/resolv.conf})
 * where each network command is one probe from that Pod through the simulated dataplane (its packets are
 * handed to {@code animate}, so the app shows them); {@code logs} lists the requests a Pod served, one
 * line each, from the packet events delivered to it. Anything else says what the sim can and cannot do.
 */
final class SimPods implements PodRuntime {
    /** Lines kept per Pod. */
    static final int LOG_LINES = 1000;
    private static final DateTimeFormatter ACCESS_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Supplier<? extends EmulatorBackend> backend;
    private final Supplier<ClusterState> state;
    private final Consumer<List<PacketEvent>> animate;
    /** One line of a Pod's log, numbered across all Pods so a follower knows what is new. */
    private record Line(long seq, String at, String text) {
    }

    private final Map<String, Deque<Line>> logs = new HashMap<>();
    private long lineCount;
    private EmulatorBackend subscribedTo;
    private EmulatorBackend.Subscription subscription;

    SimPods(Supplier<? extends EmulatorBackend> backend, Supplier<ClusterState> state, Consumer<List<PacketEvent>> animate) {
        this.backend = backend;
        this.state = state;
        this.animate = animate;
        subscribe();
    }

    /** Follows the backend's packet events (again, when the backend was replaced). */
    private synchronized void subscribe() {
        EmulatorBackend b = backend.get();
        if (b == null || b == subscribedTo) {
            return;
        }
        if (subscription != null) {
            subscription.close();
        }
        subscribedTo = b;
        subscription = b.subscribe(this::observe);
    }

    // ---- logs --------------------------------------------------------------------------------------

    /** A request reaching a Pod's server: one access-log line for that Pod. */
    private void observe(PacketEvent e) {
        if (e.verdict() != PacketEvent.Verdict.DELIVERED || e.direction() != PacketEvent.Direction.LOCAL || e.rule() == null
                || !e.rule().contains("/")) {
            return;
        }
        PacketEvent.Header app = null;
        PacketEvent.Header ip = e.innerIp();
        for (PacketEvent.Header h : e.headers()) {
            if (h.layer().equals("http") || h.layer().equals("tls") || h.layer().equals("data")) {
                app = h;
            }
        }
        if (app == null || ip == null) {
            return; // a SYN or an ACK: not a request
        }
        String client = ip.get("src");
        String line;
        String when = ACCESS_TIME.format(Instant.now());
        if (app.layer().equals("http")) {
            line = client + " - - [" + when + "] \"" + app.fields().getOrDefault("method", "GET") + " "
                    + app.fields().getOrDefault("path", "/") + " HTTP/1.1\" 200 - \"-\" \"kubecanvas-sim\" host="
                    + app.fields().getOrDefault("host", "-");
        } else if (app.layer().equals("tls")) {
            line = client + " - - [" + when + "] TLS connection, SNI " + app.fields().getOrDefault("host", "-");
        } else {
            line = client + " - - [" + when + "] UDP datagram to port " + ip.get("dport");
        }
        synchronized (logs) {
            Deque<Line> q = logs.computeIfAbsent(e.rule(), k -> new ArrayDeque<>());
            q.addLast(new Line(lineCount++, Instant.now().toString(), line));
            while (q.size() > LOG_LINES) {
                q.removeFirst();
            }
            logs.notifyAll();
        }
    }

    @Override
    public void logs(Pod pod, String container, LogOptions options, OutputStream out) throws IOException {
        subscribe();
        String key = pod.namespace() + "/" + pod.name();
        List<Line> lines;
        synchronized (logs) {
            lines = new ArrayList<>(logs.getOrDefault(key, new ArrayDeque<>()));
        }
        if (options.tailLines() >= 0 && lines.size() > options.tailLines()) {
            lines = lines.subList(lines.size() - options.tailLines(), lines.size());
        }
        long last = -1;
        for (Line l : lines) {
            write(out, l, options);
            last = l.seq();
        }
        out.flush();
        while (options.follow()) {
            List<Line> fresh = new ArrayList<>();
            synchronized (logs) {
                try {
                    logs.wait(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (Line l : logs.getOrDefault(key, new ArrayDeque<>())) {
                    if (l.seq() > last) {
                        fresh.add(l);
                    }
                }
            }
            for (Line l : fresh) {
                write(out, l, options);
                last = l.seq();
            }
            out.flush(); // fails once the client is gone, which ends the follow
        }
    }

    private static void write(OutputStream out, Line l, LogOptions options) throws IOException {
        String text = (options.timestamps() ? l.at() + " " : "") + l.text() + "\n";
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    // ---- exec --------------------------------------------------------------------------------------

    @Override
    public int exec(Pod pod, String container, List<String> command, InputStream stdin, OutputStream stdout, OutputStream stderr,
                    boolean tty) {
        subscribe();
        PrintStream out = new PrintStream(stdout, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(stderr, true, StandardCharsets.UTF_8);
        List<String> argv = command;
        if (argv.size() == 3 && (argv.get(0).endsWith("sh") || argv.get(0).endsWith("bash")) && argv.get(1).equals("-c")) {
            if (argv.get(2).matches(".*[|;&<>`$()].*")) {
                err.println("sim exec: the sim backend has no shell; it runs one toolbox command at a time (curl, wget,"
                        + " nslookup, ping, nc, hostname, cat /etc/resolv.conf). Run the cluster with --backend docker for a real shell.");
                return 126;
            }
            argv = SimToolbox.words(argv.get(2));
        }
        if (argv.isEmpty()) {
            err.println("sim exec: no command");
            return 126;
        }
        SimToolbox tools = new SimToolbox(pod, state.get(), backend.get() instanceof SimBackend s ? s.plan() : null,
                this::probe, out, err);
        return tools.run(argv);
    }

    /** One probe from the Pod; its packets go to the app's view. */
    private ProbeResult probe(ProbeRequest request) {
        EmulatorBackend b = backend.get();
        if (b == null) {
            throw new IllegalStateException("the cluster's network is not running");
        }
        ProbeResult r = b.probe(request);
        animate.accept(r.hops());
        return r;
    }

    /**
     * A sim Pod runs no process, so what it answers is its application model: the request kubectl forwards is
     * read up to the end of its HTTP head, then one probe from the Pod to its own port decides (its packets
     * animated): an HTTP answer where a container serves that port, else the kubelet's "connection refused".
     * The answer closes the connection ({@code Connection: close}); bytes that are not HTTP get an error.
     */
    @Override
    public String portForward(Pod pod, int port, InputStream fromClient, OutputStream toClient) throws IOException {
        subscribe();
        String head = httpHead(fromClient);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^([A-Z]+) (\\S+) HTTP/1\\.[01]\r?\n").matcher(head);
        if (!m.find()) {
            return head.isEmpty() ? null : "error forwarding port " + port + " to pod " + pod.name() + ": the sim backend"
                    + " answers HTTP requests only (run the cluster with --backend docker to forward other protocols)";
        }
        StringBuilder err = new StringBuilder();
        SimToolbox tools = new SimToolbox(pod, state.get(), backend.get() instanceof SimBackend s ? s.plan() : null,
                this::probe, new PrintStream(OutputStream.nullOutputStream()), new PrintStream(OutputStream.nullOutputStream()));
        SimToolbox.LocalAnswer a = tools.local(port, m.group(2));
        if (a.status() == null) {
            ProbeResult r = a.probe();
            err.append("error forwarding port ").append(port).append(" to pod ").append(pod.name()).append(", uid ")
                    .append(pod.uid()).append(": failed to connect to localhost:").append(port).append(" inside the Pod: ")
                    .append(r.outcome() == ProbeResult.Outcome.REFUSED ? "connection refused" : "connection timed out");
            if (r.reason() != null) {
                err.append(" (kubecanvas: ").append(r.reason()).append(')');
            }
            return err.toString();
        }
        byte[] body = (m.group(1).equals("HEAD") ? "" : a.body() + "\n").getBytes(StandardCharsets.UTF_8);
        String reason = a.status().equals("200") ? "OK" : "";
        String response = "HTTP/1.1 " + a.status() + " " + reason + "\r\n"
                + "Server: kubecanvas-sim (" + a.probe().answeredBy() + ")\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n\r\n";
        toClient.write(response.getBytes(StandardCharsets.US_ASCII));
        toClient.write(body);
        toClient.flush();
        return null;
    }

    /** The request's head (up to the blank line), or what came before the client ended; at most 64 KiB. */
    private static String httpHead(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while (b.length() < 64 * 1024 && (c = in.read()) >= 0) {
            b.append((char) c);
            int n = b.length();
            if (n >= 4 && b.charAt(n - 1) == '\n' && (b.charAt(n - 2) == '\n' || b.charAt(n - 3) == '\n' && b.charAt(n - 2) == '\r')) {
                break;
            }
            if (n == 1 && (c < 'A' || c > 'Z')) {
                break; // not an HTTP request line
            }
        }
        return b.toString();
    }
}
