package io.kubecanvas.apiserver;

import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.backend.Protocol;
import io.kubecanvas.emulator.plan.DnsTable;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.state.ClusterState;

import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The commands {@code kubectl exec} runs in a sim Pod, each written like its busybox or curl namesake
 * (the same output shapes and exit codes: curl 6 for a name that does not resolve, 7 for a refused
 * connection, 28 for a time-out) and each a probe from the Pod through the simulated dataplane. When a
 * connection fails, one extra stderr line starting {@code # kubecanvas:} says where the sim saw the packet
 * die, which a real tool cannot know.
 */
final class SimToolbox {
    static final List<String> COMMANDS = List.of("curl", "wget", "nslookup", "ping", "nc", "hostname", "cat", "echo", "true");

    private final PodRuntime.Pod pod;
    private final ClusterState state;
    private final NetworkPlan plan;
    private final Function<ProbeRequest, ProbeResult> probe;
    private final PrintStream out;
    private final PrintStream err;

    SimToolbox(PodRuntime.Pod pod, ClusterState state, NetworkPlan plan, Function<ProbeRequest, ProbeResult> probe,
               PrintStream out, PrintStream err) {
        this.pod = pod;
        this.state = state;
        this.plan = plan;
        this.probe = probe;
        this.out = out;
        this.err = err;
    }

    int run(List<String> argv) {
        String cmd = argv.get(0);
        int slash = cmd.lastIndexOf('/');
        String name = slash >= 0 ? cmd.substring(slash + 1) : cmd;
        List<String> args = argv.subList(1, argv.size());
        try {
            return switch (name) {
                case "curl" -> curl(args);
                case "wget" -> wget(args);
                case "nslookup" -> nslookup(args);
                case "ping" -> ping(args);
                case "nc", "netcat" -> nc(args);
                case "hostname" -> {
                    out.println(pod.name());
                    yield 0;
                }
                case "cat" -> cat(args);
                case "echo" -> {
                    out.println(String.join(" ", args));
                    yield 0;
                }
                case "true" -> 0;
                default -> {
                    err.println("sim exec: \"" + cmd + "\" is not in the sim backend's toolbox. A sim Pod runs no processes;"
                            + " its toolbox has " + String.join(", ", COMMANDS) + ", each run as a probe from the Pod."
                            + " Run the cluster with --backend docker for real containers.");
                    yield 127;
                }
            };
        } catch (UsageException e) {
            err.println(name + ": " + e.getMessage());
            return e.code;
        }
    }

    private static final class UsageException extends RuntimeException {
        final int code;

        UsageException(String message, int code) {
            super(message);
            this.code = code;
        }
    }

    // ---- names -------------------------------------------------------------------------------------

    /** What a name resolves to from this Pod: the first search-path candidate with an A record. */
    private record Resolved(String name, String fqdn, List<String> addresses) {
        boolean found() {
            return !addresses.isEmpty();
        }
    }

    private Resolved resolve(String host) {
        if (host.equals("localhost")) {
            return new Resolved(host, host, List.of("127.0.0.1"));
        }
        if (io.kubecanvas.model.net.Ipv4.isAddress(host)) {
            return new Resolved(host, host, List.of(host));
        }
        DnsTable dns = plan == null ? null : plan.dns();
        if (dns == null) {
            return new Resolved(host, host, List.of());
        }
        for (String candidate : dns.candidates(host, pod.namespace())) {
            List<String> a = dns.lookupA(candidate);
            if (!a.isEmpty()) {
                return new Resolved(host, candidate, a);
            }
        }
        return new Resolved(host, dns.candidates(host, pod.namespace()).get(0), List.of());
    }

    /** The probe's target for a host: a Service name as written (so the sim shows the DNS lookup), else the address. */
    private String target(String host, Resolved r) {
        if (r.addresses().get(0).equals("127.0.0.1")) {
            return pod.namespace() + "/" + pod.name();
        }
        for (ClusterState.ServiceState s : state.services()) {
            if (r.addresses().contains(s.clusterIp()) && r.fqdn().startsWith(s.name() + "." + s.namespace() + ".svc")) {
                return host;
            }
        }
        return r.addresses().get(0);
    }

    private ProbeResult connect(String host, int port, Protocol protocol) {
        Resolved r = resolve(host);
        if (!r.found()) {
            return null;
        }
        return probe.apply(new ProbeRequest(pod.namespace() + "/" + pod.name(), target(host, r), port, protocol));
    }

    private void explain(ProbeResult r) {
        if (r != null && !r.delivered()) {
            err.println("# kubecanvas: " + r.outcome().word() + (r.reason() == null ? "" : ": " + r.reason()));
        }
    }

    // ---- curl and wget -------------------------------------------------------------------------------

    private record Url(String scheme, String host, int port, String path) {
    }

    private static Url url(String text) {
        String t = text.contains("://") ? text : "http://" + text;
        URI u;
        try {
            u = URI.create(t);
        } catch (IllegalArgumentException e) {
            throw new UsageException("(3) URL rejected: Malformed input to a URL function", 3);
        }
        if (u.getHost() == null) {
            throw new UsageException("(3) URL rejected: No host part in the URL", 3);
        }
        boolean https = "https".equalsIgnoreCase(u.getScheme());
        int port = u.getPort() > 0 ? u.getPort() : https ? 443 : 80;
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        return new Url(https ? "https" : "http", u.getHost(), port, path);
    }

    /** What one HTTP request to the Pod's own port gets (kubectl port-forward): the probe, and curl's status and body. */
    record LocalAnswer(ProbeResult probe, String status, String body) {
    }

    LocalAnswer local(int port, String path) {
        ProbeResult r = connect("127.0.0.1", port, Protocol.TCP);
        if (!r.delivered()) {
            return new LocalAnswer(r, null, null);
        }
        String status = r.reason() != null && r.reason().startsWith("HTTP ") ? r.reason().substring(5, 8) : "200";
        return new LocalAnswer(r, status, status.equals("200") ? body(r, new Url("http", "localhost", port, path)) : r.reason());
    }

    private String body(ProbeResult r, Url u) {
        return "KubeCanvas sim: " + r.answeredBy() + " answered GET " + u.path() + " (HTTP/1.1 200 OK, from "
                + pod.namespace() + "/" + pod.name() + " via " + r.address() + ")";
    }

    private int curl(List<String> args) {
        boolean silent = false;
        boolean showErrors = false;
        boolean verbose = false;
        boolean head = false;
        boolean include = false;
        boolean fail = false;
        String output = null;
        String writeOut = null;
        String target = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "-s", "--silent" -> silent = true;
                case "-S", "--show-error" -> showErrors = true;
                case "-sS", "-Ss" -> {
                    silent = true;
                    showErrors = true;
                }
                case "-v", "--verbose" -> verbose = true;
                case "-I", "--head" -> head = true;
                case "-i", "--include" -> include = true;
                case "-f", "--fail", "-sf", "-fs", "-fsS", "-sSf" -> {
                    fail = true;
                    if (a.contains("s")) {
                        silent = true;
                    }
                    if (a.contains("S")) {
                        showErrors = true;
                    }
                }
                case "-o", "--output" -> output = value(args, ++i, "curl: option -o: requires parameter");
                case "-w", "--write-out" -> writeOut = value(args, ++i, "curl: option -w: requires parameter");
                case "-m", "--max-time", "--connect-timeout", "-H", "--header", "-X", "--request", "-d", "--data", "-A",
                        "--user-agent", "--retry" -> value(args, ++i, "curl: option " + a + ": requires parameter");
                case "-k", "--insecure", "-L", "--location", "-4", "--http1.1", "-N", "--no-buffer" -> {
                }
                default -> {
                    if (a.startsWith("-")) {
                        throw new UsageException("option " + a + ": is unknown to the sim's curl (it knows -s -S -v -i -I -f -o -w -m)", 2);
                    }
                    target = a;
                }
            }
        }
        if (target == null) {
            throw new UsageException("try 'curl --help' for more information (no URL given)", 2);
        }
        Url u = url(target);
        Resolved res = resolve(u.host());
        if (!res.found()) {
            if (!silent || showErrors) {
                err.println("curl: (6) Could not resolve host: " + u.host());
            }
            err.println("# kubecanvas: no DNS record for " + u.host() + " from namespace " + pod.namespace()
                    + " (tried " + String.join(", ", plan == null ? List.of() : plan.dns().candidates(u.host(), pod.namespace())) + ")");
            return 6;
        }
        ProbeResult r = connect(u.host(), u.port(), Protocol.TCP);
        String ip = res.addresses().get(0);
        if (verbose) {
            err.println("*   Trying " + ip + ":" + u.port() + "...");
        }
        if (r.delivered()) {
            String status = r.reason() != null && r.reason().startsWith("HTTP ") ? r.reason().substring(5, 8) : "200";
            if (verbose) {
                err.println("* Connected to " + u.host() + " (" + ip + ") port " + u.port());
                err.println("> GET " + u.path() + " HTTP/1.1");
                err.println("> Host: " + u.host());
                err.println(">");
                err.println("< HTTP/1.1 " + status);
            }
            boolean toNull = "/dev/null".equals(output);
            if (head || include) {
                out.println("HTTP/1.1 " + status + (status.equals("200") ? " OK" : ""));
                out.println("Server: kubecanvas-sim (" + r.answeredBy() + ")");
                out.println();
            }
            if (!head && !toNull) {
                out.println(status.equals("200") ? body(r, u) : r.reason());
            }
            if (writeOut != null) {
                out.print(writeOut.replace("%{http_code}", status).replace("%{remote_ip}", ip)
                        .replace("%{remote_port}", String.valueOf(u.port())).replace("\\n", "\n"));
                out.flush();
            }
            return fail && !status.startsWith("2") && !status.startsWith("3") ? 22 : 0;
        }
        int code = r.outcome() == ProbeResult.Outcome.REFUSED ? 7 : 28;
        if (writeOut != null) {
            out.print(writeOut.replace("%{http_code}", "000").replace("%{remote_ip}", "").replace("\\n", "\n"));
            out.flush();
        }
        if (!silent || showErrors) {
            err.println(code == 7 ? "curl: (7) Failed to connect to " + u.host() + " port " + u.port() + " after 0 ms: Couldn't connect to server"
                    : "curl: (28) Failed to connect to " + u.host() + " port " + u.port() + " after 10002 ms: Timeout was reached");
        }
        explain(r);
        return code;
    }

    private int wget(List<String> args) {
        boolean quiet = false;
        boolean stdout = false;
        boolean spider = false;
        String target = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "-q", "--quiet" -> quiet = true;
                case "-qO-", "-qO", "-q0-" -> {
                    quiet = true;
                    stdout = true;
                }
                case "-O-", "--output-document=-" -> stdout = true;
                case "-O" -> stdout = "-".equals(value(args, ++i, "wget: option requires an argument -- 'O'"));
                case "--spider", "-S" -> spider = true;
                case "-T", "--timeout" -> value(args, ++i, "wget: option requires an argument -- 'T'");
                default -> {
                    if (a.startsWith("-T") || a.startsWith("--timeout=")) {
                        continue;
                    }
                    if (a.startsWith("-")) {
                        throw new UsageException("unrecognized option '" + a + "' (the sim's wget knows -q -O- --spider -T)", 1);
                    }
                    target = a;
                }
            }
        }
        if (target == null) {
            throw new UsageException("missing URL", 1);
        }
        Url u = url(target);
        Resolved res = resolve(u.host());
        if (!res.found()) {
            err.println("wget: bad address '" + u.host() + "'");
            return 1;
        }
        String ip = res.addresses().get(0);
        if (!quiet) {
            err.println("Connecting to " + u.host() + " (" + ip + ":" + u.port() + ")");
        }
        ProbeResult r = connect(u.host(), u.port(), Protocol.TCP);
        if (r.delivered()) {
            String status = r.reason() != null && r.reason().startsWith("HTTP ") ? r.reason().substring(5, 8) : "200";
            if (!status.equals("200")) {
                err.println("wget: server returned error: HTTP/1.1 " + r.reason().substring(5));
                return 1;
            }
            if (spider) {
                if (!quiet) {
                    err.println("remote file exists");
                }
            } else if (stdout) {
                if (!quiet) {
                    err.println("writing to stdout");
                }
                out.println(body(r, u));
            } else if (!quiet) {
                err.println("saving to 'index.html' (sim: nothing is saved; use wget -qO- to print the answer)");
                err.println("'index.html' saved");
            }
            return 0;
        }
        err.println(r.outcome() == ProbeResult.Outcome.REFUSED ? "wget: can't connect to remote host (" + ip + "): Connection refused"
                : "wget: download timed out");
        explain(r);
        return 1;
    }

    // ---- DNS, ping and nc -------------------------------------------------------------------------

    private int nslookup(List<String> args) {
        List<String> names = args.stream().filter(a -> !a.startsWith("-")).toList();
        if (names.isEmpty()) {
            throw new UsageException("usage: nslookup HOST [DNS_SERVER]", 1);
        }
        String dnsIp = plan == null ? "10.96.0.10" : plan.dns().serviceIp();
        // The query travels to the cluster DNS as a datagram, so the app shows the lookup.
        probe.apply(new ProbeRequest(pod.namespace() + "/" + pod.name(), dnsIp, 53, Protocol.UDP));
        out.println("Server:\t\t" + dnsIp);
        out.println("Address:\t" + dnsIp + ":53");
        out.println();
        Resolved r = resolve(names.get(0));
        if (!r.found()) {
            out.println("** server can't find " + r.fqdn() + ": NXDOMAIN");
            out.println();
            return 1;
        }
        for (String a : r.addresses()) {
            out.println("Name:\t" + r.fqdn());
            out.println("Address: " + a);
        }
        out.println();
        return 0;
    }

    private int ping(List<String> args) {
        int count = 4;
        String host = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-c")) {
                count = Integer.parseInt(value(args, ++i, "option requires an argument -- 'c'"));
            } else if (a.startsWith("-c") && a.length() > 2) {
                count = Integer.parseInt(a.substring(2));
            } else if (a.equals("-W") || a.equals("-w") || a.equals("-i") || a.equals("-s")) {
                value(args, ++i, "option requires an argument -- '" + a.substring(1) + "'");
            } else if (!a.startsWith("-")) {
                host = a;
            }
        }
        if (host == null) {
            throw new UsageException("usage: ping [-c COUNT] HOST", 1);
        }
        Resolved r = resolve(host);
        if (!r.found()) {
            err.println("ping: bad address '" + host + "'");
            return 1;
        }
        String ip = r.addresses().get(0);
        out.println("PING " + host + " (" + ip + "): 56 data bytes");
        int received = 0;
        ProbeResult last = null;
        for (int seq = 0; seq < Math.max(1, Math.min(count, 100)); seq++) {
            last = probe.apply(new ProbeRequest(pod.namespace() + "/" + pod.name(), ip.equals("127.0.0.1")
                    ? pod.namespace() + "/" + pod.name() : ip, 0, Protocol.ICMP));
            if (last.delivered()) {
                received++;
                out.println("64 bytes from " + ip + ": seq=" + seq + " ttl=64 time=0.100 ms");
            }
        }
        int sent = Math.max(1, Math.min(count, 100));
        out.println();
        out.println("--- " + host + " ping statistics ---");
        out.println(sent + " packets transmitted, " + received + " packets received, "
                + Math.round(100.0 * (sent - received) / sent) + "% packet loss");
        if (received == 0) {
            explain(last);
        }
        return received > 0 ? 0 : 1;
    }

    private int nc(List<String> args) {
        boolean udp = false;
        boolean verbose = false;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-w") || a.equals("-i")) {
                value(args, ++i, "option requires an argument -- '" + a.substring(1) + "'");
            } else if (a.startsWith("-")) {
                udp |= a.contains("u");
                verbose |= a.contains("v");
            } else {
                rest.add(a);
            }
        }
        if (rest.size() < 2) {
            throw new UsageException("usage: nc [-zv] [-u] HOST PORT", 1);
        }
        String host = rest.get(0);
        int port;
        try {
            port = Integer.parseInt(rest.get(1));
        } catch (NumberFormatException e) {
            throw new UsageException("bad port '" + rest.get(1) + "'", 1);
        }
        Resolved res = resolve(host);
        if (!res.found()) {
            err.println("nc: bad address '" + host + "'");
            return 1;
        }
        String where = host + " (" + res.addresses().get(0) + ":" + port + ")";
        ProbeResult r = connect(host, port, udp ? Protocol.UDP : Protocol.TCP);
        if (r.delivered()) {
            if (verbose) {
                err.println(where + " open");
            }
            return 0;
        }
        err.println("nc: " + where + ": " + (r.outcome() == ProbeResult.Outcome.REFUSED ? "Connection refused" : "Connection timed out"));
        explain(r);
        return 1;
    }

    private int cat(List<String> args) {
        int code = 0;
        for (String f : args) {
            switch (f) {
                case "/etc/resolv.conf" -> {
                    DnsTable dns = plan == null ? null : plan.dns();
                    if (dns != null) {
                        out.println("search " + String.join(" ", dns.searchPath(pod.namespace())));
                        out.println("nameserver " + dns.serviceIp());
                        out.println("options ndots:5");
                    }
                }
                case "/etc/hostname" -> out.println(pod.name());
                case "/etc/hosts" -> {
                    out.println("127.0.0.1\tlocalhost");
                    if (pod.ip() != null) {
                        out.println(pod.ip() + "\t" + pod.name());
                    }
                }
                default -> {
                    err.println("cat: can't open '" + f + "': the sim backend has no files besides /etc/resolv.conf,"
                            + " /etc/hostname and /etc/hosts");
                    code = 1;
                }
            }
        }
        return code;
    }

    private static String value(List<String> args, int i, String missing) {
        if (i >= args.size()) {
            throw new UsageException(missing, 2);
        }
        return args.get(i);
    }

    /** Shell-like words: spaces split, single and double quotes group. */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean any = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                any = true;
            } else if (Character.isWhitespace(c)) {
                if (cur.length() > 0 || any) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0 || any) {
            out.add(cur.toString());
        }
        return out;
    }
}
