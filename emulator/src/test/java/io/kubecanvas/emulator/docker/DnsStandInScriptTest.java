package io.kubecanvas.emulator.docker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node image's stand-in script as the cluster DNS stand-in, run by sh on this machine with a dnsmasq of the
 * test's own on PATH (it records its arguments, then waits): which records it starts with. A stand-in started again
 * in the same sandbox (the same parent) keeps the records the emulator pushed since; a new sandbox starts with its
 * own, not with what an earlier sandbox of a Pod of that name left.
 */
class DnsStandInScriptTest {

    @Test
    void aRestartKeepsThePushedRecordsAndANewSandboxStartsWithItsOwn(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("kubecanvas-standin");
        Files.write(script, NodeImage.bundledRecipe().get("kubecanvas-standin"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path fake = bin.resolve("dnsmasq");
        Files.writeString(fake, "#!/bin/sh\necho \"$@\" > " + dir.resolve("args") + "\nexec sleep 30\n");
        fake.toFile().setExecutable(true);
        Path dns = dir.resolve("dns");

        run(script, bin, dns, "10.96.0.1 kubernetes.default.svc.cluster.local\n");
        assertEquals("10.96.0.1 kubernetes.default.svc.cluster.local\n", Files.readString(dns.resolve("hosts")),
                "a new server starts with the plan's records");
        String args = Files.readString(dir.resolve("args"));
        assertTrue(args.contains("--pid-file=" + dns + "/dnsmasq.pid") && args.contains("--addn-hosts=" + dns + "/hosts")
                && args.contains("--local=/cluster.local/"), args);

        Files.writeString(dns.resolve("hosts"), "pushed since\n");
        run(script, bin, dns, "the records of its start\n");
        assertEquals("pushed since\n", Files.readString(dns.resolve("hosts")), "started again in the same sandbox: kept");

        Files.writeString(dns.resolve("sandbox"), "1\n"); // another sandbox (another pause) wrote these
        run(script, bin, dns, "a new sandbox's records\n");
        assertEquals("a new sandbox's records\n", Files.readString(dns.resolve("hosts")));
    }

    /** Starts the stand-in (this JVM its parent, as a Pod's pause is), lets dnsmasq start, then ends it as the pause does. */
    private static void run(Path script, Path bin, Path dns, String hosts) throws Exception {
        Path args = bin.getParent().resolve("args");
        Files.deleteIfExists(args);
        ProcessBuilder pb = new ProcessBuilder("setsid", "sh", script.toString()).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("DNS_DIR", dns.toString());
        pb.environment().put("DNS_DOMAIN", "cluster.local");
        pb.environment().put("DNS_HOSTS", hosts);
        pb.environment().put("DNS_SRV", "");
        pb.environment().put("PORTS", "");
        Process p = pb.start();
        try {
            for (int i = 0; i < 100 && !Files.exists(args); i++) {
                Thread.sleep(50);
            }
            assertTrue(Files.exists(args), "dnsmasq started: " + new String(p.getInputStream().readNBytes(
                    Math.max(0, p.getInputStream().available())), StandardCharsets.UTF_8));
        } finally {
            // the pause ends a stand-in by its process group (kill 0 in its trap takes dnsmasq too)
            new ProcessBuilder("kill", "-TERM", "--", "-" + p.pid()).start().waitFor(5, TimeUnit.SECONDS);
            p.waitFor(5, TimeUnit.SECONDS);
            p.destroyForcibly();
        }
    }
}
