package io.kubecanvas.emulator.control;

import io.kubecanvas.emulator.state.ClusterState;

import java.util.List;
import java.util.Map;

/**
 * A Service after admission: the addresses the API server allocated (ClusterIP, NodePorts) and the one the
 * load-balancer controller assigned.
 *
 * @param clusterIp      null for headless and ExternalName Services
 * @param loadBalancerIp null until assigned (or when the pool is exhausted)
 * @param externalName   the CNAME target of an ExternalName Service, else null
 * @param internalTrafficPolicy Cluster or Local
 */
public record ServiceObject(String namespace, String name, String type, String clusterIp, String loadBalancerIp,
                            String requestedLoadBalancerIp, Map<String, String> selector,
                            List<ClusterState.ServicePort> ports, String sessionAffinity,
                            String externalTrafficPolicy, String externalName, boolean publishNotReadyAddresses,
                            String internalTrafficPolicy) {

    public static final String CLUSTER_IP = "ClusterIP";
    public static final String NODE_PORT = "NodePort";
    public static final String LOAD_BALANCER = "LoadBalancer";
    public static final String EXTERNAL_NAME = "ExternalName";

    public ServiceObject {
        selector = selector == null ? null : Map.copyOf(selector);
        ports = List.copyOf(ports);
    }

    public boolean headless() {
        return clusterIp == null && !EXTERNAL_NAME.equals(type);
    }

    ServiceObject withLoadBalancerIp(String ip) {
        return new ServiceObject(namespace, name, type, clusterIp, ip, requestedLoadBalancerIp, selector, ports,
                sessionAffinity, externalTrafficPolicy, externalName, publishNotReadyAddresses, internalTrafficPolicy);
    }

    String key() {
        return namespace + "/" + name;
    }
}
