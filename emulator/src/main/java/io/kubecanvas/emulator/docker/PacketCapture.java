package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.docker.DockerEngine.ContainerInfo;
import io.kubecanvas.emulator.packet.PacketEvent;

import java.io.Closeable;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * tcpdump on every node of a cluster, each line parsed into a {@link PacketEvent} for {@code sink}. The
 * capture runs in the node's network namespace on all interfaces (Pod veths, cni0, flannel.1, eth0);
 * VXLAN packets arrive with their outer and inner headers. Close to stop every tcpdump.
 */
public final class PacketCapture implements Closeable {
    /** tcpdump's command: line-buffered, numeric, link-level headers, IPv4 only; its pid kept to stop it. */
    static String tcpdump(String pidFile) {
        return "echo $$ > " + pidFile + "; exec tcpdump -i any -nn -e -l -Q inout -s 200 ip 2>/dev/null";
    }

    private final DockerEngine engine;
    private final List<Closeable> streams = new ArrayList<>();
    private final List<String> nodeIds = new ArrayList<>();
    /** One pid file per capture, so two captures on a node (a probe's and a subscriber's) stop independently. */
    private final String pidFile = "/run/kubecanvas/tcpdump-" + Long.toHexString(System.nanoTime()) + ".pid";

    private PacketCapture(DockerEngine engine) {
        this.engine = engine;
    }

    /** Starts capturing on every running node of {@code cluster}; time zero is now. */
    public static PacketCapture start(DockerCluster cluster, Consumer<PacketEvent> sink) {
        PacketCapture c = new PacketCapture(cluster.engine());
        long origin = LocalTime.now(ZoneOffset.UTC).toNanoOfDay();
        for (ContainerInfo n : cluster.containers()) {
            if (!Labels.ROLE_NODE.equals(n.label(Labels.ROLE)) || !n.running()) {
                continue;
            }
            TcpdumpLineParser parser = new TcpdumpLineParser(n.label(Labels.NODE), origin, e -> {
                synchronized (sink) {
                    sink.accept(e);
                }
            });
            c.nodeIds.add(n.id());
            c.streams.add(cluster.engine().execStream(n.id(), List.of("/bin/sh", "-c", tcpdump(c.pidFile)), parser::accept));
        }
        return c;
    }

    @Override
    public void close() {
        for (String id : nodeIds) {
            try {
                engine.exec(id, List.of("/bin/sh", "-c", "[ -f " + pidFile + " ] && kill $(cat " + pidFile + ") && rm -f " + pidFile + "; true"));
            } catch (RuntimeException ignored) {
                // the node may be stopped already
            }
        }
        for (Closeable s : streams) {
            try {
                s.close();
            } catch (java.io.IOException | RuntimeException ignored) {
                // closing a finished stream
            }
        }
    }
}
