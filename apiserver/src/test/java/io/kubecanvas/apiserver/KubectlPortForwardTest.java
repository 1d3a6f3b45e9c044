package io.kubecanvas.apiserver;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real {@code kubectl port-forward} (1.32 on PATH and 1.35 from tools/, both tunnelling SPDY in a WebSocket, and
 * 1.32 with KUBECTL_PORT_FORWARD_WEBSOCKETS=false on a plain SPDY upgrade, as kubectl 1.30 and older do) against a
 * sim cluster: an HTTP request to the local port gets the sim Pod's answer, to a Pod and to a
 * Service; a port where nothing listens gets the kubelet's "connection refused" in kubectl's output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlPortForwardTest {
    private static final Pattern FORWARDING = Pattern.compile("Forwarding from 127\\.0\\.0\\.1:(\\d+) -> (\\d+)");
    private ServedSeed served;
    private EmulatedCluster cluster;
    private ApiServer api;
    private Credentials creds;
    private Path dir;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        served = ServedSeed.start("pf");
        cluster = served.cluster();
        creds = served.creds();
        api = served.api();
    }

    @AfterAll
    void stop() {
        if (served != null) {
            served.close();
        }
    }

    /** kubectl 1.32 and 1.35 tunnelling SPDY in a WebSocket, and 1.32 on a plain SPDY upgrade (what kubectl 1.30 and older do). */
    static Stream<Arguments> kubectls() {
        return Stream.of(Arguments.of(Kubectl.binary(), false), Arguments.of(Kubectl.newer(), false), Arguments.of(Kubectl.binary(), true));
    }

    private Kubectl kubectl(String binary, boolean plainSpdy) throws IOException {
        Path home = Files.createTempDirectory(dir, "kubectl");
        return new Kubectl(home, served.kubeconfig(), binary,
                plainSpdy ? Map.of("KUBECTL_PORT_FORWARD_WEBSOCKETS", "false") : Map.of());
    }

    @ParameterizedTest(name = "{0}, plain SPDY: {1}")
    @MethodSource("kubectls")
    void aPodsPortAnswersOnTheLocalPort(String binary, boolean plainSpdy) throws Exception {
        Kubectl kubectl = kubectl(binary, plainSpdy);
        String pod = kubectl.ok("get", "pods", "-l", "app=web-app", "-o", "jsonpath={.items[0].metadata.name}");
        Path out = Files.createTempFile(dir, "pf", ".txt");
        Process pf = kubectl.start(out, "port-forward", "pod/" + pod, ":80");
        try {
            int local = localPort(out, pf);
            String first = get(local, "/hello");
            assertTrue(first.startsWith("HTTP/1.1 200 OK\r\n"), first);
            assertTrue(first.contains("KubeCanvas sim: default/" + pod + " answered GET /hello"), first);
            // each connection is its own pair of streams: a second one works the same
            assertTrue(get(local, "/again").contains("answered GET /again"));
            assertTrue(Files.readString(out).contains("Handling connection for " + local), Files.readString(out));
            assertTrue(pf.isAlive(), "kubectl port-forward keeps running between connections");
        } finally {
            pf.destroy();
            pf.waitFor();
        }
        assertTrue(kubectl.ok("logs", pod).contains("\"GET / HTTP/1.1\" 200"), "the Pod logged the forwarded requests");
    }

    @ParameterizedTest(name = "{0}, plain SPDY: {1}")
    @MethodSource("kubectls")
    void aServiceForwardsToOneOfItsPods(String binary, boolean plainSpdy) throws Exception {
        Kubectl kubectl = kubectl(binary, plainSpdy);
        List<String> pods = List.of(kubectl.ok("get", "pods", "-l", "app=web-app", "-o",
                "jsonpath={range .items[*]}{.metadata.name}{\"\\n\"}{end}").split("\n"));
        Path out = Files.createTempFile(dir, "pf", ".txt");
        Process pf = kubectl.start(out, "port-forward", "svc/web-service", ":80");
        try {
            String answer = get(localPort(out, pf), "/");
            Matcher m = Pattern.compile("KubeCanvas sim: default/(\\S+) answered GET /").matcher(answer);
            assertTrue(m.find(), answer);
            assertTrue(pods.contains(m.group(1)), m.group(1) + " is one of " + pods);
        } finally {
            pf.destroy();
            pf.waitFor();
        }
    }

    @ParameterizedTest(name = "{0}, plain SPDY: {1}")
    @MethodSource("kubectls")
    void aPortWhereNothingListensIsRefused(String binary, boolean plainSpdy) throws Exception {
        Kubectl kubectl = kubectl(binary, plainSpdy);
        String pod = kubectl.ok("get", "pods", "-l", "app=web-app", "-o", "jsonpath={.items[0].metadata.name}");
        Path out = Files.createTempFile(dir, "pf", ".txt");
        Process pf = kubectl.start(out, "port-forward", "pod/" + pod, ":9999");
        try {
            int local = localPort(out, pf);
            String answer;
            try {
                answer = get(local, "/");
            } catch (java.net.SocketException reset) {
                answer = ""; // kubectl resets the local connection when the Pod's side failed
            }
            assertEquals("", answer, "no answer comes back from a refused port");
            waitForText(kubectl.backgroundErr(), "failed to connect to localhost:9999 inside the Pod: connection refused");
        } finally {
            pf.destroy();
            pf.waitFor();
        }
    }

    /** Waits up to 10 s for {@code text} in a kubectl's stderr file. */
    static void waitForText(Path err, String text) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline && !(Files.exists(err) && Files.readString(err).contains(text))) {
            Thread.sleep(100);
        }
        assertTrue(Files.exists(err) && Files.readString(err).contains(text),
                "kubectl says why: " + (Files.exists(err) ? Files.readString(err) : "(no stderr)"));
    }

    /** The local port kubectl chose, from its "Forwarding from" line. */
    static int localPort(Path out, Process pf) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            Matcher m = FORWARDING.matcher(Files.readString(out));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!pf.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("kubectl port-forward did not start (exit " + (pf.isAlive() ? "-" : pf.exitValue()) + "): "
                + Files.readString(out));
    }

    /** One HTTP/1.1 request over a plain socket to the forwarded port; everything that came back. */
    static String get(int port, String path) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(15_000);
            OutputStream o = s.getOutputStream();
            o.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUser-Agent: test\r\nAccept: */*\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            o.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
