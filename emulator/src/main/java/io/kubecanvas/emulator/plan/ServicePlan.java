package io.kubecanvas.emulator.plan;

import java.util.List;

/**
 * A Service as both backends see it: its virtual addresses and, per port, the endpoints kube-proxy
 * balances over (their Pod, address and resolved target port). Probes resolve Service names and ports
 * from this; the rules that implement it are in each node's iptables tables.
 *
 * @param clusterIp      null for a headless Service
 * @param loadBalancerIp null unless the Service is a LoadBalancer with an address
 */
public record ServicePlan(String namespace, String name, String type, String clusterIp, String loadBalancerIp,
                          List<Port> ports) {

    public ServicePlan {
        ports = List.copyOf(ports);
    }

    public String key() {
        return namespace + "/" + name;
    }

    public boolean headless() {
        return clusterIp == null;
    }

    /**
     * One Service port.
     *
     * @param protocol TCP, UDP or SCTP (upper case)
     * @param nodePort 0 when the Service has none
     */
    public record Port(String name, String protocol, int port, int nodePort, List<Backend> backends) {
        public Port {
            backends = List.copyOf(backends);
        }

        /** The ready endpoints, the ones traffic goes to. */
        public List<Backend> ready() {
            return backends.stream().filter(Backend::ready).toList();
        }
    }

    /** An endpoint of a port: the Pod ({@code ns/name}), its address and the Pod port it serves. */
    public record Backend(String pod, String ip, int port, String node, boolean ready) {
    }
}
