package io.kubecanvas.emulator.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The node image {@code kubecanvas/node:<version>}: Debian bookworm with iproute2, iptables (nft), tcpdump,
 * conntrack, dnsmasq, nginx, curl, busybox, socat, openssl and the CNI plugins, plus the small scripts in
 * {@code assets/node-image/}. The version is a hash of that recipe, so the image is rebuilt only when the
 * recipe changes. No registry is needed: the root filesystem comes from mmdebstrap and is imported.
 */
public final class NodeImage {
    public static final String REPOSITORY = "kubecanvas/node";
    /** The recipe files, packaged from assets/node-image/ (see the emulator pom). */
    static final List<String> RECIPE_FILES = List.of("packages.txt", "kubecanvas-node", "kubecanvas-pause",
            "kubecanvas-standin", "kubecanvas-standin-http", "kubecanvas-standin-udp", "kubecanvas-standin-echo");
    private static final String RESOURCE_DIR = "/io/kubecanvas/emulator/docker/node-image/";
    /** Bumped when the build procedure below changes in a way that changes the image. */
    private static final String BUILD_PROCEDURE = "mmdebstrap-apt-bookworm-v1";

    private final DockerEngine engine;
    private final Map<String, byte[]> recipe;

    public NodeImage(DockerEngine engine) {
        this(engine, bundledRecipe());
    }

    NodeImage(DockerEngine engine, Map<String, byte[]> recipe) {
        this.engine = engine;
        this.recipe = recipe;
    }

    /** The recipe as packaged with the emulator. */
    public static Map<String, byte[]> bundledRecipe() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (String f : RECIPE_FILES) {
            try (InputStream in = NodeImage.class.getResourceAsStream(RESOURCE_DIR + f)) {
                if (in == null) {
                    throw new IllegalStateException("the node image recipe file " + f
                            + " is missing from the emulator's resources (assets/node-image/)");
                }
                m.put(f, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return m;
    }

    /** The version: a short hash of the recipe files and the build procedure. */
    public static String version(Map<String, byte[]> recipe) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(BUILD_PROCEDURE.getBytes(StandardCharsets.UTF_8));
            recipe.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
                md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(e.getValue());
                md.update((byte) 0);
            });
            return HexFormat.of().formatHex(md.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String version() {
        return version(recipe);
    }

    public String ref() {
        return REPOSITORY + ":" + version();
    }

    /** Debian packages named in the recipe (comments and blank lines skipped). */
    public List<String> packages() {
        List<String> out = new ArrayList<>();
        for (String line : new String(recipe.get("packages.txt"), StandardCharsets.UTF_8).split("\n")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                out.add(t);
            }
        }
        return out;
    }

    public boolean present() {
        return engine.imageExists(ref());
    }

    /** The image reference, building the image first when this recipe version is not present. */
    public String ensure(Consumer<String> progress) {
        if (!present()) {
            build(progress);
        }
        return ref();
    }

    /** The mmdebstrap command line that writes the root filesystem tar to stdout. */
    List<String> mmdebstrapCommand(Path recipeDir) {
        List<String> cmd = new ArrayList<>(List.of("mmdebstrap", "--quiet", "--variant=apt",
                "--include=" + String.join(",", packages()),
                "--dpkgopt=path-exclude=/usr/share/man/*", "--dpkgopt=path-exclude=/usr/share/doc/*",
                "--dpkgopt=path-exclude=/usr/share/locale/*", "--dpkgopt=path-include=/usr/share/doc/*/copyright",
                "--customize-hook=chroot \"$1\" update-alternatives --set iptables /usr/sbin/iptables-nft",
                "--customize-hook=chroot \"$1\" update-alternatives --set ip6tables /usr/sbin/ip6tables-nft"));
        StringBuilder copy = new StringBuilder("--customize-hook=copy-in");
        for (String f : RECIPE_FILES) {
            if (f.startsWith("kubecanvas-")) {
                copy.append(' ').append(recipeDir.resolve(f));
            }
        }
        cmd.add(copy.append(" /usr/local/bin").toString());
        cmd.add("bookworm");
        cmd.add("-");
        return cmd;
    }

    /** Builds the image with mmdebstrap and imports it (about half a minute with a warm apt cache). */
    public void build(Consumer<String> progress) {
        Path dir;
        try {
            dir = Files.createTempDirectory("kubecanvas-node-image");
            for (var e : recipe.entrySet()) {
                Path p = dir.resolve(e.getKey());
                Files.write(p, e.getValue());
                if (e.getKey().startsWith("kubecanvas-")) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        progress.accept("building " + ref() + " with mmdebstrap (Debian bookworm: " + String.join(" ", packages()) + ")");
        Process p;
        try {
            p = new ProcessBuilder(mmdebstrapCommand(dir)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run mmdebstrap (" + e.getMessage()
                    + "); install it with: apt-get install -y mmdebstrap");
        }
        try {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put(Labels.OWNED, "true");
            labels.put(Labels.RECIPE, version());
            List<String> changes = new ArrayList<>();
            changes.add("CMD [\"/usr/local/bin/kubecanvas-node\"]");
            labels.forEach((k, v) -> changes.add("LABEL " + k + "=" + v));
            engine.importImage(p.getInputStream(), REPOSITORY, version(), changes);
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("mmdebstrap failed (exit " + (p.isAlive() ? "timeout" : p.exitValue())
                        + "); see its messages above");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the node image");
        } finally {
            p.destroy();
            deleteTree(dir);
        }
        if (!present()) {
            throw new IllegalStateException("the node image " + ref() + " is not present after the build");
        }
        progress.accept("built " + ref());
    }

    private static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
