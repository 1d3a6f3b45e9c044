package io.kubecanvas.emulator.docker;

import java.io.Closeable;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** An in-memory {@link DockerEngine}: containers and networks as records, every call logged. */
final class FakeEngine implements DockerEngine {
    final Map<String, ContainerInfo> containers = new LinkedHashMap<>();
    final Map<String, NetworkInfo> networks = new LinkedHashMap<>();
    final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    final Map<String, ContainerSpec> specs = new LinkedHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    /** Exit codes of containers that run to completion (init containers), by container name; 0 if not named. */
    final Map<String, Integer> exits = new LinkedHashMap<>();

    @Override
    public void ping() {
    }

    /** No registry answers: every pull fails as Docker's does offline. */
    @Override
    public void pull(String ref, Consumer<String> progress) {
        calls.add("pull " + ref);
        throw new IllegalStateException("Get \"https://" + ref.substring(0, ref.indexOf('/') < 0 ? 0 : ref.indexOf('/'))
                + "/v2/\": dial tcp: lookup: no such host");
    }

    @Override
    public synchronized Integer await(String id, java.time.Duration timeout) {
        ContainerSpec spec = specs.get(id);
        calls.add("await " + spec.name());
        return exits.getOrDefault(spec.name(), 0);
    }

    /** Images present besides the node image (none: every Pod runs a stand-in). */
    final java.util.Set<String> present = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public boolean imageExists(String ref) {
        return ref.startsWith(NodeImage.REPOSITORY) || present.contains(ref);
    }

    @Override
    public Map<String, String> imageLabels(String ref) {
        return imageExists(ref) ? Map.of() : null;
    }

    @Override
    public void importImage(InputStream rootfsTar, String repository, String tag, List<String> changes) {
        throw new UnsupportedOperationException();
    }

    @Override
    public synchronized String createNetwork(String name, String subnet, String gateway, boolean internal,
                                             Map<String, String> options, Map<String, String> labels) {
        String id = "net" + ids.incrementAndGet();
        networks.put(id, new NetworkInfo(id, name, labels, subnet));
        calls.add("network " + name);
        return id;
    }

    @Override
    public synchronized List<NetworkInfo> networks(List<String> labelFilters) {
        return networks.values().stream().filter(n -> matches(n.labels(), labelFilters)).toList();
    }

    @Override
    public synchronized void removeNetwork(String id) {
        networks.remove(id);
    }

    @Override
    public synchronized String run(ContainerSpec spec) {
        String id = "c" + ids.incrementAndGet();
        containers.put(id, new ContainerInfo(id, spec.name(), spec.labels(), true, "running",
                spec.network() != null && spec.ipv4() != null ? Map.of(spec.network(), spec.ipv4()) : Map.of(), Map.of()));
        specs.put(id, spec);
        calls.add("run " + spec.name());
        return id;
    }

    @Override
    public synchronized List<ContainerInfo> containers(List<String> labelFilters) {
        return containers.values().stream().filter(c -> matches(c.labels(), labelFilters)).toList();
    }

    /** A machine without routes of its own: only the fake's networks are taken. */
    @Override
    public List<Subnets.Taken> hostRoutes() {
        return List.of();
    }

    @Override
    public List<String> loadImages(InputStream dockerSaveTar) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String logs(String id, int tail) {
        return "";
    }

    @Override
    public synchronized List<String> portBindings(String id) {
        List<String> out = new ArrayList<>();
        for (ContainerSpec.PublishedPort p : specs.get(id).publish()) {
            out.add("127.0.0.1:" + p.hostPort() + "->" + p.containerPort() + "/" + p.protocol().toLowerCase());
        }
        return out;
    }

    @Override
    public synchronized void start(String id) {
        ContainerInfo c = containers.get(id);
        containers.put(id, new ContainerInfo(id, c.name(), c.labels(), true, "running", c.addresses(), c.publishedTcp()));
        calls.add("start " + c.name());
    }

    @Override
    public synchronized void stop(String id, int timeoutSeconds) {
        kill(id);
    }

    @Override
    public synchronized void kill(String id) {
        ContainerInfo c = containers.get(id);
        containers.put(id, new ContainerInfo(id, c.name(), c.labels(), false, "exited", c.addresses(), c.publishedTcp()));
        calls.add("kill " + c.name());
    }

    @Override
    public synchronized void remove(String id) {
        ContainerInfo c = containers.remove(id);
        if (c != null) {
            calls.add("remove " + c.name());
        }
    }

    @Override
    public ExecResult exec(String id, List<String> cmd) {
        calls.add("exec " + containers.get(id).name() + " " + String.join(" ", cmd));
        return new ExecResult(0, "", "");
    }

    @Override
    public Closeable execStream(String id, List<String> cmd, Consumer<String> lines) {
        return () -> { };
    }

    @Override
    public void copyFiles(String id, String dir, Map<String, byte[]> files) {
        calls.add("copy " + containers.get(id).name() + " " + files.keySet());
    }

    @Override
    public long memoryUsage(String id) {
        return 0;
    }

    @Override
    public void close() {
    }

    private static boolean matches(Map<String, String> labels, List<String> filters) {
        for (String f : filters) {
            int eq = f.indexOf('=');
            if (eq < 0 ? !labels.containsKey(f) : !f.substring(eq + 1).equals(labels.get(f.substring(0, eq)))) {
                return false;
            }
        }
        return true;
    }
}
