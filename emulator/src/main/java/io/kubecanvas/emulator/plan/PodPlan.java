package io.kubecanvas.emulator.plan;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Pod as a backend runs it: where, with which address, its containers (image, command, args, environment
 * with field references resolved, ports) and so the sockets it listens on. Pods that do not run (pending,
 * no IP yet) are listed too, with their phase, so a probe can say why one does not answer.
 *
 * @param node   null while the Pod is not scheduled
 * @param ip     null until the Pod has a sandbox; the node's address for host-network Pods
 * @param owner  "Deployment/web" style owner chain head, or null for a bare Pod
 * @param initContainers run to completion, one after the other, before {@code containers} start (the docker
 *               backend runs them; the sim takes them as completed at once)
 * @param reason why the Pod does not run or runs other than specified, in Kubernetes' words (the control
 *               plane's {@code PodState.reason}), or null
 */
public record PodPlan(String namespace, String name, String uid, String node, String ip, String phase,
                      boolean hostNetwork, String owner, List<ContainerPlan> containers,
                      List<ContainerPlan> initContainers, String reason) {

    public PodPlan {
        containers = containers == null ? List.of() : List.copyOf(containers);
        initContainers = initContainers == null ? List.of() : List.copyOf(initContainers);
    }

    /** A Pod without init containers, nothing wrong with it. */
    public PodPlan(String namespace, String name, String uid, String node, String ip, String phase,
                   boolean hostNetwork, String owner, List<ContainerPlan> containers) {
        this(namespace, name, uid, node, ip, phase, hostNetwork, owner, containers, List.of(), null);
    }

    public String key() {
        return namespace + "/" + name;
    }

    /** Scheduled and given an address: it has a network namespace (or shares its node's). */
    public boolean running() {
        return node != null && ip != null;
    }

    /** Every port the Pod's containers declare, once per port and protocol, in declaration order. */
    public List<Listener> listeners() {
        List<Listener> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (ContainerPlan c : containers) {
            for (Port p : c.ports()) {
                if (seen.add(p.port() + "/" + p.protocol())) {
                    out.add(new Listener(p.port(), p.protocol(), p.name(), c.name()));
                }
            }
        }
        return out;
    }

    /** The port a name stands for on this Pod (a named targetPort or policy port), or 0. */
    public int namedPort(String name, String protocol) {
        for (Listener l : listeners()) {
            if (name.equals(l.name()) && protocol.equalsIgnoreCase(l.protocol())) {
                return l.port();
            }
        }
        return 0;
    }

    /**
     * One container.
     *
     * @param env name to value: literals, ConfigMap and Secret values (as the control plane's kubelet made
     *            them) and field references ({@code status.podIP}, {@code metadata.name}...); a value the
     *            emulator cannot know (a resource field) is {@code null}, with {@code unresolved} saying from where
     * @param workingDir      the spec's {@code workingDir}, or null for the image's own
     * @param imagePullPolicy Always, IfNotPresent or Never (defaulted as the API server does)
     */
    public record ContainerPlan(String name, String image, List<String> command, List<String> args,
                                Map<String, String> env, Map<String, String> unresolved, List<Port> ports,
                                String workingDir, String imagePullPolicy) {
        public ContainerPlan {
            command = command == null ? List.of() : List.copyOf(command);
            args = args == null ? List.of() : List.copyOf(args);
            env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env == null ? Map.of() : env));
            unresolved = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(unresolved == null ? Map.of() : unresolved));
            ports = ports == null ? List.of() : List.copyOf(ports);
            imagePullPolicy = imagePullPolicy == null || imagePullPolicy.isBlank() ? "IfNotPresent" : imagePullPolicy;
        }

        /** A container in its image's working directory, pulled if not present. */
        public ContainerPlan(String name, String image, List<String> command, List<String> args,
                             Map<String, String> env, Map<String, String> unresolved, List<Port> ports) {
            this(name, image, command, args, env, unresolved, ports, null, null);
        }
    }

    /** A declared container port; {@code protocol} is TCP, UDP or SCTP (upper case). */
    public record Port(String name, int port, String protocol) {
    }

    /** A socket the Pod answers on, and which container declared it. */
    public record Listener(int port, String protocol, String name, String container) {
    }
}
