package io.kubecanvas.emulator.control;

import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.emulator.state.ClusterState.DnsRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The records CoreDNS's kubernetes plugin serves, computed from Services, their endpoints and Pods
 * (names without the trailing dot, lower case):
 * <ul>
 * <li>{@code svc.ns.svc.<domain>} A: the ClusterIP; for a headless Service, each endpoint's IP;</li>
 * <li>for a headless Service, one A record per endpoint: {@code <hostname>.svc.ns.svc.<domain>} when the Pod
 * sets {@code hostname} and its {@code subdomain} is the Service's name, else the IP with dashes
 * ({@code 10-244-1-5.svc.ns.svc.<domain>});</li>
 * <li>SRV for named ports, {@code _port._proto.svc.ns.svc.<domain>}, value "priority weight port target":
 * the Service port and name for a ClusterIP, each endpoint's port and name for a headless Service;</li>
 * <li>CNAME {@code svc.ns.svc.<domain>} to the external name of an ExternalName Service;</li>
 * <li>{@code a-b-c-d.ns.pod.<domain>} A for every Pod with its own IP.</li>
 * </ul>
 */
public final class ClusterDns {
    private ClusterDns() {
    }

    public static List<DnsRecord> records(String domain, List<ServiceObject> services,
                                          Map<String, EndpointSliceObject> endpoints, Map<String, PodObject> pods) {
        Set<DnsRecord> out = new LinkedHashSet<>();
        String d = domain == null || domain.isBlank() ? "cluster.local" : domain.toLowerCase(Locale.ROOT);
        for (ServiceObject s : services) {
            String name = (s.name() + "." + s.namespace() + ".svc." + d).toLowerCase(Locale.ROOT);
            if (ServiceObject.EXTERNAL_NAME.equals(s.type())) {
                if (s.externalName() != null) {
                    out.add(new DnsRecord(name, "CNAME", s.externalName().toLowerCase(Locale.ROOT)));
                }
                continue;
            }
            EndpointSliceObject slice = endpoints.get(s.key());
            // CoreDNS answers with ready endpoints only (publishNotReadyAddresses makes them all ready).
            List<ClusterState.Endpoint> eps = slice == null ? List.of()
                    : slice.endpoints().stream().filter(ClusterState.Endpoint::ready).toList();
            if (!s.headless()) {
                out.add(new DnsRecord(name, "A", s.clusterIp()));
                for (ClusterState.ServicePort p : s.ports()) {
                    if (p.name() != null) {
                        out.add(new DnsRecord(srvName(p, name), "SRV", "0 100 " + p.port() + " " + name));
                    }
                }
                continue;
            }
            int weight = eps.isEmpty() ? 100 : Math.max(1, 100 / eps.size());
            for (ClusterState.Endpoint e : eps) {
                out.add(new DnsRecord(name, "A", e.ip()));
                PodObject pod = e.podName() == null ? null : pods.get(e.podNamespace() + "/" + e.podName());
                String host = pod != null && pod.hostname() != null && !pod.hostname().isBlank()
                        && s.name().equals(pod.subdomain()) ? pod.hostname() : e.ip().replace('.', '-');
                String hostName = (host + "." + name).toLowerCase(Locale.ROOT);
                out.add(new DnsRecord(hostName, "A", e.ip()));
                for (ClusterState.ServicePort p : s.ports()) {
                    Integer target = e.targetPorts().get(EndpointsController.portKey(p));
                    if (p.name() != null && target != null) {
                        out.add(new DnsRecord(srvName(p, name), "SRV", "0 " + weight + " " + target + " " + hostName));
                    }
                }
            }
        }
        for (PodObject p : pods.values()) {
            if (p.ip() != null && !p.hostNetwork()) {
                out.add(new DnsRecord((p.ip().replace('.', '-') + "." + p.namespace() + ".pod." + d)
                        .toLowerCase(Locale.ROOT), "A", p.ip()));
            }
        }
        List<DnsRecord> sorted = new ArrayList<>(out);
        sorted.sort(Comparator.comparing(DnsRecord::name).thenComparing(DnsRecord::type).thenComparing(DnsRecord::value));
        return sorted;
    }

    private static String srvName(ClusterState.ServicePort p, String serviceName) {
        return ("_" + p.name() + "._" + p.protocol() + "." + serviceName).toLowerCase(Locale.ROOT);
    }
}
