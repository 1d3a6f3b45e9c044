package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.control.ClusterEvent;
import io.kubecanvas.emulator.control.ControlPlane;
import io.kubecanvas.emulator.docker.DockerEngine.ContainerInfo;
import io.kubecanvas.model.Design;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * A design running on the docker backend: the control plane (in this process) and the containers kept in
 * step. Each {@link #tick} is one reconcile pass, as a kubelet and kube-proxy would do it: what Docker
 * shows (a stopped node container) is reported to the control plane, the clock advances (so a node that
 * stays down has its Pods evicted and rescheduled), and the resulting state is applied as a difference.
 */
public final class DockerRun implements AutoCloseable {
    private final ControlPlane controlPlane;
    private final DockerCluster cluster;
    private final Consumer<String> log;
    private int eventsSeen;

    private DockerRun(ControlPlane controlPlane, DockerCluster cluster, Consumer<String> log) {
        this.controlPlane = controlPlane;
        this.cluster = cluster;
        this.log = log;
        this.eventsSeen = controlPlane.events().size();
    }

    /** Starts the control plane on {@code design} and creates the cluster's containers. */
    public static DockerRun up(DockerEngine engine, String name, Design design, boolean detached, Consumer<String> log) {
        ControlPlane cp = ControlPlane.start(design, 1L);
        DockerCluster c = DockerCluster.up(engine, name, cp.state(), detached, log);
        return new DockerRun(cp, c, log);
    }

    /** Attaches to a running cluster: the control plane is rebuilt from the design (deterministic for a seed). */
    public static DockerRun attach(DockerEngine engine, String name, Design design, Consumer<String> log) {
        ControlPlane cp = ControlPlane.start(design, 1L);
        DockerCluster c = DockerCluster.attach(engine, name, log);
        return new DockerRun(cp, c, log);
    }

    public ControlPlane controlPlane() {
        return controlPlane;
    }

    public DockerCluster cluster() {
        return cluster;
    }

    /** Applies an edited design to the running cluster: only the difference is created or removed. */
    public void applyDesign(Design design) {
        controlPlane.apply(design);
        cluster.apply(controlPlane.state());
        flushEvents();
    }

    /** One reconcile pass after {@code elapsed} wall time. */
    public void tick(Duration elapsed) {
        List<ContainerInfo> nodes = cluster.containers().stream()
                .filter(c -> Labels.ROLE_NODE.equals(c.label(Labels.ROLE))).toList();
        for (ContainerInfo n : nodes) {
            String node = n.label(Labels.NODE);
            var ns = controlPlane.state().node(node);
            if (ns == null) {
                continue;
            }
            if (!n.running() && ns.ready()) {
                controlPlane.stopNode(node);
            }
        }
        controlPlane.advance(elapsed);
        cluster.apply(controlPlane.state());
        flushEvents();
    }

    /** A node fault: stops the node's container; the next ticks report it and, after the grace, evict. */
    public void stopNode(String node) {
        cluster.stopNode(node);
        controlPlane.stopNode(node);
        cluster.apply(controlPlane.state());
        flushEvents();
    }

    public void startNode(String node) {
        controlPlane.startNode(node);
        cluster.startNode(node);
        cluster.apply(controlPlane.state());
        flushEvents();
    }

    private void flushEvents() {
        List<ClusterEvent> events = controlPlane.events();
        for (int i = Math.min(eventsSeen, events.size()); i < events.size(); i++) {
            log.accept("event: " + events.get(i));
        }
        eventsSeen = events.size();
    }

    public void down() {
        cluster.down();
    }

    @Override
    public void close() {
        cluster.close();
    }

    /** The control plane's grace before a silent node's Pods are evicted. */
    public static Duration nodeGrace() {
        return ControlPlane.DEFAULT_NODE_GRACE;
    }
}
