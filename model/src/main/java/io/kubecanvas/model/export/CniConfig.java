package io.kubecanvas.model.export;

import io.kubecanvas.model.net.Cidr;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubecanvas.model.Cluster;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The design's CNI network config in the format of the reference {@code cni-bridge.conf}: the bridge
 * plugin on {@code cni0} (gateway, IP masquerade) with host-local IPAM.
 *
 * <p>Design notes. A real node's config names its own Pod subnet (the flannel daemon writes it from the
 * node's podCIDR), so the export writes one config per node ({@code nodes/<node>/10-<name>.conf}, subnet
 * from {@link NodeSubnets}) plus {@code 10-<name>.conf} for the whole cluster CIDR, which is the form of
 * the reference file and what a single-node lab uses. The same keys in the same order in every file, so
 * "keep CNI config consistent across nodes" can be checked with a diff.
 */
public final class CniConfig {
    public static final String CNI_VERSION = "0.3.1";
    public static final String BRIDGE = "cni0";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CniConfig() {
    }

    /** True for the names CNI reads from /etc/cni/net.d: {@code .conf} and {@code .conflist}. */
    public static boolean isConfigFile(java.nio.file.Path file) {
        String n = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".conf") || n.endsWith(".conflist");
    }

    /** File name of a config in /etc/cni/net.d (lowest number wins there). */
    public static String fileName(Cluster cluster) {
        return "10-" + ObjectFileNames.safe(cluster.name(), "kubecanvas") + ".conf";
    }

    /** The config as a tree, keys in the reference file's order. */
    public static Map<String, Object> config(String networkName, String subnet) {
        Map<String, Object> ipam = new LinkedHashMap<>();
        ipam.put("type", "host-local");
        ipam.put("subnet", subnet);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("cniVersion", CNI_VERSION);
        c.put("name", networkName);
        c.put("type", "bridge");
        c.put("bridge", BRIDGE);
        c.put("isGateway", true);
        c.put("ipMasq", true);
        c.put("ipam", ipam);
        return c;
    }

    /** The cluster-wide config, then one per node; paths relative to the export folder. */
    public static Map<String, String> files(Cluster cluster) {
        Map<String, String> out = new LinkedHashMap<>();
        String name = cluster.name();
        String file = fileName(cluster);
        Cidr all = Cidr.parse(cluster.network().clusterCidr()).canonical();
        out.put(file, json(config(name, all.toString())));
        StringBuilder readme = new StringBuilder("# CNI network config of cluster ").append(name).append("\n\n")
                .append("The bridge plugin on ").append(BRIDGE).append(" with host-local IPAM, in the format of a plain")
                .append(" `.conf` file (cniVersion ").append(CNI_VERSION).append(").\n\n")
                .append("| file | subnet | where it goes |\n|---|---|---|\n")
                .append("| `").append(file).append("` | ").append(all).append(" | /etc/cni/net.d/ of a single-node lab |\n");
        NodeSubnets.of(cluster).forEach((node, subnet) -> {
            String path = "nodes/" + ObjectFileNames.safe(node, "node") + "/" + file;
            out.put(path, json(config(name, subnet.toString())));
            readme.append("| `").append(path).append("` | ").append(subnet).append(" | /etc/cni/net.d/ on node ")
                    .append(node).append(" |\n");
        });
        readme.append("\nNode i (in the Cluster document's order) gets the i-th /").append(cluster.network().nodeCidrMaskSize())
                .append(" of the cluster CIDR, the order in which the node IPAM controller hands out podCIDRs.\n");
        out.put("README.md", readme.toString());
        return out;
    }

    /**
     * Reads a CNI config ({@code .conf}, or a {@code .conflist} with a bridge plugin) into network
     * settings: its IPAM subnet (or first range) becomes the cluster CIDR; other settings are kept.
     *
     * @throws IllegalArgumentException with a message saying what is missing
     */
    public static Cluster.NetworkSettings importInto(Cluster.NetworkSettings current, String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the CNI config is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + "); fix the JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("a CNI config is a JSON object; this is not one");
        }
        JsonNode plugin = root;
        if (root.has("plugins")) {
            plugin = null;
            for (JsonNode p : root.get("plugins")) {
                if (p.path("ipam").has("subnet") || p.path("ipam").has("ranges")) {
                    plugin = p;
                    break;
                }
            }
            if (plugin == null) {
                throw new IllegalArgumentException("no plugin of this conflist has an IPAM subnet; add ipam.subnet to the bridge plugin");
            }
        }
        JsonNode ipam = plugin.path("ipam");
        String subnet = ipam.path("subnet").asText("");
        if (subnet.isEmpty()) {
            subnet = ipam.path("ranges").path(0).path(0).path("subnet").asText("");
        }
        if (subnet.isEmpty()) {
            throw new IllegalArgumentException("the CNI config has no ipam.subnet (or ipam.ranges); add the Pod network, e.g. \"subnet\": \"10.244.0.0/16\"");
        }
        Cidr cidr = Cidr.parse(subnet).canonical();
        int mask = Math.max(current.nodeCidrMaskSize(), cidr.prefix());
        return new Cluster.NetworkSettings(current.cni(), cidr.toString(), mask, current.serviceCidr(),
                current.clusterDomain(), current.loadBalancerPool(), current.underlayCidr());
    }

    /** Two-space JSON as in the reference file ({@code "key": value}, arrays one item a line), ending with a newline. */
    static String json(Object value) {
        DefaultPrettyPrinter pretty = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
                .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
        try {
            return JSON.writer(pretty).writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
