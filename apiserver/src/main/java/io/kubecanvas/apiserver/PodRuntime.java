package io.kubecanvas.apiserver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * What the kubelet does for {@code kubectl exec}, {@code logs} and {@code port-forward}: run a command in a
 * Pod's container, show its output, open a connection to one of its ports
 * ({@code port-forward}). The sim backend has a small
 * toolbox and the requests a Pod served; the docker backend runs the real thing.
 */
public interface PodRuntime {

    /** The Pod a call is about, as the API server found it. */
    record Pod(String namespace, String name, String uid, String node, String ip, List<String> containers) {
    }

    /** {@code kubectl logs} options. */
    record LogOptions(boolean follow, int tailLines, boolean timestamps, long sinceSeconds) {
    }

    /**
     * Runs {@code command} in {@code container} and returns its exit code. {@code stdin} is null unless
     * the client sends input; output goes to {@code stdout} and {@code stderr} as it comes.
     *
     * @throws ApiException when the command cannot be started at all (say why)
     */
    int exec(Pod pod, String container, List<String> command, InputStream stdin, OutputStream stdout, OutputStream stderr,
             boolean tty) throws IOException;

    /**
     * Writes the container's log to {@code out}; with {@code follow}, keeps writing new lines until the
     * stream fails (the client went away).
     */
    void logs(Pod pod, String container, LogOptions options, OutputStream out) throws IOException;

    /**
     * One connection of {@code kubectl port-forward} to {@code port} of the Pod, made where the kubelet makes it
     * (inside the Pod, to localhost): sends what {@code fromClient} gives (until it ends) and writes the answer
     * to {@code toClient} until the Pod's side ends. Returns null, or why the connection failed (kubectl
     * prints it, as it prints the kubelet's error).
     */
    String portForward(Pod pod, int port, InputStream fromClient, OutputStream toClient) throws IOException;

    /**
     * The sim backend's Pods: a toolbox whose commands are probes on {@code backend} from the Pod (their
     * packets go to {@code animate}), and logs from the requests the backend delivered to each Pod.
     */
    static PodRuntime sim(java.util.function.Supplier<? extends io.kubecanvas.emulator.backend.EmulatorBackend> backend,
                          java.util.function.Supplier<io.kubecanvas.emulator.state.ClusterState> state,
                          java.util.function.Consumer<List<io.kubecanvas.emulator.packet.PacketEvent>> animate) {
        return new SimPods(backend, state, animate);
    }
}
