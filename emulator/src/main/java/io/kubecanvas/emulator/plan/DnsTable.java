package io.kubecanvas.emulator.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The cluster DNS server: the records it answers, the Service address Pods send queries to (their
 * resolv.conf nameserver) and where the server runs. When the cluster state has no kube-dns endpoints,
 * the plan hosts the server on the control-plane node's own address (a host-network DNS server, port 53),
 * and kube-dns's ClusterIP is DNAT'ed there like any Service.
 *
 * @param serviceIp  the nameserver Pods use (kube-dns ClusterIP)
 * @param servers    the server addresses behind it
 * @param hostedNode the node whose host network runs the server, or null when Pods serve it
 */
public record DnsTable(String serviceIp, String clusterDomain, List<String> servers, String hostedNode,
                       List<Record> records) {

    /** A record the cluster DNS serves: type A (or SRV with {@code value} "priority weight port target"). */
    public record Record(String name, String type, String value) {
    }

    public DnsTable {
        servers = List.copyOf(servers);
        records = List.copyOf(records);
    }

    /** resolv.conf search domains of a Pod in {@code namespace}. */
    public List<String> searchPath(String namespace) {
        return List.of(namespace + ".svc." + clusterDomain, "svc." + clusterDomain, clusterDomain);
    }

    /** The A records for a fully qualified name (without the trailing dot), empty when unknown (NXDOMAIN). */
    public List<String> lookupA(String fqdn) {
        String name = normal(fqdn);
        List<String> out = new ArrayList<>();
        for (Record r : records) {
            if ("A".equals(r.type()) && normal(r.name()).equals(name)) {
                out.add(r.value());
            }
        }
        return out;
    }

    /** The names to try for a query, as glibc does with ndots:5 and the search path. */
    public List<String> candidates(String name, String namespace) {
        String n = normal(name);
        List<String> out = new ArrayList<>();
        long dots = n.chars().filter(c -> c == '.').count();
        if (name.endsWith(".")) {
            return List.of(n);
        }
        if (dots >= 5) {
            out.add(n);
        }
        for (String s : searchPath(namespace)) {
            out.add(n + "." + s);
        }
        if (dots < 5) {
            out.add(n);
        }
        return out;
    }

    private static String normal(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    /** The records as a dnsmasq configuration: {@link #hostRecords()} then {@link #srvHosts()}. */
    public String dnsmasqConfig() {
        return "no-resolv\nno-hosts\n" + hostRecords() + srvHosts();
    }

    /** {@code host-record=NAME,IP} lines, one per A record. */
    public String hostRecords() {
        StringBuilder b = new StringBuilder();
        for (Record r : records) {
            if ("A".equals(r.type())) {
                b.append("host-record=").append(normal(r.name())).append(',').append(r.value()).append('\n');
            }
        }
        return b.toString();
    }

    /** {@code srv-host=NAME,TARGET,PORT,PRIORITY,WEIGHT} lines, one per SRV record. */
    public String srvHosts() {
        StringBuilder b = new StringBuilder();
        for (Record r : records) {
            if ("SRV".equals(r.type())) {
                String[] v = r.value().trim().split("\\s+");
                if (v.length == 4) {
                    b.append("srv-host=").append(normal(r.name())).append(',').append(normal(v[3])).append(',')
                            .append(v[2]).append(',').append(v[0]).append(',').append(v[1]).append('\n');
                }
            }
        }
        return b.toString();
    }
}
