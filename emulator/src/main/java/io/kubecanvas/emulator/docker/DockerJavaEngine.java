package io.kubecanvas.emulator.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ContainerPort;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** {@link DockerEngine} over docker-java (zerodep transport), API 1.41 and later. */
public final class DockerJavaEngine implements DockerEngine {

    private final DockerClient client;
    private final DockerHttpClient http;
    /** The Pods that their nodes run (no container of their own): see {@link NodePods}. */
    private final NodePods nodePods = new NodePods(this);
    /** Set once a node container could not mount in a Pod's namespace (AppArmor): sandboxes are containers then. */
    private volatile boolean nodesCannotMount;

    public DockerJavaEngine() {
        this(null);
    }

    /**
     * An engine on {@code dockerHost} (e.g. {@code unix:///run/other.sock}; null: DOCKER_HOST or the default socket).
     * Nothing is asked of it until a call.
     */
    public DockerJavaEngine(String dockerHost) {
        var builder = DefaultDockerClientConfig.createDefaultConfigBuilder();
        DockerClientConfig config = (dockerHost == null ? builder : builder.withDockerHost(dockerHost)).build();
        this.http = new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                .connectionTimeout(Duration.ofSeconds(10)).responseTimeout(Duration.ofMinutes(10))
                .maxConnections(64).build();
        this.client = DockerClientImpl.getInstance(config, http);
    }

    /** Connects and checks that the engine answers, with a message a user can act on when it does not. */
    public static DockerJavaEngine connect() {
        DockerJavaEngine e = new DockerJavaEngine();
        try {
            e.ping();
        } catch (RuntimeException ex) {
            e.close();
            throw new IllegalStateException("no Docker engine answers (" + rootMessage(ex)
                    + "); start one (dockerd, or Docker Desktop) or use --backend sim");
        }
        return e;
    }

    @Override
    public void ping() {
        client.pingCmd().exec();
    }

    @Override
    public boolean imageExists(String ref) {
        return imageLabels(ref) != null;
    }

    @Override
    public Map<String, String> imageLabels(String ref) {
        try {
            var img = client.inspectImageCmd(ref).exec();
            Map<String, String> labels = img.getConfig() == null ? null : img.getConfig().getLabels();
            return labels == null ? Map.of() : labels;
        } catch (NotFoundException e) {
            return null;
        }
    }

    @Override
    public void importImage(InputStream rootfsTar, String repository, String tag, List<String> changes) {
        StringBuilder path = new StringBuilder("/images/create?fromSrc=-&repo=").append(enc(repository))
                .append("&tag=").append(enc(tag));
        for (String c : changes) {
            path.append("&changes=").append(enc(c));
        }
        DockerHttpClient.Request req = DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.POST)
                .path(path.toString()).putHeader("Content-Type", "application/x-tar").body(rootfsTar).build();
        try (DockerHttpClient.Response resp = http.execute(req)) {
            String body = new String(resp.getBody().readAllBytes(), StandardCharsets.UTF_8);
            if (resp.getStatusCode() / 100 != 2 || body.contains("\"error\"")) {
                throw new IllegalStateException("docker import failed (" + resp.getStatusCode() + "): " + body.strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException("docker import failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> loadImages(InputStream dockerSaveTar) {
        DockerHttpClient.Request req = DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.POST)
                .path("/images/load?quiet=1").putHeader("Content-Type", "application/x-tar").body(dockerSaveTar).build();
        List<String> loaded = new ArrayList<>();
        try (DockerHttpClient.Response resp = http.execute(req)) {
            String body = new String(resp.getBody().readAllBytes(), StandardCharsets.UTF_8);
            var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            StringBuilder errors = new StringBuilder();
            // the answer is a stream of JSON objects: {"stream":"Loaded image: a:b\n"} or {"errorDetail":...,"error":"..."}
            var it = mapper.readerFor(com.fasterxml.jackson.databind.JsonNode.class).readValues(body);
            while (it.hasNext()) {
                com.fasterxml.jackson.databind.JsonNode n = (com.fasterxml.jackson.databind.JsonNode) it.next();
                if (n.hasNonNull("error")) {
                    errors.append(n.get("error").asText().strip());
                } else if (n.hasNonNull("message")) {
                    errors.append(n.get("message").asText().strip());
                }
                String line = n.path("stream").asText("");
                for (String l : line.split("\n")) {
                    if (l.startsWith("Loaded image: ")) {
                        loaded.add(l.substring("Loaded image: ".length()).strip());
                    } else if (l.startsWith("Loaded image ID: ")) {
                        loaded.add(l.substring("Loaded image ID: ".length()).strip());
                    }
                }
            }
            if (resp.getStatusCode() / 100 != 2 || errors.length() > 0) {
                throw new IllegalArgumentException("the engine refused the archive (" + resp.getStatusCode() + "): " + errors);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the engine's answer to the archive cannot be read: " + e.getMessage(), e);
        }
        return loaded;
    }

    @Override
    public String createNetwork(String name, String subnet, String gateway, boolean internal, Map<String, String> options,
                                Map<String, String> labels) {
        var cmd = client.createNetworkCmd().withName(name).withDriver("bridge").withInternal(internal)
                .withCheckDuplicate(true).withLabels(labels).withOptions(options);
        if (subnet != null) {
            Network.Ipam.Config cfg = new Network.Ipam.Config().withSubnet(subnet);
            if (gateway != null) {
                cfg.withGateway(gateway);
            }
            cmd.withIpam(new Network.Ipam().withConfig(cfg));
        }
        return cmd.exec().getId();
    }

    @Override
    public List<NetworkInfo> networks(List<String> labelFilters) {
        List<NetworkInfo> out = new ArrayList<>();
        for (Network n : client.listNetworksCmd().withFilter("label", labelFilters).exec()) {
            String subnet = n.getIpam() != null && n.getIpam().getConfig() != null && !n.getIpam().getConfig().isEmpty()
                    ? n.getIpam().getConfig().get(0).getSubnet() : null;
            out.add(new NetworkInfo(n.getId(), n.getName(), n.getLabels() == null ? Map.of() : n.getLabels(), subnet,
                    Boolean.TRUE.equals(n.getInternal()), n.getOptions() == null ? Map.of() : n.getOptions()));
        }
        return out;
    }

    @Override
    public void removeNetwork(String id) {
        try {
            client.removeNetworkCmd(id).exec();
        } catch (NotFoundException ignored) {
            // already gone
        }
    }

    @Override
    public String run(ContainerSpec spec) {
        if (NodePods.runsInNode(spec) && !nodesCannotMount) {
            try {
                return nodePods.run(spec);
            } catch (NodePods.MountDenied e) {
                nodesCannotMount = true;
            }
        }
        String id = create(spec);
        try {
            client.startContainerCmd(id).exec();
        } catch (RuntimeException e) {
            remove(id);
            throw e;
        }
        return id;
    }

    NodePods nodePods() {
        return nodePods;
    }

    /** Sandboxes that their nodes run start with one exec per node; the others one after the other. */
    @Override
    public List<String> runAll(List<ContainerSpec> specs) {
        Map<String, String> ids = new LinkedHashMap<>();
        if (!nodesCannotMount) {
            try {
                ids.putAll(nodePods.runAll(specs.stream().filter(NodePods::runsInNode).toList()));
            } catch (NodePods.MountDenied e) {
                nodesCannotMount = true; // the host's AppArmor: each sandbox a container, as before
                return specs.stream().map(this::run).toList();
            }
        }
        List<String> out = new ArrayList<>();
        for (ContainerSpec s : specs) {
            out.add(ids.containsKey(s.name()) ? ids.get(s.name()) : run(s));
        }
        return out;
    }

    /** The sandboxes of one node and the command after them: one exec, where the node runs its sandboxes itself. */
    @Override
    public RunThen runAllThen(List<ContainerSpec> specs, String node, List<String> then) {
        if (!nodesCannotMount && !specs.isEmpty() && specs.stream().allMatch(NodePods::runsInNode)
                && specs.stream().map(ContainerSpec::pidMode).distinct().count() == 1) {
            try {
                RunThen r = nodePods.runAllThen(specs, then);
                if (r != null) {
                    return r;
                }
            } catch (NodePods.MountDenied e) {
                nodesCannotMount = true;
            }
        }
        return DockerEngine.super.runAllThen(specs, node, then);
    }

    private String create(ContainerSpec spec) {
        HostConfig hc = HostConfig.newHostConfig().withNetworkMode(spec.network()).withInit(false);
        if (!spec.capAdd().isEmpty()) {
            hc.withCapAdd(spec.capAdd().stream().map(Capability::valueOf).toArray(Capability[]::new));
        }
        if (!spec.capDrop().isEmpty()) {
            hc.withCapDrop(spec.capDrop().stream().map(Capability::valueOf).toArray(Capability[]::new));
        }
        if (!spec.securityOpts().isEmpty()) {
            hc.withSecurityOpts(spec.securityOpts());
        }
        if (spec.pidMode() != null) {
            hc.withPidMode(spec.pidMode());
        }
        if (!spec.sysctls().isEmpty()) {
            hc.withSysctls(spec.sysctls());
        }
        if (!spec.extraHosts().isEmpty()) {
            hc.withExtraHosts(spec.extraHosts().toArray(String[]::new));
        }
        if (!spec.dns().isEmpty()) {
            hc.withDns(spec.dns());
        }
        if (!spec.dnsSearch().isEmpty()) {
            hc.withDnsSearch(spec.dnsSearch());
        }
        if (!spec.dnsOptions().isEmpty()) {
            hc.withDnsOptions(spec.dnsOptions());
        }
        List<ExposedPort> exposed = new ArrayList<>();
        if (!spec.publish().isEmpty()) {
            Ports ports = new Ports();
            for (ContainerSpec.PublishedPort p : spec.publish()) {
                ExposedPort ep = "UDP".equalsIgnoreCase(p.protocol()) ? ExposedPort.udp(p.containerPort())
                        : ExposedPort.tcp(p.containerPort());
                exposed.add(ep);
                ports.bind(ep, p.hostPort() > 0 ? Ports.Binding.bindIpAndPort("127.0.0.1", p.hostPort())
                        : Ports.Binding.bindIp("127.0.0.1"));
            }
            hc.withPortBindings(ports);
        }
        List<String> env = new ArrayList<>();
        spec.env().forEach((k, v) -> env.add(k + "=" + v));
        CreateContainerCmd cmd = client.createContainerCmd(spec.image()).withName(spec.name()).withLabels(spec.labels())
                .withEnv(env).withHostConfig(hc).withStopTimeout(2);
        if (!spec.entrypoint().isEmpty()) {
            cmd.withEntrypoint(spec.entrypoint());
        }
        if (!spec.cmd().isEmpty()) {
            cmd.withCmd(spec.cmd());
        }
        if (!exposed.isEmpty()) {
            cmd.withExposedPorts(exposed);
        }
        if (spec.hostname() != null) {
            cmd.withHostName(spec.hostname());
        }
        if (spec.workingDir() != null) {
            cmd.withWorkingDir(spec.workingDir());
        }
        if (spec.ipv4() != null) {
            cmd.withIpv4Address(spec.ipv4());
        }
        String id = cmd.exec().getId();
        try {
            for (ContainerSpec.NetworkAttachment a : spec.connect()) {
                client.connectToNetworkCmd().withNetworkId(a.network()).withContainerId(id)
                        .withContainerNetwork(new ContainerNetwork().withIpamConfig(
                                new ContainerNetwork.Ipam().withIpv4Address(a.ipv4()))).exec();
            }
        } catch (RuntimeException e) {
            remove(id);
            throw e;
        }
        return id;
    }

    @Override
    public void pull(String ref, Consumer<String> progress) {
        String repo = ref;
        String tag = null;
        int at = ref.indexOf('@');
        int slash = ref.lastIndexOf('/');
        int colon = ref.lastIndexOf(':');
        if (at >= 0) {
            repo = ref.substring(0, at);
            tag = ref.substring(at + 1); // a digest: the API takes it as the tag
        } else if (colon > slash) {
            repo = ref.substring(0, colon);
            tag = ref.substring(colon + 1);
        }
        var cmd = client.pullImageCmd(repo).withTag(tag == null ? "latest" : tag);
        StringBuilder error = new StringBuilder();
        try {
            cmd.exec(new ResultCallback.Adapter<com.github.dockerjava.api.model.PullResponseItem>() {
                private String last = "";

                @Override
                public void onNext(com.github.dockerjava.api.model.PullResponseItem item) {
                    if (item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null) {
                        error.append(item.getErrorDetail().getMessage());
                        return;
                    }
                    String line = (item.getId() == null ? "" : item.getId() + ": ") + String.valueOf(item.getStatus())
                            + (item.getProgressDetail() != null && item.getProgressDetail().getTotal() != null
                            && item.getProgressDetail().getTotal() > 0
                            ? " " + item.getProgressDetail().getCurrent() / 1_000_000 + "/"
                            + item.getProgressDetail().getTotal() / 1_000_000 + " MB" : "");
                    if (!line.equals(last)) {
                        last = line;
                        progress.accept("pull " + ref + ": " + line);
                    }
                }
            }).awaitCompletion(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the pull of " + ref + " was interrupted");
        } catch (RuntimeException e) {
            throw new IllegalStateException(rootMessage(e), e);
        }
        if (error.length() > 0) {
            throw new IllegalStateException(error.toString().strip());
        }
        if (!imageExists(ref)) {
            throw new IllegalStateException("the engine finished pulling " + ref + " but has no such image");
        }
    }

    @Override
    public Integer await(String id, Duration timeout) {
        if (NodePods.isId(id)) {
            throw new UnsupportedOperationException(id + " is a Pod sandbox its node runs: it runs until removed");
        }
        try {
            return client.waitContainerCmd(id).exec(new com.github.dockerjava.api.command.WaitContainerResultCallback())
                    .awaitStatusCode(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (DockerException e) {
            // awaitStatusCode throws DockerClientException ("Awaiting status code timeout.") when it still runs
            if (String.valueOf(e.getMessage()).contains("timeout")) {
                return null;
            }
            throw e;
        } catch (com.github.dockerjava.api.exception.DockerClientException e) {
            if (String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("timeout")) {
                return null;
            }
            throw e;
        }
    }

    @Override
    public Integer exitCode(String id) {
        if (NodePods.isId(id)) {
            return null;
        }
        try {
            var st = client.inspectContainerCmd(id).exec().getState();
            return st == null || Boolean.TRUE.equals(st.getRunning()) || st.getExitCodeLong() == null ? null
                    : st.getExitCodeLong().intValue();
        } catch (NotFoundException e) {
            return null;
        }
    }

    @Override
    public List<ContainerInfo> containers(List<String> labelFilters) {
        List<ContainerInfo> out = dockerContainers(labelFilters);
        out.addAll(nodePods.list(labelFilters));
        return out;
    }

    /** The containers Docker itself lists, without the Pods their nodes run ({@link NodePods}). */
    @Override
    public List<ContainerInfo> dockerContainers(List<String> labelFilters) {
        List<ContainerInfo> out = new ArrayList<>();
        for (Container c : client.listContainersCmd().withShowAll(true).withLabelFilter(labelFilters).exec()) {
            Map<String, String> addrs = new LinkedHashMap<>();
            if (c.getNetworkSettings() != null && c.getNetworkSettings().getNetworks() != null) {
                c.getNetworkSettings().getNetworks().forEach((net, cn) -> {
                    if (cn.getIpAddress() != null && !cn.getIpAddress().isEmpty()) {
                        addrs.put(net, cn.getIpAddress());
                    }
                });
            }
            Map<Integer, Integer> published = new LinkedHashMap<>();
            if (c.getPorts() != null) {
                for (ContainerPort p : c.getPorts()) {
                    if (p.getPublicPort() != null && "tcp".equals(p.getType()) && p.getPrivatePort() != null) {
                        published.put(p.getPrivatePort(), p.getPublicPort());
                    }
                }
            }
            String name = c.getNames() != null && c.getNames().length > 0 ? c.getNames()[0].replaceFirst("^/", "") : c.getId();
            out.add(new ContainerInfo(c.getId(), name, c.getLabels() == null ? Map.of() : c.getLabels(),
                    "running".equals(c.getState()), c.getState(), addrs, published));
        }
        return out;
    }

    @Override
    public List<String> portBindings(String id) {
        if (NodePods.isId(id)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        InspectContainerResponse r = client.inspectContainerCmd(id).exec();
        Ports ports = r.getHostConfig() == null ? null : r.getHostConfig().getPortBindings();
        if (ports != null) {
            ports.getBindings().forEach((port, bindings) -> {
                for (Ports.Binding b : bindings == null ? new Ports.Binding[0] : bindings) {
                    out.add(b.getHostIp() + ":" + b.getHostPortSpec() + "->" + port);
                }
            });
        }
        if (r.getNetworkSettings() != null && r.getNetworkSettings().getPorts() != null) {
            r.getNetworkSettings().getPorts().getBindings().forEach((port, bindings) -> {
                for (Ports.Binding b : bindings == null ? new Ports.Binding[0] : bindings) {
                    out.add(b.getHostIp() + ":" + b.getHostPortSpec() + "->" + port);
                }
            });
        }
        return out;
    }

    @Override
    public void start(String id) {
        if (NodePods.isId(id)) {
            throw new IllegalStateException(id + " is a Pod its node runs: the next apply starts it again");
        }
        try {
            client.startContainerCmd(id).exec();
        } catch (NotModifiedException ignored) {
            // already running
        }
    }

    @Override
    public void stop(String id, int timeoutSeconds) {
        if (NodePods.isId(id)) {
            nodePods.signal(id, "TERM");
            return;
        }
        try {
            client.stopContainerCmd(id).withTimeout(timeoutSeconds).exec();
        } catch (NotModifiedException | NotFoundException ignored) {
            // already stopped or gone
        }
    }

    @Override
    public void kill(String id) {
        if (NodePods.isId(id)) {
            nodePods.signal(id, "KILL");
            return;
        }
        try {
            client.killContainerCmd(id).exec();
        } catch (NotFoundException ignored) {
            // gone
        } catch (DockerException e) {
            if (!String.valueOf(e.getMessage()).contains("is not running")) {
                throw e;
            }
        }
    }

    @Override
    public void remove(String id) {
        if (NodePods.isId(id)) {
            nodePods.remove(id);
            return;
        }
        try {
            client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException ignored) {
            // already gone
        } catch (DockerException e) {
            if (!String.valueOf(e.getMessage()).contains("already in progress")) {
                throw e;
            }
        }
    }

    @Override
    public String logs(String id, int tail) {
        if (NodePods.isId(id)) {
            return nodePods.logs(id, tail);
        }
        StringBuilder out = new StringBuilder();
        var cmd = client.logContainerCmd(id).withStdOut(true).withStdErr(true);
        if (tail > 0) {
            cmd.withTail(tail);
        }
        try {
            cmd.exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame f) {
                    synchronized (out) {
                        out.append(new String(f.getPayload(), StandardCharsets.UTF_8));
                    }
                }
            }).awaitCompletion(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (out) {
            return out.toString();
        }
    }

    @Override
    public ExecResult exec(String id, List<String> cmd) {
        if (NodePods.isId(id)) {
            return exec(NodePods.nodeOf(id), nodePods.entering(id, cmd));
        }
        String execId = client.execCreateCmd(id).withCmd(cmd.toArray(String[]::new)).withAttachStdout(true)
                .withAttachStderr(true).exec().getId();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            client.execStartCmd(execId).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame f) {
                    (f.getStreamType() == StreamType.STDERR ? err : out).writeBytes(f.getPayload());
                }
            }).awaitCompletion(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + cmd);
        }
        Long code = client.inspectExecCmd(execId).exec().getExitCodeLong();
        return new ExecResult(code == null ? -1 : code.intValue(), out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8));
    }

    @Override
    public Closeable logs(String id, boolean follow, int tail, Consumer<byte[]> chunks) {
        if (NodePods.isId(id)) {
            return execStream(NodePods.nodeOf(id), nodePods.logsCommand(id, follow, tail),
                    line -> chunks.accept((line + "\n").getBytes(StandardCharsets.UTF_8)));
        }
        var cmd = client.logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(follow);
        if (tail >= 0) {
            cmd = cmd.withTail(tail);
        }
        return cmd.exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame f) {
                chunks.accept(f.getPayload());
            }
        });
    }

    @Override
    public int execAttached(String id, List<String> cmd, InputStream stdin, java.io.OutputStream stdout,
                            java.io.OutputStream stderr) {
        if (NodePods.isId(id)) {
            return execAttached(NodePods.nodeOf(id), nodePods.entering(id, cmd), stdin, stdout, stderr);
        }
        String execId = client.execCreateCmd(id).withCmd(cmd.toArray(String[]::new)).withAttachStdin(true)
                .withAttachStdout(true).withAttachStderr(true).exec().getId();
        try {
            client.execStartCmd(execId).withStdIn(stdin).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame f) {
                    try {
                        java.io.OutputStream to = f.getStreamType() == StreamType.STDERR ? stderr : stdout;
                        to.write(f.getPayload());
                        to.flush();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e); // the reader went away: ends the exec
                    }
                }
            }).awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + cmd);
        }
        Long code = client.inspectExecCmd(execId).exec().getExitCodeLong();
        return code == null ? -1 : code.intValue();
    }

    @Override
    public Closeable execStream(String id, List<String> cmd, Consumer<String> lines) {
        if (NodePods.isId(id)) {
            return execStream(NodePods.nodeOf(id), nodePods.entering(id, cmd), lines);
        }
        String execId = client.execCreateCmd(id).withCmd(cmd.toArray(String[]::new)).withAttachStdout(true)
                .withAttachStderr(false).exec().getId();
        StringBuilder partial = new StringBuilder();
        return client.execStartCmd(execId).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame f) {
                if (f.getStreamType() != StreamType.STDOUT && f.getStreamType() != StreamType.RAW) {
                    return;
                }
                partial.append(new String(f.getPayload(), StandardCharsets.UTF_8));
                int nl;
                while ((nl = partial.indexOf("\n")) >= 0) {
                    String line = partial.substring(0, nl);
                    partial.delete(0, nl + 1);
                    lines.accept(line);
                }
            }
        });
    }

    /** The files of folder {@code dir} of a container, running or stopped (Docker's archive API); empty when none. */
    Map<String, byte[]> readFiles(String id, String dir) {
        try (InputStream in = client.copyArchiveFromContainerCmd(id, dir).exec()) {
            return TarArchive.read(in);
        } catch (NotFoundException e) {
            return Map.of();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void copyFiles(String id, String dir, Map<String, byte[]> files) {
        if (NodePods.isId(id)) {
            copyFiles(NodePods.nodeOf(id), dir, files); // the Pod sees its node's files
            return;
        }
        byte[] tar = TarArchive.of(dir, files);
        client.copyArchiveToContainerCmd(id).withRemotePath("/").withTarInputStream(new ByteArrayInputStream(tar)).exec();
    }

    @Override
    public long memoryUsage(String id) {
        if (NodePods.isId(id)) {
            return 0; // counted in its node container's
        }
        try {
            InspectContainerResponse ignored = client.inspectContainerCmd(id).exec();
            var cb = client.statsCmd(id).withNoStream(true).exec(new ResultCallback.Adapter<com.github.dockerjava.api.model.Statistics>() {
                volatile com.github.dockerjava.api.model.Statistics last;

                @Override
                public void onNext(com.github.dockerjava.api.model.Statistics s) {
                    last = s;
                }
            });
            cb.awaitCompletion(10, TimeUnit.SECONDS);
            var s = cb.last;
            if (s == null || s.getMemoryStats() == null || s.getMemoryStats().getUsage() == null) {
                return -1;
            }
            long usage = s.getMemoryStats().getUsage();
            // cgroup v1 counts the page cache in usage; Docker's CLI subtracts it.
            Map<String, Long> st = s.getMemoryStats().getStats() == null ? null : statsMap(s);
            if (st != null && st.get("cache") != null) {
                usage -= st.get("cache");
            }
            return usage;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static Map<String, Long> statsMap(com.github.dockerjava.api.model.Statistics s) {
        var st = s.getMemoryStats().getStats();
        Map<String, Long> m = new LinkedHashMap<>();
        if (st.getCache() != null) {
            m.put("cache", st.getCache());
        }
        return m;
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return oneLine(t.getMessage() != null ? t.getMessage() : t.toString());
    }

    /**
     * The engine's words on one line: docker-java gives an error reply as {@code Status 500: {"message":"..."}}
     * and a line break; that becomes {@code Status 500: ...}.
     */
    static String oneLine(String message) {
        String m = message.strip();
        java.util.regex.Matcher json = java.util.regex.Pattern.compile("(?s)^(Status \\d+: )(\\{.*})$").matcher(m);
        if (json.matches()) {
            try {
                com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.group(2));
                if (n.hasNonNull("message")) {
                    m = json.group(1) + n.get("message").asText();
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                // not JSON after all: the words as they are
            }
        }
        return m.replaceAll("\\s*\\R\\s*", " ");
    }
}
