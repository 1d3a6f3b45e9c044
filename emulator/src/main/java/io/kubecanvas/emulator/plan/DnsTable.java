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

    /**
     * What the server answers for a name, as CoreDNS does: the CNAME chain first (an ExternalName Service is
     * an alias), then the A records at its end, when the cluster knows them. Both empty: NXDOMAIN. A chain
     * ending outside the cluster has no addresses here (the emulated cluster has no upstream resolver).
     */
    public Answer resolve(String fqdn) {
        List<String> chain = new ArrayList<>();
        String name = normal(fqdn);
        for (int depth = 0; depth < 8; depth++) {
            String target = null;
            for (Record r : records) {
                if ("CNAME".equals(r.type()) && normal(r.name()).equals(name)) {
                    target = normal(r.value());
                    break;
                }
            }
            if (target == null || chain.contains(target)) {
                break;
            }
            chain.add(target);
            name = target;
        }
        return new Answer(chain, lookupA(name));
    }

    /** A DNS answer: the aliases followed ({@code cnames}, in order) and the addresses of the last name. */
    public record Answer(List<String> cnames, List<String> addresses) {
        public Answer {
            cnames = List.copyOf(cnames);
            addresses = List.copyOf(addresses);
        }

        /** True when the name does not exist at all. */
        public boolean nxdomain() {
            return cnames.isEmpty() && addresses.isEmpty();
        }
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

    /** The records as a dnsmasq configuration: {@link #hostRecords()}, {@link #cnames()}, then {@link #srvHosts()}. */
    public String dnsmasqConfig() {
        return "no-resolv\nno-hosts\n" + hostRecords() + cnames() + srvHosts();
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

    /**
     * {@code cname=ALIAS,TARGET} lines, one per CNAME record (ExternalName Services): dnsmasq answers the alias,
     * and follows it when it knows the target (2.90 verified).
     */
    public String cnames() {
        StringBuilder b = new StringBuilder();
        for (Record r : records) {
            if ("CNAME".equals(r.type())) {
                b.append("cname=").append(normal(r.name())).append(',').append(normal(r.value())).append('\n');
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
