package io.kubecanvas.emulator.docker;

import java.util.List;
import java.util.Map;

/**
 * Everything needed to create one container, computed before Docker is touched (so tests can check it).
 *
 * @param network      the network mode: a network name, {@code none}, or {@code container:<name>}
 * @param ipv4         the fixed address on {@code network}, or null
 * @param pidMode      null, or {@code container:<name>} to share that container's PID namespace
 * @param capAdd       capabilities added after {@link #capDrop} (never --privileged: see docs/docker-capabilities.md)
 * @param publish      ports published on the host's loopback only
 * @param connect      further networks joined after creation, each with a fixed address
 * @param entrypoint   replaces the image's entrypoint when not empty (a Pod's {@code command}); {@link #cmd} is
 *                     then its arguments ({@code args}), as the kubelet runs a container
 * @param extraHosts   {@code host:ip} lines for /etc/hosts
 * @param workingDir   the process's working directory (a Pod's {@code workingDir}), or null for the image's
 */
public record ContainerSpec(String name, String image, List<String> cmd, Map<String, String> env,
                            Map<String, String> labels, String hostname, String network, String ipv4,
                            String pidMode, List<String> capAdd, List<String> capDrop,
                            List<String> securityOpts, Map<String, String> sysctls, List<String> dns,
                            List<String> dnsSearch, List<String> dnsOptions, List<PublishedPort> publish,
                            List<NetworkAttachment> connect, List<String> entrypoint, List<String> extraHosts,
                            String workingDir) {

    /** A container in its image's working directory. */
    public ContainerSpec(String name, String image, List<String> cmd, Map<String, String> env,
                         Map<String, String> labels, String hostname, String network, String ipv4,
                         String pidMode, List<String> capAdd, List<String> capDrop,
                         List<String> securityOpts, Map<String, String> sysctls, List<String> dns,
                         List<String> dnsSearch, List<String> dnsOptions, List<PublishedPort> publish,
                         List<NetworkAttachment> connect, List<String> entrypoint, List<String> extraHosts) {
        this(name, image, cmd, env, labels, hostname, network, ipv4, pidMode, capAdd, capDrop, securityOpts, sysctls, dns,
                dnsSearch, dnsOptions, publish, connect, entrypoint, extraHosts, null);
    }

    /** A container that runs its image's entrypoint. */
    public ContainerSpec(String name, String image, List<String> cmd, Map<String, String> env,
                         Map<String, String> labels, String hostname, String network, String ipv4,
                         String pidMode, List<String> capAdd, List<String> capDrop,
                         List<String> securityOpts, Map<String, String> sysctls, List<String> dns,
                         List<String> dnsSearch, List<String> dnsOptions, List<PublishedPort> publish,
                         List<NetworkAttachment> connect) {
        this(name, image, cmd, env, labels, hostname, network, ipv4, pidMode, capAdd, capDrop, securityOpts, sysctls, dns,
                dnsSearch, dnsOptions, publish, connect, List.of(), List.of());
    }

    /** The same container with {@code host:ip} lines added to its /etc/hosts (as the kubelet writes a Pod's own name). */
    public ContainerSpec withExtraHosts(List<String> hosts) {
        return new ContainerSpec(name, image, cmd, env, labels, hostname, network, ipv4, pidMode, capAdd, capDrop, securityOpts,
                sysctls, dns, dnsSearch, dnsOptions, publish, connect, entrypoint, hosts, workingDir);
    }

    public ContainerSpec {
        entrypoint = List.copyOf(entrypoint);
        extraHosts = List.copyOf(extraHosts);
        cmd = List.copyOf(cmd);
        env = Map.copyOf(env);
        labels = Map.copyOf(labels);
        capAdd = List.copyOf(capAdd);
        capDrop = List.copyOf(capDrop);
        securityOpts = List.copyOf(securityOpts);
        sysctls = Map.copyOf(sysctls);
        dns = List.copyOf(dns);
        dnsSearch = List.copyOf(dnsSearch);
        dnsOptions = List.copyOf(dnsOptions);
        publish = List.copyOf(publish);
        connect = List.copyOf(connect);
    }

    /** A container port published as 127.0.0.1:{@code hostPort} (0 = any free port). */
    public record PublishedPort(int containerPort, String protocol, int hostPort) {
    }

    public record NetworkAttachment(String network, String ipv4) {
    }

    public String label(String key) {
        return labels.get(key);
    }
}
