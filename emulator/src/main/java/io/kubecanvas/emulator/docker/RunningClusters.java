package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.docker.DockerEngine.ContainerInfo;
import io.kubecanvas.emulator.docker.DockerEngine.NetworkInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/** The clusters of the docker backend on an engine, found by label: listing, removal, orphan sweeping. */
public final class RunningClusters {
    private RunningClusters() {
    }

    /** What {@code kubecanvas ls} shows of one cluster. */
    public record Summary(String name, String owner, boolean ownerAlive, int nodes, int nodesRunning, int pods,
                          int containersRunning, int containers, List<String> standIns, Map<String, Integer> hostPorts) {
    }

    public static List<Summary> list(DockerEngine engine) {
        Map<String, List<ContainerInfo>> byCluster = new TreeMap<>();
        for (ContainerInfo c : engine.containers(Labels.ownedFilter())) {
            String cl = c.label(Labels.CLUSTER);
            if (cl != null) {
                byCluster.computeIfAbsent(cl, k -> new ArrayList<>()).add(c);
            }
        }
        for (NetworkInfo n : engine.networks(Labels.ownedFilter())) {
            String cl = n.labels().get(Labels.CLUSTER);
            if (cl != null) {
                byCluster.computeIfAbsent(cl, k -> new ArrayList<>());
            }
        }
        List<Summary> out = new ArrayList<>();
        byCluster.forEach((name, cs) -> out.add(summarise(name, cs)));
        return out;
    }

    static Summary summarise(String name, List<ContainerInfo> cs) {
        int nodes = 0;
        int nodesRunning = 0;
        int pods = 0;
        int apps = 0;
        int appsRunning = 0;
        String owner = null;
        List<String> standIns = new ArrayList<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (ContainerInfo c : cs) {
            String role = String.valueOf(c.label(Labels.ROLE));
            if (owner == null) {
                owner = c.label(Labels.OWNER);
            }
            switch (role) {
                case Labels.ROLE_NODE -> {
                    nodes++;
                    nodesRunning += c.running() ? 1 : 0;
                }
                case Labels.ROLE_SANDBOX -> pods++;
                case Labels.ROLE_CONTAINER -> {
                    apps++;
                    appsRunning += c.running() ? 1 : 0;
                    if (c.label(Labels.STANDIN) != null) {
                        standIns.add(c.label(Labels.POD) + " " + c.label(Labels.CONTAINER) + ": stand-in ("
                                + c.label(Labels.STANDIN) + ")");
                    }
                }
                case Labels.ROLE_EDGE -> ports.putAll(edgePorts(c));
                default -> { }
            }
        }
        return new Summary(name, owner, OwnerId.alive(owner), nodes, nodesRunning, pods, appsRunning, apps, standIns, ports);
    }

    static Map<String, Integer> edgePorts(ContainerInfo edge) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (ClusterContainers.Exposure e : ClusterContainers.Exposure.parse(edge.label(Labels.EXPOSURES))) {
            Integer host = edge.publishedTcp().get(e.edgePort());
            if (host != null) {
                out.put(e.key(), host);
            }
        }
        return out;
    }

    public static Map<String, Integer> hostPorts(DockerEngine engine, String cluster) {
        for (ContainerInfo c : engine.containers(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + cluster,
                Labels.ROLE + "=" + Labels.ROLE_EDGE))) {
            return edgePorts(c);
        }
        return Map.of();
    }

    public static boolean exists(DockerEngine engine, String cluster) {
        return !engine.containers(Labels.clusterFilter(cluster)).isEmpty()
                || !engine.networks(Labels.clusterFilter(cluster)).isEmpty();
    }

    /** Removes all containers and networks of a cluster; returns how many objects went. */
    public static int remove(DockerEngine engine, String cluster) {
        int n = 0;
        List<ContainerInfo> cs = new ArrayList<>(engine.containers(Labels.clusterFilter(cluster)));
        // app containers and sandboxes first, then the nodes whose PID namespace they share
        cs.sort(java.util.Comparator.comparingInt(c -> switch (String.valueOf(c.label(Labels.ROLE))) {
            case Labels.ROLE_CONTAINER -> 0;
            case Labels.ROLE_SANDBOX -> 1;
            case Labels.ROLE_EDGE -> 2;
            default -> 3;
        }));
        List<Thread> threads = new ArrayList<>();
        List<RuntimeException> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        for (ContainerInfo c : cs) {
            if (!Labels.matches(c.labels(), cluster)) {
                continue; // never remove what is not ours, whatever the filter returned
            }
            Thread t = new Thread(() -> {
                try {
                    engine.remove(c.id());
                } catch (RuntimeException e) {
                    errors.add(e);
                }
            }, "kubecanvas-down");
            t.setDaemon(true);
            t.start();
            threads.add(t);
            n++;
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (NetworkInfo net : engine.networks(Labels.clusterFilter(cluster))) {
            if (Labels.matches(net.labels(), cluster)) {
                engine.removeNetwork(net.id());
                n++;
            }
        }
        if (!errors.isEmpty()) {
            throw errors.get(0);
        }
        return n;
    }

    /** Removes clusters whose owner process is gone (a crashed or killed foreground {@code up}). */
    public static List<String> removeOrphans(DockerEngine engine, Consumer<String> progress) {
        List<String> removed = new ArrayList<>();
        Map<String, String> owners = new TreeMap<>();
        for (ContainerInfo c : engine.containers(Labels.ownedFilter())) {
            if (c.label(Labels.CLUSTER) != null && c.label(Labels.OWNER) != null) {
                owners.putIfAbsent(c.label(Labels.CLUSTER), c.label(Labels.OWNER));
            }
        }
        for (NetworkInfo n : engine.networks(Labels.ownedFilter())) {
            String cl = n.labels().get(Labels.CLUSTER);
            if (cl != null && n.labels().get(Labels.OWNER) != null) {
                owners.putIfAbsent(cl, n.labels().get(Labels.OWNER));
            }
        }
        owners.forEach((cluster, owner) -> {
            if (!OwnerId.alive(owner)) {
                progress.accept("removing orphaned cluster " + cluster + " (its owner process " + owner + " is gone)");
                remove(engine, cluster);
                removed.add(cluster);
            }
        });
        return removed;
    }
}
