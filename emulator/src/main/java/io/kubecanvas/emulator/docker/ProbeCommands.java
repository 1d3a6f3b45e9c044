package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.backend.ProbeResult.Outcome;
import io.kubecanvas.emulator.backend.ProbeTarget;
import io.kubecanvas.emulator.backend.Protocol;
import io.kubecanvas.emulator.state.ClusterState;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real client commands a probe runs (curl for TCP, nc for UDP, ping for ICMP) and how their output
 * becomes a {@link ProbeResult}. Pure, so the mapping of exit codes and outputs is unit-tested.
 */
final class ProbeCommands {
    private static final Pattern RESULT = Pattern.compile("(?m)^RESULT (\\S+) (\\S*) rc=(\\d+)$");
    private static final Pattern XPOD = Pattern.compile("(?im)^X-Pod: *(\\S+)\\s*$");
    private static final Pattern BODY_POD = Pattern.compile("pod=(\\S+) namespace=(\\S+)");
    private static final Pattern SECTION = Pattern.compile("(?m)^### (\\d+)$");

    private ProbeCommands() {
    }

    /** A shell command printing the reply and, last, "RESULT <code> <address> rc=<exit>". */
    static String command(Protocol protocol, ProbeTarget t, boolean fromPod) {
        String host = t.dnsName() != null && fromPod ? t.dnsName() : t.ip();
        if (host == null) {
            host = t.dnsName();
        }
        return switch (protocol) {
            case UDP -> "out=$(echo probe | nc -u -w" + DockerBackend.MAX_TIME_S + " " + host + " " + t.port()
                    + " 2>&1); rc=$?; echo \"$out\"; echo \"RESULT udp " + host + ":" + t.port() + " rc=$rc\"";
            case ICMP -> "ping -c1 -W" + DockerBackend.MAX_TIME_S + " " + host + "; echo \"RESULT icmp " + host + " rc=$?\"";
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
                yield "curl -s -k --http0.9 --connect-timeout " + DockerBackend.CONNECT_TIMEOUT_S + " -m " + DockerBackend.MAX_TIME_S
                        + resolve + " -D - -o /dev/null -w 'RESULT %{http_code} %{remote_ip}:%{remote_port}' '" + url
                        + "'; rc=$?; echo \" rc=$rc\"";
            }
        };
    }

    /** The output of a batch script split at its "### i" lines. */
    static Map<Integer, String> sections(String stdout) {
        Map<Integer, String> out = new LinkedHashMap<>();
        Matcher m = SECTION.matcher(stdout);
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

    static ProbeResult result(ProbeRequest r, ProbeTarget t, String output, ClusterState state) {
        // curl's -w text follows the headers without a newline: put RESULT on its own line
        String text = output.replace("RESULT ", "\nRESULT ").replace(" rc=", " rc=");
        Matcher m = RESULT.matcher(text.replaceAll("(?m) +rc=", " rc="));
        String code = null;
        String address = null;
        int rc = -1;
        while (m.find()) {
            code = m.group(1);
            address = m.group(2);
            rc = Integer.parseInt(m.group(3));
        }
        Outcome outcome;
        String reason = null;
        String answeredBy = null;
        switch (r.protocol()) {
            case UDP -> {
                boolean replied = text.contains("pod=") || (rc == 0 && text.strip().length() > text.indexOf("RESULT") + 0
                        && !text.substring(0, Math.max(0, text.indexOf("RESULT"))).isBlank());
                if (replied) {
                    outcome = Outcome.DELIVERED;
                } else if (text.toLowerCase().contains("refused")) {
                    outcome = Outcome.REFUSED;
                    reason = "ICMP port unreachable";
                } else {
                    outcome = Outcome.TIMEOUT;
                    reason = "no answer";
                }
            }
            case ICMP -> {
                outcome = rc == 0 ? Outcome.DELIVERED : Outcome.TIMEOUT;
                reason = rc == 0 ? null : "no echo reply";
            }
            default -> {
                outcome = DockerBackend.outcomeOfCurl(rc);
                if (rc == 6) {
                    reason = "cannot resolve " + t.dnsName();
                } else if (rc == 7) {
                    reason = "connection refused";
                } else if (outcome == Outcome.TIMEOUT) {
                    reason = "no answer (a drop on the way, or nothing routes there)";
                } else if (code != null && !code.equals("200") && !code.equals("000")) {
                    reason = "HTTP " + code;
                }
            }
        }
        if (outcome == Outcome.DELIVERED) {
            Matcher x = XPOD.matcher(text);
            Matcher b = BODY_POD.matcher(text);
            if (x.find()) {
                answeredBy = x.group(1);
            } else if (b.find()) {
                answeredBy = b.group(2) + "/" + b.group(1);
            } else if (address != null) {
                answeredBy = ownerOf(address.replaceFirst(":\\d+$", ""), state);
            }
        }
        if (address != null && address.isEmpty()) {
            address = null;
        }
        return new ProbeResult(r, outcome, answeredBy, reason, address, List.of());
    }

    static String ownerOf(String ip, ClusterState state) {
        for (ClusterState.PodState p : state.pods()) {
            if (ip.equals(p.ip()) && !p.hostNetwork()) {
                return p.key();
            }
        }
        for (ClusterState.NodeState n : state.nodes()) {
            if (ip.equals(n.underlayIp())) {
                return "node/" + n.name();
            }
        }
        return ip;
    }
}
