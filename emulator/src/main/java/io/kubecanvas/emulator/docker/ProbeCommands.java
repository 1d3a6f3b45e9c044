package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.backend.ProbeResult.Outcome;
import io.kubecanvas.emulator.backend.ProbeTarget;
import io.kubecanvas.emulator.backend.Protocol;
import io.kubecanvas.emulator.plan.NetworkPlan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real client commands a probe runs and how their output becomes a {@link ProbeResult}, with the same
 * outcomes the sim gives: curl for TCP (HTTP, HTTPS through the Ingress controller), one UDP datagram and its answer
 * ({@code udp-ask.pl}; a closed port answers ICMP port unreachable: refused), a real DNS query for UDP to port 53, ping
 * for ICMP, and a real SCTP association for SCTP (socat SCTP4-CONNECT: INIT ... SHUTDOWN COMPLETE, an ABORT from a
 * port without a socket is a refusal). A kernel without SCTP is said so, never probed: creating an SCTP socket there
 * could make the kernel load its module, which KubeCanvas does not do. Pure, so the mapping of exit codes and outputs is unit-tested; the docker backend adds what only
 * the kernel knows (which policy rule dropped a packet, which node is down).
 */
final class ProbeCommands {
    /** How long a client waits to connect (TCP) or for an answer; a drop shows as this time-out. */
    static final int CONNECT_TIMEOUT_S = 1;
    static final int MAX_TIME_S = 3;

    /** Why an SCTP probe is not sent where the kernel lacks SCTP (no /proc/net/sctp: the sctp module is not loaded). */
    static final String NO_SCTP = "this machine's kernel has no SCTP support (module sctp not loaded); KubeCanvas does not"
            + " load kernel modules: load it yourself (modprobe sctp) where the kernel has it, or probe SCTP in the sim";
    /** The line the SCTP command prints instead of probing when the kernel has no SCTP. */
    static final String NO_SCTP_MARK = "NO-SCTP-IN-KERNEL";

    private static final Pattern RESULT = Pattern.compile("(?m)^RESULT (\\S+) (\\S*) rc=(\\d+)$");
    private static final Pattern XPOD = Pattern.compile("(?im)^X-Pod: *(\\S+)\\s*$");
    private static final Pattern XNODE = Pattern.compile("(?im)^X-Ingress-Node: *(\\S+)\\s*$");
    private static final Pattern XPEER = Pattern.compile("(?im)^X-Peer: *(\\S+)\\s*$");
    private static final Pattern XFF_RECEIVED = Pattern.compile("(?im)^X-Forwarded-For-Received: *(\\S+)\\s*$");
    private static final Pattern XROUTE = Pattern.compile("(?im)^X-Ingress-Route: *(\\S+)\\s*$");
    private static final Pattern BODY_POD = Pattern.compile("pod=(\\S+) namespace=(\\S+)");
    private static final Pattern DNS_HEX = Pattern.compile("(?m)^DNS ([0-9a-f]*)$");
    private static final Pattern SECTION = Pattern.compile("(?m)^### (\\d+)$");

    private ProbeCommands() {
    }

    /** The address (or name, from a Pod) the client connects to. */
    static String host(ProbeTarget t, boolean fromPod) {
        String host = t.dnsName() != null && fromPod ? t.dnsName() : t.ip();
        return host == null ? t.dnsName() : host;
    }

    /**
     * A shell command printing the reply and, last, "RESULT code address rc=exit"; {@code k} names its files
     * in the batch's working directory.
     */
    static String command(Protocol protocol, ProbeTarget t, boolean fromPod, int k) {
        String host = host(t, fromPod);
        if (protocol == Protocol.UDP && t.dnsQuery() != null) {
            return "printf '" + DnsWire.printfEscaped(DnsWire.query(0x4b43 + k, t.dnsQuery())) + "' > " + k + ".q; "
                    + udpAsk(host, t.port(), k + ".q") + " > " + k + ".a; rc=$?; "
                    + "echo \"DNS $(od -An -v -tx1 " + k + ".a | tr -d ' \\n')\"; echo \"RESULT dns " + host + ":" + t.port() + " rc=$rc\"";
        }
        return switch (protocol) {
            case UDP -> "out=$(" + udpAsk(host, t.port(), null) + " 2>&1); rc=$?; echo \"$out\"; echo \"RESULT udp " + host + ":" + t.port() + " rc=$rc\"";
            // /proc/net/sctp exists (in every network namespace) once the kernel's SCTP is loaded; without it
            // socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP) fails, or worse asks the kernel to load the module.
            // shut-none: SCTP has no half-close, so the client's end of input must not shut the association down
            // before the server's answer came; the server closes it (SHUTDOWN), and -t3 bounds the wait for that.
            case SCTP -> "if [ ! -e /proc/net/sctp ]; then echo " + NO_SCTP_MARK + "; echo \"RESULT sctp " + host + ":" + t.port()
                    + " rc=97\"; else out=$(echo probe | socat -t" + MAX_TIME_S + " -T" + MAX_TIME_S + " - SCTP4-CONNECT:" + host + ":"
                    + t.port() + ",connect-timeout=" + CONNECT_TIMEOUT_S + ",shut-none 2>&1); rc=$?; echo \"$out\"; "
                    + "echo \"RESULT sctp " + host + ":" + t.port() + " rc=$rc\"; fi";
            case ICMP -> "ping -n -c1 -W" + MAX_TIME_S + " " + host + "; echo \"RESULT icmp " + host + " rc=$?\"";
            default -> {
                String url;
                String resolve = "";
                if (t.kind() == ProbeTarget.Kind.URL) {
                    url = t.text();
                    resolve = " --resolve " + t.host() + ":" + t.port() + ":" + t.ip();
                    if (!url.matches("^https?://[^/]+:\\d+.*")) {
                        url = url.replaceFirst("^(https?://[^/]+)", "$1:" + t.port());
                    }
                } else {
                    url = "http://" + host + ":" + t.port() + "/";
                }
                // the body's start follows RESULT: a server that is not HTTP (a stand-in's echo) names itself there
                // -v only for the connect error: curl -sS says "Couldn't connect" for a refusal and a missing route alike
                yield "res=$(curl -sS -v -k --http0.9 --connect-timeout " + CONNECT_TIMEOUT_S + " -m " + MAX_TIME_S
                        + resolve + " -D - -o " + k + ".body -w 'RESULT %{http_code} %{remote_ip}:%{remote_port}' '" + url
                        + "' 2> " + k + ".err); rc=$?; grep -E -m2 'connect fail|Connection refused|No route to host|Network is unreachable' "
                        + k + ".err; echo \"$res rc=$rc\"; head -c 300 " + k + ".body 2>/dev/null";
            }
        };
    }

    /** How long a UDP or DNS probe waits for its answer (it ends as soon as the answer came). */
    static final int UDP_WAIT_S = 1;
    /** The program that sends one UDP datagram and prints the answer ({@code udp-ask.pl}, run by the image's perl). */
    static final String UDP_ASK_PROGRAM = readResource("udp-ask.pl");

    static {
        if (UDP_ASK_PROGRAM.indexOf('\'') >= 0) {
            throw new IllegalStateException("udp-ask.pl must not contain a single quote: the shell quotes it with them");
        }
    }

    /** A shell command sending {@code file}'s bytes (or "probe") to host:port over UDP and printing the answer. */
    private static String udpAsk(String host, int port, String file) {
        return "perl -e '" + UDP_ASK_PROGRAM + "' " + host + " " + port + " " + UDP_WAIT_S + (file == null ? "" : " " + file);
    }

    /** The program that pings many addresses from one process ({@code icmp-batch.pl}, run by the image's perl). */
    static final String PING_BATCH_PROGRAM = readResource("icmp-batch.pl");

    private static String readResource(String name) {
        try (java.io.InputStream in = ProbeCommands.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the emulator's resource " + name + " is missing");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A shell line starting (in the background) one process that pings every address of {@code ks} at once and
     * writes, for each, the section {@code ### k} with what {@link #command} would print for its ping; instead of
     * one ping process per probe (a source Pod probing 200 others).
     *
     * @param address the address probe {@code k} pings
     */
    static String pingBatch(List<Integer> ks, java.util.function.IntFunction<String> address, String outFile) {
        StringBuilder sb = new StringBuilder();
        for (int k : ks) {
            sb.append(' ').append(k).append(' ').append(address.apply(k));
        }
        return pinger(sb.toString().strip(), "> " + outFile + " 2>&1");
    }

    /**
     * A shell line starting (in the background) one process that pings for many sources of one node, each from its
     * own network namespace: {@code groups} expands to "@ NETNS OUT K IP ..." per source, and each source's sections
     * ({@code ### k}, as {@link #pingBatch} writes them) go to its OUT file.
     */
    static String pingGroups(String groups) {
        return pinger(groups, "2>&1");
    }

    /** The shell line that starts {@link #PING_BATCH_PROGRAM} in the background with {@code args}, its output {@code redirect}ed. */
    private static String pinger(String args, String redirect) {
        return "perl - " + MAX_TIME_S + " " + args + " " + redirect + " <<'KUBECANVAS_PERL' &\n" + PING_BATCH_PROGRAM
                + (PING_BATCH_PROGRAM.endsWith("\n") ? "" : "\n") + "KUBECANVAS_PERL\n";
    }

    /** The output of a batch script split at its "### i" lines. */
    static Map<Integer, String> sections(String stdout) {
        return sections(stdout, SECTION);
    }

    /** The output split at the lines {@code marker} matches, keyed by its first group (a number). */
    static Map<Integer, String> sections(String stdout, Pattern marker) {
        Map<Integer, String> out = new LinkedHashMap<>();
        Matcher m = marker.matcher(stdout);
        int lastIdx = -1;
        int lastEnd = 0;
        while (m.find()) {
            if (lastIdx >= 0) {
                out.put(lastIdx, stdout.substring(lastEnd, m.start()));
            }
            lastIdx = Integer.parseInt(m.group(1));
            lastEnd = m.end();
        }
        if (lastIdx >= 0) {
            out.put(lastIdx, stdout.substring(lastEnd));
        }
        return out;
    }

    /** The client's view: delivered (who answered), refused (how), or a time-out (nothing came back). */
    static ProbeResult result(ProbeRequest r, ProbeTarget t, String output, NetworkPlan plan) {
        // curl's -w text follows the headers without a newline: put RESULT on its own line
        String text = output.replace("RESULT ", "\nRESULT ").replaceAll("(?m) +rc=", " rc=");
        Matcher m = RESULT.matcher(text);
        String code = null;
        String address = null;
        int rc = -1;
        while (m.find()) {
            code = m.group(1);
            address = m.group(2);
            rc = Integer.parseInt(m.group(3));
        }
        String before = text.contains("\nRESULT ") ? text.substring(0, text.lastIndexOf("\nRESULT ")) : text;
        Outcome outcome;
        String reason = null;
        String answeredBy = null;
        if (r.protocol() == Protocol.UDP && t.dnsQuery() != null) {
            Matcher h = DNS_HEX.matcher(text);
            String hex = h.find() ? h.group(1) : "";
            DnsWire.Answer a = DnsWire.parse(hex);
            if (a != null) {
                outcome = Outcome.DELIVERED;
                reason = a.rcodeName() + " " + t.dnsQuery() + (a.cnames().isEmpty() ? "" : " CNAME " + String.join(", CNAME ", a.cnames()))
                        + (a.addresses().isEmpty() ? "" : " A " + String.join(", A ", a.addresses()));
                answeredBy = "cluster DNS";
            } else if (!hex.isEmpty()) {
                // something answered on port 53, but not with DNS (a Pod's UDP echo): its words name it
                outcome = Outcome.DELIVERED;
                reason = "answered, but not with DNS";
                text = new String(java.util.HexFormat.of().parseHex(hex.length() % 2 == 0 ? hex : hex.substring(1)),
                        java.nio.charset.StandardCharsets.ISO_8859_1);
            } else if (text.contains("Connection refused")) {
                outcome = Outcome.REFUSED;
                reason = "ICMP port unreachable";
            } else {
                outcome = Outcome.TIMEOUT;
                reason = "no answer within " + UDP_WAIT_S + " s";
            }
        } else {
            switch (r.protocol()) {
                case UDP -> {
                    if (before.contains("Connection refused")) {
                        outcome = Outcome.REFUSED;
                        reason = "ICMP port unreachable";
                    } else if (rc == 0 && !before.isBlank()) {
                        outcome = Outcome.DELIVERED;
                    } else {
                        outcome = Outcome.TIMEOUT;
                        reason = "no answer within " + UDP_WAIT_S + " s";
                    }
                }
                case SCTP -> {
                    if (before.contains(NO_SCTP_MARK)) {
                        // nothing was sent: the client's kernel cannot make an SCTP socket (as "node down": cannot send)
                        outcome = Outcome.DROPPED;
                        reason = "SCTP not sent from " + (r.fromNode() ? r.from().substring(5) : r.from()) + ": " + NO_SCTP;
                    } else if (before.contains("Connection refused")) {
                        outcome = Outcome.REFUSED;
                        reason = "association aborted (nothing listens there)";
                    } else if (before.contains("No route to host") || before.contains("Network is unreachable")) {
                        outcome = Outcome.DROPPED;
                        reason = "no route to host " + host(t, false) + " from " + (r.fromNode() ? r.from().substring(5) : r.from());
                    } else if (before.contains("Name or service not known") || before.contains("getaddrinfo")) {
                        outcome = Outcome.REFUSED;
                        reason = "cannot resolve " + t.dnsName() + " (NXDOMAIN for every search domain)";
                    } else if (rc == 0) {
                        outcome = Outcome.DELIVERED; // the association was set up, and shut down by the server
                    } else {
                        outcome = Outcome.TIMEOUT;
                        reason = "no answer within " + CONNECT_TIMEOUT_S + " s (INIT)";
                    }
                }
                case ICMP -> {
                    if (rc == 0) {
                        outcome = Outcome.DELIVERED;
                    } else if (before.contains("Unreachable")) {
                        outcome = Outcome.REFUSED;
                        reason = "ICMP unreachable";
                    } else {
                        outcome = Outcome.TIMEOUT;
                        reason = "no echo reply";
                    }
                }
                default -> {
                    switch (rc) {
                        case 0, 52, 56 -> outcome = Outcome.DELIVERED; // a socket answered (an empty reply or a reset after connecting too)
                        case 6 -> {
                            outcome = Outcome.REFUSED;
                            reason = "cannot resolve " + t.dnsName() + " (NXDOMAIN for every search domain)";
                        }
                        case 7 -> {
                            if (before.contains("No route to host") || before.contains("Network is unreachable")) {
                                outcome = Outcome.DROPPED;
                                reason = "no route to host " + host(t, false) + " from " + (r.fromNode() ? r.from().substring(5) : r.from());
                            } else {
                                outcome = Outcome.REFUSED;
                                reason = "connection refused";
                            }
                        }
                        default -> {
                            outcome = Outcome.TIMEOUT;
                            reason = "no answer within " + (rc == 28 && before.contains("Failed to connect")
                                    ? CONNECT_TIMEOUT_S + " s (connect)" : MAX_TIME_S + " s");
                        }
                    }
                    if (outcome == Outcome.DELIVERED && code != null && !code.equals("200") && !code.equals("000")) {
                        reason = "HTTP " + code;
                        Matcher route = XROUTE.matcher(text);
                        Matcher node = XNODE.matcher(text);
                        if (!XPOD.matcher(text).find() && node.find()) {
                            answeredBy = "ingress-controller@" + node.group(1);
                        }
                        if (route.find() && answeredBy != null) {
                            reason += " (" + route.group(1) + ")";
                        }
                    }
                }
            }
        }
        if (outcome == Outcome.DELIVERED && answeredBy == null) {
            Matcher x = XPOD.matcher(text);
            Matcher b = BODY_POD.matcher(text);
            if (x.find()) {
                answeredBy = x.group(1);
            } else if (b.find()) {
                answeredBy = b.group(2) + "/" + b.group(1);
            } else if (address != null && !address.isEmpty() && !address.startsWith(":")) {
                answeredBy = plan.ownerOf(address.replaceFirst(":\\d+$", ""));
            }
        }
        if (address != null && (address.isEmpty() || address.startsWith(":"))) {
            address = null;
        }
        String peer = null;
        String forwardedFor = null;
        if (outcome == Outcome.DELIVERED && "200".equals(code)) {
            Matcher pm = XPEER.matcher(text);
            Matcher fm = XFF_RECEIVED.matcher(text);
            peer = pm.find() ? pm.group(1) : null;
            forwardedFor = fm.find() ? fm.group(1) : null;
        }
        return new ProbeResult(r, outcome, answeredBy, reason, address, List.of(), peer, forwardedFor);
    }
}
