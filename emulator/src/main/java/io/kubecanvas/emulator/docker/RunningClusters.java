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

    /**
     * What {@code kubecanvas ls} shows of one cluster, as Docker sees it now: a container counts as running only
     * when it, its Pod's sandbox and its node all run. {@code problems} says what does not run and why.
     *
     * @param owner null when nothing says (only a network is left)
     */
    public record Summary(String name, String owner, boolean ownerAlive, int nodes, int nodesRunning, int pods,
                          int podsRunning, int containersRunning, int containers, List<String> standIns,
                          Map<String, Integer> hostPorts, List<String> problems) {
    }

    public static List<Summary> list(DockerEngine engine) {
        Map<String, List<ContainerInfo>> byCluster = new TreeMap<>();
        for (ContainerInfo c : engine.containers(Labels.ownedFilter())) {
            String cl = c.label(Labels.CLUSTER);
            if (cl != null) {
                byCluster.computeIfAbsent(cl, k -> new ArrayList<>()).add(c);
            }
        }
        Map<String, String> networkOwners = new TreeMap<>();
        for (NetworkInfo n : engine.networks(Labels.ownedFilter())) {
            String cl = n.labels().get(Labels.CLUSTER);
            if (cl != null) {
                byCluster.computeIfAbsent(cl, k -> new ArrayList<>());
                if (n.labels().get(Labels.OWNER) != null) {
                    networkOwners.putIfAbsent(cl, n.labels().get(Labels.OWNER));
                }
            }
        }
        List<Summary> out = new ArrayList<>();
        byCluster.forEach((name, cs) -> {
            Summary sum = summarise(name, cs, networkOwners.get(name), id -> PodStart.exited(engine, id));
            List<String> known = new ArrayList<>(sum.problems());
            known.addAll(sum.standIns());
            List<String> planned = planReasons(engine, cs, known);
            if (!planned.isEmpty()) {
                List<String> problems = new ArrayList<>(sum.problems());
                problems.addAll(planned);
                sum = new Summary(sum.name(), sum.owner(), sum.ownerAlive(), sum.nodes(), sum.nodesRunning(), sum.pods(),
                        sum.podsRunning(), sum.containersRunning(), sum.containers(), sum.standIns(), sum.hostPorts(), problems);
            }
            out.add(sum);
        });
        return out;
    }

    /**
     * The reasons the plan the cluster runs (kept in its nodes) gives for Pods that do not run as specified: the
     * Pods Docker never saw (unscheduled, a configuration the kubelet cannot make, an image that may not be
     * pulled) and what the backend reported of the rest, but for Pods {@code known} already speaks of.
     */
    static List<String> planReasons(DockerEngine engine, List<ContainerInfo> cs, List<String> known) {
        String cluster = cs.stream().map(c -> c.label(Labels.CLUSTER)).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        io.kubecanvas.emulator.plan.NetworkPlan plan;
        try {
            String json = cluster == null ? null : DockerCluster.keptPlan(engine, cluster, cs);
            if (json == null) {
                return List.of();
            }
            plan = DockerCluster.JSON.readValue(json, io.kubecanvas.emulator.plan.NetworkPlan.class);
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            return List.of("the plan this cluster keeps cannot be read (" + e.getMessage() + "): Pods it does not run"
                    + " are not listed");
        }
        List<String> out = new ArrayList<>();
        for (io.kubecanvas.emulator.plan.PodPlan p : plan.pods()) {
            // a running Pod whose image was not pulled has its stand-in line ("ns/pod c: stand-in (why)"): it is not
            // listed again as not running
            boolean standIn = "Running".equals(p.phase()) && known.stream().anyMatch(k -> k.startsWith(p.key() + " "));
            if (p.reason() == null || standIn || known.stream().anyMatch(k -> k.startsWith("Pod " + p.key() + " ")
                    || k.startsWith("Pod " + p.key() + ":"))) {
                continue;
            }
            out.add("Pod " + p.key() + " is " + p.phase() + ": " + p.reason());
        }
        return out;
    }

    static Summary summarise(String name, List<ContainerInfo> cs, String networkOwner) {
        return summarise(name, cs, networkOwner, id -> "");
    }

    /** @param exited a container's exit code and last lines ({@code " with code 1: ..."}), by its id */
    static Summary summarise(String name, List<ContainerInfo> cs, String networkOwner,
                             java.util.function.Function<String, String> exited) {
        Map<String, Boolean> nodes = new TreeMap<>();
        Map<String, ContainerInfo> sandboxes = new TreeMap<>();
        String owner = null;
        List<String> standIns = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (ContainerInfo c : cs) {
            if (owner == null) {
                owner = c.label(Labels.OWNER);
            }
            switch (String.valueOf(c.label(Labels.ROLE))) {
                case Labels.ROLE_NODE -> nodes.put(String.valueOf(c.label(Labels.NODE)), c.running());
                case Labels.ROLE_SANDBOX -> sandboxes.put(String.valueOf(c.label(Labels.POD)), c);
                case Labels.ROLE_EDGE -> {
                    ports.putAll(edgePorts(c));
                    if (!c.running()) {
                        problems.add("the edge container is " + c.state() + ": nothing is reachable from the host");
                    }
                }
                default -> { }
            }
        }
        nodes.forEach((n, up) -> {
            if (!up) {
                problems.add("node " + n + " is stopped: its Pods do not run (kubecanvas fault start-node)");
            }
        });
        int podsRunning = 0;
        for (var e : sandboxes.entrySet()) {
            ContainerInfo sb = e.getValue();
            boolean nodeUp = Boolean.TRUE.equals(nodes.get(String.valueOf(sb.label(Labels.NODE))));
            if (sb.running() && nodeUp) {
                podsRunning++;
            } else if (nodeUp) {
                problems.add("Pod " + e.getKey() + ": its sandbox is " + sb.state() + " (the Pod has no network)");
            }
        }
        int apps = 0;
        int appsRunning = 0;
        for (ContainerInfo c : cs) {
            if (Labels.ROLE_INIT.equals(c.label(Labels.ROLE)) && !c.running()) {
                // only a failed init container is kept: the Pod's app containers were not started
                problems.add("Pod " + c.label(Labels.POD) + ": init container " + c.label(Labels.CONTAINER) + " exited"
                        + exited.apply(c.id()) + "; its containers are not started (see: kubecanvas logs " + name + " "
                        + c.label(Labels.POD) + " -c " + c.label(Labels.CONTAINER) + ")");
                continue;
            }
            if (!Labels.runsContainer(c.labels())) {
                continue; // a sandbox that runs its Pod's stand-in counts as that container too
            }
            apps++;
            ContainerInfo sb = sandboxes.get(String.valueOf(c.label(Labels.POD)));
            boolean podUp = sb != null && sb.running() && Boolean.TRUE.equals(nodes.get(String.valueOf(sb.label(Labels.NODE))));
            if (c.running() && podUp) {
                appsRunning++;
            } else if (podUp) {
                problems.add("Pod " + c.label(Labels.POD) + " container " + c.label(Labels.CONTAINER) + " is " + c.state()
                        + ("exited".equals(c.state()) ? exited.apply(c.id()) : "")
                        + " (see: kubecanvas logs " + name + " " + c.label(Labels.POD) + " -c " + c.label(Labels.CONTAINER) + ")");
            }
            if (c.label(Labels.UNRESOLVED_ENV) != null) {
                problems.add("Pod " + c.label(Labels.POD) + " container " + c.label(Labels.CONTAINER) + " runs without "
                        + "the environment variables " + c.label(Labels.UNRESOLVED_ENV) + " (from a resource"
                        + " field the emulator does not resolve)");
            }
            if (c.label(Labels.STANDIN) != null) {
                standIns.add(c.label(Labels.POD) + " " + c.label(Labels.CONTAINER) + ": stand-in (" + c.label(Labels.STANDIN) + ")");
            }
        }
        if (cs.isEmpty()) {
            problems.add("only its networks are left (an up that was killed?); remove them with: kubecanvas down " + name);
        }
        if (owner == null) {
            owner = networkOwner;
        }
        return new Summary(name, owner, owner != null && OwnerId.alive(owner), nodes.size(),
                (int) nodes.values().stream().filter(b -> b).count(), sandboxes.size(), podsRunning, appsRunning, apps,
                standIns, ports, problems);
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

    /**
     * The output of one container of a Pod ({@code container} null: the Pod's only or first one), its last
     * {@code tail} lines (0: all).
     *
     * @throws IllegalArgumentException naming the cluster's Pods or the Pod's containers when there is no such one
     */
    public static String logs(DockerEngine engine, String cluster, String podKey, String container, int tail) {
        // app containers, and a failed init container (kept for its output)
        List<ContainerInfo> all = engine.containers(Labels.clusterFilter(cluster)).stream()
                .filter(c -> Labels.runsContainer(c.labels()) || Labels.ROLE_INIT.equals(c.label(Labels.ROLE)))
                .toList();
        if (all.isEmpty() && !exists(engine, cluster)) {
            throw new IllegalArgumentException("no cluster named " + cluster + " (see: kubecanvas ls)");
        }
        List<ContainerInfo> mine = all.stream().filter(c -> podKey.equals(c.label(Labels.POD)))
                .sorted(java.util.Comparator.comparing((ContainerInfo x) -> Labels.ROLE_INIT.equals(x.label(Labels.ROLE)))
                        .thenComparing(ContainerInfo::name)).toList();
        if (mine.isEmpty()) {
            java.util.Set<String> pods = new java.util.TreeSet<>();
            all.forEach(c -> pods.add(c.label(Labels.POD)));
            throw new IllegalArgumentException("cluster " + cluster + " runs no Pod " + podKey + "; its Pods: "
                    + (pods.isEmpty() ? "none" : String.join(", ", pods)));
        }
        ContainerInfo c = container == null ? mine.get(0) : mine.stream()
                .filter(x -> container.equals(x.label(Labels.CONTAINER))).findFirst().orElseThrow(() ->
                        new IllegalArgumentException("Pod " + podKey + " has no container " + container + "; its containers: "
                                + String.join(", ", mine.stream().map(x -> x.label(Labels.CONTAINER)).toList())));
        return engine.logs(c.id(), tail);
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
            case Labels.ROLE_CONTAINER, Labels.ROLE_INIT -> 0;
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
            if (NodePods.isId(c.id())) {
                n++; // a Pod its node runs goes with its node
                continue;
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
        // the owners are on what Docker lists (a node stands for the Pods it runs): asking every node of every other
        // cluster for its Pods made the sweep at the start of each up 0.2 s while one other cluster ran
        for (ContainerInfo c : engine.dockerContainers(Labels.ownedFilter())) {
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
