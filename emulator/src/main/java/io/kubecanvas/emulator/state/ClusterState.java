package io.kubecanvas.emulator.state;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.kubecanvas.model.Cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of what the control plane has decided, the one input of the network plan: nodes with their
 * underlay addresses and Pod CIDRs, scheduled Pods with their IPs, Services with their virtual addresses
 * and endpoints, the policies and Ingresses in force, and the DNS records. Immutable.
 *
 * <p>This is the seam between the control plane (which produces it) and the network plan and backends
 * (which only read it).
 */
public record ClusterState(long resourceVersion, Cluster.NetworkSettings network, List<NodeState> nodes,
                           List<NamespaceState> namespaces, List<PodState> pods, List<ServiceState> services,
                           List<NetworkPolicy> policies, List<Ingress> ingresses, List<DnsRecord> dns,
                           Map<String, TlsSecret> tlsSecrets, List<IngressClassState> ingressClasses) {

    /** The IngressClass every emulated cluster has: ingress-nginx's, marked default (as minikube's addon does). */
    public static final IngressClassState NGINX = new IngressClassState("nginx", IngressClassState.INGRESS_NGINX, true);

    /** A state whose only IngressClass is the emulator's {@link #NGINX}. */
    public ClusterState(long resourceVersion, Cluster.NetworkSettings network, List<NodeState> nodes,
                        List<NamespaceState> namespaces, List<PodState> pods, List<ServiceState> services,
                        List<NetworkPolicy> policies, List<Ingress> ingresses, List<DnsRecord> dns,
                        Map<String, TlsSecret> tlsSecrets) {
        this(resourceVersion, network, nodes, namespaces, pods, services, policies, ingresses, dns, tlsSecrets,
                List.of(NGINX));
    }

    public ClusterState {
        ingressClasses = List.copyOf(ingressClasses);
        nodes = List.copyOf(nodes);
        namespaces = List.copyOf(namespaces);
        pods = List.copyOf(pods);
        services = List.copyOf(services);
        policies = List.copyOf(policies);
        ingresses = List.copyOf(ingresses);
        dns = List.copyOf(dns);
        tlsSecrets = Map.copyOf(tlsSecrets);
    }

    public NodeState node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst().orElse(null);
    }

    public PodState pod(String namespace, String name) {
        return pods.stream().filter(p -> p.namespace().equals(namespace) && p.name().equals(name)).findFirst().orElse(null);
    }

    public ServiceState service(String namespace, String name) {
        return services.stream().filter(s -> s.namespace().equals(namespace) && s.name().equals(name)).findFirst()
                .orElse(null);
    }

    public Map<String, String> namespaceLabels(String namespace) {
        return namespaces.stream().filter(n -> n.name().equals(namespace)).map(NamespaceState::labels).findFirst()
                .orElse(Map.of("kubernetes.io/metadata.name", namespace));
    }

    /**
     * A worker or control-plane node.
     *
     * @param underlayIp the node's address on the underlay network (eth0)
     * @param podCidr    the node's slice of the cluster CIDR, e.g. 10.244.1.0/24
     * @param ready      false while the node is stopped
     */
    public record NodeState(String name, String role, String underlayIp, String podCidr, boolean ready,
                            Map<String, String> labels) {
    }

    public record NamespaceState(String name, Map<String, String> labels) {
    }

    /**
     * A scheduled Pod. {@code ip} is null until it has a sandbox; {@code node} null while pending.
     *
     * @param owner            "Deployment/web" style owner chain head, or null for a bare Pod
     * @param containers       the spec's containers in order (image, command, args, env, ports)
     * @param readinessProbes  its containers' readiness probes (a backend that runs containers runs them)
     * @param readiness        why a Running Pod is not ready, in the kubelet's terms ("readiness probe GET
     *                         :8080/healthz failed: connection refused"), or null when it is ready
     * @param initContainers   the spec's init containers in order (run to completion before {@code containers})
     * @param reason           why the Pod does not run (or runs other than its spec says), in Kubernetes' words:
     *                         {@code Unschedulable: 0/2 nodes are available: ...}, {@code CreateContainerConfigError:
     *                         configmap "cfg" not found}, {@code Init:Error: ...}, {@code ErrImagePull: ...}; null
     *                         when nothing is wrong
     */
    public record PodState(String namespace, String name, String uid, String node, String ip, String phase,
                           boolean ready, Map<String, String> labels, List<ContainerPort> ports,
                           List<String> images, boolean hostNetwork, String owner, List<PodContainer> containers,
                           List<ReadinessProbe> readinessProbes, String readiness, List<PodContainer> initContainers,
                           String reason) {
        public PodState {
            ports = List.copyOf(ports);
            images = List.copyOf(images);
            containers = List.copyOf(containers);
            readinessProbes = readinessProbes == null ? List.of() : List.copyOf(readinessProbes);
            initContainers = initContainers == null ? List.of() : List.copyOf(initContainers);
        }

        /** A Pod without init containers, and no reason beyond its phase and readiness. */
        public PodState(String namespace, String name, String uid, String node, String ip, String phase,
                        boolean ready, Map<String, String> labels, List<ContainerPort> ports,
                        List<String> images, boolean hostNetwork, String owner, List<PodContainer> containers,
                        List<ReadinessProbe> readinessProbes, String readiness) {
            this(namespace, name, uid, node, ip, phase, ready, labels, ports, images, hostNetwork, owner, containers,
                    readinessProbes, readiness, List.of(), null);
        }

        /** A Pod without readiness probes. */
        public PodState(String namespace, String name, String uid, String node, String ip, String phase,
                        boolean ready, Map<String, String> labels, List<ContainerPort> ports,
                        List<String> images, boolean hostNetwork, String owner, List<PodContainer> containers) {
            this(namespace, name, uid, node, ip, phase, ready, labels, ports, images, hostNetwork, owner, containers,
                    List.of(), null);
        }

        /** A Pod whose containers are known only by image (each one's name taken from its image), without probes. */
        public PodState(String namespace, String name, String uid, String node, String ip, String phase,
                        boolean ready, Map<String, String> labels, List<ContainerPort> ports,
                        List<String> images, boolean hostNetwork, String owner) {
            this(namespace, name, uid, node, ip, phase, ready, labels, ports, images, hostNetwork, owner,
                    PodContainer.fromImages(images, ports));
        }

        public String key() {
            return namespace + "/" + name;
        }

        /**
         * The phase as kubectl and the views show it: "Running", "Running, not ready: readiness probe ...", or with
         * the reason it does not run: "Pending (CreateContainerConfigError: configmap "cfg" not found)".
         */
        public String status() {
            String s = readiness == null || ready ? phase : phase + ", not ready: " + readiness;
            return reason == null ? s : s + " (" + reason + ")";
        }
    }

    /**
     * A container's readiness probe, its port resolved to a number (a named port looked up in the container's
     * ports). Timing as the kubelet applies it, on the control plane's virtual clock: the first probe
     * {@code initialDelaySeconds} after the container started, then every {@code periodSeconds}; the container
     * is ready after {@code successThreshold} successes in a row and unready after {@code failureThreshold}
     * failures in a row (it starts unready).
     *
     * @param action  httpGet, tcpSocket, grpc or exec
     * @param port    0 for exec, -1 when a named port does not exist in the container
     * @param command exec's command, else empty
     */
    public record ReadinessProbe(String container, String action, int port, String portName, String path,
                                 String scheme, List<String> command, int initialDelaySeconds, int periodSeconds,
                                 int timeoutSeconds, int successThreshold, int failureThreshold) {
        public ReadinessProbe {
            command = command == null ? List.of() : List.copyOf(command);
        }

        /** As the kubelet describes it: "GET :8080/healthz", "TCP :5432", "exec [cat /tmp/ready]". */
        public String describe() {
            String p = port > 0 ? String.valueOf(port) : String.valueOf(portName);
            return switch (action) {
                case "httpGet" -> "GET " + ("HTTPS".equalsIgnoreCase(scheme) ? "https " : "") + ":" + p
                        + (path == null || path.isEmpty() ? "/" : path);
                case "tcpSocket" -> "TCP :" + p;
                case "grpc" -> "gRPC :" + p;
                default -> "exec " + command;
            };
        }
    }

    /**
     * One container of a Pod spec.
     *
     * @param command the entrypoint override ({@code command}), empty for the image's own
     * @param args    {@code args}, empty for the image's own
     */
    public record PodContainer(String name, String image, List<String> command, List<String> args, List<EnvVar> env,
                               List<ContainerPort> ports, String workingDir, String imagePullPolicy) {
        public PodContainer {
            command = List.copyOf(command);
            args = List.copyOf(args);
            env = List.copyOf(env);
            ports = List.copyOf(ports);
            workingDir = workingDir == null || workingDir.isBlank() ? null : workingDir;
            imagePullPolicy = imagePullPolicy == null || imagePullPolicy.isBlank() ? defaultPullPolicy(image) : imagePullPolicy;
        }

        /** A container in the image's working directory, with the API server's default pull policy. */
        public PodContainer(String name, String image, List<String> command, List<String> args, List<EnvVar> env,
                            List<ContainerPort> ports) {
            this(name, image, command, args, env, ports, null, null);
        }

        /** The same container with another environment (as the kubelet resolved it). */
        public PodContainer withEnv(List<EnvVar> resolved) {
            return new PodContainer(name, image, command, args, resolved, ports, workingDir, imagePullPolicy);
        }

        /**
         * The API server's default (pkg/apis/core/v1/defaults.go): {@code Always} for an image without a tag or
         * tagged {@code latest}, else {@code IfNotPresent}; a digest counts as a tag.
         */
        public static String defaultPullPolicy(String image) {
            if (image == null || image.isBlank()) {
                return "IfNotPresent";
            }
            if (image.contains("@")) {
                return "IfNotPresent";
            }
            String last = image.substring(image.lastIndexOf('/') + 1);
            int colon = last.indexOf(':');
            return colon < 0 || "latest".equals(last.substring(colon + 1)) ? "Always" : "IfNotPresent";
        }

        /** The containers of a Pod spec, in order. */
        public static List<PodContainer> of(PodSpec spec) {
            return spec == null ? new ArrayList<>() : of(spec.getContainers());
        }

        /** The init containers of a Pod spec, in order. */
        public static List<PodContainer> initOf(PodSpec spec) {
            return spec == null ? new ArrayList<>() : of(spec.getInitContainers());
        }

        /** Containers as the spec lists them; env values from elsewhere are left for the kubelet to resolve. */
        public static List<PodContainer> of(List<Container> containers) {
            List<PodContainer> out = new ArrayList<>();
            if (containers == null) {
                return out;
            }
            for (Container c : containers) {
                List<EnvVar> env = new ArrayList<>();
                for (io.fabric8.kubernetes.api.model.EnvVar e : c.getEnv() == null ? List.<io.fabric8.kubernetes.api.model.EnvVar>of() : c.getEnv()) {
                    env.add(new EnvVar(e.getName(), e.getValueFrom() == null ? (e.getValue() == null ? "" : e.getValue()) : null,
                            EnvVar.describe(e.getValueFrom())));
                }
                List<ContainerPort> ports = new ArrayList<>();
                for (var p : c.getPorts() == null ? List.<io.fabric8.kubernetes.api.model.ContainerPort>of() : c.getPorts()) {
                    if (p.getContainerPort() != null) {
                        ports.add(new ContainerPort(p.getName(), p.getContainerPort(), p.getProtocol() == null ? "TCP" : p.getProtocol()));
                    }
                }
                out.add(new PodContainer(c.getName() == null ? "" : c.getName(), c.getImage() == null ? "" : c.getImage(),
                        c.getCommand() == null ? List.of() : c.getCommand(), c.getArgs() == null ? List.of() : c.getArgs(),
                        env, ports, c.getWorkingDir(), c.getImagePullPolicy()));
            }
            return out;
        }

        /** Containers known by image only; the Pod's ports go to the first. */
        static List<PodContainer> fromImages(List<String> images, List<ContainerPort> ports) {
            List<PodContainer> out = new ArrayList<>();
            for (int i = 0; i < images.size(); i++) {
                out.add(new PodContainer("c" + i, images.get(i), List.of(), List.of(), List.of(), i == 0 ? ports : List.of()));
            }
            return out;
        }
    }

    /**
     * An environment variable: a literal {@code value}, or {@code valueFrom} saying where it comes from
     * ({@code fieldRef:status.podIP}, {@code secretKeyRef:db/password}, {@code configMapKeyRef:cfg/key},
     * {@code resourceFieldRef:limits.cpu}) with {@code value} null until something resolves it.
     */
    public record EnvVar(String name, String value, String valueFrom) {
        public static String describe(io.fabric8.kubernetes.api.model.EnvVarSource from) {
            if (from == null) {
                return null;
            }
            if (from.getFieldRef() != null) {
                return "fieldRef:" + from.getFieldRef().getFieldPath();
            }
            if (from.getSecretKeyRef() != null) {
                return "secretKeyRef:" + from.getSecretKeyRef().getName() + "/" + from.getSecretKeyRef().getKey();
            }
            if (from.getConfigMapKeyRef() != null) {
                return "configMapKeyRef:" + from.getConfigMapKeyRef().getName() + "/" + from.getConfigMapKeyRef().getKey();
            }
            if (from.getResourceFieldRef() != null) {
                return "resourceFieldRef:" + from.getResourceFieldRef().getResource();
            }
            return "unknown";
        }
    }

    /** A port a container declares. {@code name} may be null. */
    public record ContainerPort(String name, int port, String protocol) {
    }

    /**
     * @param type                  ClusterIP, NodePort, LoadBalancer (or ExternalName)
     * @param clusterIp             null for headless Services
     * @param selector              null or empty for selector-less Services
     * @param endpoints             every endpoint of the Service's EndpointSlices, ready or not (see
     *                              {@link Endpoint#ready()}: only ready ones take traffic)
     * @param internalTrafficPolicy Cluster, or Local: traffic from inside the cluster to the ClusterIP stays on
     *                              the sender's node (dropped where that node has no endpoint)
     */
    public record ServiceState(String namespace, String name, String type, String clusterIp,
                               String loadBalancerIp, Map<String, String> selector, List<ServicePort> ports,
                               List<Endpoint> endpoints, String sessionAffinity, String externalTrafficPolicy,
                               String internalTrafficPolicy) {
        public ServiceState {
            internalTrafficPolicy = internalTrafficPolicy == null || internalTrafficPolicy.isBlank() ? "Cluster"
                    : internalTrafficPolicy;
        }

        /** A Service with {@code internalTrafficPolicy: Cluster}. */
        public ServiceState(String namespace, String name, String type, String clusterIp, String loadBalancerIp,
                            Map<String, String> selector, List<ServicePort> ports, List<Endpoint> endpoints,
                            String sessionAffinity, String externalTrafficPolicy) {
            this(namespace, name, type, clusterIp, loadBalancerIp, selector, ports, endpoints, sessionAffinity,
                    externalTrafficPolicy, "Cluster");
        }

        public boolean headless() {
            return clusterIp == null || "None".equals(clusterIp);
        }

        public String key() {
            return namespace + "/" + name;
        }
    }

    /**
     * @param targetPort as written: a number or a port name
     * @param nodePort   0 when the Service has none
     */
    public record ServicePort(String name, String protocol, int port, String targetPort, int nodePort) {
    }

    /**
     * One endpoint of a Service (an EndpointSlice entry), its target port resolved per Service port
     * (named targetPorts are looked up in the Pod's container ports).
     *
     * @param targetPorts Service port name (or number as text when unnamed) to the Pod port
     */
    public record Endpoint(String podNamespace, String podName, String ip, String node, boolean ready,
                           Map<String, Integer> targetPorts) {
    }

    /**
     * A DNS record the cluster DNS serves: type A, CNAME (an ExternalName Service: {@code value} is the alias's
     * target) or SRV ({@code value} "prio weight port target").
     */
    public record DnsRecord(String name, String type, String value) {
    }

    /**
     * An IngressClass: which controller implements it, and whether Ingresses without a class get it
     * ({@code ingressclass.kubernetes.io/is-default-class: "true"}).
     */
    public record IngressClassState(String name, String controller, boolean isDefault) {
        /** The controller name ingress-nginx serves (its IngressClass spec.controller). */
        public static final String INGRESS_NGINX = "k8s.io/ingress-nginx";
    }

    /** A TLS certificate for Ingress hosts, from a Secret (PEM text), keyed by "namespace/name". */
    public record TlsSecret(String certPem, String keyPem) {
    }
}
