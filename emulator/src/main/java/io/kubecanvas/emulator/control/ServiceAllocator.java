package io.kubecanvas.emulator.control;

import io.kubecanvas.model.net.Ipv4;
import io.kubecanvas.model.net.Cidr;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.kubecanvas.emulator.state.ClusterState;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Service addresses. At admission, as the API server does: a ClusterIP from the service CIDR (an explicit
 * one honoured if free and in range; dynamic ones drawn at random from the upper band, the lower band kept
 * for explicit ones) and NodePorts from 30000-32767 (same banding). Afterwards, as a load-balancer
 * controller (MetalLB style) does: the lowest free address of the load-balancer pool, or the requested
 * {@code spec.loadBalancerIP}. An update keeps the addresses the Service already had.
 */
final class ServiceAllocator {
    static final int NODE_PORT_MIN = 30000;
    static final int NODE_PORT_MAX = 32767;
    /** Offset of the kubernetes Service (reserved) and of kube-dns in the service CIDR. */
    static final int API_SERVER_OFFSET = 1;
    static final int DNS_OFFSET = 10;
    static final String SOURCE = "service-controller";

    private final ControlContext ctx;
    private final Cidr serviceCidr;
    private final Set<String> lbFailureReported = new HashSet<>();

    ServiceAllocator(ControlContext ctx) {
        this.ctx = ctx;
        this.serviceCidr = Cidr.parse(ctx.network.serviceCidr());
    }

    String apiServerIp() {
        return serviceCidr.nthText(API_SERVER_OFFSET);
    }

    String dnsServiceIp() {
        return serviceCidr.nthText(DNS_OFFSET);
    }

    /** Validates and allocates a Service; {@code previous} is the stored version on update, else null. */
    ServiceObject admit(String namespace, Service svc, ServiceObject previous) throws AdmissionException {
        String name = svc.getMetadata().getName();
        String what = "Service \"" + name + "\" is invalid: ";
        ServiceSpec spec = svc.getSpec() == null ? new ServiceSpec() : svc.getSpec();
        String type = spec.getType() == null || spec.getType().isBlank() ? ServiceObject.CLUSTER_IP : spec.getType();
        if (!List.of(ServiceObject.CLUSTER_IP, ServiceObject.NODE_PORT, ServiceObject.LOAD_BALANCER,
                ServiceObject.EXTERNAL_NAME).contains(type)) {
            throw new AdmissionException(what + "spec.type: Unsupported value: \"" + type
                    + "\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"");
        }
        boolean external = ServiceObject.EXTERNAL_NAME.equals(type);
        boolean withNodePorts = ServiceObject.NODE_PORT.equals(type) || ServiceObject.LOAD_BALANCER.equals(type);
        List<ServiceObject> others = new ArrayList<>();
        for (ServiceObject s : ctx.store.bodies(Kinds.SERVICE, ServiceObject.class)) {
            if (!(s.namespace().equals(namespace) && s.name().equals(name))) {
                others.add(s);
            }
        }

        String requested = spec.getClusterIP();
        if ((requested == null || requested.isBlank()) && spec.getClusterIPs() != null && !spec.getClusterIPs().isEmpty()) {
            requested = spec.getClusterIPs().get(0);
        }
        String clusterIp = null;
        if (!external) {
            if ("None".equals(requested)) {
                if (withNodePorts) {
                    throw new AdmissionException(what + "spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for "
                            + type + " services");
                }
            } else if (requested != null && !requested.isBlank()) {
                clusterIp = explicitClusterIp(what, requested, others);
            } else if (previous != null && previous.clusterIp() != null) {
                clusterIp = previous.clusterIp();
            } else {
                clusterIp = dynamicClusterIp(others);
                if (clusterIp == null) {
                    throw new AdmissionException("Internal error occurred: failed to allocate a serviceIP: range is full");
                }
            }
        }

        List<ClusterState.ServicePort> ports = new ArrayList<>();
        Set<Integer> usedNodePorts = new HashSet<>();
        for (ServiceObject s : others) {
            for (ClusterState.ServicePort p : s.ports()) {
                if (p.nodePort() > 0) {
                    usedNodePorts.add(p.nodePort());
                }
            }
        }
        List<io.fabric8.kubernetes.api.model.ServicePort> specPorts = spec.getPorts() == null ? List.of() : spec.getPorts();
        for (int i = 0; i < specPorts.size(); i++) {
            var p = specPorts.get(i);
            if (p.getPort() == null || p.getPort() < 1 || p.getPort() > 65535) {
                throw new AdmissionException(what + "spec.ports[" + i + "].port: " + (p.getPort() == null ? "Required value"
                        : "Invalid value: " + p.getPort() + ": must be between 1 and 65535, inclusive"));
            }
            String protocol = p.getProtocol() == null || p.getProtocol().isBlank() ? "TCP" : p.getProtocol();
            String target = targetPort(p.getTargetPort(), p.getPort());
            int nodePort = 0;
            if (withNodePorts) {
                Integer explicit = p.getNodePort();
                if (explicit != null && explicit != 0) {
                    if (explicit < NODE_PORT_MIN || explicit > NODE_PORT_MAX) {
                        throw new AdmissionException(what + "spec.ports[" + i + "].nodePort: Invalid value: " + explicit
                                + ": provided port is not in the valid range. The range of valid ports is "
                                + NODE_PORT_MIN + "-" + NODE_PORT_MAX);
                    }
                    if (usedNodePorts.contains(explicit)) {
                        throw new AdmissionException(what + "spec.ports[" + i + "].nodePort: Invalid value: " + explicit
                                + ": provided port is already allocated");
                    }
                    nodePort = explicit;
                } else {
                    nodePort = previousNodePort(previous, p.getName(), p.getPort(), protocol, usedNodePorts);
                    if (nodePort == 0) {
                        nodePort = dynamicNodePort(usedNodePorts);
                        if (nodePort == 0) {
                            throw new AdmissionException("Internal error occurred: failed to allocate a nodePort: range is full");
                        }
                    }
                }
                usedNodePorts.add(nodePort);
            }
            ports.add(new ClusterState.ServicePort(p.getName() == null || p.getName().isBlank() ? null : p.getName(),
                    protocol, p.getPort(), target, nodePort));
        }
        if (!external && ports.isEmpty() && clusterIp != null) {
            throw new AdmissionException(what + "spec.ports: Required value");
        }

        String lbIp = previous != null && ServiceObject.LOAD_BALANCER.equals(type)
                && ServiceObject.LOAD_BALANCER.equals(previous.type())
                && java.util.Objects.equals(previous.requestedLoadBalancerIp(), spec.getLoadBalancerIP())
                ? previous.loadBalancerIp() : null;
        String affinity = spec.getSessionAffinity() == null || spec.getSessionAffinity().isBlank() ? "None"
                : spec.getSessionAffinity();
        String etp = withNodePorts ? (spec.getExternalTrafficPolicy() == null || spec.getExternalTrafficPolicy().isBlank()
                ? "Cluster" : spec.getExternalTrafficPolicy()) : null;
        return new ServiceObject(namespace, name, type, clusterIp, lbIp, spec.getLoadBalancerIP(),
                spec.getSelector() == null || spec.getSelector().isEmpty() ? null : spec.getSelector(), ports,
                affinity, etp, external ? spec.getExternalName() : null,
                Boolean.TRUE.equals(spec.getPublishNotReadyAddresses()),
                external ? null : internalTrafficPolicy(what, spec.getInternalTrafficPolicy()));
    }

    private static String internalTrafficPolicy(String what, String policy) throws AdmissionException {
        if (policy == null || policy.isBlank()) {
            return "Cluster";
        }
        if (!policy.equals("Cluster") && !policy.equals("Local")) {
            throw new AdmissionException(what + "spec.internalTrafficPolicy: Unsupported value: \"" + policy
                    + "\": supported values: \"Cluster\", \"Local\"");
        }
        return policy;
    }

    private static String targetPort(IntOrString target, int port) {
        if (target == null) {
            return String.valueOf(port);
        }
        if (target.getStrVal() != null && !target.getStrVal().isBlank()) {
            return target.getStrVal();
        }
        if (target.getIntVal() != null && target.getIntVal() != 0) {
            return String.valueOf(target.getIntVal());
        }
        return String.valueOf(port);
    }

    private String explicitClusterIp(String what, String requested, List<ServiceObject> others) throws AdmissionException {
        String prefix = what + "spec.clusterIPs: Invalid value: []string{\"" + requested + "\"}: ";
        if (!Ipv4.isAddress(requested)) {
            throw new AdmissionException(prefix + "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
        }
        int ip = Ipv4.parse(requested);
        if (!serviceCidr.contains(ip) || ip == serviceCidr.network() || ip == serviceCidr.broadcast()) {
            throw new AdmissionException(prefix + "failed to allocate IP " + requested + ": the provided IP (" + requested
                    + ") is not in the valid range. The range of valid IPs is " + serviceCidr.canonical());
        }
        String normal = Ipv4.format(ip);
        for (ServiceObject s : others) {
            if (normal.equals(s.clusterIp())) {
                throw new AdmissionException(prefix + "failed to allocate IP " + requested
                        + ": provided IP is already allocated");
            }
        }
        return normal;
    }

    private String dynamicClusterIp(List<ServiceObject> others) {
        Set<Integer> used = new HashSet<>();
        used.add(serviceCidr.nth(API_SERVER_OFFSET));
        used.add(serviceCidr.nth(DNS_OFFSET));
        for (ServiceObject s : others) {
            if (s.clusterIp() != null) {
                used.add(Ipv4.parse(s.clusterIp()));
            }
        }
        long size = serviceCidr.size();
        long lowBand = Math.min(Math.max(16, size / 16), 256);
        long offset = pick(ctx.clusterIps, lowBand, size - 2, 1, o -> used.contains(serviceCidr.nth(o)));
        return offset < 0 ? null : serviceCidr.nthText(offset);
    }

    private int dynamicNodePort(Set<Integer> used) {
        int size = NODE_PORT_MAX - NODE_PORT_MIN + 1;
        int lowBand = Math.min(Math.max(16, size / 32), 128);
        long offset = pick(ctx.nodePorts, lowBand, size - 1, 0, o -> used.contains((int) (NODE_PORT_MIN + o)));
        return offset < 0 ? 0 : (int) (NODE_PORT_MIN + offset);
    }

    /**
     * A random free offset in [bandStart, last], scanning forward from a random start as the bitmap
     * allocator does; the lower band [first, bandStart) only when the upper one is full.
     */
    private static long pick(java.util.Random random, long bandStart, long last, long first,
                             java.util.function.LongPredicate taken) {
        long span = last - bandStart + 1;
        if (span > 0) {
            long start = bandStart + (long) (random.nextDouble() * span);
            for (long i = 0; i < span; i++) {
                long o = bandStart + (start - bandStart + i) % span;
                if (!taken.test(o)) {
                    return o;
                }
            }
        }
        for (long o = first; o < bandStart; o++) {
            if (!taken.test(o)) {
                return o;
            }
        }
        return -1;
    }

    private static int previousNodePort(ServiceObject previous, String name, int port, String protocol, Set<Integer> used) {
        if (previous == null) {
            return 0;
        }
        for (ClusterState.ServicePort p : previous.ports()) {
            boolean same = name != null && name.equals(p.name()) || p.port() == port && p.protocol().equals(protocol);
            if (same && p.nodePort() > 0 && !used.contains(p.nodePort())) {
                return p.nodePort();
            }
        }
        return 0;
    }

    /** Assigns pool addresses to LoadBalancer Services that have none (and releases nothing: deletion does). */
    void reconcileLoadBalancers() {
        Cidr pool;
        try {
            pool = Cidr.parse(ctx.network.loadBalancerPool());
        } catch (IllegalArgumentException e) {
            return;
        }
        List<ServiceObject> services = ctx.store.bodies(Kinds.SERVICE, ServiceObject.class);
        Set<String> used = new HashSet<>();
        for (ServiceObject s : services) {
            if (s.loadBalancerIp() != null) {
                used.add(s.loadBalancerIp());
            }
        }
        for (ServiceObject s : services) {
            if (!ServiceObject.LOAD_BALANCER.equals(s.type()) || s.loadBalancerIp() != null) {
                continue;
            }
            String ip = null;
            String req = s.requestedLoadBalancerIp();
            if (req != null && !req.isBlank()) {
                if (pool.contains(req) && !used.contains(Ipv4.format(Ipv4.parse(req)))) {
                    ip = Ipv4.format(Ipv4.parse(req));
                }
            } else {
                for (long o = 0; o < pool.size() && ip == null; o++) {
                    if (!used.contains(pool.nthText(o))) {
                        ip = pool.nthText(o);
                    }
                }
            }
            if (ip == null) {
                if (lbFailureReported.add(s.key())) {
                    ctx.warning("AllocationFailed", s.namespace(), "service/" + s.name(), "Failed to allocate IP for \""
                            + s.key() + "\": " + (req != null && !req.isBlank() ? "requested IP " + req
                            + " is not available in pool " + pool : "no available IPs in pool " + pool), SOURCE);
                }
                continue;
            }
            lbFailureReported.remove(s.key());
            used.add(ip);
            ctx.store.put(Kinds.key(Kinds.SERVICE, s.namespace(), s.name()), s.withLoadBalancerIp(ip));
            ctx.normal("IPAllocated", s.namespace(), "service/" + s.name(), "Assigned IP [\"" + ip + "\"]", SOURCE);
        }
    }
}
