package io.kubecanvas.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The clusters whose API this machine serves, one folder each under {@code ~/.kubecanvas/clusters/NAME}
 * (or {@code $KUBECANVAS_HOME/clusters/NAME}): the credentials, and {@code server.json} (backend, URL,
 * pid). The serving process holds a lock on the folder's {@code lock} file for its whole life, so a
 * cluster whose process died, however it died, is known as gone (the lock is free) and is cleared by the
 * next {@code ls}, {@code up} or {@code down}: a crash leaves nothing behind that anything would use.
 */
public final class ServedClusters {
    /** One served cluster as its folder records it. */
    public record Entry(String name, String backend, String url, long pid, Instant started, List<String> design, boolean alive,
                        Path folder, Path kubeconfig) {
    }

    private ServedClusters() {
    }

    /** {@code $KUBECANVAS_HOME} (or the system property {@code kubecanvas.home}), else {@code ~/.kubecanvas}. */
    public static Path home() {
        String p = System.getProperty("kubecanvas.home");
        if (p == null || p.isBlank()) {
            p = System.getenv("KUBECANVAS_HOME");
        }
        return p == null || p.isBlank() ? Path.of(System.getProperty("user.home"), ".kubecanvas") : Path.of(p);
    }

    public static Path folder(String name) {
        return home().resolve("clusters").resolve(name);
    }

    /**
     * Claims the folder of cluster {@code name} for this process: the returned handle holds its lock until
     * closed (then the folder is removed).
     *
     * @throws IllegalStateException when a live process already serves that name
     */
    public static Claim claim(String name) throws IOException {
        Path dir = folder(name);
        Files.createDirectories(dir.getParent());
        if (!Files.exists(dir)) {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException e) {
                Files.createDirectory(dir);
            }
        }
        FileChannel ch = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw new IllegalStateException("a cluster named " + name + " is already served (see kubecanvas ls; end it with"
                    + " kubecanvas down " + name + ")");
        }
        // What a dead process left (credentials, server.json) is not reused.
        try (Stream<Path> old = Files.list(dir)) {
            for (Path p : old.toList()) {
                if (!p.getFileName().toString().equals("lock")) {
                    deleteTree(p);
                }
            }
        }
        return new Claim(name, dir, ch, lock);
    }

    /** The lock of a cluster folder, held by the process that serves it. */
    public static final class Claim implements AutoCloseable {
        private final String name;
        private final Path dir;
        private final FileChannel channel;
        private final FileLock lock;

        private Claim(String name, Path dir, FileChannel channel, FileLock lock) {
            this.name = name;
            this.dir = dir;
            this.channel = channel;
            this.lock = lock;
        }

        public Path folder() {
            return dir;
        }

        /** Records that the API is up: backend, URL, this process, the design files. */
        public void ready(String backend, String url, List<String> design, Path kubeconfig) throws IOException {
            ObjectNode o = ObjectRenderer.JSON.objectNode();
            o.put("name", name);
            o.put("backend", backend);
            o.put("url", url);
            o.put("pid", ProcessHandle.current().pid());
            o.put("started", Instant.now().toString());
            design.forEach(o.withArray("design")::add);
            if (kubeconfig != null) {
                o.put("kubeconfig", kubeconfig.toAbsolutePath().toString());
            }
            Credentials.write(dir.resolve("server.json"), ObjectRenderer.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o));
        }

        /** Removes the folder and lets go of the lock. */
        @Override
        public void close() {
            try {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path p : files.toList()) {
                        if (!p.getFileName().toString().equals("lock")) {
                            deleteTree(p);
                        }
                    }
                }
                Files.deleteIfExists(dir.resolve("lock"));
                lock.release();
                channel.close();
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // best effort at exit: the next ls clears what is left
            }
        }
    }

    /** Every cluster folder, alive or left by a dead process. */
    public static List<Entry> list() {
        Path root = home().resolve("clusters");
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.sorted().toList()) {
                Entry e = read(dir);
                if (e != null) {
                    out.add(e);
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    public static Entry find(String name) {
        return Files.isDirectory(folder(name)) ? read(folder(name)) : null;
    }

    private static Entry read(Path dir) {
        boolean alive = locked(dir);
        String name = dir.getFileName().toString();
        Path json = dir.resolve("server.json");
        if (!Files.exists(json)) {
            return new Entry(name, "?", null, -1, null, List.of(), alive, dir, null);
        }
        try {
            JsonNode o = ObjectRenderer.MAPPER.readTree(Files.readString(json));
            List<String> design = new ArrayList<>();
            o.path("design").forEach(d -> design.add(d.asText()));
            long pid = o.path("pid").asLong(-1);
            alive = alive && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            return new Entry(name, o.path("backend").asText("?"), o.path("url").asText(null), pid,
                    o.hasNonNull("started") ? Instant.parse(o.path("started").asText()) : null, design, alive, dir,
                    o.hasNonNull("kubeconfig") ? Path.of(o.path("kubeconfig").asText()) : null);
        } catch (IOException | RuntimeException e) {
            return new Entry(name, "?", null, -1, null, List.of(), alive, dir, null);
        }
    }

    /** True while some process holds the folder's lock. */
    private static boolean locked(Path dir) {
        Path lockFile = dir.resolve("lock");
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock l = ch.tryLock();
            if (l == null) {
                return true;
            }
            l.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // this very process holds it
        } catch (IOException e) {
            return false;
        }
    }

    /** Removes the folder of a cluster whose process is gone, and its kubeconfig context. */
    public static void clear(Entry dead) {
        try {
            if (dead.kubeconfig() != null) {
                Kubeconfig.remove(dead.kubeconfig(), dead.name());
            }
            deleteTree(dead.folder());
        } catch (IOException ignored) {
            // a file in use: the next clear gets it
        }
    }

    public static Credentials credentials(Entry e) throws IOException {
        return Credentials.load(e.folder().resolve("credentials"));
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
