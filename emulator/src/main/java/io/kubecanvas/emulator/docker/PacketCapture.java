package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.docker.DockerEngine.ContainerInfo;
import io.kubecanvas.emulator.packet.PacketEvent;

import java.io.Closeable;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.function.Consumer;

/**
 * tcpdump on every node of a cluster, each line parsed into a {@link PacketEvent} for {@code sink}. The
 * capture runs in the node's network namespace on all interfaces (Pod veths, cni0, flannel.1, eth0);
 * VXLAN packets arrive with their outer and inner headers. Close to stop every tcpdump.
 */
public final class PacketCapture implements Closeable {
    /** tcpdump's arguments: all interfaces, both directions, numeric, link-level headers, line-buffered, IPv4 only. */
    static final String TCPDUMP = "-i any -nn -e -l -Q inout -s 200 ip";

    private final NodeTcpdump tcpdump;

    private PacketCapture(DockerEngine engine) {
        this.tcpdump = new NodeTcpdump(engine);
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
            c.tcpdump.start(n.id(), TCPDUMP, parser::accept);
        }
        return c;
    }

    @Override
    public void close() {
        tcpdump.close();
    }
}
