package io.kubecanvas.emulator.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Who keeps a cluster alive, written into its labels: {@code pid:startMillis@bootId} of the foreground
 * process (a cluster whose process is gone is an orphan), or {@code detached} for {@code up --detach}
 * (lives until {@code down}). The start time guards against a reused PID; the boot id against a reboot.
 */
public final class OwnerId {
    private OwnerId() {
    }

    public static String current() {
        ProcessHandle self = ProcessHandle.current();
        long start = self.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
        return self.pid() + ":" + start + "@" + bootId();
    }

    /** Is the owner still there? Detached clusters always are; unknown formats are treated as alive. */
    public static boolean alive(String owner) {
        if (owner == null || owner.isBlank() || Labels.DETACHED.equals(owner)) {
            return true;
        }
        int colon = owner.indexOf(':');
        int at = owner.indexOf('@');
        if (colon < 0 || at < colon) {
            return true;
        }
        String boot = owner.substring(at + 1);
        if (!boot.equals(bootId())) {
            return false;
        }
        long pid;
        long start;
        try {
            pid = Long.parseLong(owner.substring(0, colon));
            start = Long.parseLong(owner.substring(colon + 1, at));
        } catch (NumberFormatException e) {
            return true;
        }
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty() || !p.get().isAlive()) {
            return false;
        }
        long actual = p.get().info().startInstant().map(java.time.Instant::toEpochMilli).orElse(start);
        return Math.abs(actual - start) < 2000;
    }

    static String bootId() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
