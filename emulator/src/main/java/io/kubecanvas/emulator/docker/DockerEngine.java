package io.kubecanvas.emulator.docker;

import java.io.Closeable;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The few things the docker backend asks of a container engine. {@link DockerJavaEngine} talks to a real
 * Docker engine; tests of the pure parts need none.
 */
public interface DockerEngine extends Closeable {

    /** A container as listed: id, name, labels, running or not, its addresses per network and published ports. */
    record ContainerInfo(String id, String name, Map<String, String> labels, boolean running, String state,
                         Map<String, String> addresses, Map<Integer, Integer> publishedTcp) {
        public String label(String key) {
            return labels.get(key);
        }
    }

    /** A network as listed; {@code internal}: no way out; {@code options}: the driver's settings. */
    record NetworkInfo(String id, String name, Map<String, String> labels, String subnet, boolean internal,
                       Map<String, String> options) {
        public NetworkInfo(String id, String name, Map<String, String> labels, String subnet) {
            this(id, name, labels, subnet, false, Map.of());
        }
    }

    record ExecResult(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    void ping();

    boolean imageExists(String ref);

    /** The labels of a local image, or null when it is not present. */
    Map<String, String> imageLabels(String ref);

    /** Imports a root filesystem tar as an image ({@code docker import}), with Dockerfile-style changes. */
    void importImage(InputStream rootfsTar, String repository, String tag, List<String> changes);

    /** A bridge network; {@code options} are the driver's ({@code com.docker.network.bridge.*}). */
    /**
     * Loads a {@code docker save} archive (images with their tags) and returns what it loaded
     * ({@code repo:tag} or an image id), so a classroom without a registry can bring images on a stick.
     *
     * @throws IllegalArgumentException with the engine's words when the archive is not one
     */
    List<String> loadImages(InputStream dockerSaveTar);

    String createNetwork(String name, String subnet, String gateway, boolean internal, Map<String, String> options,
                         Map<String, String> labels);

    List<NetworkInfo> networks(List<String> labelFilters);

    /** The routes of the machine the engine runs on, as far as this process sees them ({@code /proc/net/route}). */
    default List<Subnets.Taken> hostRoutes() {
        return Subnets.routes(java.nio.file.Path.of("/proc/net/route"));
    }

    void removeNetwork(String id);

    /** Creates and starts a container; on failure nothing of it is left. Returns its id. */
    String run(ContainerSpec spec);

    /** Runs each of {@code specs} ({@link #run}), their ids in order; an engine may start them together. */
    default List<String> runAll(List<ContainerSpec> specs) {
        return specs.stream().map(this::run).toList();
    }

    /**
     * {@link #runAll} of {@code specs}, then {@code then} (a command line) in the container {@code node}: in one exec
     * where the engine starts every one of the specs inside that node itself. The sandboxes' ids in order, and
     * then's result.
     */
    default RunThen runAllThen(List<ContainerSpec> specs, String node, List<String> then) {
        List<String> ids = specs.isEmpty() ? List.of() : runAll(specs);
        return new RunThen(ids, exec(node, then));
    }

    /** What {@link #runAllThen} started, and the result of the command run after. */
    record RunThen(List<String> ids, ExecResult then) {
    }

    List<ContainerInfo> containers(List<String> labelFilters);

    /**
     * The containers Docker itself lists, without the Pods that nodes run themselves (each carries its node's cluster
     * and owner labels, so its node stands for it): no node is asked for its Pods.
     */
    default List<ContainerInfo> dockerContainers(List<String> labelFilters) {
        return containers(labelFilters);
    }

    /** Every host address a container's ports are published on, as {@code IP:hostPort->port/proto}. */
    List<String> portBindings(String id);

    void start(String id);

    void stop(String id, int timeoutSeconds);

    void kill(String id);

    void remove(String id);

    /** A container's output so far (stdout and stderr as they came), its last {@code tail} lines (0: all). */
    String logs(String id, int tail);

    /** Runs a command in a container and waits for it. */
    ExecResult exec(String id, List<String> cmd);

    /** Runs a long command (tcpdump) and feeds each stdout line to {@code lines} until closed. */
    Closeable execStream(String id, List<String> cmd, Consumer<String> lines);

    /**
     * A container's output ({@code docker logs}): the last {@code tail} lines (all when negative), each
     * chunk to {@code chunks} as it comes; with {@code follow} until closed. For {@code kubectl logs}.
     */
    default Closeable logs(String id, boolean follow, int tail, Consumer<byte[]> chunks) {
        throw new UnsupportedOperationException("this engine does not read container logs");
    }

    /**
     * Runs a command with its stdin attached ({@code docker exec -i}): {@code stdin} is copied in until it
     * ends, stdout and stderr go to {@code output} as they come; returns the exit code. For {@code kubectl
     * port-forward} (a {@code nc} in the Pod's network namespace).
     */
    default int execAttached(String id, List<String> cmd, InputStream stdin, java.io.OutputStream stdout,
                             java.io.OutputStream stderr) {
        throw new UnsupportedOperationException("this engine does not attach to commands");
    }

    /**
     * Pulls an image from its registry ({@code docker pull}), each progress line ("Pulling fs layer",
     * "Downloading 12 MB/30 MB") to {@code progress}; returns when the image is present.
     *
     * @throws IllegalStateException with the engine's words when the pull fails (no registry, no such image)
     */
    default void pull(String ref, Consumer<String> progress) {
        throw new IllegalStateException("this engine does not pull images");
    }

    /**
     * Waits until a container exits and returns its exit code, or null when it still runs after {@code timeout}.
     */
    default Integer await(String id, java.time.Duration timeout) {
        throw new UnsupportedOperationException("this engine does not wait for containers");
    }

    /** The exit code of a container that exited, or null while it runs (or when it is gone). */
    default Integer exitCode(String id) {
        return null;
    }

    /** Writes files (path relative to {@code dir} to content) into a container. */
    void copyFiles(String id, String dir, Map<String, byte[]> files);

    /** Resident memory of a running container in bytes, or -1. */
    long memoryUsage(String id);

    @Override
    void close();
}
