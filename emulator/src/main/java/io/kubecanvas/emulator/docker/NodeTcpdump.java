package io.kubecanvas.emulator.docker;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * tcpdump runs in node containers, each line to a consumer, until closed. Each run keeps its own pid file, so
 * two at once on a node (a probe's capture and a subscriber's, the policy-drop listener) stop independently.
 */
final class NodeTcpdump implements Closeable {
    private final DockerEngine engine;
    private final List<Closeable> streams = new ArrayList<>();
    private final List<String> nodeIds = new ArrayList<>();
    private final String pidFile = "/run/kubecanvas/tcpdump-" + Long.toHexString(System.nanoTime()) + "-"
            + Integer.toHexString(System.identityHashCode(this)) + ".pid";

    NodeTcpdump(DockerEngine engine) {
        this.engine = engine;
    }

    /** Starts {@code tcpdump ARGS} (line-buffered output wanted: give {@code -l}) in a node container. */
    void start(String nodeContainerId, String args, Consumer<String> lines) {
        nodeIds.add(nodeContainerId);
        streams.add(engine.execStream(nodeContainerId, List.of("/bin/sh", "-c", "echo $$ > " + pidFile
                + "; exec tcpdump " + args + " 2>/dev/null"), lines));
    }

    @Override
    public void close() {
        for (String id : nodeIds) {
            try {
                engine.exec(id, List.of("/bin/sh", "-c", "[ -f " + pidFile + " ] && kill $(cat " + pidFile + ") && rm -f " + pidFile + "; true"));
            } catch (RuntimeException ignored) {
                // the node may have stopped meanwhile
            }
        }
        for (Closeable s : streams) {
            try {
                s.close();
            } catch (java.io.IOException | RuntimeException ignored) {
                // a finished stream
            }
        }
    }
}
